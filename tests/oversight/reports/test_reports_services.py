"""Generating the calendar, receiving, scheduling and deliberating reports, reminders and escalation,
bad input and scope."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.notifications.models import Notification
from renda.oversight import calendar_reports as cal
from renda.oversight import services_reports as svc
from renda.oversight.models import ReportReminder, ReportState, StatutoryReport

from .conftest import TZ, fake_pdf, make_meeting, pdf_upload


def debt_reports(w, year=2026):
    return list(StatutoryReport.objects.filter(obligation=w.debt, year=year).order_by("half"))


@pytest.mark.clock("2026-11-20")
def test_generate_is_idempotent_and_computes_due_dates(w, clock):
    made = svc.calendar_generate(actor=w.staff, congress=w.congress, year=2026)
    assert len(made) == len(w.obligations) + 1  # the debt report twice
    assert svc.calendar_generate(actor=w.staff, congress=w.congress, year=2026) == []
    h1, h2 = debt_reports(w)
    assert (h1.title, h1.due_on, h1.closes_on) == ("2026年上半年政府债务管理情况书面报告", dt.date(2026, 7, 31),
                                                    dt.date(2027, 1, 31))  # fmt: skip
    assert h2.due_on == dt.date(2027, 1, 31)
    assert cal.status_of(h1, dt.date(2026, 11, 20)) == cal.LATE
    with pytest.raises(PermissionDeniedError):
        svc.calendar_generate(actor=w.sibling_staff, congress=w.congress, year=2026)
    with pytest.raises(ValidationFailed) as exc:
        svc.calendar_generate(actor=w.staff, congress=w.congress, year="二〇二六")
    assert exc.value.field == "year"


@pytest.mark.clock("2026-11-20")
def test_obligation_bad_input_names_the_field(w, clock):
    data = {"title": "", "reporting_body": w.finance.pk, "recipient": "县人大常委会", "frequency": "yearly",
            "due_month": 3, "due_day": 31}  # fmt: skip
    for change, field in [({"title": ""}, "title"), ({"reporting_body": w.world.sibling.government.pk}, "reporting_body"),
                          ({"due_month": 13}, "due_month"), ({"due_day": 0}, "due_day"),
                          ({"frequency": "monthly"}, "frequency"), ({"rule_code": "R99"}, "rule_code")]:  # fmt: skip
        with pytest.raises(ValidationFailed) as exc:
            svc.obligation_save(
                actor=w.staff, congress=w.congress, data={**data, "title": "测试报告", **change}
            )
        assert exc.value.field == field
    with pytest.raises(PermissionDeniedError):
        svc.obligation_save(actor=w.finance_clerk, congress=w.congress, data={**data, "title": "测试报告"})


@pytest.mark.clock("2026-11-20")
def test_body_submits_its_report_and_staff_are_told(w, clock, django_capture_on_commit_callbacks):
    svc.calendar_generate(actor=w.staff, congress=w.congress, year=2026)
    h1, _h2 = debt_reports(w)
    with django_capture_on_commit_callbacks(execute=True):
        report = svc.report_receive(actor=w.finance_clerk, report=h1, upload=pdf_upload())
    assert report.state == ReportState.RECEIVED
    assert report.received_on == dt.date(2026, 11, 20)
    assert cal.status_of(report, dt.date(2026, 11, 20)) == cal.RECEIVED_LATE
    assert report.original_name == "报告.pdf" and report.file.name.startswith("oversight/reports/")
    assert Notification.objects.filter(recipient=w.staff, verb="statutory_report.received").exists()
    # another unit, or another county's staff, may not
    court = StatutoryReport.objects.get(obligation__reporting_body=w.court, year=2026)
    with pytest.raises(PermissionDeniedError):
        svc.report_receive(actor=w.finance_clerk, report=court, upload=pdf_upload())
    with pytest.raises(PermissionDeniedError):
        svc.report_receive(actor=w.sibling_staff, report=court, upload=pdf_upload())


@pytest.mark.clock("2026-11-20")
def test_bad_uploads_and_dates_save_nothing(w, clock):
    svc.calendar_generate(actor=w.staff, congress=w.congress, year=2026)
    h1, _h2 = debt_reports(w)
    cases = [
        (dict(upload=None), "file", "请选择要上传的文件"),
        (dict(upload=fake_pdf()), "file", "不是真正的PDF"),
        (dict(upload=pdf_upload("报告.exe")), "file", "只能上传"),
        (dict(upload=pdf_upload(), received_on="2026-13-01"), "received_on", "收到日期"),
        (dict(upload=pdf_upload(), received_on="2026-11-21"), "received_on", "不能晚于今天"),
        (dict(upload=pdf_upload(), received_on="2025-01-01"), "received_on", "早于"),
    ]
    for kwargs, field, text in cases:
        with pytest.raises(ValidationFailed) as exc:
            svc.report_receive(actor=w.staff, report=h1, **kwargs)
        assert exc.value.field == field and text in exc.value.message
    h1.refresh_from_db()
    assert (h1.state, h1.received_on, h1.file.name) == (ReportState.EXPECTED, None, "")
    # staff register a report on the day it came
    svc.report_receive(actor=w.staff, report=h1, upload=pdf_upload(), received_on="2026-07-31")
    h1.refresh_from_db()
    assert cal.status_of(h1, dt.date(2026, 11, 20)) == cal.RECEIVED


@pytest.mark.clock("2026-11-20 10:00")
def test_schedule_and_deliberate_on_a_meeting(w, clock):
    from renda.meetings import services as meetings

    svc.calendar_generate(actor=w.staff, congress=w.congress, year=2026)
    report = StatutoryReport.objects.get(obligation__reporting_body=w.court, year=2026)
    with pytest.raises(ConflictError):
        svc.report_schedule(
            actor=w.staff,
            report=report,
            meeting=None or make_meeting(w, dt.datetime(2026, 11, 26, 9, tzinfo=TZ)),
        )
    svc.report_receive(actor=w.court_clerk, report=report, upload=pdf_upload())
    meeting = make_meeting(w, dt.datetime(2026, 11, 27, 9, tzinfo=TZ))
    report = svc.report_schedule(actor=w.staff, report=report, meeting=meeting, presenter="县人民法院院长")
    assert report.state == ReportState.SCHEDULED and report.agenda_item.kind == "statutory_report"
    assert report.agenda_item.subject_id == report.pk
    with pytest.raises(ValidationFailed) as exc:  # the meeting has not been held
        svc.report_deliberate(
            actor=w.staff, report=report, deliberated_on="2026-11-20", summary="委员们认为……"
        )
    assert exc.value.field == "deliberated_on"
    meetings.meeting_schedule(actor=w.staff, meeting=meeting)
    clock.set("2026-11-27 09:05")
    meetings.meeting_open(actor=w.staff, meeting=meeting)
    with pytest.raises(ValidationFailed) as exc:
        svc.report_deliberate(actor=w.staff, report=report, deliberated_on="2026-11-27", summary="  ")
    assert exc.value.field == "summary"
    report = svc.report_deliberate(
        actor=w.staff,
        report=report,
        deliberated_on="2026-11-27",
        summary="常委会组成人员对法院专项工作报告进行了审议。",
    )
    assert report.state == ReportState.DELIBERATED
    from renda.meetings.agenda import minutes_text

    assert "审议情况" in minutes_text(report.agenda_item)
    # the deliberation becomes a deliberation opinion (the opinions area's case), linked both ways
    opinion = svc.report_open_opinion(actor=w.staff, report=report)
    report.refresh_from_db()
    assert report.opinion_case_id == opinion.case_id
    assert (opinion.source_kind, opinion.source_id) == ("statutory_report", report.pk)
    assert opinion.reporting_body == w.court and opinion.case.kind == "deliberation_opinion"
    with pytest.raises(ConflictError):
        svc.report_open_opinion(actor=w.staff, report=report)


@pytest.mark.clock("2026-07-16")
def test_reminders_before_due_then_escalation_after(w, clock):
    staff_leader_ids = {w.staff.pk, w.leader.pk}
    svc.calendar_generate(actor=w.staff, congress=w.congress, year=2026)
    h1, _ = debt_reports(w)
    mine = Notification.objects.filter(url=f"/oversight/reports/{h1.pk}/")
    # 15 days before the due date: the finance bureau is reminded, staff are not yet
    counts = svc.run_report_reminders(dt.date(2026, 7, 16))
    assert counts[cal.DUE] >= 1
    assert mine.filter(recipient=w.finance_clerk, verb="statutory_report.due").count() == 1
    assert not mine.filter(recipient__in=staff_leader_ids, verb="statutory_report.escalated").exists()
    # the same day again: nothing more; the next day: nothing (same level, within seven days)
    svc.run_report_reminders(dt.date(2026, 7, 16))
    svc.run_report_reminders(dt.date(2026, 7, 17))
    assert mine.filter(recipient=w.finance_clerk, verb="statutory_report.due").count() == 1
    # the day after the due date: late → the bureau again, and escalated to staff
    svc.run_report_reminders(dt.date(2026, 8, 1))
    assert mine.filter(recipient=w.finance_clerk, verb="statutory_report.late").count() == 1
    assert mine.filter(
        recipient=w.staff, verb="statutory_report.escalated", title__contains="逾期未报"
    ).exists()
    assert not mine.filter(recipient=w.leader, verb="statutory_report.escalated").exists()
    # seven days later a repeat; six days later none
    svc.run_report_reminders(dt.date(2026, 8, 7))
    assert mine.filter(recipient=w.finance_clerk, verb="statutory_report.late").count() == 1
    svc.run_report_reminders(dt.date(2026, 8, 8))
    assert mine.filter(recipient=w.finance_clerk, verb="statutory_report.late").count() == 2
    # after the next due date: missing → leaders too
    svc.run_report_reminders(dt.date(2027, 2, 1))
    assert mine.filter(recipient=w.leader, verb="statutory_report.escalated", title__contains="缺报").exists()
    assert set(ReportReminder.objects.filter(report=h1).values_list("level", flat=True)) == {
        "due",
        "late",
        "missing",
    }
    # a received report is never chased
    svc.report_receive(actor=w.finance_clerk, report=h1, upload=pdf_upload())
    before = ReportReminder.objects.filter(report=h1).count()
    svc.run_report_reminders(dt.date(2027, 2, 20))
    assert ReportReminder.objects.filter(report=h1).count() == before


@pytest.mark.clock("2026-11-20")
def test_daily_job_is_registered_and_generates(w, clock):
    from renda.core.jobs import DAILY_JOBS

    job = DAILY_JOBS["oversight.statutory_reports"]
    result = job.func()
    assert result["generated"] == len(w.obligations) + 1
    assert result[cal.LATE] >= 1  # the first-half debt report, due 2026-07-31
    assert job.func()["generated"] == 0


@pytest.mark.clock("2026-11-20")
def test_scope(w, clock):
    from renda.oversight.selectors_reports import reports_for

    svc.calendar_generate(actor=w.staff, congress=w.congress, year=2026)
    assert reports_for(w.staff).count() == len(w.obligations) + 1
    assert set(reports_for(w.finance_clerk).values_list("obligation", flat=True)) == {w.debt.pk}
    assert reports_for(w.other_clerk).count() == 0
    assert reports_for(w.sibling_staff).count() == 0
    assert reports_for(w.world.city_staff).count() == len(w.obligations) + 1  # the city reads its counties
