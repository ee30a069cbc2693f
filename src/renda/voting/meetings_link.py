"""Votes on meeting agenda items: the vote owner ``meeting_agenda_item`` and the agenda kind "表决".

Registered by ``VotingConfig.ready()`` when ``renda.meetings`` is installed. The members of a vote are
the meeting's members (``meetings.selectors.member_user_ids``), those who may vote at a given moment
the members signed in and not on approved leave (``present_user_ids``). The agenda item's panel lets
the chair set up and open a vote on the item and shows its result; the minutes carry the result.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.scopes import scope_of

from . import selectors
from .choices import VoteState
from .owners import VoteOwner, register_vote_owner
from .services import CHAIR_ROLES

OWNER_CODE = "meeting_agenda_item"
AGENDA_KIND = "vote"


def _item(item_id: int) -> Any:
    from renda.meetings.models import AgendaItem

    return AgendaItem.objects.select_related("meeting").get(pk=item_id)


def member_ids(item_id: int) -> set[int]:
    from renda.meetings.selectors import member_user_ids

    return member_user_ids(_item(item_id).meeting)


def present_ids(item_id: int) -> set[int]:
    from renda.meetings.selectors import present_user_ids

    return present_user_ids(_item(item_id).meeting)


def is_present_on(item_id: int, user_id: int) -> bool:
    """One member's presence (the cast asks only this, not the whole set)."""
    from renda.meetings.models import AgendaItem
    from renda.meetings.selectors import is_present

    meeting_id = AgendaItem.objects.filter(pk=item_id).values_list("meeting_id", flat=True).first()
    return meeting_id is not None and is_present(meeting_id, user_id)


def subject_label(item_id: int) -> str:
    item = _item(item_id)
    return f"{item.meeting.title} · {item.title}"


def subject_url(item_id: int) -> str:
    item = _item(item_id)
    return reverse("meetings:detail", args=[item.meeting_id]) + f"#agenda-{item.pk}"


def panel_context(request: Any, item: Any) -> dict[str, Any]:
    votes = list(selectors.votes_of_owner(OWNER_CODE, item.pk))
    can_chair = scope_of(request.user).has_in(item.meeting.congress_id, *CHAIR_ROLES)
    rows = [
        {
            "vote": v,
            "result": selectors.result_view(v),
            "ballot_url": reverse("voting:ballot", args=[v.pk]),
            "control_url": reverse("voting:control", args=[v.pk]),
            "result_url": reverse("voting:result", args=[v.pk]),
        }
        for v in votes
    ]
    return {
        "votes": rows,
        "can_chair": can_chair,
        "create_url": reverse("voting:create", args=[OWNER_CODE, item.pk])
        + f"?congress={item.meeting.congress_id}",
        "any_open": any(v.state == VoteState.OPEN for v in votes),
    }


def minutes_text(item: Any) -> str:
    votes = [v for v in selectors.votes_of_owner(OWNER_CODE, item.pk) if v.state == VoteState.CLOSED]
    return "".join(selectors.result_text(v) for v in votes)


def register() -> None:
    from renda.meetings.agenda import AgendaKind, register_agenda_kind

    register_vote_owner(
        VoteOwner(
            code=OWNER_CODE,
            label=_("会议议程"),
            member_user_ids=member_ids,
            present_user_ids=present_ids,
            is_present=is_present_on,
            subject_label=subject_label,
            subject_url=subject_url,
        )
    )
    register_agenda_kind(
        AgendaKind(
            code=AGENDA_KIND,
            label=_("表决"),
            panel_template="voting/_agenda_panel.html",
            panel_context=panel_context,
            minutes_text=minutes_text,
            order=60,
        )
    )
