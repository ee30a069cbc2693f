"""Live screens: a per-process hub that pushes an object's snapshot to every open event stream.

One :class:`Hub` per kind of object (a vote, a meeting's quorum), each with its own PostgreSQL
channel, snapshot function and SSE event name. A change is announced after its transaction commits:

* on **SQLite** (one process) :meth:`Hub.notify` recomputes the snapshot in the calling thread (or,
  with ``<PREFIX>_LIVE_COALESCE`` > 0, once per burst in a thread of its own) and publishes it;
* on **PostgreSQL** the service also calls :meth:`Hub.notify_in_transaction` (``NOTIFY <channel>,
  '<id>'`` inside its own transaction, delivered only on commit), and a listener thread in every
  server process that has an open stream (``LISTEN <channel>``) recomputes the snapshot once per
  burst and publishes it to its local hub — so the push reaches pages served by any process.

Streams wait on the hub: threads (``runserver``, WSGI) on a condition variable, coroutines (ASGI) on
an ``asyncio.Event`` per event loop woken with ``call_soon_threadsafe``. A stream sends at most one
message per ``<PREFIX>_LIVE_MIN_INTERVAL`` seconds (the latest snapshot).

``renda.voting.live`` is the votes' hub; ``renda.meetings.live`` the quorum's.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15.0
LISTEN_READY_SECONDS = 2.0

Snapshot = dict[str, Any]


def sse_message(version: int, snapshot: Snapshot, event: str = "message") -> bytes:
    data = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"))
    return f"id: {version}\nevent: {event}\ndata: {data}\n\n".encode()


def release_database() -> None:
    """A stream never reads the database: give the request's connection back once the response has
    started (after the middleware saved the session), not when the page leaves — on PostgreSQL 3,000
    open pages would otherwise hold 3,000 connections."""
    if not connection.in_atomic_block:
        connection.close()


def skip_session_write(request: Any) -> None:
    """Answer without writing the user's session row (``SESSION_SAVE_EVERY_REQUEST`` and the idle
    timer's last-activity stamp would write it on every request). For requests that change nothing the
    session holds — an event stream, a ballot through the API: thousands of them arriving together
    otherwise queue behind one write lock (SQLite) and fail in the session middleware after the view
    succeeded. The idle-timeout check itself already ran before the view."""
    session = getattr(request, "session", None)
    if session is not None:
        session.save = lambda *args, **kwargs: None  # this request's session object only


class Channel:
    def __init__(self, event: str = "message") -> None:
        self.version = 0
        self.snapshot: Snapshot | None = None
        self.cond = threading.Condition()
        self.loops: dict[asyncio.AbstractEventLoop, asyncio.Event] = {}
        self.listeners = 0
        self.event = event
        self._encoded: tuple[int, bytes] | None = None

    def encoded(self, version: int, snapshot: Snapshot) -> bytes:
        """The message of one version, encoded once for all the streams that send it."""
        cached = self._encoded
        if cached is not None and cached[0] == version:
            return cached[1]
        data = sse_message(version, snapshot, self.event)
        self._encoded = (version, data)
        return data

    def _wake(self, loop: asyncio.AbstractEventLoop) -> None:  # runs in ``loop``
        event = self.loops.get(loop)
        if event is not None:
            self.loops[loop] = asyncio.Event()
            event.set()


def _resolve(fn: Callable[[int], Snapshot | None] | str) -> Callable[[int], Snapshot | None]:
    if callable(fn):
        return fn
    module, _sep, name = fn.rpartition(".")
    return getattr(importlib.import_module(module), name)


class Hub:
    """Channels keyed by an object id; ``snapshot`` (a callable or its dotted path) reads one object's
    state from the database; ``final`` says a snapshot is the last one (the stream then ends)."""

    def __init__(
        self,
        *,
        name: str,
        pg_channel: str,
        snapshot: Callable[[int], Snapshot | None] | str,
        event: str = "message",
        settings_prefix: str = "",
        final: Callable[[Snapshot], bool] | None = None,
    ) -> None:
        self.name = name
        self.pg_channel = pg_channel
        self.event = event
        self.settings_prefix = settings_prefix or name.upper()
        self._snapshot = snapshot
        self.final = final or (lambda snap: snap.get("state") == "closed")
        self._lock = threading.Lock()
        self._channels: dict[int, Channel] = {}
        self._listener: threading.Thread | None = None
        self._refresher: threading.Thread | None = None
        self._dirty: set[int] = set()
        self._dirty_event = threading.Event()
        self._listening = threading.Event()
        self.snapshot_fn: Callable[[int], Snapshot | None] | None = None

    # --- settings --------------------------------------------------------------------------------

    def min_interval(self) -> float:
        return float(getattr(settings, f"{self.settings_prefix}_LIVE_MIN_INTERVAL", 0.3))

    def coalesce_seconds(self) -> float:
        """On SQLite, gather the changes of this long into one refresh (0: refresh in the caller's thread)."""
        return float(getattr(settings, f"{self.settings_prefix}_LIVE_COALESCE", 0.0))

    # --- channels ------------------------------------------------------------------------------

    def channel(self, key: int) -> Channel:
        with self._lock:
            ch = self._channels.get(key)
            if ch is None:
                ch = self._channels[key] = Channel(self.event)
            return ch

    def watched(self) -> list[int]:
        with self._lock:
            return [key for key, ch in self._channels.items() if ch.listeners > 0]

    def has_listeners(self, key: int) -> bool:
        ch = self._channels.get(key)
        return ch is not None and ch.listeners > 0

    def publish(self, key: int, snapshot: Snapshot) -> int:
        ch = self.channel(key)
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

    def read(self, key: int) -> Snapshot | None:
        fn = self.snapshot_fn or _resolve(self._snapshot)
        return fn(key)

    def refresh(self, key: int) -> None:
        """Recompute the snapshot from the database and publish it."""
        snapshot = self.read(key)
        if snapshot is not None:
            self.publish(key, snapshot)

    def current(self, key: int) -> tuple[int, Snapshot | None]:
        ch = self.channel(key)
        with ch.cond:
            return ch.version, ch.snapshot

    def wait(self, key: int, version: int, timeout: float) -> tuple[int, Snapshot | None]:
        ch = self.channel(key)
        with ch.cond:
            ch.cond.wait_for(lambda: ch.version != version, timeout=timeout)
            return ch.version, ch.snapshot

    async def wait_async(self, key: int, version: int, timeout: float) -> tuple[int, Snapshot | None]:
        ch = self.channel(key)
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

    def mark_dirty(self, key: int) -> None:
        with self._lock:
            self._dirty.add(key)
            if self._refresher is None or not self._refresher.is_alive():
                self._refresher = threading.Thread(
                    target=self._refresh_forever, name=f"{self.name}-refresh", daemon=True
                )
                self._refresher.start()
        self._dirty_event.set()

    def _refresh_forever(self) -> None:
        while True:
            self._dirty_event.wait()
            time.sleep(self.coalesce_seconds())
            with self._lock:
                keys, self._dirty = self._dirty, set()
                self._dirty_event.clear()
            for key in keys:
                try:
                    self.refresh(key)
                except Exception:
                    logger.exception("%s live refresh failed", self.name)
            close_old_connections()

    # --- PostgreSQL fan-out -------------------------------------------------------------------

    def ensure_listener(self) -> None:
        if connection.vendor != "postgresql":
            return
        with self._lock:
            if self._listener is not None and self._listener.is_alive():
                return
            self._listening.clear()
            self._listener = threading.Thread(
                target=self._listen_forever, name=f"{self.name}-listen", daemon=True
            )
            self._listener.start()
        # a change made right after the page connected must not slip past a LISTEN not yet in place
        self._listening.wait(LISTEN_READY_SECONDS)

    def _listen_forever(self) -> None:
        while True:
            try:
                self._listen()
            except Exception:  # reconnect after a lost database connection
                logger.exception("%s LISTEN failed; reconnecting", self.name)
                time.sleep(1.0)

    def _listen(self) -> None:
        import psycopg

        # LISTEN holds a session: behind a transaction-mode pooler it needs a direct connection
        db = getattr(settings, "RENDA_LISTEN_DATABASE", None) or settings.DATABASES["default"]
        conn = psycopg.connect(
            dbname=db["NAME"],
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            autocommit=True,
        )
        try:
            conn.execute(f"LISTEN {self.pg_channel}")
            self._listening.set()
            for key in self.watched():  # what changed while (re)connecting
                self.refresh(key)
            while True:
                keys: set[int] = set()
                for note in conn.notifies(timeout=5.0, stop_after=1):
                    keys.add(int(note.payload))
                if not keys:
                    continue
                for note in conn.notifies(timeout=0.03):  # the rest of the burst, coalesced
                    keys.add(int(note.payload))
                for key in keys:
                    if self.has_listeners(key):
                        self.refresh(key)
                close_old_connections()
        finally:
            conn.close()

    # --- what services call ---------------------------------------------------------------------

    def notify_in_transaction(self, key: int) -> None:
        """On PostgreSQL: ``NOTIFY`` every process (delivered when the caller's transaction commits)."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_notify(%s, %s)", [self.pg_channel, str(key)])

    def notify(self, key: int) -> None:
        """After commit: publish to this process's streams (on PostgreSQL the listener thread does it)."""
        if connection.vendor == "postgresql":
            return
        if self.has_listeners(key):
            if self.coalesce_seconds() > 0:
                self.mark_dirty(key)
                return
            try:
                self.refresh(key)
            except Exception:  # a live screen must never fail the change itself
                logger.exception("%s live refresh failed", self.name)

    def changed(self, key: int) -> None:
        """Both, from inside the service's transaction: NOTIFY now, publish after commit."""
        from django.db import transaction

        transaction.on_commit(lambda: self.notify(key))
        self.notify_in_transaction(key)

    # --- the event stream ------------------------------------------------------------------------

    def attach(self, key: int) -> tuple[int, Snapshot | None]:
        """Count a new stream (before its first snapshot, so no change slips between) and read the state."""
        self.ensure_listener()
        ch = self.channel(key)
        with ch.cond:
            ch.listeners += 1
            version = ch.version
        return version, self.read(key)

    def detach(self, key: int) -> None:
        ch = self.channel(key)
        with ch.cond:
            ch.listeners -= 1

    def stream_sync(self, key: int, initial: tuple[int, Snapshot | None]) -> Iterator[bytes]:
        """The stream for a thread-per-request server (``runserver``, WSGI): one thread per page."""
        ch = self.channel(key)
        try:
            version, snapshot = initial
            yield b"retry: 2000\n\n"
            release_database()
            if snapshot is not None:
                yield ch.encoded(version, snapshot)
                if self.final(snapshot):
                    return
            while True:
                new_version, snapshot = self.wait(key, version, HEARTBEAT_SECONDS)
                if new_version == version or snapshot is None:
                    yield b": ping\n\n"
                    continue
                version = new_version
                yield ch.encoded(version, snapshot)
                if self.final(snapshot):
                    return
                time.sleep(self.min_interval())
        finally:
            self.detach(key)

    async def stream_async(self, key: int, initial: tuple[int, Snapshot | None]) -> AsyncIterator[bytes]:
        """The stream for an ASGI server: one coroutine per page, no thread."""
        ch = self.channel(key)
        try:
            version, snapshot = initial
            yield b"retry: 2000\n\n"
            from asgiref.sync import sync_to_async

            await sync_to_async(release_database)()  # in the request's own thread, where its connection lives
            if snapshot is not None:
                yield ch.encoded(version, snapshot)
                if self.final(snapshot):
                    return
            while True:
                new_version, snapshot = await self.wait_async(key, version, HEARTBEAT_SECONDS)
                if new_version == version or snapshot is None:
                    yield b": ping\n\n"
                    continue
                version = new_version
                yield ch.encoded(version, snapshot)
                if self.final(snapshot):
                    return
                await asyncio.sleep(self.min_interval())
        finally:
            self.detach(key)

    def response(self, request: Any, key: int) -> Any:
        """The ``StreamingHttpResponse`` of one object's stream (ASGI or thread-per-request)."""
        from django.core.handlers.asgi import ASGIRequest
        from django.http import StreamingHttpResponse

        skip_session_write(request)  # the page that opened the stream has just written it
        initial = self.attach(key)
        if isinstance(request, ASGIRequest):
            content: Any = self.stream_async(key, initial)
        else:
            content = self.stream_sync(key, initial)
        response = StreamingHttpResponse(content, content_type="text/event-stream; charset=utf-8")
        response["Cache-Control"] = "no-cache, no-store"
        response["X-Accel-Buffering"] = "no"
        return response
