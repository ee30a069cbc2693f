#!/usr/bin/env python
"""Benchmark (not a test) of the compliance check: the whole check (every rule R01–R42 and the other
registered checks) of one county, and the matrix of a city with 12 counties — computed afresh (every
congress's check run and stored) and read back from the stored runs (what the page shows after the
nightly job).

    .venv/bin/python bench/compliance_check.py              # SQLite file in bench/.data, a few minutes
    .venv/bin/python bench/compliance_check.py --repeat 5

Each county: a term, a standing committee of 25 members (deputies with mandates), 6 committees with
staff, 40 held meetings of the kinds the rules count, 150 deputies. Prints medians, 95th percentiles
and query counts (the numbers recorded in docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
COUNTIES = 12


def _ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def populate() -> tuple[object, list[object]]:
    from django.utils import timezone

    from renda.core.choices import OrganizationKind as K
    from renda.core.choices import Role
    from renda.core.models import Congress, Membership, Organization, Term, User
    from renda.deputies.models import Deputy, DeputyMandate
    from renda.meetings.choices import MeetingKind, MeetingState
    from renda.meetings.models import Meeting

    city = Congress.objects.create(name="基准市人大", region_name="基准市", level="city")
    office = Organization.objects.create(congress=city, name="基准市人大常委会办公室", kind=K.CONGRESS_OFFICE)
    u = User.objects.create_user(username="bench_city", password="x", full_name="市工作人员")
    Membership.objects.create(user=u, organization=office, role=Role.STAFF)
    counties = []
    kinds = [MeetingKind.LAW_LECTURE, MeetingKind.DEPUTY_BRIEFING, MeetingKind.THEMED_FORUM]
    tz = timezone.get_current_timezone()
    for n in range(COUNTIES):
        c = Congress.objects.create(
            name=f"基准{n}县人大", region_name=f"基准{n}县", level="county", parent=city
        )
        term = Term.objects.create(congress=c, number=18, start_year=2021, end_year=2026, is_current=True)
        sc = Organization.objects.create(congress=c, name=f"基准{n}县人大常委会", kind=K.STANDING_COMMITTEE)
        committees = [
            Organization.objects.create(
                congress=c, name=f"基准{n}县人大常委会第{i}委员会", kind=K.COMMITTEE, parent=sc
            )
            for i in range(6)
        ]
        for i, org in enumerate(committees):
            for j in range(1 + i % 3):
                user = User.objects.create_user(
                    username=f"b{n}_{i}_{j}", password="x", full_name=f"工作人员{j}"
                )
                Membership.objects.create(user=user, organization=org, role=Role.STAFF)
        deputies = Deputy.objects.bulk_create([Deputy(full_name=f"代表{n}-{i}") for i in range(150)])
        DeputyMandate.objects.bulk_create([
            DeputyMandate(deputy=d, congress=c, term=term, started_on=dt.date(2021, 12, 1),
                          is_standing_committee_member=i < 25, is_full_time=i < 16, has_legal_practice=i < 4)
            for i, d in enumerate(deputies)
        ])  # fmt: skip
        meetings = []
        for i in range(40):
            start = dt.datetime(2026, 1 + i % 11, 1 + i % 27, 9, tzinfo=tz)
            meetings.append(Meeting(congress=c, term=term, kind=kinds[i % 3], number=i + 1, title=f"第{i + 1}次活动",
                                    starts_at=start, ends_at=start + dt.timedelta(hours=2), place="会议室",
                                    state=MeetingState.CLOSED))  # fmt: skip
        Meeting.objects.bulk_create(meetings)
        counties.append(c)
    return city, counties


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    data = ROOT / "bench" / ".data"
    data.mkdir(exist_ok=True)
    db = data / "bench-compliance.sqlite3"
    db.unlink(missing_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ.setdefault("RENDA_FIELD_KEY", "bench-only-field-key-" + "y" * 40)
    os.environ.setdefault("RENDA_AUDIT_KEY", "bench-only-audit-key-" + "z" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("MEDIA_ROOT", str(data / "media"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    import time_machine

    traveller = time_machine.travel(dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC), tick=True)
    traveller.start()
    from renda.compliance import checks
    from renda.compliance.models import CheckRun

    city, counties = populate()
    congresses = [city, *counties]
    county = counties[0]
    report = checks.parse_period(county, "year", "2026")

    def timed(label: str, func, before=None) -> None:
        times, queries = [], 0
        for _ in range(args.repeat):
            if before:
                before()
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                func()
                times.append((time.perf_counter() - t0) * 1000)
            queries = len(ctx.captured_queries)
        med, p95 = _ms(times)
        print(f"  {label:<46} median {med:8.1f} ms  p95 {p95:8.1f} ms  queries {queries}")

    print(f"compliance check, SQLite, {COUNTIES} counties, repeat {args.repeat}")
    timed(
        "whole check of one county (run and store)",
        lambda: checks.run_check(county, report, trigger="manual"),
    )
    timed(
        "whole check of one county (read latest run)",
        lambda: checks.lines_of(checks.current_run(county, report)),
    )
    timed("matrix city + 12 counties (fresh runs)", lambda: checks.matrix(congresses, "year", "2026"),
          before=lambda: CheckRun.objects.all().delete())  # fmt: skip
    timed("matrix city + 12 counties (stored runs)", lambda: checks.matrix(congresses, "year", "2026"))
    traveller.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
