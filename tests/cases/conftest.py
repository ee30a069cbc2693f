"""Test data for the case engine: a county congress, its units and people, and two test-only kinds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from renda.cases import services
from renda.cases.calendar import seed_national_calendar
from renda.cases.choices import PartyRole
from renda.cases.policies import (
    CasePolicy,
    State,
    Transition,
    any_of,
    is_assigned_unit_member,
    is_author,
    is_lead_unit_member,
    is_rater,
    is_staff_of_case_congress,
    register_policy,
    unregister_policy,
)
from renda.core.choices import CongressLevel, OrganizationKind, Role
from renda.core.models import Congress, Membership, Organization, User

TZ = ZoneInfo("Asia/Shanghai")

S = is_staff_of_case_congress
OPEN = ("assigned", "handling", "replied", "following", "rehandling")


class SuggestionLikePolicy(CasePolicy):
    """A test-only kind shaped like deputies' suggestions (the real one lives in the suggestions app)."""

    kind = "test_suggestion"
    label = "测试建议"
    states = (
        State("draft", "草稿"),
        State("submitted", "已提交"),
        State("assigned", "已交办"),
        State("handling", "办理中"),
        State("replied", "已答复"),
        State("following", "跟踪落实"),
        State("rehandling", "重新办理"),
        State("closed", "已办结", is_open=False),
        State("withdrawn", "已撤回", is_open=False),
    )
    initial_state = "draft"
    transitions = (
        Transition("submit", ("draft",), "submitted", "提交", is_author),
        Transition("withdraw", ("draft", "submitted"), "withdrawn", "撤回", is_author, requires_note=True),
        Transition("assign", ("submitted",), "assigned", "交办", S, service="case_assign"),
        Transition(
            "sign", ("assigned",), "handling", "签收", is_assigned_unit_member, service="assignment_sign"
        ),
        Transition(
            "reply",
            ("assigned", "handling", "rehandling", "following"),
            "replied",
            "答复",
            is_lead_unit_member,
            service="reply_submit",
        ),
        Transition("accept", ("replied",), "closed", "满意办结", is_rater, service="case_rate"),
        Transition("follow", ("replied",), "following", "跟踪落实", is_rater, service="case_rate"),
        Transition(
            "rehandle", ("replied", "rehandling"), "rehandling", "重新办理", is_rater, service="case_rate"
        ),
        Transition(
            "unassign", ("assigned", "handling"), "submitted", "待重新交办", S, service="return_decide"
        ),
        Transition("reopen", ("closed",), "handling", "重新打开", any_of(S)),
    )


def at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=TZ)


@pytest.fixture
def freeze(monkeypatch):
    """freeze(datetime) makes timezone.now() return it (services and auto_now fields alike)."""

    def set_now(moment):
        # timezone.now() returns UTC in production; the audit hash relies on it.
        moment = moment.astimezone(dt.UTC)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    set_now(at(2026, 3, 2))  # a Monday
    return set_now


@pytest.fixture(autouse=True)
def suggestion_policy():
    policy = register_policy(SuggestionLikePolicy(), replace=True)
    yield policy
    unregister_policy(policy.kind)


class World:
    pass


def _user(username, org, role, **extra):
    user = User.objects.create_user(username=username, password="x", full_name=username, **extra)
    Membership.objects.create(user=user, organization=org, role=role)
    return user


@pytest.fixture
def world(db, freeze):
    seed_national_calendar()  # idempotent; transactional tests flush the migration's rows
    w = World()
    w.congress = Congress.objects.create(name="测试县人大", region_name="测试县", level=CongressLevel.COUNTY)
    w.other_congress = Congress.objects.create(
        name="邻县人大", region_name="邻县", level=CongressLevel.COUNTY
    )
    org = Organization.objects.create
    w.office = org(congress=w.congress, name="县人大常委会办公室", kind=OrganizationKind.CONGRESS_OFFICE)
    w.committee = org(congress=w.congress, name="县人大常委会", kind=OrganizationKind.STANDING_COMMITTEE)
    w.unit_a = org(congress=w.congress, name="县交通运输局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT)
    w.unit_b = org(congress=w.congress, name="县教育局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT)
    w.unit_c = org(congress=w.congress, name="县住建局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT)
    w.closed_unit = org(
        congress=w.congress, name="县撤并局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT, is_active=False
    )
    w.station = org(congress=w.congress, name="城关代表联络站", kind=OrganizationKind.LIAISON_STATION)
    w.foreign_unit = org(
        congress=w.other_congress, name="邻县交通局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT
    )
    w.staff = _user("staff", w.office, Role.STAFF, email="staff@example.org")
    w.leader = _user("leader", w.committee, Role.LEADER, email="leader@example.org")
    w.deputy = _user("deputy", w.committee, Role.DEPUTY, email="deputy@example.org", phone="13800000001")
    w.deputy2 = _user("deputy2", w.committee, Role.DEPUTY)
    w.clerk_a = _user("clerk_a", w.unit_a, Role.UNIT_CLERK, email="a@example.org", phone="13800000002")
    w.clerk_b = _user("clerk_b", w.unit_b, Role.UNIT_CLERK)
    w.clerk_c = _user("clerk_c", w.unit_c, Role.UNIT_CLERK)
    w.keeper = _user("keeper", w.station, Role.STATION_KEEPER)
    other_office = org(
        congress=w.other_congress, name="邻县人大办公室", kind=OrganizationKind.CONGRESS_OFFICE
    )
    w.other_staff = _user("other_staff", other_office, Role.STAFF)
    return w


@pytest.fixture
def make_case(world):
    def make(title="关于修缮城关镇道路的建议", author=None, submit=True, **kw):
        author = author or world.deputy
        case = services.case_create(
            actor=author,
            congress=world.congress,
            kind="test_suggestion",
            title=title,
            body="城关镇主干道破损严重。",
            parties=[(author, PartyRole.AUTHOR)],
            **kw,
        )
        if submit:
            services.case_transition(actor=author, case=case, name="submit")
        return case

    return make


@pytest.fixture
def assigned_case(world, make_case):
    """A submitted case assigned to unit A (lead) with unit B as co-handler."""
    case = make_case()
    services.case_assign(actor=world.staff, case=case, lead=world.unit_a, co_handlers=[world.unit_b])
    return case


def lead_of(case):
    return case.assignments.get(role="lead", state__in=["pending_sign", "handling", "replied"])


def contact(world, assignment, actor=None):
    return services.contact_record(
        actor=actor or world.clerk_a,
        assignment=assignment,
        contacted_at=timezone.now(),
        mode="phone",
        phase="before",
        unit_person="张科长",
        counterpart="李代表",
        summary="说明了修缮计划。",
    )


def sign_co_handlers(world, case):
    """The co-handlers sign for their assignment (a case closes only when every unit has signed)."""
    clerks = {world.unit_a.pk: world.clerk_a, world.unit_b.pk: world.clerk_b, world.unit_c.pk: world.clerk_c}
    for co in case.assignments.filter(role="co_handler", state="pending_sign"):
        services.assignment_sign(actor=clerks[co.organization_id], assignment=co)


def reply(world, case, classification="A", actor=None, with_contact=True, **kw):
    sign_co_handlers(world, case)
    assignment = lead_of(case)
    if assignment.state == "pending_sign":
        services.assignment_sign(actor=actor or world.clerk_a, assignment=assignment)
    if with_contact:
        contact(world, assignment, actor)
    return services.reply_submit(
        actor=actor or world.clerk_a,
        assignment=assignment,
        classification=classification,
        text="已列入今年道路修缮计划并完成施工。",
        signing_leader="王局长",
        **kw,
    )
