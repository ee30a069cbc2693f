"""Pages and API: the case page's steps for each role, the list with search, filters and export, the
ratings and chart, the Word letter and circular, scope (committees their own, leaders all, a body only
what is assigned to it), the API twin with the same permission, the overdue escalation of the engine's
daily job."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from renda.cases.jobs import run_deadline_reminders
from renda.notifications.models import Notification
from renda.oversight import services_opinions as services
from renda.oversight.models import Opinion
from renda.oversight.selectors_opinions import opinions_for
from tests.api.conftest import token_client

from .conftest import comment, counts, login, make_opinion, rate, report, to_assigned

pytestmark = pytest.mark.clock("2026-11-20 09:30")


def test_scope(w):
    finance = to_assigned(w, make_opinion(w))
    legal = make_opinion(w, committee=w.legal, title="县人民法院关于行政审判工作情况的报告")
    assert set(opinions_for(w.leader)) == {finance, legal}
    assert set(opinions_for(w.office_staff)) == {finance, legal}
    assert set(opinions_for(w.finance_staff)) == {finance}
    assert set(opinions_for(w.legal_staff)) == {legal}
    assert set(opinions_for(w.body_clerk)) == {finance}  # assigned to it; the legal one is not yet
    assert set(opinions_for(w.other_clerk)) == set()
    assert set(opinions_for(w.sibling_staff)) == set()
    assert login(w.legal_staff).get(f"/cases/{finance.case_id}/").status_code == 404
    assert login(w.finance_staff).get(f"/cases/{finance.case_id}/").status_code == 200
    assert login(w.other_clerk).get(f"/cases/{finance.case_id}/").status_code == 404


def test_case_page_steps_by_role(w):
    opinion = make_opinion(w)
    case_url = f"/cases/{opinion.case_id}/"
    staff = login(w.office_staff)
    body = staff.get(case_url).content.decode()
    assert "送领导签发" in body and "马国强委员" in body
    r = staff.post(f"{case_url}do/submit/", {"text": "一、加快优化城乡公交线网。二、落实公交优先政策。"})
    assert r.status_code in (200, 302)
    opinion.case.refresh_from_db()
    assert opinion.case.state == "signing"
    leader = login(w.leader)
    assert "签发" in leader.get(case_url).content.decode()
    leader.post(f"{case_url}do/approve/", {"letter_number": "示人常办〔2026〕12号"})
    opinion.case.refresh_from_db()
    assert opinion.case.state == "signed"
    staff.post(f"{case_url}do/assign/", {"deadline": "", "note": "请按期报告"})
    opinion.case.refresh_from_db()
    assert opinion.case.state == "assigned" and opinion.case.due_at is not None
    letter = staff.get(f"/oversight/opinions/{opinion.pk}/letter/")
    assert letter.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    assert "示例县交通运输局" in text and "加快优化城乡公交线网" in text and "示人常办〔2026〕12号" in text
    report(w, opinion)
    finance = login(w.finance_staff)
    assert "委员会提出意见" in finance.get(case_url).content.decode()
    finance.post(f"{case_url}do/comment/", {"comment": "整改措施基本落实,建议提请测评。"})
    opinion.case.refresh_from_db()
    assert opinion.case.state == "reviewed"
    # bad counts: refused with the figures, nothing written
    r = staff.post(
        f"{case_url}do/rate_counts/",
        {"members": 29, "present": 25, "satisfied": 20, "basically": 5, "dissatisfied": 3, "blank": 0},
    )
    assert "合计 28 票" in r.content.decode() and not opinion.ratings.exists()
    staff.post(
        f"{case_url}do/rate_counts/",
        {"members": 29, "present": 25, "satisfied": 8, "basically": 6, "dissatisfied": 9, "blank": 2},
    )
    opinion.refresh_from_db()
    assert opinion.ratings.get().verdict == "escalate" and opinion.circular_due
    assert "发出通报" in staff.get(case_url).content.decode()
    staff.post(
        f"{case_url}do/circular/", {"instrument": "inquiry", "text": "县交通运输局整改不力,予以通报。"}
    )
    opinion.refresh_from_db()
    assert opinion.circular_issued_at is not None
    doc = staff.get(f"/oversight/opinions/{opinion.pk}/circular/")
    text = "\n".join(p.text for p in Document(io.BytesIO(doc.content)).paragraphs)
    assert "专题询问" in text and "整改不力" in text
    table = Document(io.BytesIO(doc.content)).tables[0]
    assert "56.00%" in [c.text for c in table.rows[1].cells]


def test_list_filters_export_ratings_and_chart(w):
    a = to_assigned(w, make_opinion(w))
    report(w, a)
    comment(w, a)
    rate(w, a, counts(12, 6, 5, 2))
    make_opinion(w, committee=w.legal, title="县人民法院关于行政审判工作情况的报告")
    c = login(w.leader)
    page = c.get("/oversight/opinions/").content.decode()
    assert "公共交通" in page and "行政审判" in page
    page = c.get("/oversight/opinions/?q=行政审判").content.decode()
    assert "行政审判" in page and "公共交通" not in page
    page = c.get("/oversight/opinions/?state=rectifying").content.decode()
    assert "公共交通" in page and "行政审判" not in page
    page = c.get("/oversight/opinions/?verdict=rectify").content.decode()
    assert "公共交通" in page and "行政审判" not in page
    bad = c.get("/oversight/opinions/?year=abc")
    assert "年度须为四位数字" in bad.content.decode()
    export = c.get("/oversight/opinions/export/?q=公共交通")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.max_row == 2 and "72.00%" in [cell.value for cell in sheet[2]]
    ratings = c.get("/oversight/ratings/").content.decode()
    assert "72.00%" in ratings
    rx = load_workbook(io.BytesIO(c.get("/oversight/ratings/export/").content)).active
    assert rx.max_row == 2 and "72.00" in [cell.value for cell in rx[2]]
    stats = c.get("/oversight/opinions/stats/").content.decode()
    assert "示例县交通运输局" in stats and "72.00%" in stats and "opinion-satisfaction-data" in stats
    # a unit reads only its own; the public nothing
    assert "行政审判" not in login(w.body_clerk).get("/oversight/opinions/").content.decode()
    assert Client().get("/oversight/opinions/").status_code == 302


def test_settings_page(w):
    c = login(w.office_staff)
    assert c.get("/oversight/opinions/settings/").status_code == 200
    r = c.post(
        "/oversight/opinions/settings/",
        {
            "part": "rule",
            "rule_code": "share_of_cast",
            "pass_at": "50",
            "escalate_below": "60",
            "effective_from": "2026-11-20",
        },
    )
    assert "通报线不能高于通过线" in r.content.decode()
    c.post(
        "/oversight/opinions/settings/",
        {
            "part": "rule",
            "rule_code": "majority_of_members",
            "basically_passes": "on",
            "effective_from": "2026-11-20",
        },
    )
    assert services.current_rule(w.congress.pk)[:2] == ("majority_of_members", 1)
    c.post(
        "/oversight/opinions/settings/",
        {"part": "deadlines", "compile_working_days": 5, "report_months": 2, "rehandle_months": 1},
    )
    assert services.opinion_setting(w.congress.pk).report_months == 2
    assert login(w.body_clerk).get("/oversight/opinions/settings/").status_code == 403


def test_api(w):
    staff = token_client(w.office_staff)
    r = staff.post(
        "/api/v1/oversight/opinions",
        {"congress": w.congress.pk, "report_kind": "audit", "report_title": "县人民政府关于2025年度审计查出问题整改情况的报告",
         "reporting_body": w.county.government.pk, "source_kind": "statutory_report", "source_id": 12},
        content_type="application/json",
    )  # fmt: skip
    assert r.status_code == 201, r.content
    data = r.json()
    assert (
        data["source_kind"] == "statutory_report" and data["source_id"] == 12 and data["state"] == "drafting"
    )
    opinion = opinions_for(w.office_staff).get(pk=data["id"])
    opinion = to_assigned(w, opinion)
    gov_clerk = __import__("tests.factories", fromlist=["make_user"]).make_user(
        "zfb", w.county.government, "unit_clerk", "政府办赵"
    )
    from renda.cases import services as engine

    a = opinion.case.assignments.get()
    engine.assignment_sign(actor=gov_clerk, assignment=a)
    engine.reply_submit(
        actor=gov_clerk, assignment=a, classification="A", text="已整改。", signing_leader="县长"
    )
    services.opinion_comment(actor=w.office_staff, opinion=opinion, comment="办公室意见:同意测评。")
    bad = staff.post(
        f"/api/v1/oversight/opinions/{opinion.pk}/ratings",
        {"members": 29, "present": 25, "satisfied": 30, "basically": 0, "dissatisfied": 0},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "30 票超过全体组成人员 29 人" in bad.content.decode()
    ok = staff.post(
        f"/api/v1/oversight/opinions/{opinion.pk}/ratings",
        {"members": 29, "present": 25, "satisfied": 18, "basically": 3, "dissatisfied": 3, "blank": 1},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["percent"] == "84.00" and ok.json()["verdict"] == "pass"
    listed = staff.get("/api/v1/oversight/opinions?q=审计").json()
    assert listed["count"] == 1
    assert staff.get("/api/v1/oversight/opinions/ratings").json()["count"] == 1
    assert staff.get("/api/v1/oversight/opinions/stats").json()[0]["mean"] in ("84.00", 84.0, "84.0")
    assert token_client(w.other_clerk).get(f"/api/v1/oversight/opinions/{opinion.pk}").status_code == 404
    assert token_client(w.sc[0]).get("/api/v1/oversight/opinions").status_code == 403


def test_overdue_reports_are_escalated_by_the_daily_job(w, clock):
    opinion = to_assigned(w, make_opinion(w))
    clock.set("2027-02-25 07:00")
    run_deadline_reminders()
    assert Notification.objects.filter(recipient=w.leader, verb="deadline.escalated").exists()
    page = login(w.office_staff).get("/oversight/opinions/?overdue=on").content.decode()
    assert opinion.case.number in page and "已超期" in page


def test_documents_only_when_they_exist(w):
    opinion = make_opinion(w)
    c = login(w.office_staff)
    assert c.get(f"/oversight/opinions/{opinion.pk}/letter/").status_code == 404
    assert c.get(f"/oversight/opinions/{opinion.pk}/circular/").status_code == 404
    assert c.get(f"/oversight/opinions/{opinion.pk}/").status_code == 302
    assert login(w.legal_staff).get(f"/oversight/opinions/{opinion.pk}/letter/").status_code == 404


def test_inbox_and_todo(w):
    from renda.cases.inbox import inbox_for
    from renda.web.todo import todos_for

    opinion = make_opinion(w)
    titles = [str(t.title) for t in todos_for(w.office_staff)]
    assert "待整理的审议意见" in titles
    services.opinion_submit(actor=w.office_staff, opinion=opinion, text="审议意见正文足够长的文字内容。")
    assert "待签发的审议意见" in [str(t.title) for t in todos_for(w.leader)]
    services.opinion_approve(actor=w.leader, opinion=Opinion.objects.get(pk=opinion.pk))
    services.opinion_assign(actor=w.office_staff, opinion=Opinion.objects.get(pk=opinion.pk))
    inbox = inbox_for(w.body_clerk)
    assert inbox.total == 1 and inbox.counts.get("to_sign") == 1
    report(w, opinion)
    assert "待委员会提出意见的办理情况报告" in [str(t.title) for t in todos_for(w.office_staff)]


def test_list_query_count_is_constant(w, django_assert_max_num_queries):
    for i in range(6):
        make_opinion(w, title=f"县交通运输局关于第{i}项工作情况的报告")
    c = login(w.leader)
    c.get("/oversight/opinions/")
    with django_assert_max_num_queries(25):
        assert c.get("/oversight/opinions/").status_code == 200


@pytest.mark.parametrize("who", ["leader", "office_staff", "finance_staff", "body_clerk", "deputy", "keeper"])
def test_page_and_api_twin_agree(w, who):
    users = {**vars(w), "deputy": w.county.users["deputy"], "keeper": w.county.users["station_keeper"]}
    user = users[who]
    page = login(user).get("/oversight/opinions/").status_code
    api = token_client(user).get("/api/v1/oversight/opinions").status_code
    assert (page == 200) == (api == 200) and {page, api} <= {200, 403}
    assert (page == 200) == (who not in ("deputy", "keeper"))
