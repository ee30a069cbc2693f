"""Builders of realistic test data: a city with two sibling counties, their bodies, units and people."""

from __future__ import annotations

from dataclasses import dataclass, field

from renda.core.choices import OrganizationKind as K
from renda.core.choices import Role
from renda.core.models import Congress, Membership, Organization, Term, User

PASSWORD = "Renda#Test2026"


def make_user(username: str, org: Organization, role: str, full_name: str = "", **extra) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, full_name=full_name or username, **extra
    )
    Membership.objects.create(user=user, organization=org, role=role)
    return user


@dataclass
class County:
    congress: Congress
    standing_committee: Organization
    office: Organization
    deputies_committee: Organization
    government: Organization
    education: Organization
    transport: Organization
    station: Organization
    users: dict[str, User] = field(default_factory=dict)


def build_county(name: str, parent: Congress | None, prefix: str) -> County:
    congress = Congress.objects.create(name=f"{name}人大", region_name=name, level="county", parent=parent)
    Term.objects.create(congress=congress, number=18, start_year=2021, end_year=2026, is_current=True)

    def org(title: str, kind: str, parent_org: Organization | None = None) -> Organization:
        return Organization.objects.create(congress=congress, name=title, kind=kind, parent=parent_org)

    sc = org(f"{name}人大常委会", K.STANDING_COMMITTEE)
    county = County(
        congress=congress,
        standing_committee=sc,
        office=org(f"{name}人大常委会办公室", K.CONGRESS_OFFICE, sc),
        deputies_committee=org(f"{name}人大常委会代表工作委员会", K.COMMITTEE, sc),
        government=(gov := org(f"{name}人民政府", K.GOVERNMENT)),
        education=org(f"{name}教育局", K.GOVERNMENT_DEPARTMENT, gov),
        transport=org(f"{name}交通运输局", K.GOVERNMENT_DEPARTMENT, gov),
        station=org(f"{name}城关镇代表联络站", K.LIAISON_STATION),
    )
    county.users = {
        "system_admin": make_user(f"{prefix}sysadmin", county.office, Role.SYSTEM_ADMIN, "系统管理员"),
        "security_admin": make_user(f"{prefix}secadmin", county.office, Role.SECURITY_ADMIN, "安全管理员"),
        "audit_admin": make_user(f"{prefix}auditadmin", county.office, Role.AUDIT_ADMIN, "审计管理员"),
        "staff": make_user(f"{prefix}staff", county.deputies_committee, Role.STAFF, "李明"),
        "leader": make_user(f"{prefix}leader", sc, Role.LEADER, "王建国"),
        "deputy": make_user(f"{prefix}deputy", sc, Role.DEPUTY, "张秀英"),
        "unit_clerk": make_user(f"{prefix}clerk", county.education, Role.UNIT_CLERK, "赵磊"),
        "unit_leader": make_user(f"{prefix}unitleader", county.education, Role.UNIT_LEADER, "刘强"),
        "other_clerk": make_user(f"{prefix}clerk2", county.transport, Role.UNIT_CLERK, "陈静"),
        "station_keeper": make_user(f"{prefix}keeper", county.station, Role.STATION_KEEPER, "杨帆"),
    }
    return county


@dataclass
class World:
    city: Congress
    city_office: Organization
    city_staff: User
    county: County
    sibling: County


def build_world() -> World:
    city = Congress.objects.create(name="示例市人大", region_name="示例市", level="city")
    city_office = Organization.objects.create(
        congress=city, name="示例市人大常委会办公室", kind=K.CONGRESS_OFFICE
    )
    city_staff = make_user("citystaff", city_office, Role.STAFF, "周文")
    return World(
        city=city,
        city_office=city_office,
        city_staff=city_staff,
        county=build_county("示例县", city, ""),
        sibling=build_county("邻县", city, "n_"),
    )
