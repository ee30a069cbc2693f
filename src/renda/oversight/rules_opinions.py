"""Compliance checks the deliberation opinions answer: R11 (bodies report within the set time) and
R12 (the rating's thresholds are followed: ≥ pass line passes; below it the body keeps rectifying and
reports again; below the escalation line or a second failure → a circular and a stronger instrument).
"""

from __future__ import annotations

from typing import Any

from renda.compliance.registry import CheckResult, Period, PeriodRange, Status, rule
from renda.core import clock

from .models.opinions import Opinion, OpinionRating, OpinionReport, OpinionVerdict
from .policy_opinions import ANSWERING, OpinionState

MAX_LISTED = 50


def _name(o: Opinion) -> str:
    return f"{o.case.number} {o.reporting_body.name}《{o.report_title}》"


@rule("R11", title="“一府一委两院”在规定期限内报告审议意见研究处理情况", period=Period.EACH,
      source="000 §三.6", module="oversight", params={"min_share": 100})  # fmt: skip
def r11_reports_on_time(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    """Every report due within the period: on time (evidence), late or still missing after its
    deadline (shortfall). The share on time is the value."""
    today = clock.today()
    reports = list(
        OpinionReport.objects.filter(
            opinion__case__congress=congress, deadline__gte=period.start, deadline__lte=period.end
        ).select_related("opinion__case", "opinion__reporting_body")
    )
    missing = [
        o
        for o in Opinion.objects.filter(
            case__congress=congress,
            case__state__in=list(ANSWERING),
            case__due_at__gte=period.start,
            case__due_at__lte=min(period.end, today),
        ).select_related("case", "reporting_body")
        if o.case.due_at < today
    ]
    total = len(reports) + len(missing)
    if not total:
        return CheckResult.no_data("本期没有到期的审议意见研究处理情况报告。")
    on_time = [r for r in reports if not r.is_late]
    share = round(len(on_time) * 100 / total, 2)
    shortfall = [
        f"{_name(r.opinion)}第{r.round}轮报告逾期{r.days_late}天(期限{r.deadline})"
        for r in reports
        if r.is_late
    ] + [f"{_name(o)}超过期限{o.case.due_at}尚未报告" for o in missing]
    return CheckResult.judge(
        share >= float(params.get("min_share", 100)),
        value=f"{share:.2f}%",
        threshold=f"按期报告率不低于{params.get('min_share', 100)}%",
        evidence=[f"{_name(r.opinion)}第{r.round}轮于{r.reported_on}报告(期限{r.deadline})" for r in on_time][
            :MAX_LISTED
        ],
        shortfall=shortfall[:MAX_LISTED],
    )


@rule("R12", title="审议意见满意度测评:满意率达到80%通过,低于80%继续整改,低于60%或整改不力予以通报并启动刚性监督",
      period=Period.EACH, source="003 §二(三)", module="oversight",
      params={"notice_working_days": 20})  # fmt: skip
def r12_rating_followed(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    """Each rating in the period, followed as its verdict says: a pass closes the case (or keeps it under
    follow-up); a rectify sends it back and the body reports again by the new deadline; an escalation
    is followed by the circular with a stronger instrument proposed."""
    from renda.cases.calendar import WorkCalendar

    today = clock.today()
    calendar = WorkCalendar(congress.pk)
    ratings = list(
        OpinionRating.objects.filter(
            opinion__case__congress=congress, rated_on__gte=period.start, rated_on__lte=period.end
        ).select_related("opinion__case", "opinion__reporting_body")
    )
    if not ratings:
        return CheckResult(Status.NO_DATA, note="本期没有满意度测评。")
    evidence, shortfall = [], []
    for r in ratings:
        o = r.opinion
        line = f"{_name(o)}第{r.round}轮测评满意率{r.percent:.2f}%:{r.get_verdict_display()}"
        if r.verdict == OpinionVerdict.ESCALATE:
            due = calendar.add_working_days(r.rated_on, int(params.get("notice_working_days", 20)))
            if o.circular_issued_at is not None:
                evidence.append(line + f",已通报并建议启动{o.get_proposed_instrument_display()}")
            elif today > due:
                shortfall.append(line + f",应于{due}前通报,至今未通报")
            else:
                evidence.append(line + f",通报期限{due}")
        elif r.verdict == OpinionVerdict.RECTIFY:
            later = o.reports.filter(round__gt=r.round).exists()
            if later:
                evidence.append(line + ",已再次报告")
            elif o.case.state == OpinionState.RECTIFYING and o.case.due_at and o.case.due_at < today:
                shortfall.append(line + f",整改后再次报告期限{o.case.due_at}已过")
            else:
                evidence.append(line + ",正在整改")
        else:
            evidence.append(line)
    return CheckResult.judge(
        not shortfall,
        value=f"{len(ratings) - len(shortfall)}/{len(ratings)}",
        threshold="每次测评均按结果处理",
        evidence=evidence[:MAX_LISTED],
        shortfall=shortfall[:MAX_LISTED],
    )
