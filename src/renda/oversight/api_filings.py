"""API of the oversight area `filings` (mounted by ``oversight/api.py``): ``/api/v1/oversight/filings``
and ``/api/v1/oversight/appointments``, through the same selectors, filter sets, services and
permissions (``policy_filings``) as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from renda.api.filters import filter_params, filtered
from renda.api.schemas import ErrorOut, InputSchema, page_of, paginate
from renda.core.errors import NotFoundError, PermissionDeniedError
from renda.core.models import Organization

from . import policy_filings as policy
from . import selectors_filings as sel
from . import services_filings as services
from .filtersets_filings import AppointmentFilterSet, FilingFilterSet

router = Router(tags=["监督:备案审查与人事任免"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _ensure(check: Any, user: Any) -> None:
    if not check(user):
        raise PermissionDeniedError("您没有访问此内容的权限。")


class FlagOut(Schema):
    article: str = Field(..., description="条款")
    category: str = Field(
        ..., description="类别代码:penalty 处罚 / licence 许可 / compulsory 强制 / fee 收费 / rights 限制权利"
    )
    label: str = Field(..., description="提示")
    clause: str = Field(..., description="条款全文")
    match_start: int = Field(..., description="命中文字在条款中的起点")
    match_end: int = Field(..., description="命中文字在条款中的终点")


class FilingOut(Schema):
    id: int
    title: str = Field(..., description="文件名称")
    document_number: str = Field(..., description="文号")
    filing_body: str = Field(..., description="报备机关")
    published_on: dt.date = Field(..., description="公布日期")
    filed_at: dt.datetime = Field(..., description="报备时间")
    due_on: dt.date = Field(..., description="报备期限")
    is_late: bool = Field(..., description="逾期报备")
    late_days: int = Field(..., description="逾期天数")
    state: str = Field(..., description="状态代码")
    state_label: str = Field(..., description="状态")
    review_due_on: dt.date = Field(..., description="审查期限")
    outcome: str = Field(..., description="审查结论代码")
    correction_case_id: int | None = Field(None, description="纠正督办案件(/api/v1/cases/{id})")

    @staticmethod
    def resolve_filing_body(o: Any) -> str:
        return o.filing_body.name

    @staticmethod
    def resolve_state_label(o: Any) -> str:
        return str(o.get_state_display())


class FilingDetailOut(FilingOut):
    text: str = Field(..., description="正文")
    opinion: str = Field(..., description="审查意见")
    flags: list[FlagOut] = Field(..., description="条款提示")

    @staticmethod
    def resolve_flags(o: Any) -> list[Any]:
        return list(o.flags.all())


class DecideIn(InputSchema):
    outcome: str = Field(..., description="filed / correction_asked / returned / correct / revoke")
    opinion: str = Field("", description="审查意见(予以备案以外必填)")
    publish: bool = Field(False, description="予以备案后在文件库公开")


FilingQuery = filter_params(FilingFilterSet, "FilingQuery")
AppointmentQuery = filter_params(AppointmentFilterSet, "AppointmentQuery")


@router.get("/filings", response={200: page_of(FilingOut, "FilingPage"), **ERRORS}, summary="备案文件列表")
def list_filings(request: Any, params: Query[FilingQuery]) -> Any:  # type: ignore[valid-type]
    """与“备案审查”页面同一权限和筛选:人大工作人员、领导看本级的备案;报备机关看自己报送的。"""
    _ensure(policy.reads_filings, request.auth)
    qs = filtered(FilingFilterSet, params, sel.filings_for(request.auth), user=request.auth)
    return paginate(qs, params)


@router.get("/filings/{int:filing_id}", response={200: FilingDetailOut, **ERRORS}, summary="一件备案文件")
def get_filing(request: Any, filing_id: int) -> Any:
    _ensure(policy.reads_filings, request.auth)
    return sel.get_filing_for(request.auth, filing_id)


@router.post("/filings", response={200: FilingDetailOut, **ERRORS}, summary="报送备案(multipart)")
def submit_filing(
    request: Any,
    filing_body: Form[int],
    title: Form[str],
    document_number: Form[str],
    published_on: Form[str],
    document: File[UploadedFile] = None,  # type: ignore[assignment]
    report: File[UploadedFile] = None,  # type: ignore[assignment]
    explanation: File[UploadedFile] = None,  # type: ignore[assignment]
    effective_on: Form[str] = "",
    text: Form[str] = "",
) -> Any:
    """规范性文件文本、备案报告、起草说明三个文件(PDF或.docx,按内容检查);逾期照常受理并标记。"""
    _ensure(policy.reads_filings, request.auth)
    body = Organization.objects.filter(pk=filing_body).first()
    if body is None:
        raise NotFoundError("报备机关不存在。")
    return services.filing_submit(
        actor=request.auth, filing_body=body, title=title, document_number=document_number,
        published_on=published_on, effective_on=effective_on or None, text=text,
        files={"document": document, "report": report, "explanation": explanation},
    )  # fmt: skip


@router.post("/filings/{int:filing_id}/decide", response={200: FilingDetailOut, **ERRORS}, summary="审查结论")
def decide_filing(request: Any, filing_id: int, payload: DecideIn) -> Any:
    _ensure(policy.reads_filings, request.auth)
    filing = sel.get_filing_for(request.auth, filing_id)
    return services.filing_decide(
        actor=request.auth,
        filing=filing,
        outcome=payload.outcome,
        opinion=payload.opinion,
        publish=payload.publish,
    )


class AppointmentOut(Schema):
    id: int
    kind: str = Field(..., description="appoint 任命 / remove 免职 / resign 辞职")
    person_name: str = Field(..., description="姓名")
    gender: str
    birth_date: dt.date
    education: str
    party: str = Field(..., description="政治面貌")
    employer: str = Field(..., description="任职机关")
    post: str = Field(..., description="职务")
    nominated_on: dt.date = Field(..., description="提请日期")
    state: str = Field(..., description="状态代码")
    state_label: str
    exam_score: float | None = Field(None, description="任前法律考试成绩")
    decided_on: dt.date | None = Field(None, description="表决日期")
    vote_summary: str = Field(..., description="表决结果")
    certificate_number: str = Field(..., description="任命书编号")

    @staticmethod
    def resolve_state_label(o: Any) -> str:
        return str(o.get_state_display())


@router.get(
    "/appointments",
    response={200: page_of(AppointmentOut, "AppointmentPage"), **ERRORS},
    summary="人事任免列表",
)
def list_appointments(request: Any, params: Query[AppointmentQuery]) -> Any:  # type: ignore[valid-type]
    _ensure(policy.reads_appointments, request.auth)
    qs = filtered(AppointmentFilterSet, params, sel.appointments_for(request.auth), user=request.auth)
    return paginate(qs, params)
