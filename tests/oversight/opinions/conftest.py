"""A county with its office, a finance committee, a leader, the standing committee's members and the
reporting bodies (the government and a department with a clerk only), and opinion helpers that go
through the real services."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from renda.cases import services as engine
from renda.cases.calendar import seed_national_calendar
from renda.core.choices import OrganizationKind as K
from renda.core.choices import Role
from renda.core.models import Organization
from renda.oversight import services_opinions as services
from renda.oversight.ratingrules_opinions import Counts
from tests.factories import PASSWORD, build_world, make_user

TZ = ZoneInfo("Asia/Shanghai")
MEMBERS = ["马国强", "孙丽华", "何建平", "吴海燕", "郑志刚", "冯晓梅", "陈永福"]


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def w(db):
    seed_national_calendar()
    world = build_world()
    county = world.county
    w = SimpleNamespace(world=world, county=county, congress=county.congress)
    w.finance = Organization.objects.create(
        congress=w.congress, name="示例县人大常委会财政经济工作委员会", kind=K.COMMITTEE
    )
    w.legal = Organization.objects.create(
        congress=w.congress, name="示例县人大常委会法制工作委员会", kind=K.COMMITTEE
    )
    w.office_staff = make_user("bangongshi", county.office, Role.STAFF, "周红")
    w.finance_staff = make_user("caijingwei", w.finance, Role.STAFF, "钱进")
    w.legal_staff = make_user("fazhiwei", w.legal, Role.STAFF, "孔法")
    w.leader = county.users["leader"]
    w.body = county.transport  # 示例县交通运输局: a clerk, no unit-leader account
    w.body_clerk = county.users["other_clerk"]
    w.other_clerk = county.users["unit_clerk"]  # 示例县教育局
    w.sibling_staff = world.sibling.users["staff"]
    w.sc = [make_user(f"sc{i}", county.standing_committee, Role.DEPUTY, n) for i, n in enumerate(MEMBERS, 1)]
    return w


def make_opinion(w, *, committee=None, title="县交通运输局关于县城公共交通发展情况的报告", **kw):
    return services.opinion_create(
        actor=w.office_staff,
        congress=w.congress,
        report_kind="special_work",
        report_title=title,
        reporting_body=w.body,
        responsible_committee=committee if committee is not None else w.finance,
        remarks="马国强委员:公交线路覆盖不足。\n孙丽华委员:农村客运班次少。",
        **kw,
    )


def to_assigned(w, opinion, deadline=None):
    services.opinion_submit(
        actor=w.office_staff,
        opinion=opinion,
        text="一、加快优化城乡公交线网,年内新开通农村客运线路不少于3条。\n二、落实公交优先政策。",
    )
    services.opinion_approve(actor=w.leader, opinion=opinion, letter_number="示人常办〔2026〕12号")
    services.opinion_assign(actor=w.office_staff, opinion=opinion, deadline=deadline)
    opinion.refresh_from_db()
    return opinion


def lead(opinion):
    return opinion.case.assignments.get(role="lead")


def report(w, opinion, text="已新开通农村客运线路3条,公交优先道建成5公里。"):
    assignment = lead(opinion)
    if assignment.state == "pending_sign":
        engine.assignment_sign(actor=w.body_clerk, assignment=assignment)
        assignment.refresh_from_db()
    reply = engine.reply_submit(
        actor=w.body_clerk, assignment=assignment, classification="A", text=text, signing_leader="王局长"
    )
    opinion.refresh_from_db()
    return reply


def comment(w, opinion, text="财经工委认为整改措施基本落实,建议提请测评。"):
    return services.opinion_comment(actor=w.finance_staff, opinion=opinion, comment=text)


def counts(s, b, d, x=0, members=29, present=25):
    return Counts(satisfied=s, basically=b, dissatisfied=d, blank=x, members=members, present=present)


def rate(w, opinion, c, **kw):
    return services.rating_record(actor=w.office_staff, opinion=opinion, counts=c, **kw)


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)
