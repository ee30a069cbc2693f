"""The Prometheus endpoint: protected by a token or an address list, counting requests and latency,
and reading the queue, overdue cases and failed sign-ins from the database."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from renda.cases.choices import AssignmentRole, AssignmentState
from renda.cases.models import Assignment, Case
from renda.core import clock

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "metrics-" + "9f2c" * 10
pytestmark = pytest.mark.django_db


def scrape(client, **headers) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **headers)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain; version=")
    values = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            values[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return values


@pytest.fixture
def token(settings):
    settings.RENDA_METRICS_TOKEN = TOKEN
    settings.RENDA_METRICS_ALLOWED_IPS = []


class TestProtection:
    def test_without_a_token_or_address_list_the_endpoint_does_not_exist(self, client, settings):
        settings.RENDA_METRICS_TOKEN = ""
        settings.RENDA_METRICS_ALLOWED_IPS = []
        assert client.get("/metrics").status_code == 404
        assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404

    def test_the_token_opens_it_and_nothing_else_does(self, client, token):
        assert client.get("/metrics").status_code == 403
        assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
        assert client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 403
        assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}x").status_code == 403
        assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
        assert client.post("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405

    def test_the_address_list_behind_the_proxy(self, client, settings):
        settings.RENDA_METRICS_TOKEN = ""
        settings.RENDA_METRICS_ALLOWED_IPS = ["10.8.0.0/24", "192.0.2.7"]
        settings.BEHIND_PROXY = True
        settings.TRUSTED_PROXY_COUNT = 1
        via = {"REMOTE_ADDR": "127.0.0.1"}  # nginx on the same host
        assert client.get("/metrics", HTTP_X_FORWARDED_FOR="10.8.0.15", **via).status_code == 200
        assert client.get("/metrics", HTTP_X_FORWARDED_FOR="192.0.2.7", **via).status_code == 200
        assert client.get("/metrics", HTTP_X_FORWARDED_FOR="10.9.0.1", **via).status_code == 403
        # a forged leftmost entry does not make the real client an allowed one
        forged = client.get("/metrics", HTTP_X_FORWARDED_FOR="10.8.0.15, 203.0.113.9", **via)
        assert forged.status_code == 403

    def test_a_signed_in_user_is_not_enough(self, client, token, twin_counties):
        client.force_login(twin_counties.county.users["leader"])
        assert client.get("/metrics").status_code == 403


class TestRequestMetrics:
    def test_requests_are_counted_by_route_and_timed(self, client, token):
        key = ("renda_http_requests_total", (("method", "GET"), ("route", "/healthz"), ("status", "200")))
        before = scrape(client).get(key, 0.0)
        for _ in range(3):
            assert client.get("/healthz").status_code == 200
        client.get("/no-such-page/")
        after = scrape(client)
        assert after[key] == before + 3
        count = ("renda_http_request_duration_seconds_count", (("method", "GET"), ("route", "/healthz")))
        assert after[count] >= 3
        inf = (
            "renda_http_request_duration_seconds_bucket",
            (("le", "+Inf"), ("method", "GET"), ("route", "/healthz")),
        )
        assert after[inf] == after[count]
        unmatched = (
            "renda_http_requests_total",
            (("method", "GET"), ("route", "unmatched"), ("status", "404")),
        )
        assert after[unmatched] >= 1

    def test_a_route_is_its_pattern_not_the_path(self, client, token, twin_counties):
        client.force_login(twin_counties.county.users["staff"])
        client.get("/cases/987654/")
        client.get("/cases/987655/")
        names = {labels for (name, labels) in scrape(client) if name == "renda_http_requests_total"}
        routes = {dict(labels)["route"] for labels in names}
        assert "/cases/<int:pk>/" in routes
        assert not any("987654" in r for r in routes)


class TestDatabaseFigures:
    @pytest.mark.clock("2026-11-20 09:00")
    def test_queue_depth_and_age(self, client, token):
        from django_tasks_db.models import DBTaskResult

        now = clock_now()
        values = scrape(client)  # nothing queued: zeros, not missing
        assert values[("renda_task_queue_depth", (("queue", "default"),))] == 0
        assert values[("renda_task_queue_oldest_age_seconds", (("queue", "default"),))] == 0
        rows = [
            ("READY", "default", now - dt.timedelta(minutes=10), now - dt.timedelta(minutes=10)),
            ("READY", "default", now - dt.timedelta(minutes=2), now - dt.timedelta(minutes=2)),
            ("READY", "scheduled", now - dt.timedelta(minutes=1), now + dt.timedelta(hours=3)),  # not due
            ("RUNNING", "default", now - dt.timedelta(hours=1), now - dt.timedelta(hours=1)),
            ("FAILED", "default", now - dt.timedelta(hours=2), now - dt.timedelta(hours=2)),
        ]
        for status, queue, enqueued, run_after in rows:
            row = DBTaskResult.objects.create(
                status=status,
                args_kwargs={"args": [], "kwargs": {}},
                task_path="renda.notifications.tasks.send_email",
                queue_name=queue,
                backend_name="default",
                run_after=run_after,
            )
            DBTaskResult.objects.filter(pk=row.pk).update(enqueued_at=enqueued)
        values = scrape(client)
        assert values[("renda_task_queue_depth", (("queue", "default"),))] == 2
        assert values[("renda_task_queue_depth", (("queue", "scheduled"),))] == 1
        assert values[("renda_task_queue_oldest_age_seconds", (("queue", "default"),))] == pytest.approx(
            600, abs=2
        )
        assert values[("renda_task_queue_oldest_age_seconds", (("queue", "scheduled"),))] == 0
        assert values[("renda_tasks_by_status", (("status", "running"),))] == 1
        assert values[("renda_tasks_by_status", (("status", "failed"),))] == 1

    @pytest.mark.clock("2026-11-20 09:00")
    def test_overdue_cases_by_kind(self, client, token, twin_counties):
        county = twin_counties.county
        day = clock.today()
        assert day == dt.date(2026, 11, 20)

        def case(number: str, kind: str, deadline: dt.date, *, state=AssignmentState.HANDLING, closed=False):
            c = Case.objects.create(
                congress=county.congress,
                kind=kind,
                year=2026,
                serial=int(number[-3:]),
                number=number,
                title=f"关于{number}的建议",
                state="handling",
                closed_at=clock_now() if closed else None,
            )
            for org in (county.education, county.transport):  # two late units: still one case
                Assignment.objects.create(
                    case=c,
                    organization=org,
                    role=AssignmentRole.LEAD if org == county.education else AssignmentRole.CO_HANDLER,
                    state=state,
                    deadline=deadline,
                    assigned_at=clock_now(),
                )
            return c

        case("JY2026-001", "suggestion", day - dt.timedelta(days=3))
        case("JY2026-002", "suggestion", day - dt.timedelta(days=1), state=AssignmentState.PENDING_SIGN)
        case("JY2026-003", "suggestion", day)  # due today: not yet overdue
        case("JY2026-004", "suggestion", day - dt.timedelta(days=9), closed=True)
        case("JY2026-005", "suggestion", day - dt.timedelta(days=9), state=AssignmentState.REPLIED)
        case("MY2026-006", "constituent_opinion", day - dt.timedelta(days=30))
        values = scrape(client)
        assert values[("renda_cases_overdue", (("kind", "suggestion"),))] == 2
        assert values[("renda_cases_overdue", (("kind", "constituent_opinion"),))] == 1

    @pytest.mark.clock("2026-11-20 09:00")
    def test_failed_sign_ins_counted_and_recent(self, client, token, twin_counties):
        from renda.security.models import LoginAttempt

        staff = twin_counties.county.users["staff"]
        before = scrape(client)
        total = ("renda_login_failures_total", ())
        for _ in range(2):
            client.post("/login/", {"username": staff.username, "password": "Wrong#Pass2026"})
        LoginAttempt.objects.create(username="old", ip_address="10.0.0.9")
        LoginAttempt.objects.filter(username="old").update(created_at=clock_now() - dt.timedelta(hours=2))
        after = scrape(client)
        assert after[total] == before.get(total, 0) + 2
        assert after[("renda_login_failures_recent", (("outcome", "failed"),))] == 2
        assert after[("renda_login_failures_recent", (("outcome", "blocked"),))] == 0


def clock_now():
    return clock.now()


def test_several_processes_share_their_counts(tmp_path):
    """With PROMETHEUS_MULTIPROC_DIR (what the systemd units set) a scrape of one process reports the
    requests of every process on the host."""
    code = """
import django, os, sys
django.setup()
from renda.ops.metrics import REQUESTS, exposition
for _ in range(int(sys.argv[1])):
    REQUESTS.labels("GET", "/healthz", "200").inc()
if sys.argv[2] == "scrape":
    from prometheus_client.multiprocess import MultiProcessCollector
    from prometheus_client import CollectorRegistry, generate_latest
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    print(generate_latest(registry).decode())
"""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "renda.settings",
        "PYTHONPATH": str(ROOT / "src"),
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
    }
    for n in ("3", "4"):
        done = subprocess.run(
            [sys.executable, "-c", code, n, "count"], env=env, cwd=ROOT, capture_output=True
        )
        assert done.returncode == 0, done.stderr
    out = subprocess.run(
        [sys.executable, "-c", code, "0", "scrape"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert 'renda_http_requests_total{method="GET",route="/healthz",status="200"} 7.0' in out.stdout


def test_bad_metrics_settings_are_start_up_errors(settings):
    from renda.ops.checks import metrics_settings

    settings.RENDA_METRICS_ALLOWED_IPS = ["10.0.0.0/24", "not-an-address"]
    settings.RENDA_METRICS_TOKEN = "short"
    assert [e.id for e in metrics_settings()] == ["renda.ops.E001", "renda.ops.E002"]
    settings.RENDA_METRICS_ALLOWED_IPS = ["10.0.0.0/24", "::1"]
    settings.RENDA_METRICS_TOKEN = TOKEN
    assert metrics_settings() == []
