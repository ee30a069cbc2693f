"""Meetings cancelled or postponed (reason, new date, notifications, audit, pages and API), documents
published one at a time."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from renda.audit.models import Event
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.meetings import services
from renda.meetings.choices import LeaveState, MeetingState, SignInMethod
from renda.meetings.models import LeaveRequest, Meeting
from renda.notifications.models import Notification
from tests.samples import PDF

from .conftest import START, login, make_meeting

pytestmark = pytest.mark.django_db
LATER = START + dt.timedelta(days=7)


def _doc(w, meeting, title):
    upload = SimpleUploadedFile(f"{title}.pdf", PDF, content_type="application/pdf")
    return services.document_add(actor=w.staff, meeting=meeting, title=title, upload=upload)


# --- cancel ---------------------------------------------------------------------------------------


@pytest.mark.clock("2026-11-20 10:00")
def test_cancel_notifies_roll_lapses_leave_and_is_audited(w, meeting):
    leave = services.leave_request(actor=w.sc[0], meeting=meeting, reason="赴省里参加培训")
    services.meeting_cancel(actor=w.staff, meeting=meeting, reason="因防汛工作需要,会议取消")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CANCELLED and meeting.change_reason.startswith("因防汛")
    assert meeting.is_final
    leave.refresh_from_db()
    assert leave.state == LeaveState.WITHDRAWN
    told = Notification.objects.filter(verb="meeting.cancelled")
    assert set(told.values_list("recipient_id", flat=True)) == {u.pk for u in [*w.sc, w.invitee]}
    assert "因防汛工作需要" in told.first().body
    event = Event.objects.filter(action="meeting.cancel").get()
    assert event.after["reason"].startswith("因防汛") and event.after["notified"] == 8
    assert event.before["state"] == MeetingState.SCHEDULED
    # Nothing changes any more: no sign-in, leave, members, open.
    with pytest.raises(ConflictError):
        services.meeting_open(actor=w.staff, meeting=meeting)
    with pytest.raises(ConflictError):
        services.member_add(actor=w.staff, meeting=meeting, user=w.outsider)
    with pytest.raises(ConflictError):
        services.leave_request(actor=w.sc[1], meeting=meeting, reason="出差")
    with pytest.raises(ConflictError):
        services.meeting_cancel(actor=w.staff, meeting=meeting, reason="重复取消一次")


@pytest.mark.clock("2026-11-20 10:00")
def test_cancel_a_draft_tells_nobody_and_reason_is_required(w):
    draft = make_meeting(w, schedule=False)
    with pytest.raises(ValidationFailed) as exc:
        services.meeting_cancel(actor=w.staff, meeting=draft, reason="  ")
    assert exc.value.field == "reason"
    with pytest.raises(ValidationFailed):
        services.meeting_cancel(actor=w.staff, meeting=draft, reason="不开")  # under four characters
    services.meeting_cancel(actor=w.staff, meeting=draft, reason="议题尚未成熟")
    assert not Notification.objects.exists()


@pytest.mark.clock("2026-11-24 08:30")
def test_cancel_refused_after_sign_in_or_open_and_for_others(w, meeting):
    with pytest.raises(PermissionDeniedError):
        services.meeting_cancel(actor=w.sibling_staff, meeting=meeting, reason="别的人大来取消")
    with pytest.raises(PermissionDeniedError):
        services.meeting_cancel(actor=w.leader, meeting=meeting, reason="领导不经办会务")
    services.sign_in(actor=w.sc[0], meeting=meeting, method=SignInMethod.SELF)
    with pytest.raises(ConflictError):
        services.meeting_cancel(actor=w.staff, meeting=meeting, reason="已有人签到了")
    assert not Event.objects.filter(action="meeting.cancel").exists()


# --- postpone -------------------------------------------------------------------------------------


@pytest.mark.clock("2026-11-20 10:00")
def test_postpone_moves_the_date_notifies_and_opens_at_the_new_time(w, meeting, clock):
    leave = services.leave_request(actor=w.sc[0], meeting=meeting, reason="赴省里参加培训")
    services.leave_decide(actor=w.leader, leave=leave, approve=True)  # no chair: the leaders decide
    services.meeting_postpone(actor=w.staff, meeting=meeting, reason="县委全会同期召开",
                              starts_at=LATER, ends_at=LATER + dt.timedelta(hours=3))  # fmt: skip
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.POSTPONED and meeting.starts_at == LATER
    assert meeting.postponed_from == START
    leave.refresh_from_db()
    assert leave.state == LeaveState.WITHDRAWN  # asked for the old date: ask again
    told = Notification.objects.filter(verb="meeting.postponed")
    assert told.count() == 8 and "2026-12-01 09:00" in told.first().body
    e = Event.objects.get(action="meeting.postpone")
    assert e.before["starts_at"].startswith("2026-11-24") and e.after["starts_at"].startswith("2026-12-01")
    # Postponed again: the original date stays the first one.
    services.meeting_postpone(actor=w.staff, meeting=meeting, reason="主任会议决定再次延期",
                              starts_at=LATER + dt.timedelta(days=1), ends_at=LATER + dt.timedelta(days=1, hours=2))  # fmt: skip
    meeting.refresh_from_db()
    assert meeting.postponed_from == START
    # Leave may be asked again, sign-in opens two hours before the new start, and it opens.
    services.leave_request(actor=w.sc[1], meeting=meeting, reason="家中有事")
    clock.set("2026-12-02 08:00")
    services.sign_in(actor=w.sc[2], meeting=meeting, method=SignInMethod.SELF)
    services.meeting_open(actor=w.staff, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.IN_PROGRESS


@pytest.mark.clock("2026-11-20 10:00")
def test_postpone_date_boundaries(w, meeting):
    def go(start, reason="县委全会同期召开"):
        services.meeting_postpone(
            actor=w.staff,
            meeting=meeting,
            reason=reason,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
        )

    with pytest.raises(ValidationFailed) as exc:
        go(START)  # not later than the planned start
    assert exc.value.field == "starts_at"
    with pytest.raises(ValidationFailed):
        go(START - dt.timedelta(days=1))
    with pytest.raises(ValidationFailed) as exc:
        go(LATER, reason="")
    assert exc.value.field == "reason"
    go(START + dt.timedelta(minutes=1))  # just later is enough
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.POSTPONED


@pytest.mark.clock("2026-11-20 10:00")
def test_postpone_refused_for_drafts_and_closed(w):
    draft = make_meeting(w, schedule=False)
    with pytest.raises(ConflictError):
        services.meeting_postpone(actor=w.staff, meeting=draft, reason="草稿不必延期",
                                  starts_at=LATER, ends_at=LATER + dt.timedelta(hours=1))  # fmt: skip


@pytest.mark.clock("2026-11-20 10:00")
def test_pages_and_api_reach_cancel_and_postpone(w, meeting):
    staff = login(w.staff)
    detail = staff.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert 'id="postpone-link"' in detail and 'id="cancel-link"' in detail
    url = reverse("meetings:change", args=[meeting.pk, "postpone"])
    bad = staff.post(
        url, {"starts_at": "2026-11-23T09:00", "ends_at": "2026-11-23T12:00", "reason": "县委全会同期召开"}
    )
    assert bad.status_code == 400 and "新的开始时间须晚于原定时间" in bad.content.decode()
    assert "县委全会同期召开" in bad.content.decode()  # nothing lost
    ok = staff.post(
        url, {"starts_at": "2026-12-01T09:00", "ends_at": "2026-12-01T12:00", "reason": "县委全会同期召开"}
    )
    assert ok.status_code == 302
    page = staff.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "延期至 2026-12-01 09:00" in page and "已延期" in page
    assert "已延期" in staff.get(reverse("meetings:list")).content.decode()
    cal = staff.get(reverse("meetings:calendar") + "?month=2026-12").content.decode()
    assert 'data-state="postponed"' in cal and "原定 11-24 09:00" in cal
    # A member cannot reach it; the API cancels with the same permission.
    assert (
        login(w.sc[0])
        .post(reverse("meetings:change", args=[meeting.pk, "cancel"]), {"reason": "代表来取消"})
        .status_code
        == 403
    )
    api = "/api/v1/meetings"
    denied = login(w.sc[0]).post(
        f"{api}/{meeting.pk}/cancel", json.dumps({"reason": "代表来取消"}), content_type="application/json"
    )
    assert denied.status_code == 403
    got = staff.post(
        f"{api}/{meeting.pk}/cancel",
        json.dumps({"reason": "会议议题调整,本次会议取消"}),
        content_type="application/json",
    )
    assert got.status_code == 200 and got.json()["state"] == "cancelled"
    assert got.json()["change_reason"] == "会议议题调整,本次会议取消"
    cal = staff.get(reverse("meetings:calendar") + "?month=2026-12").content.decode()
    assert 'data-state="cancelled"' in cal and "meetings-cancelled" in cal
    page = staff.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "本次会议已于" in page and "会议议题调整" in page and 'id="cancel-link"' not in page
    assert "data-quorum-live" not in page  # nothing more to push


@pytest.mark.clock("2026-11-20 10:00")
def test_api_postpone(w, meeting):
    got = login(w.staff).post(
        f"/api/v1/meetings/{meeting.pk}/postpone",
        json.dumps({"reason": "县委全会同期召开", "starts_at": "2026-12-01T09:00:00+08:00",
                    "ends_at": "2026-12-01T12:00:00+08:00"}),
        content_type="application/json",
    )  # fmt: skip
    assert got.status_code == 200 and got.json()["state"] == "postponed"
    assert got.json()["postponed_from"].startswith("2026-11-24T")


# --- documents published one at a time -------------------------------------------------------------


@pytest.mark.clock("2026-11-20 10:00")
def test_documents_published_one_by_one(w, meeting):
    report = _doc(w, meeting, "营商环境报告")
    draft = _doc(w, meeting, "任免事项材料")
    anon = Client()
    dl = lambda d: reverse("meetings:document_download", args=[d.pk])  # noqa: E731
    assert anon.get(dl(report)).status_code == 404
    services.document_publish(actor=w.staff, document=report)
    meeting.refresh_from_db()
    assert meeting.documents_published and meeting.documents_published_at is not None
    assert anon.get(dl(report)).status_code == 200
    assert anon.get(dl(draft)).status_code == 404  # still with the meeting's readers
    assert login(w.outsider).get(dl(draft)).status_code == 404
    assert login(w.sc[0]).get(dl(draft)).status_code == 200
    public = anon.get(
        reverse("meetings:public_detail", args=[meeting.pk]) + f"?c={w.congress.pk}"
    ).content.decode()
    assert "营商环境报告" in public and "任免事项材料" not in public
    with pytest.raises(ConflictError):
        services.document_publish(actor=w.staff, document=report)
    with pytest.raises(PermissionDeniedError):
        services.document_publish(actor=w.leader, document=draft)
    services.document_publish(actor=w.staff, document=report, published=False)
    meeting.refresh_from_db()
    assert not meeting.documents_published and anon.get(dl(report)).status_code == 404
    actions = list(
        Event.objects.filter(action__startswith="meeting.document_").values_list("action", flat=True)
    )
    assert actions.count("meeting.document_publish") == 1 and "meeting.document_unpublish" in actions


@pytest.mark.clock("2026-11-20 10:00")
def test_document_publish_refused_in_draft_and_page_and_api(w):
    draft_meeting = make_meeting(w, schedule=False)
    doc = _doc(w, draft_meeting, "会议材料")
    with pytest.raises(ConflictError):
        services.document_publish(actor=w.staff, document=doc)
    services.meeting_schedule(actor=w.staff, meeting=draft_meeting)
    staff = login(w.staff)
    page = staff.get(reverse("meetings:detail", args=[draft_meeting.pk])).content.decode()
    assert "在门户公开" in page and 'data-public="0"' in page
    staff.post(reverse("meetings:document_publish", args=[draft_meeting.pk, doc.pk, "publish"]))
    doc.refresh_from_db()
    assert doc.is_public
    got = staff.post(
        f"/api/v1/meetings/{draft_meeting.pk}/documents/{doc.pk}/publish",
        json.dumps({"public": False}), content_type="application/json",
    )  # fmt: skip
    assert got.status_code == 200 and got.json()["is_public"] is False
    assert login(w.sc[0]).post(
        f"/api/v1/meetings/{draft_meeting.pk}/documents/{doc.pk}/publish",
        json.dumps({"public": True}), content_type="application/json",
    ).status_code == 403  # fmt: skip


@pytest.mark.clock("2026-11-20 10:00")
def test_publish_all_and_withdraw_all(w, meeting):
    a, b = _doc(w, meeting, "文件一"), _doc(w, meeting, "文件二")
    services.document_publish(actor=w.staff, document=a)
    services.documents_publish(actor=w.staff, meeting=meeting)  # publishes the rest
    b.refresh_from_db()
    assert b.is_public
    with pytest.raises(ConflictError):
        services.documents_publish(actor=w.staff, meeting=meeting)
    services.documents_publish(actor=w.staff, meeting=meeting, published=False)
    assert not Meeting.objects.get(pk=meeting.pk).documents_published
    assert not LeaveRequest.objects.exists()
