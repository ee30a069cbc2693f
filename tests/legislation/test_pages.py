"""The pages: every staff page renders for the people who may see it, the steps through POST, and the
portal's pages for an anonymous visitor."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from renda.legislation import services
from renda.legislation.choices import ProjectState

from .conftest import DRAFT2, deliberated_project, login, make_meeting, make_project

pytestmark = pytest.mark.clock("2026-11-24 08:30")


def test_staff_pages_render(lw):
    p = deliberated_project(lw)
    services.version_add(actor=lw.env, project=p, label="一审稿", text=DRAFT2)
    meeting = make_meeting(lw)
    reading = services.reading_schedule(actor=lw.env, project=p, meeting=meeting, ordinal=1)
    period = services.period_open(
        actor=lw.env, project=p, version=p.versions.first(), opens_on="2026-11-20", closes_on="2026-12-20"
    )
    c = login(lw.legal)
    v1, v2 = p.versions.order_by("number")
    for url in [
        reverse("legislation:projects"),
        reverse("legislation:projects") + "?q=人居&state=under_deliberation",
        reverse("legislation:project_create"),
        reverse("legislation:project", args=[p.pk]),
        reverse("legislation:compare", args=[p.pk]) + f"?a={v1.pk}&b={v2.pk}",
        reverse("legislation:version", args=[v1.pk]),
        reverse("legislation:reading", args=[reading.pk]),
        reverse("legislation:plans"),
        reverse("legislation:plan", args=[lw.plan.pk]),
        reverse("legislation:periods"),
        reverse("legislation:period", args=[period.pk]),
        reverse("meetings:detail", args=[meeting.pk]),
    ]:
        r = c.get(url)
        assert r.status_code == 200, url
    r = c.get(reverse("legislation:compare", args=[p.pk]) + f"?a={v1.pk}&b={v2.pk}")
    body = r.content.decode()
    assert "<ins>和民族特点</ins>" in body and "新增" in body
    r = c.get(reverse("legislation:version", args=[v1.pk]) + "?format=docx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    r = c.get(reverse("legislation:period", args=[period.pk]) + "?format=docx")
    assert r.status_code == 200
    r = c.get(reverse("legislation:period", args=[period.pk]) + "?export=xlsx")
    assert r.status_code == 200
    r = c.get(reverse("legislation:projects") + "?export=xlsx")
    assert r.status_code == 200


def test_steps_through_the_page(lw):
    c = login(lw.legal)
    r = c.post(reverse("legislation:project_create"), {"title": "", "source": "deputy", "proposer_name": "张代表",
                                                        "reason": "理由充分,需要立法。"})  # fmt: skip
    assert (
        r.status_code == 400 and "请填写项目名称" in r.content.decode() and "理由充分" in r.content.decode()
    )
    r = c.post(reverse("legislation:project_create"), {"title": "示例县草原保护条例", "source": "deputy",
                                                        "proposer_name": "张代表", "reason": "理由充分,需要立法。"})  # fmt: skip
    assert r.status_code == 302
    p = lw.congress.legislative_projects.get(title="示例县草原保护条例")
    assert (
        c.post(reverse("legislation:project_act", args=[p.pk, "study"]), {"note": "必要"}).status_code == 302
    )
    r = c.post(reverse("legislation:project_act", args=[p.pk, "include"]), {"plan": lw.plan.pk, "category": "formal",
               "drafting_body": "", "responsible_committee": lw.env_committee.pk, "target_readings": 2})  # fmt: skip
    assert r.status_code == 400 and "请填写起草单位" in r.content.decode()
    r = c.post(reverse("legislation:project_act", args=[p.pk, "include"]), {"plan": lw.plan.pk, "category": "formal",
               "drafting_body": "县林草局", "responsible_committee": lw.env_committee.pk, "target_readings": 2})  # fmt: skip
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.state == ProjectState.IN_PLAN and p.target_readings == 2


def test_a_deputy_reads_only_drafts_of_their_meeting(lw):
    p = deliberated_project(lw)
    other = make_project(lw, title="示例县另一条例")
    meeting = make_meeting(lw)
    reading = services.reading_schedule(actor=lw.env, project=p, meeting=meeting, ordinal=1)
    c = login(lw.sc[0])
    assert c.get(reverse("legislation:reading", args=[reading.pk])).status_code == 200
    assert c.get(reverse("legislation:project", args=[other.pk])).status_code == 404
    r = c.post(
        reverse("legislation:reading_act", args=[reading.pk, "remark"]), {"article": 3, "text": "建议细化。"}
    )
    assert r.status_code == 302 and reading.remarks.get().article_number == 3
    outsider = login(lw.outsider)
    assert outsider.get(reverse("legislation:reading", args=[reading.pk])).status_code == 404


def test_portal_pages(lw):
    p = deliberated_project(lw)
    period = services.period_open(
        actor=lw.env, project=p, version=p.versions.first(), opens_on="2026-11-20", closes_on="2026-12-20"
    )
    anon = Client()
    for name, args in [("public_home", []), ("public_propose", []), ("public_regulations", []),
                       ("public_draft", [period.pk])]:  # fmt: skip
        assert anon.get(reverse(f"legislation:{name}", args=args)).status_code == 200, name
    assert "立法公开" in anon.get(reverse("portal:home")).content.decode()
    # the staff pages are not for the public
    assert anon.get(reverse("legislation:project", args=[p.pk])).status_code == 302
    # the proposer's contact is never on a public page
    services.project_propose_public(congress=lw.congress, title="示例县古树保护条例", proposer_name="王大爷",
                                    reason="建议立法保护古树名木。", proposer_contact="13911112222")  # fmt: skip
    assert "13911112222" not in anon.get(reverse("legislation:public_home")).content.decode()


def test_registry_and_participation_pages(lw):
    p = deliberated_project(lw)
    period = services.period_open(
        actor=lw.env, project=p, version=p.versions.first(), opens_on="2026-11-20", closes_on="2026-12-20"
    )
    c = login(lw.legal)
    url = reverse("legislation:registry")
    assert c.get(url).status_code == 200
    r = c.post(reverse("legislation:registry_act", args=["point"]), {"name": "", "host": "东街社区"})
    assert r.status_code == 400 and "请填写名称" in r.content.decode() and "东街社区" in r.content.decode()
    assert c.post(reverse("legislation:registry_act", args=["point"]),
                  {"name": "东街社区联系点", "host": "东街社区居委会"}).status_code == 302  # fmt: skip
    r = c.post(reverse("legislation:registry_act", args=["expert"]), {
        "name": "钱教授", "field": "环境法", "affiliation": "示例大学", "term_start": "2025-01-01",
        "term_end": "2027-12-31", "phone": "13500001234"})  # fmt: skip
    assert r.status_code == 302
    body = c.get(url).content.decode()
    assert "东街社区联系点" in body and "13500001234" in body
    # a leader reads the registry but not the experts' contact
    assert "13500001234" not in login(lw.leader).get(url).content.decode()
    assert c.get(url + "?export=xlsx").status_code == 200
    # solicit the contact point and record its return, article by article
    from renda.legislation.models import Comment, ContactPoint

    point = ContactPoint.objects.get()
    r = c.post(reverse("legislation:period_act", args=[period.pk, "solicit"]),
               {"kind": "contact_point", "point": point.pk, "due_on": "2026-12-10"})  # fmt: skip
    assert r.status_code == 302
    sol = period.solicitations.get()
    r = c.post(reverse("legislation:period_solicitation_act", args=[period.pk, sol.pk, "return"]),
               {"opinions": "第三条:建议写明村民委员会的协助职责。\n总体赞成制定本条例。"})  # fmt: skip
    assert r.status_code == 302
    assert sorted((x.article_number or 0) for x in Comment.objects.filter(source="contact_point")) == [0, 3]
    # a consultation with an expert's written opinion and fee
    r = c.post(reverse("legislation:project_act", args=[p.pk, "consultation"]), {
        "kind": "expert_meeting", "subject": "处罚条款论证会", "held_on": "2026-11-22", "place": "常委会会议室"})  # fmt: skip
    assert r.status_code == 302
    from renda.legislation.models import Expert

    r = c.post(reverse("legislation:project_act", args=[p.pk, "expert_opinion"]), {
        "consultation": p.consultations.get().pk, "expert": Expert.objects.get().pk,
        "text": "罚款幅度应当与上位法相衔接。", "fee": "800"})  # fmt: skip
    assert r.status_code == 302
    assert "罚款幅度" in c.get(reverse("legislation:project", args=[p.pk])).content.decode()


def test_todos(lw):
    from renda.legislation.todo import member_todos, staff_todos

    p = deliberated_project(lw)
    make_project(lw, title="示例县待论证条例")
    assert [t.count for t in staff_todos(lw.legal)] == [1]
    assert staff_todos(lw.staff) == [] and member_todos(lw.sc[0]) == []
    services.reading_schedule(actor=lw.env, project=p, meeting=make_meeting(lw), ordinal=1)
    (item,) = member_todos(lw.sc[0])
    assert "/legislation/readings/" in item.url
    assert login(lw.sc[0]).get("/").status_code == 200


def test_body_of_law_search_and_history_on_the_portal(lw):
    r = services.regulation_register(
        actor=lw.legal, congress=lw.congress, title="示例县水资源保护条例",
        text="第一条 为了合理开发、利用、节约和保护水资源,制定本条例。\n第二条 本条例自2018年3月1日起施行。",
        drafting_body="县水务局", passed_on="2017-08-30", approved_on="2017-11-24", approving_body="示例省人大常委会",
        effective_on="2018-03-01",
    )  # fmt: skip
    services.project_amend(
        actor=lw.legal, project=r, amended_on="2023-06-29", note="根据长江保护法修改第二条"
    )
    anon = Client()
    url = reverse("legislation:public_regulations")
    assert "示例县水资源保护条例" in anon.get(url, {"q": "节约和保护"}).content.decode()  # by text
    assert "示例县水资源保护条例" in anon.get(url, {"q": "水资源"}).content.decode()  # by title
    assert "示例县水资源保护条例" not in anon.get(url, {"q": "草原"}).content.decode()
    body = anon.get(reverse("legislation:public_regulation", args=[r.pk])).content.decode()
    assert "现行有效" in body and "根据长江保护法修改第二条" in body and "报请示例省人大常委会批准" in body
    services.project_repeal(actor=lw.legal, project=r, repealed_on="2026-11-24", note="已被新条例取代")
    assert "已废止" in anon.get(reverse("legislation:public_regulation", args=[r.pk])).content.decode()
    home = anon.get(reverse("legislation:public_home")).content.decode()
    assert "示例县水资源保护条例" not in home  # the home lists the regulations in force only
