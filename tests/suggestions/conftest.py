"""A county congress with units, staff, a leader, five deputies with mandates and accounts."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from renda.cases import services as engine
from renda.cases.calendar import seed_national_calendar
from renda.core.choices import CongressLevel, OrganizationKind, Role
from renda.core.models import Congress, Membership, Organization, Session, Term, User
from renda.deputies.models import Deputy, DeputyMandate
from renda.suggestions import services

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def freeze(monkeypatch):
    def set_now(moment):
        moment = moment.astimezone(dt.UTC)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    set_now(dt.datetime(2026, 3, 2, 10, tzinfo=TZ))
    return set_now


def _user(username, org, role, full_name=""):
    user = User.objects.create_user(username=username, password="x", full_name=full_name or username)
    if org is not None:
        Membership.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def w(db, freeze):
    seed_national_calendar()
    w = SimpleNamespace()
    w.congress = Congress.objects.create(name="测试县人大", region_name="测试县", level=CongressLevel.COUNTY)
    w.other = Congress.objects.create(name="邻县人大", region_name="邻县", level=CongressLevel.COUNTY)
    w.term = Term.objects.create(
        congress=w.congress, number=18, start_year=2021, end_year=2026, is_current=True
    )
    w.session = Session.objects.create(
        term=w.term, number=5, start_date=dt.date(2026, 1, 10), end_date=dt.date(2026, 1, 13)
    )
    org = Organization.objects.create
    w.committee = org(
        congress=w.congress,
        name="测试县人大常委会",
        kind=OrganizationKind.STANDING_COMMITTEE,
        responsible_person="周主任",
    )
    w.office = org(congress=w.congress, name="县人大常委会办公室", kind=OrganizationKind.CONGRESS_OFFICE)
    w.unit_a = org(
        congress=w.congress,
        name="县教育局",
        kind=OrganizationKind.GOVERNMENT_DEPARTMENT,
        responsible_person="王局长",
    )
    w.unit_b = org(congress=w.congress, name="县交通运输局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT)
    w.closed_unit = org(
        congress=w.congress, name="县撤并局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT, is_active=False
    )
    w.staff = _user("staff", w.office, Role.STAFF, "办公室小李")
    w.leader = _user("leader", w.committee, Role.LEADER, "周主任")
    w.clerk_a = _user("clerk_a", w.unit_a, Role.UNIT_CLERK)
    w.clerk_b = _user("clerk_b", w.unit_b, Role.UNIT_CLERK)
    w.deputies, w.mandates = [], []
    for i, name in enumerate(["张代表", "李代表", "王代表", "赵代表", "钱代表"]):
        user = _user(f"deputy{i}", w.committee, Role.DEPUTY, name)
        deputy = Deputy.objects.create(full_name=name, gender="male", user=user)
        mandate = DeputyMandate.objects.create(
            deputy=deputy,
            congress=w.congress,
            term=w.term,
            started_on=dt.date(2021, 1, 12),
            delegation="城关代表团",
        )
        w.deputies.append(user)
        w.mandates.append(mandate)
    w.deputy = w.deputies[0]
    services.suggestion_config_ensure(congress=w.congress)
    return w


@pytest.fixture
def draft(w):
    def make(author=None, type="suggestion", title="关于改善城关小学周边交通的建议", **kw):
        return services.suggestion_draft_create(
            actor=author or w.deputy,
            congress=w.congress,
            title=title,
            body="城关小学放学时段道路拥堵,建议增设交通协管员。",
            type=type,
            **kw,
        )

    return make


@pytest.fixture
def submitted(w, draft):
    def make(**kw):
        s = draft(**kw)
        services.suggestion_submit(actor=s.lead_user, suggestion=s)
        return s

    return make


@pytest.fixture
def assigned(w, submitted):
    def make(**kw):
        s = submitted(**kw)
        services.suggestion_review(actor=w.staff, suggestion=s, outcome="accept")
        engine.case_assign(actor=w.staff, case=s.case, lead=w.unit_a, co_handlers=[w.unit_b])
        return s

    return make


def lead_assignment(s):
    return s.case.assignments.get(role="lead")


def co_handlers_give_opinions(case, clerks):
    """Every co-handler still working signs (if needed) and sends its opinion to the lead unit (the
    suggestion kind's lead replies after them)."""
    for co in case.assignments.filter(role="co_handler", state__in=["pending_sign", "handling"]):
        clerk = clerks[co.organization_id]
        if co.state == "pending_sign":
            engine.assignment_sign(actor=clerk, assignment=co)
        engine.co_handler_opinion_send(actor=clerk, assignment=co, opinion="同意主办单位的办理意见。")


def reply(w, s, classification="A", contact=True, **kw):
    co_handlers_give_opinions(s.case, {w.unit_a.pk: w.clerk_a, w.unit_b.pk: w.clerk_b})
    a = lead_assignment(s)
    if a.state == "pending_sign":
        engine.assignment_sign(actor=w.clerk_a, assignment=a)
        a.refresh_from_db()
    if contact:
        engine.contact_record(
            actor=w.clerk_a,
            assignment=a,
            contacted_at=timezone.now(),
            mode="phone",
            phase="before",
            unit_person="王科长",
            counterpart="张代表",
            summary="电话沟通办理思路。",
        )
        a.refresh_from_db()
    r = engine.reply_submit(
        actor=w.clerk_a,
        assignment=a,
        classification=classification,
        text="已增设协管员。",
        signing_leader="王局长",
        **kw,
    )
    s.case.refresh_from_db()
    return r


def client_for(user):
    c = Client()
    c.force_login(user)
    return c
