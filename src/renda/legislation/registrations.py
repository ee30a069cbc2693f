"""What legislation hooks into other apps: the vote owners, the agenda kind, the menu and to-dos."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

PLAN_OWNER = "legislative_plan"
DRAFT_OWNER = "legislative_draft"
AGENDA_KIND = "legislative_reading"


def _meeting(meeting_id: int) -> Any:
    from renda.meetings.models import Meeting

    return Meeting.objects.get(pk=meeting_id)


def _plan_meeting(plan_id: int) -> Any:
    from .models import LegislativePlan

    return _meeting(LegislativePlan.objects.get(pk=plan_id).meeting_id)


def _draft_meeting(dv_id: int) -> Any:
    from .models import DraftVote

    return _meeting(DraftVote.objects.select_related("reading").get(pk=dv_id).reading.meeting_id)


def _members(meeting: Any) -> set[int]:
    from renda.meetings.selectors import member_user_ids

    return member_user_ids(meeting)


def _present(meeting: Any) -> set[int]:
    from renda.meetings.selectors import present_user_ids

    return present_user_ids(meeting)


def _plan_label(plan_id: int) -> str:
    from .models import LegislativePlan

    return LegislativePlan.objects.get(pk=plan_id).title


def _draft_label(dv_id: int) -> str:
    from .models import DraftVote

    dv = DraftVote.objects.select_related("reading__project").get(pk=dv_id)
    return f"{dv.reading.project.title}·{dv.reading.get_ordinal_display()}"


def _draft_url(dv_id: int) -> str:
    from .models import DraftVote

    dv = DraftVote.objects.select_related("reading").get(pk=dv_id)
    return reverse("legislation:project", args=[dv.reading.project_id]) + "#readings"


# --- agenda kind ----------------------------------------------------------------------------------


def subject_choices(user: Any, meeting: Any) -> list[tuple[str, str]]:
    from .choices import ProjectState
    from .models import LegislativeProject

    qs = LegislativeProject.objects.filter(
        congress_id=meeting.congress_id, state=ProjectState.UNDER_DELIBERATION
    )
    return [(f"legislation.project:{p.pk}", p.title) for p in qs.order_by("title")]


def subject_label(pk: int) -> str:
    from .models import LegislativeProject

    return LegislativeProject.objects.get(pk=pk).title


def subject_url(pk: int) -> str:
    return reverse("legislation:project", args=[pk])


def panel_context(request: Any, item: Any) -> dict[str, Any]:
    from .models import Reading

    reading = Reading.objects.select_related("project", "version").filter(agenda_item_id=item.pk).first()
    if reading is None:
        return {"reading": None}
    return {
        "reading": reading,
        "votes": list(reading.votes.all()),
        "remarks": reading.remarks.count(),
        "url": reverse("legislation:reading", args=[reading.pk]),
    }


def minutes_text(item: Any) -> str:
    from .models import Reading

    reading = Reading.objects.select_related("project").filter(agenda_item_id=item.pk).first()
    if reading is None:
        return ""
    parts = [
        f"会议对《{reading.project.title}》进行了{reading.get_ordinal_display()},组成人员提出审议意见{reading.remarks.count()}条。"
    ]
    for dv in reading.votes.exclude(outcome="pending"):
        what = "草案全文" if dv.scope == "whole" else f"第{dv.article_number}条"
        parts.append(f"{what}表决{dv.get_outcome_display()}。")
    return "".join(parts)


def register() -> None:
    from renda.audit.labels import ACTION_LABELS
    from renda.core.choices import Role
    from renda.meetings.agenda import AgendaKind, register_agenda_kind
    from renda.voting.owners import VoteOwner, register_vote_owner
    from renda.web.navigation import register_nav
    from renda.web.todo import register_todo

    from . import services
    from .labels import ACTION_LABELS as OURS

    for code, label in OURS.items():
        ACTION_LABELS.setdefault(code, label)

    register_vote_owner(
        VoteOwner(
            code=PLAN_OWNER, label=_("立法计划"),
            member_user_ids=lambda pk: _members(_plan_meeting(pk)),
            present_user_ids=lambda pk: _present(_plan_meeting(pk)),
            subject_label=_plan_label,
            subject_url=lambda pk: reverse("legislation:plan", args=[pk]),
            on_closed=services.plan_vote_closed,
        )
    )  # fmt: skip
    register_vote_owner(
        VoteOwner(
            code=DRAFT_OWNER, label=_("法规草案"),
            member_user_ids=lambda pk: _members(_draft_meeting(pk)),
            present_user_ids=lambda pk: _present(_draft_meeting(pk)),
            subject_label=_draft_label, subject_url=_draft_url,
            on_closed=services.draft_vote_closed,
        )
    )  # fmt: skip
    register_agenda_kind(
        AgendaKind(
            code=AGENDA_KIND, label=_("审议法规草案"), subject_choices=subject_choices,
            subject_label=subject_label, subject_url=subject_url,
            panel_template="legislation/_agenda_panel.html", panel_context=panel_context,
            minutes_text=minutes_text, order=25,
        )
    )  # fmt: skip
    from . import todo

    for provider in todo.PROVIDERS:
        register_todo(provider)
    staff = [Role.STAFF, Role.LEADER]
    register_nav(
        _("立法项目"), "legislation:projects", roles=staff, icon="journal-text", order=60, group="legislation",
        active_prefixes=["/legislation/projects/", "/legislation/readings/", "/legislation/versions/"],
    )  # fmt: skip
    register_nav(
        _("立法计划"), "legislation:plans", roles=staff, icon="calendar2-range", order=61, group="legislation",
        active_prefixes=["/legislation/plans/", "/legislation/registry/"],
    )  # fmt: skip
    register_nav(
        _("征求意见与法规库"), "legislation:periods", roles=staff, icon="chat-square-text", order=62,
        group="legislation", active_prefixes=["/legislation/periods/", "/legislation/regulations/"],
    )  # fmt: skip
