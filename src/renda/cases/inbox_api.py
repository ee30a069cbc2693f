"""The inbox API (``/api/v1/inbox``): what the signed-in user has to do, across every case kind — the
same selector (``renda.cases.inbox.inbox_for``), filters and permission as the page ``/cases/inbox/``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema

from renda.api.schemas import ErrorOut, PageParams

from .inbox import DeadlineFilter, InboxFilters, inbox_for, inbox_sources
from .policies import kind_choices

router = Router(tags=["我的待办"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut}


class InboxQueryParams(PageParams):
    kind: str = Field("", max_length=40, description="案件类别,如 suggestion、constituent_opinion")
    reason: str = Field("", max_length=40, description="待办事项,如 to_sign、to_review、to_rate")
    state: str = Field("", max_length=40, description="案件状态")
    deadline: str = Field("", max_length=10, description="期限:overdue 已超期,soon 7日内到期")
    q: str = Field("", max_length=100, description="编号或标题")


class InboxEntryOut(Schema):
    case_id: int = Field(..., description="案件编号")
    number: str = Field(..., description="编号")
    title: str = Field(..., description="标题")
    kind: str = Field(..., description="类别代码")
    kind_label: str = Field(..., description="类别")
    state: str = Field(..., description="状态代码")
    state_label: str = Field(..., description="状态")
    reason: str = Field(..., description="待办事项代码")
    reason_label: str = Field(..., description="待办事项")
    deadline: dt.date | None = Field(None, description="期限")
    overdue: bool = Field(..., description="已超期")
    due_soon: bool = Field(..., description="7日内到期")
    unit: str | None = Field(None, description="单位")
    url: str = Field(..., description="办理页面")


class ReasonOut(Schema):
    code: str = Field(..., description="待办事项代码")
    label: str = Field(..., description="待办事项")
    count: int = Field(..., description="件数(按当前其他筛选条件)")


class InboxPageOut(Schema):
    count: int = Field(..., description="符合条件的总条数")
    page: int = Field(..., description="当前页码")
    page_size: int = Field(..., description="每页条数")
    reasons: list[ReasonOut] = Field(..., description="各待办事项的件数")
    results: list[InboxEntryOut] = Field(..., description="本页的待办")


def _filters(params: InboxQueryParams) -> InboxFilters:
    """Unknown values filter nothing, as on the page."""
    kinds = dict(kind_choices())
    reasons = {s.code for s in inbox_sources()}
    deadlines = {code for code, _label in DeadlineFilter.choices}
    return InboxFilters(
        kind=params.kind if params.kind in kinds else "",
        reason=params.reason if params.reason in reasons else "",
        state=params.state.strip(),
        deadline=params.deadline if params.deadline in deadlines else "",
        q=params.q.strip(),
    )


@router.get("", response={200: InboxPageOut, **ERRORS}, summary="我的待办")
def inbox(request: Any, params: Query[InboxQueryParams]) -> Any:
    """我的待办:与“我的待办”页面同一选择器和权限(登录用户本人的待办)。"""
    result = inbox_for(request.auth, filters=_filters(params))
    count = result.rows.count()
    start = (params.page - 1) * params.page_size
    rows = list(result.rows[start : start + params.page_size]) if start < count else []
    entries = result.entries(rows)
    return {
        "count": count,
        "page": params.page,
        "page_size": params.page_size,
        "reasons": [{"code": r.code, "label": str(r.label), "count": r.count} for r in result.reasons],
        "results": [
            {
                "case_id": e.case.pk,
                "number": e.case.number,
                "title": e.case.title,
                "kind": e.case.kind,
                "kind_label": e.kind_label,
                "state": e.case.state,
                "state_label": e.state_label,
                "reason": e.reason,
                "reason_label": e.reason_label,
                "deadline": e.deadline,
                "overdue": e.overdue,
                "due_soon": e.due_soon,
                "unit": e.unit.name if e.unit else None,
                "url": e.url,
            }
            for e in entries
        ],
    }
