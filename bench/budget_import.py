#!/usr/bin/env python
"""Benchmark (not a test) of budget data in and the drill-down.

    .venv/bin/python bench/budget_import.py                # SQLite file in bench/.data
    .venv/bin/python bench/budget_import.py --departments 60 --projects 10 --repeat 9

One county with N departments × M projects × 12 months of execution, checked (``imports.plan_rows``)
and written (``services.import_apply``) in one import; then the same year again (replacement with
differences); then the pages total → department → project → warnings, timed as the staff member
sees them. Prints rows/s, medians, 95th percentiles and query counts (docs/performance.md).
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


def _ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--departments", type=int, default=60)
    parser.add_argument("--projects", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    data = ROOT / "bench" / ".data"
    data.mkdir(exist_ok=True)
    db = data / "bench-budget.sqlite3"
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
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    import time_machine

    traveller = time_machine.travel(dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC), tick=True)
    traveller.start()
    from renda.budget import imports, services
    from renda.budget.models import BudgetLine
    from renda.core.choices import OrganizationKind as K
    from renda.core.choices import Role
    from renda.core.models import Congress, Membership, Organization, User
    from renda.documents.excel import Row, Table

    county = Congress.objects.create(name="基准县人大", region_name="基准县", level="county")
    office = Organization.objects.create(
        congress=county, name="基准县人大常委会办公室", kind=K.CONGRESS_OFFICE
    )
    staff = User.objects.create_user(username="bench_staff", password="x", full_name="工作人员")
    Membership.objects.create(user=staff, organization=office, role=Role.STAFF)
    depts = [Organization.objects.create(congress=county, name=f"基准县第{i}局", kind=K.GOVERNMENT_DEPARTMENT)
             for i in range(args.departments)]  # fmt: skip
    funcs = ["20502", "21004", "21301", "21401", "20810", "21203", "20402", "20106"]
    econs = ["30201", "30299", "31005", "30217", "30231", "30305"]
    keys = [f.key for f in imports.FIELDS]

    def table(scale: str) -> Table:
        rows, n = [], 2
        for d in depts:
            for p in range(args.projects):
                for m in range(1, 13):
                    values = [d.name, "一般公共预算", funcs[p % len(funcs)], econs[p % len(econs)], f"项目{p}",
                              "是" if p == 0 else "否", "120", "", str(m), scale]  # fmt: skip
                    rows.append(Row(number=n, values=dict(zip(keys, values, strict=True))))
                    n += 1
        return Table(rows=rows)

    results = []
    for label, scale, confirm in (("首次导入", "9.5", False), ("同年再次导入(替换,列出差异)", "9.6", True)):
        t = table(scale)
        start = time.perf_counter()
        planned = imports.plan_rows(county, t, unit="wan")
        checked = time.perf_counter()
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as q:
            services.import_apply(
                actor=staff, congress=county, year=2026, planned=planned, replace_confirmed=confirm
            )
        done = time.perf_counter()
        results.append(f"| {label} | {len(t.rows)} | {len(t.rows) / (done - start):,.0f} | "
                       f"{(checked - start) * 1000:,.0f} | {(done - checked) * 1000:,.0f} | {len(q)} |")  # fmt: skip
    print("| import | rows | rows/s | check ms | write ms | queries (write) |")
    print("|---|---|---|---|---|---|")
    print("\n".join(results))
    c = Client()
    c.force_login(staff)
    line = BudgetLine.objects.filter(congress=county).first()
    pages = [("总览", "/budget/?year=2026"), ("部门", f"/budget/departments/{depts[0].pk}/?year=2026"),
             ("项目(月度)", f"/budget/lines/{line.pk}/"), ("预警", "/budget/warnings/?year=2026")]  # fmt: skip
    print("\n| page | median ms | p95 ms | queries |\n|---|---|---|---|")
    for label, url in pages:
        times, queries = [], 0
        for _ in range(args.repeat):
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as q:
                start = time.perf_counter()
                r = c.get(url, secure=True)
                times.append((time.perf_counter() - start) * 1000)
            assert r.status_code == 200, (url, r.status_code)
            queries = len(q)
        med, p95 = _ms(times)
        print(f"| {label} | {med:,.0f} | {p95:,.0f} | {queries} |")
    traveller.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
