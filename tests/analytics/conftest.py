"""A county with three suggestions (two units), a deputy, and one published and one draft article."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from renda.analytics import segment
from renda.analytics.index import rebuild_all
from renda.cases.models import Assignment, Case
from renda.core.choices import OrganizationKind
from renda.core.models import Organization
from renda.deputies.models import Deputy, DeputyMandate
from renda.portal.models import Article
from tests.factories import PASSWORD, build_world

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=TZ)


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def make_case(w, title, body, unit=None, year=2026, state="assigned", serial=1):
    case = Case.objects.create(
        congress=w.congress, kind="suggestion", year=year, serial=serial, number=f"{year}-{serial:03d}",
        title=title, body=body, state=state, created_by=w.staff,
    )  # fmt: skip
    if unit is not None:
        Assignment.objects.create(
            case=case, organization=unit, role="lead", deadline=dt.date(2027, 2, 1), assigned_at=NOW
        )
    return case


@pytest.fixture(autouse=True)
def fresh_dictionary():
    segment.reset()
    yield
    segment.reset()


@pytest.fixture
def w(db):
    world = build_world()
    county = world.county
    w = SimpleNamespace(world=world, county=county, congress=county.congress, u=county.users)
    w.staff = county.users["staff"]
    w.clerk = county.users["unit_clerk"]  # 教育局
    w.other_clerk = county.users["other_clerk"]  # 交通运输局
    w.township = Organization.objects.create(
        congress=w.congress, name="青石镇", kind=OrganizationKind.TOWNSHIP
    )
    w.road = make_case(
        w, "关于修缮青石镇主干道路的建议", "青石镇主干道路破损严重，雨天积水，群众出行困难。建议交通运输局尽快修缮道路。",
        unit=county.transport, serial=1,
    )  # fmt: skip
    w.school = make_case(
        w, "关于改善青石镇中心小学校舍的建议", "中心小学校舍老旧，建议教育局安排资金改善校舍，保障学生安全。",
        unit=county.education, serial=2,
    )  # fmt: skip
    w.old = make_case(
        w, "关于加强农村道路养护的建议", "农村公路养护经费不足，部分路段年久失修，群众反映强烈，建议增加养护投入，落实管护责任。", unit=county.transport, year=2025,
        state="closed", serial=3,
    )  # fmt: skip
    deputy = Deputy.objects.create(
        full_name="张秀英", occupation="青石镇中心小学校长", user=county.users["deputy"]
    )
    w.mandate = DeputyMandate.objects.create(
        deputy=deputy, congress=w.congress, term=w.congress.terms.get(is_current=True),
        started_on=dt.date(2021, 12, 1),
    )  # fmt: skip
    w.published = Article.objects.create(
        congress=w.congress, channel="news", title="县人大常委会视察青石镇道路建设", body="<p>视察道路建设情况。</p>",
        state="published", published_at=NOW - dt.timedelta(days=3), author=w.staff,
    )  # fmt: skip
    w.draft = Article.objects.create(
        congress=w.congress, channel="news", title="道路建设专题询问（草稿）", body="<p>草稿内容：道路</p>",
        state="draft", author=w.staff,
    )  # fmt: skip
    rebuild_all()
    return w
