"""敏感词筛查 in Chromium: staff publish a replied suggestion whose reply names a listed word; the
publish step holds it naming the word, and 仍然公开 publishes it; the 待复核 list fits a phone."""

from __future__ import annotations

import re

import pytest

from renda.analytics import screening
from renda.cases.models import Case
from tests.suggestions.conftest import assigned, draft, freeze, reply, submitted, w  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_see_the_words_and_confirm_publication(page, w, assigned):  # noqa: F811
    screening.word_add(actor=w.staff, congress=w.congress, word="协管员", category="other", note="演示")
    s = assigned(author=w.deputies[1])
    reply(w, s)  # "已增设协管员。"
    page.set_default_timeout(60000)  # a shared, busy machine
    page.goto("/login/")
    page.fill("input[name=username]", w.staff.username)
    page.fill("input[name=password]", "x")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))
    page.goto(f"/cases/{s.case_id}/")
    page.locator("#case-actions [data-action=publish]").click()
    panel = page.locator("#case-action")
    panel.wait_for()
    assert "公开内容含敏感词:协管员" in panel.inner_text()
    panel.get_by_role("button", name="提交").click()
    page.locator("#case-action .invalid-feedback").wait_for()
    assert "请修改或确认后再公开" in page.locator("#case-action").inner_text()
    assert not Case.objects.get(pk=s.case_id).is_public
    page.locator("#case-action input[name=confirm_sensitive]").check()
    page.locator("#case-action").get_by_role("button", name="提交").click()
    page.wait_for_url(re.compile(rf"/cases/{s.case_id}/$"))
    page.get_by_text("已公开。").first.wait_for()
    assert Case.objects.get(pk=s.case_id).is_public

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/search/screening/hits/?state=all")
    hit = page.locator(".renda-screening-hit").first
    hit.wait_for()
    assert "已确认公开" in hit.inner_text() and hit.locator("mark").first.inner_text() == "协管员"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.goto("/search/screening/words/")
    assert "协管员" in page.locator("#word-table").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
