"""Live screens of votes: the votes' hub on the generic :mod:`renda.core.live`.

A change (a ballot, open, close) is announced after its transaction commits (``notify``) and, on
PostgreSQL, by ``NOTIFY renda_voting, '<vote id>'`` inside the service's transaction
(``notify_in_transaction``); see :mod:`renda.core.live` for how the hub, the listener thread and the
streams work. Settings: ``VOTING_LIVE_MIN_INTERVAL`` (0.3 s), ``VOTING_LIVE_COALESCE`` (0).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from renda.core import live as core_live
from renda.core.live import HEARTBEAT_SECONDS, LISTEN_READY_SECONDS, Channel, release_database

__all__ = [
    "HEARTBEAT_SECONDS",
    "LISTEN_READY_SECONDS",
    "PG_CHANNEL",
    "Channel",
    "Hub",
    "attach",
    "coalesce_seconds",
    "detach",
    "hub",
    "min_interval",
    "notify",
    "notify_in_transaction",
    "release_database",
    "sse_message",
    "stream_async",
    "stream_sync",
]

PG_CHANNEL = "renda_voting"
EVENT = "vote"


def _snapshot(vote_id: int) -> dict[str, Any] | None:
    from .selectors import live_snapshot

    return live_snapshot(vote_id)


class Hub(core_live.Hub):
    def __init__(self) -> None:
        super().__init__(name="voting", pg_channel=PG_CHANNEL, snapshot=_snapshot, event=EVENT)


hub = Hub()


def min_interval() -> float:
    return hub.min_interval()


def coalesce_seconds() -> float:
    return hub.coalesce_seconds()


def sse_message(version: int, snapshot: dict[str, Any]) -> bytes:
    return core_live.sse_message(version, snapshot, EVENT)


def notify_in_transaction(vote_id: int) -> None:
    hub.notify_in_transaction(vote_id)


def notify(vote_id: int) -> None:
    hub.notify(vote_id)


def attach(vote_id: int) -> tuple[int, dict[str, Any] | None]:
    return hub.attach(vote_id)


def detach(vote_id: int) -> None:
    hub.detach(vote_id)


def stream_sync(vote_id: int, initial: tuple[int, dict[str, Any] | None]) -> Iterator[bytes]:
    return hub.stream_sync(vote_id, initial)


def stream_async(vote_id: int, initial: tuple[int, dict[str, Any] | None]) -> AsyncIterator[bytes]:
    return hub.stream_async(vote_id, initial)
