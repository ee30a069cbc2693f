"""What the area `opinions` registers when the app is ready (``OversightConfig.ready``): the case kind,
the satisfaction vote (agenda kind and vote owner), the menu, the to-do, the audit names and the
compliance rules R11 and R12."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.choices import Role


def _agenda_opinion(item: Any) -> Any:
    from .models.opinions import Opinion
    from .selectors_opinions import SUBJECT_TYPE

    if item.subject_type != SUBJECT_TYPE or not item.subject_id:
        return None
    return Opinion.objects.select_related("case").filter(pk=item.subject_id).first()


def subject_choices(user: Any, meeting: Any) -> list[tuple[str, str]]:
    """The opinions of the meeting's congress waiting for the committee's rating (or rated already on
    this congress's agenda)."""
    from .policy_opinions import OpinionState
    from .selectors_opinions import SUBJECT_TYPE, opinions_for

    qs = opinions_for(user).filter(
        case__congress_id=meeting.congress_id,
        case__state__in=[OpinionState.REPORTED, OpinionState.REVIEWED],
    )
    return [(f"{SUBJECT_TYPE}:{o.pk}", f"{o.case.number} {o.case.title}") for o in qs.order_by("-pk")[:200]]


def subject_label(pk: int) -> str:
    from .models.opinions import Opinion

    o = Opinion.objects.select_related("case").filter(pk=pk).first()
    return f"{o.case.number} {o.case.title}" if o else ""


def subject_url(pk: int) -> str:
    from .models.opinions import Opinion

    o = Opinion.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    return reverse("cases:detail", args=[o]) if o else ""


def panel_context(request: Any, item: Any) -> dict[str, Any]:
    from renda.core.scopes import scope_of
    from renda.voting import selectors as vs
    from renda.voting.choices import VoteState

    from . import forms_opinions as f
    from .policy_opinions import OpinionState
    from .selectors_opinions import VOTE_OWNER

    opinion = _agenda_opinion(item)
    votes = list(vs.votes_of_owner(VOTE_OWNER, item.pk))
    can_chair = scope_of(request.user).has_in(item.meeting.congress_id, Role.STAFF, Role.LEADER)
    ratings = list(opinion.ratings.filter(vote__in=[v.pk for v in votes])) if opinion else []
    return {
        "opinion": opinion,
        "ratings": ratings,
        "votes": [
            {
                "vote": v,
                "result": vs.result_view(v),
                "ballot_url": reverse("voting:ballot", args=[v.pk]),
                "control_url": reverse("voting:control", args=[v.pk]),
                "result_url": reverse("voting:result", args=[v.pk]),
            }
            for v in votes
        ],
        "can_chair": can_chair,
        "can_create": bool(
            can_chair
            and opinion is not None
            and opinion.case.state == OpinionState.REVIEWED
            and not any(v.state != VoteState.CLOSED for v in votes)
        ),
        "create_url": reverse("oversight:opinion_vote_create", args=[item.pk]),
        "form": f.VoteCreateForm(),
        "case_url": reverse("cases:detail", args=[opinion.case_id]) if opinion else "",
    }


def minutes_text(item: Any) -> str:
    opinion = _agenda_opinion(item)
    if opinion is None:
        return ""
    from .selectors_opinions import VOTE_OWNER

    lines = []
    for r in opinion.ratings.filter(vote__owner_code=VOTE_OWNER, vote__owner_id=item.pk).order_by("pk"):
        lines.append(
            str(
                _(
                    "满意度测评:满意%(s)d票,基本满意%(b)d票,不满意%(d)d票,弃权或无效%(x)d票;满意率%(p)s%%,%(v)s。"
                )
            )
            % {
                "s": r.satisfied,
                "b": r.basically,
                "d": r.dissatisfied,
                "x": r.blank,
                "p": f"{r.percent:.2f}",
                "v": r.get_verdict_display(),
            }
        )
    return "".join(lines)


def _vote_members(item_id: int) -> set[int]:
    from renda.meetings.models import AgendaItem
    from renda.meetings.selectors import member_user_ids

    return member_user_ids(AgendaItem.objects.select_related("meeting").get(pk=item_id).meeting)


def _vote_present(item_id: int) -> set[int]:
    from renda.meetings.models import AgendaItem
    from renda.meetings.selectors import present_user_ids

    return present_user_ids(AgendaItem.objects.select_related("meeting").get(pk=item_id).meeting)


def _vote_subject_label(item_id: int) -> str:
    from renda.meetings.models import AgendaItem

    item = AgendaItem.objects.select_related("meeting").get(pk=item_id)
    return f"{item.meeting.title} · {item.title}"


def _vote_subject_url(item_id: int) -> str:
    from renda.meetings.models import AgendaItem

    item = AgendaItem.objects.get(pk=item_id)
    return reverse("meetings:detail", args=[item.meeting_id]) + f"#agenda-{item.pk}"


def _on_closed(*, vote: Any, result: Any, actor: Any) -> None:
    from .services_opinions import rating_from_vote

    rating_from_vote(vote=vote, result=result, actor=actor)


AUDIT_LABELS = {
    "opinion.create": _("整理审议意见"),
    "opinion.update": _("修改审议意见"),
    "opinion.report_late": _("逾期报告研究处理情况"),
    "opinion.rate": _("审议意见满意度测评"),
    "opinion.circular": _("审议意见测评通报"),
    "opinion.settings": _("修改审议意见工作参数"),
    "opinion.rule_set": _("设置满意度测评规则"),
    "opinion.export": _("导出审议意见"),
}


def register_all() -> None:
    from renda.audit.labels import ACTION_LABELS
    from renda.cases.policies import register_policy
    from renda.meetings.agenda import AgendaKind, register_agenda_kind
    from renda.voting.owners import VoteOwner, register_vote_owner
    from renda.web.navigation import register_nav
    from renda.web.todo import register_todo

    from . import rules_opinions  # noqa: F401  (R11, R12)
    from .policy_opinions import POLICY
    from .ratingrules_opinions import register_vote_pass_rules
    from .selectors_opinions import VOTE_OWNER
    from .todo_opinions import PROVIDERS

    register_policy(POLICY)
    for code, label in AUDIT_LABELS.items():
        ACTION_LABELS.setdefault(code, label)
    register_vote_pass_rules()
    register_vote_owner(
        VoteOwner(
            code=VOTE_OWNER,
            label=_("审议意见满意度测评"),
            member_user_ids=_vote_members,
            present_user_ids=_vote_present,
            subject_label=_vote_subject_label,
            subject_url=_vote_subject_url,
            on_closed=_on_closed,
        )
    )
    register_agenda_kind(
        AgendaKind(
            code="satisfaction_vote",
            label=_("审议意见满意度测评"),
            subject_choices=subject_choices,
            subject_label=subject_label,
            subject_url=subject_url,
            panel_template="oversight/opinions/_vote_panel.html",
            panel_context=panel_context,
            minutes_text=minutes_text,
            order=40,
        )
    )
    register_nav(
        _("审议意见"),
        "oversight:opinion_list",
        roles=(Role.STAFF, Role.LEADER, Role.UNIT_CLERK, Role.UNIT_LEADER),
        group="oversight",
        order=10,
        icon="journal-check",
        active_prefixes=("/oversight/opinions/", "/oversight/ratings/"),
    )
    for provider in PROVIDERS:
        register_todo(provider)
