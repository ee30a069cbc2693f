"""A county with a standing committee of seven members (deputies with accounts), staff, a leader
and a scheduled standing-committee meeting on 2026-11-24 09:00 (Asia/Shanghai)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from renda.core.choices import Role
from renda.deputies.models import Deputy, DeputyMandate
from renda.meetings import services
from renda.meetings.choices import MeetingKind, MemberRole
from tests.factories import PASSWORD, build_world, make_user

TZ = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 11, 24, 9, 0, tzinfo=TZ)
SC_NAMES = ["马国强", "孙丽华", "何建平", "吴海燕", "郑志刚", "冯晓梅", "陈永福"]


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def w(db):
    world = build_world()
    county = world.county
    w = SimpleNamespace(world=world, county=county, congress=county.congress, u=county.users)
    w.term = county.congress.terms.get(is_current=True)
    w.staff = county.users["staff"]
    w.leader = county.users["leader"]
    w.outsider = county.users["deputy"]  # a deputy who is not on the standing committee
    w.sc = []
    for i, name in enumerate(SC_NAMES, start=1):
        user = make_user(f"sc{i}", county.standing_committee, Role.DEPUTY, name)
        deputy = Deputy.objects.create(full_name=name, user=user)
        DeputyMandate.objects.create(
            deputy=deputy, congress=w.congress, term=w.term, is_standing_committee_member=True,
            started_on=dt.date(2021, 12, 1),
        )  # fmt: skip
        w.sc.append(user)
    w.invitee = make_user("fuxianzhang", county.government, Role.UNIT_LEADER, "高副县长")
    w.sibling_staff = world.sibling.users["staff"]
    return w


def make_meeting(
    w, *, start=START, kind=MeetingKind.STANDING_COMMITTEE, schedule=True, members=None, chair=None
):
    meeting = services.meeting_create(
        actor=w.staff, congress=w.congress, kind=kind, title="县第十八届人大常委会第三十次会议",
        starts_at=start, ends_at=start + dt.timedelta(hours=3), place="县人大常委会会议室", chair=chair,
    )  # fmt: skip
    for user in w.sc if members is None else members:
        services.member_add(
            actor=w.staff, meeting=meeting, user=user, role=MemberRole.MEMBER, capacity="委员"
        )
    services.member_add(
        actor=w.staff, meeting=meeting, user=w.invitee, role=MemberRole.INVITEE, capacity="县人民政府副县长"
    )
    services.agenda_item_add(
        actor=w.staff,
        meeting=meeting,
        kind="report",
        title="听取和审议县人民政府关于优化营商环境工作情况的报告",
        presenter="高副县长",
    )
    services.agenda_item_add(actor=w.staff, meeting=meeting, kind="appointment", title="审议人事任免事项")
    if schedule:
        services.meeting_schedule(actor=w.staff, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def meeting(w):
    return make_meeting(w)
