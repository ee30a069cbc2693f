"""Fixtures of the security tests: one county congress, its bodies, and people in every role that
matters here. The first security administrator is bootstrapped by hand; every other role is
granted through the real service."""

from __future__ import annotations

import time

import pytest
from django_otp.oath import TOTP

from renda.core.choices import OrganizationKind, Role
from renda.core.models import Congress, Membership, Organization, User
from renda.core.services import membership_grant
from renda.security.models import SecurityPolicy
from renda.security.testing import login_verified

PASSWORD = "Renda#2026pass"


def totp_code(device, offset_steps: int = 0) -> str:
    """The code an authenticator app would show now (or ``offset_steps`` periods later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def policy(db):
    return SecurityPolicy.current()


@pytest.fixture
def congress(db):
    return Congress.objects.create(name="青山县人民代表大会", region_name="青山县", level="county")


@pytest.fixture
def office(congress):
    return Organization.objects.create(
        congress=congress, name="青山县人大常委会办公室", kind=OrganizationKind.CONGRESS_OFFICE
    )


@pytest.fixture
def department(congress):
    return Organization.objects.create(
        congress=congress, name="青山县住房和城乡建设局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT
    )


def _user(username: str, full_name: str) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, full_name=full_name)


@pytest.fixture
def security_admin(office):
    user = _user("anquan", "安全管理员甲")
    Membership.objects.create(user=user, organization=office, role=Role.SECURITY_ADMIN)  # bootstrap
    return user


@pytest.fixture
def make_user(office, security_admin):
    def make(username: str, role: str | None = None, *, organization=None, full_name: str = "") -> User:
        user = _user(username, full_name or username)
        if role:
            membership_grant(actor=security_admin, user=user, organization=organization or office, role=role)
            user.forget_roles()
        return user

    return make


@pytest.fixture
def system_admin(make_user):
    return make_user("xitong", Role.SYSTEM_ADMIN, full_name="系统管理员乙")


@pytest.fixture
def audit_admin(make_user):
    return make_user("shenji", Role.AUDIT_ADMIN, full_name="审计管理员丙")


@pytest.fixture
def staff(make_user):
    return make_user("gongzuo", Role.STAFF, full_name="工作人员丁")


@pytest.fixture
def deputy(make_user):
    return make_user("daibiao", Role.DEPUTY, full_name="代表戊")


@pytest.fixture
def security_client(client, security_admin):
    login_verified(client, security_admin)
    return client
