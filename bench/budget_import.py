#!/usr/bin/env python
"""Benchmark (not a test) of budget data in and the drill-down, at a city's size.

    .venv/bin/python bench/budget_import.py                       # SQLite file in bench/.data
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_budget .venv/bin/python bench/budget_import.py
    .venv/bin/python bench/budget_import.py --departments 20 --projects 5 --years 2 --repeat 5   # quick

A city: ``--departments`` × ``--projects`` budget lines a year (default 100 × 20 = 2,000, some of them
key projects and transfer payments) with twelve months of execution, ``--years`` years (default 10:
240,000 execution rows). Each year is one import, checked (``imports.plan_rows``) and written
(``services.import_apply``) as the staff member's confirmation does; then the last year again
(replacement, with the differences listed). Then the pages total → department → project (months),
the warnings and the Excel export of the year, each timed through the Django test client (median,
95th percentile, query count) beside the bare SQL that reads the same rows, in the same run. The
target (issue 16): every drill-down page under 200 ms on PostgreSQL.
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


def _stats(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--departments", type=int, default=100)
    parser.add_argument("--projects", type=int, default=20)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    data = ROOT / "bench" / ".data"
    data.mkdir(exist_ok=True)
    if "DATABASE_URL" not in os.environ:
        db = data / "bench-budget.sqlite3"
        db.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
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
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    import time_machine

    traveller = time_machine.travel(dt.datetime(2026, 12, 20, 9, 30, tzinfo=dt.UTC), tick=True)
    traveller.start()
    from renda.budget import imports, services
    from renda.budget.models import BudgetLine, Execution
    from renda.core.choices import OrganizationKind as K
    from renda.core.choices import Role
    from renda.core.models import Congress, Membership, Organization, User
    from renda.documents.excel import Row, Table

    vendor = connection.vendor
    city = Congress.objects.create(name="基准市人大", region_name="基准市", level="city")
    office = Organization.objects.create(congress=city, name="基准市人大常委会办公室", kind=K.CONGRESS_OFFICE)
    staff = User.objects.create_user(username="bench_staff", password="x", full_name="工作人员")
    Membership.objects.create(user=staff, organization=office, role=Role.STAFF)
    depts = [Organization.objects.create(congress=city, name=f"基准市第{i}局", kind=K.GOVERNMENT_DEPARTMENT)
             for i in range(args.departments)]  # fmt: skip
    funcs = ["20502", "21004", "21301", "21401", "20810", "21203", "20402", "20106"]
    econs = ["30201", "30299", "31005", "30217", "30231", "30305", "399"]
    keys = [f.key for f in imports.FIELDS]
    last_year = 2026
    first_year = last_year - args.years + 1

    def table(year: int, scale: float) -> Table:
        rows, n = [], 2
        for d in depts:
            for p in range(args.projects):
                budget = 100 + (p * 37) % 400
                for m in range(1, 13):
                    spent = f"{budget * scale / 12 * (1.4 if m == 12 else 1):.2f}"
                    values = [d.name, "一般公共预算", funcs[p % len(funcs)], econs[p % len(econs)], f"项目{p}",
                              "是" if p == 0 else "否", str(budget), "", str(m), spent,
                              "是" if p == 1 else "否"]  # fmt: skip
                    rows.append(Row(number=n, values=dict(zip(keys, values, strict=True))))
                    n += 1
        return Table(rows=rows)

    print(f"# budget benchmark on {vendor}: {args.departments} departments × {args.projects} projects "
          f"× 12 months × {args.years} years\n")  # fmt: skip
    print("| import | rows | seconds | rows/s | check s | write s | queries per import |")
    print("|---|---|---|---|---|---|---|")
    total_rows, total_check, total_write, queries = 0, 0.0, 0.0, []
    for year in range(first_year, last_year + 1):
        t = table(year, 0.9 + 0.01 * (year - first_year))
        start = time.perf_counter()
        planned = imports.plan_rows(city, t, unit="wan")
        checked = time.perf_counter()
        with CaptureQueriesContext(connection) as q:
            services.import_apply(actor=staff, congress=city, year=year, planned=planned)
        done = time.perf_counter()
        total_rows += len(t.rows)
        total_check += checked - start
        total_write += done - checked
        queries.append(len(q))
    secs = total_check + total_write
    print(f"| {args.years} years, one import a year | {total_rows:,} | {secs:,.1f} | {total_rows / secs:,.0f} | "
          f"{total_check:,.1f} | {total_write:,.1f} | {statistics.median(queries):,.0f} |")  # fmt: skip
    t = table(last_year, 0.95)
    start = time.perf_counter()
    planned = imports.plan_rows(city, t, unit="wan")
    checked = time.perf_counter()
    with CaptureQueriesContext(connection) as q:
        batch = services.import_apply(actor=staff, congress=city, year=last_year, planned=planned,
                                      replace_confirmed=True)  # fmt: skip
    done = time.perf_counter()
    print(f"| {last_year} again (replacement, {len(batch.differences):,} differences) | {len(t.rows):,} | "
          f"{done - start:,.1f} | {len(t.rows) / (done - start):,.0f} | {checked - start:,.1f} | "
          f"{done - checked:,.1f} | {len(q)} |")  # fmt: skip
    print(
        f"\nheld: {BudgetLine.objects.count():,} budget lines, {Execution.objects.count():,} execution rows\n"
    )

    c = Client()
    c.force_login(staff)
    y = last_year
    dept = depts[len(depts) // 2]
    line = BudgetLine.objects.filter(congress=city, year=y, department=dept).order_by("pk").first()
    cid = city.pk

    def bare(sqls: list[tuple[str, list]]) -> int:
        n = 0
        with connection.cursor() as cur:
            for sql, params in sqls:
                cur.execute(sql, params)
                n += len(cur.fetchall())
        return n

    by_dept = ("SELECT department_id, SUM(budgeted), SUM(COALESCE(adjusted, budgeted)) FROM budget_budgetline "
               "WHERE congress_id = %s AND year = %s GROUP BY department_id")  # fmt: skip
    months_by_dept = ("SELECT l.department_id, e.month, SUM(e.amount) FROM budget_execution e JOIN budget_budgetline l "
                      "ON l.id = e.line_id WHERE l.congress_id = %s AND l.year = %s GROUP BY l.department_id, e.month")  # fmt: skip
    tree = ("SELECT function_code_id, SUM(COALESCE(adjusted, budgeted)) FROM budget_budgetline "
            "WHERE congress_id = %s AND year = %s GROUP BY function_code_id")  # fmt: skip
    lines_of = ("SELECT id, project, budgeted, adjusted FROM budget_budgetline WHERE congress_id = %s AND year = %s "
                "AND department_id = %s")  # fmt: skip
    months_of = ("SELECT e.line_id, e.month, SUM(e.amount) FROM budget_execution e JOIN budget_budgetline l "
                 "ON l.id = e.line_id WHERE l.congress_id = %s AND l.year = %s AND l.department_id = %s "
                 "GROUP BY e.line_id, e.month")  # fmt: skip
    over = ("SELECT l.id FROM budget_budgetline l JOIN budget_execution e ON e.line_id = l.id "
            "WHERE l.congress_id = %s AND l.year = %s GROUP BY l.id, l.adjusted, l.budgeted "
            "HAVING SUM(e.amount) > COALESCE(l.adjusted, l.budgeted)")  # fmt: skip
    overview_sql = [(by_dept, [cid, y]), (months_by_dept, [cid, y]), (by_dept, [cid, y - 1]),
                    (months_by_dept, [cid, y - 1]), (tree, [cid, y])]  # fmt: skip
    pages = [
        ("总览 /budget/", f"/budget/?year={y}", overview_sql),
        ("部门 /budget/departments/…", f"/budget/departments/{dept.pk}/?year={y}",
         [(lines_of, [cid, y, dept.pk]), (months_of, [cid, y, dept.pk])]),
        ("项目(月度) /budget/lines/…", f"/budget/lines/{line.pk}/",
         [("SELECT month, SUM(amount) FROM budget_execution WHERE line_id = %s GROUP BY month", [line.pk])]),
        ("预警 /budget/warnings/", f"/budget/warnings/?year={y}",
         [(by_dept, [cid, y]), (months_by_dept, [cid, y]), (over, [cid, y])]),
        ("导出Excel /budget/export.xlsx", f"/budget/export.xlsx?year={y}", overview_sql[:4]),
        ("API /api/v1/budget/years/…", f"/api/v1/budget/years/{y}", overview_sql[:2]),
    ]  # fmt: skip
    print("| page | median ms | p95 ms | queries | bare SQL median ms | bare SQL rows |")
    print("|---|---|---|---|---|---|")
    for label, url, sqls in pages:
        c.get(url, secure=True)  # warm
        times, nq = [], 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as q:
                start = time.perf_counter()
                r = c.get(url, secure=True)
                times.append((time.perf_counter() - start) * 1000)
            assert r.status_code == 200, (url, r.status_code)
            nq = len(q)
        raw, n_rows = [], 0
        for _ in range(args.repeat):
            start = time.perf_counter()
            n_rows = bare(sqls)
            raw.append((time.perf_counter() - start) * 1000)
        med, p95 = _stats(times)
        print(f"| {label} | {med:,.0f} | {p95:,.0f} | {nq} | {statistics.median(raw):,.1f} | {n_rows:,} |")
    traveller.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
