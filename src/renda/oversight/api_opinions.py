"""API of the oversight area `opinions` (mounted by ``oversight/api.py`` under ``/api/v1/oversight``):
the opinion's own operations — list, detail, register, the committee's rating from counts, the ratings
and the figures by body and year. Every handling step (submit, approve, assign, sign, report, comment,
circular …) is the case engine's: ``/api/v1/cases/{case_id}/do/{code}`` with the same forms as the
case page. Same permission as the pages (``selectors_opinions.can_read_opinions``), same services.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status

from renda.api.filters import filter_params, filtered
from renda.api.schemas import ErrorOut, Id, InputSchema, PageParams, page_of, paginate
from renda.api.schemas import text as txt
from renda.core.errors import NotFoundError, ValidationFailed
from renda.core.models import Congress, Organization

from . import ratingrules_opinions as rules
from . import services_opinions as services
from .filtersets_opinions import OpinionFilterSet
from .models.opinions import Opinion, OpinionRating
from .selectors_opinions import (
    ensure_can_read_opinions,
    get_opinion_for,
    opinions_for,
    ratings_for,
    satisfaction_by_body_year,
)

router = Router(tags=["审议意见"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class DeliberationOpinionOut(Schema):
    id: int = Field(..., description="审议意见编号")
    case_id: int = Field(..., description="案件编号(办理步骤见 /api/v1/cases/{case_id})")
    number: str = Field(..., description="文号")
    title: str = Field(..., description="标题")
    report_kind: str = Field(..., description="报告类别")
    report_title: str = Field(..., description="审议的报告")
    reporting_body: str = Field(..., description="报告机关")
    reporting_body_id: int
    responsible_committee: str | None = Field(None, description="负责的委员会")
    deliberated_on: dt.date = Field(..., description="审议日期")
    compile_due: dt.date = Field(..., description="整理期限")
    state: str = Field(..., description="状态")
    state_label: str = Field(..., description="状态(中文)")
    due_at: dt.date | None = Field(None, description="报告期限")
    source_kind: str = Field("", description="来源类别")
    source_id: int | None = Field(None, description="来源编号")
    circular_due: bool = Field(..., description="应予通报")
    circular_issued: bool = Field(..., description="已通报")

    @staticmethod
    def resolve_number(o: Opinion) -> str:
        return o.case.number

    @staticmethod
    def resolve_title(o: Opinion) -> str:
        return o.case.title

    @staticmethod
    def resolve_reporting_body(o: Opinion) -> str:
        return o.reporting_body.name

    @staticmethod
    def resolve_responsible_committee(o: Opinion) -> str | None:
        return o.responsible_committee.name if o.responsible_committee else None

    @staticmethod
    def resolve_state(o: Opinion) -> str:
        return o.case.state

    @staticmethod
    def resolve_state_label(o: Opinion) -> str:
        return o.case.get_state_display()

    @staticmethod
    def resolve_due_at(o: Opinion) -> dt.date | None:
        return o.case.due_at

    @staticmethod
    def resolve_circular_issued(o: Opinion) -> bool:
        return o.circular_issued_at is not None


class DeliberationRatingOut(Schema):
    id: int
    opinion_id: int
    round: int = Field(..., description="轮次")
    source: str = Field(..., description="vote 电子表决 / counts 录入票数")
    rated_on: dt.date
    satisfied: int
    basically: int
    dissatisfied: int
    blank: int = Field(..., description="弃权或无效")
    members: int = Field(..., description="全体组成人员")
    present: int = Field(..., description="出席")
    rule_code: str
    rule_version: int
    percent: Decimal = Field(..., description="满意率(%),两位小数")
    verdict: str = Field(..., description="pass 通过 / rectify 继续整改 / escalate 通报")
    verdict_label: str
    level: str = Field("", description="按全体组成人员规则的满意程度")
    escalated: bool

    @staticmethod
    def resolve_verdict_label(r: OpinionRating) -> str:
        return r.get_verdict_display()


class DeliberationOpinionIn(InputSchema):
    congress: Id
    report_kind: str = Field(
        ..., description="报告类别:special_work、plan、budget、final_accounts、audit、inspection、appointee"
    )
    report_title: txt(200, min_length=1, description="审议的报告")  # type: ignore[valid-type]
    reporting_body: Id = Field(..., description="报告机关(组织编号)")
    responsible_committee: Id | None = None
    meeting: Id | None = None
    deliberated_on: dt.date | None = None
    source_kind: txt(40) = ""  # type: ignore[valid-type]
    source_id: Id | None = None
    remarks: txt(20000) = ""  # type: ignore[valid-type]
    text: txt(20000) = ""  # type: ignore[valid-type]


class DeliberationCountsIn(InputSchema):
    members: int = Field(..., ge=0, le=100000, description="全体组成人员")
    present: int = Field(..., ge=0, le=100000, description="出席")
    satisfied: int = Field(..., ge=0, le=100000)
    basically: int = Field(..., ge=0, le=100000)
    dissatisfied: int = Field(..., ge=0, le=100000)
    blank: int = Field(0, ge=0, le=100000, description="弃权或无效")
    ballots: int | None = Field(None, ge=0, le=100000, description="收回选票(可空)")
    note: txt(300) = ""  # type: ignore[valid-type]


class DeliberationStatRow(Schema):
    body: str
    year: int
    count: int
    passed: int
    mean: Decimal


DeliberationOpinionPage = page_of(DeliberationOpinionOut, "DeliberationOpinionPage")
DeliberationRatingPage = page_of(DeliberationRatingOut, "DeliberationRatingPage")
DeliberationOpinionQuery = filter_params(OpinionFilterSet, "DeliberationOpinionQuery")


def _one(model: type, pk: int | None, field: str) -> object | None:
    if pk is None:
        return None
    found = model.objects.filter(pk=pk).first()
    if found is None:
        raise ValidationFailed("所选对象不存在。", field=field)
    return found


@router.get("/opinions", response={200: DeliberationOpinionPage, **ERRORS}, summary="审议意见列表")
def list_opinions(request, filters: Query[DeliberationOpinionQuery]):
    """调用者可见范围内的审议意见,筛选条件与“审议意见”页面相同。"""
    ensure_can_read_opinions(request.auth)
    qs = filtered(OpinionFilterSet, filters, opinions_for(request.auth), user=request.auth)
    return paginate(qs, filters)


@router.get("/opinions/ratings", response={200: DeliberationRatingPage, **ERRORS}, summary="满意度测评列表")
def list_ratings(request, params: Query[PageParams]):
    """每次测评的原始票数、当时的规则和版本、满意率(两位小数)和结果。"""
    ensure_can_read_opinions(request.auth)
    return paginate(ratings_for(request.auth).order_by("-rated_on", "-pk"), params)


@router.get(
    "/opinions/stats", response={200: list[DeliberationStatRow], **ERRORS}, summary="按报告机关和年度的满意率"
)
def opinion_stats(request):
    ensure_can_read_opinions(request.auth)
    return satisfaction_by_body_year(request.auth)["rows"]


@router.get(
    "/opinions/{int:opinion_id}", response={200: DeliberationOpinionOut, **ERRORS}, summary="审议意见详情"
)
def get_opinion(request, opinion_id: Id):
    ensure_can_read_opinions(request.auth)
    return get_opinion_for(request.auth, opinion_id)


@router.post("/opinions", response={201: DeliberationOpinionOut, **ERRORS}, summary="登记审议意见")
def create_opinion(request, payload: DeliberationOpinionIn):
    """本级人大工作人员登记常委会会议审议报告后形成的审议意见。"""
    ensure_can_read_opinions(request.auth)
    from renda.meetings.models import Meeting

    congress = _one(Congress, payload.congress, "congress")
    opinion = services.opinion_create(
        actor=request.auth,
        congress=congress,
        report_kind=payload.report_kind,
        report_title=payload.report_title,
        reporting_body=_one(Organization, payload.reporting_body, "reporting_body"),
        responsible_committee=_one(Organization, payload.responsible_committee, "responsible_committee"),
        meeting=_one(Meeting, payload.meeting, "meeting"),
        deliberated_on=payload.deliberated_on,
        source_kind=payload.source_kind,
        source_id=payload.source_id,
        remarks=payload.remarks,
        text=payload.text,
    )
    return Status(201, opinions_for(request.auth).get(pk=opinion.pk))


@router.post(
    "/opinions/{int:opinion_id}/ratings",
    response={201: DeliberationRatingOut, **ERRORS},
    summary="录入测评票数",
)
def rate_opinion(request, opinion_id: Id, payload: DeliberationCountsIn):
    """纸质票或举手表决的计票结果,按本级现行测评规则形成测评结果(与案件页“录入测评票数”相同)。"""
    ensure_can_read_opinions(request.auth)
    try:
        opinion = get_opinion_for(request.auth, opinion_id)
    except NotFoundError:
        raise
    counts = rules.Counts(
        satisfied=payload.satisfied,
        basically=payload.basically,
        dissatisfied=payload.dissatisfied,
        blank=payload.blank,
        members=payload.members,
        present=payload.present,
    )
    rating = services.rating_record(
        actor=request.auth, opinion=opinion, counts=counts, ballots=payload.ballots, note=payload.note
    )
    return Status(201, rating)
