"""The suggestions API: every step of the pages, through the same services and permission checks.

Mounted by the API app as ``api.add_router("/suggestions", renda.suggestions.api.router)``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from renda.api.filters import filter_params, filtered
from renda.api.schemas import DateTimeIn, ErrorOut, Id, InputSchema, page_of, paginate
from renda.api.schemas import text as txt
from renda.cases import services as engine
from renda.cases.choices import ContactMode, ContactPhase, SupervisionMode
from renda.cases.models import Assignment
from renda.cases.policies import available_transitions
from renda.cases.reply_classes import ReplyClassInput
from renda.core.errors import NotFoundError, ValidationFailed
from renda.core.models import Organization, Session, User
from renda.deputies.models import DeputyMandate

from . import services
from .choices import ReviewOutcome, SuggestionType
from .filtersets import SuggestionFilterSet
from .models import Category, CoSignature, ExclusionReason, Suggestion
from .selectors import (
    get_suggestion_for,
    pending_requests,
    replies_to_rate,
    suggestions_for,
)

router = Router(tags=["代表建议"])

from .stats_api import router as stats_router  # noqa: E402

router.add_router("/stats", stats_router)
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


# --- schemas -------------------------------------------------------------------------------------------


class SuggestionOut(Schema):
    id: int = Field(..., description="建议编号")
    case_id: int = Field(..., description="案件编号")
    number: str = Field(..., description="建议号")
    title: str = Field(..., description="标题")
    type: str = Field(..., description="类型:suggestion 建议、criticism 批评、opinion 意见、motion 议案")
    state: str = Field(..., description="状态")
    state_label: str = Field(..., description="状态(中文)")
    category: str | None = Field(None, description="分类")
    lead_deputy: str = Field(..., description="领衔代表")
    session_id: int | None = Field(None, description="提出于会议(空为闭会期间)")
    lead_unit: str | None = Field(None, description="主办单位")
    due_at: dt.date | None = Field(None, description="答复期限")
    reply_class: str | None = Field(None, description="最近答复类别")
    rating: str | None = Field(None, description="最近测评结果")
    is_key: bool = Field(..., description="重点建议")
    is_public: bool = Field(..., description="已公开")
    is_overdue: bool = Field(False, description="超期")

    @staticmethod
    def resolve_number(s: Suggestion) -> str:
        return s.case.number

    @staticmethod
    def resolve_title(s: Suggestion) -> str:
        return s.case.title

    @staticmethod
    def resolve_state(s: Suggestion) -> str:
        return s.case.state

    @staticmethod
    def resolve_state_label(s: Suggestion) -> str:
        return s.case.get_state_display()

    @staticmethod
    def resolve_category(s: Suggestion) -> str | None:
        return s.category.name if s.category else None

    @staticmethod
    def resolve_lead_deputy(s: Suggestion) -> str:
        return s.lead_mandate.deputy.full_name

    @staticmethod
    def resolve_lead_unit(s: Suggestion) -> str | None:
        return getattr(s, "lead_unit_name", None)

    @staticmethod
    def resolve_due_at(s: Suggestion) -> dt.date | None:
        return s.case.due_at

    @staticmethod
    def resolve_reply_class(s: Suggestion) -> str | None:
        return getattr(s, "reply_class", None)

    @staticmethod
    def resolve_rating(s: Suggestion) -> str | None:
        return getattr(s, "rating_value", None)

    @staticmethod
    def resolve_is_key(s: Suggestion) -> bool:
        return s.case.is_key

    @staticmethod
    def resolve_is_public(s: Suggestion) -> bool:
        return s.case.is_public

    @staticmethod
    def resolve_is_overdue(s: Suggestion) -> bool:
        return bool(getattr(s, "is_overdue", False))


class AssignmentOut(Schema):
    id: int = Field(..., description="交办编号")
    unit: str = Field(..., description="承办单位")
    role: str = Field(..., description="承办方式:lead 主办、co_handler 协办、separate 分别办理")
    state: str = Field(..., description="交办状态")
    deadline: dt.date = Field(..., description="办理期限")


class ReplyOut(Schema):
    id: int = Field(..., description="答复编号")
    unit: str = Field(..., description="答复单位")
    classification: str = Field(..., description="答复类别 A/B/C/D")
    text: str = Field(..., description="答复内容")
    is_final: bool = Field(..., description="最终答复")
    replied_at: dt.datetime = Field(..., description="答复时间")
    rating: str | None = Field(None, description="测评结果")


class SuggestionDetailOut(SuggestionOut):
    body: str = Field(..., description="内容")
    transitions: list[str] = Field(..., description="当前用户可执行的流程操作")
    cosigners: list[dict[str, Any]] = Field(..., description="附议代表及状态")
    versions: list[dict[str, Any]] = Field(..., description="版本")
    assignments: list[AssignmentOut] = Field(..., description="交办")
    replies: list[ReplyOut] = Field(..., description="答复")
    not_public: bool = Field(..., description="不公开")
    not_public_reason: str = Field(..., description="不公开理由")
    merged_into: int | None = Field(None, description="并入的建议编号")

    @staticmethod
    def resolve_body(s: Suggestion) -> str:
        return s.case.body

    @staticmethod
    def resolve_transitions(s: Suggestion) -> list[str]:
        return s.__dict__["_api"]["transitions"]

    @staticmethod
    def resolve_cosigners(s: Suggestion) -> list[dict[str, Any]]:
        return s.__dict__["_api"]["cosigners"]

    @staticmethod
    def resolve_versions(s: Suggestion) -> list[dict[str, Any]]:
        return s.__dict__["_api"]["versions"]

    @staticmethod
    def resolve_assignments(s: Suggestion) -> list[dict[str, Any]]:
        return s.__dict__["_api"]["assignments"]

    @staticmethod
    def resolve_replies(s: Suggestion) -> list[dict[str, Any]]:
        return s.__dict__["_api"]["replies"]

    @staticmethod
    def resolve_merged_into(s: Suggestion) -> int | None:
        return s.merged_into_id


SuggestionPage = page_of(SuggestionOut, "SuggestionPage")


# The list's query parameters are the page's filter set (one chain: page, export, API).
SuggestionQuery = filter_params(SuggestionFilterSet, "SuggestionQuery")


class DraftIn(InputSchema):
    congress: Id = Field(..., description="人大编号")
    title: txt(200, min_length=1) = Field(..., description="标题")  # type: ignore[valid-type]
    body: txt(20000, min_length=1) = Field(..., description="内容")  # type: ignore[valid-type]
    type: SuggestionType = Field(SuggestionType.SUGGESTION, description="类型")
    category: Id | None = Field(None, description="分类编号")
    session: Id | None = Field(None, description="会议编号(空为闭会期间)")
    by_delegation: bool = Field(False, description="以代表团(代表小组)名义提出")
    delegation_name: txt(100) = Field("", description="代表团(代表小组)名称")  # type: ignore[valid-type]
    not_public: bool = Field(False, description="申请不公开")
    not_public_reason: txt(300) = Field("", description="不公开理由")  # type: ignore[valid-type]


class DraftUpdateIn(InputSchema):
    title: txt(200, min_length=1) = Field(..., description="标题")  # type: ignore[valid-type]
    body: txt(20000, min_length=1) = Field(..., description="内容")  # type: ignore[valid-type]
    type: SuggestionType = Field(..., description="类型")
    category: Id | None = Field(None, description="分类编号")
    session: Id | None = Field(None, description="会议编号")
    by_delegation: bool = Field(False, description="以代表团名义提出")
    delegation_name: txt(100) = Field("", description="代表团名称")  # type: ignore[valid-type]
    not_public: bool = Field(False, description="申请不公开")
    not_public_reason: txt(300) = Field("", description="不公开理由")  # type: ignore[valid-type]
    reason: txt(300) = Field("", description="修改理由(退回修改后必填)")  # type: ignore[valid-type]


class InviteIn(InputSchema):
    mandates: list[Id] = Field(..., min_length=1, max_length=200, description="受邀代表的任职编号")


class RespondIn(InputSchema):
    confirm: bool = Field(..., description="true 确认附议,false 谢绝")


class NoteIn(InputSchema):
    note: txt(2000) = Field("", description="说明")  # type: ignore[valid-type]


class ReasonIn(InputSchema):
    reason: txt(300, min_length=1) = Field(..., description="理由")  # type: ignore[valid-type]


class ReviewIn(InputSchema):
    outcome: ReviewOutcome = Field(..., description="审查结果:accept、return、refuse、merge、convert")
    note: txt(2000) = Field("", description="审查意见(退回修改时必填)")  # type: ignore[valid-type]
    exclusion_reason: Id | None = Field(None, description="不予立案理由编号")
    merge_into: Id | None = Field(None, description="并入的建议编号")
    category: Id | None = Field(None, description="调整分类")


class AssignIn(InputSchema):
    lead: Id | None = Field(None, description="主办单位编号")
    co_handlers: list[Id] = Field(default_factory=list, max_length=50, description="协办单位编号")
    separate: list[Id] = Field(default_factory=list, max_length=50, description="分别办理单位编号")
    deadline: dt.date | None = Field(None, description="办理期限(空为自交办起三个月)")
    note: txt(500) = Field("", description="交办意见")  # type: ignore[valid-type]


class BulkItemIn(InputSchema):
    suggestion: Id = Field(..., description="建议编号")
    lead: Id | None = Field(None, description="主办单位编号")
    co_handlers: list[Id] = Field(default_factory=list, max_length=50, description="协办单位编号")
    separate: list[Id] = Field(default_factory=list, max_length=50, description="分别办理单位编号")


class BulkAssignIn(InputSchema):
    items: list[BulkItemIn] = Field(..., min_length=1, max_length=500, description="交办会上交办的建议")
    deadline: dt.date | None = Field(None, description="办理期限")


class PlanIn(InputSchema):
    text: txt(10000, min_length=1) = Field(..., description="办理工作方案")  # type: ignore[valid-type]
    responsible_person: txt(50) = Field("", description="责任人")  # type: ignore[valid-type]
    planned_finish: dt.date | None = Field(None, description="计划完成日期")


class ContactIn(InputSchema):
    contacted_at: DateTimeIn = Field(..., description="沟通时间")
    mode: ContactMode = Field(..., description="沟通方式")
    phase: ContactPhase = Field(..., description="沟通阶段")
    unit_person: txt(100, min_length=1) = Field(..., description="单位沟通人")  # type: ignore[valid-type]
    counterpart: txt(100, min_length=1) = Field(..., description="沟通对象")  # type: ignore[valid-type]
    summary: txt(5000, min_length=1) = Field(..., description="沟通内容")  # type: ignore[valid-type]


class ProgressIn(InputSchema):
    text: txt(5000, min_length=1) = Field(..., description="进展情况")  # type: ignore[valid-type]
    percent_done: int | None = Field(None, ge=0, le=100, description="完成进度(%)")


class OpinionIn(InputSchema):
    opinion: txt(10000, min_length=1) = Field(..., description="协办意见")  # type: ignore[valid-type]


class ReplyIn(InputSchema):
    classification: ReplyClassInput = Field(
        ...,
        description="答复类别 A/B/C/D;也接受甲类/乙类/丙类/丁类、A类、已解决、正在解决、列入计划解决等写法",
    )
    text: txt(20000, min_length=1) = Field(..., description="答复内容")  # type: ignore[valid-type]
    signing_leader: txt(50, min_length=1) = Field(..., description="签发领导")  # type: ignore[valid-type]
    is_final: bool | None = Field(None, description="最终答复(空为按类别:A、D 为最终)")
    reason_without_contact: txt(2000) = Field("", description="未经沟通即答复的理由")  # type: ignore[valid-type]


class ExtensionIn(InputSchema):
    requested_deadline: dt.date = Field(..., description="申请延至")
    reason: txt(2000, min_length=1) = Field(..., description="延期理由")  # type: ignore[valid-type]


class RateIn(InputSchema):
    value: txt(20) = Field(..., description="satisfied 满意、basically 基本满意、dissatisfied 不满意")  # type: ignore[valid-type]
    comment: txt(2000) = Field("", description="意见")  # type: ignore[valid-type]


class KeyIn(InputSchema):
    is_key: bool = Field(True, description="列为重点建议")
    supervising_leader: Id | None = Field(None, description="督办领导用户编号")


class SuperviseIn(InputSchema):
    mode: SupervisionMode = Field(..., description="督办方式")
    notes: txt(5000, min_length=1) = Field(..., description="督办情况")  # type: ignore[valid-type]
    visited_at: DateTimeIn | None = Field(None, description="督办时间")


class DecideIn(InputSchema):
    approve: bool = Field(..., description="同意")
    note: txt(500) = Field("", description="审批意见")  # type: ignore[valid-type]


class OkOut(Schema):
    id: int = Field(..., description="对象编号")
    state: str = Field("", description="案件状态")


# --- helpers ---------------------------------------------------------------------------------------------


def _detail(request: Any, s: Suggestion) -> Suggestion:
    s = suggestions_for(request.auth).filter(pk=s.pk).first() or s
    case = s.case
    s.__dict__["_api"] = {
        "transitions": [t.name for t in available_transitions(case, request.auth)],
        "cosigners": [
            {"mandate": c.mandate_id, "name": c.mandate.deputy.full_name, "state": c.state}
            for c in s.cosignatures.select_related("mandate__deputy")
        ],
        "versions": [
            {"number": v.number, "title": v.title, "reason": v.reason, "created_at": v.created_at}
            for v in s.versions.all()
        ],
        "assignments": [
            {
                "id": a.pk,
                "unit": a.organization.name,
                "role": a.role,
                "state": a.state,
                "deadline": a.deadline,
            }
            for a in case.assignments.select_related("organization")
        ],
        "replies": [
            {
                "id": r.pk,
                "unit": r.assignment.organization.name,
                "classification": r.classification,
                "text": r.text,
                "is_final": r.is_final,
                "replied_at": r.replied_at,
                "rating": r.rating.value if hasattr(r, "rating") else None,
            }
            for r in case.replies.select_related("assignment__organization", "rating")
        ],
    }
    return s


def _ok(s: Suggestion) -> dict[str, Any]:
    return {"id": s.pk, "state": s.case.state}


def _one(model: Any, pk: int | None, field: str, **filters: Any) -> Any:
    if pk is None:
        return None
    found = model.objects.filter(pk=pk, **filters).first()
    if found is None:
        raise ValidationFailed(_("所选对象不存在。"), field=field)
    return found


def _units(ids: list[int], congress_id: int, field: str) -> list[Organization]:
    found = {o.pk: o for o in Organization.objects.filter(pk__in=ids, congress_id=congress_id)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationFailed(_("承办单位不存在或不属于本级人大。"), field=field)
    return [found[i] for i in ids]


def _assignment(s: Suggestion, assignment_id: int) -> Assignment:
    a = s.case.assignments.select_related("organization", "case").filter(pk=assignment_id).first()
    if a is None:
        raise NotFoundError(_("交办事项不存在。"))
    return a


# --- reads -------------------------------------------------------------------------------------------------


@router.get("", response={200: SuggestionPage, **ERRORS}, summary="代表建议列表")
def list_suggestions(request, filters: Query[SuggestionQuery]):
    """调用者可见范围内的建议,可搜索、筛选、排序、分页;筛选条件与“代表建议”页面相同。"""
    return paginate(
        filtered(SuggestionFilterSet, filters, suggestions_for(request.auth), user=request.auth), filters
    )


@router.get("/{int:suggestion_id}", response={200: SuggestionDetailOut, **ERRORS}, summary="建议详情")
def get_suggestion(request, suggestion_id: Id):
    """建议详情,含附议、版本、交办、答复和当前用户可执行的操作。"""
    return _detail(request, get_suggestion_for(request.auth, suggestion_id))


# --- deputies ------------------------------------------------------------------------------------------------


@router.post("", response={201: SuggestionDetailOut, **ERRORS}, summary="新建建议草稿")
def create_draft(request, payload: DraftIn):
    """代表新建建议(或议案)草稿。"""
    from renda.core.models import Congress

    congress = _one(Congress, payload.congress, "congress")
    s = services.suggestion_draft_create(
        actor=request.auth, congress=congress, title=payload.title, body=payload.body, type=payload.type,
        category=_one(Category, payload.category, "category"), session=_one(Session, payload.session, "session"),
        by_delegation=payload.by_delegation, delegation_name=payload.delegation_name,
        not_public=payload.not_public, not_public_reason=payload.not_public_reason,
    )  # fmt: skip
    return Status(201, _detail(request, s))


@router.put("/{int:suggestion_id}", response={200: SuggestionDetailOut, **ERRORS}, summary="修改建议")
def update_draft(request, suggestion_id: Id, payload: DraftUpdateIn):
    """修改草稿,或修改退回的建议(形成新版本,须说明理由)。"""
    s = get_suggestion_for(request.auth, suggestion_id)
    services.suggestion_draft_update(
        actor=request.auth, suggestion=s, title=payload.title, body=payload.body, type=payload.type,
        category=_one(Category, payload.category, "category"), session=_one(Session, payload.session, "session"),
        by_delegation=payload.by_delegation, delegation_name=payload.delegation_name,
        not_public=payload.not_public, not_public_reason=payload.not_public_reason, reason=payload.reason,
    )  # fmt: skip
    return _detail(request, s)


@router.post("/{int:suggestion_id}/attachments", response={201: OkOut, **ERRORS}, summary="上传附件")
def add_attachment(request, suggestion_id: Id, file: File[UploadedFile]):
    """上传PDF、Word、Excel或图片附件。"""
    s = get_suggestion_for(request.auth, suggestion_id)
    a = engine.attachment_add(actor=request.auth, case=s.case, file=file)
    return Status(201, {"id": a.pk, "state": s.case.state})


@router.post("/{int:suggestion_id}/cosigners", response={200: OkOut, **ERRORS}, summary="邀请附议")
def invite(request, suggestion_id: Id, payload: InviteIn):
    """领衔代表邀请本级人大代表附议。"""
    s = get_suggestion_for(request.auth, suggestion_id)
    mandates = list(DeputyMandate.objects.filter(pk__in=payload.mandates).select_related("deputy"))
    if len(mandates) != len(set(payload.mandates)):
        raise ValidationFailed(_("所选代表不存在。"), field="mandates")
    services.cosigner_invite(actor=request.auth, suggestion=s, mandates=mandates)
    return _ok(s)


@router.post(
    "/cosignatures/{int:cosignature_id}/respond", response={200: OkOut, **ERRORS}, summary="答复附议邀请"
)
def respond(request, cosignature_id: Id, payload: RespondIn):
    """受邀代表确认或谢绝附议。"""
    sig = CoSignature.objects.filter(pk=cosignature_id, user_id=request.auth.pk).first()
    if sig is None:
        raise NotFoundError(_("附议邀请不存在。"))
    services.cosigner_respond(actor=request.auth, cosignature=sig, confirm=payload.confirm)
    return {"id": sig.pk, "state": sig.state}


@router.post("/{int:suggestion_id}/submit", response={200: OkOut, **ERRORS}, summary="提交建议")
def submit(request, suggestion_id: Id):
    """提交草稿(重复提交不会产生第二份)。"""
    s = get_suggestion_for(request.auth, suggestion_id)
    services.suggestion_submit(actor=request.auth, suggestion=s)
    return _ok(s)


@router.post("/{int:suggestion_id}/resubmit", response={200: OkOut, **ERRORS}, summary="重新提交")
def resubmit(request, suggestion_id: Id):
    """修改退回的建议后重新提交。"""
    s = get_suggestion_for(request.auth, suggestion_id)
    services.suggestion_resubmit(actor=request.auth, suggestion=s)
    return _ok(s)


@router.post("/{int:suggestion_id}/withdraw", response={200: OkOut, **ERRORS}, summary="撤回建议")
def withdraw(request, suggestion_id: Id, payload: ReasonIn):
    s = get_suggestion_for(request.auth, suggestion_id)
    services.suggestion_withdraw(actor=request.auth, suggestion=s, reason=payload.reason)
    return _ok(s)


@router.post("/{int:suggestion_id}/rate", response={200: OkOut, **ERRORS}, summary="满意度测评")
def rate(request, suggestion_id: Id, payload: RateIn):
    """领衔代表本人对最新答复进行测评。"""
    s = get_suggestion_for(request.auth, suggestion_id)
    reply = replies_to_rate(request.auth).filter(case=s.case).order_by("-replied_at").first()
    if reply is None:
        reply = s.case.replies.order_by("-replied_at", "-id").first()
        if reply is None:
            raise ValidationFailed(_("尚无可测评的答复。"), field="value")
    engine.case_rate(actor=request.auth, reply=reply, value=payload.value, comment=payload.comment)
    s.case.refresh_from_db()
    return _ok(s)


# --- staff -------------------------------------------------------------------------------------------------


@router.post("/{int:suggestion_id}/review", response={200: OkOut, **ERRORS}, summary="审查建议")
def review(request, suggestion_id: Id, payload: ReviewIn):
    """立案、退回修改、不予立案、并案或议案转建议。"""
    s = get_suggestion_for(request.auth, suggestion_id)
    cid = s.case.congress_id
    merge_into = None
    if payload.merge_into is not None:
        merge_into = Suggestion.objects.filter(pk=payload.merge_into, case__congress_id=cid).first()
        if merge_into is None:
            raise ValidationFailed(_("所选建议不存在。"), field="merge_into")
    services.suggestion_review(
        actor=request.auth, suggestion=s, outcome=payload.outcome, note=payload.note,
        exclusion_reason=_one(ExclusionReason, payload.exclusion_reason, "exclusion_reason", congress_id=cid),
        merge_into=merge_into, category=_one(Category, payload.category, "category", congress_id=cid),
    )  # fmt: skip
    return _ok(s)


@router.post("/{int:suggestion_id}/assign", response={200: OkOut, **ERRORS}, summary="交办")
def assign(request, suggestion_id: Id, payload: AssignIn):
    """交办给主办单位和协办单位,或分别办理。"""
    s = get_suggestion_for(request.auth, suggestion_id)
    cid = s.case.congress_id
    engine.case_assign(
        actor=request.auth, case=s.case,
        lead=_units([payload.lead], cid, "lead")[0] if payload.lead else None,
        co_handlers=_units(payload.co_handlers, cid, "co_handlers"),
        separate=_units(payload.separate, cid, "separate"), deadline=payload.deadline, note=payload.note,
    )  # fmt: skip
    return _ok(s)


@router.post("/assign-bulk", response={200: list[OkOut], **ERRORS}, summary="交办会批量交办")
def assign_bulk(request, payload: BulkAssignIn):
    """交办会上一次交办多件建议,全部成功或全部不变。"""
    items = []
    for item in payload.items:
        s = get_suggestion_for(request.auth, item.suggestion)
        cid = s.case.congress_id
        items.append(
            {
                "case": s.case,
                "lead": _units([item.lead], cid, "lead")[0] if item.lead else None,
                "co_handlers": _units(item.co_handlers, cid, "co_handlers"),
                "separate": _units(item.separate, cid, "separate"),
                "deadline": payload.deadline,
            }
        )
    done = engine.case_assign_bulk(actor=request.auth, items=items)
    return [{"id": c.suggestion.pk, "state": c.state} for c in done]


@router.post("/{int:suggestion_id}/key", response={200: OkOut, **ERRORS}, summary="重点督办")
def mark_key(request, suggestion_id: Id, payload: KeyIn):
    s = get_suggestion_for(request.auth, suggestion_id)
    leader = _one(User, payload.supervising_leader, "supervising_leader")
    engine.case_mark_key(actor=request.auth, case=s.case, is_key=payload.is_key, supervising_leader=leader)
    return _ok(s)


@router.post("/{int:suggestion_id}/supervise", response={201: OkOut, **ERRORS}, summary="记录督办")
def supervise(request, suggestion_id: Id, payload: SuperviseIn):
    s = get_suggestion_for(request.auth, suggestion_id)
    rec = engine.supervision_record(
        actor=request.auth, case=s.case, mode=payload.mode, notes=payload.notes, visited_at=payload.visited_at
    )
    return Status(201, {"id": rec.pk, "state": s.case.state})


@router.post("/{int:suggestion_id}/publish", response={200: OkOut, **ERRORS}, summary="公开")
def publish(request, suggestion_id: Id):
    s = get_suggestion_for(request.auth, suggestion_id)
    services.suggestion_publish(actor=request.auth, suggestion=s)
    return _ok(s)


@router.post("/{int:suggestion_id}/withhold", response={200: OkOut, **ERRORS}, summary="不公开")
def withhold(request, suggestion_id: Id, payload: ReasonIn):
    s = get_suggestion_for(request.auth, suggestion_id)
    services.suggestion_withhold(actor=request.auth, suggestion=s, reason=payload.reason)
    return _ok(s)


@router.post("/extensions/{int:request_id}/decide", response={200: OkOut, **ERRORS}, summary="审批延期申请")
def decide_extension(request, request_id: Id, payload: DecideIn):
    obj = pending_requests(request.auth)["extensions"].filter(pk=request_id).first()
    if obj is None:
        raise NotFoundError(_("申请不存在或已处理。"))
    engine.extension_decide(actor=request.auth, request=obj, approve=payload.approve, note=payload.note)
    return {"id": obj.pk, "state": obj.state}


@router.post("/returns/{int:request_id}/decide", response={200: OkOut, **ERRORS}, summary="审批退回申请")
def decide_return(request, request_id: Id, payload: DecideIn):
    obj = pending_requests(request.auth)["returns"].filter(pk=request_id).first()
    if obj is None:
        raise NotFoundError(_("申请不存在或已处理。"))
    engine.return_decide(actor=request.auth, request=obj, approve=payload.approve, note=payload.note)
    return {"id": obj.pk, "state": obj.state}


# --- units -------------------------------------------------------------------------------------------------

A = "/{int:suggestion_id}/assignments/{int:assignment_id}"


@router.post(A + "/sign", response={200: OkOut, **ERRORS}, summary="签收")
def sign(request, suggestion_id: Id, assignment_id: Id):
    a = _assignment(get_suggestion_for(request.auth, suggestion_id), assignment_id)
    engine.assignment_sign(actor=request.auth, assignment=a)
    return {"id": a.pk, "state": a.state}


@router.post(A + "/plan", response={201: OkOut, **ERRORS}, summary="提交办理方案")
def plan(request, suggestion_id: Id, assignment_id: Id, payload: PlanIn):
    a = _assignment(get_suggestion_for(request.auth, suggestion_id), assignment_id)
    p = engine.plan_submit(actor=request.auth, assignment=a, **payload.dict())
    return Status(201, {"id": p.pk, "state": a.state})


@router.post(A + "/contact", response={201: OkOut, **ERRORS}, summary="记录沟通")
def contact(request, suggestion_id: Id, assignment_id: Id, payload: ContactIn):
    a = _assignment(get_suggestion_for(request.auth, suggestion_id), assignment_id)
    c = engine.contact_record(actor=request.auth, assignment=a, **payload.dict())
    return Status(201, {"id": c.pk, "state": a.state})


@router.post(A + "/progress", response={201: OkOut, **ERRORS}, summary="报告办理进展")
def progress(request, suggestion_id: Id, assignment_id: Id, payload: ProgressIn):
    a = _assignment(get_suggestion_for(request.auth, suggestion_id), assignment_id)
    p = engine.progress_report(actor=request.auth, assignment=a, **payload.dict())
    return Status(201, {"id": p.pk, "state": a.state})


@router.post(A + "/opinion", response={200: OkOut, **ERRORS}, summary="提交协办意见")
def opinion(request, suggestion_id: Id, assignment_id: Id, payload: OpinionIn):
    a = _assignment(get_suggestion_for(request.auth, suggestion_id), assignment_id)
    engine.co_handler_opinion_send(actor=request.auth, assignment=a, opinion=payload.opinion)
    return {"id": a.pk, "state": a.state}


@router.post(A + "/reply", response={201: OkOut, **ERRORS}, summary="答复")
def reply(request, suggestion_id: Id, assignment_id: Id, payload: ReplyIn):
    """主办单位答复;未经沟通的须说明理由。"""
    s = get_suggestion_for(request.auth, suggestion_id)
    a = _assignment(s, assignment_id)
    r = engine.reply_submit(actor=request.auth, assignment=a, **payload.dict())
    s.case.refresh_from_db()
    return Status(201, {"id": r.pk, "state": s.case.state})


@router.post(A + "/extension", response={201: OkOut, **ERRORS}, summary="申请延期")
def extension(request, suggestion_id: Id, assignment_id: Id, payload: ExtensionIn):
    a = _assignment(get_suggestion_for(request.auth, suggestion_id), assignment_id)
    r = engine.extension_request(actor=request.auth, assignment=a, **payload.dict())
    return Status(201, {"id": r.pk, "state": r.state})


@router.post(A + "/return", response={201: OkOut, **ERRORS}, summary="申请退回")
def return_(request, suggestion_id: Id, assignment_id: Id, payload: ReasonIn):
    a = _assignment(get_suggestion_for(request.auth, suggestion_id), assignment_id)
    r = engine.return_request(actor=request.auth, assignment=a, reason=payload.reason)
    return Status(201, {"id": r.pk, "state": r.state})
