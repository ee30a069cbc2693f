"""相似建议 in Chromium: a deputy types a title on the draft form and sees last year's similar
suggestion with the unit's answer, and opens it."""

from __future__ import annotations

import re

import pytest

from renda.analytics import segment
from renda.analytics.index import rebuild_all
from renda.cases.models import Case
from renda.suggestions import services
from tests.suggestions.conftest import assigned, draft, freeze, reply, submitted, w  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

ROAD = "关于加强农村公路养护的建议"


@pytest.fixture
def answered(w, assigned, draft):  # noqa: F811
    for title in (
        "关于延长县图书馆开放时间的建议",
        "关于改善城区自来水水质的建议",
        "关于规范农贸市场管理的建议",
    ):
        draft(author=w.deputies[4], title=title)
    s = assigned(author=w.deputies[1], title=ROAD)
    reply(w, s)
    services.suggestion_publish(actor=w.staff, suggestion=s)
    Case.objects.filter(pk=s.case_id).update(year=2025, number="2025-090")
    segment.reset()
    rebuild_all()
    return s


def test_a_deputy_types_a_title_and_sees_the_past_suggestion_with_its_answer(page, w, answered):  # noqa: F811
    page.set_default_timeout(60000)  # a shared, busy machine: the first pages compile their templates
    page.goto("/login/")
    page.fill("input[name=username]", w.deputy.username)
    page.fill("input[name=password]", "x")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto("/suggestions/new/")
    page.fill("input[name=title]", "")
    page.locator("input[name=title]").press_sequentially("农村公路养护经费不足", delay=30)
    hit = page.locator("#similar-suggestions .similar-hit").first
    hit.wait_for(timeout=60000)
    assert ROAD in hit.inner_text()
    assert "已增设协管员。" in hit.locator(".similar-reply").inner_text()
    assert "县教育局" in hit.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    hit.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/suggestions/public/{answered.pk}/$"))
    assert ROAD in page.content()
