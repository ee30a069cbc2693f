# ruff: noqa: F811  (the fixtures of tests/suggestions/conftest.py, imported by name)
"""The inbox in Chromium, on a desktop and on a phone: the menu entry, the tabs with their counts,
search, pagination, and nothing wider than the screen."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.cases.test_inbox import opinion_assigned
from tests.suggestions.conftest import assigned, draft, freeze, submitted, w  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, username):
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "x")
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def _errors(page):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def test_inbox_on_desktop_and_phone(page, phone_page, w, assigned):
    for i in range(21):
        assigned(title=f"关于城关镇第{i + 1}号路段修缮的建议")
    opinion_assigned(w, w.unit_a, title="人民路北段路灯不亮")
    page.set_default_timeout(60000)
    problems = _errors(page)
    _sign_in(page, "clerk_a")
    # the home page's count links into the inbox with its reason
    page.get_by_role("link", name=re.compile("待签收")).first.click()
    page.wait_for_url(re.compile(r"/cases/inbox/\?reason=to_sign"))
    tabs = page.locator(".renda-inbox-tabs")
    assert "待签收 22" in tabs.inner_text()
    assert page.locator(".renda-inbox-entry").count() == 20  # one page of twenty
    page.get_by_role("link", name="下一页").click()
    expect(page.locator(".renda-inbox-entry")).to_have_count(2)
    page.fill("input[name=q]", "路灯")
    page.get_by_role("button", name="查询").click()
    entries = page.locator(".renda-inbox-entry")
    expect(entries).to_have_count(1)
    assert "社情民意" in entries.first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    # a suggestion's entry opens the engine's case page, with only the steps open to the clerk now
    page.goto("/cases/inbox/?q=第1号路段")
    page.locator(".renda-inbox-entry a").first.click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    shown = {b.get_attribute("data-action") for b in page.locator("#case-actions [data-action]").all()}
    assert "sign" in shown and not shown & {"assign", "rate", "supervise", "review", "publish", "reply"}, (
        shown
    )
    shots = settings.BASE_DIR / "test-results" / "inbox"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "desktop.png"))
    assert not problems, problems

    phone_page.set_default_timeout(60000)
    phone_problems = _errors(phone_page)
    _sign_in(phone_page, "clerk_a")
    phone_page.goto("/cases/inbox/")
    assert phone_page.locator(".renda-inbox-entry").count() == 20
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    phone_page.screenshot(path=str(shots / "phone.png"))
    phone_page.goto("/cases/inbox/?deadline=overdue")
    assert "没有符合条件的待办事项" in phone_page.content()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not phone_problems, phone_problems
