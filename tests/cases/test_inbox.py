# ruff: noqa: F811  (the fixtures of tests/suggestions/conftest.py, imported by name)
"""One inbox per person across case kinds (``renda.cases.inbox``): reasons by role, filters, the page,
its export, the home page's counts, and a kind registered only here that appears with no code of its own."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from renda.cases import services as engine
from renda.cases.choices import PartyRole
from renda.cases.inbox import InboxFilters, inbox_for
from renda.cases.policies import (
    CasePolicy,
    State,
    Transition,
    is_assigned_unit_member,
    is_lead_unit_member,
    is_rater,
    is_staff_of_case_congress,
    register_policy,
    unregister_policy,
)
from renda.core.choices import OrganizationKind, Role
from renda.core.models import Membership, Organization, User
from renda.suggestions import services
from tests.suggestions.conftest import (  # noqa: F401  (fixtures)
    TZ,
    assigned,
    client_for,
    draft,
    freeze,
    lead_assignment,
    reply,
    submitted,
    w,
)

pytestmark = pytest.mark.django_db
S = is_staff_of_case_congress


def opinion_assigned(w, unit, title="人民路北段路灯不亮"):
    """A constituent opinion (the liaison kind) accepted and routed to ``unit`` by the staff."""
    case = engine.case_create(
        actor=w.staff, congress=w.congress, kind="constituent_opinion", title=title, body="晚上出行不便。"
    )
    engine.case_transition(actor=w.staff, case=case, name="accept_opinion")
    engine.case_assign(actor=w.staff, case=case, lead=unit)
    case.refresh_from_db()
    return case


def reasons(user, **filters):
    return {code: n for code, n in inbox_for(user, filters=InboxFilters(**filters)).counts.items() if n}


def rows(user, **filters):
    return [
        (r["inbox_case"], r["inbox_reason"]) for r in inbox_for(user, filters=InboxFilters(**filters)).rows
    ]


def test_a_unit_clerk_sees_a_suggestion_and_a_constituent_opinion(w, assigned):
    s = assigned()
    opinion = opinion_assigned(w, w.unit_a)
    result = inbox_for(w.clerk_a)
    entries = result.entries(result.rows)
    assert {(e.case.pk, e.reason) for e in entries} == {(s.case.pk, "to_sign"), (opinion.pk, "to_sign")}
    by_case = {e.case.pk: e for e in entries}
    assert by_case[s.case.pk].kind_label == "代表建议"
    assert by_case[opinion.pk].kind_label == "社情民意"
    assert by_case[s.case.pk].state_label == "已交办"
    assert by_case[opinion.pk].unit == w.unit_a
    assert by_case[opinion.pk].url == f"/cases/{opinion.pk}/"
    assert by_case[s.case.pk].deadline == lead_assignment(s).deadline
    # the co-handling unit signs, then owes its opinion; the other unit never sees the opinion
    assert reasons(w.clerk_b) == {"to_sign": 1}
    co = s.case.assignments.get(organization=w.unit_b)
    engine.assignment_sign(actor=w.clerk_b, assignment=co)
    assert reasons(w.clerk_b) == {"co_opinion": 1}
    engine.co_handler_opinion_send(actor=w.clerk_b, assignment=co, opinion="同意主办单位意见。")
    assert reasons(w.clerk_b) == {}


def test_to_handle_rehandle_and_overdue_for_the_unit(w, assigned, freeze):
    s = assigned()
    engine.assignment_sign(actor=w.clerk_a, assignment=lead_assignment(s))
    assert reasons(w.clerk_a) == {"to_handle": 1}
    r = reply(w, s, "A")
    assert reasons(w.clerk_a) == {}  # replied this round: nothing left for the unit
    assert reasons(w.deputy) == {"to_rate": 1}
    engine.case_rate(actor=w.deputy, reply=r, value="dissatisfied", comment="未解决")
    assert reasons(w.clerk_a) == {"rehandle": 1}
    deadline = lead_assignment(s).deadline
    freeze(dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(10), tzinfo=TZ))
    assert reasons(w.clerk_a) == {"overdue": 1}  # overdue takes the item from its own reason
    assert reasons(w.clerk_a, deadline="overdue") == {"overdue": 1}
    assert reasons(w.clerk_a, deadline="soon") == {}


def test_staff_review_assign_and_decide_requests(w, submitted, assigned):
    s = submitted()
    assert rows(w.staff) == [(s.case.pk, "to_review")]
    assert reasons(w.leader) == {"to_review": 1}  # leaders of the congress may admit too (the policy)
    assert "to_review" not in reasons(w.clerk_a) and "to_review" not in reasons(w.deputy)
    services.suggestion_review(actor=w.staff, suggestion=s, outcome="accept")
    assert reasons(w.staff) == {"to_assign": 1}  # not "to review" as well
    other = assigned()
    engine.extension_request(
        actor=w.clerk_a,
        assignment=lead_assignment(other),
        requested_deadline=lead_assignment(other).deadline + dt.timedelta(days=30),
        reason="涉及多个部门协调,需要延期。",
    )
    assert reasons(w.staff) == {"to_assign": 1, "requests": 1}
    assert "requests" not in reasons(w.clerk_a)
    # staff of the neighbouring congress see none of it
    outsider = User.objects.create_user(username="outsider", password="x", full_name="邻县工作人员")
    office = Organization.objects.create(
        congress=w.other, name="邻县人大办公室", kind=OrganizationKind.CONGRESS_OFFICE
    )
    Membership.objects.create(user=outsider, organization=office, role=Role.STAFF)
    assert reasons(outsider) == {}


def test_three_reasons_with_and_without_a_unit_make_one_list(w, submitted, assigned):
    """PostgreSQL resolves UNION column types pair by pair: sources without a unit or a deadline come
    first here, one with both last, and the list still reads."""
    first, second = submitted(), submitted()
    services.suggestion_review(actor=w.staff, suggestion=second, outcome="accept")
    other = assigned()
    engine.extension_request(
        actor=w.clerk_a,
        assignment=lead_assignment(other),
        requested_deadline=lead_assignment(other).deadline + dt.timedelta(days=30),
        reason="涉及多个部门协调,需要延期。",
    )
    got = rows(w.staff)
    assert sorted(reason for _, reason in got) == ["requests", "to_assign", "to_review"]
    assert (first.case.pk, "to_review") in got and (second.case.pk, "to_assign") in got
    result = inbox_for(w.staff)
    units = {e.reason: e.unit for e in result.entries(result.rows)}
    assert units["requests"] == w.unit_a and units["to_review"] is None


def test_deputies_co_sign_and_rate(w, draft, assigned):
    s = draft()
    services.cosigner_invite(actor=w.deputy, suggestion=s, mandates=[w.mandates[1]])
    invited = inbox_for(w.deputies[1])
    assert invited.counts.get("cosign") == 1
    assert invited.entries(invited.rows)[0].url == reverse("suggestions:invitations")
    assert "cosign" not in reasons(w.deputy) and "cosign" not in reasons(w.staff)
    rated = assigned(title="关于加装路灯的建议")
    reply(w, rated, "A")
    assert reasons(w.deputy) == {"to_rate": 1}  # the lead deputy rates
    assert "to_rate" not in reasons(w.deputies[1]) and "to_rate" not in reasons(w.staff)
    assert reasons(w.staff) == {"replies": 1}  # the staff follow the rating up


def test_filters_search_and_states(w, assigned):
    s = assigned(title="关于改善城关小学周边交通的建议")
    opinion = opinion_assigned(w, w.unit_a, title="路灯不亮")
    assert rows(w.clerk_a, kind="suggestion") == [(s.case.pk, "to_sign")]
    assert rows(w.clerk_a, kind="constituent_opinion") == [(opinion.pk, "to_sign")]
    assert rows(w.clerk_a, q="路灯") == [(opinion.pk, "to_sign")]
    assert rows(w.clerk_a, q=s.case.number) == [(s.case.pk, "to_sign")]
    assert rows(w.clerk_a, state="assigned", kind="suggestion") == [(s.case.pk, "to_sign")]
    assert rows(w.clerk_a, reason="to_handle") == []
    assert (
        inbox_for(w.clerk_a, filters=InboxFilters(reason="to_handle")).counts["to_sign"] == 2
    )  # tabs keep counts


def test_the_page_tabs_pagination_and_export(w, assigned):
    s = assigned()
    opinion_assigned(w, w.unit_a)
    client = client_for(w.clerk_a)
    page = client.get(reverse("cases:inbox"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "我的待办" in html and "待签收" in html and s.case.title in html and "社情民意" in html
    assert f'href="/cases/{s.case.pk}/"' in html
    filtered = client.get(reverse("cases:inbox"), {"kind": "suggestion", "q": "城关"}).content.decode()
    assert s.case.title in filtered and "路灯" not in filtered
    # garbage filters answer the unfiltered list, not an error
    assert client.get(reverse("cases:inbox"), {"kind": "x", "deadline": "y", "page": "z"}).status_code == 200
    export = client.get(reverse("cases:inbox_export"), {"kind": "suggestion"})
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(values) if "编号" in row)
    body = [row for row in values[header + 1 :] if any(row)]
    assert len(body) == 1 and body[0][0] == s.case.number and body[0][4] == "待签收"
    from renda.audit.models import Event

    assert Event.objects.filter(action="case_inbox.export", actor=w.clerk_a).exists()


def test_the_page_needs_a_sign_in(client):
    assert client.get(reverse("cases:inbox")).status_code == 302


def test_the_page_has_no_n_plus_one(w, assigned):
    assigned(title="第一件")
    client = client_for(w.clerk_a)
    client.get(reverse("cases:inbox"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:inbox"))
    for i in range(6):
        assigned(title=f"第{i + 2}件")
        opinion_assigned(w, w.unit_a, title=f"民意{i}")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(reverse("cases:inbox")).context["entries"]) == 13
    assert len(many) == len(few)


def test_home_counts_are_the_inbox_counts(w, submitted, assigned):
    submitted()
    s = assigned(title="关于加装路灯的建议")
    engine.assignment_sign(actor=w.clerk_a, assignment=lead_assignment(s))
    for user in (w.staff, w.clerk_a, w.clerk_b):
        todos = client_for(user).get(reverse("home")).context["todos"]
        inbox_url = reverse("cases:inbox") + "?reason="
        on_home = {t.url.removeprefix(inbox_url): t.count for t in todos if t.url.startswith(inbox_url)}
        assert on_home == reasons(user) and on_home


class HearingPolicy(CasePolicy):
    """A kind registered only in this test: filed, then reviewed and assigned by staff; its reports are
    rated by the case's rater party (a deputy)."""

    kind = "test_hearing"
    label = "测试听证意见"
    states = (
        State("filed", "已登记"),
        State("ready", "待交办"),
        State("handling", "办理中"),
        State("reported", "已报告"),
        State("done", "已完成", is_open=False),
    )
    initial_state = "filed"
    transitions = (
        Transition("admit", ("filed",), "ready", "受理", S),
        Transition("assign", ("ready",), "handling", "交办", S, service="case_assign"),
        Transition(
            "sign", ("handling",), "handling", "签收", is_assigned_unit_member, service="assignment_sign"
        ),
        Transition("reply", ("handling",), "reported", "报告", is_lead_unit_member, service="reply_submit"),
        Transition("accept", ("reported",), "done", "通过", is_rater, service="case_rate"),
        Transition("rehandle", ("reported",), "handling", "继续整改", is_rater, service="case_rate"),
    )
    requires_contact_before_reply = False

    @staticmethod
    def can_create(actor, congress):
        return True


@pytest.fixture
def hearing():
    policy = register_policy(HearingPolicy())
    yield policy
    unregister_policy(policy.kind)


def test_a_kind_registered_only_here_appears_with_no_code_of_its_own(w, hearing):
    case = engine.case_create(
        actor=w.staff,
        congress=w.congress,
        kind="test_hearing",
        title="关于听证会意见的办理",
        parties=[(w.deputies[1], PartyRole.RATER)],
    )
    result = inbox_for(w.staff)
    entry = result.entries(result.rows)[0]
    assert (entry.case, entry.reason, entry.kind_label, entry.state_label) == (
        case,
        "to_review",
        "测试听证意见",
        "已登记",
    )
    engine.case_transition(actor=w.staff, case=case, name="admit")
    assert reasons(w.staff) == {"to_assign": 1}
    engine.case_assign(actor=w.staff, case=case, lead=w.unit_a)
    assert reasons(w.staff) == {} and reasons(w.clerk_a) == {"to_sign": 1}
    a = case.assignments.get()
    engine.assignment_sign(actor=w.clerk_a, assignment=a)
    assert reasons(w.clerk_a) == {"to_handle": 1}
    engine.reply_submit(
        actor=w.clerk_a, assignment=a, classification="A", text="已办理。", signing_leader="王局长"
    )
    # its rater party rates (the default rater_for and rater_filter); the staff follow the rating up
    assert reasons(w.deputies[1]) == {"to_rate": 1}
    assert reasons(w.staff) == {"replies": 1}
    assert reasons(w.deputy) == {}
    page = client_for(w.staff).get(reverse("cases:inbox"), {"kind": "test_hearing"}).content.decode()
    assert "测试听证意见" in page and "答复待测评" in page and "已报告" in page
    engine.case_rate(actor=w.deputies[1], reply=case.replies.get(), value="satisfied")
    assert reasons(w.staff) == {} and reasons(w.deputies[1]) == {}


def test_the_menu_has_the_inbox_for_the_working_roles(w):
    from renda.web.navigation import nav_for

    def has(user):
        links = nav_for(user, "/")
        urls = [link.url for link in links] + [c.url for link in links for c in link.children]
        return reverse("cases:inbox") in urls

    assert has(w.staff) and has(w.leader) and has(w.clerk_a) and has(w.deputy)
    party_less = User.objects.create_user(username="citizen", password="x", full_name="群众")
    assert not has(party_less)


def test_the_old_unit_and_rating_pages_lead_to_the_inbox(w):
    assert client_for(w.clerk_a).get(reverse("suggestions:unit_todo"))["Location"] == (
        reverse("cases:inbox") + "?kind=suggestion"
    )
    assert client_for(w.deputy).get(reverse("suggestions:to_rate"))["Location"] == (
        reverse("cases:inbox") + "?kind=suggestion&reason=to_rate"
    )


def test_a_party_rater_is_found_in_sql(w, hearing):
    """The default ``rater_filter`` mirrors the default ``rater_for``: the rater party, else the author."""
    from renda.cases.models import Case

    base = CasePolicy.rater_filter
    case = engine.case_create(
        actor=w.staff,
        congress=w.congress,
        kind="test_hearing",
        title="有测评人",
        parties=[(w.deputy, PartyRole.AUTHOR), (w.deputies[1], PartyRole.RATER)],
    )
    authored = engine.case_create(
        actor=w.staff,
        congress=w.congress,
        kind="test_hearing",
        title="无测评人",
        parties=[(w.deputy, PartyRole.AUTHOR)],
    )
    policy = HearingPolicy()
    assert set(Case.objects.filter(base(policy, w.deputies[1]))) == {case}
    assert set(Case.objects.filter(base(policy, w.deputy))) == {authored}


def test_the_api_twin_answers_the_same_inbox(w, assigned):
    from renda.api.services import api_token_create

    s = assigned()
    opinion_assigned(w, w.unit_a)
    _token, secret = api_token_create(actor=w.clerk_a, name="待办接口")
    api = client_for(w.clerk_a)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    body = api.get("/api/v1/inbox", {"kind": "suggestion"}, **headers).json()
    assert body["count"] == 1 and body["results"][0]["case_id"] == s.case.pk
    assert body["results"][0]["reason_label"] == "待签收" and body["results"][0]["kind_label"] == "代表建议"
    assert {r["code"]: r["count"] for r in body["reasons"] if r["count"]} == reasons(
        w.clerk_a, kind="suggestion"
    )
    everything = api.get("/api/v1/inbox", {"kind": "nonsense", "reason": "x"}, **headers).json()
    assert everything["count"] == inbox_for(w.clerk_a).total == 2
    from django.test import Client

    assert Client().get("/api/v1/inbox").status_code == 401
