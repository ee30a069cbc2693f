"""Statistics, portal list and register export at province size (issue 18), each beside the bare SQL of
the same rows, the two alternating in the same run (so the ratio holds on a noisy machine).

    .venv/bin/python bench/suggestions/stats_bench.py --scale 0.2 --repeat 7
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_perfstats \\
        .venv/bin/python bench/suggestions/stats_bench.py --scale 0.2 --create-db --drop-db

The data are ``bench.suggestions.bench``'s generator (raw SQL, behind the services' back), so the summary
rows are rebuilt once (``summary.rebuild_all``, timed: the backfill of a bulk load) before measuring.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from bench import common  # noqa: E402


def alternate(
    name: str, func: Any, bare: Any, *, repeat: int, rows: Any = None, note: str = ""
) -> common.Measurement:
    """``func`` and ``bare`` one after the other, ``repeat`` times each after a warm-up of both."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    result = func()
    if bare is not None:
        bare()
    times, bare_times, sql_times, counts = [], [], [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            result = func()
            times.append((time.perf_counter() - t0) * 1000)
        counts.append(len(ctx.captured_queries))
        sql_times.append(sum(float(q.get("time") or 0) for q in ctx.captured_queries) * 1000)
        reset_queries()
        if bare is not None:
            t0 = time.perf_counter()
            bare()
            bare_times.append((time.perf_counter() - t0) * 1000)
    return common.Measurement(
        name=name,
        median_ms=statistics.median(times),
        p95_ms=common.percentile(times, 0.95),
        queries=max(counts),
        orm_sql_ms=statistics.median(sql_times),
        bare_sql_ms=statistics.median(bare_times) if bare_times else None,
        rows=rows(result) if rows else 0,
        note=note,
    )


def bare_statistics(congress_ids: tuple[int, ...], year: int | None) -> Any:
    """The minimal SQL of the same figures: one grouped count over the cases (the same conditions as the
    measures), one over the replies with the stored contact fact, one over the answering assignments."""
    marks = ", ".join(["%s"] * len(congress_ids))
    year_sql = " AND c.year = %s" if year else ""
    params = (*congress_ids, *([year] if year else []))

    def run() -> None:
        common.fetch(
            "SELECT c.congress_id, COUNT(*), SUM(CASE WHEN c.state IN ('accepted','assigned','handling','replied',"
            "'following','rehandling','closed') THEN 1 ELSE 0 END), SUM(CASE WHEN c.first_reply_class <> '' THEN 1 "
            "ELSE 0 END), SUM(CASE WHEN c.first_reply_on_time THEN 1 ELSE 0 END), SUM(CASE WHEN c.latest_reply_class"
            " = 'A' THEN 1 ELSE 0 END), SUM(CASE WHEN c.latest_rating_value <> '' THEN 1 ELSE 0 END) "
            f"FROM cases_case c WHERE c.kind = 'suggestion' AND c.congress_id IN ({marks}){year_sql} "
            "GROUP BY c.congress_id",
            params,
        )
        common.fetch(
            "SELECT c.congress_id, a.organization_id, COUNT(*), SUM(CASE WHEN r.contacted_before_reply THEN 1 ELSE 0 "
            "END) FROM cases_reply r JOIN cases_case c ON c.id = r.case_id JOIN cases_assignment a ON a.id = "
            f"r.assignment_id WHERE c.kind = 'suggestion' AND c.congress_id IN ({marks}){year_sql} "
            "GROUP BY c.congress_id, a.organization_id",
            params,
        )
        common.fetch(
            "SELECT a.organization_id, COUNT(*), SUM(CASE WHEN a.first_reply_class <> '' THEN 1 ELSE 0 END) "
            "FROM cases_assignment a JOIN cases_case c ON c.id = a.case_id WHERE c.kind = 'suggestion' AND "
            f"a.role IN ('lead','separate') AND c.congress_id IN ({marks}){year_sql} GROUP BY a.organization_id",
            params,
        )

    return run


def measure(ctx: common.Context) -> list[common.Measurement]:
    from django.test import Client

    from renda.portal import selectors as portal
    from renda.suggestions.exports import register_xlsx
    from renda.suggestions.models import Suggestion
    from renda.suggestions.statistics import StatsScope, suggestion_statistics

    d = ctx.data
    repeat = ctx.repeat
    staff = Client()
    staff.force_login(d["users"]["bench_staff_province"])
    visitor = Client()
    out = []

    def page(client: Client, url: str, params: dict | None = None) -> Any:
        def run() -> Any:
            resp = client.get(url, params or {}, secure=True)
            assert resp.status_code == 200, (url, resp.status_code)
            return resp

        return run

    for label, congress in (("county", d["county"]), ("city", d["city"]), ("province", d["province"])):
        ids = tuple(congress.descendants().values_list("pk", flat=True))
        scope = StatsScope(congress=congress)
        out.append(alternate(
            f"statistics, {label}, whole history (selector)", lambda s=scope: suggestion_statistics(s),
            bare_statistics(ids, None), repeat=repeat, rows=lambda r: r.total.counts.received,
        ))  # fmt: skip
        out.append(alternate(
            f"statistics, {label}, whole history (page)",
            page(staff, "/suggestions/stats/", {"congress": congress.pk}), bare_statistics(ids, None),
            repeat=repeat, rows=lambda r: len(r.content),
            note="rows = bytes of the page" if label == "province" else "",
        ))  # fmt: skip
    county = d["county"]
    out.append(alternate(
        "portal published list, page 1 (county)", page(visitor, f"/portal/c/{county.pk}/suggestions/"),
        lambda: (
            common.fetch(
                "SELECT s.id, c.number, c.title, c.year FROM suggestions_suggestion s JOIN cases_case c ON c.id = "
                "s.case_id WHERE c.congress_id = %s AND c.kind = 'suggestion' AND c.is_public AND NOT s.not_public "
                "ORDER BY c.published_at DESC, s.id DESC LIMIT 20", [county.pk]),
            common.fetch(
                "SELECT COUNT(*) FROM suggestions_suggestion s JOIN cases_case c ON c.id = s.case_id WHERE "
                "c.congress_id = %s AND c.kind = 'suggestion' AND c.is_public AND NOT s.not_public", [county.pk]),
        ),
        repeat=repeat, rows=lambda r: portal.public_suggestions(county).count(),
    ))  # fmt: skip
    city = d["city"]
    city_ids = tuple(city.descendants().values_list("pk", flat=True))
    in_city = ", ".join(["%s"] * len(city_ids))
    city_scope = StatsScope(congress=city)
    n_city = Suggestion.objects.filter(case__congress_id__in=city_ids).exclude(case__state="draft").count()
    out.append(alternate(
        "register export, 10,000 rows (city, xlsxwriter)", lambda: register_xlsx(city_scope, limit=10_000),
        lambda: common.fetch(
            f"SELECT c.number, c.title, c.state, c.submitted_at, c.assigned_at, c.due_at, c.closed_at, s.type, "
            f"c.first_reply_class, c.latest_reply_class, c.latest_rating_value, "
            f"(SELECT o.name FROM cases_assignment a JOIN core_organization o ON o.id = a.organization_id "
            f"WHERE a.case_id = c.id AND a.role = 'lead' LIMIT 1) "
            f"FROM cases_case c JOIN suggestions_suggestion s ON s.case_id = c.id "
            f"WHERE c.congress_id IN ({in_city}) AND c.state <> 'draft' ORDER BY c.congress_id, c.year, c.serial "
            f"LIMIT 10000", city_ids),
        repeat=max(3, repeat // 2), rows=lambda content: min(10_000, n_city),
    ))  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.2)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--create-db", action="store_true")
    parser.add_argument("--drop-db", action="store_true")
    args = parser.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        data = ROOT / "bench" / ".data"
        data.mkdir(exist_ok=True)
        url = f"sqlite:///{data / f'bench-perfstats-{args.scale:g}.sqlite3'}"
        os.environ["DATABASE_URL"] = url
    if args.create_db:
        common.prepare_database(url, create=True, fresh=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    from bench.suggestions import bench as generator
    from renda.suggestions import summary

    call_command("migrate", verbosity=0)
    print(f"database: {common.describe(url)}; load average {os.getloadavg()}")
    ctx = common.Context(scale=args.scale, repeat=args.repeat, url=url)
    results = []
    try:
        t0 = time.perf_counter()
        generator.populate(ctx)
        print(f"data ready in {time.perf_counter() - t0:.1f} s", flush=True)
        t0 = time.perf_counter()
        rows = summary.rebuild_all()
        print(f"summary backfill: {rows} in {time.perf_counter() - t0:.1f} s", flush=True)
        ctx.data.setdefault("summary", {})["summary backfill (rebuild_all)"] = (
            f"{time.perf_counter() - t0:.1f} s, {rows['groups']:,} groups, {rows['unit_rows']:,} unit rows"
        )
        for m in measure(ctx):
            print(m.line(), flush=True)
            results.append(("statistics", m))
    finally:
        if args.drop_db:
            from django.db import connections

            connections.close_all()
            common.drop_database(url)
    print(f"load average at the end {os.getloadavg()}")
    print(common.markdown(results, ctx))
    return 0


if __name__ == "__main__":
    sys.exit(main())
