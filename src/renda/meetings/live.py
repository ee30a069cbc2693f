"""The quorum pushed to the meeting page and the door screen (server-sent events on the generic hub
:mod:`renda.core.live`; PostgreSQL channel ``renda_meetings``). Every audited change of a meeting
(sign-in, undo, leave, members, open, close, cancel, postpone) announces itself through ``changed``.
Settings: ``MEETINGS_LIVE_MIN_INTERVAL`` (0.3 s), ``MEETINGS_LIVE_COALESCE`` (0)."""

from __future__ import annotations

from typing import Any

from renda.core.live import Hub

PG_CHANNEL = "renda_meetings"


def _snapshot(meeting_id: int) -> dict[str, Any] | None:
    from .selectors import quorum_snapshot

    return quorum_snapshot(meeting_id)


hub = Hub(
    name="meetings",
    pg_channel=PG_CHANNEL,
    snapshot=_snapshot,
    event="quorum",
    final=lambda snap: snap.get("state") in ("closed", "cancelled"),
)


def changed(meeting_id: int) -> None:
    hub.changed(meeting_id)
