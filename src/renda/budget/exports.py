"""The budget tables as Excel: the year's overview (departments, months), a department's projects
with their months, a project's months, the warnings. openpyxl in write-only mode (the project's Excel
library; rows are streamed), Chinese headers, amounts in 万元 as ``#,##0.00`` and rates as ``0.0%``."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import selectors

WAN = "#,##0.00"
RATE = "0.0%"
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="A3161C")
_TOTAL_FONT = Font(bold=True)


@dataclass
class Table:
    title: str
    headers: Sequence[str]
    formats: Sequence[str | None]  # per column: WAN, RATE or None (text / integer)
    rows: Iterable[Sequence[Any]]
    widths: Sequence[int] = ()
    note: str = ""
    total: Sequence[Any] | None = None  # a last row in bold


def wan(v: Decimal | float | None) -> float | None:
    return None if v is None else round(float(v) / 10000, 2)


def rate(executed: Decimal, budget: Decimal) -> float | None:
    return float(executed / budget) if budget else None


def _cells(ws: Any, values: Sequence[Any], formats: Sequence[str | None], bold: bool = False) -> list[Any]:
    out = []
    for value, fmt in zip(values, formats, strict=False):
        if isinstance(value, str) and value.startswith("="):
            value = "'" + value  # never a formula
        cell = WriteOnlyCell(ws, value=value)
        if fmt and isinstance(value, int | float):
            cell.number_format = fmt
        if bold:
            cell.font = _TOTAL_FONT
        out.append(cell)
    return out


def workbook(tables: Sequence[Table]) -> bytes:
    wb = Workbook(write_only=True)
    for t in tables:
        ws = wb.create_sheet(title=t.title[:31])
        for i, header in enumerate(t.headers, start=1):
            width = t.widths[i - 1] if i - 1 < len(t.widths) else max(12, len(header) * 2 + 2)
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.freeze_panes = "A3" if t.note else "A2"
        if t.note:
            note = WriteOnlyCell(ws, value=t.note)
            note.font = Font(italic=True, color="666666")
            ws.append([note])
        heads = []
        for header in t.headers:
            cell = WriteOnlyCell(ws, value=str(header))
            cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            heads.append(cell)
        ws.append(heads)
        for row in t.rows:
            ws.append(_cells(ws, row, t.formats))
        if t.total is not None:
            ws.append(_cells(ws, t.total, t.formats, bold=True))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _months_table(title: str, months: list[Decimal], current: Decimal, through: int, note: str) -> Table:
    rows, run = [], Decimal(0)
    for m in range(1, (through or 12) + 1):
        run += months[m - 1]
        rows.append([_("%(m)s月") % {"m": m}, wan(months[m - 1]), wan(run), rate(run, current), m / 12])
    return Table(title, [_("月份"), _("当月支出(万元)"), _("累计支出(万元)"), _("累计执行率"), _("时间进度")],
                 [None, WAN, WAN, RATE, RATE], rows, widths=[10, 16, 16, 12, 12], note=note)  # fmt: skip


def year_overview(congress: Any, year: int) -> bytes:
    """Sheet 1: each department (budget, adjustment, in force, executed, rate, last year to date);
    sheet 2: the year's months."""
    month = selectors.latest_month(congress, year)
    rows = selectors.totals_by(congress, year, "department")
    last = {r.key: r for r in selectors.totals_by(congress, year - 1, "department")}
    tot = selectors.sum_of(rows)
    note = _("%(c)s %(y)s年度预算执行情况,截至%(m)s月,金额单位:万元") % {
        "c": congress.name,
        "y": year,
        "m": month,
    }

    def line(label: str, r: selectors.Totals, prev: Any) -> list[Any]:
        last_to_date = sum(prev.months[:month], Decimal(0)) if prev is not None else None
        return [label, wan(r.budgeted), wan(r.adjustment), wan(r.current), wan(r.executed),
                rate(r.executed, r.current), month / 12, wan(last_to_date)]  # fmt: skip

    last_total = selectors.sum_of(list(last.values())) if last else None
    depts = Table(
        _("各部门执行情况"),
        [_("部门"), _("年初预算(万元)"), _("调整(万元)"), _("调整后预算(万元)"), _("已执行(万元)"), _("执行率"),
         _("时间进度"), _("上年同期执行(万元)")],
        [None, WAN, WAN, WAN, WAN, RATE, RATE, WAN],
        [line(r.label, r, last.get(r.key)) for r in rows], widths=[28, 16, 14, 16, 16, 10, 10, 18], note=note,
        total=line(_("合计"), tot, last_total),
    )  # fmt: skip
    return workbook([depts, _months_table(_("月度执行"), tot.months, tot.current, month, note)])


def department(congress: Any, year: int, org: Any) -> bytes:
    """Each project of the department with its twelve months."""
    month = selectors.latest_month(congress, year)
    rows = selectors.totals_by(congress, year, "project", department=org)
    tot = selectors.sum_of(rows)
    note = _("%(d)s %(y)s年度各项目执行情况,截至%(m)s月,金额单位:万元") % {
        "d": org.name,
        "y": year,
        "m": month,
    }
    months = [_("%(m)s月") % {"m": m} for m in range(1, 13)]

    def line(label: str, r: selectors.Totals) -> list[Any]:
        return [label, wan(r.budgeted), wan(r.current), wan(r.executed), rate(r.executed, r.current),
                *[wan(v) for v in r.months]]  # fmt: skip

    table = Table(
        _("项目执行情况"), [_("项目"), _("年初预算(万元)"), _("调整后预算(万元)"), _("已执行(万元)"), _("执行率"), *months],
        [None, WAN, WAN, WAN, RATE, *[WAN] * 12], [line(r.label, r) for r in rows],
        widths=[32, 16, 16, 16, 10, *[12] * 12], note=note, total=line(_("合计"), tot),
    )  # fmt: skip
    return workbook([table])


def line_months(line: Any) -> bytes:
    t = selectors.totals_by(line.congress, line.year, "project", pk=line.pk)[0]
    month = selectors.latest_month(line.congress, line.year)
    note = _("%(d)s · %(p)s %(y)s年度,调整后预算%(b)s万元,金额单位:万元") % {
        "d": line.department.name, "p": line.project, "y": line.year, "b": f"{wan(t.current):,.2f}"}  # fmt: skip
    return workbook([_months_table(_("月度执行"), t.months, t.current, month, note)])


def warnings_table(congress: Any, year: int, found: Sequence[Any]) -> bytes:
    month = selectors.latest_month(congress, year)
    note = _("%(c)s %(y)s年度预算执行预警,截至%(m)s月") % {"c": congress.name, "y": year, "m": month}
    rows = [[i, w.rule_name, w.subject, w.evidence] for i, w in enumerate(found, start=1)]
    return workbook([Table(_("预警"), [_("序号"), _("预警类型"), _("对象"), _("依据")], [None] * 4, rows,
                           widths=[8, 18, 40, 90], note=note)])  # fmt: skip
