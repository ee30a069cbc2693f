"""A visitor reaches a deputy by QR code, the keeper routes the opinion, the unit answers, the visitor
reads the answer and rates it; the station's reception day is on its public page."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command

from renda.demo.accounts import ACCOUNTS, STATION_OF_KEEPER
from renda.demo.liaison import load_liaison_demo
from renda.deputies.models import DeputyMandate
from renda.liaison.captcha import SESSION_KEY
from renda.liaison.models import ConstituentOpinion
from tests.browser.test_foundation import sign_in
from tests.browser.test_suggestions_flow import open_step, press, submit

pytestmark = pytest.mark.django_db(transaction=True)


def _captcha_answer(page) -> str:
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    return str(SessionStore(session_key=cookie["value"])[SESSION_KEY]["answer"])


def test_opinion_from_qr_to_rating(page):
    call_command("load_demo", verbosity=0)
    load_liaison_demo()
    accounts = {a.username: a for a in ACCOUNTS}
    mandate = (
        DeputyMandate.objects.active()
        .filter(station__name=STATION_OF_KEEPER)
        .select_related("deputy", "station")
        .order_by("deputy__full_name")
        .first()
    )

    # The visitor scans the deputy's QR code (the poster links to the form).
    page.goto(f"/liaison/qr/deputy/{mandate.deputy.pk}/poster/")
    target = page.inner_text(".liaison-poster")
    assert f"/liaison/opinion/qr/deputy/{mandate.deputy.pk}/" in target
    page.goto(f"/liaison/opinion/qr/deputy/{mandate.deputy.pk}/")
    assert mandate.deputy.full_name in page.inner_text("main")
    page.select_option("select[name=topic]", "交通出行")
    page.fill("input[name=title]", "人民路北段路灯不亮")
    page.fill("textarea[name=body]", "人民路北段十几盏路灯坏了两周,晚上出行很不安全。")
    page.fill("input[name=captcha]", _captcha_answer(page))
    page.get_by_role("button", name="提交意见").click()
    page.wait_for_selector("#tracking-number")
    number = page.inner_text("#tracking-number").strip()
    code = page.inner_text("#rating-code").strip()
    opinion = ConstituentOpinion.objects.get(tracking_number=number)
    assert opinion.channel == "deputy_qr" and opinion.deputy_id == mandate.deputy_id

    # The keeper opens it (the opinion's old address leads to the case page), accepts it and routes
    # it to the county education bureau: each step's button opens its form on the page.
    page.context.clear_cookies()
    sign_in(page, accounts["keeper"])
    page.goto(f"/liaison/opinions/{opinion.case_id}/")
    page.wait_for_url(re.compile(rf"/cases/{opinion.case_id}/$"))
    assert "人民路北段十几盏路灯坏了两周" in page.inner_text("#opinion-subject")
    assert opinion.tracking_number in page.inner_text("#opinion-contact")
    press(page, "accept_opinion")
    assert "已受理" in page.inner_text("#case-state")
    form = open_step(page, "assign")
    form.locator("select[name=lead]").select_option(label="县教育局")
    submit(page, form)
    assert "已转办" in page.inner_text("#case-state")

    # The unit signs for it and answers, on the same case page.
    page.context.clear_cookies()
    sign_in(page, accounts["unitclerk"])
    page.goto("/liaison/unit/")
    page.get_by_role("link", name="人民路北段路灯不亮").click()
    page.wait_for_url(re.compile(rf"/cases/{opinion.case_id}/$"))
    assert opinion.tracking_number not in page.inner_text("main")
    press(page, "sign")
    # The clerk drafts the answer; the bureau's head signs it off (签发) and it goes out.
    assert page.locator("#case-actions [data-action='reply']").count() == 0
    form = open_step(page, "draft_reply")
    form.locator("select[name=classification]").select_option("A")
    form.locator("textarea[name=text]").fill("已联系城管部门,路灯已于本周全部修复。")
    submit(page, form)
    page.context.clear_cookies()
    sign_in(page, accounts["unitleader"])
    page.goto(f"/cases/{opinion.case_id}/")
    assert "路灯已于本周全部修复" in page.inner_text("#case-drafts")
    submit(page, open_step(page, "sign_off"))
    assert "已答复" in page.inner_text("#case-state")

    # The visitor reads the answer and rates it.
    page.context.clear_cookies()
    page.goto("/liaison/track/")
    page.fill("input[name=tracking_number]", number)
    page.get_by_role("button", name="查询").click()
    assert "路灯已于本周全部修复" in page.inner_text("main")
    page.fill("input[name=code]", code)
    page.check("input[name=value][value=satisfied]")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_selector("text=感谢您的评价")
    assert "已办结" in page.inner_text("#opinion-state")

    # The station's reception day is on its public page.
    page.goto(f"/liaison/public/stations/{mandate.station_id}/")
    days = page.inner_text("#reception-days")
    assert re.search(r"\d{4}年\d+月\d+日", days), days
