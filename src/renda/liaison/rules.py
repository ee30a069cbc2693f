"""Rule checks of the liaison app, registered with the compliance registry.

L01 is not one of rules.md's R-numbers: the seeds ask deputies to receive voters at stations
(000 §四.2, 002 §(五), 004 §8) without a number; we use "L01" with a default of twice a year.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from renda.compliance.registry import CheckResult, Period, PeriodRange, rule
from renda.deputies.models import DeputyMandate


@rule(
    "L01",
    title="每名代表每年到联络站接待选民不少于2次",
    period=Period.YEAR,
    source="000 §四.2;002 §(五);004 §8",
    module="liaison",
    params={"min_receptions": 2},
)
def deputies_receive_voters(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    minimum = int(params.get("min_receptions", 2))
    mandates = (
        DeputyMandate.objects.filter(congress=congress)
        .filter(Q(started_on__lte=period.end) | Q(started_on__isnull=True))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        .select_related("deputy")
        .annotate(
            n=Count(
                "deputy__receptions",
                filter=Q(
                    deputy__receptions__received_at__date__gte=period.start,
                    deputy__receptions__received_at__date__lte=period.end,
                ),
                distinct=True,
            )
        )
        .order_by("deputy__full_name", "pk")
    )
    rows = list(mandates)
    if not rows:
        return CheckResult.no_data("本级人大没有在任代表。")
    short = [f"{m.deputy.full_name}(接待{m.n}次)" for m in rows if m.n < minimum]
    met = [f"{m.deputy.full_name}(接待{m.n}次)" for m in rows if m.n >= minimum]
    return CheckResult.judge(
        not short,
        value=f"{len(met)}/{len(rows)}",
        threshold=f"每人每年≥{minimum}次",
        evidence=met,
        shortfall=short,
    )
