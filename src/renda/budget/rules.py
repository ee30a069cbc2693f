"""Compliance rule fed by budget oversight: B01, budgets and final accounts published on time.

rules.md (R01–R42) has no budget rule of its own: the nearest, R05 (财政部门每半年书面报告政府债务情况)
and R04/R06, are reports the government makes to the standing committee, checked by the oversight
reports module from its report calendar, not from budget data. The registry takes ids outside R01–R42
(as L01, E01), so the budget app adds "B01": 《预算法》第十四条 — budgets and final accounts, the
government's and each department's, public within 20 days of approval — read from the publication
records the finance committee keeps (``publications.statuses``), the same data as the ``not_published``
warning. Evidence and shortfall lines link to the record list of that year and kind.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from renda.compliance.registry import CheckResult, Evidence, Period, PeriodRange, rule


@rule("B01", title="政府和部门预算、决算在批准后20日内向社会公开", period=Period.YEAR,
      source="《预算法》第十四条;004 §5", module="budget", params={"days": 20})  # fmt: skip
def b01_budgets_published_on_time(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    from .models import Publication
    from .publications import statuses

    days = int(params["days"])
    year = period.start.year
    evidence: list[str] = []
    shortfall: list[str] = []
    due = 0
    for kind, y, what in ((Publication.Kind.BUDGET, year, f"{year}年预算"),
                          (Publication.Kind.FINAL, year - 1, f"{year - 1}年决算")):  # fmt: skip
        url = f"{reverse('budget:publications')}?year={y}&kind={kind}"
        for st in statuses(congress, y, kind, days):
            if st.approved_on is None:
                continue
            if st.missing:
                due += 1
                shortfall.append(
                    Evidence(f"{st.subject}{what}:{st.approved_on}批准,逾期未公开(期限{st.deadline})", url)
                )
            elif st.late_days:
                due += 1
                shortfall.append(
                    Evidence(f"{st.subject}{what}:{st.published_on}公开,逾期{st.late_days}天", url)
                )
            elif st.published_on:
                due += 1
                evidence.append(
                    Evidence(f"{st.subject}{what}:{st.approved_on}批准,{st.published_on}公开", url)
                )
    if not due:
        return CheckResult.no_data(f"{period.label}尚无已到公开期限的预决算批准记录。")
    return CheckResult.judge(
        not shortfall, value=f"{due - len(shortfall)}/{due}", threshold=f"批准后{days}日内公开",
        evidence=evidence, shortfall=shortfall,
    )  # fmt: skip
