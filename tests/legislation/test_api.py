"""The API twin: the same rows and refusals as the pages; the public endpoints need no sign-in."""

from __future__ import annotations

import pytest
from django.test import Client

from renda.api.services import api_token_create
from renda.legislation import services

from .conftest import DRAFT2, deliberated_project, make_meeting, make_project

pytestmark = pytest.mark.clock("2026-11-24 08:30")


def api(user) -> Client:
    secret = api_token_create(actor=user, name="测试")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_projects_compare_steps_and_remarks(lw):
    p = deliberated_project(lw)
    v2 = services.version_add(actor=lw.env, project=p, label="一审稿", text=DRAFT2)
    other = make_project(lw, title="示例县民族团结进步促进条例")
    c = api(lw.legal)
    r = c.get("/api/v1/legislation/projects?state=under_deliberation")
    assert r.status_code == 200 and [x["id"] for x in r.json()["results"]] == [p.pk]
    assert c.get("/api/v1/legislation/projects?state=bogus").status_code == 400
    detail = c.get(f"/api/v1/legislation/projects/{p.pk}").json()
    assert [v["label"] for v in detail["versions"]] == ["征求意见稿", "一审稿"]
    v1 = detail["versions"][0]["id"]
    changes = c.get(f"/api/v1/legislation/projects/{p.pk}/compare?a={v1}&b={v2.pk}").json()
    assert {x["number"]: x["kind"] for x in changes}[6] == "added"
    r = c.post(
        f"/api/v1/legislation/projects/{other.pk}/study", {"note": "必要"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["state"] == "under_study"
    r = c.post(f"/api/v1/legislation/projects/{other.pk}/study", {}, content_type="application/json")
    assert r.status_code == 409
    # a member of the meeting remarks through the API; an outsider cannot see the project
    meeting = make_meeting(lw)
    reading = services.reading_schedule(actor=lw.env, project=p, meeting=meeting, ordinal=1)
    m = api(lw.sc[1])
    r = m.post(f"/api/v1/legislation/readings/{reading.pk}/remarks", {"text": "建议修改。", "article": 3},
               content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["article_number"] == 3
    r = m.post(f"/api/v1/legislation/readings/{reading.pk}/remarks", {"text": "不存在的条", "article": 30},
               content_type="application/json")  # fmt: skip
    assert r.status_code == 400
    assert api(lw.outsider).get(f"/api/v1/legislation/projects/{p.pk}").status_code == 404
    assert api(lw.u["unit_clerk"]).get("/api/v1/legislation/projects").status_code == 403


def test_anonymous_is_refused(lw):
    assert Client().get("/api/v1/legislation/projects").status_code == 401
