"""Compliance checks the meetings answer: R29, R32, R35, R37, R38, R39 (R16 is the deputies'
check; it counts the standing-committee attendance this app feeds through the deputies' hook)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from renda.compliance.registry import CheckResult, Period, PeriodRange, Status, rule
from renda.core import clock
from renda.core.choices import CongressLevel, OrganizationKind

from .choices import MeetingKind, MeetingState
from .models import AttendanceReport, Meeting

HELD = [MeetingState.IN_PROGRESS, MeetingState.CLOSED]
MAX_LISTED = 50


def _bounds(period: PeriodRange) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def held(congress: Any, kind: str, period: PeriodRange, **extra: Any) -> Any:
    """Meetings of ``kind`` that took place (opened) within the period."""
    start, end = _bounds(period)
    return Meeting.objects.filter(
        congress=congress, kind=kind, state__in=HELD, starts_at__gte=start, starts_at__lt=end, **extra
    ).order_by("starts_at")


def _line(m: Meeting) -> str:
    return f"{timezone.localtime(m.starts_at):%Y-%m-%d} {m.title}"


def _count_rule(congress: Any, kind: str, period: PeriodRange, minimum: int) -> CheckResult:
    meetings = list(held(congress, kind, period))
    return CheckResult.judge(
        len(meetings) >= minimum,
        value=len(meetings),
        threshold=f"每年不少于{minimum}次",
        evidence=[_line(m) for m in meetings[:MAX_LISTED]],
        shortfall=[] if len(meetings) >= minimum else [f"还差{minimum - len(meetings)}次"],
    )


@rule("R29", title="乡镇人民代表大会每年年初、年中各举行一次会议", period=Period.YEAR, source="002 §(二)",
      module="meetings", params={"start_months": [1, 2, 3], "middle_months": [6, 7, 8]})  # fmt: skip
def r29_township_sessions(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    if congress.level == CongressLevel.TOWNSHIP:
        townships = [congress]
    else:
        townships = list(
            congress.descendants(include_self=False).filter(level=CongressLevel.TOWNSHIP, is_active=True)
        )
    if not townships:
        return CheckResult(Status.NOT_APPLICABLE, note="本级及下级没有乡镇人大。")
    start_months = {int(m) for m in params["start_months"]}
    middle_months = {int(m) for m in params["middle_months"]}
    today = clock.today()
    evidence, shortfall = [], []
    for township in townships:
        months = {
            timezone.localtime(m.starts_at).month: m
            for m in held(township, MeetingKind.TOWNSHIP_SESSION, period)
        }
        for label, wanted in (("年初", start_months), ("年中", middle_months)):
            found = next((months[m] for m in sorted(months) if m in wanted), None)
            if found is not None:
                evidence.append(f"{township.name}{label}:{_line(found)}")
            elif dt.date(period.start.year, max(wanted), 1) <= today or period.end < today:
                shortfall.append(f"{township.name}{label}会议未召开")
    if not evidence and not shortfall:
        return CheckResult.no_data("会议时间尚未到。")
    return CheckResult.judge(
        not shortfall, value=f"{len(evidence)}次", threshold="每个乡镇每年年初、年中各一次",
        evidence=evidence[:MAX_LISTED], shortfall=shortfall[:MAX_LISTED],
    )  # fmt: skip


@rule("R32", title="常委会和专门委员会每年安排会前学法专题讲座不少于3次", period=Period.YEAR, source="004 §3",
      module="meetings", params={"min_count": 3})  # fmt: skip
def r32_law_lectures(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    return _count_rule(congress, MeetingKind.LAW_LECTURE, period, int(params["min_count"]))


@rule("R35", title="每年至少向代表通报一次本地区情况", period=Period.YEAR, source="004 §6", module="meetings",
      params={"min_count": 1})  # fmt: skip
def r35_deputy_briefing(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    return _count_rule(congress, MeetingKind.DEPUTY_BRIEFING, period, int(params["min_count"]))


@rule("R37", title="每年举办专题论坛不少于3期", period=Period.YEAR, source="004 §7", module="meetings",
      params={"min_count": 3})  # fmt: skip
def r37_themed_forums(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    return _count_rule(congress, MeetingKind.THEMED_FORUM, period, int(params["min_count"]))


@rule("R38", title="各专门委员会每年至少召开4次会议", period=Period.YEAR, source="004 §11", module="meetings",
      params={"min_count": 4, "exclude_names_containing": ["工作委员会", "办公室"]})  # fmt: skip
def r38_special_committees(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    from renda.core.models import Organization

    committees = [
        org
        for org in Organization.objects.filter(
            congress=congress, kind=OrganizationKind.COMMITTEE, is_active=True
        )
        if not any(word in org.name for word in params.get("exclude_names_containing") or [])
    ]
    if not committees:
        return CheckResult.no_data("没有登记专门委员会。")
    minimum = int(params["min_count"])
    evidence, shortfall = [], []
    for org in committees:
        n = held(congress, MeetingKind.SPECIAL_COMMITTEE, period, organization=org).count()
        (evidence if n >= minimum else shortfall).append(f"{org.name}:{n}次")
    return CheckResult.judge(
        not shortfall, value=f"{len(evidence)}/{len(committees)}", threshold=f"每个专门委员会每年不少于{minimum}次",
        evidence=evidence, shortfall=shortfall,
    )  # fmt: skip


@rule("R39", title="每次常委会会议前通报组成人员出席情况及缺席原因,并向代表大会报告", period=Period.YEAR,
      source="004 §15", module="meetings", params={})  # fmt: skip
def r39_attendance_announced(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    if not congress.has_standing_committee:
        return CheckResult(Status.NOT_APPLICABLE, note="乡镇人大不设常委会。")
    meetings = list(held(congress, MeetingKind.STANDING_COMMITTEE, period))
    if not meetings:
        return CheckResult.no_data("本期没有已举行的常委会会议。")
    evidence, shortfall = [], []
    for m in meetings:
        announced = m.attendance_announced_at is not None and (
            m.opened_at is None or m.attendance_announced_at <= m.opened_at
        )
        if announced:
            evidence.append(f"{_line(m)}:已于会前通报")
        elif m.attendance_announced_at is not None:
            shortfall.append(f"{_line(m)}:开会后才通报")
        else:
            shortfall.append(f"{_line(m)}:未通报出席情况")
    years = range(period.start.year, period.end.year + 1)
    reported = set(
        AttendanceReport.objects.filter(congress=congress, year__in=years).values_list("year", flat=True)
    )
    for year in years:
        if year in reported:
            evidence.append(f"{year}年度出席情况已向代表大会报告")
        elif dt.date(year, 12, 31) < clock.today():
            shortfall.append(f"{year}年度出席情况报告未登记")
    return CheckResult.judge(
        not shortfall, value=f"{sum(1 for e in evidence if '会前通报' in e)}/{len(meetings)}",
        threshold="每次会前通报;每年向代表大会报告", evidence=evidence[:MAX_LISTED], shortfall=shortfall[:MAX_LISTED],
    )  # fmt: skip
