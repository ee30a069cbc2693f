"""A notice's task table from Excel: the template's columns, or any layout through the shared column
mapping (``renda.documents.mapping``); every row checked, nothing created until all rows are right."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from renda.core import clock
from renda.documents.mapping import Field
from renda.documents.values import parse_date

from .choices import Recurrence
from .parse import split_units
from .services import PlannedTask, handling_bodies
from .units import resolve

IMPORT_KIND = "tasks"
FIELDS = [
    Field("section", "序号", ("编号", "任务序号")),
    Field("title", "任务名称", ("任务", "重点任务", "工作任务", "任务事项"), required=True),
    Field("body", "具体要求", ("任务内容", "工作内容", "主要内容", "工作要求")),
    Field("lead", "牵头单位", ("责任单位", "主办单位", "牵头部门"), required=True),
    Field("cooperating", "配合单位", ("协办单位", "配合部门", "参与单位")),
    Field("due_on", "完成时限", ("完成时间", "时限", "截止日期", "时间要求")),
    Field("recurrence", "周期", ("频次", "完成周期")),
    Field("expected_result", "预期成果", ("成果形式", "工作目标")),
]
TEMPLATE_ROWS = [
    [
        "(二)1",
        "健全完善党的领导体制",
        "每届至少召开一次人大工作会议,每年专题听取人大工作汇报。",
        "县委办公室",
        "县人大常委会办公室、县委组织部",
        "2026-12-31",
        "每年",
        "县委专题听取人大工作汇报的会议纪要",
    ],
]
RECURRENCE_WORDS = {str(label): value for value, label in Recurrence.choices} | {
    "": Recurrence.NONE,
    "一次": Recurrence.NONE,
    "每年一次": Recurrence.YEARLY,
    "年度": Recurrence.YEARLY,
    "半年": Recurrence.HALF_YEARLY,
    "每届一次": Recurrence.PER_TERM,
    "每次会议": Recurrence.EACH_MEETING,
}


def _date(text: str) -> dt.date | None:
    """``2026-12-31`` / ``2026年12月`` (the month's last day) / empty; ValueError when not a date."""
    import calendar

    text = (text or "").strip()
    if not text:
        return None
    parsed = parse_date(text)
    if parsed is None:
        raise ValueError(text)
    day = parsed.date
    if not parsed.day_known:
        day = day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return day


def plan_rows(congress: Any, table: Any) -> list[PlannedTask]:
    bodies = handling_bodies(congress)
    out: list[PlannedTask] = []
    for row in table.rows:
        errors: list[str] = []
        title = row.get("title").strip()
        if not title:
            errors.append(_("“任务名称”不能为空。"))
        elif len(title) > 200:
            errors.append(_("“任务名称”不能超过200个字。"))
        lead_text, co_text = row.get("lead").strip(), row.get("cooperating").strip()
        try:
            due = _date(row.get("due_on"))
        except ValueError:
            due = None
            errors.append(_("“完成时限”不是有效的日期:%(v)s。") % {"v": row.get("due_on")})
        if due is not None and due < clock.today():
            errors.append(_("“完成时限”%(d)s早于今天。") % {"d": due.isoformat()})
        rec = RECURRENCE_WORDS.get(row.get("recurrence").strip())
        if rec is None:
            errors.append(_("“周期”只能填一次性、每半年、每年、每届或每次常委会会议。"))
            rec = Recurrence.NONE
        planned = PlannedTask(
            title=title[:200], body=row.get("body").strip(), section=row.get("section").strip(),
            lead=resolve(split_units(lead_text), bodies), cooperating=resolve(split_units(co_text), bodies),
            lead_as_written=lead_text, cooperating_as_written=co_text, due_on=due, recurrence=rec,
            expected_result=row.get("expected_result").strip(), row=row.number, errors=errors,
        )  # fmt: skip
        if not lead_text:
            planned.errors.append(_("“牵头单位”不能为空。"))
        elif planned.lead_unit is None:
            planned.errors.append(_("牵头单位“%(u)s”不是本级人大的机构或承办单位。") % {"u": lead_text})
        if planned.unresolved:
            planned.errors.append(_("找不到单位:%(u)s。") % {"u": "、".join(planned.unresolved)})
        out.append(planned)
    return out
