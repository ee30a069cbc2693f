"""Appointments end to end: nomination, the law exam (pass mark at its boundary), the statement, the
agenda item and the vote whose close records the decision, the oath with its record, the certificate;
a removal accepted by vote; the composition export; the compliance check RM01."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from decimal import Decimal

import pytest
from django.urls import reverse

from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.core import clock
from renda.core.choices import Role
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.meetings import services as meetings
from renda.oversight import services_filings as s
from renda.oversight.meetings_filings import AGENDA_KIND, OWNER_CODE
from renda.oversight.models.filings import AppointmentState, FilingSetting
from renda.voting import services as voting
from tests.factories import make_user
from tests.oversight.filings.conftest import login, pdf_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20 09:00")]


def nominate(w, kind="appoint", **kw):
    data = dict(
        kind=kind, person_name="周建华", gender="男", birth_date="1978-05-12", education="研究生", party="中共党员",
        post="局长", employer="示例县教育局", nominating_body=w.county.government, nominated_on="2026-11-10",
        reason="工作需要",
    )  # fmt: skip
    data.update(kw)
    return s.appointment_nominate(actor=w.legal_staff, congress=w.congress, **data)


@pytest.fixture
def sitting(w):
    members = [make_user(f"cw{i}", w.county.standing_committee, Role.DEPUTY, f"委员{i}") for i in range(5)]
    start = clock.now() + dt.timedelta(minutes=30)
    meeting = meetings.meeting_create(
        actor=w.staff, congress=w.congress, kind="standing_committee", title="示例县第十八届人大常委会第三十一次会议",
        starts_at=start, ends_at=start + dt.timedelta(hours=3), place="常委会会议室",
    )  # fmt: skip
    for m in members:
        meetings.member_add(actor=w.staff, meeting=meeting, user=m)
    item = meetings.agenda_item_add(
        actor=w.staff, meeting=meeting, kind=AGENDA_KIND, title="审议人事任免事项"
    )
    meetings.meeting_schedule(actor=w.staff, meeting=meeting)
    for m in members[:4]:
        meetings.sign_in(actor=w.staff, meeting=meeting, method="desk", user=m)
    return meeting, item, members


def run_vote(w, appointment, members, yes: int):
    vote = voting.vote_create(
        actor=w.staff, congress=w.congress, owner_code=OWNER_CODE, owner_id=appointment.pk, title="任免表决",
        method="roll_call", option_set="yes_no_abstain", rule_code="majority_all",
    )  # fmt: skip
    vote = voting.vote_open(actor=w.staff, vote=vote)
    for i, m in enumerate(members[:4]):
        voting.vote_cast(
            actor=m, vote=vote, choices=["yes" if i < yes else "no"], idempotency_key=secrets.token_hex(8)
        )
    return voting.vote_close(actor=w.staff, vote=vote)


def test_exam_pass_mark_boundary():
    setting = FilingSetting(exam_pass_mark=60)
    assert s.exam_passed(Decimal("60"), setting)
    assert s.exam_passed(Decimal("60.5"), setting)
    assert not s.exam_passed(Decimal("59.9"), setting)


def test_appointment_through_exam_statement_vote_oath_and_certificate(w, sitting):
    meeting, item, members = sitting
    a = nominate(w)
    with pytest.raises(ConflictError):  # no statement before the exam
        s.appointment_statement(actor=w.legal_staff, appointment=a, statement_on="2026-11-15", statement="……")
    a = s.appointment_exam(actor=w.legal_staff, appointment=a, exam_date="2026-11-12", score="59.5")
    assert a.state == AppointmentState.EXAM_FAILED
    a = s.appointment_exam(actor=w.legal_staff, appointment=a, exam_date="2026-11-13", score="86")
    assert a.state == AppointmentState.EXAMINED and a.exam_passed and a.exam_pass_mark == 60
    a = s.appointment_statement(
        actor=w.legal_staff,
        appointment=a,
        statement_on="2026-11-20",
        statement="我将坚持依法履职,接受人大监督……",
    )
    assert a.state == AppointmentState.STATED
    a = s.appointment_link_agenda(actor=w.legal_staff, appointment=a, agenda_item=item)
    assert a.state == AppointmentState.ON_AGENDA
    vote = run_vote(w, a, members, yes=4)
    assert vote.result["passed"] is True
    a.refresh_from_db()
    assert a.state == AppointmentState.APPOINTED and a.vote_id == vote.pk
    assert "赞成4票" in a.vote_summary
    from renda.meetings.agenda import minutes_text

    assert "任命周建华为示例县教育局局长" in minutes_text(item)
    with pytest.raises(ValidationFailed) as exc:  # the record must be a real file
        s.appointment_oath(actor=w.legal_staff, appointment=a, oath_date="2026-11-20", witnesses="王建国",
                           recording=upload("宣誓.jpg", b"not an image"))  # fmt: skip
    assert exc.value.field == "recording"
    a = s.appointment_oath(
        actor=w.legal_staff, appointment=a, oath_date="2026-11-20", witnesses="王建国、李明",
        recording=upload("宣誓记录.pdf", pdf_bytes("宪法宣誓记录")),
    )  # fmt: skip
    assert a.state == AppointmentState.SWORN and a.oath_recording_name == "宣誓记录.pdf"
    a = s.appointment_certify(actor=w.legal_staff, appointment=a)
    assert a.state == AppointmentState.CERTIFIED and a.certificate_number == "〔2026〕1号"

    c = login(w.legal_staff)
    pdf = c.get(reverse("oversight:appointment_certificate", args=[a.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().replace("\n", "")
    assert "任命周建华为示例县教育局局长" in text and "示例县人民代表大会常务委员会" in text
    rec = c.get(reverse("oversight:appointment_recording", args=[a.pk]))
    assert rec.status_code == 200 and "no-store" in rec["Cache-Control"]
    assert login(w.clerk).get(reverse("oversight:appointment_recording", args=[a.pk])).status_code == 403

    check = evaluate_rule("RM01", w.congress, PeriodRange.year(2026))
    assert check.result.status == Status.MET


def test_vote_rejected_and_removal_accepted(w, sitting):
    meeting, item, members = sitting
    a = nominate(w)
    s.appointment_exam(actor=w.legal_staff, appointment=a, exam_date="2026-11-13", score="90")
    s.appointment_statement(
        actor=w.legal_staff, appointment=a, statement_on="2026-11-20", statement="供职发言"
    )
    s.appointment_link_agenda(actor=w.legal_staff, appointment=a, agenda_item=item)
    run_vote(w, a, members, yes=2)  # 2 of 5 members: not more than half
    a.refresh_from_db()
    assert a.state == AppointmentState.REJECTED
    removal = nominate(w, kind="remove", person_name="钱立新", post="副局长")
    with pytest.raises(ValidationFailed):
        s.appointment_exam(actor=w.legal_staff, appointment=removal, exam_date="2026-11-13", score="90")
    s.appointment_link_agenda(actor=w.legal_staff, appointment=removal, agenda_item=item)
    run_vote(w, removal, members, yes=3)
    removal.refresh_from_db()
    assert removal.state == AppointmentState.APPOINTED  # 表决通过
    with pytest.raises(ConflictError):  # no oath for a removal
        s.appointment_oath(actor=w.legal_staff, appointment=removal, oath_date="2026-11-20", witnesses="王建国",
                           recording=upload("a.pdf", pdf_bytes()))  # fmt: skip


def test_rm01_names_an_appointee_without_oath_after_the_window(w, sitting, clock):
    meeting, item, members = sitting
    a = nominate(w)
    s.appointment_exam(actor=w.legal_staff, appointment=a, exam_date="2026-11-13", score="90")
    s.appointment_statement(
        actor=w.legal_staff, appointment=a, statement_on="2026-11-20", statement="供职发言"
    )
    s.appointment_link_agenda(actor=w.legal_staff, appointment=a, agenda_item=item)
    run_vote(w, a, members, yes=4)
    clock.set("2026-12-20 10:00")  # 30 days after the vote: still within the window
    assert evaluate_rule("RM01", w.congress, PeriodRange.year(2026)).result.status == Status.MET
    clock.set("2026-12-21 10:00")
    result = evaluate_rule("RM01", w.congress, PeriodRange.year(2026)).result
    assert result.status == Status.NOT_MET and "宪法宣誓" in result.shortfall[0]


def test_bad_input_and_permissions(w):
    with pytest.raises(ValidationFailed) as exc:
        nominate(w, birth_date="2015-01-01")
    assert exc.value.field == "birth_date"
    with pytest.raises(ValidationFailed) as exc:
        nominate(w, nominated_on="2026-12-01")
    assert exc.value.field == "nominated_on"
    with pytest.raises(ValidationFailed) as exc:
        nominate(w, nominating_body=w.world.sibling.government)
    assert exc.value.field == "nominating_body"
    with pytest.raises(PermissionDeniedError):
        s.appointment_nominate(actor=w.clerk, congress=w.congress, kind="appoint", person_name="某", gender="男",
                               birth_date="1980-01-01", education="本科", party="群众", post="局长", employer="某局",
                               nominating_body=w.county.government, nominated_on="2026-11-10")  # fmt: skip
    a = nominate(w)
    with pytest.raises(ValidationFailed) as exc:
        s.appointment_exam(actor=w.legal_staff, appointment=a, exam_date="2026-11-13", score="101")
    assert exc.value.field == "score"


def test_composition_export(w):
    from openpyxl import load_workbook

    from renda.oversight.models.filings import Appointment

    a = nominate(w)
    Appointment.objects.filter(pk=a.pk).update(
        state=AppointmentState.CERTIFIED, decided_on=dt.date(2026, 11, 20)
    )
    nominate(
        w, person_name="吴丽", gender="女", birth_date="1990-02-01", education="本科"
    )  # not appointed yet
    response = login(w.legal_staff).get(reverse("oversight:appointment_list") + "?export=xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    roster = list(wb.worksheets[0].iter_rows(values_only=True))
    names = [r[0] for r in roster[1:]]
    assert names == ["周建华"]
    analysis = [r for r in wb.worksheets[1].iter_rows(values_only=True)]
    assert ("男", 1, "100.0%") in analysis
    assert ("46至55岁", 1, "100.0%") in analysis


def test_the_meeting_page_shows_the_appointments_on_its_agenda_item(w, sitting):
    meeting, item, members = sitting
    a = nominate(w, kind="resign", person_name="孙志远", post="副局长")
    s.appointment_link_agenda(actor=w.legal_staff, appointment=a, agenda_item=item)
    page = login(w.staff).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "接受孙志远辞去示例县教育局副局长职务的请求" in page
    assert f"/voting/new/{OWNER_CODE}/{a.pk}/" in page
    member_page = login(members[0]).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "孙志远" in member_page and f"/voting/new/{OWNER_CODE}/" not in member_page
    from renda.meetings.agenda import subject_choices_for

    choices = dict(subject_choices_for(AGENDA_KIND, w.staff, meeting))
    assert f"oversight.appointment:{a.pk}" in choices


def test_api_lists_appointments_for_reviewers_only(w):
    from django.test import Client

    from renda.api.services import api_token_create

    nominate(w)
    staff = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(actor=w.legal_staff, name='测试')[1]}")
    body = staff.get("/api/v1/oversight/appointments?q=周建华").json()
    assert body["count"] == 1 and body["results"][0]["state"] == "nominated"
    assert staff.get("/api/v1/oversight/appointments?year=abc").status_code == 400
    clerk = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(actor=w.clerk, name='测试')[1]}")
    assert clerk.get("/api/v1/oversight/appointments").status_code == 403
