"""Budget warnings: rules as configuration. Each rule has a code, a Chinese name, default parameters a
congress may override (``WarningSetting``), and a check giving warnings with their evidence.

- ``lagging``: execution rate (of the budget in force) < share of the year elapsed − ``tolerance``
  (percentage points), per department, from ``from_month`` on;
- ``year_end_surge``: December's spending > ``share`` % of the year's, per department;
- ``overspend``: a project's execution above its budget in force (adjusted, else the initial one);
- ``three_public``: a department's 三公经费 (economic codes 30212, 30217, 30231, 31013) above their
  budget, or above last year's spending to the same month;
- ``key_idle``: a key project with no spending at all by the end of ``by_month`` (mid-year);
- ``transfer_idle``: a transfer-payment line (``is_transfer``) below ``min_share`` % of its budget by the
  end of ``by_month``, or with no spending in the last ``idle_months`` months;
- ``not_published``: a budget (of the year) or final accounts (of the year before) of the government or
  of a department published more than ``days`` days after approval, or not at all by then
  (《预算法》第十四条: 20 days).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core import clock

from .codes import THREE_PUBLIC_CODES
from .models import BudgetLine, Execution, WarningSetting
from .selectors import latest_month, totals_by

PARAM_LABELS = {"tolerance": gettext_lazy("容差(百分点)"), "from_month": gettext_lazy("起算月份"),
                "share": gettext_lazy("12月占比上限(%)"), "by_month": gettext_lazy("截止月份"),
                "min_share": gettext_lazy("执行率下限(%)"), "idle_months": gettext_lazy("连续未支出月数"),
                "days": gettext_lazy("批准后公开期限(天)")}  # fmt: skip
# The largest value a parameter may take (the smallest is 0); any other parameter is a percentage.
PARAM_LIMITS = {"from_month": 12, "by_month": 12, "idle_months": 12, "days": 365}
INTEGER_PARAMS = frozenset(PARAM_LIMITS)


@dataclass(frozen=True)
class Rule:
    code: str
    name: Any
    defaults: dict[str, float]
    description: Any


RULES: dict[str, Rule] = {
    r.code: r
    for r in [
        Rule("lagging", gettext_lazy("执行进度滞后"), {"tolerance": 15, "from_month": 6},
             gettext_lazy("执行率低于时间进度减去容差(百分点)")),
        Rule("year_end_surge", gettext_lazy("年底突击花钱"), {"share": 25},
             gettext_lazy("12月支出超过全年支出的比例(%)")),
        Rule("overspend", gettext_lazy("超预算支出"), {}, gettext_lazy("项目支出超过调整后预算(无调整时为年初预算)")),
        Rule("three_public", gettext_lazy("三公经费超支或增长"), {},
             gettext_lazy("部门三公经费超过预算,或超过上年同期")),
        Rule("key_idle", gettext_lazy("重点项目未支出"), {"by_month": 6},
             gettext_lazy("重点项目到该月末仍无任何支出")),
        Rule("transfer_idle", gettext_lazy("转移支付资金闲置"), {"by_month": 9, "min_share": 50, "idle_months": 3},
             gettext_lazy("转移支付资金到截止月份末执行率低于下限,或连续若干个月没有支出")),
        Rule("not_published", gettext_lazy("预决算未按时公开"), {"days": 20},
             gettext_lazy("政府和部门预算、决算在批准后规定天数内未向社会公开(预算法规定20日)")),
    ]
}  # fmt: skip


@dataclass
class BudgetWarning:
    rule: str
    subject: str
    evidence: str
    department_id: int | None = None
    line_id: int | None = None
    figures: dict[str, float] = field(default_factory=dict)
    ref: str = ""  # what else tells two warnings of one rule and subject apart (预算 / 决算)

    @property
    def kind(self) -> str:
        """The rule's code (``lagging`` …), the name the dashboard reads."""
        return self.rule

    @property
    def rule_name(self) -> str:
        return str(RULES[self.rule].name)

    @property
    def key(self) -> str:
        base = f"{self.rule}:{self.department_id or ''}:{self.line_id or ''}"
        return f"{base}:{self.ref}" if self.ref else base


def settings_for(congress: Any) -> dict[str, dict[str, Any]]:
    """Per rule: ``enabled`` and its parameters, the congress's own over the defaults."""
    out = {code: {"enabled": True, **r.defaults} for code, r in RULES.items()}
    for s in WarningSetting.objects.filter(congress=congress, rule__in=RULES):
        out[s.rule] = {
            "enabled": s.enabled,
            **RULES[s.rule].defaults,
            **{k: v for k, v in s.params.items() if k in RULES[s.rule].defaults},
        }
    return out  # fmt: skip


def _wan(v: Decimal | float) -> str:
    return f"{float(v) / 10000:,.1f}"


def check_lagging(congress: Any, year: int, month: int, p: dict[str, Any]) -> list[BudgetWarning]:
    if month < p["from_month"] or month >= 12:
        return []
    elapsed = month / 12 * 100
    out = []
    for t in totals_by(congress, year, "department"):
        if t.rate is None:
            continue
        if t.rate < elapsed - p["tolerance"]:
            out.append(BudgetWarning("lagging", t.label, _(
                "截至%(m)s月执行%(e)s万元,执行率%(r).1f%%,时间进度%(t).1f%%,低于时间进度%(d).1f个百分点(容差%(tol)s个百分点)。"
            ) % {"m": month, "e": _wan(t.executed), "r": t.rate, "t": elapsed, "d": elapsed - t.rate,
                 "tol": p["tolerance"]}, department_id=t.key,
                figures={"rate": round(t.rate, 2), "elapsed": round(elapsed, 2)}))  # fmt: skip
    return out


def check_year_end_surge(congress: Any, year: int, month: int, p: dict[str, Any]) -> list[BudgetWarning]:
    if month < 12:
        return []
    out = []
    for t in totals_by(congress, year, "department"):
        if not t.executed:
            continue
        share = float(t.months[11] / t.executed * 100)
        if share > p["share"]:
            out.append(BudgetWarning("year_end_surge", t.label, _(
                "12月支出%(d)s万元,占全年支出%(y)s万元的%(s).1f%%,超过%(lim)s%%。"
            ) % {"d": _wan(t.months[11]), "y": _wan(t.executed), "s": share, "lim": p["share"]},
                department_id=t.key, figures={"share": round(share, 2)}))  # fmt: skip
    return out


def check_overspend(congress: Any, year: int, month: int, p: dict[str, Any]) -> list[BudgetWarning]:
    lines = (
        BudgetLine.objects.filter(congress=congress, year=year)
        .annotate(spent=Sum("executions__amount"))
        .filter(spent__gt=Coalesce("adjusted", "budgeted"))
        .select_related("department")
        .order_by("department__sort_order", "department__name", "project", "pk")
    )
    out = []
    for ln in lines:
        s = ln.spent
        out.append(BudgetWarning("overspend", f"{ln.department.name} · {ln.project}", _(
            "已支出%(s)s万元,超过预算%(b)s万元%(d)s万元。"
        ) % {"s": _wan(s), "b": _wan(ln.current_budget), "d": _wan(s - ln.current_budget)},
            department_id=ln.department_id, line_id=ln.pk))  # fmt: skip
    return out


def _three_public(congress: Any, year: int, month: int) -> dict[int, tuple[str, Decimal, Decimal]]:
    q = Q(economic_code__code__in=THREE_PUBLIC_CODES)
    out: dict[int, list] = {}
    for ln in BudgetLine.objects.filter(q, congress=congress, year=year).select_related("department"):
        row = out.setdefault(ln.department_id, [ln.department.name, Decimal(0), Decimal(0)])
        row[1] += ln.current_budget
    for dept, s in (
        Execution.objects.filter(line__congress=congress, line__year=year, month__lte=month,
                                 line__economic_code__code__in=THREE_PUBLIC_CODES)
        .values_list("line__department_id").annotate(s=Sum("amount")).values_list("line__department_id", "s")
    ):  # fmt: skip
        if dept in out:
            out[dept][2] += s
    return {k: tuple(v) for k, v in out.items()}


def check_three_public(congress: Any, year: int, month: int, p: dict[str, Any]) -> list[BudgetWarning]:
    this = _three_public(congress, year, month)
    last = _three_public(congress, year - 1, month)
    out = []
    for dept, (name, budget, spent) in this.items():
        reasons = []
        if spent > budget:
            reasons.append(_("超过预算%(b)s万元") % {"b": _wan(budget)})
        prev = last.get(dept)
        if prev and spent > prev[2]:
            reasons.append(_("超过上年同期%(p)s万元") % {"p": _wan(prev[2])})
        if reasons:
            out.append(BudgetWarning("three_public", name, _("截至%(m)s月三公经费支出%(s)s万元,%(r)s。") % {
                "m": month, "s": _wan(spent), "r": "、".join(reasons)}, department_id=dept))  # fmt: skip
    return out


def check_key_idle(congress: Any, year: int, month: int, p: dict[str, Any]) -> list[BudgetWarning]:
    if month < p["by_month"]:
        return []
    lines = BudgetLine.objects.filter(congress=congress, year=year, is_key_project=True).select_related(
        "department"
    )
    spent = set(
        Execution.objects.filter(line__in=lines, amount__gt=0, month__lte=month).values_list(
            "line_id", flat=True
        )
    )
    return [
        BudgetWarning("key_idle", f"{ln.department.name} · {ln.project}", _(
            "重点项目预算%(b)s万元,截至%(m)s月末没有任何支出。") % {"b": _wan(ln.current_budget), "m": month},
            department_id=ln.department_id, line_id=ln.pk)
        for ln in lines if ln.pk not in spent
    ]  # fmt: skip


def check_transfer_idle(congress: Any, year: int, month: int, p: dict[str, Any]) -> list[BudgetWarning]:
    by_month, min_share, idle = int(p["by_month"]), float(p["min_share"]), int(p["idle_months"])
    window = Q(executions__month__gt=month - idle, executions__month__lte=month, executions__amount__gt=0)
    lines = (
        BudgetLine.objects.filter(congress=congress, year=year, is_transfer=True)
        .annotate(spent=Sum("executions__amount", filter=Q(executions__month__lte=month)),
                  recent=Count("executions", filter=window))
        .select_related("department")
        .order_by("department__sort_order", "department__name", "project", "pk")
    )  # fmt: skip
    out = []
    for ln in lines:
        budget, spent = ln.current_budget, ln.spent or Decimal(0)
        if not budget:
            continue
        rate = float(spent / budget * 100)
        reasons = []
        if month >= by_month and rate < min_share:
            reasons.append(
                _("执行率%(r).1f%%,低于%(s)s%%(%(b)s月末应达到)")
                % {"r": rate, "s": f"{min_share:g}", "b": by_month}
            )
        if idle and month >= idle and not ln.recent:
            reasons.append(
                _("%(a)s月至%(m)s月连续%(n)s个月没有支出") % {"a": month - idle + 1, "m": month, "n": idle}
            )
        if reasons:
            out.append(BudgetWarning("transfer_idle", f"{ln.department.name} · {ln.project}", _(
                "转移支付资金预算%(b)s万元,截至%(m)s月执行%(e)s万元,%(r)s。"
            ) % {"b": _wan(budget), "m": month, "e": _wan(spent), "r": "；".join(reasons)},
                department_id=ln.department_id, line_id=ln.pk, figures={"rate": round(rate, 2)}))  # fmt: skip
    return out


def check_not_published(congress: Any, year: int, month: int, p: dict[str, Any]) -> list[BudgetWarning]:
    """The year's budgets and the year before's final accounts (approved in this year), of the
    government and of every department: published within ``days`` days of approval (its own approval
    date, else the government's of that year and kind)."""
    from .models import Publication
    from .publications import statuses

    days, today = int(p["days"]), clock.today()
    out = []
    for kind, y in ((Publication.Kind.BUDGET, year), (Publication.Kind.FINAL, year - 1)):
        what = _("%(y)s年预算") % {"y": y} if kind == Publication.Kind.BUDGET else _("%(y)s年决算") % {"y": y}
        for st in statuses(congress, y, kind, days):
            if not st.is_bad:
                continue
            if st.missing:
                text = _("%(w)s于%(a)s批准,应在%(d)s前公开,截至%(t)s未见公开记录。") % {
                    "w": what, "a": st.approved_on.isoformat(), "d": st.deadline.isoformat(), "t": today.isoformat()}  # fmt: skip
            else:
                text = _("%(w)s于%(a)s批准,%(p)s才公开,超过%(n)s天期限%(l)s天。") % {
                    "w": what, "a": st.approved_on.isoformat(), "p": st.published_on.isoformat(), "n": days,
                    "l": st.late_days}  # fmt: skip
            out.append(BudgetWarning("not_published", f"{st.subject} · {what}", text,
                                     department_id=st.department_id, ref=f"{kind}{y}",
                                     figures={"late_days": st.late_days or 0}))  # fmt: skip
    return out


CHECKS = {
    "lagging": check_lagging, "year_end_surge": check_year_end_surge, "overspend": check_overspend,
    "three_public": check_three_public, "key_idle": check_key_idle, "transfer_idle": check_transfer_idle,
    "not_published": check_not_published,
}  # fmt: skip


def warnings_for(congress: Any, year: int, month: int | None = None) -> list[BudgetWarning]:
    """Every enabled rule's warnings for the year, as of ``month`` (default: the latest month held)."""
    month = latest_month(congress, year) if month is None else month
    conf = settings_for(congress)
    out: list[BudgetWarning] = []
    for code, check in CHECKS.items():
        if conf[code]["enabled"] and (month or code == "not_published"):
            out.extend(check(congress, year, month, conf[code]))
    return out
