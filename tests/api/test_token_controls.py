"""API tokens are held to the sign-in rules: revoked when the account is reset, deactivated or its
roles change; refused while the password must be changed or the account is locked; never without
an expiry; and never used for password or token operations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from renda.api.models import ApiToken
from renda.api.services import api_token_create
from renda.core import clock as renda_clock
from renda.core.choices import Role
from renda.core.errors import ValidationFailed
from renda.core.services import membership_grant, user_reset_password, user_set_active
from renda.notifications.models import SmsMessage
from renda.security.models import LoginAttempt, SecurityPolicy

from .conftest import token_client

pytestmark = pytest.mark.django_db


def _client(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def _token(user) -> tuple[ApiToken, Client]:
    token, secret = api_token_create(actor=user, name="脚本")
    return token, _client(secret)


def test_password_reset_revokes_the_tokens_and_sends_the_password_to_the_owner(world):
    world.clerk_a.phone, world.clerk_a.email = "13800138000", "clerk@example.cn"
    world.clerk_a.save()
    token, client = _token(world.clerk_a)
    assert client.get("/api/v1/me").status_code == 200
    sent = user_reset_password(actor=world.staff_a, user=world.clerk_a)
    assert sent == ["短信 138****8000", "邮箱 c***@example.cn"]
    assert client.get("/api/v1/me").status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    # The password reached the owner (the mail), and is kept nowhere else: not in the text record.
    (message,) = mail.outbox
    assert message.to == ["clerk@example.cn"]
    record = SmsMessage.objects.get(recipient=world.clerk_a)
    assert "临时密码" in record.text
    password = message.body.split("临时密码:")[1].split("。")[0]
    assert password not in record.text
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.check_password(password)


def test_deactivation_and_role_changes_revoke_the_tokens(world):
    _t, clerk = _token(world.clerk_a)
    user_set_active(actor=world.staff_a, user=world.clerk_a, active=False)
    assert clerk.get("/api/v1/me").status_code == 401
    user_set_active(actor=world.staff_a, user=world.clerk_a, active=True)
    assert clerk.get("/api/v1/me").status_code == 401  # re-activating does not bring tokens back

    _t, staff = _token(world.staff_b)
    membership_grant(
        actor=world.secadmin, user=world.staff_b, organization=world.dept_b, role=Role.UNIT_CLERK
    )
    assert staff.get("/api/v1/me").status_code == 401


def test_forced_change_applies_to_tokens(world):
    client = token_client(world.staff_a)
    world.staff_a.must_change_password = True
    world.staff_a.save()
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"
    assert "修改密码" in response.json()["message"]


def test_password_expiry_applies_to_tokens(world, clock):
    client = token_client(world.staff_a)
    world.staff_a.password_changed_at = renda_clock.now() - dt.timedelta(days=91)
    world.staff_a.save()
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert response.json()["code"] == "password_change_required"


def test_a_locked_account_cannot_use_its_token(world):
    client = token_client(world.staff_a)
    for _ in range(SecurityPolicy.current().lockout_threshold):
        LoginAttempt.objects.create(username="staff_a", ip_address="10.0.0.9", succeeded=False)
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert response.json()["code"] == "account_locked"
    assert "锁定" in response.json()["message"]


def test_tokens_expire_by_default_after_the_policy_days(world, clock):
    token, client = _token(world.staff_a)
    assert token.expires_at is not None
    assert dt.timedelta(days=89) < token.expires_at - renda_clock.now() <= dt.timedelta(days=90)
    clock.shift(days=91)
    assert client.get("/api/v1/me").status_code == 401


def test_shortening_the_policy_expires_older_tokens(world, clock):
    _token_row, client = _token(world.staff_a)
    clock.shift(days=31)
    world.staff_a.password_changed_at = renda_clock.now()
    world.staff_a.save()
    assert client.get("/api/v1/me").status_code == 200
    policy = SecurityPolicy.current()
    policy.api_token_days = 30
    policy.save()
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["message"] == "API 令牌已过期。"


def test_no_token_outlives_the_policy(world):
    with pytest.raises(ValidationFailed) as caught:
        api_token_create(
            actor=world.staff_a, name="长期", expires_at=renda_clock.now() + dt.timedelta(days=91)
        )
    assert caught.value.field == "expires_at"
    assert "90" in caught.value.message


def test_password_and_token_operations_are_refused_through_a_token(world):
    world.clerk_a.phone = "13800138000"
    world.clerk_a.save()
    client = token_client(world.staff_a)
    for path, body in [
        (f"/api/v1/users/{world.clerk_a.pk}/reset-password", {}),
        ("/api/v1/tokens", {"name": "再来一个"}),
        (
            "/api/v1/users",
            {"organization": world.dept_a.pk, "username": "new1", "full_name": "新人", "role": "unit_clerk"},
        ),
    ]:
        response = client.post(path, data=body, content_type="application/json")
        assert response.status_code == 403, path
        assert response.json()["code"] == "session_required"
        assert "网页" in response.json()["message"]
    world.clerk_a.refresh_from_db()
    assert not world.clerk_a.must_change_password


def test_reset_through_the_session_shows_where_the_password_went_not_the_password(world):
    world.clerk_a.phone = "13800138000"
    world.clerk_a.save()
    client = Client()
    client.force_login(world.staff_a)
    client.get("/api/v1/tokens/manage/")
    response = client.post(
        f"/api/v1/users/{world.clerk_a.pk}/reset-password",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"sent_to": ["短信 138****8000"]}
