"""The pages: who sees what, forms refused with the message at the field, sign-in by tap, desk and
door QR, leave, documents (member / non-member / after publication), Word and PDF that open."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from renda.audit.models import Event
from renda.meetings import services
from renda.meetings.choices import LeaveState, SignInMethod
from renda.meetings.models import Attendance, LeaveRequest, Meeting
from tests.samples import PDF

from .conftest import login, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _url(name, *args):
    return reverse(f"meetings:{name}", args=args)


@pytest.mark.clock("2026-11-20")
def test_staff_creates_a_meeting_and_refusals_keep_input(w):
    c = login(w.staff)
    page = c.get(_url("create"))
    assert page.status_code == 200 and "安排会议" in page.content.decode()
    data = {"kind": "standing_committee", "term": w.term.pk, "title": "第三十次会议", "place": "常委会会议室",
            "starts_at": "2026-11-24T09:00", "ends_at": "2026-11-24T08:00"}  # fmt: skip
    bad = c.post(_url("create"), data)
    body = bad.content.decode()
    assert bad.status_code == 400 and "结束时间不能早于开始时间" in body and "常委会会议室" in body
    data["ends_at"] = "2026-11-24T12:00"
    ok = c.post(_url("create"), data)
    meeting = Meeting.objects.get(title="第三十次会议")
    assert ok.status_code == 302 and ok["Location"] == _url("detail", meeting.pk)
    assert meeting.number == 1 and meeting.state == "draft"
    # leaders and deputies cannot reach the form
    assert login(w.leader).get(_url("create")).status_code == 403
    assert login(w.sc[0]).get(_url("create")).status_code == 403


@pytest.mark.clock("2026-11-20")
def test_who_sees_the_meeting(w, meeting):
    draft = make_meeting(w, schedule=False)
    assert login(w.staff).get(_url("detail", draft.pk)).status_code == 200
    assert login(w.sc[0]).get(_url("detail", draft.pk)).status_code == 404  # drafts stay with staff
    member = login(w.sc[0]).get(_url("detail", meeting.pk))
    assert member.status_code == 200 and "提交请假" in member.content.decode()
    assert login(w.outsider).get(_url("detail", meeting.pk)).status_code == 404
    assert login(w.sibling_staff).get(_url("detail", meeting.pk)).status_code == 404
    assert login(w.u["station_keeper"]).get(_url("list")).status_code == 403
    listing = login(w.sc[0]).get(_url("list") + "?q=第三十次&mine=on").content.decode()
    assert meeting.title in listing
    assert login(w.outsider).get(_url("list")).content.decode().count(meeting.title) == 0


@pytest.mark.clock("2026-11-20")
def test_leave_through_the_page(w):
    meeting = make_meeting(w, chair=w.leader)
    c = login(w.sc[0])
    bad = c.post(_url("leave_request", meeting.pk), {"reason": ""})
    assert bad.status_code == 400 and "这个字段是必填项" in bad.content.decode()
    assert c.post(_url("leave_request", meeting.pk), {"reason": "赴省参加培训"}).status_code == 302
    leave = LeaveRequest.objects.get(meeting=meeting, user=w.sc[0])
    assert login(w.sc[1]).post(_url("leave_decide", leave.pk), {"approve": "1"}).status_code == 404
    leader = login(w.leader)
    assert "待审批的会议请假" in leader.get("/").content.decode()
    assert leader.post(_url("leave_decide", leave.pk), {"approve": "1"}).status_code == 302
    leave.refresh_from_db()
    assert leave.state == LeaveState.APPROVED
    assert 'data-status="leave"' in login(w.staff).get(_url("detail", meeting.pk)).content.decode()


@pytest.mark.clock("2026-11-24T09:12:00+08:00")
def test_tap_desk_and_door_sign_in(w, meeting):
    member = login(w.sc[0])
    assert member.post(_url("sign_in", meeting.pk)).status_code == 302
    a = Attendance.objects.get(meeting=meeting, user=w.sc[0])
    assert a.method == SignInMethod.SELF and a.minutes_late == 12
    staff = login(w.staff)
    assert staff.post(_url("sign_in_desk", meeting.pk), {"user": w.sc[1].pk}).status_code == 302
    assert member.post(_url("sign_in_desk", meeting.pk), {"user": w.sc[2].pk}).status_code == 403
    door = staff.get(_url("door", meeting.pk))
    assert door.status_code == 200 and 'http-equiv="refresh"' in door.content.decode()
    svg = staff.get(_url("door_qr", meeting.pk))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert member.get(_url("door", meeting.pk)).status_code == 403
    token = services.qr_token(meeting)
    phone = login(w.sc[2])
    confirm = phone.get(_url("checkin", meeting.pk) + f"?t={token}")
    assert confirm.status_code == 200 and "确认签到" in confirm.content.decode()
    assert phone.post(_url("checkin", meeting.pk), {"t": token}).status_code == 302
    assert Attendance.objects.get(meeting=meeting, user=w.sc[2]).method == SignInMethod.QR
    tampered = login(w.sc[3]).post(_url("checkin", meeting.pk), {"t": token[:-2] + "xx"})
    assert tampered.status_code == 400 and "签到二维码无效" in tampered.content.decode()
    quorum = staff.get(_url("quorum", meeting.pk)).content.decode()
    assert 'data-present="3"' in quorum and 'data-required="4"' in quorum


@pytest.mark.clock("2026-11-20")
def test_document_access_member_non_member_and_published(w, meeting):
    upload = SimpleUploadedFile("关于营商环境的报告.pdf", PDF, content_type="application/pdf")
    doc = services.document_add(actor=w.staff, meeting=meeting, title="营商环境报告", upload=upload)
    url = _url("document_download", doc.pk)
    got = login(w.sc[0]).get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content).startswith(b"%PDF")
    assert "no-store" in got["Cache-Control"]
    assert login(w.invitee).get(url).status_code == 200
    assert login(w.outsider).get(url).status_code == 404
    from django.test import Client

    assert Client().get(url).status_code == 404
    assert Client().get(_url("public_list")).content.decode().count(meeting.title) == 0
    services.documents_publish(actor=w.staff, meeting=meeting)
    assert login(w.outsider).get(url).status_code == 200
    assert Client().get(url).status_code == 200
    assert meeting.title in Client().get(_url("public_list") + f"?c={w.congress.pk}").content.decode()
    public = Client().get(_url("public_detail", meeting.pk) + f"?c={w.congress.pk}").content.decode()
    assert "营商环境报告" in public
    bad = login(w.staff).post(
        _url("document_add", meeting.pk), {"title": "x", "file": SimpleUploadedFile("a.exe", b"MZ\x90")}
    )
    assert bad.status_code == 400 and "document-form" in bad.content.decode()


def test_agenda_minutes_and_attendance_open_in_word_and_pdf(w, meeting, clock):
    clock.set("2026-11-20")
    leave = services.leave_request(actor=w.sc[6], meeting=meeting, reason="因公出差")
    services.leave_decide(actor=w.leader, leave=leave, approve=True)
    clock.set("2026-11-24T08:50:00+08:00")
    for user in w.sc[:5]:
        services.sign_in(actor=user, meeting=meeting, method=SignInMethod.SELF)
    services.meeting_open(actor=w.staff, meeting=meeting)
    item = meeting.agenda.first()
    services.minutes_update(actor=w.staff, meeting=meeting, summary="会议听取了报告。",
                            item_texts={item.pk: "会议同意将审议意见交县人民政府研究处理。"})  # fmt: skip
    services.meeting_close(actor=w.staff, meeting=meeting)
    c = login(w.staff)
    agenda = Document(io.BytesIO(c.get(_url("document", meeting.pk, "agenda", "docx")).content))
    assert "优化营商环境" in "".join(cell.text for t in agenda.tables for row in t.rows for cell in row.cells)
    minutes = Document(io.BytesIO(c.get(_url("document", meeting.pk, "minutes", "docx")).content))
    text = "\n".join(p.text for p in minutes.paragraphs)
    assert "一、听取和审议县人民政府关于优化营商环境工作情况的报告" in text
    assert "交县人民政府研究处理" in text and "应出席 7 人,实到 5 人" in text
    cells = [cell.text for t in minutes.tables for row in t.rows for cell in row.cells]
    assert "因公出差" in cells
    for which in ("agenda", "minutes"):
        pdf = PdfReader(io.BytesIO(c.get(_url("document", meeting.pk, which, "pdf")).content))
        assert len(pdf.pages) >= 1
    att = Document(io.BytesIO(c.get(_url("document", meeting.pk, "attendance", "docx")).content))
    assert "请假" in [cell.text for t in att.tables for row in t.rows for cell in row.cells]
    assert login(w.outsider).get(_url("document", meeting.pk, "minutes", "docx")).status_code == 404
    assert Event.objects.filter(action="meeting_documents.export").count() == 4
    # the yearly report counts this meeting
    report = c.get(_url("attendance_year") + "?year=2026&format=docx")
    rows = [
        [cell.text for cell in row.cells]
        for t in Document(io.BytesIO(report.content)).tables
        for row in t.rows
    ]
    assert any(r[0] == w.sc[6].display_name and r[4] == "1" for r in rows)
    assert c.post(_url("attendance_year") + "?year=2026").status_code == 302
    assert w.congress.attendance_reports.get(year=2026).meetings == 1


@pytest.mark.clock("2026-11-20")
def test_calendar_list_export_and_settings(w, meeting):
    c = login(w.staff)
    cal = c.get(_url("calendar") + "?month=2026-11").content.decode()
    assert meeting.title in cal and "2026年11月" in cal
    assert c.get(_url("calendar") + "?month=garbage").status_code == 200
    xlsx = c.get(_url("list") + "?export=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert Event.objects.filter(action="meeting.export").exists()
    bad = c.post(_url("settings"), {"kind": "standing_committee", "quorum_numerator": 3, "quorum_denominator": 2,
                                    "leave_decider": "chair"})  # fmt: skip
    assert bad.status_code == 400 and "分子须为1到分母之间的整数" in bad.content.decode()
    ok = c.post(_url("settings"), {"kind": "standing_committee", "quorum_numerator": 2, "quorum_denominator": 3,
                                   "leave_decider": "leader"})  # fmt: skip
    assert ok.status_code == 302
    assert "全体组成人员三分之二以上" in c.get(_url("settings")).content.decode()
    assert login(w.leader).get(_url("settings")).status_code == 403


@pytest.mark.clock("2026-11-20")
def test_agenda_and_members_through_the_page(w):
    meeting = make_meeting(w, schedule=False, members=[])
    c = login(w.staff)
    bad = c.post(_url("agenda_add", meeting.pk), {"kind": "report", "title": "短"})
    assert bad.status_code == 400 and "议题至少4个字" in bad.content.decode()
    assert (
        c.post(_url("agenda_add", meeting.pk), {"kind": "other", "title": "其他事项的说明"}).status_code
        == 302
    )
    assert c.post(_url("members_add_sc", meeting.pk)).status_code == 302
    assert meeting.members.filter(role="member").count() == 7
    assert c.post(_url("act", meeting.pk, "schedule")).status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == "scheduled"
    item = meeting.agenda.order_by("order").last()
    assert c.post(_url("agenda_act", meeting.pk, item.pk, "up")).status_code == 302
    item.refresh_from_db()
    assert item.order == 2
