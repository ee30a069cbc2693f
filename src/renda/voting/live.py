"""Live screens of votes: the votes' hub on the generic :mod:`renda.core.live`.

A change (a ballot, open, close) is announced after its transaction commits (``notify``) and, on
PostgreSQL, by ``NOTIFY renda_voting, '<vote id>'`` inside the service's transaction
(``notify_in_transaction``); see :mod:`renda.core.live` for how the hub, the listener thread and the
streams work. Settings: ``VOTING_LIVE_MIN_INTERVAL`` (0.3 s), ``VOTING_LIVE_COALESCE`` (0).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connection

from renda.core import live as core_live
from renda.core.live import HEARTBEAT_SECONDS, LISTEN_READY_SECONDS, Channel, release_database

__all__ = [
    "HEARTBEAT_SECONDS",
    "LISTEN_READY_SECONDS",
    "PG_CHANNEL",
    "Channel",
    "Hub",
    "announce",
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


# the pace of the stream being opened (set around ``Hub.response`` by ``response_for``)
_pace: ContextVar[float | None] = ContextVar("voting_stream_pace", default=None)


class _Paced:
    """The hub as one stream sees it: the same channels, another minimum interval."""

    def __init__(self, hub: core_live.Hub, interval: float) -> None:
        self._hub = hub
        self._interval = interval

    def __getattr__(self, name: str) -> Any:
        return getattr(self._hub, name)

    def min_interval(self) -> float:
        return self._interval


class Hub(core_live.Hub):
    def __init__(self) -> None:
        super().__init__(name="voting", pg_channel=PG_CHANNEL, snapshot=_snapshot, event=EVENT)

    def member_interval(self) -> float:
        """A member's own page: at most one message per ``VOTING_LIVE_MEMBER_INTERVAL`` (0.9 s — it
        updates within a second; the hall's projector and the chair keep the 0.3 s pace). With
        3,000 members every message less per page is 3,000 writes a second less for the server."""
        return float(getattr(settings, "VOTING_LIVE_MEMBER_INTERVAL", 0.9))

    def response_for(self, request: Any, key: int, *, member_page: bool = False) -> Any:
        token = _pace.set(self.member_interval() if member_page else None)
        try:
            return self.response(request, key)
        finally:
            _pace.reset(token)

    def stream_sync(self, key: int, initial: tuple[int, dict[str, Any] | None]) -> Iterator[bytes]:
        pace = _pace.get()
        if pace is None:
            return super().stream_sync(key, initial)
        return core_live.Hub.stream_sync(_Paced(self, pace), key, initial)  # type: ignore[arg-type]

    def stream_async(self, key: int, initial: tuple[int, dict[str, Any] | None]) -> AsyncIterator[bytes]:
        pace = _pace.get()
        if pace is None:
            return super().stream_async(key, initial)
        return core_live.Hub.stream_async(_Paced(self, pace), key, initial)  # type: ignore[arg-type]


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


logger = logging.getLogger(__name__)


class Announcer:
    """Ballots of a burst announced together: after each cast's commit the vote is marked, and one
    thread per process sends one ``NOTIFY renda_voting`` per marked vote every
    ``VOTING_NOTIFY_COALESCE`` seconds (0.05) in its own short transaction. PostgreSQL holds one
    database-wide lock from a notifying transaction's pre-commit until its commit is flushed, so a
    ``NOTIFY`` in every cast's transaction would line the casts' commits up one behind another."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dirty: set[int] = set()
        self._wakeup = threading.Event()
        self._thread: threading.Thread | None = None

    def interval(self) -> float:
        return float(getattr(settings, "VOTING_NOTIFY_COALESCE", 0.05))

    def mark(self, vote_id: int) -> None:
        with self._lock:
            self._dirty.add(vote_id)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="voting-announce", daemon=True)
                self._thread.start()
        self._wakeup.set()

    def send(self) -> None:
        with self._lock:
            keys, self._dirty = self._dirty, set()
            self._wakeup.clear()
        for key in sorted(keys):
            try:
                hub.notify_in_transaction(key)  # autocommit here: one short transaction each
            except Exception:
                logger.exception("voting NOTIFY failed")
                with self._lock:
                    self._dirty.add(key)

    def _run(self) -> None:
        while True:
            self._wakeup.wait()
            time.sleep(self.interval())
            try:
                self.send()
            finally:
                connection.close()  # back to the pool (or closed): an idle announcer holds none


announcer = Announcer()


def announce(vote_id: int) -> None:
    """After a ballot's commit: tell the screens (SQLite: this process's hub, as ``notify``;
    PostgreSQL: a coalesced ``NOTIFY`` that reaches every process)."""
    if connection.vendor == "postgresql":
        announcer.mark(vote_id)
    else:
        hub.notify(vote_id)
