#!/usr/bin/env python
"""Benchmark (not a test) of the leaders' dashboard (驾驶舱) at the scale of a city: the demo county (real
data in every panel: suggestions, deputies and points, opinions, the plan, meetings, liaison intake,
livelihood, budget warnings, the compliance check's stored run, tasks) beside the 12 counties × 10
townships × five years of ``bench/compliance_check.py``'s city in the same tables. The demo leader opens the
page, the meeting-room screen and the overdue-tasks list; each is timed beside the bare SQL of its main rows
in the same run.

    .venv/bin/python bench/dashboard.py                       # SQLite file in bench/.data (load_demo: minutes)
    .venv/bin/python bench/dashboard.py --database-url postgres://postgres@127.0.0.1:5432/bench_dash
    .venv/bin/python bench/dashboard.py --repeat 21

Prints the median, the 95th percentile and the query count of each (the numbers in docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

from bench import _timing  # noqa: E402  (puts src/ on the path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url", default=None, help="default: a SQLite file in bench/.data")
    args = parser.parse_args(argv)
    _timing.setup("bench-dashboard", args.database_url)
    import time_machine
    from django.core.management import call_command

    traveller = time_machine.travel(dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC), tick=True)
    traveller.start()
    call_command("load_demo", verbosity=0)
    from bench.compliance_check import COUNTIES, TOWNSHIPS, YEARS, populate
    from renda.cases.models import Case
    from renda.compliance import checks
    from renda.core.models import User
    from renda.deputies.records import PointBalance
    from renda.liaison.models import ConstituentOpinion
    from renda.meetings.models import Meeting
    from renda.tasks.models import Task
    from renda.web import dashboard

    populate()
    leader = User.objects.get(username="leader")
    county = dashboard.congresses_for(leader)[0]
    checks.run_check(county, checks.parse_period(county, "year", "2026"), trigger="auto")
    client = _timing.leader_client(leader)
    case_t, meeting_t, point_t = Case._meta.db_table, Meeting._meta.db_table, PointBalance._meta.db_table
    opinion_t, task_t = ConstituentOpinion._meta.db_table, Task._meta.db_table
    start, end = dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2027, 1, 1, tzinfo=dt.UTC)

    def bare_panels() -> None:
        """The main rows of the panels, by hand: the year's cases by kind and state, the meetings, the
        point balances, the intake by township, the overdue tasks."""
        _timing.sql(f"SELECT kind, state, COUNT(*) FROM {case_t} WHERE congress_id = %s AND year = %s "
                    "GROUP BY kind, state", [county.pk, 2026])  # fmt: skip
        _timing.sql(f"SELECT id, starts_at FROM {meeting_t} WHERE congress_id = %s AND starts_at >= %s "
                    "AND starts_at < %s", [county.pk, start, end])  # fmt: skip
        _timing.sql(f"SELECT mandate_id, points, activities, absences FROM {point_t} WHERE year = %s "
                    "AND mandate_id IN (SELECT id FROM deputies_deputymandate WHERE congress_id = %s)",
                    [2026, county.pk])  # fmt: skip
        _timing.sql(f"SELECT o.township_id, COUNT(*) FROM {opinion_t} o JOIN {case_t} c ON c.id = o.case_id "
                    "WHERE c.congress_id = %s AND c.year = %s GROUP BY o.township_id", [county.pk, 2026])  # fmt: skip
        bare_overdue()

    def bare_overdue() -> None:
        _timing.sql(f"SELECT t.id, t.due_on, c.title FROM {task_t} t JOIN {case_t} c ON c.id = t.case_id "
                    "WHERE c.congress_id = %s AND c.closed_at IS NULL AND t.due_on < %s",
                    [county.pk, dt.date(2026, 11, 20)])  # fmt: skip

    def opened(url: str):
        def get() -> None:
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code)

        return get

    print(f"leaders' dashboard of {county.name}, {_timing.vendor()}, beside a city of {COUNTIES} counties × "
          f"{TOWNSHIPS} townships, {len(YEARS)} years; repeat {args.repeat}", flush=True)  # fmt: skip
    q = f"?congress={county.pk}&year=2026"
    _timing.timed("panels (builders only)", lambda: dashboard.panels_for(leader, county, 2026),
                  repeat=args.repeat, bare=bare_panels)  # fmt: skip
    _timing.timed("dashboard page", opened(f"/dashboard/{q}"), repeat=args.repeat, bare=bare_panels)
    _timing.timed(
        "meeting-room screen", opened(f"/dashboard/screen/{q}"), repeat=args.repeat, bare=bare_panels
    )
    _timing.timed("overdue tasks list", opened(f"/dashboard/list/tasks-overdue/{q}"), repeat=args.repeat,
                  bare=bare_overdue)  # fmt: skip
    traveller.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
