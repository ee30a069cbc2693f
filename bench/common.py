"""What every sub-benchmark shares: the context, timing with query counts, bulk inserts, the report."""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse


@dataclass
class Context:
    scale: float
    repeat: int
    url: str
    data: dict[str, Any] = field(default_factory=dict)  # what populate() leaves for measure()

    @property
    def vendor(self) -> str:
        return "PostgreSQL" if self.url.startswith(("postgres", "pgsql")) else "SQLite"


@dataclass
class Measurement:
    name: str
    median_ms: float
    p95_ms: float
    queries: int
    orm_sql_ms: float  # time the ORM's own queries took (median run)
    bare_sql_ms: float | None  # hand-written SQL that fetches the same rows (median)
    rows: int = 0
    note: str = ""

    @property
    def ratio(self) -> float | None:
        return self.median_ms / self.bare_sql_ms if self.bare_sql_ms else None

    def line(self) -> str:
        bare = f"{self.bare_sql_ms:8.1f}" if self.bare_sql_ms is not None else "       —"
        ratio = f"{self.ratio:6.1f}×" if self.ratio else "      —"
        return (
            f"  {self.name:<38} median {self.median_ms:8.1f} ms  p95 {self.p95_ms:8.1f} ms  "
            f"queries {self.queries:3d}  orm-sql {self.orm_sql_ms:8.1f} ms  bare-sql {bare} ms  {ratio}  rows {self.rows}"
        )


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class _FetchTimer:
    """Adds the time spent fetching rows to the captured queries' time. SQLite runs a statement lazily
    (``execute`` returns before the first row is computed), so timing ``execute`` alone leaves out most
    of the work; every database backend's cursor wrapper is patched while the context is open."""

    def __init__(self) -> None:
        self.ms = 0.0

    def __enter__(self) -> _FetchTimer:
        from django.db.backends import utils

        timer = self
        self._saved = {}

        def timed_fetch(name: str) -> Callable[..., Any]:
            def fetch(self, *args: Any, **kwargs: Any) -> Any:
                t0 = time.perf_counter()
                try:
                    with self.db.wrap_database_errors:
                        return getattr(self.cursor, name)(*args, **kwargs)
                finally:
                    timer.ms += (time.perf_counter() - t0) * 1000

            return fetch

        for name in ("fetchone", "fetchmany", "fetchall"):
            self._saved[name] = utils.CursorWrapper.__dict__.get(name)
            setattr(utils.CursorWrapper, name, timed_fetch(name))
        return self

    def __exit__(self, *exc: Any) -> None:
        from django.db.backends import utils

        for name, saved in self._saved.items():
            if saved is None:
                delattr(utils.CursorWrapper, name)
            else:
                setattr(utils.CursorWrapper, name, saved)


def measure(
    name: str,
    func: Callable[[], Any],
    *,
    repeat: int,
    bare: Callable[[], Any] | None = None,
    rows: Callable[[Any], int] | None = None,
    note: str = "",
    warmup: int = 1,
) -> Measurement:
    """Time ``func`` ``repeat`` times (after a warm-up), count its queries and their time (execution and
    fetching), and time the bare SQL ``bare`` in the same loop, alternating with ``func``, so that both
    see the same load on a noisy machine."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    result = None
    for _ in range(warmup):
        result = func()
        if bare is not None:
            bare()
    times, sql_times, counts, bare_runs = [], [], [], []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx, _FetchTimer() as fetching:
            t0 = time.perf_counter()
            result = func()
            times.append((time.perf_counter() - t0) * 1000)
        counts.append(len(ctx.captured_queries))
        sql_times.append(sum(float(q.get("time") or 0) for q in ctx.captured_queries) * 1000 + fetching.ms)
        reset_queries()
        if bare is not None:
            t0 = time.perf_counter()
            bare()
            bare_runs.append((time.perf_counter() - t0) * 1000)
    return Measurement(
        name=name,
        median_ms=statistics.median(times),
        p95_ms=percentile(times, 0.95),
        queries=max(counts),
        orm_sql_ms=statistics.median(sql_times),
        bare_sql_ms=statistics.median(bare_runs) if bare_runs else None,
        rows=rows(result) if rows else 0,
        note=note,
    )


def table_rows(response: Any) -> int:
    """The rows a page lists: ``<tr>`` in the data tables' ``<tbody>``, and the inbox's entries."""
    import re

    content = response.content.decode()
    tables = sum(body.count("<tr") for body in re.findall(r"<tbody.*?</tbody>", content, re.S))
    return tables + content.count("renda-inbox-entry")


def fetch(sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


# --- bulk inserts (raw SQL; the generator only) ----------------------------------------------------------


class Inserter:
    """Insert rows of a model with explicit ids by raw SQL: ``executemany`` on SQLite, ``COPY`` on
    PostgreSQL. Columns not given take the field's default (``auto_now`` fields: now)."""

    def __init__(self, model: Any, columns: Sequence[str]):
        from django.db import connection

        self.model = model
        self.connection = connection
        self.pg = connection.vendor == "postgresql"
        fields = {f.attname: f for f in model._meta.concrete_fields}
        now = dt.datetime.now(dt.UTC)
        self.columns = ["id", *columns]
        self.extra: list[str] = []
        self.extra_values: list[Any] = []
        for attname, f in fields.items():
            if attname in self.columns:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            else:
                value = ""
            self.extra.append(attname)
            self.extra_values.append(self._convert(f, value))
        self.kinds = [fields[c].get_internal_type() for c in self.columns]
        self.db_columns = [fields[c].column for c in self.columns + self.extra]
        self.table = model._meta.db_table

    def _convert(self, f: Any, value: Any) -> Any:
        kind = f.get_internal_type()
        return self._value(kind, value)

    def _value(self, kind: str, value: Any) -> Any:
        if value is None:
            return None
        if kind == "DateTimeField" and not self.pg:
            return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        if kind == "DateField" and not self.pg:
            return value.isoformat()
        if kind == "JSONField":
            return json.dumps(value)
        return value

    def insert(self, rows: Iterable[Sequence[Any]], batch: int = 20000) -> int:
        needs = [i for i, k in enumerate(self.kinds) if k in ("DateTimeField", "DateField", "JSONField")]
        extra = tuple(self.extra_values)
        n = 0
        cols = ", ".join(self.connection.ops.quote_name(c) for c in self.db_columns)
        if self.pg:
            raw = self.connection.connection
            with raw.cursor() as cur, cur.copy(f"COPY {self.table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(tuple(row) + extra)
                    n += 1
            return n
        sql = f"INSERT INTO {self.table} ({cols}) VALUES ({', '.join(['%s'] * len(self.db_columns))})"
        buffer: list[tuple] = []
        with self.connection.cursor() as cur:
            for row in rows:
                if needs:
                    row = list(row)
                    for i in needs:
                        row[i] = self._value(self.kinds[i], row[i])
                buffer.append(tuple(row) + extra)
                if len(buffer) >= batch:
                    cur.executemany(sql, buffer)
                    n += len(buffer)
                    buffer.clear()
            if buffer:
                cur.executemany(sql, buffer)
                n += len(buffer)
        return n


def reset_sequences(models: Iterable[Any]) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cur:
        for sql in statements:
            cur.execute(sql)


def next_id(model: Any) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


# --- databases ------------------------------------------------------------------------------------------


def describe(url: str) -> str:
    p = urlparse(url)
    if p.scheme.startswith("sqlite"):
        return f"SQLite {p.path}"
    return f"PostgreSQL {p.hostname}:{p.port or 5432}/{p.path.lstrip('/')}"


def _pg_admin(url: str) -> tuple[Any, str]:
    import psycopg

    p = urlparse(url)
    name = p.path.lstrip("/")
    admin = p._replace(path="/postgres").geturl()
    return psycopg.connect(admin, autocommit=True), name


def prepare_database(url: str, *, create: bool, fresh: bool) -> None:
    p = urlparse(url)
    if p.scheme.startswith("sqlite"):
        if fresh:
            from pathlib import Path

            for suffix in ("", "-wal", "-shm"):
                Path(p.path + suffix).unlink(missing_ok=True)
        return
    conn, name = _pg_admin(url)
    with conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists and (create or fresh):
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    p = urlparse(url)
    if p.scheme.startswith("sqlite"):
        return
    conn, name = _pg_admin(url)
    with conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def markdown(results: list[tuple[str, Measurement]], ctx: Context) -> str:
    lines = [
        f"Database: {ctx.vendor}, scale {ctx.scale:g}, {ctx.repeat} timed runs each.",
        "",
        "| benchmark | measurement | median ms | p95 ms | queries | ORM SQL ms | bare SQL ms | median / bare | rows |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, m in results:
        bare = f"{m.bare_sql_ms:.1f}" if m.bare_sql_ms is not None else "—"
        ratio = f"{m.ratio:.1f}×" if m.ratio else "—"
        lines.append(
            f"| {name} | {m.name} | {m.median_ms:.1f} | {m.p95_ms:.1f} | {m.queries} | {m.orm_sql_ms:.1f} | {bare} | {ratio} | {m.rows} |"
        )
    notes = [f"- {m.name}: {m.note}" for _n, m in results if m.note]
    if notes:
        lines += ["", *notes]
    for key, value in ctx.data.get("summary", {}).items():
        lines.append(f"- {key}: {value}")
    return "\n".join(lines) + "\n"
