"""Budget API: the same figures as the overview page, with the same permission (staff, leaders and
deputies of the congress read; nobody else)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import Router, Schema

from renda.core.choices import Role
from renda.core.scopes import working_congress
from renda.documents.excel import xlsx_response

from . import selectors

router = Router(tags=["budget"])


class DepartmentOut(Schema):
    department_id: int
    department: str
    budgeted: float
    current: float
    executed: float
    rate: float | None


class BudgetYearOut(Schema):
    year: int
    through_month: int
    elapsed: float
    budgeted: float
    current: float
    executed: float
    rate: float | None
    departments: list[DepartmentOut]


@router.get("/years/{year}/export.xlsx")
def year_export(request: Any, year: int) -> HttpResponse:
    """The same figures as an Excel workbook (各部门执行情况, 月度执行), as the page's download."""
    from django.http import Http404

    from .exports import year_overview

    congress = working_congress(request.user, Role.STAFF, Role.LEADER, Role.DEPUTY)
    if year not in selectors.years(congress):
        raise Http404
    return xlsx_response(year_overview(congress, year), f"{year}年预算执行情况.xlsx")


@router.get("/years/{year}", response=BudgetYearOut)
def year_summary(request: Any, year: int) -> dict[str, Any]:
    congress = working_congress(request.user, Role.STAFF, Role.LEADER, Role.DEPUTY)
    month = selectors.latest_month(congress, year)
    tot = selectors.total(congress, year)
    return {
        "year": year, "through_month": month, "elapsed": selectors.elapsed_share(year, month),
        "budgeted": float(tot.budgeted), "current": float(tot.current), "executed": float(tot.executed),
        "rate": tot.rate,
        "departments": [
            {"department_id": r.key, "department": r.label, "budgeted": float(r.budgeted),
             "current": float(r.current), "executed": float(r.executed), "rate": r.rate}
            for r in selectors.totals_by(congress, year, "department")
        ],
    }  # fmt: skip
