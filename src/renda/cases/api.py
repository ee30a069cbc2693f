"""The cases API (``/api/v1/cases``): a case of any kind, its timeline, and every engine step.

Each step answers ``POST /{id}/<step>`` with a JSON body that is validated **by the same Django form
as the case page** (one validation, the same Chinese messages in ``{code, message, fields}``), and is
looked up with ``find_action`` so the page and the API allow the same people the same steps. Steps on
an assignment, a reply or a request take its id in the body (``assignment``, ``reply``, ``request``).
A kind's own actions (a suggestion's review …) and the generic transitions (submit, withdraw …) are
``POST /{id}/do/{code}``.
"""

# No ``from __future__ import annotations`` here: the step endpoints are built in a loop and ninja
# reads their annotations as objects.

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from ninja import Body, Field, File, Router, Schema
from ninja.files import UploadedFile
from pydantic import ConfigDict, create_model

from renda.api.schemas import ErrorOut, Id
from renda.core.errors import NotFoundError, PermissionDeniedError, ValidationFailed

from . import engine_actions, signoff_actions
from .actions import ActionContext, BoundAction, actions_for, actions_of_kind, find_action
from .selectors import case_timeline_entries, get_case_for

router = Router(tags=["案件办理"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


# --- schemas --------------------------------------------------------------------------------------------


class ActionOut(Schema):
    code: str = Field(..., description="操作代码(POST /{id}/<操作> 或 /{id}/do/<操作>)")
    label: str = Field(..., description="操作名称(中文,含对象)")
    target: str = Field(..., description="对象类别:case 案件本身、assignment 交办、reply 答复、request 申请")
    target_param: str = Field("", description="提交时放在请求体中的对象编号字段名")
    target_id: int | None = Field(None, description="对象编号")
    fields: list[str] = Field(default_factory=list, description="请求体字段")


class CaseAssignmentOut(Schema):
    id: int = Field(..., description="交办编号")
    unit: str = Field(..., description="承办单位")
    role: str = Field(..., description="承办方式:lead 主办、co_handler 协办、separate 分别办理")
    state: str = Field(..., description="交办状态")
    deadline: dt.date = Field(..., description="办理期限")


class CaseReplyOut(Schema):
    id: int = Field(..., description="答复编号")
    assignment: int = Field(..., description="交办编号")
    unit: str = Field(..., description="答复单位")
    classification: str = Field(..., description="答复类别 A/B/C/D")
    is_final: bool = Field(..., description="最终答复")
    replied_at: dt.datetime = Field(..., description="答复时间")
    rating: str | None = Field(None, description="测评结果")


class CaseOut(Schema):
    id: int = Field(..., description="案件编号")
    kind: str = Field(..., description="案件类别")
    kind_label: str = Field(..., description="案件类别(中文)")
    number: str = Field(..., description="编号")
    title: str = Field(..., description="标题")
    state: str = Field(..., description="状态")
    state_label: str = Field(..., description="状态(中文)")
    due_at: dt.date | None = Field(None, description="办理期限")
    closed_at: dt.datetime | None = Field(None, description="办结时间")
    is_key: bool = Field(..., description="重点督办")
    is_public: bool = Field(..., description="已公开")
    version: int = Field(..., description="版本号")
    assignments: list[CaseAssignmentOut] = Field(..., description="交办")
    replies: list[CaseReplyOut] = Field(..., description="答复")
    actions: list[ActionOut] = Field(..., description="调用者现在可以办理的操作")


class TimelineOut(Schema):
    action: str = Field(..., description="事件代码")
    label: str = Field(..., description="事件(中文)")
    actor: str = Field(..., description="办理人")
    at: dt.datetime = Field(..., description="时间")
    details: list[str] = Field(..., description="详情")


class StepOut(Schema):
    id: int | None = Field(None, description="新记录或对象的编号")
    case_id: int = Field(..., description="案件编号")
    state: str = Field(..., description="案件状态")
    state_label: str = Field(..., description="案件状态(中文)")


# --- helpers --------------------------------------------------------------------------------------------


def _fields_of(form: Any) -> list[str]:
    return [name for name, field in form.base_fields.items() if not isinstance(field, forms.FileField)]


def _action_out(ctx: ActionContext, b: BoundAction) -> dict[str, Any]:
    fields: list[str] = []
    if b.action.form is not None:
        form = b.action.form(ctx, b.target)
        fields = [n for n, fl in form.fields.items() if not isinstance(fl, forms.FileField)]
    return {
        "code": b.code,
        "label": b.label,
        "target": b.action.target,
        "target_param": b.action.param if b.action.per_target else "",
        "target_id": b.target_id,
        "fields": fields,
    }


def _case_out(request: Any, case: Any) -> dict[str, Any]:
    policy = case.policy
    ctx = ActionContext(actor=request.auth, case=case, request=request)
    return {
        "id": case.pk,
        "kind": case.kind,
        "kind_label": str(policy.label),
        "number": case.number,
        "title": case.title,
        "state": case.state,
        "state_label": policy.state_label(case.state),
        "due_at": case.due_at,
        "closed_at": case.closed_at,
        "is_key": case.is_key,
        "is_public": case.is_public,
        "version": case.version,
        "assignments": [
            {
                "id": a.pk,
                "unit": a.organization.name,
                "role": a.role,
                "state": a.state,
                "deadline": a.deadline,
            }
            for a in case.assignments.select_related("organization").order_by("-role", "id")
        ],
        "replies": [
            {
                "id": r.pk,
                "assignment": r.assignment_id,
                "unit": r.assignment.organization.name,
                "classification": r.classification,
                "is_final": r.is_final,
                "replied_at": r.replied_at,
                "rating": (r.rating.value if hasattr(r, "rating") else None),
            }
            for r in case.replies.select_related("assignment__organization", "rating").order_by(
                "replied_at", "id"
            )
        ],
        "actions": [_action_out(ctx, b) for b in actions_for(case, request.auth, request=request)],
    }


def _json_value(field: forms.Field, name: str, value: Any) -> Any:
    """A JSON value as the form field would receive it from a page (text), or a refusal."""
    multiple = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
    if isinstance(field, forms.BooleanField):
        if value is None or isinstance(value, bool):
            return bool(value)
        raise ValidationFailed(_("请填写 true 或 false。"), field=name)
    if multiple:
        if value is None:
            return []
        if not isinstance(value, list) or any(isinstance(v, list | dict) for v in value):
            raise ValidationFailed(_("请提供编号列表。"), field=name)
        return [str(v) for v in value]
    if isinstance(value, list | dict):
        raise ValidationFailed(_("格式无效。"), field=name)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _validated(form: Any, payload: dict[str, Any]) -> dict[str, Any]:
    """Validate a JSON payload with the page's form: the same rules, the same Chinese messages."""
    data: dict[str, Any] = {}
    for name, value in payload.items():
        field = form.fields.get(name)
        if field is None or isinstance(field, forms.FileField):
            raise ValidationFailed(_("不认识的字段。"), field=name)
        data[name] = _json_value(field, name, value)
    form.data = data
    form.is_bound = True
    form._errors = None
    if not form.is_valid():
        errors = {name: " ".join(str(m) for m in msgs) for name, msgs in form.errors.items()}
        first = next(iter(errors))
        message = errors[first]
        if first == "__all__":
            raise ValidationFailed(message)
        raise ValidationFailed(message, field=first, fields=errors)
    return form.cleaned_data


def _step(request: Any, case_id: int, code: str, payload: dict[str, Any], files: Any = None) -> Any:
    case = get_case_for(request.auth, case_id)
    payload = dict(payload or {})
    action = next((a for a in actions_of_kind(case.policy) if a.code == code), None)
    if action is None or action.link is not None:
        raise NotFoundError(_("该类案件没有此操作。"))
    target_id = payload.pop(action.param, None) if action.per_target else None
    if action.per_target and target_id is None:
        raise ValidationFailed(_("请指明办理的对象。"), field=action.param)
    bound = find_action(case, request.auth, code, target_id, request=request)
    if bound is None:
        raise PermissionDeniedError(_("您当前不能办理此操作。"))
    ctx = ActionContext(actor=request.auth, case=case, request=request)
    data: dict[str, Any] = {}
    if action.form is not None:
        form = action.form(ctx, bound.target, data=None, files=files)
        data = _validated(form, payload)
    elif payload:
        raise ValidationFailed(_("不认识的字段。"), field=next(iter(payload)))
    made = action.perform(ctx, data, bound.target)
    case.refresh_from_db()
    return {
        "id": getattr(made, "pk", None) or bound.target_id or case.pk,
        "case_id": case.pk,
        "state": case.state,
        "state_label": case.policy.state_label(case.state),
    }


# --- reads ----------------------------------------------------------------------------------------------


@router.get("/{int:case_id}", response={200: CaseOut, **ERRORS}, summary="案件详情")
def get_case(request, case_id: Id):
    """任一类别的案件:状态、期限、交办、答复,以及调用者现在可以办理的操作及其对象。"""
    return _case_out(request, get_case_for(request.auth, case_id))


@router.get("/{int:case_id}/timeline", response={200: list[TimelineOut], **ERRORS}, summary="办理过程")
def get_timeline(request, case_id: Id):
    """案件的办理过程(中文),从早到晚。"""
    case = get_case_for(request.auth, case_id)
    return [
        {"action": e.action, "label": e.label, "actor": e.actor, "at": e.at, "details": e.details}
        for e in case_timeline_entries(case)
    ]


# --- the engine's steps ---------------------------------------------------------------------------------

STEP_SUMMARIES = {
    "assign": "交办",
    "sign": "签收",
    "return_request": "申请退回",
    "extension_request": "申请延期",
    "decide_extension": "审批延期申请",
    "decide_return": "审批退回申请",
    "plan": "提交办理方案",
    "contact": "记录沟通",
    "progress": "报告办理进展",
    "opinion": "提交协办意见",
    "reply": "答复",
    "rate": "满意度测评",
    "supervise": "记录督办",
    "key": "重点督办",
    "publish": "公开",
    "withhold": "不公开",
    "draft_reply": "起草答复稿(送单位负责人签发)",
    "edit_draft": "修改退回的答复稿并重新送签",
    "sign_off": "签发答复稿",
    "send_back": "退回答复稿",
}
TARGETS = {
    "sign": "assignment",
    "return_request": "assignment",
    "extension_request": "assignment",
    "plan": "assignment",
    "contact": "assignment",
    "progress": "assignment",
    "opinion": "assignment",
    "reply": "assignment",
    "decide_extension": "request",
    "decide_return": "request",
    "rate": "reply",
    "draft_reply": "assignment",
    "edit_draft": "draft",
    "sign_off": "draft",
    "send_back": "draft",
}
TARGET_DESCRIPTIONS = {
    "assignment": "交办编号",
    "reply": "答复编号",
    "request": "申请编号",
    "draft": "答复稿编号",
}
# A draft's signing leader is the unit leader who signs it off: not a field of the draft steps.
DRAFT_STEPS = {"draft_reply", "edit_draft"}


def _payload_schema(code: str) -> Any:
    """A documented body: the form's fields (validated by the form itself) and the target's id."""
    fields: dict[str, Any] = {}
    target = TARGETS.get(code)
    if target:
        fields[target] = (Id, Field(..., description=TARGET_DESCRIPTIONS[target]))
    form_class = engine_actions.FORM_CLASSES.get(code) or signoff_actions.FORM_CLASSES.get(code)
    if form_class is not None:
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.FileField) or (code in DRAFT_STEPS and name == "signing_leader"):
                continue
            note = "(必填)" if field.required else ""
            fields[name] = (Any, Field(None, description=f"{field.label}{note}"))
        if code == "rate":
            fields["value"] = (
                Any,
                Field(
                    None,
                    description="测评结果:按该类案件的测评方式(如 satisfied、basically、dissatisfied,或 0–100 的满意率)(必填)",
                ),
            )
    if not fields:
        return None
    name = "".join(part.title() for part in code.split("_")) + "StepIn"
    return create_model(name, __base__=_StepIn, **fields)


class _StepIn(Schema):
    model_config = ConfigDict(extra="forbid")


def _make_step(code: str) -> None:
    schema = _payload_schema(code)
    path = "/{int:case_id}/" + code.replace("_", "-")
    summary = STEP_SUMMARIES[code]
    description = f"{summary}:与案件页面同一表单校验、同一权限;只有当前可办理此操作的调用者可以提交。"
    if schema is None:

        def endpoint(request, case_id: Id):
            return _step(request, case_id, code, {})

    else:

        def endpoint(request, case_id: Id, payload):  # type: ignore[no-untyped-def]
            return _step(request, case_id, code, payload.dict(exclude_unset=True))

        endpoint.__annotations__["payload"] = schema
    endpoint.__name__ = f"case_step_{code}"
    router.post(
        path, response={200: StepOut, **ERRORS}, summary=summary, description=description,
        operation_id=f"cases_step_{code}",
    )(endpoint)  # fmt: skip


for _code in STEP_SUMMARIES:
    _make_step(_code)


@router.post("/{int:case_id}/attach", response={200: StepOut, **ERRORS}, summary="上传附件")
def attach(request, case_id: Id, file: File[UploadedFile]):
    """上传PDF、Word、Excel或图片附件(multipart/form-data,字段 file)。"""
    return _step(request, case_id, "attach", {}, files={"file": file})


@router.post("/{int:case_id}/do/{code}", response={200: StepOut, **ERRORS}, summary="其他操作")
def do_action(request, case_id: Id, code: str, payload: Body[dict[str, Any]] = None):  # type: ignore[assignment]
    """该类案件自身的操作(如建议的审查)和一般流程操作(提交、撤回等):请求体字段同页面表单;
    对象编号放在请求体中(见案件详情 actions 的 target_param)。"""
    if len(code) > 50:
        raise NotFoundError(_("该类案件没有此操作。"))
    if payload is not None and not isinstance(payload, dict):
        raise ValidationFailed(_("请求体须为 JSON 对象。"))
    return _step(request, case_id, code, payload or {})
