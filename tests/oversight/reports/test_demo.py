"""The demo county's statutory reports and major matters: made through the services, idempotent,
telling the done-means story (the late debt report and its reminder; a matter decided by a vote)."""

from __future__ import annotations

import pytest

from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.core.models import Congress
from renda.demo import DEMO_AS_OF
from renda.demo.builder import load_demo
from renda.demo.meetings import load_meetings_demo
from renda.demo.oversight_reports import load_oversight_reports_demo
from renda.notifications.models import Notification
from renda.oversight import calendar_reports as cal
from renda.oversight.models import MajorMatter, MatterState, ReportReminder, Resolution, StatutoryReport

pytestmark = [pytest.mark.clock(DEMO_AS_OF), pytest.mark.django_db]


def test_oversight_reports_demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    load_meetings_demo()
    counts = load_oversight_reports_demo()
    assert counts["report_obligations"] == 10 and counts["statutory_reports"] == 11
    county = Congress.objects.get(name="示例县人大")
    today = DEMO_AS_OF
    debt = StatutoryReport.objects.get(congress=county, year=2026, half=1, obligation__rule_code="R05")
    assert cal.status_of(debt, today) == cal.LATE
    assert ReportReminder.objects.filter(report=debt, level="late").exists()
    assert Notification.objects.filter(recipient__username="finance", verb="statutory_report.late").exists()
    assert Notification.objects.filter(
        recipient__username="staff", verb="statutory_report.escalated"
    ).exists()
    heating = MajorMatter.objects.get(congress=county, title="示例县城区集中供热改造工程")
    assert heating.state == MatterState.IMPLEMENTED and heating.vote.result["passed"]
    assert heating.resolution.is_published
    assert Resolution.objects.filter(congress=county, is_published=True).count() == 3
    assert evaluate_rule("R10", county, PeriodRange.year(2025)).result.status == Status.MET
    assert evaluate_rule("R40", county, PeriodRange.year(2026)).result.status == Status.MET
    assert evaluate_rule("R05", county, PeriodRange.half_year(2026, 1)).result.status == Status.NOT_MET
    assert evaluate_rule("R03", county, PeriodRange.year(2026)).result.status == Status.MET
    # the meeting the demo adds announced its attendance before it opened
    assert not any(
        "三十一" in s for s in evaluate_rule("R39", county, PeriodRange.year(2026)).result.shortfall
    )
    again = load_oversight_reports_demo()
    assert not any(again.values())
