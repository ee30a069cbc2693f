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

    # The keeper accepts it and routes it to the county education bureau.
    page.context.clear_cookies()
    sign_in(page, accounts["keeper"])
    page.goto(f"/liaison/opinions/{opinion.case_id}/")
    page.click("#btn-accept")
    page.wait_for_selector("#btn-route")
    page.select_option("select[name=unit]", label="县教育局")
    page.click("#btn-route")
    page.wait_for_load_state()
    assert "已转办" in page.inner_text("#opinion-state")

    # The unit answers.
    page.context.clear_cookies()
    sign_in(page, accounts["unitclerk"])
    page.goto("/liaison/unit/")
    page.get_by_role("link", name="人民路北段路灯不亮").click()
    page.select_option("select[name=classification]", "A")
    page.fill("textarea[name=text]", "已联系城管部门,路灯已于本周全部修复。")
    page.fill("input[name=signing_leader]", "刘局长")
    page.click("#btn-reply")
    page.wait_for_load_state()
    assert "答复已提交" in page.inner_text("main")

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
