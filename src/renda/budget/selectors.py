"""Read side: budget, adjusted, executed and rate per year, per department, per project, per month."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max, Sum
from django.db.models.functions import Coalesce

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
    return (
        Execution.objects.filter(line__congress=congress, line__year=year).aggregate(m=Max("month"))["m"] or 0
    )


def _lines(congress: Any, year: int, **filters: Any):  # noqa: ANN202
    return BudgetLine.objects.filter(congress=congress, year=year, **filters)


def _executions(congress: Any, year: int, **filters: Any):  # noqa: ANN202
    return Execution.objects.filter(
        line__congress=congress, line__year=year, **{f"line__{k}": v for k, v in filters.items()}
    )


CURRENT = Coalesce("adjusted", "budgeted")


def totals_by(congress: Any, year: int, group: str, **filters: Any) -> list[Totals]:
    """Rows grouped by ``department`` or ``project`` (a line), with monthly execution, in two queries;
    the sums are the database's (a city's year is thousands of lines and tens of thousands of months)."""
    out: dict[Any, Totals] = {}
    if group == "department":
        for row in (
            _lines(congress, year, **filters)
            .values("department_id", "department__name", "department__sort_order")
            .annotate(b=Sum("budgeted"), c=Sum(CURRENT))
            .order_by("department__sort_order", "department__name", "department_id")
        ):
            out[row["department_id"]] = Totals(label=row["department__name"], key=row["department_id"],
                                               budgeted=row["b"], current=row["c"])  # fmt: skip
        by = "line__department_id"
    else:
        for ln in (
            _lines(congress, year, **filters)
            .only("pk", "project", "budgeted", "adjusted")
            .order_by("project", "pk")
        ):
            out[ln.pk] = Totals(label=ln.project, key=ln.pk, budgeted=ln.budgeted, current=ln.current_budget)
        by = "line_id"
    for key, month, amount in (
        _executions(congress, year, **filters).values_list(by, "month").annotate(s=Sum("amount")).order_by()
    ):
        t = out.get(key)
        if t is not None and amount:
            t.months[month - 1] += amount
            t.executed += amount
    return list(out.values())


def sum_of(rows: list[Totals], label: str = "", key: Any = None) -> Totals:
    t = Totals(label=label, key=key)
    for row in rows:
        t.budgeted += row.budgeted
        t.current += row.current
        t.executed += row.executed
        t.months = [a + b for a, b in zip(t.months, row.months, strict=True)]
    return t


def total(congress: Any, year: int, **filters: Any) -> Totals:
    """The whole year (or the lines ``filters`` select) in two aggregate queries."""
    t = Totals(label=str(year), key=year)
    agg = _lines(congress, year, **filters).aggregate(b=Sum("budgeted"), c=Sum(CURRENT))
    t.budgeted, t.current = agg["b"] or Decimal(0), agg["c"] or Decimal(0)
    for month, amount in (
        _executions(congress, year, **filters).values_list("month").annotate(s=Sum("amount")).order_by()
    ):
        if amount:
            t.months[month - 1] += amount
            t.executed += amount
    return t


def function_tree(congress: Any, year: int) -> list[dict[str, Any]]:
    """Treemap data: 类 → 款 of the function classification, by budget in force (元)."""
    from .models import ClassificationCode

    by_code = {
        code: (name, value)
        for code, name, value in _lines(congress, year)
        .values_list("function_code__code", "function_code__name")
        .annotate(v=Sum(CURRENT))
        .order_by("function_code__code")
    }
    names = dict(
        ClassificationCode.objects.filter(scheme="function", code__in={k[:3] for k in by_code}).values_list(
            "code", "name"
        )
    )
    tree: dict[str, dict[str, Any]] = {}
    for code, (name, value) in by_code.items():
        head = code[:3]
        node = tree.setdefault(head, {"name": f"{head} {names.get(head, '')}", "children": []})
        node["children"].append({"name": f"{code} {name}", "value": float(value or 0)})
    return list(tree.values())
