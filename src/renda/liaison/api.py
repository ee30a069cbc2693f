"""The liaison API (``/api/v1/liaison``): opinions (list, read, screen), stations and statistics,
through the same selectors and services as the pages. Public submission stays on the page (captcha)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema

from renda.api.filters import filter_params, filtered
from renda.api.schemas import ErrorOut, InputSchema, page_of, paginate
from renda.api.schemas import text as txt
from renda.core.permissions import ensure_can_view
from renda.core.scopes import scope_of

from . import services
from .filtersets import OpinionFilterSet
from .selectors import get_opinion_for, opinion_stats, opinions_for, stations_for

router = Router(tags=["联络站与社情民意"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class OpinionOut(Schema):
    case_id: int = Field(..., description="案件编号")
    number: str = Field(..., description="编号")
    title: str = Field(..., description="标题")
    state: str = Field(..., description="状态")
    channel: str = Field(..., description="来源渠道")
    station: str | None = Field(None, description="联络站")
    deputy: str | None = Field(None, description="代表")
    topic: str = Field("", description="分类")
    created_at: dt.datetime = Field(..., description="提交时间")

    @staticmethod
    def resolve_number(o: Any) -> str:
        return o.case.number

    @staticmethod
    def resolve_title(o: Any) -> str:
        return o.case.title

    @staticmethod
    def resolve_state(o: Any) -> str:
        return o.case.state

    @staticmethod
    def resolve_station(o: Any) -> str | None:
        return o.station.name if o.station else None

    @staticmethod
    def resolve_deputy(o: Any) -> str | None:
        return o.deputy.full_name if o.deputy else None

    @staticmethod
    def resolve_created_at(o: Any) -> dt.datetime:
        return o.case.created_at


OpinionQuery = filter_params(OpinionFilterSet, "OpinionQuery")


class ScreenIn(InputSchema):
    accept: bool = Field(..., description="true 受理;false 不予受理")
    exclusion_code: txt(40) = ""  # type: ignore[valid-type]
    public_reason: txt(500) = ""  # type: ignore[valid-type]


class StationOut(Schema):
    id: int
    name: str
    congress: str

    @staticmethod
    def resolve_congress(o: Any) -> str:
        return o.congress.name


@router.get("/opinions", response={200: page_of(OpinionOut, "OpinionPage"), **ERRORS}, summary="社情民意列表")
def list_opinions(request: Any, params: Query[OpinionQuery]) -> Any:
    """社情民意列表:与“社情民意”页面同一权限(人大工作人员、领导、联络站管理员、代表)。"""
    ensure_can_view(request.auth, "liaison.opinions")
    return paginate(filtered(OpinionFilterSet, params, opinions_for(request.auth), user=request.auth), params)


@router.get("/opinions/{case_id}", response={200: OpinionOut, **ERRORS}, summary="一件社情民意")
def get_opinion(request: Any, case_id: int) -> Any:
    ensure_can_view(request.auth, "liaison.opinions")
    return get_opinion_for(request.auth, case_id)


@router.post(
    "/opinions/{case_id}/screen", response={200: OpinionOut, **ERRORS}, summary="甄别(受理或不予受理)"
)
def screen_opinion(request: Any, case_id: int, payload: ScreenIn) -> Any:
    opinion = get_opinion_for(request.auth, case_id)
    return services.opinion_screen(
        actor=request.auth,
        opinion=opinion,
        accept=payload.accept,
        exclusion_code=payload.exclusion_code,
        public_reason=payload.public_reason,
    )


@router.get("/stations", response={200: list[StationOut], **ERRORS}, summary="可见的联络站")
def list_stations(request: Any) -> Any:
    return list(stations_for(request.auth))


@router.get("/stats", response={200: dict, **ERRORS}, summary="社情民意统计")
def stats(request: Any, year: int = Query(..., ge=2000, le=2100)) -> Any:
    return opinion_stats(scope_of(request.auth).staff_read_congress_ids, year)
