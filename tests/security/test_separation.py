"""三员分立: the security administrator's pages and services refuse the system and audit
administrators; the security administrator is refused the system administrator's work."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse

from renda.audit.models import Event
from renda.core.choices import OrganizationKind, Role
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.models import Congress, Membership, Organization
from renda.core.services import user_create
from renda.security.models import SecurityPolicy
from renda.security.services import lockout_clear, security_policy_update, totp_reset
from renda.security.testing import login_verified

from .test_login import post_login


def admin_pages(target_user_id: int, membership_id: int) -> list[tuple[str, str, dict]]:
    return [
        ("get", reverse("security_home"), {}),
        ("get", reverse("security_policy"), {}),
        ("post", reverse("security_policy"), {"password_min_length": 12}),
        ("get", reverse("security_lockouts"), {}),
        ("post", reverse("security_lockouts"), {"username": "gongzuo"}),
        ("get", reverse("security_users"), {}),
        ("get", reverse("security_user", args=[target_user_id]), {}),
        ("post", reverse("security_user", args=[target_user_id]), {"role": Role.LEADER}),
        ("post", reverse("security_totp_reset", args=[target_user_id]), {}),
        ("post", reverse("security_membership_revoke", args=[membership_id]), {}),
    ]


@pytest.mark.django_db
class TestOtherAdministratorsAreRefused:
    @pytest.mark.parametrize("who", ["system_admin", "audit_admin", "staff"])
    def test_every_security_page_answers_403(self, request, who, deputy):
        actor = request.getfixturevalue(who)
        client = Client()
        login_verified(client, actor)
        membership = Membership.objects.get(user=deputy)
        for method, url, data in admin_pages(deputy.pk, membership.pk):
            response = getattr(client, method)(url, data)
            assert response.status_code == 403, (who, method, url)
        assert Membership.objects.get(pk=membership.pk).is_active

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(reverse("security_home"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))

    @pytest.mark.parametrize("who", ["system_admin", "audit_admin"])
    def test_every_security_service_refuses(self, request, who, deputy):
        actor = request.getfixturevalue(who)
        with pytest.raises(PermissionDeniedError):
            security_policy_update(actor=actor, lockout_threshold=3)
        with pytest.raises(PermissionDeniedError):
            lockout_clear(actor=actor, username="gongzuo")
        with pytest.raises(PermissionDeniedError):
            totp_reset(actor=actor, user=deputy)
        assert SecurityPolicy.current().lockout_threshold == 5
        assert not Event.objects.filter(action__startswith="security.").exists()

    @pytest.mark.parametrize("who", ["system_admin", "audit_admin", "staff"])
    def test_only_the_security_admin_creates_users(self, request, who, office):
        # Creating an account grants it a role: the security administrator's work alone.
        with pytest.raises(PermissionDeniedError):
            user_create(
                actor=request.getfixturevalue(who),
                organization=office,
                username="xinren",
                full_name="新人",
                role=Role.STAFF,
            )


@pytest.mark.django_db
class TestSecurityAdministratorPages:
    def test_policy_update_is_audited_with_before_and_after(self, security_client, security_admin):
        response = security_client.post(
            reverse("security_policy"),
            {
                "password_min_length": 12,
                "password_expiry_days": 60,
                "lockout_threshold": 4,
                "lockout_minutes": 20,
                "idle_timeout_minutes": 15,
                "api_token_days": 30,
                "two_factor_roles": [Role.SECURITY_ADMIN, Role.LEADER],
            },
        )
        assert response.status_code == 302
        policy = SecurityPolicy.current()
        assert policy.api_token_days == 30
        assert policy.password_min_length == 12 and policy.lockout_threshold == 4
        assert policy.single_session is False  # unchecked box
        assert policy.two_factor_roles == [Role.SECURITY_ADMIN, Role.LEADER]
        event = Event.objects.get(action="security.policy_update")
        assert event.actor_id == security_admin.pk
        assert event.before["password_min_length"] == 10 and event.after["password_min_length"] == 12
        assert event.before["single_session"] is True and event.after["single_session"] is False

    def test_policy_form_answers_in_chinese_and_keeps_input(self, security_client):
        response = security_client.post(
            reverse("security_policy"),
            {
                "password_min_length": 4,
                "password_expiry_days": "abc",
                "lockout_threshold": 5,
                "lockout_minutes": 15,
                "idle_timeout_minutes": 30,
                "two_factor_roles": ["no_such_role"],
            },
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert 'value="4"' in html
        assert "大于或等于8" in html and "输入整数" in html and "有效的选项" in html
        assert not Event.objects.filter(action="security.policy_update").exists()

    def test_service_validates_ranges_and_roles(self, security_admin):
        with pytest.raises(ValidationFailed) as exc:
            security_policy_update(actor=security_admin, idle_timeout_minutes=0)
        assert exc.value.field == "idle_timeout_minutes"
        with pytest.raises(ValidationFailed) as exc:
            security_policy_update(actor=security_admin, two_factor_roles=["root"])
        assert exc.value.field == "two_factor_roles"

    def test_security_admin_of_a_lower_congress_cannot_change_the_global_policy(
        self, congress, security_admin
    ):
        town = Congress.objects.create(
            name="青山县城关镇人大", region_name="城关镇", level="township", parent=congress
        )
        town_office = Organization.objects.create(
            congress=town, name="城关镇人大主席团", kind=OrganizationKind.PRESIDIUM
        )
        from renda.core.models import User

        local = User.objects.create_user(username="zhenanquan", password="Renda#2026pass")
        from renda.core.services import membership_grant

        membership_grant(actor=security_admin, user=local, organization=town_office, role=Role.SECURITY_ADMIN)
        with pytest.raises(PermissionDeniedError):
            security_policy_update(actor=local, lockout_threshold=3)

    def test_grant_and_revoke_roles_through_the_pages(self, security_client, deputy, office):
        url = reverse("security_user", args=[deputy.pk])
        page = security_client.get(url)
        assert page.status_code == 200 and "代表戊" in page.content.decode()
        response = security_client.post(url, {"organization": office.pk, "role": Role.STAFF, "title": "科员"})
        assert response.status_code == 302
        membership = Membership.objects.get(user=deputy, role=Role.STAFF)
        assert Event.objects.filter(action="permission.grant", target_id=str(membership.pk)).exists()
        response = security_client.post(reverse("security_membership_revoke", args=[membership.pk]))
        assert response.status_code == 302
        membership.refresh_from_db()
        assert not membership.is_active
        assert Event.objects.filter(action="permission.revoke", target_id=str(membership.pk)).exists()

    def test_malformed_grant_answers_in_chinese(self, security_client, deputy):
        response = security_client.post(
            reverse("security_user", args=[deputy.pk]), {"organization": "abc", "role": "emperor"}
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "请选择有效的机构" in html and "请选择有效的角色" in html

    def test_no_two_administrator_roles_on_one_person(self, security_client, audit_admin, office):
        response = security_client.post(
            reverse("security_user", args=[audit_admin.pk]),
            {"organization": office.pk, "role": Role.SYSTEM_ADMIN},
        )
        assert response.status_code == 200
        assert "不能由同一人兼任" in response.content.decode()
        assert not Membership.objects.filter(user=audit_admin, role=Role.SYSTEM_ADMIN).exists()

    def test_no_acting_on_oneself(self, security_client, security_admin, office):
        page = security_client.get(reverse("security_user", args=[security_admin.pk]))
        assert "不能对自己的账号" in page.content.decode()
        response = security_client.post(
            reverse("security_user", args=[security_admin.pk]),
            {"organization": office.pk, "role": Role.STAFF},
        )
        assert "不能给自己授予角色" in response.content.decode()

    def test_users_outside_the_congress_are_not_found(self, security_client, security_admin):
        other = Congress.objects.create(name="白水县人民代表大会", region_name="白水县", level="county")
        org = Organization.objects.create(
            congress=other, name="白水县人大办", kind=OrganizationKind.CONGRESS_OFFICE
        )
        from renda.core.models import User

        stranger = User.objects.create_user(username="waidi", password="Renda#2026pass")
        Membership.objects.create(user=stranger, organization=org, role=Role.STAFF)
        assert security_client.get(reverse("security_user", args=[stranger.pk])).status_code == 404
        assert "waidi" not in security_client.get(reverse("security_users")).content.decode()
        with pytest.raises(PermissionDeniedError):
            totp_reset(actor=security_admin, user=stranger)

    def test_user_list_and_search(self, security_client, staff, deputy):
        html = security_client.get(reverse("security_users")).content.decode()
        assert "工作人员丁" in html and "代表戊" in html
        html = security_client.get(reverse("security_users"), {"q": "代表"}).content.decode()
        assert "代表戊" in html and "工作人员丁" not in html


@pytest.mark.django_db
class TestAuditTrail:
    def test_sign_in_events_are_chained_and_tampering_is_caught(self, client, staff):
        post_login(client, "gongzuo", "Wrong#2026pass")
        post_login(client, "gongzuo", "Renda#2026pass")
        client.post(reverse("logout"))
        call_command("verify_audit")  # intact
        event = Event.objects.get(action="auth.login")
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Event._meta.db_table} SET ip_address = %s WHERE id = %s",  # noqa: S608
                ["192.0.2.99", event.pk],
            )
        with pytest.raises(CommandError) as exc:
            call_command("verify_audit")
        assert f"#{event.pk}" in str(exc.value)
