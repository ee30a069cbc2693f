# ruff: noqa: F811  (the fixture of tests/tasks/test_tasks.py, imported by name)
"""A notice decomposed into tasks in Chromium: the staff paste the notice and confirm its tasks; the
lead unit and a cooperating unit sign and report; the lead reports completion; the staff verify it
(销号); the summary is exported and read back; the notice's page fits a phone."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document

from tests.factories import PASSWORD
from tests.tasks.test_tasks import TEXT, w  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def _step(page, action: str, fill: dict[str, str] | None = None, check: str | None = None):
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#case-actions [data-action='{action}']").first.click()
    form = page.locator(f"#case-action[data-action='{action}'] form")
    if fill is None and check is None:  # a step without a form: the button itself posts
        page.wait_for_load_state("networkidle")
    else:
        form.wait_for()
        for name, value in (fill or {}).items():
            field = form.locator(f"[name={name}]")
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(value)
            else:
                field.fill(value)
        if check:
            form.get_by_label(check).check()
        with page.expect_navigation():
            form.locator("button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert "alert-danger" not in page.content(), page.inner_text("main")[:1500]


def test_a_notice_from_text_to_verified_task(page, phone_page, w):
    page.set_default_timeout(60000)
    _sign_in(page, w.staff.username)
    page.goto("/tasks/")
    page.get_by_role("link", name="登记通知").click()
    page.fill("input[name=title]", "关于分解落实重点任务的通知")
    page.fill("input[name=issuer]", "中共示例县委办公室")
    page.fill("input[name=issued_on]", "2026-03-03")
    page.fill("textarea[name=text]", TEXT)
    page.get_by_role("button", name="预览识别结果").click()
    assert "识别出 2 项任务" in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("button", name="确认登记并交办").click()
    assert "分解任务 2 项" in page.inner_text("main")
    notice_url = page.url
    page.get_by_role("link", name="健全完善党的领导体制").click()
    case_url = page.url
    # the cooperating unit (县教育局) signs, reports progress and sends its opinion
    _sign_in(page, w.clerk.username)
    page.goto(case_url)
    _step(page, "sign")
    _step(page, "progress", {"text": "已提供教育系统落实材料。", "percent_done": "50"})
    _step(page, "opinion", {"opinion": "同意牵头单位的落实方案。"})
    # the congress office (a cooperating unit too) through its staff
    _sign_in(page, w.staff.username)
    page.goto(case_url)
    _step(page, "sign")
    _step(page, "opinion", {"opinion": "已纳入常委会年度工作要点。"})
    # the lead unit reports completion for all
    _sign_in(page, w.party_clerk.username)
    page.goto(case_url)
    _step(page, "sign")
    _step(page, "progress", {"text": "已列入县委常委会议题。", "percent_done": "80"})
    _step(
        page,
        "reply",
        {"classification": "A", "text": "县委常委会已专题听取人大工作汇报。", "signing_leader": "县委办主任"},
    )
    assert "待核验销号" in page.inner_text("main")
    # the responsible staff member verifies: 销号
    _sign_in(page, w.staff.username)
    page.goto(case_url)
    _step(page, "rate", {"comment": "会议纪要齐全。"}, check="核验通过")
    assert "已销号" in page.inner_text("main")
    page.goto(notice_url)
    assert "1/2" in page.inner_text("#progress-figure")
    with page.expect_download() as got:
        page.locator("#summary-link").click()
    doc = Document(io.BytesIO(open(got.value.path(), "rb").read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "已核验销号1项" in text and "县委常委会已专题听取人大工作汇报" in text
    # the notice's page on a phone: nothing wider than the screen
    _sign_in(phone_page, w.staff.username)
    phone_page.goto(notice_url)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
