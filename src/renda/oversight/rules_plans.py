"""Compliance checks the supervision plan answers: R09 (a law-enforcement inspection every year) and
R27 (6–7 departments evaluated a year; every department at least once in a term)."""

from __future__ import annotations

from typing import Any

from renda.compliance.registry import CheckResult, Period, PeriodRange, Status, rule
from renda.core import clock

from .models.plans import (
    Evaluation,
    EvaluationKind,
    EvaluationState,
    Inspection,
    InspectionState,
    Instrument,
    ItemStatus,
    PlanItem,
)
from .selectors_plans import departments, evaluated_department_ids

CARRIED_OUT = [InspectionState.INSPECTING, InspectionState.REPORTED, InspectionState.CLOSED]


@rule("R09", title="每年至少对1部法律法规贯彻实施情况进行执法检查", period=Period.YEAR, source="000 §三.3",
      module="oversight", params={"min_per_year": 1})  # fmt: skip
def r09_inspection_every_year(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    if not congress.has_standing_committee:
        return CheckResult(Status.NOT_APPLICABLE, note="乡镇人大不设常委会。")
    minimum = int(params["min_per_year"])
    done = list(
        Inspection.objects.filter(congress=congress, year=period.start.year, state__in=CARRIED_OUT).order_by(
            "id"
        )
    )
    evidence = [f"《{i.law}》执法检查({i.get_state_display()})" for i in done]
    shortfall: list[str] = []
    if len(done) < minimum:
        planned = PlanItem.objects.filter(
            plan__congress=congress, plan__year=period.start.year, instrument=Instrument.INSPECTION
        ).exclude(status__in=[ItemStatus.DONE, ItemStatus.CANCELLED])
        shortfall = [f"计划中尚未开展:{p.title}" for p in planned] or [f"还差{minimum - len(done)}次执法检查"]
    note = "本年度尚未结束。" if period.end >= clock.today() and len(done) < minimum else ""
    return CheckResult.judge(
        len(done) >= minimum, value=len(done), threshold=f"每年不少于{minimum}次", evidence=evidence,
        shortfall=shortfall, note=note,
    )  # fmt: skip


@rule("R27", title="每年评议6至7个政府组成部门,届内全部政府组成部门至少接受评议一次", period=Period.TERM,
      source="002 §(四)", module="oversight", params={"min_per_year": 6, "max_per_year": 7})  # fmt: skip
def r27_departments_evaluated(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    all_departments = list(departments(congress.pk))
    if not all_departments:
        return CheckResult.no_data("没有登记政府组成部门。")
    start, end = period.start.year, period.end.year
    evaluated = evaluated_department_ids(congress.pk, start, end)
    missing = [d.name for d in all_departments if d.pk not in evaluated]
    low, high = int(params["min_per_year"]), int(params["max_per_year"])
    evidence, shortfall = [], []
    today = clock.today()
    for year in range(start, min(end, today.year) + 1):
        n = (
            Evaluation.objects.filter(congress=congress, kind=EvaluationKind.DEPARTMENT, year=year)
            .exclude(state=EvaluationState.PREPARING)
            .count()
        )
        line = f"{year}年评议{n}个部门"
        if low <= n <= high:
            evidence.append(line)
        elif year < today.year or n > high:
            shortfall.append(f"{line}(应为{low}至{high}个)")
        else:
            evidence.append(f"{line}(本年度进行中)")
    shortfall += [f"届内尚未评议:{name}" for name in missing]
    return CheckResult.judge(
        not shortfall, value=f"{len(all_departments) - len(missing)}/{len(all_departments)}",
        threshold=f"每年{low}至{high}个,届内全覆盖", evidence=evidence, shortfall=shortfall,
        note="本届尚未结束。" if period.end >= today and shortfall else "",
    )  # fmt: skip
