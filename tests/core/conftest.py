"""A small tenancy for the staff-page tests: a city congress with a county below it, their
organisations, and one user per demo role.

Bootstrap rows (congresses, organisations, the three administrators) are written with the models,
as a fresh installation would; every other user is created through ``user_create`` by the
security administrator (creating an account grants it a role).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.core.choices import CongressLevel, OrganizationKind, Role
from renda.core.models import Congress, Membership, Organization, User
from renda.core.services import user_create

ROLES = [
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
    Role.AUDIT_ADMIN,
    Role.STAFF,
    Role.LEADER,
    Role.DEPUTY,
    Role.UNIT_CLERK,
    Role.UNIT_LEADER,
    Role.STATION_KEEPER,
]


@dataclass
class World:
    city: Congress
    county: Congress
    office: Organization
    committee: Organization
    bureau: Organization
    station: Organization
    county_office: Organization
    county_bureau: Organization
    users: dict[str, User]
    nobody: User

    def __getitem__(self, role: str) -> User:
        return self.users[role]


def _bootstrap_user(username: str, full_name: str, org: Organization, role: str) -> User:
    user = User.objects.create_user(username=username, password="Boot@2026pass", full_name=full_name)
    Membership.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def world(db) -> World:
    city = Congress.objects.create(name="江城市人大", region_name="江城市", level=CongressLevel.CITY)
    county = Congress.objects.create(
        name="江城市青山县人大", region_name="青山县", level=CongressLevel.COUNTY, parent=city
    )
    office = Organization.objects.create(
        congress=city, name="市人大常委会办公室", kind=OrganizationKind.CONGRESS_OFFICE, sort_order=1
    )
    committee = Organization.objects.create(
        congress=city, name="代表工作委员会", kind=OrganizationKind.COMMITTEE, parent=office, sort_order=2
    )
    bureau = Organization.objects.create(
        congress=city, name="市住房和城乡建设局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT, sort_order=10
    )
    station = Organization.objects.create(
        congress=city,
        name="东湖街道代表联络站",
        kind=OrganizationKind.LIAISON_STATION,
        address="东湖路1号",
        phone="0710-1234567",
        sort_order=20,
    )
    county_office = Organization.objects.create(
        congress=county, name="县人大常委会办公室", kind=OrganizationKind.CONGRESS_OFFICE
    )
    county_bureau = Organization.objects.create(
        congress=county, name="县教育局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT
    )
    admin = _bootstrap_user("sysadmin", "系统管理员甲", office, Role.SYSTEM_ADMIN)
    users = {
        Role.SYSTEM_ADMIN: admin,
        Role.SECURITY_ADMIN: _bootstrap_user("secadmin", "安全管理员乙", office, Role.SECURITY_ADMIN),
        Role.AUDIT_ADMIN: _bootstrap_user("auditadmin", "审计管理员丙", office, Role.AUDIT_ADMIN),
    }
    plan = [
        (Role.STAFF, "staff1", "王工作", committee),
        (Role.LEADER, "leader1", "李主任", office),
        (Role.DEPUTY, "deputy1", "赵代表", committee),
        (Role.UNIT_CLERK, "clerk1", "钱经办", bureau),
        (Role.UNIT_LEADER, "unitlead1", "孙局长", bureau),
        (Role.STATION_KEEPER, "keeper1", "周站长", station),
    ]
    for role, username, name, org in plan:
        users[role], _pw = user_create(
            actor=users[Role.SECURITY_ADMIN],
            organization=org,
            username=username,
            full_name=name,
            role=role,
            phone="13900000000",
        )
    nobody = User.objects.create_user(username="nobody", password="Boot@2026pass", full_name="无角色用户")
    # The tests look at pages, not at the forced first password change.
    User.objects.update(must_change_password=False)
    for user in [*users.values(), nobody]:
        user.refresh_from_db()
    return World(
        city, county, office, committee, bureau, station, county_office, county_bureau, users, nobody
    )


@pytest.fixture
def login(client):
    """Sign ``user`` in as after a full sign-in: password and (enrolled, verified) two-factor."""

    def _login(user: User):
        client.force_login(user)
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return _login
