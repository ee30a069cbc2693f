"""Deliberation opinions on the engine's case page (``/cases/<pk>/``): the kind's own steps.

- ``submit`` — 送领导签发 with the compiled text (replaces the generic transition: the text is required);
- ``approve`` — 签发 by a leader, with the letter's reference number;
- ``assign`` — 交办 to the reporting body (replaces the engine's form: the lead is the body, the
  deadline defaults to the congress's months);
- ``comment`` — the responsible committee's comment on the body's report;
- ``rate_counts`` — the committee's rating from counts staff enter (a paper ballot or a show of
  hands); the electronic vote is on the meeting's agenda item and writes the same rating when closed;
- ``circular`` — 通报 and the stronger instrument proposed, once a rating calls for it.

Availability repeats the services' rules; the services check everything again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.cases.actions import ActionContext, CaseAction
from renda.core.choices import Role

from . import forms_opinions as f
from . import services_opinions as services
from .models.opinions import Opinion
from .policy_opinions import OpinionState


def _opinion(ctx: ActionContext) -> Opinion:
    return Opinion.objects.select_related("case", "reporting_body").get(case_id=ctx.case.pk)


def _may(name: str) -> Any:
    def available(ctx: ActionContext) -> bool:
        return name in ctx.transitions

    available.__name__ = f"may_{name}"
    return available


def _may_comment(ctx: ActionContext) -> bool:
    return "comment" in ctx.transitions and services._may_comment(ctx.actor, _opinion(ctx))


def _may_rate(ctx: ActionContext) -> bool:
    return (
        ctx.case.state == OpinionState.REVIEWED
        and ctx.scope.has_in(ctx.case.congress_id, Role.STAFF)
        and services.latest_report(_opinion(ctx)) is not None
    )


def _may_circular(ctx: ActionContext) -> bool:
    if not ctx.scope.has_in(ctx.case.congress_id, Role.STAFF):
        return False
    o = _opinion(ctx)
    return o.circular_due and o.circular_issued_at is None


def _submit(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
    return services.opinion_submit(actor=ctx.actor, opinion=_opinion(ctx), text=data.get("text", ""))


def _approve(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
    return services.opinion_approve(
        actor=ctx.actor, opinion=_opinion(ctx), letter_number=data.get("letter_number", "")
    )


def _assign(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
    return services.opinion_assign(
        actor=ctx.actor, opinion=_opinion(ctx), deadline=data.get("deadline"), note=data.get("note", "")
    )


def _comment(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
    return services.opinion_comment(actor=ctx.actor, opinion=_opinion(ctx), comment=data.get("comment", ""))


def _rate(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
    from .ratingrules_opinions import Counts

    counts = Counts(
        satisfied=data["satisfied"],
        basically=data["basically"],
        dissatisfied=data["dissatisfied"],
        blank=data.get("blank") or 0,
        members=data["members"],
        present=data["present"],
    )
    return services.rating_record(
        actor=ctx.actor,
        opinion=_opinion(ctx),
        counts=counts,
        ballots=data.get("ballots"),
        note=data.get("note", ""),
    )


def _circular(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
    return services.opinion_circular_issue(
        actor=ctx.actor,
        opinion=_opinion(ctx),
        text=data.get("text", ""),
        instrument=data.get("instrument", ""),
    )


def _text_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    return f.TextForm(data, initial={"text": _opinion(ctx).text})


def _approve_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    return f.ApproveForm(data)


def _assign_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    return f.AssignForm(data)


def _comment_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    return f.CommentForm(data)


def _counts_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    initial: dict[str, Any] = {"blank": 0}
    o = _opinion(ctx)
    if o.meeting_id:
        from renda.meetings.selectors import member_user_ids, present_user_ids

        initial["members"] = len(member_user_ids(o.meeting)) or None
        initial["present"] = len(present_user_ids(o.meeting)) or None
    return f.CountsForm(data, initial=initial)


def _circular_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    return f.CircularForm(data)


OPINION_ACTIONS: tuple[CaseAction, ...] = (
    CaseAction(
        code="submit",
        label=_("送领导签发"),
        available=_may("submit"),
        perform=_submit,
        form=_text_form,
        help=_("将组成人员的审议发言整理成审议意见,送常委会领导签发。"),
        success=_("已送领导签发。"),
        order=10,
    ),
    CaseAction(
        code="approve",
        label=_("签发"),
        available=_may("approve"),
        perform=_approve,
        form=_approve_form,
        help=_("签发后即可向报告机关交办。"),
        success=_("已签发。"),
        order=11,
    ),
    CaseAction(
        code="assign",
        label=_("交办"),
        available=_may("assign"),
        perform=_assign,
        form=_assign_form,
        help=_("交报告机关研究处理,期限不填按本级设置(默认三个月)。"),
        success=_("已交办报告机关。"),
        order=20,
    ),
    CaseAction(
        code="comment",
        label=_("委员会提出意见"),
        available=_may_comment,
        perform=_comment,
        form=_comment_form,
        help=_("负责的委员会对研究处理情况报告提出意见后,提请常委会会议满意度测评。"),
        success=_("已记录委员会意见,可以进行满意度测评。"),
        order=30,
    ),
    CaseAction(
        code="rate_counts",
        label=_("录入测评票数"),
        available=_may_rate,
        perform=_rate,
        form=_counts_form,
        help=_("纸质票或举手表决的计票结果;电子表决请在常委会会议的“审议意见满意度测评”议程中进行。"),
        success=_("已记录满意度测评结果。"),
        order=31,
    ),
    CaseAction(
        code="circular",
        label=_("发出通报"),
        available=_may_circular,
        perform=_circular,
        form=_circular_form,
        help=_("满意率低于通报线或整改后仍未通过:通报并建议启动专题询问、质询或特定问题调查。"),
        success=_("已发出通报。"),
        style="danger",
        order=40,
    ),
)
