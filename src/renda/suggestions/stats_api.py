"""The suggestion statistics API: the same selector as the page and the Excel export.

Mounted by the suggestions router (``router.add_router("/stats", stats_api.router)``) or by the API app as
``("/suggestion-stats", "renda.suggestions.stats_api")``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from renda.api.schemas import ErrorOut, Id
from renda.core.errors import NotFoundError, PermissionDeniedError, ValidationFailed

from .statistics import suggestion_statistics
from .stats_views import parse_filters

router = Router(tags=["代表建议统计"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class StatsParams(Schema):
    congress: Id | None = Field(None, description="人大编号;缺省为本人所在人大")
    term: Id | None = Field(None, description="届次编号")
    session: Id | None = Field(None, description="会议编号")
    year: int | None = Field(None, ge=1949, le=2100, description="年度(建议登记年度)")
    rollup: bool = Field(True, description="是否包含下级人大")


class RateOut(Schema):
    num: int = Field(..., description="分子")
    den: int = Field(..., description="分母")
    percent: float | None = Field(None, description="百分比,四舍五入到本级人大设置的小数位数;分母为0时为空")


class CountsOut(Schema):
    received: int
    accepted: int
    merged: int
    refused: int
    pending: int
    withdrawn: int
    assigned: int
    replied: int
    on_time: int
    first_a: int
    first_b: int
    first_c: int
    first_d: int
    solved: int
    rated: int
    satisfied: int
    basically: int
    dissatisfied: int
    overdue: int
    key: int
    key_replied: int
    key_solved: int
    closed: int
    replies: int
    replies_contacted: int


class FiguresOut(Schema):
    label: str
    congress_id: int | None
    counts: CountsOut
    reply_rate: RateOut = Field(..., description="办复率:已办复/已交办")
    on_time_rate: RateOut = Field(..., description="按期办复率:按期答复/已交办")
    contact_rate: RateOut = Field(..., description="见面率:答复前有沟通记录的答复/全部答复")
    satisfaction_rate: RateOut = Field(..., description="满意率:满意和基本满意/已测评")
    resolution_rate: RateOut = Field(..., description="实际办结率:最终答复A类/立案")
    class_shares: dict[str, RateOut] = Field(..., description="首次答复类别 A/B/C/D 占已办复的比例")
    rating_shares: dict[str, RateOut] = Field(..., description="最近一次测评结果占已测评的比例")


class UnitOut(Schema):
    rank: int
    organization_id: int
    name: str
    congress: str
    assigned: int
    overdue: int
    dissatisfied: int
    reply_rate: RateOut
    on_time_rate: RateOut
    a_rate: RateOut
    resolution_rate: RateOut
    contact_rate: RateOut
    satisfaction_rate: RateOut


class StatsOut(Schema):
    congress_id: int
    congress: str
    term: int | None
    session: int | None
    year: int | None
    rollup: bool
    places: int = Field(..., description="比率保留的小数位数(本级人大的设置,四舍五入)")
    total: FiguresOut
    own: FiguresOut = Field(..., description="本级(不含下级人大)")
    lower: list[FiguresOut] = Field(..., description="各直接下级人大(含其下级)")
    units: list[UnitOut] = Field(..., description="承办单位排名")


@router.get("", response={200: StatsOut, **ERRORS}, summary="代表建议统计")
def statistics(request, params: Query[StatsParams]):
    """收到、立案、并案、不予立案件数,办复率、按期办复率、答复类别、见面率、满意度、实际办结率(均含分子分母),
    各下级人大汇总和承办单位排名。仅人大工作人员和领导可查,范围为本级及下级人大。"""
    raw = {k: v for k, v in params.dict().items() if v is not None and k != "rollup"}
    raw["rollup"] = "1" if params.rollup else "0"
    try:
        filters = parse_filters(request.auth, raw)
    except PermissionDenied:
        raise PermissionDeniedError(_("只有人大工作人员和领导可以查看建议统计。")) from None
    except Http404:
        raise NotFoundError(_("该人大不存在或不在您的查看范围内。")) from None
    if filters.errors:
        raise ValidationFailed(filters.errors[0], field="term" if params.term else "session")
    return suggestion_statistics(filters.scope).as_dict()


# ``/api/v1/suggestions/stats`` is the documented address (no trailing slash, like every operation); the
# form with a trailing slash, which this operation once had, answers the same (kept out of the schema).
router.add_api_operation(
    "/", ["GET"], statistics, response={200: StatsOut, **ERRORS}, include_in_schema=False
)
