"""三员分立 and the rank of accounts: role grants are the security administrator's alone; nobody
administers an account ranking at or above their own; a reset password goes to its owner."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from renda.core import services
from renda.core.choices import Role
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.models import Membership
from renda.core.permissions import ROLE_RANK, account_rank
from renda.security.testing import login_verified

pytestmark = pytest.mark.django_db

ADMINS = ("system_admin", "security_admin", "audit_admin")


@pytest.mark.parametrize("actor", ADMINS)
@pytest.mark.parametrize("target", ADMINS)
def test_no_administrator_administers_another(twin_counties, actor, target):
    if actor == target:
        return
    users = twin_counties.county.users
    users[target].phone = "13900000000"
    users[target].save()
    for call in (
        lambda: services.user_update(actor=users[actor], user=users[target], full_name="改名"),
        lambda: services.user_reset_password(actor=users[actor], user=users[target]),
        lambda: services.user_set_active(actor=users[actor], user=users[target], active=False),
    ):
        with pytest.raises(PermissionDeniedError):
            call()
    users[target].refresh_from_db()
    assert users[target].is_active and users[target].full_name != "改名"


@pytest.mark.parametrize("actor", ["system_admin", "staff", "leader", "audit_admin"])
def test_only_the_security_administrator_grants_roles_and_creates_accounts(twin_counties, actor):
    county = twin_counties.county
    who = county.users[actor]
    deputy = county.users["deputy"]
    for role in (Role.STAFF, Role.LEADER):
        with pytest.raises(PermissionDeniedError):
            services.membership_grant(actor=who, user=deputy, organization=county.office, role=role)
    with pytest.raises(PermissionDeniedError):
        services.user_create(
            actor=who, organization=county.office, username="newstaff", full_name="新人", role=Role.STAFF
        )
    staff_membership = Membership.objects.get(user=county.users["staff"], role=Role.STAFF)
    with pytest.raises(PermissionDeniedError):
        services.membership_revoke(actor=who, membership=staff_membership)
    assert not deputy.memberships.filter(role__in=[Role.STAFF, Role.LEADER]).exists()


def test_the_security_administrator_grants_and_creates(twin_counties):
    county = twin_counties.county
    sec = county.users["security_admin"]
    services.membership_grant(
        actor=sec, user=county.users["deputy"], organization=county.office, role=Role.STAFF
    )
    user, _password = services.user_create(
        actor=sec, organization=county.education, username="edu3", full_name="孙丽", role=Role.UNIT_CLERK
    )
    assert user.must_change_password


def test_administrators_hold_no_business_role(twin_counties):
    county = twin_counties.county
    with pytest.raises(ValidationFailed):
        services.membership_grant(
            actor=county.users["security_admin"],
            user=county.users["system_admin"],
            organization=county.office,
            role=Role.STAFF,
        )


def test_staff_administer_only_lower_accounts(twin_counties):
    county = twin_counties.county
    staff = county.users["staff"]
    leader, deputy = county.users["leader"], county.users["deputy"]
    assert account_rank(leader) > account_rank(staff) > account_rank(deputy) == ROLE_RANK[Role.DEPUTY]
    for target in (leader, twin_counties.city_staff):
        target.phone = "13900000000"
        target.save()
        with pytest.raises(PermissionDeniedError):
            services.user_reset_password(actor=staff, user=target)
    other_staff = services.user_create(
        actor=county.users["security_admin"],
        organization=county.office,
        username="staff2",
        full_name="第二位工作人员",
        role=Role.STAFF,
        email="staff2@example.cn",
    )[0]
    with pytest.raises(PermissionDeniedError):
        services.user_set_active(actor=staff, user=other_staff, active=False)


def test_a_reset_password_goes_to_its_owner_never_to_the_resetter(twin_counties):
    county = twin_counties.county
    staff, deputy = county.users["staff"], county.users["deputy"]
    deputy.email = "deputy@example.cn"
    deputy.save()
    client = Client()
    client.force_login(staff)
    response = client.post(f"/users/{deputy.pk}/reset-password/", follow=True)
    assert response.status_code == 200
    (message,) = mail.outbox
    assert message.to == ["deputy@example.cn"]
    password = message.body.split("临时密码:")[1].split("。")[0]
    page = response.content.decode()
    assert password not in page
    assert "d***@example.cn" in page
    deputy.refresh_from_db()
    assert deputy.must_change_password and deputy.check_password(password)


def test_no_reset_without_a_way_to_reach_the_owner(twin_counties):
    county = twin_counties.county
    deputy = county.users["deputy"]
    assert not deputy.phone and not deputy.email
    with pytest.raises(ValidationFailed) as caught:
        services.user_reset_password(actor=county.users["staff"], user=deputy)
    assert "联系方式" in caught.value.message
    deputy.refresh_from_db()
    assert not deputy.must_change_password


def test_the_system_administrator_gets_no_deputy_register(twin_counties):
    client = Client()
    login_verified(client, twin_counties.county.users["system_admin"])
    assert client.get("/deputies/export/").status_code == 403
    assert client.get("/api/v1/deputies").status_code == 403
    assert client.get("/users/").status_code == 403
    assert client.get("/organizations/").status_code == 200
