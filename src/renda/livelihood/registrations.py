"""What the livelihood app adds to the shared registries: the case kind, the two vote owners, the
agenda kind "民生实事项目票决", the menu and the audit names."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .choices import AGENDA_KIND, OWNER_BALLOT, OWNER_EVALUATION, Stage

SUBJECT_TYPE = "livelihood.programme"


def _programme(pk: int) -> Any:
    from .models import LivelihoodProgramme

    return LivelihoodProgramme.objects.select_related("congress").get(pk=pk)


def _project(pk: int) -> Any:
    from .models import CandidateProject

    return CandidateProject.objects.select_related("programme__congress").get(pk=pk)


def congress_deputy_user_ids(congress_id: int) -> set[int]:
    """The congress's sitting deputies who have an account."""
    from renda.deputies.models import DeputyMandate

    return set(
        DeputyMandate.objects.active()
        .filter(congress_id=congress_id, deputy__user__isnull=False, deputy__user__is_active=True)
        .values_list("deputy__user_id", flat=True)
    )


def programme_member_ids(programme: Any) -> set[int]:
    """The plenary's members when the ballot sits on its agenda; else the congress's deputies."""
    from renda.meetings.selectors import member_user_ids

    if programme.agenda_item_id:
        return member_user_ids(programme.agenda_item.meeting)
    return congress_deputy_user_ids(programme.congress_id)


def programme_present_ids(programme: Any) -> set[int]:
    """At the plenary: the members signed in and not on leave; outside a sitting every deputy counts."""
    from renda.meetings.selectors import present_user_ids

    if programme.agenda_item_id:
        return present_user_ids(programme.agenda_item.meeting)
    return congress_deputy_user_ids(programme.congress_id)


def _ballot_owner() -> Any:
    from renda.voting.owners import VoteOwner

    from . import services

    return VoteOwner(
        code=OWNER_BALLOT,
        label=_("民生实事项目票决"),
        member_user_ids=lambda pk: programme_member_ids(_programme(pk)),
        present_user_ids=lambda pk: programme_present_ids(_programme(pk)),
        subject_label=lambda pk: _programme(pk).title,
        subject_url=lambda pk: reverse("livelihood:programme_detail", args=[pk]),
        on_closed=services.on_ballot_closed,
    )


def _evaluation_owner() -> Any:
    from renda.voting.owners import VoteOwner

    from . import services

    return VoteOwner(
        code=OWNER_EVALUATION,
        label=_("民生实事项目满意度测评"),
        member_user_ids=lambda pk: programme_member_ids(_project(pk).programme),
        present_user_ids=lambda pk: programme_present_ids(_project(pk).programme),
        subject_label=lambda pk: _project(pk).title,
        subject_url=lambda pk: reverse("livelihood:programme_detail", args=[_project(pk).programme_id]),
        on_closed=services.on_evaluation_closed,
    )


def _subject_choices(user: Any, meeting: Any) -> list[tuple[str, str]]:
    from .models import LivelihoodProgramme

    qs = LivelihoodProgramme.objects.filter(
        congress_id=meeting.congress_id, stage__in=[Stage.PRESIDIUM, Stage.VOTING]
    ).order_by("-year")
    return [(f"{SUBJECT_TYPE}:{p.pk}", p.title) for p in qs]


def _panel_context(request: Any, item: Any) -> dict[str, Any]:
    from .services import can_manage

    if not item.subject_id:
        return {"programme": None}
    p = _programme(item.subject_id)
    return {
        "programme": p,
        "can_manage": can_manage(request.user, p.congress_id),
        "detail_url": reverse("livelihood:programme_detail", args=[p.pk]),
        "ballot_url": reverse("voting:ballot", args=[p.ballot_id]) if p.ballot_id else "",
        "control_url": reverse("voting:control", args=[p.ballot_id]) if p.ballot_id else "",
    }


def _minutes_text(item: Any) -> str:
    from .models import CandidateProject

    if not item.subject_id:
        return ""
    p = _programme(item.subject_id)
    if p.voted_on is None:
        return ""
    passed = CandidateProject.objects.filter(programme=p, rank__isnull=False).order_by("rank")
    names = "、".join(x.title for x in passed if x.state not in ("failed", "tied"))
    return str(_("票决产生民生实事项目:%(names)s。")) % {"names": names}


def register_all() -> None:
    from renda.cases.policies import register_policy
    from renda.core.choices import Role
    from renda.meetings.agenda import AgendaKind, register_agenda_kind
    from renda.voting.owners import register_vote_owner
    from renda.web.navigation import register_nav, register_shortcut
    from renda.web.todo import register_todo

    from . import (
        rules,  # noqa: F401  (registers R31)
        todo,
    )
    from .policy import POLICY

    register_policy(POLICY, replace=True)
    register_vote_owner(_ballot_owner())
    register_vote_owner(_evaluation_owner())
    register_agenda_kind(
        AgendaKind(
            code=AGENDA_KIND,
            label=_("民生实事项目票决"),
            subject_choices=_subject_choices,
            subject_label=lambda pk: _programme(pk).title,
            subject_url=lambda pk: reverse("livelihood:programme_detail", args=[pk]),
            panel_template="livelihood/_agenda_panel.html",
            panel_context=_panel_context,
            minutes_text=_minutes_text,
            order=50,
        )
    )
    register_nav(
        _("民生实事"),
        "livelihood:programme_list",
        roles=[Role.STAFF, Role.LEADER, Role.DEPUTY],
        icon="house-check",
        order=60,
        group="oversight",
        active_prefixes=["/livelihood/"],
    )
    register_shortcut(
        _("民生实事项目征集"),
        "livelihood:programme_list",
        roles=[Role.STATION_KEEPER],
        icon="house-check",
        order=46,
    )
    for provider in todo.PROVIDERS:
        register_todo(provider)
