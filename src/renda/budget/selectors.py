"""Read side: budget, adjusted, executed and rate per year, per department, per project, per month."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from .models import BudgetLine, Execution


@dataclass
class Totals:
    label: str
    budgeted: Decimal = Decimal(0)
    current: Decimal = Decimal(0)
    executed: Decimal = Decimal(0)
    last_year_executed: Decimal | None = None
    key: Any = None
    months: list[Decimal] = field(default_factory=lambda: [Decimal(0)] * 12)

    @property
    def adjustment(self) -> Decimal:
        return self.current - self.budgeted

    @property
    def rate(self) -> float | None:
        return float(self.executed / self.current * 100) if self.current else None


def elapsed_share(year: int, through_month: int) -> float:
    """The share of the year elapsed at the end of ``through_month`` (percent)."""
    return through_month / 12 * 100


def years(congress: Any) -> list[int]:
    return list(
        BudgetLine.objects.filter(congress=congress)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def latest_month(congress: Any, year: int) -> int:
    m = Execution.objects.filter(line__congress=congress, line__year=year).order_by("-month").first()
    return m.month if m else 0


def _lines(congress: Any, year: int, **filters: Any):  # noqa: ANN202
    return BudgetLine.objects.filter(congress=congress, year=year, **filters)


def totals_by(congress: Any, year: int, group: str, **filters: Any) -> list[Totals]:
    """Rows grouped by ``department`` or ``project`` (a line), with monthly execution, in two queries."""
    lines = list(_lines(congress, year, **filters).select_related("department", "function_code"))
    executed = {}
    for row in (
        Execution.objects.filter(line__in=[ln.pk for ln in lines])
        .values("line_id", "month")
        .annotate(s=Sum("amount"))
    ):
        executed[(row["line_id"], row["month"])] = row["s"]
    out: dict[Any, Totals] = {}
    for ln in lines:
        if group == "department":
            key, label = ln.department_id, ln.department.name
        else:
            key, label = ln.pk, ln.project
        t = out.setdefault(key, Totals(label=label, key=key))
        t.budgeted += ln.budgeted
        t.current += ln.current_budget
        for m in range(1, 13):
            v = executed.get((ln.pk, m))
            if v:
                t.months[m - 1] += v
                t.executed += v
    return list(out.values())


def total(congress: Any, year: int, **filters: Any) -> Totals:
    t = Totals(label=str(year), key=year)
    for row in totals_by(congress, year, "department", **filters):
        t.budgeted += row.budgeted
        t.current += row.current
        t.executed += row.executed
        t.months = [a + b for a, b in zip(t.months, row.months, strict=True)]
    return t


def function_tree(congress: Any, year: int) -> list[dict[str, Any]]:
    """Treemap data: 类 → 款 of the function classification, by budget in force (元)."""
    by_code: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    for ln in _lines(congress, year).select_related("function_code"):
        by_code[ln.function_code.code] = by_code.get(ln.function_code.code, Decimal(0)) + ln.current_budget
        names[ln.function_code.code] = ln.function_code.name
    from .models import ClassificationCode

    for c in ClassificationCode.objects.filter(scheme="function", code__in={k[:3] for k in by_code}):
        names[c.code] = c.name
    tree: dict[str, dict[str, Any]] = {}
    for code, value in sorted(by_code.items()):
        head = code[:3]
        node = tree.setdefault(head, {"name": f"{head} {names.get(head, '')}", "children": []})
        node["children"].append({"name": f"{code} {names[code]}", "value": float(value)})
    return list(tree.values())
