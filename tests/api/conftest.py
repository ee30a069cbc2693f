"""A small tenancy for the API tests: a city congress with two counties, their offices and units.

The very first administrators cannot be made through services (someone must already hold a role
to grant one), so the fixture places them with plain rows; everything after goes through services.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from renda.api.services import api_token_create
from renda.core.choices import CongressLevel, OrganizationKind, Role
from renda.core.models import Congress, Membership, Organization, User


@dataclass
class World:
    city: Congress
    county_a: Congress
    county_b: Congress
    city_office: Organization
    office_a: Organization
    office_b: Organization
    dept_a: Organization
    dept_b: Organization
    sysadmin: User
    secadmin: User
    auditor: User
    city_staff: User
    staff_a: User
    staff_b: User
    clerk_a: User


def _user(username: str, org: Organization, role: str, **extra: Any) -> User:
    user = User.objects.create_user(
        username=username, password="Renda@2026test", full_name=extra.pop("full_name", username), **extra
    )
    Membership.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def world(db) -> World:
    city = Congress.objects.create(name="示范市人大", region_name="示范市", level=CongressLevel.CITY)
    county_a = Congress.objects.create(
        name="甲县人大", region_name="甲县", level=CongressLevel.COUNTY, parent=city
    )
    county_b = Congress.objects.create(
        name="乙县人大", region_name="乙县", level=CongressLevel.COUNTY, parent=city
    )
    city_office = Organization.objects.create(
        congress=city, name="示范市人大常委会办公室", kind=OrganizationKind.CONGRESS_OFFICE
    )
    office_a = Organization.objects.create(
        congress=county_a, name="甲县人大常委会办公室", kind=OrganizationKind.CONGRESS_OFFICE
    )
    office_b = Organization.objects.create(
        congress=county_b, name="乙县人大常委会办公室", kind=OrganizationKind.CONGRESS_OFFICE
    )
    dept_a = Organization.objects.create(
        congress=county_a, name="甲县教育局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT
    )
    dept_b = Organization.objects.create(
        congress=county_b, name="乙县教育局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT
    )
    return World(
        city=city,
        county_a=county_a,
        county_b=county_b,
        city_office=city_office,
        office_a=office_a,
        office_b=office_b,
        dept_a=dept_a,
        dept_b=dept_b,
        sysadmin=_user("sysadmin", city_office, Role.SYSTEM_ADMIN, full_name="系统管理员"),
        secadmin=_user("secadmin", city_office, Role.SECURITY_ADMIN, full_name="安全管理员"),
        auditor=_user("auditor", city_office, Role.AUDIT_ADMIN, full_name="审计管理员"),
        city_staff=_user("citystaff", city_office, Role.STAFF, full_name="市工作人员"),
        staff_a=_user("staff_a", office_a, Role.STAFF, full_name="甲县工作人员"),
        staff_b=_user("staff_b", office_b, Role.STAFF, full_name="乙县工作人员"),
        clerk_a=_user("clerk_a", dept_a, Role.UNIT_CLERK, full_name="甲县教育局经办人"),
    )


def token_client(user: User) -> Client:
    """A client authenticated by a fresh personal API token of ``user`` (no session, no CSRF)."""
    _token, secret = api_token_create(actor=user, name="测试")
    return Client(headers={"Authorization": f"Bearer {secret}"})


@pytest.fixture
def as_user():
    return token_client
