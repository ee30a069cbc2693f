"""The deputies API: the register (identity numbers masked unless the caller is staff of the
deputy's congress), activities (create, sign in, self-report, verify), points and the ranking.

Mounted by the API app at ``/api/v1/deputies``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Query, Router, Schema

from renda.api.filters import filter_data, filter_params
from renda.api.schemas import ErrorOut, Id, InputSchema, PageParams, page_of, paginate
from renda.api.schemas import text as txt
from renda.core import clock
from renda.core.errors import NotFoundError, ValidationFailed
from renda.core.models import Congress
from renda.core.permissions import ensure_can_view
from renda.core.scopes import scope_of

from . import selectors, services
from .completeness import missing_of
from .filtersets import RegisterFilterSet
from .models import DeputyMandate
from .records import Activity, ActivityParticipation

router = Router(tags=["人大代表"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class MandateOut(Schema):
    id: int = Field(..., description="代表资格编号")
    deputy_id: int
    full_name: str
    gender: str
    ethnicity: str
    party: str
    id_number: str = Field("", description="身份证号;非本级人大工作人员只看到脱敏后的号码")
    congress_id: int
    term_id: int
    constituency: str
    group: str | None
    station: str | None
    occupation_category: str
    is_grassroots: bool
    is_reelected: bool
    is_standing_committee_member: bool
    started_on: dt.date | None
    ended_on: dt.date | None
    end_reason: str
    missing: list[str]  # 信息不完整: what is still to be filled in


def _mandate_out(user, m: DeputyMandate) -> dict:
    d = m.deputy
    return {
        "id": m.pk, "deputy_id": d.pk, "full_name": d.full_name, "gender": d.gender, "ethnicity": d.ethnicity,
        "party": d.party, "id_number": d.id_number if selectors.can_see_id_number(user, m) else d.id_number_masked,
        "congress_id": m.congress_id, "term_id": m.term_id, "constituency": m.constituency,
        "group": m.group.name if m.group else None, "station": m.station.name if m.station else None,
        "occupation_category": m.occupation_category, "is_grassroots": m.is_grassroots,
        "is_reelected": m.is_reelected, "is_standing_committee_member": m.is_standing_committee_member,
        "started_on": m.started_on, "ended_on": m.ended_on, "end_reason": m.end_reason,
        "missing": missing_of(m),
    }  # fmt: skip


MandatePage = page_of(MandateOut, "DeputyMandatePage")


class RegisterParams(PageParams):
    congress: Id | None = Field(None, description="人大编号(空为调用者可见的全部人大)")


# The register's query parameters are the page's filter set (one chain: page, export, API).
RegisterQuery = filter_params(RegisterFilterSet, "RegisterQuery", base=RegisterParams)


@router.get("", response={200: MandatePage, **ERRORS}, summary="代表名册")
def register(request, params: Query[RegisterQuery]):
    """代表名册(含个人信息):人大工作人员和领导可用,与“代表名册”页面相同。"""
    ensure_can_view(request.auth, "deputies.register")
    mandates = selectors.register(request.auth)
    congress = None
    if params.congress is not None:
        readable = scope_of(request.auth).read_congress_ids
        congress = Congress.objects.filter(pk=params.congress, pk__in=readable).first()
        mandates = mandates.filter(congress_id=params.congress)
    filterset = RegisterFilterSet(filter_data(params), mandates, user=request.auth, congress=congress)
    page = paginate(filterset.validated_qs(), params)
    page["results"] = [_mandate_out(request.auth, m) for m in page["results"]]
    return page


@router.get("/{int:mandate_id}", response={200: MandateOut, **ERRORS}, summary="代表详情")
def detail(request, mandate_id: Id):
    ensure_can_view(request.auth, "deputies.mandate")
    return _mandate_out(request.auth, selectors.get_mandate_for(request.auth, mandate_id))


class YearPointsOut(Schema):
    year: int
    points: Decimal = Field(..., description="活动积分")
    total: Decimal = Field(..., description="总积分(含基础分)")
    activities: int
    absences: int


class PointsOut(Schema):
    mandate_id: int
    base: Decimal
    term_points: Decimal
    term_total: Decimal
    rank: int | None = Field(None, description="本年排名")
    out_of: int
    years: list[YearPointsOut]


@router.get("/{int:mandate_id}/points", response={200: PointsOut, **ERRORS}, summary="代表履职积分")
def mandate_points(request, mandate_id: Id):

    m = selectors.get_mandate_for(request.auth, mandate_id)
    rec = selectors.deputy_record(m, limit=0)
    rank, out_of = selectors.rank_of(m.congress, m, clock.today().year)
    return {"mandate_id": m.pk, "base": rec.base, "term_points": rec.term_points, "term_total": rec.term_total,
            "rank": rank, "out_of": out_of, "years": rec.years}  # fmt: skip


class RankOut(Schema):
    rank: int
    mandate_id: int
    name: str
    group: str
    points: Decimal
    total: Decimal
    activities: int
    absences: int


class RankingQuery(Schema):
    congress: Id
    year: int | None = Field(None, ge=2000, le=2100, description="年度;不填为本届任期")


@router.get("/ranking/list", response={200: list[RankOut], **ERRORS}, summary="积分排名")
def ranking(request, params: Query[RankingQuery]):
    if params.congress not in scope_of(request.auth).staff_read_congress_ids:
        raise NotFoundError("未找到该人大。")
    return selectors.ranking(Congress.objects.get(pk=params.congress), year=params.year)


class ActivityIn(InputSchema):
    congress: Id
    kind: txt(24)  # type: ignore[valid-type]
    title: txt(200, min_length=1)  # type: ignore[valid-type]
    occurred_on: dt.date
    organiser: txt(120) = ""  # type: ignore[valid-type]
    organised_by_committee: bool = False
    place: txt(120) = ""  # type: ignore[valid-type]
    description: txt(5000) = ""  # type: ignore[valid-type]
    hours: Decimal = Field(Decimal(0), ge=0, le=999)
    is_initial_training: bool = False


class ActivityOut(Schema):
    id: int
    congress_id: int
    kind: str
    title: str
    occurred_on: dt.date
    participants: int = 0


def _activity_out(a: Activity) -> dict:
    return {"id": a.pk, "congress_id": a.congress_id, "kind": a.kind, "title": a.title, "occurred_on": a.occurred_on,
            "participants": a.participations.count()}  # fmt: skip


@router.post("/activities", response={201: ActivityOut, **ERRORS}, summary="登记履职活动")
def activity_create(request, payload: ActivityIn):
    congress = Congress.objects.filter(pk=payload.congress).first()
    if congress is None:
        raise ValidationFailed("人大不存在。", field="congress")
    a = services.activity_create(actor=request.auth, congress=congress, **payload.dict(exclude={"congress"}))
    return 201, _activity_out(a)


class SignInIn(InputSchema):
    mandates: list[Id] = Field(..., min_length=1, max_length=2000)
    attendance: txt(24) = "present"  # type: ignore[valid-type]


def _activity(user, pk: int) -> Activity:
    a = Activity.objects.visible_to(user).filter(pk=pk).select_related("congress").first()
    if a is None:
        raise NotFoundError("未找到该活动。")
    return a


@router.post(
    "/activities/{int:activity_id}/sign-in", response={200: ActivityOut, **ERRORS}, summary="批量签到"
)
def sign_in(request, activity_id: Id, payload: SignInIn):
    a = _activity(request.auth, activity_id)
    mandates = list(DeputyMandate.objects.filter(pk__in=payload.mandates).select_related("deputy"))
    if len(mandates) != len(set(payload.mandates)):
        raise ValidationFailed("有代表不存在。", field="mandates")
    services.activity_sign_in(
        actor=request.auth, activity=a, mandates=mandates, attendance=payload.attendance
    )
    return _activity_out(a)


class SelfReportIn(InputSchema):
    mandate: Id
    kind: txt(24)  # type: ignore[valid-type]
    title: txt(200, min_length=1)  # type: ignore[valid-type]
    occurred_on: dt.date
    place: txt(120) = ""  # type: ignore[valid-type]
    description: txt(5000) = ""  # type: ignore[valid-type]


class ParticipationOut(Schema):
    id: int
    activity_id: int
    mandate_id: int
    source: str
    verification: str
    attendance: str
    points: Decimal


@router.post("/self-reports", response={201: ParticipationOut, **ERRORS}, summary="代表自报履职活动")
def self_report(request, payload: SelfReportIn):
    m = selectors.get_mandate_for(request.auth, payload.mandate)
    p = services.activity_self_report(actor=request.auth, mandate=m, **payload.dict(exclude={"mandate"}))
    return 201, p


class VerifyIn(InputSchema):
    approve: bool
    note: txt(300) = ""  # type: ignore[valid-type]


@router.post("/participations/{int:participation_id}/verify", response={200: ParticipationOut, **ERRORS},
             summary="审核自报活动")  # fmt: skip
def verify(request, participation_id: Id, payload: VerifyIn):
    p = (
        ActivityParticipation.objects.visible_to(request.auth)
        .select_related("activity")
        .filter(pk=participation_id)
        .first()
    )
    if p is None:
        raise NotFoundError("未找到该记录。")
    return services.participation_verify(
        actor=request.auth, participation=p, approve=payload.approve, note=payload.note
    )
