#!/usr/bin/env python
"""Benchmark (not a test) of the compliance check at the scale of a city: 12 counties, each with 10
townships, five years of data (2022–2026). Measures the whole check (every rule R01–R42 and the other
registered checks) of one county — run and stored, and read back from its stored run — and the matrix of
the city's counties (``checks.matrix`` fresh and stored, and the matrix page opened by the city's staff),
each beside the bare SQL of its main rows in the same run.

    .venv/bin/python bench/compliance_check.py                       # SQLite file in bench/.data
    .venv/bin/python bench/compliance_check.py --database-url postgres://postgres@127.0.0.1:5432/bench_dash
    .venv/bin/python bench/compliance_check.py --repeat 15

The PostgreSQL database is dropped and created afresh. Each county: a term 2021–2026, a standing committee
of 25 members among 150 deputies with mandates, 6 committees with staff, 40 held meetings of the kinds the
rules count each year; each township: its own term, 30 deputies, 4 meetings a year.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

from bench import _timing  # noqa: E402  (puts src/ on the path)

COUNTIES = 12
TOWNSHIPS = 10
YEARS = range(2022, 2027)


def populate() -> tuple[object, list[object], list[object]]:
    from django.utils import timezone

    from renda.core.choices import OrganizationKind as K
    from renda.core.choices import Role
    from renda.core.models import Congress, Membership, Organization, Term, User
    from renda.deputies.models import Deputy, DeputyMandate
    from renda.meetings.choices import MeetingKind, MeetingState
    from renda.meetings.models import Meeting

    city = Congress.objects.create(name="基准市人大", region_name="基准市", level="city")
    office = Organization.objects.create(congress=city, name="基准市人大常委会办公室", kind=K.CONGRESS_OFFICE)
    city_staff = User.objects.create_user(username="bench_city", password=None, full_name="市工作人员")
    Membership.objects.create(user=city_staff, organization=office, role=Role.STAFF)
    kinds = [MeetingKind.LAW_LECTURE, MeetingKind.DEPUTY_BRIEFING, MeetingKind.THEMED_FORUM]
    tz = timezone.get_current_timezone()

    def people(c: Congress, term: Term, n: int, sc_members: int) -> None:
        deputies = Deputy.objects.bulk_create([Deputy(full_name=f"{c.region_name}代表{i}") for i in range(n)])
        DeputyMandate.objects.bulk_create([
            DeputyMandate(deputy=d, congress=c, term=term, started_on=dt.date(2021, 12, 1),
                          is_standing_committee_member=i < sc_members, is_full_time=i < 16, has_legal_practice=i < 4)
            for i, d in enumerate(deputies)
        ])  # fmt: skip

    def meetings(c: Congress, term: Term, per_year: int) -> None:
        rows = []
        for year in YEARS:
            for i in range(per_year):
                start = dt.datetime(year, 1 + i % 11, 1 + i % 27, 9, tzinfo=tz)
                rows.append(Meeting(congress=c, term=term, kind=kinds[i % 3], number=len(rows) + 1,
                                    title=f"{year}年第{i + 1}次活动", starts_at=start,
                                    ends_at=start + dt.timedelta(hours=2), place="会议室", state=MeetingState.CLOSED))  # fmt: skip
        Meeting.objects.bulk_create(rows)

    counties, townships = [], []
    for n in range(COUNTIES):
        c = Congress.objects.create(
            name=f"基准{n}县人大", region_name=f"基准{n}县", level="county", parent=city
        )
        term = Term.objects.create(congress=c, number=18, start_year=2021, end_year=2026, is_current=True)
        sc = Organization.objects.create(congress=c, name=f"基准{n}县人大常委会", kind=K.STANDING_COMMITTEE)
        for i in range(6):
            org = Organization.objects.create(congress=c, name=f"基准{n}县人大常委会第{i}委员会", kind=K.COMMITTEE,
                                              parent=sc)  # fmt: skip
            for j in range(1 + i % 3):
                user = User.objects.create_user(
                    username=f"b{n}_{i}_{j}", password=None, full_name=f"工作人员{j}"
                )
                Membership.objects.create(user=user, organization=org, role=Role.STAFF)
        people(c, term, 150, 25)
        meetings(c, term, 40)
        counties.append(c)
        for t in range(TOWNSHIPS):
            town = Congress.objects.create(name=f"基准{n}县{t}镇人大", region_name=f"基准{n}县{t}镇",
                                           level="township", parent=c)  # fmt: skip
            t_term = Term.objects.create(
                congress=town, number=18, start_year=2021, end_year=2026, is_current=True
            )
            people(town, t_term, 30, 0)
            meetings(town, t_term, 4)
            townships.append(town)
    return city, counties, townships


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=11)
    parser.add_argument("--database-url", default=None, help="default: a SQLite file in bench/.data")
    args = parser.parse_args(argv)
    _timing.setup("bench-compliance", args.database_url)
    import time_machine

    traveller = time_machine.travel(dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC), tick=True)
    traveller.start()
    from renda.compliance import checks
    from renda.compliance.models import CheckResultRecord as CheckRecord
    from renda.compliance.models import CheckRun
    from renda.core.models import User
    from renda.deputies.models import DeputyMandate
    from renda.meetings.models import Meeting

    city, counties, townships = populate()
    county = counties[0]
    report = checks.parse_period(county, "year", "2026")
    meeting_t, mandate_t = Meeting._meta.db_table, DeputyMandate._meta.db_table
    run_t, record_t = CheckRun._meta.db_table, CheckRecord._meta.db_table
    start, end = dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2027, 1, 1, tzinfo=dt.UTC)

    def bare_county(c: object = county) -> None:  # the rows the rules read: the year's meetings, the mandates
        _timing.sql(f"SELECT id, kind, state, starts_at FROM {meeting_t} WHERE congress_id = %s "
                    "AND starts_at >= %s AND starts_at < %s", [c.pk, start, end])  # fmt: skip
        _timing.sql(f"SELECT id, deputy_id, is_standing_committee_member, is_full_time FROM {mandate_t} "
                    "WHERE congress_id = %s AND ended_on IS NULL", [c.pk])  # fmt: skip

    def bare_stored() -> None:
        _timing.sql(f"SELECT r.rule_id, r.status FROM {record_t} r WHERE r.run_id = (SELECT id FROM {run_t} "
                    "WHERE congress_id = %s ORDER BY id DESC LIMIT 1)", [county.pk])  # fmt: skip

    ids = [c.pk for c in counties]

    def bare_matrix() -> None:
        _timing.sql(f"SELECT run.congress_id, r.rule_id, r.status FROM {record_t} r JOIN {run_t} run "
                    f"ON run.id = r.run_id WHERE run.id IN (SELECT MAX(id) FROM {run_t} WHERE congress_id IN "
                    f"({','.join(['%s'] * len(ids))}) GROUP BY congress_id)", ids)  # fmt: skip

    print(f"compliance check, {_timing.vendor()}, a city of {COUNTIES} counties × {TOWNSHIPS} townships, "
          f"{len(YEARS)} years, repeat {args.repeat}", flush=True)  # fmt: skip
    _timing.timed("check of one county (run and store)", lambda: checks.run_check(county, report, trigger="manual"),
                  repeat=args.repeat, bare=bare_county)  # fmt: skip
    _timing.timed("check of one county (read stored run)",
                  lambda: checks.lines_of(checks.current_run(county, report)), repeat=args.repeat, bare=bare_stored)  # fmt: skip
    _timing.timed("matrix 12 counties (fresh runs)", lambda: checks.matrix(counties, "year", "2026"),
                  repeat=max(3, args.repeat // 3), bare=lambda: [bare_county(c) for c in counties],
                  before=lambda: CheckRun.objects.filter(congress__in=counties).delete())  # fmt: skip
    _timing.timed("matrix 12 counties (stored runs)", lambda: checks.matrix(counties, "year", "2026"),
                  repeat=args.repeat, bare=bare_matrix)  # fmt: skip
    client = _timing.leader_client(User.objects.get(username="bench_city"))

    def page() -> None:
        response = client.get("/compliance/matrix/", {"congress": city.pk, "period": "year", "value": "2026"},
                              secure=True)  # fmt: skip
        assert response.status_code == 200, response.status_code

    _timing.timed("matrix page of the city (stored runs)", page, repeat=args.repeat, bare=bare_matrix)
    traveller.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
