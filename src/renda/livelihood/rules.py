"""R31: each year's congress session selects 1–2 major livelihood motions (003 §二(五):
"每年人大例会要筛选1-2件重大民生议案").

The motions are the projects the deputies passed at the plenary's livelihood ballot that the staff
marked as major (``CandidateProject.is_major``). Met when the year's number lies in [minimum, maximum].
"""

from __future__ import annotations

from typing import Any

from renda.compliance.registry import CheckResult, Period, PeriodRange, rule
from renda.core import clock

from .choices import CHOSEN_STATES
from .models import CandidateProject, LivelihoodProgramme


@rule("R31", title="每年人代会筛选1至2件重大民生议案", period=Period.YEAR, source="003 §二(五)",
      module="livelihood", params={"minimum": 1, "maximum": 2})  # fmt: skip
def r31_major_livelihood_motions(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    minimum, maximum = int(params["minimum"]), int(params["maximum"])
    threshold = f"每年{minimum}至{maximum}件"
    programme = LivelihoodProgramme.objects.filter(congress=congress, year=period.start.year).first()
    if programme is None or programme.voted_on is None:
        if period.end < clock.today():
            return CheckResult.judge(
                False, value=0, threshold=threshold, shortfall=[f"{period.label}未举行民生实事项目票决"]
            )
        return CheckResult.no_data("本年度民生实事项目尚未票决。")
    major = list(
        CandidateProject.objects.filter(programme=programme, state__in=CHOSEN_STATES, is_major=True).order_by(
            "rank", "pk"
        )
    )
    n = len(major)
    shortfall = []
    if n < minimum:
        shortfall.append(f"还差{minimum - n}件重大民生议案")
    elif n > maximum:
        shortfall.append(f"超出{n - maximum}件(应精选{minimum}至{maximum}件)")
    return CheckResult.judge(
        minimum <= n <= maximum,
        value=n,
        threshold=threshold,
        evidence=[f"{programme.title}:{p.title}(得票{p.votes or 0})" for p in major],
        shortfall=shortfall,
    )
