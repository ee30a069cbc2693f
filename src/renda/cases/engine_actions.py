"""The engine's own steps as actions (``renda.cases.actions``): offered to every kind on the case page
and through the API. Imported from ``CasesConfig.ready()``.

Each action's ``available`` repeats the rule its service enforces (the state of the assignment, the
return window, the number of extensions, who rates …), so no button is offered that the service would
refuse in the normal case; ``perform`` calls the service, which checks everything again.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.analytics.forms_screening import publish_form
from renda.core import clock
from renda.core.choices import Role
from renda.core.models import Membership

from . import forms as f
from . import services as engine
from .actions import ActionContext, CaseAction, register_engine_action
from .choices import ANSWERING_ROLES, AssignmentRole, AssignmentState, RequestState
from .models import ExtensionRequest, ReturnRequest
from .services._common import calendar_for, settings_for, unit_leader_ids

OPEN_ASSIGNMENT = (AssignmentState.PENDING_SIGN, AssignmentState.HANDLING)


def _unit(a: Any) -> str:
    return a.organization.name


def _request_unit(r: Any) -> str:
    return r.assignment.organization.name


def _reply_unit(r: Any) -> str:
    return r.assignment.organization.name


def _open(ctx: ActionContext) -> bool:
    return ctx.case.closed_at is None


def _may(ctx: ActionContext, predicate: Any) -> bool:
    return bool(predicate(ctx.actor, ctx.case, ctx.scope))


def _mine(ctx: ActionContext, *states: str, roles: Any = None) -> list[Any]:
    if not _open(ctx):
        return []
    return [a for a in ctx.my_assignments if a.state in states and (roles is None or a.role in roles)]


# --- assign ---------------------------------------------------------------------------------------------


def _assign_available(ctx: ActionContext) -> bool:
    return "assign" in ctx.transitions and _open(ctx) and _may(ctx, ctx.policy.can_assign)


def _assign_perform(ctx: ActionContext, d: dict[str, Any], target: Any) -> Any:
    return engine.case_assign(
        actor=ctx.actor,
        case=ctx.case,
        lead=d.get("lead"),
        co_handlers=list(d.get("co_handlers") or ()),
        separate=list(d.get("separate") or ()),
        deadline=d.get("deadline"),
        note=d.get("note") or "",
    )


register_engine_action(
    CaseAction(
        code="assign",
        label=_("交办"),
        available=_assign_available,
        perform=_assign_perform,
        form=lambda ctx, target, data=None, files=None: f.AssignForm(data, congress_id=ctx.case.congress_id),
        success=_("已交办。"),
        order=10,
        help=_("选择主办单位(可加协办单位),或选择两个以上单位分别办理。"),
    )
)

# --- sign, return and extension requests ------------------------------------------------------------------


register_engine_action(
    CaseAction(
        code="sign",
        label=_("签收"),
        target="assignment",
        available=lambda ctx: _mine(ctx, AssignmentState.PENDING_SIGN),
        perform=lambda ctx, d, a: engine.assignment_sign(actor=ctx.actor, assignment=a),
        success=_("已签收。"),
        confirm=_("确定签收该交办事项吗?签收后即开始办理。"),
        target_label=_unit,
        order=10,
    )
)


def _return_targets(ctx: ActionContext) -> list[Any]:
    out = []
    today = clock.today()
    settings = settings_for(ctx.case.congress_id)
    calendar = calendar_for(ctx.case)
    for a in _mine(ctx, *OPEN_ASSIGNMENT):
        window_end = ctx.policy.return_window.compute(timezone.localdate(a.assigned_at), settings, calendar)
        if today > window_end:
            continue
        if a.return_requests.filter(state=RequestState.PENDING).exists():
            continue
        out.append(a)
    return out


register_engine_action(
    CaseAction(
        code="return_request",
        label=_("申请退回"),
        target="assignment",
        available=_return_targets,
        perform=lambda ctx, d, a: engine.return_request(
            actor=ctx.actor, assignment=a, reason=d["reason"], suggested_unit=d.get("suggested_unit")
        ),
        form=lambda ctx, target, data=None, files=None: f.ReturnForm(data, congress_id=ctx.case.congress_id),
        success=_("退回申请已提交,请等待审批。"),
        style="secondary",
        target_label=_unit,
        order=80,
        help=_("不属于本单位职责的,可在交办后规定的工作日内申请退回。"),
    )
)


def _extension_targets(ctx: ActionContext) -> list[Any]:
    out = []
    settings = settings_for(ctx.case.congress_id)
    calendar = calendar_for(ctx.case)
    for a in _mine(ctx, *OPEN_ASSIGNMENT):
        used = a.extension_requests.exclude(state=RequestState.REJECTED).count()
        if used >= ctx.policy.max_extensions:
            continue
        latest = ctx.policy.extension_max_total.compute(timezone.localdate(a.assigned_at), settings, calendar)
        if latest <= a.deadline:
            continue
        out.append(a)
    return out


register_engine_action(
    CaseAction(
        code="extension_request",
        label=_("申请延期"),
        target="assignment",
        available=_extension_targets,
        perform=lambda ctx, d, a: engine.extension_request(
            actor=ctx.actor, assignment=a, requested_deadline=d["requested_deadline"], reason=d["reason"]
        ),
        form=lambda ctx, target, data=None, files=None: f.ExtensionForm(data),
        success=_("延期申请已提交,请等待审批。"),
        style="secondary",
        target_label=_unit,
        order=81,
    )
)


def _pending(ctx: ActionContext, model: Any) -> list[Any]:
    if not _open(ctx) or not _may(ctx, ctx.policy.can_decide_requests):
        return []
    return list(
        model.objects.filter(assignment__case=ctx.case, state=RequestState.PENDING)
        .select_related("assignment__organization")
        .order_by("requested_at", "pk")
    )


register_engine_action(
    CaseAction(
        code="decide_extension",
        label=_("审批延期申请"),
        target="request",
        available=lambda ctx: _pending(ctx, ExtensionRequest),
        perform=lambda ctx, d, r: engine.extension_decide(
            actor=ctx.actor, request=r, approve=d["approve"], note=d.get("note") or ""
        ),
        form=lambda ctx, target, data=None, files=None: f.DecideForm(data),
        success=_("审批结果已保存。"),
        target_label=lambda r: f"{_request_unit(r)} · {r.requested_deadline:%Y-%m-%d}",
        order=20,
    )
)

register_engine_action(
    CaseAction(
        code="decide_return",
        label=_("审批退回申请"),
        target="request",
        available=lambda ctx: _pending(ctx, ReturnRequest),
        perform=lambda ctx, d, r: engine.return_decide(
            actor=ctx.actor,
            request=r,
            approve=d["approve"],
            note=d.get("note") or "",
            reassign_to=d.get("reassign_to"),
            deadline=d.get("deadline"),
        ),
        form=lambda ctx, target, data=None, files=None: f.DecideReturnForm(
            data, congress_id=ctx.case.congress_id
        ),
        success=_("审批结果已保存。"),
        target_label=_request_unit,
        order=21,
    )
)

# --- handling: plan, contact, progress, co-handler opinion, reply ----------------------------------------


def _handling_answering(ctx: ActionContext) -> list[Any]:
    return _mine(ctx, AssignmentState.HANDLING, roles=ANSWERING_ROLES)


register_engine_action(
    CaseAction(
        code="plan",
        label=_("办理方案"),
        target="assignment",
        available=_handling_answering,
        perform=lambda ctx, d, a: engine.plan_submit(
            actor=ctx.actor,
            assignment=a,
            text=d["text"],
            responsible_person=d.get("responsible_person") or "",
            planned_finish=d.get("planned_finish"),
        ),
        form=lambda ctx, target, data=None, files=None: f.PlanForm(data),
        success=_("办理工作方案已提交。"),
        target_label=_unit,
        order=30,
    )
)

register_engine_action(
    CaseAction(
        code="contact",
        label=_("记录沟通"),
        target="assignment",
        available=_handling_answering,
        perform=lambda ctx, d, a: engine.contact_record(
            actor=ctx.actor,
            assignment=a,
            contacted_at=d["contacted_at"],
            mode=d["mode"],
            phase=d["phase"],
            unit_person=d["unit_person"],
            counterpart=d["counterpart"],
            summary=d["summary"],
        ),
        form=lambda ctx, target, data=None, files=None: f.ContactForm(data),
        success=_("沟通情况已记录。"),
        target_label=_unit,
        order=31,
    )
)

register_engine_action(
    CaseAction(
        code="progress",
        label=_("报告进展"),
        target="assignment",
        available=_handling_answering,
        perform=lambda ctx, d, a: engine.progress_report(
            actor=ctx.actor, assignment=a, text=d["text"], percent_done=d.get("percent_done")
        ),
        form=lambda ctx, target, data=None, files=None: f.ProgressForm(data),
        success=_("办理进展已报告。"),
        style="secondary",
        target_label=_unit,
        order=32,
    )
)


def _opinion_targets(ctx: ActionContext) -> list[Any]:
    return [
        a
        # handling = not yet sent in this round (sending ends it; re-handling reopens it for a new one)
        for a in _mine(ctx, AssignmentState.HANDLING, roles=(AssignmentRole.CO_HANDLER,))
    ]


register_engine_action(
    CaseAction(
        code="opinion",
        label=_("提交协办意见"),
        target="assignment",
        available=_opinion_targets,
        perform=lambda ctx, d, a: engine.co_handler_opinion_send(
            actor=ctx.actor, assignment=a, opinion=d["opinion"]
        ),
        form=lambda ctx, target, data=None, files=None: f.OpinionForm(data),
        success=_("协办意见已送达主办单位。"),
        target_label=_unit,
        order=30,
    )
)


def is_unit_leader(actor: Any, organization_id: int) -> bool:
    return Membership.objects.filter(
        user_id=getattr(actor, "pk", None),
        organization_id=organization_id,
        role=Role.UNIT_LEADER,
        is_active=True,
    ).exists()


def _reply_state_ok(ctx: ActionContext) -> bool:
    """The kind's graph takes a reply from this state (``reply``, or ``close``/``follow`` without a rater)."""
    state = ctx.case.state
    return any(
        t.name in ("reply", "close", "follow") and t.service != "case_rate" and state in t.from_states
        for t in ctx.policy.transitions
    )


def _reply_targets(ctx: ActionContext) -> list[Any]:
    targets = _handling_answering(ctx)
    if not targets or not _reply_state_ok(ctx):
        return []
    if getattr(ctx.policy, "reply_requires_sign_off", False):
        # The clerk drafts, the unit leader signs off: only a leader replies directly — or anyone of a
        # unit without a leader account (``reply_submit`` applies the same rule).
        targets = [
            a
            for a in targets
            if a.organization_id in ctx.scope.led_unit_ids or not unit_leader_ids([a.organization_id])
        ]
    return targets


def _reply_perform(ctx: ActionContext, d: dict[str, Any], a: Any) -> Any:
    reply = engine.reply_submit(
        actor=ctx.actor,
        assignment=a,
        classification=d["classification"],
        text=d["text"],
        signing_leader=d["signing_leader"],
        is_final=d.get("is_final"),
        reason_without_contact=d.get("reason_without_contact") or "",
        reason_without_co_handler=d.get("reason_without_co_handler") or "",
    )
    if d.get("attachment"):
        engine.attachment_add(actor=ctx.actor, case=ctx.case, file=d["attachment"], reply=reply)
    return reply


register_engine_action(
    CaseAction(
        code="reply",
        label=_("答复"),
        target="assignment",
        available=_reply_targets,
        perform=_reply_perform,
        form=lambda ctx, target, data=None, files=None: f.ReplyForm(
            data, files, congress_id=ctx.case.congress_id, assignment=target
        ),
        success=_("答复已提交。"),
        target_label=_unit,
        order=35,
    )
)

# --- rating --------------------------------------------------------------------------------------------


def _replies_to_rate(ctx: ActionContext) -> list[Any]:
    actor = ctx.actor
    if not _open(ctx) or getattr(actor, "is_acting_for_other", False):
        return []
    if not ctx.policy.has_transition("accept") and not ctx.policy.has_transition("rehandle"):
        return []
    rater = ctx.policy.rater_for(ctx.case)
    if rater is None or rater.pk != getattr(actor, "pk", None):
        return []
    out = []
    for a in ctx.case.assignments.filter(role__in=list(ANSWERING_ROLES), state=AssignmentState.REPLIED):
        latest = a.replies.select_related("assignment__organization").order_by("-replied_at", "-id").first()
        if latest is not None and not hasattr(latest, "rating"):
            out.append(latest)
    return out


register_engine_action(
    CaseAction(
        code="rate",
        label=_("满意度测评"),
        target="reply",
        available=_replies_to_rate,
        perform=lambda ctx, d, r: engine.case_rate(
            actor=ctx.actor, reply=r, value=d["value"], comment=d.get("comment") or ""
        ),
        form=lambda ctx, target, data=None, files=None: f.RateForm(data, scale=ctx.policy.rating_scale),
        success=_("测评结果已提交。"),
        target_label=_reply_unit,
        order=40,
    )
)

# --- supervision, key, attachments, publication ----------------------------------------------------------


register_engine_action(
    CaseAction(
        code="supervise",
        label=_("记录督办"),
        available=lambda ctx: ctx.case.assigned_at is not None and _may(ctx, ctx.policy.can_supervise),
        perform=lambda ctx, d, t: engine.supervision_record(
            actor=ctx.actor, case=ctx.case, mode=d["mode"], notes=d["notes"], visited_at=d.get("visited_at")
        ),
        form=lambda ctx, target, data=None, files=None: f.SuperviseForm(data),
        success=_("督办情况已记录。"),
        style="secondary",
        order=60,
    )
)


def _key_available(ctx: ActionContext) -> bool:
    return ctx.case.state != ctx.policy.initial_state and _may(ctx, ctx.policy.can_supervise)


register_engine_action(
    CaseAction(
        code="key",
        label=_("重点督办"),
        available=_key_available,
        perform=lambda ctx, d, t: engine.case_mark_key(
            actor=ctx.actor,
            case=ctx.case,
            is_key=bool(d.get("is_key")),
            supervising_leader=d.get("supervising_leader"),
        ),
        form=lambda ctx, target, data=None, files=None: f.KeyForm(
            data,
            congress_id=ctx.case.congress_id,
            initial={"is_key": ctx.case.is_key, "supervising_leader": ctx.case.supervising_leader_id},
        ),
        success=_("重点督办设置已保存。"),
        style="secondary",
        order=61,
    )
)

register_engine_action(
    CaseAction(
        code="attach",
        label=_("上传附件"),
        available=lambda ctx: _may(ctx, ctx.policy.can_attach),
        perform=lambda ctx, d, t: engine.attachment_add(actor=ctx.actor, case=ctx.case, file=d["file"]),
        form=lambda ctx, target, data=None, files=None: f.AttachForm(
            data, files, congress_id=ctx.case.congress_id
        ),
        success=_("附件已上传。"),
        style="secondary",
        order=70,
    )
)


def _publish_available(ctx: ActionContext) -> bool:
    return (
        not ctx.case.is_public and _may(ctx, ctx.policy.can_publish) and ctx.policy.is_publishable(ctx.case)
    )


def _withhold_available(ctx: ActionContext) -> bool:
    # Publication controls only once there is something to publish (per the kind's rule).
    return (
        not ctx.case.not_public_reason
        and _may(ctx, ctx.policy.can_publish)
        and (ctx.case.is_public or ctx.policy.is_publishable(ctx.case))
    )


register_engine_action(
    CaseAction(
        code="publish",
        label=_("公开"),
        available=_publish_available,
        perform=lambda ctx, d, t: engine.case_publish(
            actor=ctx.actor, case=ctx.case, confirm_sensitive=bool(d.get("confirm_sensitive"))
        ),
        form=publish_form,
        help=_("确定公开该案件及其办理情况吗?公开前按本级敏感词表检查公开内容。"),
        success=_("已公开。"),
        confirm=_("确定公开该案件及其办理情况吗?"),
        order=65,
    )
)

register_engine_action(
    CaseAction(
        code="withhold",
        label=_("不公开"),
        available=_withhold_available,
        perform=lambda ctx, d, t: engine.case_withhold(actor=ctx.actor, case=ctx.case, reason=d["reason"]),
        form=lambda ctx, target, data=None, files=None: f.ReasonForm(data),
        success=_("已设为不公开。"),
        style="danger",
        order=66,
    )
)

# The forms of the engine's steps, for the API's documentation (fields and which are required).
FORM_CLASSES: dict[str, type] = {
    "assign": f.AssignForm,
    "return_request": f.ReturnForm,
    "extension_request": f.ExtensionForm,
    "decide_extension": f.DecideForm,
    "decide_return": f.DecideReturnForm,
    "plan": f.PlanForm,
    "contact": f.ContactForm,
    "progress": f.ProgressForm,
    "opinion": f.OpinionForm,
    "reply": f.ReplyForm,
    "rate": f.RateForm,
    "supervise": f.SuperviseForm,
    "key": f.KeyForm,
    "attach": f.AttachForm,
    "withhold": f.ReasonForm,
}
