#!/usr/bin/env python
"""Renda benchmarks (not tests): fill a separate database with a realistic history, then time the pages
and selectors people wait for.

    make bench                                   # every sub-benchmark at full size, on SQLite
    make bench BENCH_ARGS="--only suggestions --scale 0.2"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_renda .venv/bin/python bench/run.py --create-db --drop-db

The database is ``bench/.data/bench-<names>-<scale>.sqlite3`` unless ``DATABASE_URL`` is set; it is reused when
it already holds the data of the same scale (``--fresh`` rebuilds it). A sub-benchmark is a package
``bench/<name>/`` whose ``bench.py`` defines ``populate(ctx)`` and ``measure(ctx) -> list[Measurement]``
(see ``bench/common.py``); ``run.py`` discovers them.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def discover() -> list[str]:
    return sorted(p.parent.name for p in BENCH.glob("*/bench.py") if not p.parent.name.startswith((".", "_")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--only", default="", help="comma-separated sub-benchmarks (default: all): " + ", ".join(discover())
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of the full size (1.0 = province, ten years)"
    )
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per measurement")
    parser.add_argument("--fresh", action="store_true", help="rebuild the data even if the database holds it")
    parser.add_argument(
        "--create-db", action="store_true", help="PostgreSQL: create the database named in DATABASE_URL"
    )
    parser.add_argument("--drop-db", action="store_true", help="PostgreSQL: drop that database at the end")
    parser.add_argument("--output", default="", help="also write the results as Markdown to this file")
    args = parser.parse_args(argv)

    names = [n.strip() for n in args.only.split(",") if n.strip()] or discover()
    unknown = set(names) - set(discover())
    if unknown:
        parser.error(f"unknown sub-benchmark: {', '.join(sorted(unknown))}")

    from bench import common

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        data = BENCH / ".data"
        data.mkdir(exist_ok=True)
        # one file per set of sub-benchmarks and scale, so that separate runs never share (or delete) a file
        label = "-".join(names)  # not "+": the database URL's parser reads it as a space
        url = f"sqlite:///{data / f'bench-{label}-{args.scale:g}.sqlite3'}"
        os.environ["DATABASE_URL"] = url
    if args.create_db or args.fresh:
        common.prepare_database(url, create=args.create_db, fresh=args.fresh)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("RENDA_FIELD_KEY", "bench-only-field-key-" + "y" * 40)  # the roster import encrypts
    import django

    django.setup()
    from django.core.management import call_command

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"database: {common.describe(url)} (migrated in {time.perf_counter() - t0:.1f} s)")
    ctx = common.Context(scale=args.scale, repeat=args.repeat, url=url)
    results = []
    try:
        for name in names:
            module = importlib.import_module(f"bench.{name}.bench")
            t0 = time.perf_counter()
            module.populate(ctx)
            print(f"[{name}] data ready in {time.perf_counter() - t0:.1f} s")
            for m in module.measure(ctx):
                print(m.line(), flush=True)
                results.append((name, m))
    finally:
        if args.drop_db:
            from django.db import connections

            connections.close_all()
            common.drop_database(url)
    table = common.markdown(results, ctx)
    print()
    print(table)
    if args.output:
        Path(args.output).write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
