"""R29, R32, R35, R37, R38, R39 evaluated from meetings, with their evidence; R16 fed by attendance."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.core.choices import CongressLevel, OrganizationKind
from renda.core.models import Congress, Organization, Term
from renda.meetings import services
from renda.meetings.choices import MeetingKind, MemberRole, SignInMethod
from renda.meetings.models import Meeting, MeetingMember

from .conftest import TZ, make_meeting

pytestmark = pytest.mark.django_db
YEAR = PeriodRange.year(2026)


def _held(w, kind, when, *, congress=None, organization=None, title="会议"):
    """A meeting that took place (created through the service, then marked held as the clock passed)."""
    m = services.meeting_create(
        actor=w.staff, congress=congress or w.congress, kind=kind, title=f"{title}{when:%m%d}", starts_at=when,
        ends_at=when + dt.timedelta(hours=2), place="会议室", organization=organization,
    )  # fmt: skip
    Meeting.objects.filter(pk=m.pk).update(
        state="closed", opened_at=when, closed_at=when + dt.timedelta(hours=2)
    )
    return m


def _at(month, day=10):
    return dt.datetime(2026, month, day, 9, tzinfo=TZ)


@pytest.mark.clock("2026-11-20")
@pytest.mark.parametrize(("rule_id", "kind", "needed"), [
    ("R32", MeetingKind.LAW_LECTURE, 3), ("R35", MeetingKind.DEPUTY_BRIEFING, 1), ("R37", MeetingKind.THEMED_FORUM, 3),
])  # fmt: skip
def test_yearly_counts(w, rule_id, kind, needed):
    for i in range(needed - 1):
        _held(w, kind, _at(3 + i), title="学习")
    # a draft and last year's do not count
    services.meeting_create(actor=w.staff, congress=w.congress, kind=kind, title="尚未举行的一次", starts_at=_at(10),
                            ends_at=_at(10), place="会议室")  # fmt: skip
    _held(w, kind, dt.datetime(2025, 12, 1, 9, tzinfo=TZ), title="去年")
    r = evaluate_rule(rule_id, w.congress, YEAR).result
    assert r.status == Status.NOT_MET
    _held(w, kind, _at(9), title="补上")
    r = evaluate_rule(rule_id, w.congress, YEAR).result
    assert r.status == Status.MET and r.value == needed and len(r.evidence) == needed


@pytest.mark.clock("2026-11-20")
def test_r38_each_special_committee_four_times(w):
    fin = Organization.objects.create(
        congress=w.congress, name="财政经济委员会", kind=OrganizationKind.COMMITTEE
    )
    law = Organization.objects.create(congress=w.congress, name="法制委员会", kind=OrganizationKind.COMMITTEE)
    for month in (2, 5, 8, 11):
        _held(w, MeetingKind.SPECIAL_COMMITTEE, _at(month, 3), organization=fin)
    _held(w, MeetingKind.SPECIAL_COMMITTEE, _at(4), organization=law)
    r = evaluate_rule("R38", w.congress, YEAR).result
    assert r.status == Status.NOT_MET
    assert r.evidence == ["财政经济委员会:4次"] and r.shortfall == [
        "法制委员会:1次"
    ]  # 代表工作委员会 is a work committee


@pytest.mark.clock("2026-11-20")
def test_r29_township_sessions(w):
    town = Congress.objects.create(
        name="城关镇人大", region_name="城关镇", level=CongressLevel.TOWNSHIP, parent=w.congress
    )
    Term.objects.create(congress=town, number=18, start_year=2021, end_year=2026, is_current=True)
    office = Organization.objects.create(
        congress=town, name="城关镇人大主席团", kind=OrganizationKind.PRESIDIUM
    )
    from renda.core.choices import Role
    from tests.factories import make_user

    town_staff = make_user("townstaff", office, Role.STAFF, "镇人大干事")
    w2 = type(w)(**{**vars(w), "staff": town_staff})
    _held(w2, MeetingKind.TOWNSHIP_SESSION, _at(2), congress=town)
    r = evaluate_rule("R29", w.congress, YEAR).result
    assert r.status == Status.NOT_MET and r.shortfall == ["城关镇人大年中会议未召开"]
    _held(w2, MeetingKind.TOWNSHIP_SESSION, _at(7), congress=town)
    assert evaluate_rule("R29", town, YEAR).result.status == Status.MET


def test_r39_announced_before_each_meeting_and_reported(w, clock):
    clock.set("2026-11-20")
    meeting = make_meeting(w)
    second = make_meeting(w, start=dt.datetime(2026, 11, 24, 15, tzinfo=TZ))
    clock.set("2026-11-24T08:40:00+08:00")
    services.sign_in(actor=w.sc[0], meeting=meeting, method=SignInMethod.SELF)
    services.attendance_announce(actor=w.staff, meeting=meeting)
    services.meeting_open(actor=w.staff, meeting=meeting)
    clock.set("2026-11-24T15:00:00+08:00")
    services.meeting_open(actor=w.staff, meeting=second)
    r = evaluate_rule("R39", w.congress, YEAR).result
    assert r.status == Status.NOT_MET and len(r.shortfall) == 1 and "未通报出席情况" in r.shortfall[0]
    services.attendance_announce(actor=w.staff, meeting=second)
    r = evaluate_rule("R39", w.congress, YEAR).result
    assert r.status == Status.NOT_MET and "开会后才通报" in r.shortfall[0]
    # last year's report missing is a shortfall once the year is over
    clock.set("2027-02-01")
    r = evaluate_rule("R39", w.congress, YEAR).result
    assert "2026年度出席情况报告未登记" in r.shortfall


@pytest.mark.clock("2026-11-24T08:50:00+08:00")
def test_r16_counts_invited_grassroots_deputies(w):
    from renda.deputies.models import Deputy, DeputyMandate

    deputy = Deputy.objects.create(full_name=w.outsider.full_name, user=w.outsider)
    DeputyMandate.objects.create(deputy=deputy, congress=w.congress, term=w.term, is_grassroots=True,
                                 started_on=dt.date(2021, 12, 1))  # fmt: skip
    meeting = make_meeting(w)
    services.member_add(
        actor=w.staff, meeting=meeting, user=w.outsider, role=MemberRole.INVITEE, capacity="基层代表"
    )
    period = PeriodRange.for_term(w.term)
    assert evaluate_rule("R16", w.congress, period).result.status == Status.NOT_MET
    services.sign_in(actor=w.outsider, meeting=meeting, method=SignInMethod.SELF)
    assert MeetingMember.objects.filter(meeting=meeting, user=w.outsider).exists()
    assert evaluate_rule("R16", w.congress, period).result.status == Status.MET
