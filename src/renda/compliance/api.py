"""The compliance API (``/api/v1/compliance``): the check of a congress, a rule's history, the matrix of
the congresses below and a re-run, with the same permission as the pages (congress staff and leaders,
for their congress and those below it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from renda.api.schemas import ErrorOut
from renda.core.errors import NotFoundError, ValidationFailed

from . import catalogue, checks, selectors, services

router = Router(tags=["制度落实体检"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class ItemOut(Schema):
    text: str
    url: str = ""


class LineOut(Schema):
    rule_id: str = Field(..., description="规则编号")
    title: str = Field(..., description="制度要求")
    module: str = Field(..., description="采集模块代码")
    module_label: str = Field(..., description="采集模块")
    period_label: str = Field(..., description="检查期间")
    status: str = Field(..., description="状态代码:met / not_met / no_data / not_applicable")
    status_label: str = Field(..., description="状态")
    value: str = Field(..., description="实际值")
    threshold: str = Field(..., description="要求")
    evidence: list[ItemOut] = Field(..., description="已达到")
    shortfall: list[ItemOut] = Field(..., description="未达到")
    note: str = Field(..., description="说明")


class CheckOut(Schema):
    congress_id: int
    congress: str
    period: str = Field(..., description="期间代码")
    period_label: str
    ran_at: dt.datetime
    met: int
    not_met: int
    no_data: int
    not_applicable: int
    lines: list[LineOut]


class HistoryPoint(Schema):
    checked_at: dt.datetime
    status: str
    value: str


class MatrixRow(Schema):
    congress_id: int
    congress: str
    period_label: str
    statuses: dict[str, str]


def _report(user: Any, congress: int | None, period: str, value: str) -> tuple[Any, checks.ReportPeriod]:
    c = selectors.congress_for(user, congress)
    try:
        return c, checks.parse_period(c, period, value)
    except checks.PeriodError as exc:
        raise ValidationFailed(_("检查期间不正确。"), field="period") from exc


def _out(c: Any, report: checks.ReportPeriod, run: Any, lines: list[checks.Line]) -> dict[str, Any]:
    return {
        "congress_id": c.pk, "congress": c.name, "period": report.key, "period_label": report.label,
        "ran_at": run.ran_at, "met": run.met, "not_met": run.not_met, "no_data": run.no_data,
        "not_applicable": run.not_applicable,
        "lines": [{**x.__dict__, "status_label": x.status_label} for x in lines],
    }  # fmt: skip


@router.get("/check", response={200: CheckOut, **ERRORS}, summary="一个人大一个期间的制度落实检查")
def get_check(request, congress: int | None = None, period: str = "year", value: str = "") -> Any:
    c, report = _report(request.user, congress, period, value)
    run = checks.current_run(c, report)
    return _out(c, report, run, checks.lines_of(run))


@router.post("/check/run", response={200: CheckOut, **ERRORS}, summary="重新检查")
def post_run(request, congress: int | None = None, period: str = "year", value: str = "") -> Any:
    c, report = _report(request.user, congress, period, value)
    run = services.check_rerun(actor=request.user, congress=c, report=report)
    return _out(c, report, run, checks.lines_of(run))


@router.get(
    "/check/{rule_id}/history", response={200: list[HistoryPoint], **ERRORS}, summary="一条规则的检查历史"
)
def get_history(
    request, rule_id: str, congress: int | None = None, period: str = "year", value: str = ""
) -> Any:
    c, report = _report(request.user, congress, period, value)
    if rule_id not in catalogue.rule_ids():
        raise NotFoundError(_("没有这条规则。"))
    return [{"checked_at": r.checked_at, "status": r.status, "value": r.value}
            for r in checks.history(c, report, rule_id)]  # fmt: skip


@router.get("/matrix", response={200: list[MatrixRow], **ERRORS}, summary="下级人大制度落实对比")
def get_matrix(request, congress: int | None = None, period: str = "year", value: str = "") -> Any:
    top = selectors.congress_for(request.user, congress)
    if period not in ("year", "half_year", "term"):
        raise ValidationFailed(_("检查期间不正确。"), field="period")
    rows = checks.matrix(selectors.children_of(request.user, top), period, "" if period == "term" else value)
    return [
        {"congress_id": c.pk, "congress": c.name, "period_label": r.label, "statuses": s} for c, r, s in rows
    ]
