"""The foundation in a real browser: each demo role signs in and sees a page that fits it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django_otp.oath import totp

from renda.demo.accounts import ACCOUNTS

SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
pytestmark = pytest.mark.django_db(transaction=True)

EXPECT = {
    "sysadmin": "系统管理",
    "secadmin": "安全",
    "auditadmin": "审计",
    "staff": "人大工作人员",
    "leader": "人大领导",
    "deputy": "人大代表",
    "unitclerk": "承办单位",
    "unitleader": "承办单位",
    "keeper": "联络站",
}


@pytest.fixture
def demo():
    call_command("load_demo", core_only=True, verbosity=0)
    return {a.username: a for a in ACCOUNTS}


def sign_in(page, account):
    page.goto("/login/")
    page.fill("input[name=username]", account.username)
    page.fill("input[name=password]", settings.RENDA["DEMO_PASSWORD"])
    page.get_by_role("button", name="登录", exact=True).click()
    if account.totp_base32:
        page.wait_for_url(re.compile(r"/2fa/verify/"))
        code = f"{totp(bytes.fromhex(account.totp_hex)):06d}"
        page.fill("input[name=token]", code)
        page.get_by_role("button", name="验证", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


@pytest.mark.parametrize("username", list(EXPECT))
def test_each_role_signs_in_and_sees_its_home(page, demo, username):
    account = demo[username]
    sign_in(page, account)
    body = page.inner_text("body")
    assert "您好" in body
    assert EXPECT[username] in body, body[:800]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"home-{username}.png"), full_page=True)
    # Sign out through the menu's POST form.
    page.goto("/logout/")
    assert "/login" in page.url or "退出" in page.inner_text("body")


def test_lockout_after_five_failures(page, demo):
    for _ in range(5):
        page.goto("/login/")
        page.fill("input[name=username]", "staff")
        page.fill("input[name=password]", "Wrong#Pass2026")
        page.get_by_role("button", name="登录", exact=True).click()
    page.goto("/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", settings.RENDA["DEMO_PASSWORD"])
    page.get_by_role("button", name="登录", exact=True).click()
    assert "锁定" in page.inner_text("body")
    assert page.url.rstrip("/").endswith("/login")


def test_phone_layout_home(phone_page, demo):
    sign_in(phone_page, demo["deputy"])
    assert "您好" in phone_page.inner_text("body")
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone_page.screenshot(path=str(SHOTS / "home-deputy-phone.png"), full_page=True)
