"""Writing the index: the rows a source gives, segmented, into SearchEntry and the backend's
full-text structure (the FTS5 table on SQLite; PostgreSQL's GIN index needs no extra write)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from . import segment
from .models import SearchEntry
from .sources import SearchRow, SearchSource, get_source, registered_sources

FTS_TABLE = "analytics_search_fts"


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def _fts_delete(ids: list[int]) -> None:
    if ids and is_sqlite():
        with connection.cursor() as cur:
            cur.executemany("DELETE FROM analytics_search_fts WHERE rowid = %s", [(i,) for i in ids])


def _fts_insert(entries: list[SearchEntry]) -> None:
    if entries and is_sqlite():
        with connection.cursor() as cur:
            cur.executemany(
                "INSERT INTO analytics_search_fts (rowid, segmented) VALUES (%s, %s)",
                [(e.pk, e.segmented) for e in entries],
            )


def _write(source: SearchSource, row: SearchRow) -> SearchEntry:
    toks = segment.tokens(row.title) + segment.tokens(row.body)
    units = "".join(f",{u}" for u in sorted(set(row.unit_ids)))
    entry, _created = SearchEntry.objects.update_or_create(
        source=source.kind,
        object_id=row.object_id,
        defaults={
            "title": row.title[:300],
            "text": row.body,
            "segmented": " ".join(toks),
            "length": len(toks),
            "year": row.year,
            "state": row.state,
            "state_label": str(row.state_label)[:60],
            "unit_ids": f"{units}," if units else "",
        },
    )
    return entry


@transaction.atomic
def reindex(kind: str, ids: Iterable[int] | None = None) -> int:
    """Reindex ``ids`` of one source (all of its rows when ``ids`` is None); returns the rows written."""
    source = get_source(kind)
    if source is None:
        return 0
    wanted = None if ids is None else {int(i) for i in ids}
    rows = list(source.fetch_rows(None if wanted is None else sorted(wanted)))
    stale = SearchEntry.objects.filter(source=kind)
    if wanted is not None:
        stale = stale.filter(object_id__in=wanted)
    old_ids = list(stale.values_list("pk", flat=True))
    _fts_delete(old_ids)
    found = {r.object_id for r in rows}
    stale.exclude(object_id__in=found).delete()
    entries = [_write(source, r) for r in rows]
    _fts_insert(entries)
    return len(entries)


def rebuild_all() -> dict[str, int]:
    """Rebuild the whole index, every source; with the dictionary reloaded first."""
    segment.reset()
    counts = {}
    with transaction.atomic():
        known = [s.kind for s in registered_sources()]
        SearchEntry.objects.exclude(source__in=known).delete()
        if is_sqlite():
            with connection.cursor() as cur:
                cur.execute("DELETE FROM analytics_search_fts")
        for source in registered_sources():
            SearchEntry.objects.filter(source=source.kind).delete()
            counts[source.kind] = reindex(source.kind)
    return counts


def schedule_reindex(kind: str, object_id: int) -> None:
    """After the current transaction commits, reindex one row (what the post_save signals call)."""
    transaction.on_commit(lambda: reindex(kind, [object_id]))
