"""Live screens: a per-process hub that pushes a vote's snapshot to every open event stream.

A change (a ballot, open, close) is announced after its transaction commits:

* on **SQLite** (one process) :func:`notify` recomputes the vote's snapshot in the calling thread and
  publishes it to this process's hub;
* on **PostgreSQL** the service also sends ``NOTIFY renda_voting, '<vote id>'`` inside its own
  transaction (delivered only on commit), and a listener thread in every server process that has
  an open stream (``LISTEN renda_voting``) recomputes the snapshot once per burst and publishes it to
  its local hub — so the push reaches pages served by any process.

Streams wait on the hub: threads (``runserver``, WSGI) on a condition variable, coroutines (ASGI) on
an ``asyncio.Event`` per event loop woken with ``call_soon_threadsafe``. A stream sends at most one
message per ``VOTING_LIVE_MIN_INTERVAL`` seconds (the latest snapshot), so 3,000 ballots in ten
seconds do not become nine million messages.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)

PG_CHANNEL = "renda_voting"
HEARTBEAT_SECONDS = 15.0
LISTEN_READY_SECONDS = 2.0


def min_interval() -> float:
    return float(getattr(settings, "VOTING_LIVE_MIN_INTERVAL", 0.3))


def coalesce_seconds() -> float:
    """On SQLite, gather the changes of this long into one refresh (0: refresh in the caller's thread)."""
    return float(getattr(settings, "VOTING_LIVE_COALESCE", 0.0))


class Channel:
    def __init__(self) -> None:
        self.version = 0
        self.snapshot: dict[str, Any] | None = None
        self.cond = threading.Condition()
        self.loops: dict[asyncio.AbstractEventLoop, asyncio.Event] = {}
        self.listeners = 0
        self._encoded: tuple[int, bytes] | None = None

    def encoded(self, version: int, snapshot: dict[str, Any]) -> bytes:
        """The message of one version, encoded once for all the streams that send it."""
        cached = self._encoded
        if cached is not None and cached[0] == version:
            return cached[1]
        data = sse_message(version, snapshot)
        self._encoded = (version, data)
        return data

    def _wake(self, loop: asyncio.AbstractEventLoop) -> None:  # runs in ``loop``
        event = self.loops.get(loop)
        if event is not None:
            self.loops[loop] = asyncio.Event()
            event.set()


class Hub:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._channels: dict[int, Channel] = {}
        self._listener: threading.Thread | None = None
        self._refresher: threading.Thread | None = None
        self._dirty: set[int] = set()
        self._dirty_event = threading.Event()
        self._listening = threading.Event()
        self.snapshot_fn: Callable[[int], dict[str, Any] | None] | None = None

    def channel(self, vote_id: int) -> Channel:
        with self._lock:
            ch = self._channels.get(vote_id)
            if ch is None:
                ch = self._channels[vote_id] = Channel()
            return ch

    def watched(self) -> list[int]:
        with self._lock:
            return [vote_id for vote_id, ch in self._channels.items() if ch.listeners > 0]

    def has_listeners(self, vote_id: int) -> bool:
        ch = self._channels.get(vote_id)
        return ch is not None and ch.listeners > 0

    def publish(self, vote_id: int, snapshot: dict[str, Any]) -> int:
        ch = self.channel(vote_id)
        with ch.cond:
            ch.version += 1
            ch.snapshot = snapshot
            ch.cond.notify_all()
            loops = list(ch.loops)
        for loop in loops:
            try:
                loop.call_soon_threadsafe(ch._wake, loop)
            except RuntimeError:  # the loop has closed
                ch.loops.pop(loop, None)
        return ch.version

    def refresh(self, vote_id: int) -> None:
        """Recompute the snapshot from the database and publish it."""
        fn = self.snapshot_fn
        if fn is None:
            from .selectors import live_snapshot

            fn = live_snapshot
        snapshot = fn(vote_id)
        if snapshot is not None:
            self.publish(vote_id, snapshot)

    def current(self, vote_id: int) -> tuple[int, dict[str, Any] | None]:
        ch = self.channel(vote_id)
        with ch.cond:
            return ch.version, ch.snapshot

    def wait(self, vote_id: int, version: int, timeout: float) -> tuple[int, dict[str, Any] | None]:
        ch = self.channel(vote_id)
        with ch.cond:
            ch.cond.wait_for(lambda: ch.version != version, timeout=timeout)
            return ch.version, ch.snapshot

    async def wait_async(
        self, vote_id: int, version: int, timeout: float
    ) -> tuple[int, dict[str, Any] | None]:
        ch = self.channel(vote_id)
        loop = asyncio.get_running_loop()
        event = ch.loops.get(loop)
        if event is None:
            event = ch.loops[loop] = asyncio.Event()
        if ch.version == version:
            try:
                await asyncio.wait_for(event.wait(), timeout)
            except TimeoutError:
                pass
        return ch.version, ch.snapshot

    # --- SQLite: one refresh per burst, in a thread of its own ---------------------------------

    def mark_dirty(self, vote_id: int) -> None:
        with self._lock:
            self._dirty.add(vote_id)
            if self._refresher is None or not self._refresher.is_alive():
                self._refresher = threading.Thread(
                    target=self._refresh_forever, name="voting-refresh", daemon=True
                )
                self._refresher.start()
        self._dirty_event.set()

    def _refresh_forever(self) -> None:
        while True:
            self._dirty_event.wait()
            time.sleep(coalesce_seconds())
            with self._lock:
                ids, self._dirty = self._dirty, set()
                self._dirty_event.clear()
            for vote_id in ids:
                try:
                    self.refresh(vote_id)
                except Exception:
                    logger.exception("voting live refresh failed")
            close_old_connections()

    # --- PostgreSQL fan-out -------------------------------------------------------------------

    def ensure_listener(self) -> None:
        if connection.vendor != "postgresql":
            return
        with self._lock:
            if self._listener is not None and self._listener.is_alive():
                return
            self._listening.clear()
            self._listener = threading.Thread(target=self._listen_forever, name="voting-listen", daemon=True)
            self._listener.start()
        # a change made right after the page connected must not slip past a LISTEN not yet in place
        self._listening.wait(LISTEN_READY_SECONDS)

    def _listen_forever(self) -> None:
        while True:
            try:
                self._listen()
            except Exception:  # reconnect after a lost database connection
                logger.exception("voting LISTEN failed; reconnecting")
                time.sleep(1.0)

    def _listen(self) -> None:
        import psycopg

        db = settings.DATABASES["default"]
        conn = psycopg.connect(
            dbname=db["NAME"],
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            autocommit=True,
        )
        try:
            conn.execute(f"LISTEN {PG_CHANNEL}")
            self._listening.set()
            for vote_id in self.watched():  # what changed while (re)connecting
                self.refresh(vote_id)
            while True:
                ids: set[int] = set()
                for note in conn.notifies(timeout=5.0, stop_after=1):
                    ids.add(int(note.payload))
                if not ids:
                    continue
                for note in conn.notifies(timeout=0.03):  # the rest of the burst, coalesced
                    ids.add(int(note.payload))
                for vote_id in ids:
                    if self.has_listeners(vote_id):
                        self.refresh(vote_id)
                close_old_connections()
        finally:
            conn.close()


hub = Hub()


def notify_in_transaction(vote_id: int) -> None:
    """On PostgreSQL: ``NOTIFY`` every process (delivered when the caller's transaction commits)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_notify(%s, %s)", [PG_CHANNEL, str(vote_id)])


def notify(vote_id: int) -> None:
    """After commit: publish to this process's streams (on PostgreSQL the listener thread does it)."""
    if connection.vendor == "postgresql":
        return
    if hub.has_listeners(vote_id):
        if coalesce_seconds() > 0:
            hub.mark_dirty(vote_id)
            return
        try:
            hub.refresh(vote_id)
        except Exception:  # a live screen must never fail a ballot
            logger.exception("voting live refresh failed")


# --- the event stream --------------------------------------------------------------------------


def sse_message(version: int, snapshot: dict[str, Any]) -> bytes:
    data = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"))
    return f"id: {version}\nevent: vote\ndata: {data}\n\n".encode()


def attach(vote_id: int) -> tuple[int, dict[str, Any] | None]:
    """Count a new stream (before its first snapshot, so no change slips between) and read the state."""
    hub.ensure_listener()
    ch = hub.channel(vote_id)
    with ch.cond:
        ch.listeners += 1
        version = ch.version
    from .selectors import live_snapshot

    return version, live_snapshot(vote_id)


def detach(vote_id: int) -> None:
    ch = hub.channel(vote_id)
    with ch.cond:
        ch.listeners -= 1


def release_database() -> None:
    """A stream never reads the database: give the request's connection back once the response has
    started (after the middleware saved the session), not when the page leaves — on PostgreSQL 3,000
    open pages would otherwise hold 3,000 connections."""
    if not connection.in_atomic_block:
        connection.close()


def stream_sync(vote_id: int, initial: tuple[int, dict[str, Any] | None]) -> Iterator[bytes]:
    """The stream for a thread-per-request server (``runserver``, WSGI): one thread per page."""
    ch = hub.channel(vote_id)
    try:
        version, snapshot = initial
        yield b"retry: 2000\n\n"
        release_database()
        if snapshot is not None:
            yield ch.encoded(version, snapshot)
            if snapshot.get("state") == "closed":
                return
        while True:
            new_version, snapshot = hub.wait(vote_id, version, HEARTBEAT_SECONDS)
            if new_version == version or snapshot is None:
                yield b": ping\n\n"
                continue
            version = new_version
            yield ch.encoded(version, snapshot)
            if snapshot.get("state") == "closed":
                return
            time.sleep(min_interval())
    finally:
        detach(vote_id)


async def stream_async(vote_id: int, initial: tuple[int, dict[str, Any] | None]) -> AsyncIterator[bytes]:
    """The stream for an ASGI server: one coroutine per page, no thread."""
    ch = hub.channel(vote_id)
    try:
        version, snapshot = initial
        yield b"retry: 2000\n\n"
        from asgiref.sync import sync_to_async

        await sync_to_async(release_database)()  # in the request's own thread, where its connection lives
        if snapshot is not None:
            yield ch.encoded(version, snapshot)
            if snapshot.get("state") == "closed":
                return
        while True:
            new_version, snapshot = await hub.wait_async(vote_id, version, HEARTBEAT_SECONDS)
            if new_version == version or snapshot is None:
                yield b": ping\n\n"
                continue
            version = new_version
            yield ch.encoded(version, snapshot)
            if snapshot.get("state") == "closed":
                return
            await asyncio.sleep(min_interval())
    finally:
        detach(vote_id)
