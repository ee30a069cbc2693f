"""The steps of 签发 as engine actions (``renda.cases.actions``): the clerk drafts the unit's reply, the
unit leader signs it off or sends it back, the clerk edits and resubmits a sent-back draft. Offered to
every kind whose policy sets ``reply_requires_sign_off``; imported from ``CasesConfig.ready()``.

As with the other engine actions, ``available`` repeats what the service enforces (an open draft per
assignment, only the unit's own leader decides) so no button is offered that the service would refuse;
``perform`` calls the service, which checks everything again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import forms as f
from . import services as engine
from .actions import ActionContext, CaseAction, register_engine_action
from .choices import ANSWERING_ROLES, AssignmentState, DraftState
from .models import ReplyDraft
from .services._common import unit_leader_ids


def draft_form(
    ctx: ActionContext | None, assignment: Any, data: Any = None, files: Any = None, **kw: Any
) -> Any:
    """The engine's reply form as the clerk drafts with it: everything of a reply but the signing
    leader, who is the unit leader signing it off."""
    congress_id = assignment.case.congress_id if assignment is not None else None
    return f.ReplyForm(data, files, congress_id=congress_id, assignment=assignment, drafting=True, **kw)


class SignOffForm(forms.Form):
    signing_leader = forms.CharField(
        label=_("签发领导"),
        max_length=50,
        required=False,
        help_text=_("默认为您本人的姓名"),
    )


class SendBackForm(forms.Form):
    note = forms.CharField(label=_("修改意见"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


def _draft_initial(draft: ReplyDraft) -> dict[str, Any]:
    return {
        "classification": draft.classification,
        "text": draft.text,
        "is_final": "1" if draft.is_final else "0",
        "reason_without_contact": draft.reason_without_contact,
        "reason_without_co_handler": draft.reason_without_co_handler,
    }


def _unit(a: Any) -> str:
    return a.organization.name


def _draft_unit(d: ReplyDraft) -> str:
    return d.assignment.organization.name


def _sign_off_on(ctx: ActionContext) -> bool:
    return ctx.case.closed_at is None and bool(getattr(ctx.policy, "reply_requires_sign_off", False))


def _reply_state_ok(ctx: ActionContext) -> bool:
    state = ctx.case.state
    return any(
        t.name in ("reply", "close", "follow") and t.service != "case_rate" and state in t.from_states
        for t in ctx.policy.transitions
    )


def _open_drafts(ctx: ActionContext, *states: str) -> list[ReplyDraft]:
    mine = [a.pk for a in ctx.my_assignments if a.state == AssignmentState.HANDLING]
    if not mine:
        return []
    return list(
        ReplyDraft.objects.filter(assignment_id__in=mine, state__in=states)
        .select_related("assignment__organization", "drafted_by")
        .order_by("submitted_at", "id")
    )


def _draft_targets(ctx: ActionContext) -> list[Any]:
    """The actor's handling lead/separate assignments with no open draft, in a unit with a leader who
    signs off; the leader himself replies directly (the engine's ``reply`` action)."""
    if not _sign_off_on(ctx) or not _reply_state_ok(ctx):
        return []
    out = []
    for a in ctx.my_assignments:
        if a.state != AssignmentState.HANDLING or a.role not in ANSWERING_ROLES:
            continue
        if a.organization_id in ctx.scope.led_unit_ids or not unit_leader_ids([a.organization_id]):
            continue
        if a.reply_drafts.filter(state__in=[DraftState.PENDING_SIGN_OFF, DraftState.SENT_BACK]).exists():
            continue
        out.append(a)
    return out


def _files(d: dict[str, Any]) -> list[Any]:
    return [d["attachment"]] if d.get("attachment") else []


register_engine_action(
    CaseAction(
        code="draft_reply",
        label=_("起草答复稿"),
        target="assignment",
        available=_draft_targets,
        perform=lambda ctx, d, a: engine.reply_draft_submit(
            actor=ctx.actor,
            assignment=a,
            classification=d["classification"],
            text=d["text"],
            is_final=d.get("is_final"),
            reason_without_contact=d.get("reason_without_contact") or "",
            reason_without_co_handler=d.get("reason_without_co_handler") or "",
            files=_files(d),
        ),
        form=lambda ctx, target, data=None, files=None: draft_form(ctx, target, data, files),
        success=_("答复稿已送单位负责人签发。"),
        target_label=_unit,
        order=35,
        help=_("本单位的答复由经办人起草,经单位负责人签发后送达提出人。"),
    )
)


def _to_sign_off(ctx: ActionContext) -> list[ReplyDraft]:
    if not _sign_off_on(ctx):
        return []
    return [
        d
        for d in _open_drafts(ctx, DraftState.PENDING_SIGN_OFF)
        if d.assignment.organization_id in ctx.scope.led_unit_ids
    ]


register_engine_action(
    CaseAction(
        code="sign_off",
        label=_("签发答复"),
        target="draft",
        available=_to_sign_off,
        perform=lambda ctx, d, draft: engine.reply_sign_off(
            actor=ctx.actor, draft=draft, signing_leader=d.get("signing_leader") or ""
        ),
        form=lambda ctx, target, data=None, files=None: SignOffForm(data),
        success=_("答复已签发,已送达提出人。"),
        target_label=_draft_unit,
        order=34,
        help=_("签发后答复即正式送出,由提出人进行满意度测评。"),
    )
)

register_engine_action(
    CaseAction(
        code="send_back",
        label=_("退回修改"),
        target="draft",
        available=_to_sign_off,
        perform=lambda ctx, d, draft: engine.reply_send_back(actor=ctx.actor, draft=draft, note=d["note"]),
        form=lambda ctx, target, data=None, files=None: SendBackForm(data),
        success=_("答复稿已退回经办人修改。"),
        style="secondary",
        target_label=_draft_unit,
        order=34,
    )
)


def _to_edit(ctx: ActionContext) -> list[ReplyDraft]:
    if not _sign_off_on(ctx):
        return []
    return _open_drafts(ctx, DraftState.SENT_BACK)


register_engine_action(
    CaseAction(
        code="edit_draft",
        label=_("修改答复稿"),
        target="draft",
        available=_to_edit,
        perform=lambda ctx, d, draft: engine.reply_draft_update(
            actor=ctx.actor,
            draft=draft,
            classification=d["classification"],
            text=d["text"],
            is_final=d.get("is_final"),
            reason_without_contact=d.get("reason_without_contact") or "",
            reason_without_co_handler=d.get("reason_without_co_handler") or "",
            files=_files(d),
        ),
        form=lambda ctx, target, data=None, files=None: draft_form(
            ctx, target.assignment, data, files, initial=_draft_initial(target)
        ),
        success=_("答复稿已修改并重新送签。"),
        target_label=_draft_unit,
        order=35,
        help=_("按单位负责人的修改意见修改后重新送签。"),
    )
)


# The forms of the 签发 steps, for the API's documentation (fields and which are required).
FORM_CLASSES: dict[str, type] = {
    "draft_reply": f.ReplyForm,
    "edit_draft": f.ReplyForm,
    "sign_off": SignOffForm,
    "send_back": SendBackForm,
}
