"""The owners of votes: the module whose record a vote is about registers how to read its voters.

A vote belongs to ``(owner code, owner id)`` — e.g. ``("meeting_agenda_item", 42)``. The voting app
never imports the owner; the owner registers a :class:`VoteOwner` in its ``AppConfig.ready()``::

    register_vote_owner(VoteOwner(code="meeting_agenda_item", label=_("会议议程"),
                                  member_user_ids=..., present_user_ids=..., subject_label=..., subject_url=...))

``member_user_ids(owner_id)`` is who may vote (snapshotted when the vote opens);
``present_user_ids(owner_id)`` is who is signed in now (asked again at every ballot, only they vote);
``on_closed(vote=, result=, actor=)`` runs inside the closing transaction (e.g. the oversight module
writes a satisfaction rating through its own service).
``is_present(owner_id, user_id)`` (optional) answers the presence of one member; the cast asks it
instead of building the whole ``present_user_ids`` set at every ballot (3,000 members casting would
otherwise read 3,000 × 3,000 rows). Owners without it keep working through ``present_user_ids``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class VoteOwner:
    code: str
    label: Any
    member_user_ids: Callable[[int], set[int]]
    present_user_ids: Callable[[int], set[int]]
    subject_label: Callable[[int], str]
    subject_url: Callable[[int], str]
    on_closed: Callable[..., None] | None = None
    is_present: Callable[[int, int], bool] | None = None

    def present(self, owner_id: int, user_id: int) -> bool:
        if self.is_present is not None:
            return bool(self.is_present(owner_id, user_id))
        return user_id in self.present_user_ids(owner_id)


_OWNERS: dict[str, VoteOwner] = {}


def register_vote_owner(owner: VoteOwner) -> None:
    """Register (or replace, by code) an owner."""
    _OWNERS[owner.code] = owner


def unregister_vote_owner(code: str) -> None:
    _OWNERS.pop(code, None)


def get_owner(code: str) -> VoteOwner | None:
    return _OWNERS.get(code)


def owner_codes() -> list[str]:
    return sorted(_OWNERS)
