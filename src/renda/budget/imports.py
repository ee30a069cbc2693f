"""Budgets and monthly execution from Excel: the template's columns, or any layout through the shared
column mapping (``renda.documents.mapping``). Every row is checked (codes exist, amounts are numbers
in the unit declared, months 1–12, the department belongs to the congress); each error names its row
and cell. Nothing is written until every row is right (``services.import_apply``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from renda.core.models import Organization
from renda.documents.mapping import Field

from .choices import AmountUnit, BudgetType, CodeScheme
from .models import ClassificationCode

IMPORT_KIND = "budget"
FIELDS = [
    Field("department", "部门", ("预算单位", "单位名称", "部门名称", "预算部门"), required=True),
    Field("budget_type", "预算类型", ("预算种类", "四本预算")),
    Field("function_code", "功能分类编码", ("功能分类", "功能科目编码", "科目编码"), required=True),
    Field("economic_code", "经济分类编码", ("经济分类", "经济科目编码")),
    Field("project", "项目名称", ("项目", "预算项目"), required=True),
    Field("key_project", "重点项目", ("是否重点项目",)),
    Field("budgeted", "年初预算", ("年初预算数", "预算数", "年初数"), required=True),
    Field("adjusted", "调整后预算", ("调整预算数", "调整后预算数", "调整数")),
    Field("month", "月份", ("执行月份", "月")),
    Field("executed", "本月执行", ("本月支出", "执行数", "当月支出")),
    Field("transfer", "转移支付", ("是否转移支付", "转移支付资金")),
]
TEMPLATE_HEADINGS = [f.label for f in FIELDS]
TEMPLATE_ROWS = [
    ["示例县教育局", "一般公共预算", "20502", "30201", "义务教育学校办公经费", "否", "1200", "1250", "1", "86.5", "否"],
    ["示例县交通运输局", "一般公共预算", "21401", "31005", "农村公路提质改造工程", "是", "3500", "", "1", "0", "否"],
    ["示例县教育局", "一般公共预算", "20502", "399", "义务教育薄弱环节改善补助资金", "否", "800", "", "1", "0", "是"],
]  # fmt: skip
TYPE_WORDS = {str(label): value for value, label in BudgetType.choices} | {
    "": BudgetType.GENERAL, "一般预算": BudgetType.GENERAL, "基金预算": BudgetType.FUND,
    "国资预算": BudgetType.STATE_CAPITAL, "社保基金预算": BudgetType.SOCIAL_INSURANCE,
}  # fmt: skip
YES = {"是", "Y", "y", "√", "重点", "1"}
NO = {"", "否", "N", "n", "0"}
UNIT_FACTOR = {AmountUnit.YUAN: Decimal(1), AmountUnit.TEN_THOUSAND: Decimal(10000)}


@dataclass
class PlannedRow:
    row: int
    department: Organization | None = None
    department_as_written: str = ""
    budget_type: str = BudgetType.GENERAL
    function_code: ClassificationCode | None = None
    economic_code: ClassificationCode | None = None
    project: str = ""
    is_key_project: bool = False
    is_transfer: bool = False
    budgeted: Decimal = Decimal(0)
    adjusted: Decimal | None = None
    month: int | None = None
    executed: Decimal | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple:
        return (
            self.budget_type, self.department.pk if self.department else None,
            self.function_code.pk if self.function_code else None,
            self.economic_code.pk if self.economic_code else None, self.project,
        )  # fmt: skip


def column_letter(position: int) -> str:
    out = ""
    n = position + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def cells_of(mapping: list[str]) -> dict[str, str]:
    """The Excel column letter of each mapped field (its first column)."""
    out: dict[str, str] = {}
    for i, key in enumerate(mapping):
        if key and key not in out:
            out[key] = column_letter(i)
    return out


def _amount(text: str, factor: Decimal) -> Decimal:
    cleaned = (text or "").replace(",", "").replace(",", "").strip()
    value = Decimal(cleaned)
    if not value.is_finite():
        raise InvalidOperation
    return (value * factor).quantize(Decimal("0.01"))


def plan_rows(
    congress: Any, table: Any, *, unit: str, cells: dict[str, str] | None = None
) -> list[PlannedRow]:
    cells = cells or {}
    factor = UNIT_FACTOR[AmountUnit(unit)]
    departments = {o.name: o for o in Organization.objects.filter(congress=congress)}
    from renda.budget.codes import ensure_codes

    ensure_codes()
    codes = {(c.scheme, c.code): c for c in ClassificationCode.objects.all()}
    labels = {f.key: f.label for f in FIELDS}

    def where(row: int, key: str) -> str:
        col = cells.get(key)
        return (
            _("第%(r)s行“%(f)s”(%(c)s%(r)s)") % {"r": row, "f": labels[key], "c": col}
            if col
            else _("第%(r)s行“%(f)s”") % {"r": row, "f": labels[key]}
        )

    out: list[PlannedRow] = []
    for row in table.rows:
        p = PlannedRow(row=row.number)
        n = row.number
        dept = row.get("department").strip()
        p.department_as_written = dept
        if not dept:
            p.errors.append(_("%(w)s不能为空。") % {"w": where(n, "department")})
        else:
            p.department = departments.get(dept)
            if p.department is None:
                p.errors.append(_("%(w)s:“%(v)s”不是本级的部门。") % {"w": where(n, "department"), "v": dept})
        btype = TYPE_WORDS.get(row.get("budget_type").strip())
        if btype is None:
            p.errors.append(
                _("%(w)s只能填一般公共预算、政府性基金预算、国有资本经营预算或社会保险基金预算。")
                % {"w": where(n, "budget_type")}
            )
        else:
            p.budget_type = btype
        fcode = row.get("function_code").strip().split(" ")[0]
        p.function_code = codes.get((CodeScheme.FUNCTION, fcode))
        if p.function_code is None:
            p.errors.append(
                _("%(w)s:功能分类编码“%(v)s”不存在。") % {"w": where(n, "function_code"), "v": fcode}
            )
        ecode = row.get("economic_code").strip().split(" ")[0]
        if ecode:
            p.economic_code = codes.get((CodeScheme.ECONOMIC, ecode))
            if p.economic_code is None:
                p.errors.append(
                    _("%(w)s:经济分类编码“%(v)s”不存在。") % {"w": where(n, "economic_code"), "v": ecode}
                )
        p.project = row.get("project").strip()
        if not p.project:
            p.errors.append(_("%(w)s不能为空。") % {"w": where(n, "project")})
        elif len(p.project) > 200:
            p.errors.append(_("%(w)s不能超过200个字。") % {"w": where(n, "project")})
        key_text = row.get("key_project").strip()
        if key_text in YES:
            p.is_key_project = True
        elif key_text not in NO:
            p.errors.append(_("%(w)s只能填“是”或“否”。") % {"w": where(n, "key_project")})
        transfer_text = row.get("transfer").strip()
        if transfer_text in YES:
            p.is_transfer = True
        elif transfer_text not in NO:
            p.errors.append(_("%(w)s只能填“是”或“否”。") % {"w": where(n, "transfer")})
        for key in ("budgeted", "adjusted", "executed"):
            text = row.get(key).strip()
            if not text:
                if key == "budgeted":
                    p.errors.append(_("%(w)s不能为空。") % {"w": where(n, key)})
                continue
            try:
                value = _amount(text, factor)
            except (InvalidOperation, ValueError):
                p.errors.append(_("%(w)s“%(v)s”不是数字。") % {"w": where(n, key), "v": text})
                continue
            if value < 0 and key != "executed":
                p.errors.append(_("%(w)s不能是负数。") % {"w": where(n, key)})
                continue
            setattr(p, key, value)
        month_text = row.get("month").strip().removesuffix("月")
        if month_text:
            try:
                month = int(Decimal(month_text))
                if Decimal(month_text) != month:
                    raise ValueError
            except (InvalidOperation, ValueError):
                month = 0
            if not 1 <= month <= 12:
                p.errors.append(
                    _("%(w)s“%(v)s”应为1到12之间的整数。") % {"w": where(n, "month"), "v": month_text}
                )
            else:
                p.month = month
        if p.executed is not None and p.month is None and not any("月份" in e for e in p.errors):
            p.errors.append(_("%(w)s:填写了本月执行,必须填写月份。") % {"w": where(n, "month")})
        out.append(p)
    seen: dict[tuple, int] = {}
    for p in out:
        if p.errors or p.month is None:
            continue
        k = (*p.key, p.month)
        if k in seen:
            p.errors.append(
                _("第%(r)s行与第%(o)s行是同一项目同一月份的执行,重复了。") % {"r": p.row, "o": seen[k]}
            )
        else:
            seen[k] = p.row
    return out
