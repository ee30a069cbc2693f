"""A small tenancy for the deputies tests: city → county (+ one township) and a sibling county.

Congresses, organisations and accounts are bootstrapped with the models (as the demo loader does);
deputies and mandates are created through the deputies services by a staff member.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from renda.core.choices import CongressLevel, OrganizationKind, Role
from renda.core.models import Congress, Membership, Organization, Term, User
from renda.deputies import services
from renda.deputies.choices import OccupationCategory

STARTED = datetime.date(2021, 1, 12)


def _user(username: str, organization: Organization | None, role: str | None) -> User:
    user = User.objects.create_user(username=username, password="Renda@2026test", full_name=username)
    if organization is not None and role is not None:
        Membership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def world(db):
    w = SimpleNamespace()
    w.city = Congress.objects.create(name="甲市人大", region_name="甲市", level=CongressLevel.CITY)
    w.county = Congress.objects.create(
        name="乙县人大", region_name="乙县", level=CongressLevel.COUNTY, parent=w.city
    )
    w.township = Congress.objects.create(
        name="丙镇人大", region_name="丙镇", level=CongressLevel.TOWNSHIP, parent=w.county
    )
    w.sibling = Congress.objects.create(
        name="丁县人大", region_name="丁县", level=CongressLevel.COUNTY, parent=w.city
    )
    w.county_term = Term.objects.create(
        congress=w.county, number=18, start_year=2021, end_year=2026, is_current=True
    )
    w.township_term = Term.objects.create(
        congress=w.township, number=18, start_year=2021, end_year=2026, is_current=True
    )
    w.sibling_term = Term.objects.create(
        congress=w.sibling, number=18, start_year=2021, end_year=2026, is_current=True
    )

    def org(congress, name, kind):
        return Organization.objects.create(congress=congress, name=name, kind=kind)

    w.city_affairs = org(w.city, "甲市人大常委会代表工委", OrganizationKind.COMMITTEE)
    w.sc = org(w.county, "乙县人大常委会", OrganizationKind.STANDING_COMMITTEE)
    w.office = org(w.county, "乙县人大常委会办公室", OrganizationKind.CONGRESS_OFFICE)
    w.affairs = org(w.county, "乙县人大常委会代表工委", OrganizationKind.COMMITTEE)
    w.education = org(w.county, "乙县教育局", OrganizationKind.GOVERNMENT_DEPARTMENT)
    w.station_a = org(w.county, "丙镇代表联络站", OrganizationKind.LIAISON_STATION)
    w.station_b = org(w.county, "戊镇代表联络站", OrganizationKind.LIAISON_STATION)
    w.presidium = org(w.township, "丙镇人大主席团", OrganizationKind.PRESIDIUM)
    w.township_staff_org = org(w.township, "丙镇人大办公室", OrganizationKind.CONGRESS_OFFICE)
    w.sibling_office = org(w.sibling, "丁县人大常委会办公室", OrganizationKind.CONGRESS_OFFICE)

    w.staff = _user("staff", w.affairs, Role.STAFF)
    w.leader = _user("leader", w.sc, Role.LEADER)
    w.sysadmin = _user("sysadmin", w.office, Role.SYSTEM_ADMIN)
    w.auditadmin = _user("auditadmin", w.office, Role.AUDIT_ADMIN)
    w.citystaff = _user("citystaff", w.city_affairs, Role.STAFF)
    w.neighbor = _user("neighbor", w.sibling_office, Role.STAFF)
    w.township_staff = _user("townstaff", w.township_staff_org, Role.STAFF)
    w.deputy_user = _user("deputy", w.sc, Role.DEPUTY)
    w.other_deputy_user = _user("deputy2", w.sc, Role.DEPUTY)
    w.keeper = _user("keeper", w.station_a, Role.STATION_KEEPER)
    w.unitclerk = _user("unitclerk", w.education, Role.UNIT_CLERK)
    w.unitleader = _user("unitleader", w.education, Role.UNIT_LEADER)
    w.nobody = _user("nobody", None, None)

    w.county_group = services.deputy_group_create(actor=w.staff, congress=w.county, name="丙镇代表小组")

    actors = {w.county: w.staff, w.township: w.township_staff, w.sibling: w.neighbor}

    def deputy(name, congress=None):
        return services.deputy_create(
            actor=actors[congress or w.county],
            congress=congress or w.county,
            full_name=name,
            gender="male",
        )

    # d1: a county and township deputy at station A, linked to the "deputy" login.
    w.d1 = deputy("张建国")
    w.d1.user = w.deputy_user
    w.d1.save(update_fields=["user"])
    w.m1_county = services.deputy_mandate_create(
        actor=w.staff,
        deputy=w.d1,
        term=w.county_term,
        started_on=STARTED,
        constituency="丙镇第1选区",
        group=w.county_group,
        station=w.station_a,
        occupation_category=OccupationCategory.FARMER,
    )
    w.m1_township = services.deputy_mandate_create(
        actor=w.township_staff, deputy=w.d1, term=w.township_term, started_on=STARTED, station=w.station_a
    )
    # d2: a county deputy at station B.
    w.d2 = deputy("李秀英")
    w.m2 = services.deputy_mandate_create(
        actor=w.staff, deputy=w.d2, term=w.county_term, started_on=STARTED, station=w.station_b
    )
    # d3: a township deputy at station A.
    w.d3 = deputy("王海峰", congress=w.township)
    w.m3 = services.deputy_mandate_create(
        actor=w.township_staff, deputy=w.d3, term=w.township_term, started_on=STARTED, station=w.station_a
    )
    # d4: a deputy of the sibling county.
    w.d4 = deputy("赵丽", congress=w.sibling)
    w.m4 = services.deputy_mandate_create(
        actor=w.neighbor, deputy=w.d4, term=w.sibling_term, started_on=STARTED
    )
    return w
