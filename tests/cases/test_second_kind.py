"""Generality: two more kinds run through the same engine without a line of engine code changed."""

import pytest

from renda.cases import services
from renda.cases.choices import DeadlineUnit
from renda.cases.policies import (
    CasePolicy,
    Deadline,
    PercentScale,
    State,
    Transition,
    is_lead_unit_member,
    is_rater,
    is_staff_of_case_congress,
    register_policy,
    unregister_policy,
)
from renda.core.errors import ValidationFailed
from renda.notifications.models import Notification

from .conftest import contact, lead_of

pytestmark = pytest.mark.django_db(transaction=True)
S = is_staff_of_case_congress


class DeliberationOpinionPolicy(CasePolicy):
    """审议意见: assigned by staff, rated by the committee in percent (≥80 passes, <60 escalates)."""

    kind = "test_deliberation"
    label = "测试审议意见"
    number_prefix = "SY"
    states = (
        State("adopted", "已形成"),
        State("handling", "办理中"),
        State("reported", "已报告"),
        State("rectifying", "继续整改"),
        State("done", "已完成", is_open=False),
    )
    initial_state = "adopted"
    transitions = (
        Transition("assign", ("adopted",), "handling", "交办", S, service="case_assign"),
        Transition("reply", ("handling", "rectifying"), "reported", "报告办理情况", is_lead_unit_member),
        Transition("accept", ("reported",), "done", "测评通过", is_rater),
        Transition("rehandle", ("reported",), "rectifying", "继续整改", is_rater),
    )
    reply_deadline = Deadline(DeadlineUnit.WORKING_DAYS, 60)
    rating_scale = PercentScale(pass_at=80, escalate_below=60)
    requires_contact_before_reply = False
    special_inquiry_after = 3


class ConstituentOpinionPolicy(CasePolicy):
    """民情: no rater; a final reply closes it."""

    kind = "test_constituent"
    label = "测试民情"
    states = (
        State("received", "已接收"),
        State("assigned", "已转办"),
        State("closed", "已办结", is_open=False),
        State("following", "跟踪"),
    )
    initial_state = "received"
    transitions = (
        Transition("assign", ("received",), "assigned", "转办", S),
        Transition("close", ("assigned", "following"), "closed", "办结", is_lead_unit_member),
        Transition("follow", ("assigned",), "following", "跟踪", is_lead_unit_member),
    )

    def rater_for(self, case):
        return None


@pytest.fixture
def kinds():
    register_policy(DeliberationOpinionPolicy())
    register_policy(ConstituentOpinionPolicy())
    yield
    unregister_policy("test_deliberation")
    unregister_policy("test_constituent")


def _opinion(world):
    return services.case_create(
        actor=world.staff,
        congress=world.congress,
        kind="test_deliberation",
        title="关于县道路交通安全工作情况报告的审议意见",
        parties=[(world.leader, "rater")],
    )


def _report(world, case, text="已整改。"):
    return services.reply_submit(
        actor=world.clerk_a, assignment=lead_of(case), classification="A", text=text, signing_leader="王局长"
    )


def test_percent_rated_kind_through_assign_reply_rate_rehandle(world, kinds):
    case = _opinion(world)
    assert case.number == "SY2026-0001"
    services.case_assign(actor=world.staff, case=case, lead=world.unit_a)
    case.refresh_from_db()
    # 60 working days from Monday 2 March 2026 (清明 4–6 April and 劳动节 1–5 May off, 9 May worked).
    assert case.state == "handling" and str(case.due_at) == "2026-05-28"
    services.assignment_sign(actor=world.clerk_a, assignment=lead_of(case))
    first = _report(world, case)  # no contact needed for this kind
    with pytest.raises(ValidationFailed):
        services.case_rate(actor=world.leader, reply=first, value="150")
    with pytest.raises(ValidationFailed):
        services.case_rate(actor=world.leader, reply=first, value="many")
    services.case_rate(actor=world.leader, reply=first, value="72.5")
    case.refresh_from_db()
    assert case.state == "rectifying" and not case.on_special_inquiry and case.rehandle_count == 1
    second = _report(world, case, "再次整改。")
    rating = services.case_rate(actor=world.leader, reply=second, value=55)
    case.refresh_from_db()
    assert rating.outcome == "escalate" and case.on_special_inquiry and case.is_key
    third = _report(world, case, "整改到位。")
    rating = services.case_rate(actor=world.leader, reply=third, value=86)
    case.refresh_from_db()
    assert rating.outcome == "pass" and str(rating.percent) == "86.00" and case.state == "done"
    assert Notification.objects.filter(verb="case.special_inquiry", recipient=world.leader).exists()


def test_kind_without_rater_closes_on_final_reply(world, kinds):
    case = services.case_create(
        actor=world.keeper,
        congress=world.congress,
        kind="test_constituent",
        title="村口路灯不亮",
        origin_organization=world.station,
    )
    services.case_assign(actor=world.staff, case=case, lead=world.unit_a)
    lead = lead_of(case)
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    contact(world, lead)
    services.reply_submit(
        actor=world.clerk_a, assignment=lead, classification="B", text="已列入计划", signing_leader="王"
    )
    case.refresh_from_db()
    assert case.state == "following"
    lead.refresh_from_db()
    # A follow-up reply needs the assignment handling again: staff-less kinds leave it replied, so the
    # final word closes the case through the same service once the unit handles it.
    assert lead.state == "replied"


def test_kind_without_rater_final_reply_closes(world, kinds):
    case = services.case_create(
        actor=world.keeper, congress=world.congress, kind="test_constituent", title="路灯"
    )
    services.case_assign(actor=world.staff, case=case, lead=world.unit_a)
    lead = lead_of(case)
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    contact(world, lead)
    services.reply_submit(
        actor=world.clerk_a, assignment=lead, classification="A", text="已修复", signing_leader="王"
    )
    case.refresh_from_db()
    assert case.state == "closed" and set(case.assignments.values_list("state", flat=True)) == {"closed"}
    # Station keepers see the cases that came in through their station; others' stations do not.
    from renda.cases.models import Case

    assert case in Case.objects.visible_to(world.keeper)
