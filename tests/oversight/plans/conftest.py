"""A county (示例县) with its standing committee's committees, six government departments, staff, a
leader, a clerk of the education bureau, seven standing-committee members (deputies with accounts)
and a chairpersons' and a standing-committee meeting — the world of the supervision plan."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from renda.core.choices import OrganizationKind as K
from renda.core.choices import Role
from renda.core.models import Organization
from renda.deputies.models import Deputy, DeputyMandate
from renda.meetings import services as meetings
from renda.meetings.choices import MeetingKind
from tests.factories import PASSWORD, build_world, make_user

TZ = ZoneInfo("Asia/Shanghai")
SC_NAMES = ["马国强", "孙丽华", "何建平", "吴海燕", "郑志刚", "冯晓梅", "陈永福"]
DEPARTMENTS = ["县卫生健康局", "县民政局", "县自然资源局", "县市场监督管理局"]


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def w(db, clock, request):
    if request.node.get_closest_marker("clock") is None:
        clock.set("2026-03-10 09:30")
    world = build_world()
    county = world.county
    congress = county.congress
    w = SimpleNamespace(world=world, county=county, congress=congress, u=county.users)
    w.term = congress.terms.get(is_current=True)
    w.staff = county.users["staff"]
    w.leader = county.users["leader"]
    w.clerk = county.users["unit_clerk"]
    w.unit_leader = county.users["unit_leader"]
    w.deputy = county.users["deputy"]
    w.education, w.transport = county.education, county.transport
    w.departments = [county.education, county.transport] + [
        Organization.objects.create(
            congress=congress, name=n, kind=K.GOVERNMENT_DEPARTMENT, parent=county.government
        )
        for n in DEPARTMENTS
    ]
    w.edu_committee = Organization.objects.create(
        congress=congress,
        name="县人大常委会教育科学文化卫生工作委员会",
        kind=K.COMMITTEE,
        parent=county.standing_committee,
    )
    w.legal_committee = Organization.objects.create(
        congress=congress,
        name="县人大常委会法制工作委员会",
        kind=K.COMMITTEE,
        parent=county.standing_committee,
    )
    w.sc = []
    for i, name in enumerate(SC_NAMES, start=1):
        user = make_user(f"sc{i}", county.standing_committee, Role.DEPUTY, name)
        deputy = Deputy.objects.create(full_name=name, user=user)
        DeputyMandate.objects.create(
            deputy=deputy, congress=congress, term=w.term, is_standing_committee_member=True,
            started_on=dt.date(2021, 12, 1),
        )  # fmt: skip
        w.sc.append(user)
    start = dt.datetime(2026, 2, 20, 9, 0, tzinfo=TZ)
    w.chair_meeting = meetings.meeting_create(
        actor=w.staff, congress=congress, kind=MeetingKind.CHAIRPERSONS, title="县第十八届人大常委会第四十二次主任会议",
        starts_at=start, ends_at=start + dt.timedelta(hours=2), place="县人大常委会会议室",
    )  # fmt: skip
    start = dt.datetime(2026, 6, 24, 9, 0, tzinfo=TZ)
    w.sc_meeting = meetings.meeting_create(
        actor=w.staff, congress=congress, kind=MeetingKind.STANDING_COMMITTEE, title="县第十八届人大常委会第三十六次会议",
        starts_at=start, ends_at=start + dt.timedelta(hours=3), place="县人大常委会会议室",
    )  # fmt: skip
    w.sibling_staff = world.sibling.users["staff"]
    return w
