"""What the middleware enforces on every request: forced and periodic password change, idle
timeout, one session per account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.audit.models import Event
from renda.core.models import User
from renda.core.services import user_reset_password
from renda.security.services import LAST_ACTIVITY_KEY

from .conftest import PASSWORD
from .test_login import post_login

NEW_PASSWORD = "Qingshan@2027new"


def change_password(client: Client, old: str = PASSWORD, new: str = NEW_PASSWORD, **extra):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password": new, "new_password_confirm": new, **extra},
    )


@pytest.mark.django_db
class TestForcedPasswordChange:
    def test_every_page_redirects_to_change_until_changed(self, client, staff):
        User.objects.filter(pk=staff.pk).update(must_change_password=True)
        post_login(client, "gongzuo", PASSWORD)
        for path in ("/", "/security/", "/no-such-page/"):
            response = client.get(path)
            assert response.status_code == 302, path
            assert response.url.startswith(reverse("password_change") + "?next=")
        page = client.get(reverse("password_change"))
        assert page.status_code == 200
        assert "首次登录或密码已被管理员重置" in page.content.decode()
        # Logout stays reachable.
        assert client.get(reverse("logout")).status_code == 200

    def test_changing_lifts_the_redirect_and_keeps_the_session(self, client, staff):
        User.objects.filter(pk=staff.pk).update(must_change_password=True)
        post_login(client, "gongzuo", PASSWORD)
        response = change_password(client, next="/no-such-page/")
        assert response.status_code == 302 and response.url == "/no-such-page/"
        staff.refresh_from_db()
        assert not staff.must_change_password
        assert staff.check_password(NEW_PASSWORD)
        assert staff.current_session_key == client.session.session_key
        assert client.get("/no-such-page/").status_code == 404  # through, not redirected
        assert Event.objects.filter(action="user.password_change", actor=staff).exists()

    def test_reset_by_administrator_forces_change(self, client, staff, security_admin):
        from django.core import mail

        staff.email = "gongzuo@example.cn"
        staff.save()
        user_reset_password(actor=security_admin, user=staff)
        temporary = mail.outbox[-1].body.split("临时密码:")[1].split("。")[0]  # sent to the owner only
        post_login(client, "gongzuo", temporary)
        assert client.get("/no-such-page/").url.startswith(reverse("password_change"))

    def test_errors_answer_in_chinese_naming_the_field(self, client, staff):
        post_login(client, "gongzuo", PASSWORD)
        html = change_password(client, old="Wrong#2026pass").content.decode()
        assert "原密码不正确" in html
        html = change_password(client, new="short").content.decode()
        assert "至少" in html
        html = client.post(
            reverse("password_change"),
            {"old_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password_confirm": "other"},
        ).content.decode()
        assert "两次输入的新密码不一致" in html
        html = change_password(client, new="gongzuo#2026X").content.decode()
        assert "用户名" in html
        staff.refresh_from_db()
        assert staff.check_password(PASSWORD)


@pytest.mark.django_db
class TestPasswordExpiry:
    def test_staff_with_an_old_password_must_change(self, client, staff, policy):
        User.objects.filter(pk=staff.pk).update(
            password_changed_at=timezone.now() - timedelta(days=policy.password_expiry_days + 1)
        )
        post_login(client, "gongzuo", PASSWORD)
        response = client.get("/no-such-page/")
        assert response.url.startswith(reverse("password_change"))
        assert "天未修改" in client.get(reverse("password_change")).content.decode()
        change_password(client)
        assert client.get("/no-such-page/").status_code == 404

    def test_password_within_the_period_is_fine(self, client, staff, policy):
        User.objects.filter(pk=staff.pk).update(
            password_changed_at=timezone.now() - timedelta(days=policy.password_expiry_days - 1)
        )
        post_login(client, "gongzuo", PASSWORD)
        assert client.get("/no-such-page/").status_code == 404

    def test_deputies_passwords_do_not_expire(self, client, deputy):
        User.objects.filter(pk=deputy.pk).update(password_changed_at=timezone.now() - timedelta(days=900))
        post_login(client, "daibiao", PASSWORD)
        assert client.get("/no-such-page/").status_code == 404

    def test_zero_days_means_never(self, client, staff, policy):
        policy.password_expiry_days = 0
        policy.save()
        User.objects.filter(pk=staff.pk).update(password_changed_at=timezone.now() - timedelta(days=900))
        post_login(client, "gongzuo", PASSWORD)
        assert client.get("/no-such-page/").status_code == 404

    def test_api_gets_json_not_a_redirect(self, client, staff):
        User.objects.filter(pk=staff.pk).update(must_change_password=True)
        post_login(client, "gongzuo", PASSWORD)
        response = client.get("/api/v1/anything")
        assert response.status_code == 403
        assert response.json()["code"] == "password_change_required"


def age_session(client: Client, minutes: int) -> None:
    session = client.session
    session[LAST_ACTIVITY_KEY] = timezone.now().timestamp() - minutes * 60
    session.save()


@pytest.mark.django_db
class TestIdleTimeout:
    def test_idle_session_is_ended_with_audit_and_message(self, client, staff, policy):
        post_login(client, "gongzuo", PASSWORD)
        age_session(client, policy.idle_timeout_minutes + 1)
        response = client.get("/no-such-page/", REMOTE_ADDR="10.9.9.9")
        assert response.status_code == 302
        assert response.url.startswith(reverse("login") + "?next=")
        assert "_auth_user_id" not in client.session
        event = Event.objects.get(action="auth.timeout")
        assert event.actor_id == staff.pk and event.ip_address == "10.9.9.9"
        page = client.get(response.url).content.decode()
        assert "未操作" in page and "自动退出" in page

    def test_activity_within_the_limit_keeps_the_session(self, client, staff, policy):
        post_login(client, "gongzuo", PASSWORD)
        age_session(client, policy.idle_timeout_minutes - 1)
        assert client.get("/no-such-page/").status_code == 404
        # The request renewed the activity time.
        assert timezone.now().timestamp() - client.session[LAST_ACTIVITY_KEY] < 5

    def test_limit_follows_the_policy(self, client, staff, policy):
        policy.idle_timeout_minutes = 5
        policy.save()
        post_login(client, "gongzuo", PASSWORD)
        age_session(client, 6)
        assert client.get("/no-such-page/").status_code == 302
        assert Event.objects.filter(action="auth.timeout").count() == 1


@pytest.mark.django_db
class TestSingleSession:
    def test_a_new_sign_in_ends_the_older_session(self, staff):
        first, second = Client(), Client()
        post_login(first, "gongzuo", PASSWORD)
        assert first.get("/no-such-page/").status_code == 404
        post_login(second, "gongzuo", PASSWORD, ip="10.3.3.3")
        response = first.get("/no-such-page/")
        assert response.status_code == 302 and response.url == reverse("login")
        assert "您的账号已在其他地方登录" in first.get(reverse("login")).content.decode()
        assert "_auth_user_id" not in first.session
        assert Event.objects.filter(action="auth.logout", after__reason="session_replaced").count() == 1
        # The newer session carries on, and logging out the old one did not unbind it.
        assert second.get("/no-such-page/").status_code == 404
        staff.refresh_from_db()
        assert staff.current_session_key == second.session.session_key

    def test_switched_off_both_sessions_live(self, staff, policy):
        policy.single_session = False
        policy.save()
        first, second = Client(), Client()
        post_login(first, "gongzuo", PASSWORD)
        post_login(second, "gongzuo", PASSWORD)
        assert first.get("/no-such-page/").status_code == 404
        assert second.get("/no-such-page/").status_code == 404
