"""The demo county's meetings: made through the services, idempotent, telling the checks' story."""

from __future__ import annotations

import pytest

from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.core.models import Congress
from renda.demo import DEMO_AS_OF
from renda.demo.builder import load_demo
from renda.demo.meetings import load_meetings_demo
from renda.deputies.models import DeputyMandate
from renda.meetings.models import Attendance, LeaveRequest, Meeting
from renda.meetings.selectors import delegation_attendance, quorum
from renda.notifications.models import Notification

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
    # changes of plan, documents one at a time, the session being prepared
    cancelled = Meeting.objects.get(congress=county, state="cancelled")
    assert "条例草案" in cancelled.change_reason and cancelled.organization.name == "示例县人大法制委员会"
    postponed = Meeting.objects.get(congress=county, state="postponed")
    assert postponed.postponed_from.date().isoformat() == "2026-11-26" and postponed.starts_at.month == 12
    assert Notification.objects.filter(verb__in=["meeting.cancelled", "meeting.postponed"]).count() >= 10
    assert sorted(upcoming.documents.values_list("is_public", flat=True)) == [False, True]
    session = Meeting.objects.get(congress=county, kind="plenary", number=7)
    deputies = DeputyMandate.objects.filter(congress=county, term=session.term, ended_on__isnull=True).count()
    assert session.state == "scheduled" and session.members.count() == deputies
    assert session.delegations.count() == 12 and all(d.head_id for d in session.delegations.all())
    assert session.presidium.filter(role="executive_chair").count() == 2
    assert session.sub_meetings.filter(kind="delegation_meeting").count() == 3
    assert sum(r.members for r in delegation_attendance(session)) == deputies
    again = load_meetings_demo()
    assert not any(again.values())
