"""The pages: one full flow through the test client, permissions per role, bad input, lists."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.cases import services as engine
from renda.suggestions import services
from renda.suggestions.models import CoSignature, Suggestion
from tests.samples import PDF

from .conftest import client_for, lead_assignment, reply


def _detail(s):
    return reverse("cases:detail", args=[s.case_id])


def _act(s, action):
    return reverse("cases:act", args=[s.case_id, action])


def test_full_flow_through_the_pages(w):
    deputy = client_for(w.deputy)
    r = deputy.get(reverse("suggestions:create"))
    assert r.status_code == 200 and "保存草稿" in r.content.decode()
    pdf = SimpleUploadedFile("现场照片.pdf", PDF, content_type="application/pdf")
    r = deputy.post(
        reverse("suggestions:create"),
        {
            "title": "关于改善城关小学周边交通的建议",
            "type": "suggestion",
            "body": "放学时段拥堵,建议增设协管员和减速带。",
            "session": w.session.pk,
            "attachment": pdf,
        },
    )
    assert r.status_code == 302
    s = Suggestion.objects.get()
    assert s.case.attachments.count() == 1
    r = deputy.post(_act(s, "invite"), {"mandates": [w.mandates[1].pk, w.mandates[2].pk]})
    assert r.status_code == 302
    for user in w.deputies[1:3]:
        c = client_for(user)
        page = c.get(reverse("suggestions:invitations")).content.decode()
        assert "确认附议" in page
        sig = CoSignature.objects.get(user=user)
        assert c.post(reverse("suggestions:invitation_answer", args=[sig.pk, "confirm"])).status_code == 302
    assert deputy.post(_act(s, "submit")).status_code == 302
    assert deputy.post(_act(s, "submit")).status_code == 302  # double click: still one submission
    s.refresh_from_db()
    assert s.case.state == "submitted" and s.versions.count() == 1

    staff = client_for(w.staff)
    assert s.case.title in staff.get(reverse("suggestions:review_queue")).content.decode()
    assert 'data-action="review"' in staff.get(_detail(s)).content.decode()
    assert "审查结果" in staff.get(_act(s, "review")).content.decode()
    assert staff.post(_act(s, "review"), {"outcome": "accept"}).status_code == 302
    r = staff.post(_act(s, "assign"), {"lead": w.unit_a.pk, "co_handlers": [w.unit_b.pk]})
    assert r.status_code == 302
    s.case.refresh_from_db()
    assert s.case.state == "assigned"

    unit_b = client_for(w.clerk_b)
    co = s.case.assignments.get(role="co_handler")
    assert unit_b.post(_act(s, "sign"), {"assignment": co.pk}).status_code == 302
    r = unit_b.post(_act(s, "opinion"), {"assignment": co.pk, "opinion": "同意在路口施划减速带。"})
    assert r.status_code == 302

    unit_a = client_for(w.clerk_a)
    lead = lead_assignment(s)
    todo = unit_a.get(reverse("suggestions:unit_todo"), follow=True).content.decode()
    assert "待签收" in todo and s.case.title in todo  # the inbox, filtered to suggestions
    assert unit_a.post(_act(s, "sign"), {"assignment": lead.pk}).status_code == 302
    unit_a.post(
        _act(s, "plan"),
        {"assignment": lead.pk, "text": "联合交警增设协管岗。", "responsible_person": "王科长"},
    )
    r = unit_a.post(
        _act(s, "contact"),
        {
            "assignment": lead.pk,
            "contacted_at": "2026-03-02T09:00",
            "mode": "face_to_face",
            "phase": "before",
            "unit_person": "王科长",
            "counterpart": "张代表",
            "summary": "当面听取代表意见。",
        },
    )
    assert r.status_code == 302
    r = unit_a.post(
        _act(s, "reply"),
        {
            "assignment": lead.pk,
            "classification": "B",
            "text": "已列入今年计划。",
            "signing_leader": "王局长",
        },
    )
    assert r.status_code == 302
    s.case.refresh_from_db()
    assert s.case.state == "replied"

    assert s.case.title in deputy.get(reverse("suggestions:to_rate"), follow=True).content.decode()
    assert 'data-action="rate"' in deputy.get(_detail(s)).content.decode()
    assert deputy.post(_act(s, "rate"), {"value": "dissatisfied", "comment": "尚未落实"}).status_code == 302
    s.case.refresh_from_db()
    assert s.case.state == "rehandling"
    # re-handling reopens the co-handler: the lead waits for its opinion of the new round again
    r = unit_b.post(_act(s, "opinion"), {"assignment": co.pk, "opinion": "同意增设协管员。"})
    assert r.status_code == 302
    unit_a.post(
        _act(s, "reply"),
        {
            "assignment": lead.pk,
            "classification": "A",
            "text": "协管员已到岗,减速带已施划。",
            "signing_leader": "王局长",
            "is_final": "1",
        },
    )
    assert deputy.post(_act(s, "rate"), {"value": "satisfied"}).status_code == 302
    s.case.refresh_from_db()
    assert s.case.state == "closed"

    assert staff.post(_act(s, "publish")).status_code == 302
    anon = Client()
    listing = anon.get(reverse("suggestions:public_list")).content.decode()
    assert s.case.title in listing
    page = anon.get(reverse("suggestions:public_detail", args=[s.pk])).content.decode()
    for text in (
        "张代表",
        "放学时段拥堵",
        "县教育局",
        "王局长",
        "测试县人大常委会",
        "联合交警增设协管岗",
        "协管员已到岗",
    ):
        assert text in page
    timeline = deputy.get(_detail(s)).content.decode()
    assert "满意度测评" in timeline and "交办" in timeline and ">case.rate<" not in timeline


def test_unit_cannot_see_another_units_suggestion(w, assigned):
    s = assigned()
    other = Suggestion.objects.get(pk=s.pk)
    engine.assignment_sign(actor=w.clerk_a, assignment=lead_assignment(s))
    outsider = client_for(w.clerk_b)
    assert outsider.get(_detail(other)).status_code == 200  # co-handler sees it
    s2 = assigned()
    s2.case.assignments.filter(role="co_handler").delete()
    assert outsider.get(_detail(s2)).status_code == 404
    assert outsider.post(_act(s2, "reply"), {"assignment": lead_assignment(s2).pk}).status_code == 404
    assert client_for(w.deputies[3]).get(_detail(s)).status_code == 404


def test_draft_is_private_and_public_pages_show_nothing_unpublished(w, draft, assigned):
    d = draft()
    assert client_for(w.staff).get(_detail(d)).status_code == 404
    s = assigned()
    reply(w, s)
    anon = Client()
    assert anon.get(reverse("suggestions:public_detail", args=[s.pk])).status_code == 404
    assert s.case.title not in anon.get(reverse("suggestions:public_list")).content.decode()


def test_bad_input_keeps_what_was_typed(w, assigned):
    s = assigned()
    unit_a = client_for(w.clerk_a)
    lead = lead_assignment(s)
    engine.assignment_sign(actor=w.clerk_a, assignment=lead)
    r = unit_a.post(
        _act(s, "reply"),
        {"assignment": lead.pk, "classification": "A", "text": "我们的答复原文", "signing_leader": "王局长"},
    )
    assert r.status_code == 400
    page = r.content.decode()
    assert "未沟通的,请说明理由" in page and "我们的答复原文" in page
    deputy = client_for(w.deputy)
    r = deputy.post(reverse("suggestions:create"), {"title": "只有标题", "type": "suggestion", "body": ""})
    assert r.status_code == 200 and "只有标题" in r.content.decode()
    exe = SimpleUploadedFile("x.exe", b"MZ....", content_type="application/octet-stream")
    r = deputy.post(_act(s, "attach"), {"file": exe})
    assert r.status_code == 400 and "只能上传PDF" in r.content.decode()


def test_rating_someone_elses_suggestion_is_refused(w, assigned):
    s = assigned()
    reply(w, s)
    r = client_for(w.deputies[1]).post(_act(s, "rate"), {"value": "satisfied"})
    assert r.status_code in (403, 404)
    s.case.refresh_from_db()
    assert s.case.state == "replied"


def test_staff_assign_deadline_before_today(w, submitted):
    s = submitted()
    services.suggestion_review(actor=w.staff, suggestion=s, outcome="accept")
    r = client_for(w.staff).post(_act(s, "assign"), {"lead": w.unit_a.pk, "deadline": "2026-01-01"})
    assert r.status_code == 400 and "办理期限不能早于今天" in r.content.decode()


def test_list_filters_export_and_query_count(w, assigned, submitted):
    for _ in range(3):
        assigned()
    submitted(title="关于农村饮水安全的建议")
    staff = client_for(w.staff)
    page = staff.get(reverse("suggestions:list"), {"q": "饮水"}).content.decode()
    assert "农村饮水" in page and "城关小学" not in page
    page = staff.get(reverse("suggestions:list"), {"state": "assigned", "unit": w.unit_a.pk}).content.decode()
    assert page.count("城关小学") == 3
    with CaptureQueriesContext(connection) as few:
        staff.get(reverse("suggestions:list"))
    for _ in range(5):
        assigned()
    with CaptureQueriesContext(connection) as more:
        staff.get(reverse("suggestions:list"))
    assert len(more) == len(few)
    r = staff.get(reverse("suggestions:export"))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_bulk_assignment_meeting(w, submitted):
    a, b = submitted(), submitted()
    for s in (a, b):
        services.suggestion_review(actor=w.staff, suggestion=s, outcome="accept")
    staff = client_for(w.staff)
    assert "批量交办" in staff.get(reverse("suggestions:assign_bulk")).content.decode()
    r = staff.post(
        reverse("suggestions:assign_bulk"),
        {f"pick-{a.pk}": "1", f"lead-{a.pk}": w.unit_a.pk, f"pick-{b.pk}": "1", f"lead-{b.pk}": w.unit_b.pk,
         f"co-{b.pk}": [w.unit_a.pk]},
    )  # fmt: skip
    assert r.status_code == 302
    assert sorted(Suggestion.objects.values_list("case__state", flat=True)) == ["assigned", "assigned"]


def test_leader_key_list_and_supervision(w, assigned):
    s = assigned()
    engine.case_mark_key(actor=w.staff, case=s.case, supervising_leader=w.leader)
    leader = client_for(w.leader)
    assert s.case.title in leader.get(reverse("suggestions:key_list")).content.decode()
    r = leader.post(_act(s, "supervise"), {"mode": "on_site", "notes": "现场督办"})
    assert r.status_code == 302 and s.case.supervisions.count() == 1


@pytest.mark.parametrize("name", ["list", "create", "invitations", "to_rate", "review_queue", "unit_todo"])
def test_pages_need_login(w, name):
    r = Client().get(reverse(f"suggestions:{name}"))
    assert r.status_code == 302


def test_reply_letter_for_each_deputy_including_merged(w, submitted):
    main = submitted()
    dup = submitted(author=w.deputies[1])
    services.suggestion_review(actor=w.staff, suggestion=main, outcome="accept")
    services.suggestion_review(actor=w.staff, suggestion=dup, outcome="merge", merge_into=main)
    engine.case_assign(actor=w.staff, case=main.case, lead=w.unit_a)
    r = reply(w, main)
    page = (
        client_for(w.deputy).get(reverse("suggestions:reply_letters", args=[main.pk, r.pk])).content.decode()
    )
    assert page.count("答复函") >= 2 and "张代表代表" in page and "李代表代表" in page
    # the merged deputy reads the reply on their own suggestion's page
    assert "已增设协管员" in client_for(w.deputies[1]).get(_detail(dup)).content.decode()
