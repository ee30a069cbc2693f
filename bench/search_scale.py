#!/usr/bin/env python
"""Search and similar suggestions at scale (not a test): N suggestions of the suggestions benchmark's
text generator in the search index, then the full-text search and the similar-suggestions panel's
model timed beside the bare FTS5 / GIN SQL of the same query.

    .venv/bin/python bench/search_scale.py --rows 200000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_texta .venv/bin/python bench/search_scale.py \
        --rows 200000 --create-db --drop-db

Rows go straight into ``analytics_searchentry`` (title, body, jieba tokens) with the text of
``bench/suggestions/textgen.py``; the suggestion source is registered here with a reader who may read
every row (the scope check is one ``pk IN (…)`` query over at most 2,000 ids, not what is measured).
The PostgreSQL GIN index and the SQLite FTS5 table are built after the load, and timed.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

SOURCE = "case:suggestion"


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+)")


@functools.lru_cache(maxsize=200_000)
def _block_tokens(block: str) -> tuple[str, ...]:
    from renda.analytics import segment

    return tuple(segment.tokens(block))


def _tokens(text: str) -> list[str]:
    """``segment.tokens(text)``, one cached call per run of word characters: jieba cuts each such
    block on its own (its ``re_han_default``), so the result is the same; the generator's text repeats
    its phrases, so this makes the load ~20× faster."""
    out: list[str] = []
    for block in _BLOCK.findall(text):
        out.extend(_block_tokens(block))
    return out


def populate(rows: int) -> dict[str, float]:
    from django.db import connection, transaction

    from bench.suggestions.textgen import TextGen
    from renda.analytics.models import SearchEntry

    have = SearchEntry.objects.filter(source=SOURCE).count()
    if have == rows:
        return {}
    SearchEntry.objects.all().delete()
    vendor = connection.vendor
    with connection.cursor() as cur:
        if vendor == "sqlite":
            cur.execute("DELETE FROM analytics_search_fts")
        else:
            cur.execute("DROP INDEX IF EXISTS analytics_search_tsv")
    t0 = time.perf_counter()
    seg_s = 0.0
    cache = ROOT / "bench" / ".data" / f"search-scale-{rows}.tsv"
    if not cache.exists():  # segmented once, reused by the other database's run
        gen = TextGen(seed=20261201)
        with cache.open("w", encoding="utf-8") as out:
            for _ in range(rows):
                title, body, _topic = gen.suggestion()
                t1 = time.perf_counter()
                toks = _tokens(title) + _tokens(body)
                seg_s += time.perf_counter() - t1
                out.write("\t".join((title, body, " ".join(toks))).replace("\n", " ") + "\n")
    batch: list[SearchEntry] = []
    with cache.open(encoding="utf-8") as lines:
        for i, line in enumerate(lines, 1):
            title, body, segmented = line.rstrip("\n").split("\t")
            batch.append(
                SearchEntry(
                    id=i, source=SOURCE, object_id=i, title=title[:300], text=body, segmented=segmented,
                    length=segmented.count(" ") + 1, year=2017 + i % 10, state="closed", state_label="已办结",
                    unit_ids=f",{1 + i % 40},",
                )
            )  # fmt: skip
            if len(batch) == 5000:
                with transaction.atomic():
                    SearchEntry.objects.bulk_create(batch)
                batch = []
    if batch:
        SearchEntry.objects.bulk_create(batch)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        if vendor == "sqlite":
            cur.execute(
                "INSERT INTO analytics_search_fts (rowid, segmented) SELECT id, segmented FROM analytics_searchentry"
            )
            connection.commit() if not connection.get_autocommit() else None
        else:
            cur.execute(
                "CREATE INDEX analytics_search_tsv ON analytics_searchentry USING GIN (to_tsvector('simple', segmented))"
            )
            cur.execute("ANALYZE analytics_searchentry")
    index_s = time.perf_counter() - t0
    return {"load_s": load_s, "segment_s": seg_s, "index_s": index_s}


def index_size() -> str:
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            try:
                cur.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'analytics_search_fts%'")
                fts = cur.fetchone()[0]
                cur.execute("SELECT SUM(pgsize) FROM dbstat WHERE name = 'analytics_searchentry'")
                table = cur.fetchone()[0]
                return f"FTS5 {fts / 2**20:.0f} MiB, table {table / 2**20:.0f} MiB"
            except Exception:  # noqa: BLE001 - dbstat not compiled in
                cur.execute("PRAGMA page_count")
                pages = cur.fetchone()[0]
                cur.execute("PRAGMA page_size")
                return f"database file {pages * cur.fetchone()[0] / 2**20:.0f} MiB (dbstat unavailable)"
        cur.execute(
            "SELECT pg_relation_size('analytics_search_tsv'), pg_relation_size('analytics_searchentry')"
        )
        gin, table = cur.fetchone()
        return f"GIN {gin / 2**20:.0f} MiB, table {table / 2**20:.0f} MiB"


def queries(n: int = 20) -> tuple[list[str], list[str]]:
    """Search phrases (two content words of a fresh title) and draft titles for the similar panel."""
    from bench.suggestions.textgen import TextGen
    from renda.analytics import segment, similar

    gen = TextGen(seed=4242)
    phrases, titles = [], []
    for _ in range(n):
        title, _body, _topic = gen.suggestion()
        content = [t for t in segment.query_tokens(title) if len(t) > 1 and t not in similar.STOP_WORDS]
        phrases.append(" ".join(content[:2]) or title[:4])
        titles.append(title)
    return phrases, titles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each query")
    parser.add_argument("--create-db", action="store_true")
    parser.add_argument("--drop-db", action="store_true")
    parser.add_argument("--only", default="", help="'search' or 'similar': time only that one")
    args = parser.parse_args(argv)

    from bench import common

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        data = ROOT / "bench" / ".data"
        data.mkdir(exist_ok=True)
        url = f"sqlite:///{data / f'search-scale-{args.rows}.sqlite3'}"
    if args.create_db:
        common.prepare_database(url, create=True, fresh=False)
    _setup(url)
    try:
        return _run(args, url)
    finally:
        if args.drop_db:
            from django.db import connections

            connections.close_all()
            common.drop_database(url)


def _run(args: argparse.Namespace, url: str) -> int:
    import statistics

    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from bench import common
    from renda.analytics import segment, services, similar
    from renda.analytics.sources import get_source, register_search_source

    print(f"database: {common.describe(url)}, {args.rows} suggestions")
    t0 = time.perf_counter()
    built = populate(args.rows)
    if built:
        print(
            f"loaded in {built['load_s']:.0f} s (jieba {built['segment_s']:.0f} s), "
            f"index built in {built['index_s']:.1f} s"
        )
    else:
        print(f"data already there ({time.perf_counter() - t0:.1f} s)")
    print(f"index size: {index_size()}")
    old = get_source(SOURCE)
    register_search_source(
        SOURCE, "建议", lambda ids: [], lambda user, ids: set(ids), lambda pk: f"/cases/{pk}/"
    )
    reader = AnonymousUser()
    phrases, titles = queries()

    def bare_search(q: str) -> int:
        toks = segment.query_tokens(q)
        with connection.cursor() as cur:
            if connection.vendor == "sqlite":
                match = " AND ".join('"' + t + '"' for t in toks)
                cur.execute(
                    "SELECT rowid FROM analytics_search_fts WHERE analytics_search_fts MATCH %s", [match]
                )
            else:
                cur.execute(
                    "SELECT id FROM analytics_searchentry WHERE to_tsvector('simple', segmented) "
                    "@@ plainto_tsquery('simple', %s)",
                    [" ".join(toks)],
                )
            return len(cur.fetchall())

    def bare_similar(title: str) -> int:
        toks = list(dict.fromkeys(similar.words(title)))[: similar.MAX_QUERY_WORDS]
        return sum(len(similar.postings(t, SOURCE)) for t in toks)

    cases = [
        ("search (services.search)", phrases, lambda q: len(services.search(q, actor=reader, kind=SOURCE)), bare_search),
        ("similar panel (similar.find_similar)", titles, lambda t: len(similar.find_similar(t, "", source=SOURCE)), bare_similar),
    ]  # fmt: skip
    segment.tokenizer()
    if args.only:
        cases = [c for c in cases if c[0].startswith(args.only)]
    for name, inputs, func, bare in cases:
        times, bare_times, found = [], [], []
        for q in inputs:
            func(q)  # warm-up
            for _ in range(args.repeat):
                t1 = time.perf_counter()
                found.append(func(q))
                times.append((time.perf_counter() - t1) * 1000)
                t1 = time.perf_counter()
                bare(q)
                bare_times.append((time.perf_counter() - t1) * 1000)
        print(
            f"  {name:<38} median {statistics.median(times):7.1f} ms  p95 {common.percentile(times, 0.95):7.1f} ms"
            f"  bare SQL median {statistics.median(bare_times):7.1f} ms  p95 {common.percentile(bare_times, 0.95):7.1f} ms"
            f"  hits/query median {statistics.median(found):.0f}  ({len(inputs)} queries × {args.repeat})"
        )
    if old is not None:
        register_search_source(old.kind, old.label, old.fetch_rows, old.visible_ids, old.url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
