"""Compliance checks of filing review and appointments (seed 000 §三.1 and §三.5). ``shared/rules.md``
gives these rules no R-number; they are registered as BA01–BA05 (备案审查) and RM01 (人事任免).

- BA01 有件必备: every normative document filed within the period after publication;
- BA02 有备必审: every filing reviewed within the review period;
- BA03 有错必纠: every correction or revocation demanded is corrected within the correction period;
- BA04 every review request (审查建议) studied and answered within the answer period;
- BA05 the standing committee hears the yearly filing-review work report (a held standing-committee
  meeting with a report item whose title names it);
- RM01 every appointee passed the pre-appointment law exam and made the statement before the vote,
  and took the constitutional oath and received the certificate within the set days after it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from renda.compliance.registry import CheckResult, Period, PeriodRange, Status, rule
from renda.core import clock

from .models.filings import (
    Appointment,
    AppointmentKind,
    AppointmentState,
    Filing,
    FilingOutcome,
    FilingState,
    ReviewRequest,
)

MAX_LISTED = 50


def _filings(congress: Any, period: PeriodRange) -> Any:
    return Filing.objects.filter(
        congress=congress, filed_at__date__gte=period.start, filed_at__date__lte=period.end
    ).select_related("filing_body")


def _line(f: Filing) -> str:
    return f"{f.filing_body.name}《{f.title}》({f.document_number})"


@rule("BA01", title="规范性文件在公布后规定期限内报送备案(有件必备)", period=Period.YEAR, source="000 §三.1",
      module="oversight.filings")  # fmt: skip
def ba01_filed_in_time(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    rows = list(_filings(congress, period))
    if not rows:
        return CheckResult.no_data("本期没有报送备案的规范性文件。")
    late = [f for f in rows if f.is_late]
    return CheckResult.judge(
        not late,
        value=f"{len(rows) - len(late)}/{len(rows)}",
        threshold="全部按期报送",
        evidence=[_line(f) for f in rows if not f.is_late][:MAX_LISTED],
        shortfall=[f"{_line(f)}逾期{f.late_days}日报送" for f in late][:MAX_LISTED],
    )


@rule("BA02", title="报送备案的规范性文件均在审查期限内完成审查(有备必审)", period=Period.YEAR,
      source="000 §三.1", module="oversight.filings")  # fmt: skip
def ba02_reviewed_in_time(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    rows = list(_filings(congress, period))
    if not rows:
        return CheckResult.no_data("本期没有报送备案的规范性文件。")
    today = clock.today()
    evidence, shortfall = [], []
    for f in rows:
        if f.decided_at is not None:
            decided = f.decided_at.date()
            if decided <= f.review_due_on:
                evidence.append(f"{_line(f)}于{decided:%Y-%m-%d}审查完毕")
            else:
                shortfall.append(f"{_line(f)}超过审查期限({f.review_due_on:%Y-%m-%d})才审查完毕")
        elif today > f.review_due_on:
            shortfall.append(f"{_line(f)}超过审查期限({f.review_due_on:%Y-%m-%d})尚未审查完毕")
    if not evidence and not shortfall:
        return CheckResult.no_data("本期报送的文件都还在审查期限内。")
    return CheckResult.judge(
        not shortfall, value=len(evidence), threshold="全部在期限内审查",
        evidence=evidence[:MAX_LISTED], shortfall=shortfall[:MAX_LISTED],
    )  # fmt: skip


@rule("BA03", title="要求纠正或撤销的文件均在纠正期限内纠正(有错必纠)", period=Period.YEAR, source="000 §三.1",
      module="oversight.filings")  # fmt: skip
def ba03_corrected(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    rows = list(
        Filing.objects.filter(
            congress=congress, outcome__in=[FilingOutcome.CORRECT, FilingOutcome.REVOKE],
            decided_at__date__gte=period.start, decided_at__date__lte=period.end,
        ).select_related("filing_body", "correction_case")
    )  # fmt: skip
    if not rows:
        return CheckResult(Status.NOT_APPLICABLE, note="本期没有要求纠正或撤销的文件。")
    today = clock.today()
    evidence, shortfall = [], []
    for f in rows:
        due_day = f.correction_case.due_at if f.correction_case else None
        if f.state == FilingState.CORRECTED:
            done = f.corrected_at.date() if f.corrected_at else today
            if due_day is None or done <= due_day:
                evidence.append(f"{_line(f)}已于{done:%Y-%m-%d}纠正")
            else:
                shortfall.append(f"{_line(f)}超过纠正期限才纠正")
        elif due_day is not None and today > due_day:
            shortfall.append(f"{_line(f)}超过纠正期限({due_day:%Y-%m-%d})尚未纠正")
    if not evidence and not shortfall:
        return CheckResult.no_data("要求纠正的文件都还在纠正期限内。")
    return CheckResult.judge(
        not shortfall, value=len(evidence), threshold="全部按期纠正",
        evidence=evidence[:MAX_LISTED], shortfall=shortfall[:MAX_LISTED],
    )  # fmt: skip


@rule("BA04", title="审查建议均研究处理并按期反馈", period=Period.YEAR, source="000 §三.1",
      module="oversight.filings")  # fmt: skip
def ba04_requests_answered(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    rows = list(
        ReviewRequest.objects.filter(
            congress=congress, submitted_at__date__gte=period.start, submitted_at__date__lte=period.end
        )
    )
    if not rows:
        return CheckResult.no_data("本期没有收到审查建议。")
    today = clock.today()
    evidence, shortfall = [], []
    for r in rows:
        if r.answered_at is not None:
            if r.answered_at.date() <= r.answer_due_on:
                evidence.append(f"{r.number}《{r.document_title}》已于{r.answered_at.date():%Y-%m-%d}反馈")
            else:
                shortfall.append(f"{r.number}《{r.document_title}》超过反馈期限才反馈")
        elif today > r.answer_due_on:
            shortfall.append(
                f"{r.number}《{r.document_title}》超过反馈期限({r.answer_due_on:%Y-%m-%d})未反馈"
            )
    if not evidence and not shortfall:
        return CheckResult.no_data("收到的审查建议都还在反馈期限内。")
    return CheckResult.judge(
        not shortfall, value=len(evidence), threshold="全部按期反馈",
        evidence=evidence[:MAX_LISTED], shortfall=shortfall[:MAX_LISTED],
    )  # fmt: skip


@rule("BA05", title="常委会每年听取审议备案审查工作情况报告", period=Period.YEAR, source="000 §三.1",
      module="oversight.filings", params={"keyword": "备案审查"})  # fmt: skip
def ba05_report_heard(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    from renda.meetings.choices import MeetingKind, MeetingState
    from renda.meetings.models import AgendaItem

    keyword = str(params.get("keyword") or "备案审查")
    items = list(
        AgendaItem.objects.filter(
            meeting__congress=congress, meeting__kind=MeetingKind.STANDING_COMMITTEE,
            meeting__state__in=[MeetingState.IN_PROGRESS, MeetingState.CLOSED],
            meeting__starts_at__date__gte=period.start, meeting__starts_at__date__lte=period.end,
            title__contains=keyword,
        ).select_related("meeting")
    )  # fmt: skip
    if not items and period.end >= clock.today():
        return CheckResult(Status.NO_DATA, note="本年度尚未听取备案审查工作情况报告。")
    return CheckResult.judge(
        bool(items), value=len(items), threshold="每年至少1次",
        evidence=[f"{i.meeting.title}:{i.title}" for i in items],
        shortfall=[] if items else ["本年度常委会未听取备案审查工作情况报告"],
    )  # fmt: skip


@rule("RM01", title="任命人员任前法律考试、供职发言、宪法宣誓、颁发任命书", period=Period.YEAR,
      source="000 §三.5", module="oversight.filings", params={"oath_within_days": 30})  # fmt: skip
def rm01_appointment_steps(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    within = int(params.get("oath_within_days", 30))
    rows = list(
        Appointment.objects.filter(
            congress=congress, kind=AppointmentKind.APPOINT, decided_on__gte=period.start,
            decided_on__lte=period.end,
            state__in=[AppointmentState.APPOINTED, AppointmentState.SWORN, AppointmentState.CERTIFIED],
        )
    )  # fmt: skip
    if not rows:
        return CheckResult.no_data("本期没有表决通过的任命。")
    today = clock.today()
    evidence, shortfall = [], []
    for a in rows:
        missing = []
        if not a.exam_passed:
            missing.append("任前法律考试")
        if not a.statement_on:
            missing.append("供职发言")
        late_after = a.decided_on + dt.timedelta(days=within)
        if not a.oath_date and today > late_after:
            missing.append("宪法宣誓")
        if not a.certificate_issued_on and today > late_after:
            missing.append("颁发任命书")
        who = f"{a.person_name}({a.employer}{a.post})"
        if missing:
            shortfall.append(f"{who}缺少:{'、'.join(missing)}")
        else:
            evidence.append(f"{who}:考试{a.exam_score}分,{a.decided_on:%Y-%m-%d}通过")
    return CheckResult.judge(
        not shortfall, value=f"{len(evidence)}/{len(rows)}", threshold="每名任命人员四项齐全",
        evidence=evidence[:MAX_LISTED], shortfall=shortfall[:MAX_LISTED],
    )  # fmt: skip
