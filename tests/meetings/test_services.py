"""The rules of meetings: quorum, sign-in (QR, tap, desk), lateness, leave, permissions, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing

from renda.audit.models import Event
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.deputies.records import ActivityParticipation
from renda.meetings import services
from renda.meetings.choices import LeaveDecider, LeaveState, MeetingKind, MeetingState, SignInMethod
from renda.meetings.selectors import QuorumRule, attendance_rows, member_user_ids, present_user_ids, quorum

from .conftest import START, make_meeting

pytestmark = pytest.mark.django_db


def _sign(w, meeting, users):
    for user in users:
        services.sign_in(actor=user, meeting=meeting, method=SignInMethod.SELF)


@pytest.mark.clock("2026-11-24T08:30:00+08:00")
@pytest.mark.parametrize(("present", "reached"), [(3, False), (4, True), (5, True)])
def test_quorum_of_seven_is_four(w, meeting, present, reached):
    _sign(w, meeting, w.sc[:present])
    q = quorum(meeting)
    assert (q.members, q.present, q.required, q.reached) == (7, present, 4, reached)


@pytest.mark.clock("2026-11-24T08:30:00+08:00")
def test_quorum_of_an_even_roll_needs_more_than_half(w):
    meeting = make_meeting(w, members=w.sc[:6])
    _sign(w, meeting, w.sc[:3])
    assert quorum(meeting).required == 4 and not quorum(meeting).reached  # half is not more than half
    _sign(w, meeting, w.sc[3:4])
    assert quorum(meeting).reached


def test_quorum_rule_arithmetic():
    half = QuorumRule(1, 2, True)
    assert [half.required(n) for n in (0, 1, 2, 3, 4, 35)] == [0, 1, 2, 2, 3, 18]
    two_thirds = QuorumRule(2, 3, False)
    assert [two_thirds.required(n) for n in (3, 6, 7, 35)] == [2, 4, 5, 24]


@pytest.mark.clock("2026-11-24T08:30:00+08:00")
def test_quorum_is_configurable_per_kind(w, meeting):
    services.kind_setting_update(
        actor=w.staff, congress=w.congress, kind=MeetingKind.STANDING_COMMITTEE,
        quorum_numerator=2, quorum_denominator=3, quorum_strict=False, leave_decider=LeaveDecider.CHAIR,
    )  # fmt: skip
    _sign(w, meeting, w.sc[:4])
    q = quorum(meeting)
    assert (q.required, q.reached) == (5, False)
    _sign(w, meeting, w.sc[4:5])
    assert quorum(meeting).reached
    with pytest.raises(ValidationFailed) as e:
        services.kind_setting_update(
            actor=w.staff, congress=w.congress, kind=MeetingKind.STANDING_COMMITTEE,
            quorum_numerator=4, quorum_denominator=3, quorum_strict=False, leave_decider=LeaveDecider.CHAIR,
        )  # fmt: skip
    assert e.value.field == "quorum_numerator"


@pytest.mark.clock("2026-11-24T08:30:00+08:00")
def test_invitees_do_not_count_and_approved_leave_is_not_present(w, meeting):
    services.sign_in(actor=w.invitee, meeting=meeting, method=SignInMethod.SELF)
    assert w.invitee.pk not in member_user_ids(meeting)
    assert present_user_ids(meeting) == set()
    assert quorum(meeting).present == 0


@pytest.mark.clock("2026-11-24T08:50:00+08:00")
def test_qr_token_valid_signs_in(w, meeting):
    token = services.qr_token(meeting)
    a = services.sign_in(actor=w.sc[0], meeting=meeting, method=SignInMethod.QR, token=token)
    assert a.method == SignInMethod.QR and a.minutes_late == 0


def test_qr_token_expired_and_tampered(w, meeting, clock):
    clock.set("2026-11-24T08:50:00+08:00")
    token = services.qr_token(meeting)
    clock.set("2026-11-24T09:10:00+08:00")  # 20 minutes later: older than the five-minute validity
    with pytest.raises(ValidationFailed, match="过期"):
        services.sign_in(actor=w.sc[0], meeting=meeting, method=SignInMethod.QR, token=token)
    fresh = services.qr_token(meeting)
    value, ts, sig = fresh.split(":")
    with pytest.raises(ValidationFailed, match="无效"):
        services.sign_in(
            actor=w.sc[0], meeting=meeting, method=SignInMethod.QR, token=f"{int(value) + 1}:{ts}:{sig}"
        )
    other = make_meeting(w, start=START + dt.timedelta(days=1))
    with pytest.raises(ValidationFailed, match="不是本次会议"):
        services.sign_in(
            actor=w.sc[0], meeting=meeting, method=SignInMethod.QR, token=services.qr_token(other)
        )
    with pytest.raises(signing.BadSignature):
        signing.TimestampSigner(salt="another").unsign(fresh)
    assert not meeting.attendances.exists()


@pytest.mark.clock("2026-11-24T09:17:40+08:00")
def test_late_arrival_is_counted_from_the_start(w, meeting):
    a = services.sign_in(actor=w.sc[0], meeting=meeting, method=SignInMethod.SELF)
    assert a.minutes_late == 17 and a.is_late
    row = next(r for r in attendance_rows(meeting) if r.member.user_id == w.sc[0].pk)
    assert row.status == "late" and row.status_label == "迟到"


@pytest.mark.clock("2026-11-24T08:40:00+08:00")
def test_sign_in_refusals(w, meeting):
    with pytest.raises(PermissionDeniedError):
        services.sign_in(actor=w.outsider, meeting=meeting, method=SignInMethod.SELF)
    with pytest.raises(PermissionDeniedError):  # a member cannot sign in someone else
        services.sign_in(actor=w.sc[0], meeting=meeting, method=SignInMethod.SELF, user=w.sc[1])
    with pytest.raises(PermissionDeniedError):  # only staff at the desk
        services.sign_in(actor=w.sc[0], meeting=meeting, method=SignInMethod.DESK, user=w.sc[1])
    services.sign_in(actor=w.sc[0], meeting=meeting, method=SignInMethod.SELF)
    with pytest.raises(ConflictError, match="已签到"):
        services.sign_in(actor=w.sc[0], meeting=meeting, method=SignInMethod.SELF)
    desk = services.sign_in(actor=w.staff, meeting=meeting, method=SignInMethod.DESK, user=w.sc[1])
    assert desk.recorded_by == w.staff
    with pytest.raises(PermissionDeniedError):  # staff of another county
        services.sign_in(actor=w.sibling_staff, meeting=meeting, method=SignInMethod.DESK, user=w.sc[2])
    assert meeting.attendances.count() == 2


@pytest.mark.clock("2026-11-24T06:00:00+08:00")
def test_sign_in_opens_two_hours_before(w, meeting):
    with pytest.raises(ConflictError, match="两小时"):
        services.sign_in(actor=w.sc[0], meeting=meeting, method=SignInMethod.SELF)


@pytest.mark.clock("2026-11-24T08:30:00+08:00")
def test_draft_meeting_takes_no_sign_in(w):
    draft = make_meeting(w, schedule=False)
    with pytest.raises(ConflictError):
        services.sign_in(actor=w.sc[0], meeting=draft, method=SignInMethod.SELF)


@pytest.mark.clock("2026-11-20")
def test_leave_flow_approved_and_refused(w):
    meeting = make_meeting(w, chair=w.leader)
    a = services.leave_request(actor=w.sc[0], meeting=meeting, reason="赴省参加培训")
    b = services.leave_request(actor=w.sc[1], meeting=meeting, reason="因病住院")
    with pytest.raises(ValidationFailed, match="已提出请假"):
        services.leave_request(actor=w.sc[0], meeting=meeting, reason="再次请假")
    with pytest.raises(PermissionDeniedError):  # a member is not the decider
        services.leave_decide(actor=w.sc[2], leave=a, approve=True)
    with pytest.raises(PermissionDeniedError):  # staff are not, under the default rule
        services.leave_decide(actor=w.staff, leave=a, approve=True)
    services.leave_decide(actor=w.leader, leave=b, approve=True)
    with pytest.raises(ValidationFailed, match="理由"):
        services.leave_decide(actor=w.leader, leave=a, approve=False)
    services.leave_decide(actor=w.leader, leave=a, approve=False, note="会议议题重要,请安排出席")
    with pytest.raises(ConflictError):
        services.leave_decide(actor=w.leader, leave=a, approve=True)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.state, b.state) == (LeaveState.REFUSED, LeaveState.APPROVED)
    assert b.decided_by == w.leader
    actions = list(Event.objects.filter(action__startswith="meeting.leave_").values_list("action", flat=True))
    assert sorted(actions) == sorted(
        ["meeting.leave_request", "meeting.leave_request", "meeting.leave_approve", "meeting.leave_refuse"]
    )
    rows = {r.member.user_id: r for r in attendance_rows(meeting)}
    assert rows[w.sc[1].pk].status == "leave" and rows[w.sc[1].pk].reason == "因病住院"
    # a refused member may ask again with a new reason
    services.leave_request(actor=w.sc[0], meeting=meeting, reason="家中有急事")


@pytest.mark.clock("2026-11-20")
def test_configured_decider_and_non_members(w, meeting):
    with pytest.raises(PermissionDeniedError):
        services.leave_request(actor=w.outsider, meeting=meeting, reason="外出")
    with pytest.raises(ValidationFailed):
        services.leave_request(actor=w.sc[0], meeting=meeting, reason=" ")
    leave = services.leave_request(actor=w.sc[0], meeting=meeting, reason="外出考察")
    # no chair set: the congress's leaders decide
    assert services.can_decide_leave(w.leader, meeting) and not services.can_decide_leave(w.staff, meeting)
    services.kind_setting_update(
        actor=w.staff, congress=w.congress, kind=MeetingKind.STANDING_COMMITTEE,
        quorum_numerator=1, quorum_denominator=2, quorum_strict=True, leave_decider=LeaveDecider.STAFF,
    )  # fmt: skip
    services.leave_decide(actor=w.staff, leave=leave, approve=True)
    assert not services.can_decide_leave(w.sibling_staff, meeting)


def test_leave_only_before_the_meeting(w, meeting, clock):
    clock.set("2026-11-24T09:05:00+08:00")
    with pytest.raises(ConflictError, match="开始前"):
        services.leave_request(actor=w.sc[0], meeting=meeting, reason="临时有事")


def test_signing_in_withdraws_a_granted_leave(w, meeting, clock):
    clock.set("2026-11-20")
    leave = services.leave_request(actor=w.sc[0], meeting=meeting, reason="可能出差")
    services.leave_decide(actor=w.leader, leave=leave, approve=True)
    clock.set("2026-11-24T08:55:00+08:00")
    services.sign_in(actor=w.sc[0], meeting=meeting, method=SignInMethod.SELF)
    leave.refresh_from_db()
    assert leave.state == LeaveState.WITHDRAWN and w.sc[0].pk in present_user_ids(meeting)


def test_lifecycle_and_absences_and_deputy_record(w, meeting, clock):
    clock.set("2026-11-20")
    leave = services.leave_request(actor=w.sc[5], meeting=meeting, reason="参加市人大培训")
    services.leave_decide(actor=w.leader, leave=leave, approve=True)
    pending = services.leave_request(actor=w.sc[6], meeting=meeting, reason="待定")
    clock.set("2026-11-24T08:50:00+08:00")
    _sign(w, meeting, w.sc[:4])
    services.attendance_announce(actor=w.staff, meeting=meeting)
    services.meeting_open(actor=w.staff, meeting=meeting)
    clock.set("2026-11-24T11:50:00+08:00")
    services.meeting_close(actor=w.staff, meeting=meeting)
    meeting.refresh_from_db()
    pending.refresh_from_db()
    assert meeting.state == MeetingState.CLOSED and meeting.attendance_announced_at is not None
    assert pending.state == LeaveState.REFUSED
    statuses = sorted(r.status for r in attendance_rows(meeting) if r.member.role == "member")
    assert statuses == ["absent", "absent", "leave", "present", "present", "present", "present"]
    # attendance counts in the deputies' performance record, once per meeting
    parts = ActivityParticipation.objects.filter(activity__source_key=f"meetings.meeting:{meeting.pk}")
    assert parts.count() == 4 and set(parts.values_list("activity__kind", flat=True)) == {"sc_meeting"}
    with pytest.raises(ConflictError):
        services.sign_in(actor=w.sc[4], meeting=meeting, method=SignInMethod.SELF)


@pytest.mark.clock("2026-11-20")
def test_only_staff_of_the_congress_schedule(w):
    with pytest.raises(PermissionDeniedError):
        make_meeting(w.__class__(**{**vars(w), "staff": w.leader}))
    with pytest.raises(PermissionDeniedError):
        make_meeting(w.__class__(**{**vars(w), "staff": w.sibling_staff}))
    m = make_meeting(w, schedule=False)
    with pytest.raises(ValidationFailed, match="第1次"):
        services.meeting_create(
            actor=w.staff, congress=w.congress, kind=MeetingKind.STANDING_COMMITTEE, number=1, title="重复的会议",
            starts_at=START, ends_at=START, place="会议室",
        )  # fmt: skip
    nxt = services.meeting_create(
        actor=w.staff, congress=w.congress, kind=MeetingKind.STANDING_COMMITTEE, title="下一次会议",
        starts_at=START, ends_at=START, place="会议室",
    )  # fmt: skip
    assert (m.number, nxt.number) == (1, 2)
    with pytest.raises(ValidationFailed) as e:
        services.meeting_create(
            actor=w.staff, congress=w.congress, kind=MeetingKind.STANDING_COMMITTEE, title="时间颠倒的会议",
            starts_at=START, ends_at=START - dt.timedelta(hours=1), place="会议室",
        )  # fmt: skip
    assert e.value.field == "ends_at"
    empty = services.meeting_create(
        actor=w.staff, congress=w.congress, kind=MeetingKind.CHAIRPERSONS, title="主任会议第一次",
        starts_at=START, ends_at=START, place="会议室",
    )  # fmt: skip
    with pytest.raises(ValidationFailed, match="组成人员"):
        services.meeting_schedule(actor=w.staff, meeting=empty)


def test_undo_withdraw_and_remove(w, meeting, clock):
    clock.set("2026-11-20")
    leave = services.leave_request(actor=w.sc[0], meeting=meeting, reason="外出学习")
    with pytest.raises(PermissionDeniedError):
        services.leave_withdraw(actor=w.sc[1], leave=leave)
    services.leave_withdraw(actor=w.sc[0], leave=leave)
    leave.refresh_from_db()
    assert leave.state == LeaveState.WITHDRAWN
    clock.set("2026-11-24T08:40:00+08:00")
    a = services.sign_in(actor=w.staff, meeting=meeting, method=SignInMethod.DESK, user=w.sc[1])
    member = meeting.members.get(user=w.sc[1])
    with pytest.raises(ConflictError, match="已签到"):
        services.member_remove(actor=w.staff, member=member)
    with pytest.raises(PermissionDeniedError):
        services.sign_in_undo(actor=w.sc[1], attendance=a)
    services.sign_in_undo(actor=w.staff, attendance=a)
    services.member_remove(actor=w.staff, member=member)
    assert w.sc[1].pk not in member_user_ids(meeting)
    assert (
        Event.objects.filter(
            action__in=["meeting.sign_in_undo", "meeting.member_remove", "meeting.leave_withdraw"]
        ).count()
        == 3
    )
