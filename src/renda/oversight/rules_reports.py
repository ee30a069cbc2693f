"""Compliance checks of the statutory reports (R03–R08) and the major matters (R10, R40).

R03–R08 read the reports generated from the obligations carrying the rule's code (``rule_code``):
for the period asked, every such report must have been received; a report past its due date and not
received (逾期未报, 缺报) is a shortfall; a report not yet due leaves the check open (暂无数据) unless
another one already fell short. R08 also asks that both the court and the procuratorate have an
obligation. Imported by ``registrations_reports.register_all``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from renda.compliance.registry import CheckResult, Period, PeriodRange, Status, rule
from renda.core import clock
from renda.core.choices import OrganizationKind

from . import calendar_reports as cal
from .models.reports import MajorMatterList, ReportObligation, StatutoryReport


def _reports_check(congress: Any, period: PeriodRange, rule_code: str, bodies: list[str] = ()) -> CheckResult:
    obligations = list(
        ReportObligation.objects.filter(
            congress=congress, rule_code=rule_code, is_active=True
        ).select_related("reporting_body")
    )
    shortfall: list[str] = []
    for kind in bodies:
        if not any(o.reporting_body.kind == kind for o in obligations):
            shortfall.append(f"未设置{OrganizationKind(kind).label}的报告事项")
    if not obligations:
        return CheckResult.no_data("未设置对应的法定报告事项。")
    reports = list(
        StatutoryReport.objects.filter(
            obligation__in=obligations, period_start__gte=period.start, period_end__lte=period.end
        )
        .select_related("obligation")
        .order_by("due_on", "pk")
    )
    if not reports:
        return CheckResult.no_data("尚未生成本期的法定报告日历。")
    today = clock.today()
    evidence: list[str] = []
    pending = 0
    for report in reports:
        status = cal.status_of(report, today)
        if status == cal.RECEIVED:
            evidence.append(f"{report.title}:{report.received_on}收到(截止{report.due_on})")
        elif status == cal.RECEIVED_LATE:
            late = (report.received_on - report.due_on).days
            evidence.append(f"{report.title}:{report.received_on}收到,逾期{late}天")
        elif status in (cal.LATE, cal.MISSING):
            shortfall.append(f"{report.title}:{cal.STATUS_LABELS[status]}(截止{report.due_on})")
        else:
            pending += 1
    received = len(evidence)
    value = f"{received}/{len(reports)}"
    if shortfall:
        return CheckResult(
            Status.NOT_MET, value=value, threshold="全部按期报送", evidence=evidence, shortfall=shortfall
        )
    if pending:
        return CheckResult(
            Status.NO_DATA, value=value, evidence=evidence, note=f"尚有{pending}份报告未到报送截止日。"
        )
    return CheckResult(Status.MET, value=value, threshold="全部按期报送", evidence=evidence)


@rule("R03", title="县政府每年向县人大常委会报告依法行政情况", period=Period.YEAR, source="000 §三.1",
      module="oversight.reports")  # fmt: skip
def r03_law_based_administration(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    return _reports_check(congress, period, "R03")


@rule("R04", title="县政府每年向县人大常委会报告国有资产管理情况", period=Period.YEAR, source="000 §三.3",
      module="oversight.reports")  # fmt: skip
def r04_state_assets(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    return _reports_check(congress, period, "R04")


@rule("R05", title="财政部门每半年书面报告政府债务管理情况", period=Period.HALF_YEAR, source="000 §三.3",
      module="oversight.reports")  # fmt: skip
def r05_debt(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    return _reports_check(congress, period, "R05")


@rule("R06", title="县政府每年报告审计查出突出问题整改情况", period=Period.YEAR, source="000 §三.3",
      module="oversight.reports")  # fmt: skip
def r06_audit_rectification(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    return _reports_check(congress, period, "R06")


@rule("R07", title="县政府每年专题报告环境状况和环境保护目标完成情况", period=Period.YEAR, source="000 §三.3",
      module="oversight.reports")  # fmt: skip
def r07_environment(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    return _reports_check(congress, period, "R07")


@rule("R08", title="县法院、县检察院每年各作一次专项工作报告", period=Period.YEAR, source="000 §三.3",
      module="oversight.reports", params={"bodies": ["court", "procuratorate"]})  # fmt: skip
def r08_court_procuratorate(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    return _reports_check(congress, period, "R08", list(params.get("bodies") or []))


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@rule("R10", title="县政府每年年底提出下一年度重大事项建议清单", period=Period.YEAR, source="000 §三.4",
      module="oversight.reports", params={"deadline_month": 12})  # fmt: skip
def r10_major_matters_list(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    year = period.end.year
    deadline = _last_day(year, int(params.get("deadline_month", 12)))
    found = MajorMatterList.objects.filter(congress=congress, year=year + 1).first()
    submitted = found.submitted_on if found is not None else None
    if submitted is not None and submitted <= deadline:
        return CheckResult(
            Status.MET, value=str(submitted), threshold=f"{deadline}前报送",
            evidence=[f"{year + 1}年度重大事项建议清单:{submitted}报送,{found.matters.count()}项"],
        )  # fmt: skip
    if submitted is not None:
        return CheckResult(
            Status.NOT_MET, value=str(submitted), threshold=f"{deadline}前报送",
            shortfall=[f"{year + 1}年度重大事项建议清单{submitted}才报送,逾期{(submitted - deadline).days}天"],
        )  # fmt: skip
    if clock.today() <= deadline:
        return CheckResult.no_data(f"{year + 1}年度重大事项建议清单尚未报送(截止{deadline})。")
    return CheckResult(
        Status.NOT_MET, threshold=f"{deadline}前报送", shortfall=[f"{year + 1}年度重大事项建议清单未报送"]
    )


@rule("R40", title="年初向县委报告年度重大事项清单", period=Period.YEAR, source="004 §2",
      module="oversight.reports", params={"by_month": 3})  # fmt: skip
def r40_list_to_party_committee(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    year = period.end.year
    deadline = _last_day(year, int(params.get("by_month", 3)))
    found = MajorMatterList.objects.filter(congress=congress, year=year).first()
    reported = found.party_reported_on if found is not None else None
    if reported is not None and reported <= deadline:
        return CheckResult(
            Status.MET, value=str(reported), threshold=f"{deadline}前报县委",
            evidence=[f"{year}年度重大事项清单:{reported}报县委"],
        )  # fmt: skip
    if reported is not None:
        return CheckResult(
            Status.NOT_MET, value=str(reported), threshold=f"{deadline}前报县委",
            shortfall=[f"{year}年度重大事项清单{reported}才报县委,晚于年初"],
        )  # fmt: skip
    if clock.today() <= deadline:
        return CheckResult.no_data(f"{year}年度重大事项清单尚未报县委(截止{deadline})。")
    return CheckResult(
        Status.NOT_MET, threshold=f"{deadline}前报县委", shortfall=[f"{year}年度重大事项清单未报县委"]
    )
