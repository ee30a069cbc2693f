"""Services on users, organisations and roles: who may, what changes, what is audited."""

import pytest

from renda.audit.models import Event
from renda.core import services
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.models import Membership, User

pytestmark = pytest.mark.django_db


def test_security_admin_creates_a_unit_clerk_who_must_change_password(twin_counties):
    security_admin = twin_counties.county.users["security_admin"]
    user, password = services.user_create(
        actor=security_admin,
        organization=twin_counties.county.education,
        username="edu_clerk2",
        full_name="孙丽",
        role="unit_clerk",
    )
    assert user.must_change_password
    assert user.check_password(password)
    assert Membership.objects.filter(
        user=user, role="unit_clerk", organization=twin_counties.county.education
    ).exists()
    assert set(
        Event.objects.filter(target_id=str(user.pk), target_type="core.user").values_list("action", flat=True)
    ) == {"user.create"}
    assert Event.objects.filter(action="permission.grant").exists()


@pytest.mark.parametrize(
    "role", ["system_admin", "staff", "audit_admin", "leader", "deputy", "unit_clerk", "station_keeper"]
)
def test_others_cannot_create_users(twin_counties, role):
    with pytest.raises(PermissionDeniedError):
        services.user_create(
            actor=twin_counties.county.users[role],
            organization=twin_counties.county.education,
            username="x1",
            full_name="某",
            role="unit_clerk",
        )


def test_staff_cannot_manage_a_sibling_county(twin_counties):
    with pytest.raises(PermissionDeniedError):
        services.organization_create(
            actor=twin_counties.county.users["staff"],
            congress=twin_counties.sibling.congress,
            name="邻县新局",
            kind="government_department",
        )


def test_system_admin_of_county_cannot_manage_the_city(twin_counties):
    with pytest.raises(PermissionDeniedError):
        services.organization_create(
            actor=twin_counties.county.users["system_admin"],
            congress=twin_counties.city,
            name="市新局",
            kind="government_department",
        )


def test_validation_names_the_field(twin_counties):
    staff = twin_counties.county.users["staff"]
    security_admin = twin_counties.county.users["security_admin"]
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(
            actor=security_admin,
            organization=twin_counties.county.education,
            username="staff",
            full_name="重名",
            role="unit_clerk",
        )
    assert exc.value.field == "username"
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(
            actor=security_admin,
            organization=twin_counties.county.office,
            username="abc",
            full_name="某",
            role="unit_clerk",
        )
    assert exc.value.field == "role"
    with pytest.raises(ValidationFailed) as exc:
        services.organization_create(
            actor=staff, congress=twin_counties.county.congress, name="  ", kind="committee"
        )
    assert exc.value.field == "name"


def test_password_policy_applies_to_initial_passwords(twin_counties):
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(
            actor=twin_counties.county.users["security_admin"],
            organization=twin_counties.county.education,
            username="weak1",
            full_name="弱",
            role="unit_clerk",
            password="abc123",
        )
    assert exc.value.field == "password"


def test_admin_roles_only_from_security_admin_and_never_two(twin_counties):
    staff = twin_counties.county.users["staff"]
    target = twin_counties.county.users["leader"]
    with pytest.raises(PermissionDeniedError):
        services.user_create(
            actor=twin_counties.county.users["system_admin"],
            organization=twin_counties.county.office,
            username="a2",
            full_name="某",
            role="audit_admin",
        )
    with pytest.raises(PermissionDeniedError):
        services.membership_grant(
            actor=twin_counties.county.users["system_admin"],
            user=target,
            organization=twin_counties.county.office,
            role="audit_admin",
        )
    with pytest.raises(PermissionDeniedError):
        services.membership_grant(
            actor=staff, user=target, organization=twin_counties.county.office, role="system_admin"
        )
    sec = twin_counties.county.users["security_admin"]
    with pytest.raises(ValidationFailed):  # the leader keeps a business role: no administrator role on top
        services.membership_grant(
            actor=sec, user=target, organization=twin_counties.county.office, role="audit_admin"
        )
    target = User.objects.create_user(username="new_auditor", password="x", full_name="新审计管理员")
    services.membership_grant(
        actor=sec, user=target, organization=twin_counties.county.office, role="audit_admin"
    )
    with pytest.raises(ValidationFailed):
        services.membership_grant(
            actor=sec, user=target, organization=twin_counties.county.office, role="system_admin"
        )
    with pytest.raises(PermissionDeniedError):
        services.membership_grant(actor=sec, user=sec, organization=twin_counties.county.office, role="staff")


def test_revoke_role_is_audited_and_removes_scope(twin_counties):
    sec = twin_counties.county.users["security_admin"]
    clerk = twin_counties.county.users["unit_clerk"]
    membership = Membership.objects.get(user=clerk)
    services.membership_revoke(actor=sec, membership=membership)
    clerk = User.objects.get(pk=clerk.pk)
    assert not clerk.role_set()
    assert Event.objects.filter(action="permission.revoke", target_id=str(membership.pk)).exists()


def test_deactivate_and_reset_password(twin_counties):
    staff = twin_counties.county.users["staff"]
    clerk = twin_counties.county.users["unit_clerk"]
    services.user_set_active(actor=staff, user=clerk, active=False)
    assert not User.objects.get(pk=clerk.pk).is_active
    with pytest.raises(ValidationFailed):
        services.user_set_active(actor=staff, user=staff, active=False)
    clerk.phone = "13800138000"
    clerk.save()
    sent = services.user_reset_password(actor=staff, user=clerk)
    assert sent == ["短信 138****8000"]  # where it went; the password itself only to the clerk
    clerk = User.objects.get(pk=clerk.pk)
    assert clerk.must_change_password


def test_staff_cannot_touch_admin_accounts(twin_counties):
    with pytest.raises(PermissionDeniedError):
        services.user_reset_password(
            actor=twin_counties.county.users["staff"], user=twin_counties.county.users["audit_admin"]
        )


def test_change_own_password(twin_counties):
    clerk = twin_counties.county.users["unit_clerk"]
    with pytest.raises(ValidationFailed) as exc:
        services.user_change_own_password(actor=clerk, old_password="wrong", new_password="Aa#1234567890")
    assert exc.value.field == "old_password"
    from tests.factories import PASSWORD

    services.user_change_own_password(actor=clerk, old_password=PASSWORD, new_password="Nn#2026Qingshan")
    assert User.objects.get(pk=clerk.pk).check_password("Nn#2026Qingshan")


def test_organization_update_refuses_cycles_and_foreign_parents(twin_counties):
    staff = twin_counties.county.users["staff"]
    gov = twin_counties.county.government
    with pytest.raises(ValidationFailed):
        services.organization_update(actor=staff, organization=gov, parent=twin_counties.county.education)
    with pytest.raises(ValidationFailed):
        services.organization_update(
            actor=staff, organization=twin_counties.county.education, parent=twin_counties.sibling.government
        )
    org = services.organization_update(
        actor=staff, organization=twin_counties.county.education, phone="0931-7654321"
    )
    assert org.phone == "0931-7654321"
    event = Event.objects.get(action="organization.update")
    assert event.before["phone"] == "" and event.after["phone"] == "0931-7654321"


def test_congress_tree_paths(twin_counties):
    assert twin_counties.county.congress.path.startswith(twin_counties.city.path)
    assert set(twin_counties.city.descendants()) == {
        twin_counties.city,
        twin_counties.county.congress,
        twin_counties.sibling.congress,
    }
