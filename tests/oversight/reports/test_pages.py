"""Pages and API: the calendar, uploading through the page, the access-checked file, the lists with
export, the public resolution pages and the API twins."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from renda.oversight import services_reports as svc
from renda.oversight.models import ReportState, Resolution, StatutoryReport

from .conftest import TZ, fake_pdf, login, make_meeting, pdf_upload


@pytest.fixture
def cal2026(w, clock):
    clock.set("2026-11-20 10:00")
    svc.calendar_generate(actor=w.staff, congress=w.congress, year=2026)
    return StatutoryReport.objects.get(obligation=w.debt, year=2026, half=1)


def test_calendar_shows_the_debt_report_late(w, cal2026):
    page = login(w.staff).get(reverse("oversight:report_calendar"), {"year": 2026, "status": "late"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "2026年上半年政府债务管理情况书面报告" in text and "逾期未报" in text and "逾期112天" in text
    export = login(w.staff).get(reverse("oversight:report_calendar"), {"year": 2026, "export": "xlsx"})
    assert export.status_code == 200 and export.content[:2] == b"PK"
    # the finance bureau sees only its own
    mine = login(w.finance_clerk).get(reverse("oversight:report_calendar"), {"year": 2026}).content.decode()
    assert "债务" in mine and "依法行政" not in mine
    assert login(w.world.county.users["deputy"]).get(reverse("oversight:report_calendar")).status_code == 403
    assert Client().get(reverse("oversight:report_calendar")).status_code == 302


def test_upload_through_the_page_and_serve_with_access_check(w, cal2026):
    url = reverse("oversight:report_detail", args=[cal2026.pk])
    clerk = login(w.finance_clerk)
    bad = clerk.post(url, {"step": "receive", "file": fake_pdf()})
    assert bad.status_code == 200 and "不是真正的PDF文件" in bad.content.decode()
    cal2026.refresh_from_db()
    assert cal2026.state == ReportState.EXPECTED and not cal2026.file
    none = clerk.post(url, {"step": "receive"})
    assert "请选择要上传的文件" in none.content.decode()
    ok = clerk.post(url, {"step": "receive", "file": pdf_upload("债务报告.pdf")})
    assert ok.status_code == 302
    cal2026.refresh_from_db()
    assert cal2026.state == ReportState.RECEIVED
    file_url = reverse("oversight:report_file", args=[cal2026.pk])
    served = clerk.get(file_url)
    assert served.status_code == 200 and "no-store" in served["Cache-Control"]
    assert b"".join(served.streaming_content)[:5] == b"%PDF-"
    assert login(w.staff).get(file_url).status_code == 200
    assert login(w.other_clerk).get(file_url).status_code == 404
    assert login(w.sibling_staff).get(file_url).status_code == 404


def test_staff_date_error_shows_on_the_field(w, cal2026):
    url = reverse("oversight:report_detail", args=[cal2026.pk])
    page = login(w.staff).post(url, {"step": "receive", "file": pdf_upload(), "received_on": "2026-12-01"})
    assert "收到日期不能晚于今天" in page.content.decode()
    page = login(w.staff).post(url, {"step": "receive", "file": pdf_upload(), "received_on": "2026-02-31"})
    assert "请填写正确的日期" in page.content.decode()
    cal2026.refresh_from_db()
    assert cal2026.received_on is None


def test_schedule_through_the_page_and_the_meeting_shows_it(w, cal2026):
    svc.report_receive(actor=w.finance_clerk, report=cal2026, upload=pdf_upload())
    meeting = make_meeting(w, dt.datetime(2026, 11, 26, 9, tzinfo=TZ))
    url = reverse("oversight:report_detail", args=[cal2026.pk])
    assert login(w.staff).post(url, {"step": "schedule", "meeting": meeting.pk}).status_code == 302
    cal2026.refresh_from_db()
    assert cal2026.state == ReportState.SCHEDULED
    page = login(w.staff).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "听取和审议法定报告" in page and "2026年上半年政府债务管理情况书面报告" in page


def test_obligation_form(w, cal2026):
    url = reverse("oversight:report_obligation_create")
    page = login(w.staff).post(url, {"title": "", "reporting_body": w.finance.pk, "recipient": "县人大常委会",
                                     "frequency": "yearly", "due_month": 14, "due_day": 31, "remind_days": 15,
                                     "mode": "written"})  # fmt: skip
    text = page.content.decode()
    assert page.status_code == 200 and "截止月份" in text
    ok = login(w.staff).post(url, {"title": "政府采购情况书面报告", "reporting_body": w.finance.pk,
                                   "recipient": "县人大财政经济委员会", "frequency": "yearly", "due_month": 11,
                                   "due_day": 30, "remind_days": 10, "mode": "written", "is_active": "on"})  # fmt: skip
    assert ok.status_code == 302
    assert login(w.finance_clerk).get(url).status_code == 403


def test_matter_list_pages_and_word(w, cal2026):
    ml = svc.matter_list_create(actor=w.gov_clerk, congress=w.congress, year=2027, submitted_by=w.government)
    url = reverse("oversight:matter_list_detail", args=[ml.pk])
    gov = login(w.gov_clerk)
    bad = gov.post(url, {"step": "submit"})
    assert "清单中还没有事项" in bad.content.decode()
    assert gov.post(url, {"step": "add", "title": "城区集中供热改造工程", "category": "livelihood",
                          "decision_body": "standing_committee"}).status_code == 302  # fmt: skip
    assert gov.post(url, {"step": "submit"}).status_code == 302
    staff = login(w.staff)
    assert staff.post(url, {"step": "comment", "comments": "建议补充资金来源。"}).status_code == 302
    matter = ml.matters.get()
    assert staff.post(url, {"step": "agree", "day": "2026-11-20", "included": [matter.pk]}).status_code == 302
    word = staff.get(reverse("oversight:matter_list_word", args=[ml.pk]))
    assert word.status_code == 200 and word.content[:2] == b"PK"
    assert login(w.finance_clerk).get(url).status_code == 404
    lst = staff.get(reverse("oversight:matter_list"), {"q": "供热"})
    assert "城区集中供热改造工程" in lst.content.decode()
    assert staff.get(reverse("oversight:matter_list"), {"export": "xlsx"}).content[:2] == b"PK"


def test_public_resolution_pages_show_only_published(w, cal2026):
    from renda.portal.selectors import portal_congress  # noqa: F401 - the portal is installed

    shown = svc.resolution_create(actor=w.staff, congress=w.congress, kind="resolution", title="关于批准2025年县级决算的决议",
                                  text="批准县人民政府提出的2025年县级决算。", adopted_on="2026-06-25")  # fmt: skip
    hidden = svc.resolution_create(actor=w.staff, congress=w.congress, kind="decision", title="关于未公开事项的决定",
                                   text="内部。", adopted_on="2026-06-25")  # fmt: skip
    svc.resolution_publish(actor=w.staff, resolution=shown)
    anon = Client()
    c = f"?c={w.congress.pk}"
    page = anon.get(reverse("oversight:resolution_public_list") + c).content.decode()
    assert "关于批准2025年县级决算的决议" in page and "未公开事项" not in page
    assert anon.get(reverse("oversight:resolution_public_detail", args=[shown.pk]) + c).status_code == 200
    assert anon.get(reverse("oversight:resolution_public_detail", args=[hidden.pk]) + c).status_code == 404
    assert anon.get(reverse("oversight:resolution_word", args=[shown.pk])).status_code == 200
    assert anon.get(reverse("oversight:resolution_word", args=[hidden.pk])).status_code == 404
    staff = login(w.staff)
    lst = staff.get(reverse("oversight:resolution_list"), {"q": "决算"}).content.decode()
    assert "关于批准2025年县级决算的决议" in lst and "未公开事项" not in lst
    assert staff.get(reverse("oversight:resolution_list"), {"export": "xlsx"}).content[:2] == b"PK"
    assert anon.get("/api/v1/oversight/resolutions").status_code == 401
    assert Resolution.objects.count() == 2


def test_api_calendar(w, cal2026):
    from renda.api.services import api_token_create

    token = api_token_create(actor=w.staff, name="测试")[1]
    rows = (
        Client()
        .get("/api/v1/oversight/reports?year=2026&status=late", HTTP_AUTHORIZATION=f"Bearer {token}")
        .json()
    )
    assert any(
        r["title"] == "2026年上半年政府债务管理情况书面报告" and r["status_label"] == "逾期未报" for r in rows
    )


def test_meeting_page_offers_the_vote_on_a_scheduled_matter(w, cal2026):
    ml = svc.matter_list_create(actor=w.staff, congress=w.congress, year=2027, submitted_by=w.government)
    matter = svc.matter_add(
        actor=w.staff, matter_list=ml, title="城区集中供热改造工程", category="livelihood"
    )
    svc.matter_list_submit(actor=w.staff, matter_list=ml)
    svc.matter_list_comment(actor=w.staff, matter_list=ml, comments="同意。")
    svc.matter_list_agree(actor=w.staff, matter_list=ml, included=[matter.pk], agreed_on="2026-11-20")
    matter.refresh_from_db()
    svc.matter_report(
        actor=w.gov_clerk, matter=matter, reported_on="2026-11-20", summary="县政府报告了方案。"
    )
    meeting = make_meeting(w, dt.datetime(2026, 11, 26, 9, tzinfo=TZ))
    matter.refresh_from_db()
    svc.matter_schedule(actor=w.staff, matter=matter, meeting=meeting)
    staff = login(w.staff)
    page = staff.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    create = reverse("voting:create", args=["major_matter", matter.pk])
    assert "讨论决定重大事项" in page and create in page
    assert staff.get(create + f"?congress={w.congress.pk}").status_code == 200
    assert login(w.gov_clerk).get(reverse("oversight:matter_detail", args=[matter.pk])).status_code == 200
    assert login(w.finance_clerk).get(reverse("oversight:matter_detail", args=[matter.pk])).status_code == 404
