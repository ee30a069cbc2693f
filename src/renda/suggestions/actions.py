"""The suggestion kind's own actions on the engine's case page (``SuggestionPolicy.extra_actions``).

Submitting, resubmitting and withdrawing go through the suggestion services (versions, co-signers,
the deputy's record); reviewing is one form for 立案 / 退回修改 / 不予立案 / 并案 / 议案转建议; the
publication controls keep the suggestion's own not-public mark. Everything else (assign, sign,
handling, reply, rating, supervision …) is the engine's.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.analytics.forms_screening import publish_form
from renda.cases.actions import ActionContext, CaseAction
from renda.cases.forms import ReasonForm
from renda.core.choices import Role

from . import services
from .choices import SuggestionState
from .forms import InviteForm, ReviewForm
from .models import Suggestion

REVIEW_TRANSITIONS = ("admit", "return", "refuse", "merge", "convert")


def suggestion_of(ctx: ActionContext) -> Suggestion:
    cached = ctx.__dict__.get("_suggestion")
    if cached is None:
        cached = Suggestion.objects.select_related("case", "lead_mandate__deputy").get(case_id=ctx.case.pk)
        cached.case = ctx.case
        ctx.__dict__["_suggestion"] = cached
    return cached


def _is_lead(ctx: ActionContext) -> bool:
    return getattr(ctx.actor, "pk", None) is not None and suggestion_of(ctx).lead_user_id == ctx.actor.pk


def _editable(ctx: ActionContext) -> bool:
    return ctx.case.state in services.EDITABLE_STATES and _is_lead(ctx)


def _is_staff(ctx: ActionContext) -> bool:
    return ctx.scope.has_in(ctx.case.congress_id, Role.STAFF)


# --- the deputy's steps -----------------------------------------------------------------------------


def invite_label(m: Any) -> str:
    """姓名(代表小组 · 代表团 · 选区): enough to tell two deputies of the same name apart."""
    parts = [p for p in (m.group.name if m.group else "", m.delegation, m.constituency) if p]
    return f"{m.deputy.full_name}({' · '.join(parts)})" if parts else m.deputy.full_name


def _invite_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    from .selectors import invite_candidates

    s = suggestion_of(ctx)
    request = ctx.request
    q = ""
    if request is not None:
        q = (request.GET.get("dq") or (data or {}).get("dq") or "").strip()[:50]
    choices = [(str(m.pk), invite_label(m)) for m in invite_candidates(s, q)]
    if data is not None:
        # the picked deputies may come from a search beyond the default list: accept any candidate
        raw = data.getlist("mandates") if hasattr(data, "getlist") else data.get("mandates") or []
        if not isinstance(raw, list | tuple):
            raw = [raw]
        picked = [int(v) for v in (str(x) for x in raw) if v.isdigit() and len(v) < 19]
        shown = {c for c, _label in choices}
        choices += [
            (str(m.pk), invite_label(m)) for m in invite_candidates(s, ids=picked) if str(m.pk) not in shown
        ]
    return InviteForm(data, choices=choices)


def _invite(ctx: ActionContext, d: dict[str, Any], target: Any) -> Any:
    from renda.deputies.models import DeputyMandate

    mandates = DeputyMandate.objects.filter(pk__in=d["mandates"]).select_related("deputy")
    return services.cosigner_invite(actor=ctx.actor, suggestion=suggestion_of(ctx), mandates=mandates)


def _review_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    return ReviewForm(data, suggestion=suggestion_of(ctx))


def _review(ctx: ActionContext, d: dict[str, Any], target: Any) -> Any:
    return services.suggestion_review(
        actor=ctx.actor,
        suggestion=suggestion_of(ctx),
        outcome=d["outcome"],
        note=d.get("note") or "",
        exclusion_reason=d.get("exclusion_reason"),
        merge_into=d.get("merge_into"),
        category=d.get("category"),
    )


def _publish_available(ctx: ActionContext) -> bool:
    return (
        not ctx.case.is_public
        and ctx.policy.can_publish(ctx.actor, ctx.case, ctx.scope)
        and ctx.policy.is_publishable(ctx.case)
    )


def _withhold_available(ctx: ActionContext) -> bool:
    # Publication controls only once there is a reply (六公开 publishes replied suggestions).
    return (
        not suggestion_of(ctx).not_public
        and ctx.policy.can_publish(ctx.actor, ctx.case, ctx.scope)
        and ctx.case.replies.exists()
    )


EXTRA_ACTIONS: tuple[CaseAction, ...] = (
    CaseAction(
        code="edit",
        label=_("修改"),
        available=_editable,
        perform=lambda ctx, d, t: None,
        link=lambda ctx, t: reverse("suggestions:edit", args=[suggestion_of(ctx).pk]),
        style="secondary",
        order=1,
    ),
    CaseAction(
        code="invite",
        label=_("邀请附议"),
        available=_editable,
        perform=_invite,
        form=_invite_form,
        success=_("已发出附议邀请。"),
        style="secondary",
        order=2,
        help=_("可按姓名、代表小组、代表团或选区搜索本级人大代表。"),
    ),
    CaseAction(
        code="submit",
        label=_("提交建议"),
        available=lambda ctx: ctx.case.state == SuggestionState.DRAFT and _is_lead(ctx),
        perform=lambda ctx, d, t: services.suggestion_submit(actor=ctx.actor, suggestion=suggestion_of(ctx)),
        success=_("建议已提交。"),
        confirm=_("确定提交该建议吗?提交后不能再修改。"),
        order=3,
    ),
    CaseAction(
        code="resubmit",
        label=_("重新提交"),
        available=lambda ctx: ctx.case.state == SuggestionState.RETURNED and _is_lead(ctx),
        perform=lambda ctx, d, t: services.suggestion_resubmit(
            actor=ctx.actor, suggestion=suggestion_of(ctx)
        ),
        success=_("建议已重新提交。"),
        confirm=_("确定重新提交该建议吗?"),
        order=3,
    ),
    CaseAction(
        code="withdraw",
        label=_("撤回"),
        available=lambda ctx: "withdraw" in ctx.transitions and _is_lead(ctx),
        perform=lambda ctx, d, t: services.suggestion_withdraw(
            actor=ctx.actor, suggestion=suggestion_of(ctx), reason=d["reason"]
        ),
        form=lambda ctx, t, data=None, files=None: ReasonForm(data),
        success=_("建议已撤回。"),
        style="danger",
        order=90,
    ),
    CaseAction(
        code="review",
        label=_("审查"),
        available=lambda ctx: any(name in ctx.transitions for name in REVIEW_TRANSITIONS),
        perform=_review,
        form=_review_form,
        success=_("审查结果已保存。"),
        order=5,
        help=_("立案、退回修改、不予立案、并案办理,或将议案转为建议。"),
    ),
    CaseAction(
        code="publish",
        label=_("公开"),
        available=_publish_available,
        perform=lambda ctx, d, t: services.suggestion_publish(
            actor=ctx.actor, suggestion=suggestion_of(ctx), confirm_sensitive=bool(d.get("confirm_sensitive"))
        ),
        form=publish_form,
        help=_("确定公开该建议及其答复吗?公开前按本级敏感词表检查公开内容。"),
        success=_("已公开。"),
        confirm=_("确定公开该建议及其答复吗?"),
        order=65,
    ),
    CaseAction(
        code="withhold",
        label=_("不公开"),
        available=_withhold_available,
        perform=lambda ctx, d, t: services.suggestion_withhold(
            actor=ctx.actor, suggestion=suggestion_of(ctx), reason=d["reason"]
        ),
        form=lambda ctx, t, data=None, files=None: ReasonForm(data),
        success=_("已设为不公开。"),
        style="danger",
        order=66,
    ),
    CaseAction(
        code="allow_public",
        label=_("取消不公开"),
        available=lambda ctx: suggestion_of(ctx).not_public and _is_staff(ctx),
        perform=lambda ctx, d, t: services.suggestion_allow_public(
            actor=ctx.actor, suggestion=suggestion_of(ctx)
        ),
        success=_("已取消不公开标记。"),
        confirm=_("确定取消该建议的不公开标记吗?"),
        style="secondary",
        order=67,
    ),
)

# The generic transitions the review form takes instead.
HIDDEN_ACTIONS: tuple[str, ...] = REVIEW_TRANSITIONS
