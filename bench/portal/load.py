"""Bounded load test of the public portal (run from the repository root):

    .venv/bin/python bench/portal/load.py [--suggestions 3000] [--visitors 20] [--requests 600]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/renda_bench_portal .venv/bin/python bench/portal/load.py

It builds a fresh database (a temporary SQLite file, or the PostgreSQL database named in DATABASE_URL,
created and dropped by the script), loads the demo county, generates published suggestions with a
lead unit, a plan and a reply (bulk rows, for speed: the pages only read them), starts
``manage.py runserver`` on 127.0.0.1 only, sends a bounded number of requests from concurrent
visitor threads (urllib) to the portal home, the published-suggestion list (page 1 and a later
page, with and without a filter) and — when the liaison app provides it — the opinion form (GET, and
POSTed submissions answering the session captcha), then stops the server and prints requests per
second and the 95th-percentile latency per page. Accepted submissions are counted in the database
afterwards: none may be lost.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
TIME_LIMIT = 240  # seconds for the whole request phase


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def setup_database(env: dict[str, str]) -> tuple[str, callable]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        name = urllib.parse.urlsplit(url).path.lstrip("/")
        assert re.fullmatch(r"[a-z0-9_]+", name) and name not in ("postgres", "renda"), (
            "use a throwaway database name"
        )
        pg_admin(url, f'DROP DATABASE IF EXISTS "{name}"')
        pg_admin(url, f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = url
        return "PostgreSQL", lambda: pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    tmp = tempfile.mkdtemp(prefix="renda-bench-")
    env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    return "SQLite", lambda: subprocess.run(["rm", "-rf", tmp], check=False)


def generate(n: int) -> dict:
    """Runs inside the bench process with Django set up on the bench database."""
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from renda.cases.models import Assignment, Case, HandlingPlan, Reply
    from renda.core.choices import Role
    from renda.core.models import Membership, User
    from renda.deputies.models import DeputyMandate
    from renda.suggestions.models import Suggestion

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    staff = User.objects.get(username="staff")
    congress = Membership.objects.filter(user=staff, role=Role.STAFF).first().organization.congress
    clerk = User.objects.get(username="unitclerk")
    unit = Membership.objects.filter(user=clerk, role=Role.UNIT_CLERK).first().organization
    mandates = list(DeputyMandate.objects.filter(congress=congress, ended_on__isnull=True)[:200])
    deputy_user = User.objects.get(username="deputy")
    now = timezone.now()
    cases = Case.objects.bulk_create(
        [
            Case(
                congress=congress,
                kind="suggestion",
                year=2025 + i % 2,
                serial=100000 + i,
                number=f"BENCH-{i:06d}",
                title=f"关于第{i}号民生事项的建议",
                body="建议改善道路、学校和卫生院的条件。" * 5,
                state="closed",
                is_public=True,
                published_at=now - dt.timedelta(minutes=i),
                closed_at=now,
                submitted_at=now,
            )
            for i in range(n)
        ],
        batch_size=1000,
    )
    Suggestion.objects.bulk_create(
        [
            Suggestion(
                case=c, type="suggestion", lead_mandate=mandates[i % len(mandates)], lead_user=deputy_user
            )
            for i, c in enumerate(cases)
        ],
        batch_size=1000,
    )
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                case=c,
                organization=unit,
                role="lead",
                state="replied",
                deadline=now.date(),
                assigned_at=now,
                replied_at=now,
            )
            for c in cases
        ],
        batch_size=1000,
    )
    HandlingPlan.objects.bulk_create(
        [
            HandlingPlan(assignment=a, text="办理方案", submitted_by=clerk, submitted_at=now)
            for a in assignments
        ],
        batch_size=1000,
    )
    Reply.objects.bulk_create(
        [
            Reply(
                case=a.case,
                assignment=a,
                classification="ABCD"[i % 4],
                text="已办理。",
                signing_leader="王局长",
                replied_by=clerk,
                replied_at=now,
            )
            for i, a in enumerate(assignments)
        ],
        batch_size=1000,
    )
    return {"congress": congress.pk}


class Visitor:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with self.opener.open(self.base + path, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def post(self, path: str, data: dict) -> tuple[int, bytes]:
        csrf = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        req = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode({**data, "csrfmiddlewaretoken": csrf}).encode(),
            headers={"Referer": self.base + path, "X-CSRFToken": csrf},
        )
        try:
            with self.opener.open(req, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def session_key(self) -> str:
        return next((c.value for c in self.jar if c.name == "sessionid"), "")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--suggestions", type=int, default=3000)
    ap.add_argument("--visitors", type=int, default=20)
    ap.add_argument("--requests", type=int, default=600, help="page views per page kind (bounded)")
    ap.add_argument("--submissions", type=int, default=40)
    args = ap.parse_args()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="renda.settings", PYTHONPATH=str(ROOT / "src"))
    engine, drop = setup_database(env)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
    server = None
    try:
        import django

        django.setup()
        t0 = time.monotonic()
        info = generate(args.suggestions)
        print(
            f"[{engine}] generated {args.suggestions} published suggestions in {time.monotonic() - t0:.1f}s"
        )
        from django.urls import NoReverseMatch, reverse

        from renda.portal.selectors import default_congress

        prefix = "/portal/" if default_congress().pk == info["congress"] else f"/portal/c/{info['congress']}/"
        try:
            opinion_path = reverse("liaison:opinion_submit")
        except NoReverseMatch:
            opinion_path = ""
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + prefix, timeout=2)
                break
            except Exception:  # noqa: BLE001
                time.sleep(0.2)
        pages = {
            "home": prefix,
            "suggestions p1": prefix + "suggestions/",
            "suggestions p50 + filter": prefix + "suggestions/?page=50&reply_class=A",
        }
        if opinion_path:
            pages["opinion form"] = opinion_path
        deadline = time.monotonic() + TIME_LIMIT
        results: dict[str, list[float]] = {k: [] for k in pages}
        errors: dict[str, int] = {k: 0 for k in pages}
        for name, path in pages.items():
            lock = threading.Lock()
            counter = {"left": args.requests}

            def work(
                name: str = name, path: str = path, lock: threading.Lock = lock, counter: dict = counter
            ) -> None:
                v = Visitor(base)
                while time.monotonic() < deadline:
                    with lock:
                        if counter["left"] <= 0:
                            return
                        counter["left"] -= 1
                    start = time.perf_counter()
                    status, _body = v.get(path)
                    elapsed = time.perf_counter() - start
                    with lock:
                        results[name].append(elapsed)
                        if status != 200:
                            errors[name] += 1

            wall = time.perf_counter()
            threads = [threading.Thread(target=work) for _ in range(args.visitors)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - wall
            lat = sorted(results[name])
            p95 = lat[int(0.95 * (len(lat) - 1))] if lat else float("nan")
            print(
                f"[{engine}] {name:28s} {len(lat):5d} req  {len(lat) / wall:7.1f} req/s  "
                f"p95 {p95 * 1000:7.1f} ms  median {statistics.median(lat) * 1000 if lat else 0:7.1f} ms  errors {errors[name]}"
            )
        if opinion_path:
            submit_opinions(base, opinion_path, args.submissions, args.visitors, engine)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        from django.db import connections

        connections.close_all()
        drop()


def submit_opinions(base: str, path: str, n: int, visitors: int, engine: str) -> None:
    """POST ``n`` opinions concurrently (answering each session's captcha), then count them in the database."""
    from django.contrib.sessions.backends.db import SessionStore

    from renda.core.choices import OrganizationKind
    from renda.core.models import Organization
    from renda.liaison.models import ConstituentOpinion
    from renda.portal.selectors import default_congress

    station = (
        Organization.objects.filter(
            congress=default_congress(), kind=OrganizationKind.LIAISON_STATION, is_active=True
        )
        .order_by("sort_order", "name")
        .first()
    )
    from renda.liaison.models import LiaisonSetting

    setting = LiaisonSetting.objects.filter(congress=default_congress()).first()
    topic = (getattr(setting, "topics", None) or [""])[0]
    before = ConstituentOpinion.objects.count()
    accepted: list[str] = []
    refused = {"n": 0}
    lock = threading.Lock()
    left = {"n": n}

    def work() -> None:
        while True:
            with lock:
                if left["n"] <= 0:
                    return
                left["n"] -= 1
                i = left["n"]
            v = Visitor(base)
            v.get(path)
            data = SessionStore(session_key=v.session_key()).load().get("liaison_captcha") or {}
            status, body = v.post(
                path,
                {"title": f"压测意见{i}", "body": f"压测意见内容第{i}条:建议修缮村道。", "captcha": data.get("answer", ""),
                 "submitter_name": "压测", "submitter_phone": "", "station": station.pk if station else "", "topic": topic},
            )  # fmt: skip
            m = re.search(rb'id="tracking-number">([^<]+)<', body)
            with lock:
                if status == 200 and m:
                    accepted.append(m.group(1).decode().strip())
                else:
                    refused["n"] += 1
                    if refused["n"] == 1:
                        reasons = re.findall(
                            rb"invalid-feedback[^>]*>([^<]+)<|alert-danger[^>]*>([^<]+)<", body
                        )
                        print(f"[{engine}] first refusal: HTTP {status} {reasons[:3]}")

    threads = [threading.Thread(target=work) for _ in range(min(visitors, 10))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = ConstituentOpinion.objects.filter(tracking_number__in=accepted).count()
    after = ConstituentOpinion.objects.count()
    print(
        f"[{engine}] opinions: {len(accepted)} accepted, {refused['n']} refused (validation/rate limit), "
        f"{stored} of the accepted found in the database, {after - before} new rows"
    )
    assert stored == len(accepted), "a submission was lost"


if __name__ == "__main__":
    main()
