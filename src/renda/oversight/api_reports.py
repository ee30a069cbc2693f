"""API of the oversight area `reports` (mounted by ``oversight/api.py``): the calendar, generating it,
major matters and resolutions (published resolutions are read on the public pages). Same selectors, services and
permission (``views_reports.READ_ROLES``) as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from renda.api.schemas import ErrorOut, InputSchema, PageParams, page_of, paginate
from renda.core import clock
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.models import Congress
from renda.core.scopes import scope_of

from . import calendar_reports as cal
from . import selectors_reports as sel
from . import services_reports as svc
from .views_reports import READ_ROLES

router = Router(tags=["oversight"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _ensure_reader(user: Any) -> None:
    if not scope_of(user).has(*READ_ROLES):
        raise PermissionDeniedError(_("您没有访问此内容的权限。"))


class StatutoryReportOut(Schema):
    id: int
    congress: str = Field(..., description="人大")
    title: str = Field(..., description="报告名称")
    reporting_body: str = Field(..., description="报告机关")
    recipient: str = Field(..., description="报告对象")
    year: int
    half: int = Field(..., description="0 年度,1 上半年,2 下半年")
    due_on: dt.date = Field(..., description="报送截止日")
    closes_on: dt.date = Field(..., description="缺报认定日")
    received_on: dt.date | None = Field(None, description="收到日期")
    status: str = Field(..., description="upcoming / due / late / missing / received / received_late")
    status_label: str
    state: str = Field(..., description="办理状态代码")
    state_label: str
    has_file: bool
    opinion_case_id: int | None = None

    @staticmethod
    def resolve_congress(o: Any) -> str:
        return o.congress.name

    @staticmethod
    def resolve_reporting_body(o: Any) -> str:
        return o.obligation.reporting_body.name

    @staticmethod
    def resolve_recipient(o: Any) -> str:
        return o.obligation.recipient

    @staticmethod
    def resolve_status(o: Any) -> str:
        return cal.status_of(o, clock.today())

    @staticmethod
    def resolve_status_label(o: Any) -> str:
        return str(cal.STATUS_LABELS[cal.status_of(o, clock.today())])

    @staticmethod
    def resolve_state_label(o: Any) -> str:
        return str(o.get_state_display())

    @staticmethod
    def resolve_has_file(o: Any) -> bool:
        return bool(o.file)


class ReportQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="年度,默认今年")
    status: str = Field("", description="报送情况")
    q: str = Field("", max_length=100, description="搜索报告名称、报告机关")


@router.get("/reports", response={200: list[StatutoryReportOut], **ERRORS}, summary="法定报告日历")
def list_reports(request: Any, params: Query[ReportQuery]) -> Any:
    """与“法定报告日历”页面同一筛选(``CalendarFilterSet``)与同一权限。"""
    from .filtersets_reports import CalendarFilterSet

    _ensure_reader(request.auth)
    data = {"year": params.year or clock.today().year, "status": params.status, "q": params.q}
    fs = CalendarFilterSet(data, queryset=sel.reports_for(request.auth), user=request.auth)
    return [row.report for row in sel.calendar_rows(fs.validated_qs(), status=fs.chosen_status)]


class GenerateIn(InputSchema):
    congress_id: int
    year: int = Field(..., ge=2000, le=2100)


class GenerateOut(Schema):
    created: int


@router.post("/reports/generate", response={200: GenerateOut, **ERRORS}, summary="生成一年的报告日历")
def generate(request: Any, payload: GenerateIn) -> Any:
    _ensure_reader(request.auth)
    congress = Congress.objects.filter(pk=payload.congress_id).first()
    if congress is None:
        raise ValidationFailed(_("请选择人大。"), field="congress_id")
    return {"created": len(svc.calendar_generate(actor=request.auth, congress=congress, year=payload.year))}


@router.get("/reports/{report_id}", response={200: StatutoryReportOut, **ERRORS}, summary="一份法定报告")
def get_report(request: Any, report_id: int) -> Any:
    _ensure_reader(request.auth)
    return sel.get_report_for(request.auth, report_id)


class MatterOut(Schema):
    id: int
    year: int
    title: str
    category: str
    decision_body: str
    state: str
    state_label: str
    reported_on: dt.date | None = None
    decided_on: dt.date | None = None
    vote_id: int | None = None

    @staticmethod
    def resolve_year(o: Any) -> int:
        return o.matter_list.year

    @staticmethod
    def resolve_state_label(o: Any) -> str:
        return str(o.get_state_display())


class MatterQuery(PageParams):
    year: int | None = Field(None, ge=2000, le=2100)
    state: str = ""
    q: str = Field("", max_length=100)


@router.get("/matters", response={200: page_of(MatterOut, "MajorMatterPage"), **ERRORS}, summary="重大事项")
def list_matters(request: Any, params: Query[MatterQuery]) -> Any:
    from .filtersets_reports import MatterFilterSet

    _ensure_reader(request.auth)
    data = {"year": params.year, "state": params.state, "q": params.q}
    return paginate(
        MatterFilterSet(data, queryset=sel.matters_for(request.auth), user=request.auth).validated_qs(),
        params,
    )


class ResolutionOut(Schema):
    id: int
    congress: str
    kind: str
    number: str
    title: str
    text: str
    adopted_on: dt.date
    vote: str = Field(..., description="表决结果")
    is_published: bool

    @staticmethod
    def resolve_congress(o: Any) -> str:
        return o.congress.name

    @staticmethod
    def resolve_vote(o: Any) -> str:
        return sel.vote_counts_text(o.vote)


class ResolutionQuery(PageParams):
    year: int | None = Field(None, ge=2000, le=2100)
    q: str = Field("", max_length=100)


def _resolutions(qs: Any, params: ResolutionQuery, user: Any) -> Any:
    from .filtersets_reports import ResolutionFilterSet

    data = {"year": params.year, "q": params.q}
    return paginate(ResolutionFilterSet(data, queryset=qs, user=user).validated_qs(), params)


@router.get(
    "/resolutions", response={200: page_of(ResolutionOut, "ResolutionPage"), **ERRORS}, summary="决议决定"
)
def list_resolutions(request: Any, params: Query[ResolutionQuery]) -> Any:
    _ensure_reader(request.auth)
    return _resolutions(sel.resolutions_for(request.auth), params, request.auth)
