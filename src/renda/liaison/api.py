"""The liaison API (``/api/v1/liaison``): opinions (list, read), stations and statistics, through the
same selectors as the pages. Public submission stays on the page (captcha).

An opinion is a case: its steps are the case API's (``/api/v1/cases/{id}/…``, the same forms and
permissions as the case page): ``do/accept_opinion``, ``do/exclude`` {exclusion_code, public_reason},
``assign`` {lead, deadline, note}, ``do/answer_on_spot`` {answer}, ``do/take_up`` {suggestion, title},
and the engine's sign, reply, return and extension requests."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Query, Router, Schema
from pydantic import WithJsonSchema

from renda.api.filters import filter_params, filtered
from renda.api.schemas import ErrorOut, page_of, paginate
from renda.core.permissions import ensure_can_view
from renda.core.scopes import scope_of

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


def _rate(value: Any) -> str | None:
    """A rate as the congress prints it: ``"6.30"`` with two places, never the float ``6.3``."""
    return None if value is None else str(value)


# A [name, count] pair. Described without ``prefixItems`` (JSON Schema 2020-12), which OpenAPI tools
# such as schemathesis do not all read.
NameCount = Annotated[
    tuple[str, int],
    WithJsonSchema(
        {
            "type": "array",
            "minItems": 2,
            "maxItems": 2,
            "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
            "description": "[名称, 件数]",
        }
    ),
]


class OpinionStatsOut(Schema):
    year: int = Field(..., description="年度")
    received: int = Field(..., description="收到的意见数")
    by_channel: list[NameCount] = Field(..., description="按渠道:[名称, 件数]")
    by_station: list[NameCount] = Field(..., description="按联络站")
    by_deputy: list[NameCount] = Field(..., description="按代表")
    by_topic: list[NameCount] = Field(..., description="按分类")
    by_township: list[NameCount] = Field(..., description="按乡镇")
    by_state: list[NameCount] = Field(..., description="按状态")
    replied: int = Field(..., description="已答复的办理单位数")
    on_time: int = Field(..., description="按期答复数")
    on_time_rate: str | None = Field(
        None, description='按期答复率(%),按本级人大设定的小数位数四舍五入的文本,如 "93.8";无答复时为 null'
    )
    ratings: dict[str, int] = Field(..., description="群众评价:满意、基本满意、不满意的件数")
    satisfaction_rate: str | None = Field(
        None, description="满意率(含基本满意,%),按本级人大设定的小数位数四舍五入的文本;无评价时为 null"
    )
    heat: dict[str, Any] = Field(..., description="分类×乡镇热力图:topics、townships、cells")

    @staticmethod
    def resolve_on_time_rate(o: Any) -> str | None:
        return _rate(o["on_time_rate"])

    @staticmethod
    def resolve_satisfaction_rate(o: Any) -> str | None:
        return _rate(o["satisfaction_rate"])


@router.get("/stations", response={200: list[StationOut], **ERRORS}, summary="可见的联络站")
def list_stations(request: Any) -> Any:
    return list(stations_for(request.auth))


@router.get("/stats", response={200: OpinionStatsOut, **ERRORS}, summary="社情民意统计")
def stats(request: Any, year: int = Query(..., ge=2000, le=2100)) -> Any:
    return opinion_stats(scope_of(request.auth).staff_read_congress_ids, year)
