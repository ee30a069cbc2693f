"""The pages and their API twins: same permission, the same forms, Chinese errors naming the field."""

from __future__ import annotations

import datetime as dt
import json

from django.test import Client

from renda.api.services import api_token_create
from renda.oversight import services_plans as svc
from renda.oversight.models.plans import Evaluation, Inspection, PlanState, SupervisionPlan

from .conftest import login
from .helpers import carry_out, make_inspection, make_plan

BASE = "/api/v1/oversight"


def api(user) -> Client:
    secret = api_token_create(actor=user, name="测试")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_plan_pages_for_staff_and_leaders_only(w):
    plan = make_plan(w)
    staff = login(w.staff)
    r = staff.get("/oversight/plans/")
    assert r.status_code == 200 and plan.title in r.content.decode()
    r = staff.get(f"/oversight/plans/{plan.pk}/")
    body = r.content.decode()
    assert r.status_code == 200 and "执行进度" in body and "检查《中华人民共和国义务教育法》实施情况" in body
    assert "主任会议通过" in body  # the staff's step
    leader_page = login(w.leader).get(f"/oversight/plans/{plan.pk}/").content.decode()
    assert 'name="adopted_on"' not in leader_page  # leaders read, staff write
    assert login(w.clerk).get("/oversight/plans/").status_code == 403
    assert login(w.sibling_staff).get(f"/oversight/plans/{plan.pk}/").status_code == 404
    assert login(w.world.city_staff).get(f"/oversight/plans/{plan.pk}/").status_code == 200  # the city reads


def test_create_with_bad_input_keeps_it_and_names_the_field(w):
    staff = login(w.staff)
    r = staff.post("/oversight/plans/new/", {"year": "20x6", "title": "我的计划"})
    body = r.content.decode()
    assert r.status_code == 400 and "年度须为四位数字。" in body and "我的计划" in body
    r = staff.post("/oversight/plans/new/", {"year": "2026", "title": "示例县人大常委会2026年度监督工作计划"})
    plan = SupervisionPlan.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/oversight/plans/{plan.pk}/")


def test_steps_on_the_page(w):
    plan = make_plan(w)
    staff = login(w.staff)
    r = staff.post(
        f"/oversight/plans/{plan.pk}/do/adopt/", {"adopted_on": "2026-02-20", "meeting": w.sc_meeting.pk}
    )
    assert r.status_code == 400 and "请从列表中选择主任会议。" in r.content.decode()
    r = staff.post(
        f"/oversight/plans/{plan.pk}/do/adopt/", {"adopted_on": "2026-02-20", "meeting": w.chair_meeting.pk}
    )
    assert r.status_code == 302
    r = staff.post(f"/oversight/plans/{plan.pk}/do/publish/", {})
    plan.refresh_from_db()
    assert plan.state == PlanState.PUBLISHED
    public = Client().get(f"/oversight/plans/public/{plan.pk}/?c={w.congress.pk}")
    assert public.status_code == 200 and "监督工作计划" in public.content.decode()
    assert Client().get(f"/oversight/plans/public/?c={w.congress.pk}").status_code == 200
    draft = make_plan(w, year=2027)
    assert Client().get(f"/oversight/plans/public/{draft.pk}/?c={w.congress.pk}").status_code == 404


def test_exports_and_word_summary(w):
    plan = make_plan(w)
    carry_out(w, make_inspection(w))
    staff = login(w.staff)
    for url in ("/oversight/plans/?export=xlsx", "/oversight/inspections/?export=xlsx",
                "/oversight/rectifications/?export=xlsx", "/oversight/evaluations/?export=xlsx"):  # fmt: skip
        r = staff.get(url)
        assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats"), url
    r = staff.get(f"/oversight/plans/{plan.pk}/summary.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "2026年度监督工作情况总结" in text and "义务教育法" in text


def test_inspection_page_flow_with_rectification(w):
    staff = login(w.staff)
    r = staff.post(
        "/oversight/inspections/new/",
        {"year": "2026", "law": "中华人民共和国食品安全法", "committee": w.legal_committee.pk},
    )
    inspection = Inspection.objects.get()
    assert r.status_code == 302
    staff.post(
        f"/oversight/inspections/{inspection.pk}/do/visit/",
        {"visited_on": "2026-03-02", "place": "县农贸市场"},
    )
    r = staff.post(f"/oversight/inspections/{inspection.pk}/do/rectification/",
                   {"title": "规范农贸市场快检", "body": "快检室未正常运行", "unit": w.education.pk, "deadline": "2026-01-01"})  # fmt: skip
    assert (
        r.status_code == 400
        and "整改期限不能早于今天。" in r.content.decode()
        and "规范农贸市场快检" in r.content.decode()
    )
    r = staff.post(f"/oversight/inspections/{inspection.pk}/do/rectification/",
                   {"title": "规范农贸市场快检", "body": "快检室未正常运行", "unit": w.education.pk, "deadline": "2026-06-30"})  # fmt: skip
    assert r.status_code == 302
    page = staff.get(f"/oversight/inspections/{inspection.pk}/").content.decode()
    assert "规范农贸市场快检" in page and "已交办待签收" in page
    rect = login(w.clerk).get("/oversight/rectifications/")
    assert rect.status_code == 200 and "规范农贸市场快检" in rect.content.decode()
    assert (
        "规范农贸市场快检" not in login(w.u["other_clerk"]).get("/oversight/rectifications/").content.decode()
    )


def test_member_scores_on_their_own_page(w):
    ev = svc.evaluation_create(
        actor=w.staff, congress=w.congress, year=2026, kind="department", department=w.education
    )
    svc.evaluation_self_report(actor=w.staff, evaluation=ev, text="自查报告")
    svc.evaluation_open_scoring(actor=w.staff, evaluation=ev, meeting_on=dt.date(2026, 3, 10))
    member = login(w.sc[0])
    page = member.get("/oversight/evaluations/mine/")
    assert page.status_code == 200 and "示例县教育局" in page.content.decode()
    r = member.post("/oversight/evaluations/mine/", {"evaluation": ev.pk, "score": "120"})
    assert r.status_code == 400 and "分数须在0到100之间。" in r.content.decode()
    r = member.post("/oversight/evaluations/mine/", {"evaluation": ev.pk, "score": "92"})
    assert r.status_code == 302 and ev.scores.get().score == 92
    assert "您已参加本次测评。" in member.get("/oversight/evaluations/mine/").content.decode()
    assert login(w.clerk).get("/oversight/evaluations/mine/").status_code == 403


def test_api_twins(w):
    plan = make_plan(w)
    client = api(w.staff)
    r = client.get(f"{BASE}/plans")
    assert r.status_code == 200 and r.json()["count"] == 1
    r = client.get(f"{BASE}/plans/{plan.pk}")
    assert r.status_code == 200 and r.json()["fields"]["标题"] == plan.title
    r = client.post(f"{BASE}/plans/{plan.pk}/do/adopt", json.dumps({"adopted_on": "2026-03-11", "meeting": w.chair_meeting.pk}),
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 400 and r.json()["fields"] == {"adopted_on": "通过日期不能晚于今天。"}
    r = client.post(f"{BASE}/plans/{plan.pk}/do/adopt", json.dumps({"adopted_on": "2026-02-20", "meeting": w.chair_meeting.pk}),
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 200
    assert api(w.clerk).get(f"{BASE}/plans").status_code == 403
    assert api(w.sibling_staff).get(f"{BASE}/plans/{plan.pk}").status_code == 404
    r = client.post(f"{BASE}/rectifications", json.dumps({"congress": w.congress.pk, "origin_kind": "opinion", "origin_id": 7,
                    "title": "落实审议意见", "body": "按审议意见整改", "unit": w.education.pk, "deadline": "2026-08-31"}),
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 200
    listed = api(w.clerk).get(f"{BASE}/rectifications").json()
    assert listed["count"] == 1 and listed["results"][0]["origin_kind"] == "opinion"
    ev = svc.evaluation_create(
        actor=w.staff, congress=w.congress, year=2026, kind="department", department=w.education
    )
    r = client.post(
        f"{BASE}/evaluations/{ev.pk}/do/self_report",
        json.dumps({"text": "自查"}),
        content_type="application/json",
    )
    assert r.status_code == 200
    client.post(
        f"{BASE}/evaluations/{ev.pk}/do/open_scoring",
        json.dumps({"meeting_on": "2026-03-10"}),
        content_type="application/json",
    )
    r = api(w.sc[0]).post(
        f"{BASE}/evaluations/{ev.pk}/score", json.dumps({"score": 101}), content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["message"] == "分数须在0到100之间。"
    r = api(w.sc[0]).post(
        f"{BASE}/evaluations/{ev.pk}/score", json.dumps({"score": 100}), content_type="application/json"
    )
    assert r.status_code == 200
    client.post(
        f"{BASE}/evaluations/{ev.pk}/do/close_scoring", json.dumps({}), content_type="application/json"
    )
    assert Evaluation.objects.get(pk=ev.pk).rank == 1
    r = client.get(f"{BASE}/evaluation-ranking?congress={w.congress.pk}&year=2026")
    assert r.json()[0]["department"] == "示例县教育局"


def test_filters_are_one_chain_for_page_export_and_api(w, django_assert_max_num_queries):
    make_plan(w)
    make_plan(w, year=2025)
    staff = login(w.staff)
    body = staff.get("/oversight/plans/?year=2025").content.decode()
    assert "2025年度监督工作计划" in body and "2026年度监督工作计划" not in body
    r = staff.get("/oversight/plans/?year=abcd")
    assert r.status_code == 200 and "年度须为四位数字。" in r.content.decode()
    assert api(w.staff).get(f"{BASE}/plans?state=adopted").json()["count"] == 0
    r = api(w.staff).get(f"{BASE}/plans?state=bogus")
    assert r.status_code == 400 and "状态" in r.json()["message"]
    for i in range(5):
        svc.rectification_create(actor=w.staff, congress=w.congress, origin_kind="inspection", origin_id=i,
                                 title=f"整改事项{i}", body="要求", unit=w.education, deadline=dt.date(2026, 9, 30))  # fmt: skip
    with django_assert_max_num_queries(30):
        r = staff.get("/oversight/rectifications/?origin=inspection")
    assert r.status_code == 200 and r.content.decode().count("整改事项") >= 5
    assert "整改事项0" not in staff.get("/oversight/rectifications/?q=整改事项4").content.decode()


def test_a_member_signs_a_motion_on_its_page(w):
    motion = svc.interpellation_create(actor=w.sc[0], congress=w.congress, subject="关于城区学校大班额问题的质询案",
                                       body=w.education, questions="原因是什么?")  # fmt: skip
    member = login(w.sc[1])
    page = member.get(f"/oversight/interpellations/{motion.pk}/").content.decode()
    assert "已联名1人,法定最少5人。" in page and "do/sign/" in page and "do/admit/" not in page
    assert member.post(f"/oversight/interpellations/{motion.pk}/do/sign/", {}).status_code == 302
    assert motion.signatures.count() == 2
    assert member.post(f"/oversight/interpellations/{motion.pk}/do/admit/", {}).status_code == 404
    assert login(w.sc[1]).get("/oversight/plans/").status_code == 403
    assert (
        login(w.world.sibling.users["deputy"]).get(f"/oversight/interpellations/{motion.pk}/").status_code
        == 404
    )
