"""The one-session-per-account rule binds a session only once its second factor is verified: the
password alone cannot sign an administrator out."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from renda.audit.models import Event

from .conftest import PASSWORD, totp_code
from .test_login import post_login
from .test_two_factor import enrol

pytestmark = pytest.mark.django_db


def test_password_only_sign_in_leaves_the_verified_session_alone(security_admin, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    owner = Client()
    post_login(owner, "anquan", PASSWORD)
    device = enrol(owner, security_admin)
    assert owner.get("/security/").status_code == 200
    security_admin.refresh_from_db()
    bound = security_admin.current_session_key
    assert bound == owner.session.session_key

    # Someone with the password only, again and again.
    for attempt in range(3):
        intruder = Client()
        response = post_login(intruder, "anquan", PASSWORD, ip=f"10.9.9.{attempt}")
        assert response.status_code == 302
        # The intruder's session waits for the code (and is not ended as "signed in elsewhere") …
        page = intruder.get(reverse("totp_verify"))
        assert page.status_code == 200
        assert intruder.get("/security/").url.startswith(reverse("totp_verify"))
        # … and the owner carries on.
        assert owner.get("/security/").status_code == 200
        security_admin.refresh_from_db()
        assert security_admin.current_session_key == bound
    assert not Event.objects.filter(action="auth.logout", after__reason="session_replaced").exists()
    pending = Event.objects.filter(action="auth.login", after__second_factor="pending")
    assert pending.count() == 4  # the owner's own sign-in, then the three

    # With the second factor, the new session becomes the account's one session and ends the older.
    newcomer = Client()
    post_login(newcomer, "anquan", PASSWORD)
    response = newcomer.post(reverse("totp_verify"), {"token": totp_code(device, 1)})
    assert response.status_code == 302
    security_admin.refresh_from_db()
    assert security_admin.current_session_key == newcomer.session.session_key
    assert newcomer.get("/security/").status_code == 200
    ended = owner.get("/security/")
    assert ended.status_code == 302 and ended.url == reverse("login")
    assert Event.objects.filter(action="auth.logout", after__reason="session_replaced").count() == 1


def test_first_enrolment_binds_the_session(security_admin):
    first = Client()
    post_login(first, "anquan", PASSWORD)
    security_admin.refresh_from_db()
    assert security_admin.current_session_key == ""
    enrol(first, security_admin)
    security_admin.refresh_from_db()
    assert security_admin.current_session_key == first.session.session_key


def test_without_a_second_factor_the_password_binds_at_once(staff):
    client = Client()
    post_login(client, "gongzuo", PASSWORD)
    staff.refresh_from_db()
    assert staff.current_session_key == client.session.session_key
