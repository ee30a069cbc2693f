"""答复类别 as units write them (甲类, A类, 已解决 …) are read into A–D by one normaliser: the reply service,
the API schema and the list filter all accept them, and anything else gets the list of accepted forms."""

from __future__ import annotations

import pytest

from renda.cases import services as engine
from renda.cases.choices import ReplyClass
from renda.cases.reply_classes import normalize_reply_class, parse_reply_class
from renda.core.errors import ValidationFailed

from .conftest import co_handlers_give_opinions, lead_assignment
from .test_api import api, call  # noqa: F401 - the fixture

WRITTEN = {
    "A": ["A", "a", " A ", "Ａ", "A类", "A類", "甲", "甲类", "已解决", "已采纳", "已解决或采纳", "A类(已解决)",
          "A 已解决或采纳", "a类"],
    "B": ["B", "B类", "乙类", "正在解决", "列入计划解决", "已列入计划解决", "正在解决或列入计划", "B类:正在解决"],
    "C": ["C", "C类", "丙类", "因条件限制或其他原因无法解决", "因条件限制暂不能解决", "暂不能解决"],
    "D": ["D", "丁类", "留作参考", "D类 留作参考"],
}  # fmt: skip


@pytest.mark.parametrize(("letter", "form"), [(k, v) for k, vs in WRITTEN.items() for v in vs])
def test_written_forms_read_as_their_letter(letter, form):
    assert normalize_reply_class(form) == letter


@pytest.mark.parametrize("form", ["E", "戊类", "满意", "B类(已解决)", "AB", "甲乙", "123"])
def test_other_text_is_refused_with_the_accepted_forms(form):
    assert parse_reply_class(form) is None
    with pytest.raises(ValidationFailed) as caught:
        normalize_reply_class(form)
    message = caught.value.message
    assert form.strip() in message
    for shown in (
        "甲类",
        "乙类",
        "丙类",
        "丁类",
        "已解决",
        "列入计划解决",
        "因条件限制或其他原因无法解决",
        "留作参考",
    ):
        assert shown in message
    assert caught.value.fields == {"classification": message}


def test_blank_asks_for_a_class():
    with pytest.raises(ValidationFailed) as caught:
        normalize_reply_class("  ")
    assert caught.value.message.startswith("请填写答复类别")


def test_the_reply_service_stores_the_letter(w, assigned):
    s = assigned()
    a = lead_assignment(s)
    engine.assignment_sign(actor=w.clerk_a, assignment=a)
    a.refresh_from_db()
    co_handlers_give_opinions(s.case, {w.unit_b.pk: w.clerk_b})
    r = engine.reply_submit(
        actor=w.clerk_a, assignment=a, classification="乙类", text="已列入明年计划。", signing_leader="王局长",
        reason_without_contact="代表外出,电话未接通。",
    )  # fmt: skip
    assert r.classification == ReplyClass.B
    s.case.refresh_from_db()
    assert s.case.first_reply_class == "B"
    assert r.is_final is False  # a B reply keeps the case under follow-up, as with the letter


def cases_api_client():
    import copy

    from ninja import NinjaAPI
    from ninja.testing import TestClient

    from renda.api.errors import install_exception_handlers
    from renda.cases import api as cases_api

    router = copy.deepcopy(cases_api.router) if getattr(cases_api.router, "api", None) else cases_api.router
    test_api = NinjaAPI(
        urls_namespace="cases-reply-classes", auth=lambda r: r.user if r.user.is_authenticated else None
    )
    install_exception_handlers(test_api)
    test_api.add_router("/cases", router)
    return TestClient(test_api)


def test_the_api_accepts_written_forms_and_explains_the_rest(w, api, assigned):  # noqa: F811
    s = assigned()
    a = lead_assignment(s)
    engine.assignment_sign(actor=w.clerk_a, assignment=a)
    co_handlers_give_opinions(s.case, {w.unit_b.pk: w.clerk_b})
    # the reply is the engine's step (/api/v1/cases/{id}/reply), the list the suggestions API
    steps = cases_api_client()
    payload = {
        "assignment": a.pk,
        "text": "已整改到位。",
        "signing_leader": "王局长",
        "reason_without_contact": "代表外出学习。",
    }
    path = f"/cases/{s.case_id}/reply"
    bad = steps.post(path, json={**payload, "classification": "戊类"}, user=w.clerk_a)
    assert bad.status_code == 400
    body = bad.json()
    assert body["code"] == "invalid"
    assert "答复类别“戊类”无法识别" in body["fields"]["classification"]
    assert "甲类" in body["fields"]["classification"]
    ok = steps.post(path, json={**payload, "classification": "甲类"}, user=w.clerk_a)
    assert ok.status_code == 200, ok.json()
    s.case.refresh_from_db()
    assert s.case.latest_reply_class == "A"
    listed = call(api, w.staff, "get", "?reply_class=已解决").json()
    assert [row["id"] for row in listed["results"]] == [s.pk]
    assert call(api, w.staff, "get", "?reply_class=乙类").json()["count"] == 0
    assert call(api, w.staff, "get", "?reply_class=戊类").status_code == 400
