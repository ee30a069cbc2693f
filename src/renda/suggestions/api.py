"""The suggestions API: the suggestion's own operations (drafts, co-signers, submit / resubmit /
withdraw, review, publication, the assignment meeting), through the same services and permission checks
as the pages. The handling steps every kind shares (assign, sign, plan, contact, reply, rating,
supervision, requests, attachments …) are the engine's: ``/api/v1/cases/{case_id}/…`` (``renda.cases.api``).

Mounted by the API app as ``api.add_router("/suggestions", renda.suggestions.api.router)``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from renda.api.filters import filter_params, filtered
from renda.api.schemas import ErrorOut, Id, InputSchema, page_of, paginate
from renda.api.schemas import text as txt
from renda.cases import services as engine
from renda.cases.api import CaseAssignmentOut
from renda.cases.policies import available_transitions
from renda.core.errors import NotFoundError, ValidationFailed
from renda.core.models import Organization, Session
from renda.deputies.models import DeputyMandate

from . import services
from .choices import ReviewOutcome, SuggestionType
from .filtersets import SuggestionFilterSet
from .models import Category, CoSignature, ExclusionReason, Suggestion
from .selectors import (
    get_suggestion_for,
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
    assignments: list[CaseAssignmentOut] = Field(..., description="交办")
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


class BulkItemIn(InputSchema):
    suggestion: Id = Field(..., description="建议编号")
    lead: Id | None = Field(None, description="主办单位编号")
    co_handlers: list[Id] = Field(default_factory=list, max_length=50, description="协办单位编号")
    separate: list[Id] = Field(default_factory=list, max_length=50, description="分别办理单位编号")


class BulkAssignIn(InputSchema):
    items: list[BulkItemIn] = Field(..., min_length=1, max_length=500, description="交办会上交办的建议")
    deadline: dt.date | None = Field(None, description="办理期限")


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
