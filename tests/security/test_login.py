"""Sign-in page, lockout per account and per address, audit of every sign-in event."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from renda.audit.models import Event
from renda.core.choices import Role
from renda.security.models import LoginAttempt
from renda.security.services import lockout_clear

from .conftest import PASSWORD

IP_A = "10.1.1.1"
IP_B = "10.2.2.2"


def home_url() -> str:
    try:
        return resolve_url(settings.LOGIN_REDIRECT_URL)
    except NoReverseMatch:
        return "/"


def post_login(client: Client, username: str, password: str, ip: str = IP_A, **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password, **extra}, REMOTE_ADDR=ip
    )


def travel_back(minutes: int) -> None:
    """Move every recorded attempt ``minutes`` into the past (time travel for the window)."""
    for attempt in LoginAttempt.objects.all():
        LoginAttempt.objects.filter(pk=attempt.pk).update(
            created_at=attempt.created_at - timedelta(minutes=minutes)
        )


@pytest.mark.django_db
class TestLoginPage:
    def test_page_is_chinese_and_csp_clean(self, client):
        response = client.get(reverse("login"))
        assert response.status_code == 200
        html = response.content.decode()
        assert "用户名" in html and "密码" in html and "登录" in html
        assert 'name="viewport"' in html
        assert "style=" not in html and "<script>" not in html and "onclick" not in html

    def test_login_url_resolves_plainly(self):
        assert resolve_url(settings.LOGIN_URL) == "/login/"
        assert reverse("logout") == "/logout/"

    def test_success_logs_in_binds_session_and_audits(self, client, staff):
        response = post_login(client, "gongzuo", PASSWORD)
        assert response.status_code == 302
        assert response.url == home_url()
        staff.refresh_from_db()
        assert staff.current_session_key == client.session.session_key
        assert int(client.session["_auth_user_id"]) == staff.pk
        event = Event.objects.filter(action="auth.login").get()
        assert event.actor_id == staff.pk and event.ip_address == IP_A
        assert LoginAttempt.objects.filter(username="gongzuo", succeeded=True).count() == 1

    def test_username_is_case_insensitive(self, client, staff):
        assert post_login(client, "GongZuo", PASSWORD).status_code == 302

    def test_safe_next_is_followed_and_foreign_next_ignored(self, client, staff):
        response = post_login(client, "gongzuo", PASSWORD, next="/security/")
        assert response.url == "/security/"
        other = Client()
        response = post_login(other, "gongzuo", PASSWORD, next="https://evil.example/")
        assert response.url == home_url()

    def test_wrong_password_is_refused_and_audited(self, client, staff):
        response = post_login(client, "gongzuo", "Wrong#2026pass")
        assert response.status_code == 200
        assert "用户名或密码错误" in response.content.decode()
        assert "_auth_user_id" not in client.session
        event = Event.objects.get(action="auth.login_failed")
        assert event.ip_address == IP_A
        assert event.target_id == str(staff.pk)
        assert event.after["reason"] == "bad_credentials"

    def test_empty_form_answers_in_chinese_and_keeps_username(self, client):
        response = client.post(reverse("login"), {"username": "gongzuo", "password": ""})
        html = response.content.decode()
        assert response.status_code == 200
        assert "请输入密码" in html
        assert 'value="gongzuo"' in html

    def test_inactive_user_gets_the_same_answer(self, client, staff):
        staff.is_active = False
        staff.save()
        response = post_login(client, "gongzuo", PASSWORD)
        assert "用户名或密码错误" in response.content.decode()


@pytest.mark.django_db
class TestLockout:
    def test_account_locks_after_threshold_and_says_until_when(self, client, staff, policy):
        for _ in range(policy.lockout_threshold - 1):
            response = post_login(client, "gongzuo", "Wrong#2026pass")
            assert "用户名或密码错误" in response.content.decode()
        response = post_login(client, "gongzuo", "Wrong#2026pass")
        html = response.content.decode()
        assert "已暂时锁定" in html
        until = timezone.localtime(timezone.now() + timedelta(minutes=policy.lockout_minutes))
        assert until.strftime("%H:") in html
        # The right password is refused now, from another address too.
        response = post_login(Client(), "gongzuo", PASSWORD, ip=IP_B)
        assert "已暂时锁定" in response.content.decode()
        assert LoginAttempt.objects.filter(username="gongzuo", blocked=True).count() == 1

        lockout = Event.objects.get(action="auth.lockout")
        assert lockout.ip_address == IP_A
        assert lockout.after["kind"] == "account"
        assert lockout.after["failures"] == policy.lockout_threshold
        assert lockout.target_id == str(staff.pk)
        refused = Event.objects.filter(action="auth.login_failed", after__reason="locked")
        assert refused.count() == 1

    def test_lock_ends_after_the_window(self, client, staff, policy):
        for _ in range(policy.lockout_threshold):
            post_login(client, "gongzuo", "Wrong#2026pass")
        assert "已暂时锁定" in post_login(client, "gongzuo", PASSWORD).content.decode()
        travel_back(policy.lockout_minutes - 1)
        assert "已暂时锁定" in post_login(client, "gongzuo", PASSWORD).content.decode()
        travel_back(2)
        assert post_login(client, "gongzuo", PASSWORD).status_code == 302

    def test_blocked_attempts_do_not_extend_the_lock(self, client, staff, policy):
        for _ in range(policy.lockout_threshold):
            post_login(client, "gongzuo", "Wrong#2026pass")
        travel_back(policy.lockout_minutes - 2)
        for _ in range(3):
            post_login(client, "gongzuo", "Wrong#2026pass")  # refused while locked
        travel_back(3)
        assert post_login(client, "gongzuo", PASSWORD).status_code == 302

    def test_success_resets_the_accounts_consecutive_count(self, client, staff, policy):
        for _ in range(policy.lockout_threshold - 1):
            post_login(client, "gongzuo", "Wrong#2026pass")
        assert post_login(client, "gongzuo", PASSWORD).status_code == 302
        # From another address (IP_A's failures still count against IP_A, see test_lockout_address).
        response = post_login(Client(), "gongzuo", "Wrong#2026pass", ip=IP_B)
        assert "用户名或密码错误" in response.content.decode()

    def test_lock_does_not_reveal_whether_account_exists(self, client, staff, policy):
        for _ in range(policy.lockout_threshold):
            real = post_login(client, "gongzuo", "Wrong#2026pass", ip=IP_A)
            ghost = post_login(client, "nobody-here", "Wrong#2026pass", ip=IP_B)
        assert "已暂时锁定" in real.content.decode()
        assert "已暂时锁定" in ghost.content.decode()
        strip = lambda html: html.replace("gongzuo", "X").replace("nobody-here", "X")  # noqa: E731
        assert strip(real.content.decode()).count("已暂时锁定") == strip(ghost.content.decode()).count(
            "已暂时锁定"
        )

    def test_address_locks_across_usernames(self, client, staff, policy):
        for i in range(policy.lockout_threshold):
            response = post_login(client, f"guess{i}", "Wrong#2026pass", ip=IP_A)
        assert "已暂时锁定" in response.content.decode()
        lockout = Event.objects.get(action="auth.lockout")
        assert lockout.after["kind"] == "address" and lockout.after["key"] == IP_A
        # The real user from the locked address is refused; from elsewhere they get in.
        assert "已暂时锁定" in post_login(Client(), "gongzuo", PASSWORD, ip=IP_A).content.decode()
        assert post_login(Client(), "gongzuo", PASSWORD, ip=IP_B).status_code == 302
        travel_back(policy.lockout_minutes + 1)
        assert post_login(Client(), "gongzuo", PASSWORD, ip=IP_A).status_code == 302

    def test_security_admin_unlocks_an_account(self, client, staff, security_admin, policy):
        for _ in range(policy.lockout_threshold):
            post_login(client, "gongzuo", "Wrong#2026pass")
        cleared = lockout_clear(actor=security_admin, username="gongzuo")
        assert cleared == policy.lockout_threshold
        event = Event.objects.get(action="security.unlock")
        assert event.actor_id == security_admin.pk and event.target_id == str(staff.pk)
        assert post_login(client, "gongzuo", PASSWORD).status_code == 302

    def test_security_admin_unlocks_an_address_from_the_page(self, client, security_client, staff, policy):
        for i in range(policy.lockout_threshold):
            post_login(client, f"guess{i}", "Wrong#2026pass", ip=IP_B)
        page = security_client.get(reverse("security_lockouts"))
        assert page.status_code == 200 and IP_B in page.content.decode()
        response = security_client.post(reverse("security_lockouts"), {"ip_address": IP_B}, follow=True)
        assert "已解除锁定" in response.content.decode()
        assert "当前没有被锁定的账号或地址" in response.content.decode()
        assert Event.objects.filter(action="security.unlock", after__ip_address=IP_B).exists()
        assert post_login(Client(), "gongzuo", PASSWORD, ip=IP_B).status_code == 302

    def test_unlock_with_nothing_to_clear_answers_in_chinese(self, security_client):
        response = security_client.post(
            reverse("security_lockouts"), {"ip_address": "not-an-ip"}, follow=True
        )
        assert "地址格式不正确" in response.content.decode()
        response = security_client.post(reverse("security_lockouts"), {"username": "nobody"}, follow=True)
        assert "没有需要解除" in response.content.decode()


@pytest.mark.django_db
class TestLogout:
    def test_post_logs_out_and_audits(self, client, staff):
        post_login(client, "gongzuo", PASSWORD)
        response = client.post(reverse("logout"), REMOTE_ADDR=IP_A)
        assert response.status_code == 302 and response.url == reverse("login")
        assert "_auth_user_id" not in client.session
        event = Event.objects.get(action="auth.logout")
        assert event.actor_id == staff.pk and event.ip_address == IP_A
        staff.refresh_from_db()
        assert staff.current_session_key == ""
        assert "已安全退出" in client.get(reverse("login")).content.decode()

    def test_get_asks_for_confirmation_and_does_not_log_out(self, client, staff):
        post_login(client, "gongzuo", PASSWORD)
        response = client.get(reverse("logout"))
        assert response.status_code == 200
        assert "确定要退出登录" in response.content.decode()
        assert "_auth_user_id" in client.session

    def test_deputy_roles_do_not_need_two_factor(self, client, deputy, policy):
        assert Role.DEPUTY not in policy.two_factor_roles
        post_login(client, "daibiao", PASSWORD)
        assert client.get("/no-such-page/").status_code == 404


@pytest.mark.django_db
def test_daily_job_forgets_old_attempts_only(staff):
    from renda.core.jobs import DAILY_JOBS, load_job_modules
    from renda.security.jobs import ATTEMPT_RETENTION_DAYS

    load_job_modules()
    old = LoginAttempt.objects.create(username="gongzuo", ip_address=IP_A)
    LoginAttempt.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=ATTEMPT_RETENTION_DAYS + 1)
    )
    recent = LoginAttempt.objects.create(username="gongzuo", ip_address=IP_A)
    assert DAILY_JOBS["security.purge_login_attempts"].func() == 1
    assert list(LoginAttempt.objects.values_list("pk", flat=True)) == [recent.pk]
