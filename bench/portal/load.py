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
from collections import Counter
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
    try:
        call_command("load_demo", verbosity=0)
    except Exception as exc:  # noqa: BLE001 - another app's demo extension failing must not stop the bench
        # The bench needs the county, its deputies and units, and the liaison part (stations, their
        # profiles and the congress's liaison settings); it generates its own suggestions.
        from renda.demo import load_demo
        from renda.demo.liaison import load_liaison_demo

        print(
            f"load_demo failed in an extension ({type(exc).__name__}: {exc}); loading county + liaison only"
        )
        load_demo()
        load_liaison_demo()
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
    def __init__(self, base: str, address: str = ""):
        self.base = base
        self.headers = {"X-Forwarded-For": address} if address else {}
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            req = urllib.request.Request(self.base + path, headers=self.headers)
            with self.opener.open(req, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def post(self, path: str, data: dict) -> tuple[int, bytes]:
        csrf = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        req = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode({**data, "csrfmiddlewaretoken": csrf}).encode(),
            headers={"Referer": self.base + path, "X-CSRFToken": csrf, **self.headers},
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
    ap.add_argument("--submissions", type=int, default=60, help="opinion form POSTs (bounded)")
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
        # The server runs as it would behind the reverse proxy of a deployment (BEHIND_PROXY=1): only
        # then does ``renda.core.context.client_ip`` read X-Forwarded-For, which the submissions below
        # set to distinct addresses (one address per visitor), as real citizens have.
        # Persistent connections (CONN_MAX_AGE, 60 s for PostgreSQL by default) pile up under the
        # development server's thread-per-request model until PostgreSQL refuses new clients ("too
        # many clients already"); the bench runs the server without them unless told otherwise.
        server_env = dict(env, BEHIND_PROXY="1")
        server_env.setdefault("CONN_MAX_AGE", "0")
        log_path = Path(tempfile.mkdtemp(prefix="renda-bench-log-")) / "runserver.log"
        log = open(log_path, "w")  # noqa: SIM115 - closed in finally
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT, env=server_env, stdout=log, stderr=subprocess.STDOUT,
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
        statuses: dict[str, Counter] = {k: Counter() for k in pages}
        samples: dict[tuple[str, int], str] = {}
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
                    status, body = v.get(path)
                    elapsed = time.perf_counter() - start
                    with lock:
                        results[name].append(elapsed)
                        statuses[name][status] += 1
                        if status != 200:
                            errors[name] += 1
                            samples.setdefault((name, status), describe(body))

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
            for (page, status), text in samples.items():
                if page == name:
                    print(f"[{engine}]   HTTP {status} x{statuses[name][status]}: {text}")
        if opinion_path:
            submit_opinions(base, opinion_path, args.submissions, args.visitors, engine)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
            log.close()
            errors_in_log = [
                line.rstrip()
                for line in log_path.read_text(errors="replace").splitlines()
                if re.search(r"Error|Exception|Traceback", line) and "Broken pipe" not in line
            ]
            if errors_in_log:
                print(f"[{engine}] server log ({log_path}), {len(errors_in_log)} error lines, first ones:")
                for line in list(dict.fromkeys(errors_in_log))[:8]:
                    print(f"[{engine}]   {line[:200]}")
        from django.db import connections

        connections.close_all()
        drop()


def describe(body: bytes) -> str:
    """A short description of an error page: the exception of Django's debug page, else its title."""
    text = body.decode("utf-8", "replace")
    m = (
        re.search(r'<pre class="exception_value">(.*?)</pre>', text, re.S)
        or re.search(r'class="(?:invalid-feedback|alert alert-danger)[^"]*"[^>]*>\s*(?:<div>)?([^<]+)<', text)
        or re.search(r"<title>(.*?)</title>", text, re.S)
    )
    return re.sub(r"\s+", " ", m.group(1)).strip()[:160] if m else text[:160].replace("\n", " ")


REASONS = [  # the merged page also says 提交成功 in its title: test it first
    ("merged", "您已提交过相同的意见"),
    ("accepted", "提交成功,感谢您的意见"),
    ("rate limit", "提交过于频繁"),
    ("captcha", "验证码不正确"),
    ("number conflict", "编号分配冲突"),  # the engine ran out of retries for a case number: nothing stored
]


def submit_opinions(base: str, path: str, n: int, visitors: int, engine: str) -> None:
    """POST ``n`` opinions concurrently, each visitor from its own address (X-Forwarded-For), and prove
    that none is lost: every accepted tracking number is in the database afterwards, and accepted +
    refused (by reason) equals the number posted.

    The mix: most visitors post once; a few post the same text twice (the second is merged into the
    first: same tracking number, new code); one address posts more than the congress's limit (the
    extra ones are refused: rate limit); a few answer the captcha wrongly (refused: captcha).
    """
    from django.contrib.sessions.backends.db import SessionStore

    from renda.core.choices import OrganizationKind
    from renda.core.models import Organization
    from renda.liaison.models import ConstituentOpinion
    from renda.liaison.services import liaison_setting
    from renda.portal.selectors import default_congress

    congress = default_congress()
    setting = liaison_setting(congress.pk)
    topics = setting.topics or []
    assert topics, f"the congress {congress} has no opinion topics configured"
    station = (
        Organization.objects.filter(congress=congress, kind=OrganizationKind.LIAISON_STATION, is_active=True)
        .exclude(station_profile__is_public=False)
        .order_by("sort_order", "name")
        .first()
    )
    assert station is not None, f"the congress {congress} has no public liaison station"
    print(
        f"[{engine}] opinions: station {station.name}, {len(topics)} topics, limit {setting.submit_limit} "
        f"per {setting.submit_window_minutes} min per address, merge window {setting.duplicate_window_minutes} min"
    )
    # Jobs: (address, [(text number, captcha right?) ...]) — the posts of one job run in order.
    busy = setting.submit_limit + 3 if setting.submit_limit else 3
    dups = max(1, n // 12)
    wrong = max(1, n // 12)
    single = max(0, n - busy - 2 * dups - wrong)
    jobs: list[tuple[str, list[tuple[int, bool]]]] = []
    k = 0
    for i in range(single):
        jobs.append((f"10.1.{i // 250}.{i % 250 + 1}", [(k, True)]))
        k += 1
    for i in range(dups):
        jobs.append((f"10.2.0.{i + 1}", [(k, True), (k, True)]))
        k += 1
    for i in range(wrong):
        jobs.append((f"10.3.0.{i + 1}", [(k, False)]))
        k += 1
    jobs.append(("10.4.0.1", [(k + j, True) for j in range(busy)]))
    posted_total = sum(len(p) for _a, p in jobs)
    before = ConstituentOpinion.objects.count()
    outcome: Counter = Counter()
    accepted: list[str] = []
    other: list[str] = []
    lock = threading.Lock()
    queue = list(jobs)

    def work() -> None:
        while True:
            with lock:
                if not queue:
                    return
                address, posts = queue.pop()
            for number, right in posts:
                v = Visitor(base, address)
                v.get(path)
                data = SessionStore(session_key=v.session_key()).load().get("liaison_captcha") or {}
                answer = str(data.get("answer", "")) if right else "99999"
                status, body = v.post(
                    path,
                    {"title": f"压测意见{number}", "body": f"压测意见内容第{number}条:建议修缮村道。",
                     "captcha": answer, "submitter_name": "压测", "submitter_phone": "",
                     "station": station.pk, "topic": topics[number % len(topics)]},
                )  # fmt: skip
                text = body.decode("utf-8", "replace")
                reason = next((r for r, marker in REASONS if status == 200 and marker in text), "")
                m = re.search(r'id="tracking-number">([^<]+)<', text)
                with lock:
                    if reason in ("accepted", "merged") and m:
                        accepted.append(m.group(1).strip())
                        outcome[reason] += 1
                    elif reason:
                        outcome[reason] += 1
                    else:
                        outcome["other"] += 1
                        other.append(f"HTTP {status} {describe(body)}")

    threads = [threading.Thread(target=work) for _ in range(min(visitors, 10))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    numbers = set(accepted)
    stored = set(
        ConstituentOpinion.objects.filter(tracking_number__in=numbers).values_list(
            "tracking_number", flat=True
        )
    )
    new_rows = ConstituentOpinion.objects.count() - before
    refused = outcome["rate limit"] + outcome["captcha"] + outcome["number conflict"] + outcome["other"]
    print(
        f"[{engine}] opinions: {posted_total} posted = {outcome['accepted']} accepted + {outcome['merged']} merged "
        f"(same number) + {outcome['rate limit']} refused (rate limit) + {outcome['captcha']} refused (captcha) "
        f"+ {outcome['number conflict']} refused (number conflict, retry) + {outcome['other']} other"
    )
    print(
        f"[{engine}] opinions: {len(numbers)} distinct tracking numbers shown, {len(stored)} found in the "
        f"database, {new_rows} new rows"
    )
    for line in other[:5]:
        print(f"[{engine}]   other answer: {line}")
    assert outcome["accepted"] + outcome["merged"] + refused == posted_total, "an answer went uncounted"
    assert stored == numbers, f"a submission was lost: {sorted(numbers - stored)}"
    assert new_rows == len(numbers) == outcome["accepted"], "rows and accepted submissions differ"
    assert outcome["merged"] <= dups and outcome["captcha"] == wrong, "merge or captcha did not behave"
    assert outcome["rate limit"] >= 1, "the per-address limit refused nothing"


if __name__ == "__main__":
    main()
