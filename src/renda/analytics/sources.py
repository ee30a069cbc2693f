"""The registry every app's data flows through: one search source per kind."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SearchRow:
    object_id: int
    title: str
    body: str = ""
    year: int | None = None
    state: str = ""
    state_label: str = ""
    unit_ids: tuple[int, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SearchSource:
    kind: str
    label: Any
    # fetch_rows(ids or None) → the rows to index (None: all of them); an id missing from the answer
    # to fetch_rows([id]) is removed from the index.
    fetch_rows: Callable[[Iterable[int] | None], Iterable[SearchRow]]
    # visible_ids(user, ids) → the subset of ids the user may read.
    visible_ids: Callable[[Any, list[int]], set[int]]
    url: Callable[[int], str]


_SOURCES: dict[str, SearchSource] = {}


def register_search_source(
    kind: str,
    label: Any,
    fetch_rows: Callable[[Iterable[int] | None], Iterable[SearchRow]],
    visible_ids: Callable[[Any, list[int]], set[int]],
    url: Callable[[int], str],
) -> SearchSource:
    source = SearchSource(kind, label, fetch_rows, visible_ids, url)
    _SOURCES[kind] = source
    return source


def get_source(kind: str) -> SearchSource | None:
    return _SOURCES.get(kind)


def registered_sources() -> list[SearchSource]:
    return list(_SOURCES.values())
