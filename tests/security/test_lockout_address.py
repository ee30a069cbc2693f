"""A successful sign-in does not clear the failures counted against an address: guessing other
people's passwords while signing into one's own account every few tries is still locked out."""

from __future__ import annotations

import pytest
from django.test import Client

from renda.audit.models import Event
from renda.security.lockout import address_lock
from renda.security.models import LoginAttempt

from .conftest import PASSWORD
from .test_login import IP_A, IP_B, post_login, travel_back

pytestmark = pytest.mark.django_db


def test_signing_into_ones_own_account_does_not_reset_the_address(staff, policy):
    outcomes = []
    for attempt in range(16):
        client = Client()
        if attempt % 4 == 3:
            response = post_login(client, "gongzuo", PASSWORD, ip=IP_A)  # the attacker's own account
        else:
            # Another account each time, so no account lock hides the address lock.
            response = post_login(client, f"victim{attempt}", "Guess#2026x", ip=IP_A)
        outcomes.append("locked" if "已暂时锁定" in response.content.decode() else response.status_code)
    failures = LoginAttempt.objects.filter(ip_address=IP_A, succeeded=False, blocked=False).count()
    assert failures == policy.lockout_threshold
    # The address is locked at the threshold's failure and every later try is refused, own account too.
    first_lock = outcomes.index("locked")
    assert all(o == "locked" for o in outcomes[first_lock:])
    assert first_lock < 16 - 4
    assert address_lock(IP_A) is not None
    lockout = Event.objects.get(action="auth.lockout")
    assert lockout.after["kind"] == "address" and lockout.after["key"] == IP_A
    # Another address is not affected, and the lock ends after the window.
    assert post_login(Client(), "gongzuo", PASSWORD, ip=IP_B).status_code == 302
    travel_back(policy.lockout_minutes + 1)
    assert post_login(Client(), "gongzuo", PASSWORD, ip=IP_A).status_code == 302


def test_failures_older_than_the_window_do_not_count(staff, policy):
    for i in range(policy.lockout_threshold - 1):
        post_login(Client(), f"guess{i}", "Guess#2026x", ip=IP_A)
    travel_back(policy.lockout_minutes + 1)
    response = post_login(Client(), "guess-late", "Guess#2026x", ip=IP_A)
    assert "用户名或密码错误" in response.content.decode()
