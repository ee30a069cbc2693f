"""Appointments at meetings: the agenda kind "appointment" (人事任免) and the vote owner
``oversight_appointment``, whose ``on_closed`` records the committee's decision.

An appointment is put on a meeting's "人事任免" agenda item from its own page (``appointment_link_agenda``;
several appointments may share one item, "审议人事任免事项"). The item's panel on the meeting page lists
them, and the chair sets up one vote per appointment (majority of all members, ``majority_all``);
the vote's members are the meeting's members, those present the members signed in.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

OWNER_CODE = "oversight_appointment"
AGENDA_KIND = "appointment"
SUBJECT_TYPE = "oversight.appointment"


def _appointment(pk: int) -> Any:
    from .models.filings import Appointment

    return Appointment.objects.select_related("agenda_item__meeting", "congress").get(pk=pk)


def member_ids(appointment_id: int) -> set[int]:
    from renda.meetings.selectors import member_user_ids

    appointment = _appointment(appointment_id)
    if appointment.agenda_item is None:
        return set()
    return member_user_ids(appointment.agenda_item.meeting)


def present_ids(appointment_id: int) -> set[int]:
    from renda.meetings.selectors import present_user_ids

    appointment = _appointment(appointment_id)
    if appointment.agenda_item is None:
        return set()
    return present_user_ids(appointment.agenda_item.meeting)


def describe(appointment: Any) -> str:
    return _g("%(verb)s%(name)s%(what)s") % {
        "verb": {"appoint": _g("任命"), "remove": _g("免去"), "resign": _g("接受")}[appointment.kind],
        "name": appointment.person_name,
        "what": (
            _g("为%(e)s%(p)s") % {"e": appointment.employer, "p": appointment.post}
            if appointment.kind == "appoint"
            else _g("的%(e)s%(p)s职务") % {"e": appointment.employer, "p": appointment.post}
            if appointment.kind == "remove"
            else _g("辞去%(e)s%(p)s职务的请求") % {"e": appointment.employer, "p": appointment.post}
        ),
    }


def subject_label(appointment_id: int) -> str:
    return describe(_appointment(appointment_id))


def subject_url(appointment_id: int) -> str:
    return reverse("oversight:appointment_detail", args=[appointment_id])


def on_closed(*, vote: Any, result: dict[str, Any], actor: Any) -> None:
    from .services_filings import record_vote_decision

    record_vote_decision(vote=vote, result=result, actor=actor)


def subject_choices(user: Any, meeting: Any) -> list[tuple[str, str]]:
    from .models.filings import Appointment, AppointmentKind, AppointmentState

    rows = Appointment.objects.filter(congress_id=meeting.congress_id).filter(
        state__in=[AppointmentState.STATED, AppointmentState.NOMINATED, AppointmentState.ON_AGENDA]
    )
    return [
        (f"{SUBJECT_TYPE}:{a.pk}", describe(a))
        for a in rows
        if a.kind != AppointmentKind.APPOINT or a.state != AppointmentState.NOMINATED
    ]


def panel_context(request: Any, item: Any) -> dict[str, Any]:
    from renda.core.scopes import scope_of
    from renda.voting import selectors as vote_selectors
    from renda.voting.choices import VoteState
    from renda.voting.services import CHAIR_ROLES

    from .models.filings import Appointment

    appointments = list(Appointment.objects.filter(agenda_item=item).order_by("pk"))
    can_chair = scope_of(request.user).has_in(item.meeting.congress_id, *CHAIR_ROLES)
    rows = []
    for a in appointments:
        votes = list(vote_selectors.votes_of_owner(OWNER_CODE, a.pk))
        rows.append(
            {
                "appointment": a,
                "label": describe(a),
                "url": subject_url(a.pk),
                "votes": [
                    {
                        "vote": v,
                        "result": vote_selectors.result_view(v),
                        "control_url": reverse("voting:control", args=[v.pk]),
                        "ballot_url": reverse("voting:ballot", args=[v.pk]),
                    }
                    for v in votes
                ],  # fmt: skip
                "may_create": can_chair
                and a.state == "on_agenda"
                and not any(v.state != VoteState.CLOSED for v in votes),
                "create_url": reverse("voting:create", args=[OWNER_CODE, a.pk])
                + f"?congress={a.congress_id}",
            }
        )
    return {"rows": rows, "can_chair": can_chair}


def minutes_text(item: Any) -> str:
    from .models.filings import Appointment

    lines = []
    for a in Appointment.objects.filter(agenda_item=item).order_by("pk"):
        if a.vote_summary:
            verdict = _g("通过") if a.state not in ("rejected",) else _g("未通过")
            lines.append(f"{describe(a)}:{a.vote_summary},{verdict}。")
    return "".join(lines)


def register() -> None:
    from renda.meetings.agenda import AgendaKind, register_agenda_kind
    from renda.voting.owners import VoteOwner, register_vote_owner

    register_vote_owner(
        VoteOwner(
            code=OWNER_CODE, label=_("人事任免"), member_user_ids=member_ids, present_user_ids=present_ids,
            subject_label=subject_label, subject_url=subject_url, on_closed=on_closed,
        )
    )  # fmt: skip
    register_agenda_kind(
        AgendaKind(
            code=AGENDA_KIND, label=_("人事任免"), subject_choices=subject_choices, subject_label=subject_label,
            subject_url=subject_url, panel_template="oversight/filings/_agenda_panel.html",
            panel_context=panel_context, minutes_text=minutes_text, order=30,
        )
    )  # fmt: skip
