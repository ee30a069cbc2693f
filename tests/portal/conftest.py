"""A county congress and its neighbour, each with staff, a leader, units and deputies with mandates."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client

from renda.cases.calendar import seed_national_calendar
from renda.core.choices import CongressLevel, OrganizationKind, Role
from renda.core.models import Congress, Membership, Organization, Session, Term, User
from renda.deputies.models import Deputy, DeputyGroup, DeputyMandate
from renda.suggestions import services as sugg

from .helpers import suggestion_through_services


def _user(username, org, role, full_name=""):
    user = User.objects.create_user(username=username, password="x", full_name=full_name or username)
    Membership.objects.create(user=user, organization=org, role=role)
    return user


def _county(name: str, prefix: str):
    c = SimpleNamespace()
    c.congress = Congress.objects.create(name=f"{name}人大", region_name=name, level=CongressLevel.COUNTY)
    c.term = Term.objects.create(
        congress=c.congress, number=18, start_year=2021, end_year=2026, is_current=True
    )
    c.session = Session.objects.create(
        term=c.term, number=5, start_date=dt.date(2026, 1, 10), end_date=dt.date(2026, 1, 13)
    )
    org = Organization.objects.create
    c.committee = org(
        congress=c.congress,
        name=f"{name}人大常委会",
        kind=OrganizationKind.STANDING_COMMITTEE,
        responsible_person="周主任",
    )
    c.office = org(congress=c.congress, name=f"{name}人大常委会办公室", kind=OrganizationKind.CONGRESS_OFFICE)
    c.unit = org(
        congress=c.congress,
        name=f"{name}教育局",
        kind=OrganizationKind.GOVERNMENT_DEPARTMENT,
        responsible_person="王局长",
    )
    c.station = org(
        congress=c.congress,
        name=f"{name}城关镇代表联络站",
        kind=OrganizationKind.LIAISON_STATION,
        address="城关镇人民路1号",
    )
    c.staff = _user(f"{prefix}staff", c.office, Role.STAFF, "办公室小李")
    c.staff2 = _user(f"{prefix}staff2", c.office, Role.STAFF, "办公室小王")
    c.leader = _user(f"{prefix}leader", c.committee, Role.LEADER, "周主任")
    c.clerk = _user(f"{prefix}clerk", c.unit, Role.UNIT_CLERK, "赵磊")
    c.group = DeputyGroup.objects.create(congress=c.congress, name=f"{name}城关代表小组")
    c.deputies, c.mandates = [], []
    for i, (dname, phone) in enumerate([("张秀英", "13800138001"), ("李建华", "13800138002")]):
        user = _user(f"{prefix}deputy{i}", c.committee, Role.DEPUTY, dname)
        deputy = Deputy.objects.create(
            full_name=dname,
            gender="female" if i == 0 else "male",
            user=user,
            phone=phone,
            birth_date=dt.date(1971, 5, 17),
        )
        c.mandates.append(
            DeputyMandate.objects.create(
                deputy=deputy,
                congress=c.congress,
                term=c.term,
                started_on=dt.date(2021, 1, 12),
                constituency=f"第{i + 1}选区",
                delegation="城关代表团",
                group=c.group,
                station=c.station,
            )
        )
        c.deputies.append(user)
    sugg.suggestion_config_ensure(congress=c.congress)
    return c


@pytest.fixture
def world(db):
    seed_national_calendar()
    w = SimpleNamespace()
    w.a = _county("甲县", "a")
    w.b = _county("乙县", "b")
    return w


def make(c, title, **kw):
    return suggestion_through_services(
        congress=c.congress,
        deputy=c.deputies[0],
        staff=c.staff,
        clerk=c.clerk,
        unit=c.unit,
        title=title,
        **kw,
    )


@pytest.fixture
def published(world):
    """Two published suggestions in county A, one unpublished (replied, not published), one marked not
    public, and one published in county B."""
    out = SimpleNamespace()
    out.p1 = make(world.a, "关于增设城关小学交通协管员的建议", session=world.a.session)
    out.p2 = make(world.a, "关于改善乡村公路养护的建议", classification="B")
    out.unpub = make(world.a, "未公开的水库移民安置建议", publish=False)
    out.secret = make(world.a, "不公开的个人纠纷建议", not_public=True)
    out.other = make(world.b, "乙县公开的供水管网改造建议")
    return out


@pytest.fixture
def anon():
    return Client()


def client_for(user):
    c = Client()
    c.force_login(user)
    return c
