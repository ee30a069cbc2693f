"""Passwords guessed first are refused: common ones (in any case, leet, with digits, years or
punctuation around), keyboard walks, repeats, the user's own name, pinyin, username or phone."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from renda.core.models import User
from renda.core.services import user_change_own_password
from renda.security.passwords import WeakPasswordValidator, common_passwords

from .conftest import PASSWORD
from .test_login import post_login

pytestmark = pytest.mark.django_db


def codes(password: str, user=None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return {e.code for e in exc.error_list}
    return set()


def weak(password: str, user=None) -> set[str]:
    try:
        WeakPasswordValidator().validate(password, user)
    except ValidationError as exc:
        return {e.code for e in exc.error_list}
    return set()


@pytest.mark.parametrize(
    "password",
    [
        "Password123!",  # the outside test's findings
        "Admin@123456",
        "P@ssw0rd2026",
        "Renda@2026demo",  # the demo password once published in README
        "PASSWORD#2026",
        "2026#Password",
        "Iloveyou!!2026",
        "Woaini@1314",  # Chinese sites' list
        "Taobao#2026",
        "Zhongguo@2026",
        "Sh@ngh@i#2026",
        "Qq123456#",
    ],
)
def test_common_passwords_are_refused(password):
    assert "password_too_common" in codes(password)


def test_the_lists_are_djangos_and_the_chinese_sites(settings):
    words = common_passwords()
    assert len(words) > 19000
    assert {"password", "woaini1314", "5201314", "1qaz2wsx", "rendademo"} <= words


@pytest.mark.parametrize(
    "password",
    [
        "Qwerty#2026",
        "Asdfgh!2026",
        "Zxcvbn@2026",
        "1qaz2wsx#A",
        "1qaz@WSX3edc",
        "1q2w3e4r#Xy",
        "Xy#9876543210",
    ],
)
def test_keyboard_walks_are_refused(password):
    assert "password_keyboard_pattern" in codes(password)


@pytest.mark.parametrize("password", ["Aaaa#2026bcd", "Ab1!Ab1!Ab1!", "Xy#1111Pq2026", "Ab#Ab#Ab#Ab#"])
def test_repeats_are_refused(password):
    assert "password_repeated" in codes(password)


def test_the_users_name_pinyin_username_and_phone_are_refused():
    user = User(username="liuhong", full_name="张伟明", phone="138-1234-5678")
    assert "password_personal" in weak("Zhangweiming#26", user)  # pinyin of the name
    assert "password_personal" in weak("Weimingzhang#26", user)  # given name first
    assert "password_personal" in weak("Zh@ngW3iming!", user)  # leet
    assert "password_personal" in weak("张伟明#Ab2026x", user)  # the name itself
    assert "password_personal" in weak("Xy#13812345678", user)  # the phone
    assert "password_personal" in weak("Kq#345678Lm", user)  # six digits of it
    assert "password_personal" in weak("L1uh0ng#Kq26", user)  # the username, leet
    assert "password_contains_username" in codes("Liuhong#Kq26", user)  # as typed: the older rule
    assert codes("Qingshan#Kq26", user) == set()


@pytest.mark.parametrize(
    "password", ["Qingshan#2026", "Lvzhi@Pingtai2026", "Zq8!vR2#kL5m", "Hx#2026Dongjie", "x#2026LiuMingY"]
)
def test_good_passwords_pass(password):
    assert codes(password, User(username="wangfang", full_name="王芳", phone="13900001111")) == set()


def test_the_demo_password_passes_the_rules():
    assert codes(settings.RENDA["DEMO_PASSWORD"]) == set()


def test_messages_are_chinese(staff):
    with pytest.raises(ValidationError) as exc:
        validate_password("Password123!", staff)
    text = " ".join(exc.value.messages)
    assert "太常见" in text
    with pytest.raises(ValidationError) as exc:
        validate_password("Qwerty#2026x", staff)
    assert "键盘" in " ".join(exc.value.messages)


def test_change_page_refuses_a_common_password_and_says_why(client, staff):
    post_login(client, "gongzuo", PASSWORD)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password": "P@ssw0rd2026", "new_password_confirm": "P@ssw0rd2026"},
    )
    assert response.status_code == 200
    assert "太常见" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
    # The service refuses it too, naming the field.
    from renda.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as exc:
        user_change_own_password(actor=staff, old_password=PASSWORD, new_password="Admin@123456")
    assert exc.value.field == "new_password"
    assert Client().get("/").status_code in (200, 302)


def test_generated_temporary_passwords_always_pass_the_validators(db, monkeypatch):
    """A random draw once held "ddDD" (four of one letter, case folded) and the user-creation
    service refused its own password; the generator now draws again until the validators agree."""
    import secrets

    from django.contrib.auth.password_validation import validate_password

    from renda.core import services

    draws = iter("37jZ2IddDD" + "Kq7mWx2pLr")
    monkeypatch.setattr(secrets, "choice", lambda alphabet: next(draws))
    monkeypatch.setattr(secrets, "randbelow", lambda n: 50)
    password = services.generate_temporary_password("staff")
    assert password == "Kq7mWx2pLr#60"
    validate_password(password)
