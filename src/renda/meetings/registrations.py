"""What the meetings app adds to the shared registries (navigation, to-do, audit names)."""

from __future__ import annotations


def register_all() -> None:
    from renda.audit.labels import register_target_namer

    from .labels import meeting_names

    register_target_namer("meetings.meeting", meeting_names)
