"""The demo county's meetings: made through the services, idempotent, telling the checks' story."""

from __future__ import annotations

import pytest

from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.core.models import Congress
from renda.demo import DEMO_AS_OF
from renda.demo.builder import load_demo
from renda.demo.meetings import load_meetings_demo
from renda.meetings.models import Attendance, LeaveRequest, Meeting
from renda.meetings.selectors import quorum

pytestmark = [pytest.mark.clock(DEMO_AS_OF), pytest.mark.django_db]


def test_meetings_demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    counts = load_meetings_demo()
    county = Congress.objects.get(name="示例县人大")
    assert counts["meetings"] >= 30 and counts["sign_ins"] > 200
    sc = Meeting.objects.filter(congress=county, kind="standing_committee")
    assert sc.filter(state="closed").count() == 9
    upcoming = sc.get(number=36)
    assert upcoming.state == "scheduled"
    assert sorted(LeaveRequest.objects.filter(meeting=upcoming).values_list("state", flat=True)) == [
        "approved",
        "pending",
    ]
    for m in sc.filter(state="closed"):
        assert quorum(m).reached and m.documents_published
    assert Attendance.objects.filter(minutes_late__gt=0).exists()
    year = PeriodRange.year(2026)
    results = {rid: evaluate_rule(rid, county, year).result for rid in ("R32", "R35", "R37", "R38", "R39")}
    assert results["R32"].status == Status.NOT_MET and results["R32"].value == 2
    assert results["R35"].status == Status.MET and results["R37"].status == Status.MET
    assert results["R38"].shortfall == ["示例县人大法制委员会:3次"]
    assert results["R39"].status == Status.NOT_MET and "第三十四次" in results["R39"].shortfall[0]
    assert evaluate_rule("R39", county, PeriodRange.year(2025)).result.status == Status.MET
    again = load_meetings_demo()
    assert not any(again.values())
