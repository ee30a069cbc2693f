"""Handling as real units do it: co-handlers' opinions before the lead's reply, the unit leader's
sign-off (签发) of the clerk's draft, no closing while an assignment was never signed — each switch on
and off, on the test-only suggestion-like kind."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renda.cases import services
from renda.cases.actions import actions_for, find_action
from renda.cases.choices import DraftState
from renda.cases.inbox import inbox_for
from renda.cases.jobs import co_opinions_job, run_co_opinion_reminders
from renda.cases.models import Rating, ReminderLog, Reply
from renda.cases.selectors import (
    case_reply_drafts,
    case_timeline_entries,
    co_handler_opinions,
    get_reply_draft_for,
    reply_drafts_sent_back,
    reply_drafts_to_sign_off,
)
from renda.core.choices import Role
from renda.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from renda.core.jobs import DAILY_JOBS
from renda.core.models import Membership, User
from renda.notifications.models import Notification
from tests.samples import PDF

from .conftest import at, contact, lead_of

pytestmark = pytest.mark.django_db(transaction=True)
D = dt.date


def _leader(username, unit, name):
    user = User.objects.create_user(username=username, password="x", full_name=name)
    Membership.objects.create(user=user, organization=unit, role=Role.UNIT_LEADER)
    return user


@pytest.fixture
def leaders(world):
    world.leader_a = _leader("leader_a", world.unit_a, "王局长")
    world.leader_b = _leader("leader_b", world.unit_b, "李局长")
    return world


@pytest.fixture
def handling(world, assigned_case):
    """Unit A (lead) signed and talked with the deputy; unit B (co-handler) signed, no opinion yet."""
    lead = lead_of(assigned_case)
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    services.assignment_sign(actor=world.clerk_b, assignment=assigned_case.assignments.get(role="co_handler"))
    contact(world, lead)
    lead.refresh_from_db()
    return assigned_case


def _reply(world, case, actor=None, **kw):
    lead = lead_of(case)
    return services.reply_submit(
        actor=actor or world.clerk_a,
        assignment=lead,
        classification=kw.pop("classification", "A"),
        text="已列入今年道路修缮计划并完成施工。",
        signing_leader=kw.pop("signing_leader", "王局长"),
        **kw,
    )


def _co(case):
    return case.assignments.get(role="co_handler")


# --- 1. co-handlers' opinions before the lead replies ------------------------------------------------


def inbox_reasons(user):
    result = inbox_for(user)
    return {(e.reason, e.case.pk) for e in result.entries(result.rows)}


def test_without_the_switch_the_lead_replies_before_the_co_handler(world, handling, suggestion_policy):
    assert suggestion_policy.co_handler_opinion_before_reply is False
    reply = _reply(world, handling)
    assert reply.reason_without_co_handler == ""
    handling.refresh_from_db()
    assert handling.state == "replied"


def test_the_lead_waits_for_the_co_handler_or_says_why(world, handling, suggestion_policy):
    suggestion_policy.co_handler_opinion_before_reply = True
    with pytest.raises(ValidationFailed) as refused:
        _reply(world, handling)
    assert refused.value.field == "reason_without_co_handler"
    assert "县教育局" in refused.value.message and "协办意见" in refused.value.message
    assert not Reply.objects.filter(case=handling).exists()
    reply = _reply(world, handling, reason_without_co_handler="协办单位逾期未送达意见,已电话催办。")
    assert reply.reason_without_co_handler == "协办单位逾期未送达意见,已电话催办。"
    entry = [e for e in case_timeline_entries(handling) if e.action == "case.reply"][-1]
    assert "未待协办意见即答复" in entry.details
    assert "理由:协办单位逾期未送达意见,已电话催办。" in entry.details


def test_once_the_opinion_is_in_no_reason_is_needed_or_kept(world, handling, suggestion_policy):
    suggestion_policy.co_handler_opinion_before_reply = True
    services.co_handler_opinion_send(
        actor=world.clerk_b, assignment=_co(handling), opinion="同意主办单位方案。"
    )
    reply = _reply(world, handling, reason_without_co_handler="多余的理由")
    assert reply.reason_without_co_handler == ""  # nothing was missing: no reason on the record
    entry = [e for e in case_timeline_entries(handling) if e.action == "case.reply"][-1]
    assert "未待协办意见即答复" not in entry.details


def test_the_lead_unit_sees_the_co_handlers_opinion(world, handling):
    services.co_handler_opinion_send(
        actor=world.clerk_b, assignment=_co(handling), opinion="同意主办单位方案。"
    )
    seen = co_handler_opinions(handling, world.clerk_a)
    assert [(a.organization.name, a.opinion) for a in seen] == [("县教育局", "同意主办单位方案。")]
    assert [a.opinion for a in co_handler_opinions(handling, world.staff)] == ["同意主办单位方案。"]
    assert [a.organization_id for a in co_handler_opinions(handling, world.clerk_b)] == [world.unit_b.pk]
    assert co_handler_opinions(handling, world.clerk_c) == []  # unit C has nothing to do with it
    assert Notification.objects.filter(recipient=world.clerk_a, verb="assignment.co_opinion").exists()


def test_co_handlers_are_reminded_before_their_opinion_deadline(world, handling, suggestion_policy, freeze):
    assert DAILY_JOBS["cases.co_opinions"].hour == 7
    co = _co(handling)
    assert co.opinion_deadline == D(2026, 4, 2)
    freeze(at(2026, 3, 10, 7))
    suggestion_policy.co_handler_opinion_before_reply = True
    assert co_opinions_job() == {"yellow": 0, "red": 0}  # three weeks ahead: too early
    freeze(at(2026, 3, 31, 7))
    assert run_co_opinion_reminders() == {"yellow": 1, "red": 0}
    warned = Notification.objects.get(recipient=world.clerk_b, verb="co_opinion.warning")
    assert "协办意见须于2026年4月2日前送达主办单位" in warned.title
    assert run_co_opinion_reminders() == {"yellow": 0, "red": 0}  # once a day
    freeze(at(2026, 4, 7, 7))
    assert run_co_opinion_reminders() == {"yellow": 0, "red": 1}
    assert Notification.objects.filter(recipient=world.clerk_b, verb="co_opinion.overdue").exists()
    assert ReminderLog.objects.filter(assignment=co, subject="co_opinion").count() == 2
    services.co_handler_opinion_send(actor=world.clerk_b, assignment=co, opinion="同意。")
    assert run_co_opinion_reminders(today=D(2026, 4, 8)) == {"yellow": 0, "red": 0}


def test_no_reminders_where_the_kind_does_not_wait(world, handling, freeze):
    freeze(at(2026, 4, 7, 7))
    assert run_co_opinion_reminders() == {"yellow": 0, "red": 0}


# --- 2. the clerk drafts, the unit leader signs off ------------------------------------------------------


def test_draft_send_back_resubmit_sign_off_rated(world, leaders, handling, suggestion_policy):
    suggestion_policy.reply_requires_sign_off = True
    lead = lead_of(handling)
    # The clerk cannot reply directly where the unit has a leader to sign off.
    with pytest.raises(PermissionDeniedError) as refused:
        _reply(world, handling)
    assert "签发" in refused.value.message
    draft = services.reply_draft_submit(
        actor=world.clerk_a,
        assignment=lead,
        classification="B",
        text="已列入明年计划。",
        files=[SimpleUploadedFile("答复函.pdf", PDF, content_type="application/pdf")],
    )
    assert draft.state == DraftState.PENDING_SIGN_OFF and draft.is_final is False
    assert draft.attachments.count() == 1
    told = Notification.objects.get(recipient=world.leader_a, verb="reply_draft.submit")
    assert "答复稿" in told.title and "签发" in told.title
    assert not Notification.objects.filter(recipient=world.leader_b, verb="reply_draft.submit").exists()
    assert list(reply_drafts_to_sign_off(world.leader_a)) == [draft]
    assert list(reply_drafts_to_sign_off(world.leader_b)) == []
    assert ("to_sign_off", lead.case_id) in inbox_reasons(world.leader_a)
    assert ("to_handle", lead.case_id) not in inbox_reasons(world.clerk_a)
    # One open draft per assignment.
    with pytest.raises(ConflictError):
        services.reply_draft_submit(actor=world.clerk_a, assignment=lead, classification="A", text="另一稿")
    # Sent back with a note.
    with pytest.raises(ValidationFailed) as no_note:
        services.reply_send_back(actor=world.leader_a, draft=draft, note=" ")
    assert no_note.value.field == "note"
    services.reply_send_back(actor=world.leader_a, draft=draft, note="请写明资金来源和完成时限。")
    assert draft.state == DraftState.SENT_BACK and draft.decided_by == world.leader_a
    back = Notification.objects.get(recipient=world.clerk_a, verb="reply_draft.send_back")
    assert "退回修改" in back.title and "请写明资金来源和完成时限" in back.body
    assert list(reply_drafts_sent_back(world.clerk_a)) == [draft]
    assert ("sent_back", lead.case_id) in inbox_reasons(world.clerk_a)
    with pytest.raises(ConflictError):
        services.reply_sign_off(actor=world.leader_a, draft=draft)
    # The clerk edits and resubmits.
    services.reply_draft_update(
        actor=world.clerk_a,
        draft=draft,
        classification="A",
        text="资金已落实(县财政专项),九月底前完成施工。",
    )
    assert draft.state == DraftState.PENDING_SIGN_OFF and draft.is_final is True
    assert Notification.objects.filter(recipient=world.leader_a, verb="reply_draft.submit").count() == 2
    # Signed off: the formal reply, the clerk its author, the leader's name as signing leader.
    reply = services.reply_sign_off(actor=world.leader_a, draft=draft)
    assert reply.replied_by == world.clerk_a and reply.signed_off_by == world.leader_a
    assert reply.signing_leader == "王局长" and reply.text.startswith("资金已落实")
    assert reply.attachments.count() == 1
    draft.refresh_from_db()
    assert draft.state == DraftState.SIGNED_OFF and draft.reply == reply
    handling.refresh_from_db()
    lead.refresh_from_db()
    assert handling.state == "replied" and lead.state == "replied"
    # Summaries count the signed-off reply as the case's first reply.
    assert handling.first_reply_class == "A" and handling.latest_reply_class == "A"
    assert handling.first_replied_at == reply.replied_at and handling.first_reply_on_time is True
    assert lead.first_reply_class == "A" and lead.first_reply_on_time is True
    assert Notification.objects.filter(recipient=world.deputy, verb="case.reply").exists()
    assert Notification.objects.filter(recipient=world.clerk_a, verb="reply_draft.sign_off").exists()
    # The timeline names each step in Chinese.
    labels = [e.label for e in case_timeline_entries(handling)]
    for label in ("起草答复稿并送签", "退回答复稿", "修改答复稿后重新送签", "签发答复", "答复"):
        assert label in labels
    signed = [e for e in case_timeline_entries(handling) if e.action == "case.reply"][-1]
    assert "起草人:clerk_a" in signed.details and "签发人:王局长" in signed.details
    # Rated by the deputy: closed (the co-handler signed).
    services.case_rate(actor=world.deputy, reply=reply, value="satisfied")
    handling.refresh_from_db()
    assert handling.state == "closed"
    assert handling.latest_rating_value == "satisfied"


def test_only_the_units_own_leader_signs_off_or_sends_back(world, leaders, handling, suggestion_policy):
    suggestion_policy.reply_requires_sign_off = True
    draft = services.reply_draft_submit(
        actor=world.clerk_a, assignment=lead_of(handling), classification="A", text="已完成。"
    )
    for outsider in (world.leader_b, world.clerk_a, world.staff):
        with pytest.raises(PermissionDeniedError):
            services.reply_sign_off(actor=outsider, draft=draft)
        with pytest.raises(PermissionDeniedError):
            services.reply_send_back(actor=outsider, draft=draft, note="不行")
    assert not Reply.objects.filter(case=handling).exists()
    # Another unit's members do not even see the draft.
    assert list(case_reply_drafts(handling, world.clerk_b)) == []
    assert list(case_reply_drafts(handling, world.leader_a)) == [draft]
    assert list(case_reply_drafts(handling, world.staff)) == [draft]
    with pytest.raises(NotFoundError):
        get_reply_draft_for(world.leader_b, draft.pk)
    assert get_reply_draft_for(world.clerk_a, draft.pk) == draft


def test_the_unit_leader_may_reply_directly(world, leaders, handling, suggestion_policy):
    suggestion_policy.reply_requires_sign_off = True
    reply = _reply(world, handling, actor=world.leader_a, signing_leader="")
    assert reply.signing_leader == "王局长" and reply.replied_by == world.leader_a


def test_a_unit_without_a_leader_account_replies_directly(world, handling, suggestion_policy):
    suggestion_policy.reply_requires_sign_off = True
    reply = _reply(world, handling)  # unit A has only its clerk in this world
    assert reply.replied_by == world.clerk_a and reply.signed_off_by is None


def test_without_the_switch_there_are_no_drafts(world, leaders, handling, suggestion_policy):
    assert suggestion_policy.reply_requires_sign_off is False
    with pytest.raises(ValidationFailed):
        services.reply_draft_submit(
            actor=world.clerk_a, assignment=lead_of(handling), classification="A", text="已完成。"
        )
    assert _reply(world, handling).replied_by == world.clerk_a  # the clerk replies as before
    codes = {b.code for b in actions_for(handling, world.clerk_a)}
    assert "draft_reply" not in codes


def test_the_draft_keeps_the_reply_rules(world, leaders, assigned_case, suggestion_policy):
    """A draft is refused for what would refuse the reply: no contact, a missing co-handler opinion."""
    suggestion_policy.reply_requires_sign_off = True
    suggestion_policy.co_handler_opinion_before_reply = True
    lead = lead_of(assigned_case)
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    with pytest.raises(ValidationFailed) as no_contact:
        services.reply_draft_submit(actor=world.clerk_a, assignment=lead, classification="A", text="已完成。")
    assert no_contact.value.field == "reason_without_contact"
    contact(world, lead)
    lead.refresh_from_db()
    with pytest.raises(ValidationFailed) as no_opinion:
        services.reply_draft_submit(actor=world.clerk_a, assignment=lead, classification="A", text="已完成。")
    assert no_opinion.value.field == "reason_without_co_handler"
    draft = services.reply_draft_submit(
        actor=world.clerk_a,
        assignment=lead,
        classification="A",
        text="已完成。",
        reason_without_co_handler="协办单位尚未签收,已报告县人大常委会。",
    )
    reply = services.reply_sign_off(actor=world.leader_a, draft=draft)
    assert reply.reason_without_co_handler == "协办单位尚未签收,已报告县人大常委会。"


def test_sign_off_actions_follow_the_switch_and_the_person(world, leaders, handling, suggestion_policy):
    suggestion_policy.reply_requires_sign_off = True
    clerk_codes = {b.code for b in actions_for(handling, world.clerk_a)}
    assert "draft_reply" in clerk_codes
    assert "draft_reply" not in {b.code for b in actions_for(handling, world.leader_a)}
    bound = find_action(handling, world.clerk_a, "draft_reply", lead_of(handling).pk)
    form = bound.action.form(None, bound.target, {"classification": "A", "text": "已完成。"})
    assert form.is_valid(), form.errors
    bound.action.perform(_ctx(handling, world.clerk_a), form.cleaned_data, bound.target)
    draft = handling.reply_drafts.get()
    leader_actions = {(b.code, b.target_id) for b in actions_for(handling, world.leader_a)}
    assert {("sign_off", draft.pk), ("send_back", draft.pk)} <= leader_actions
    assert not {b.code for b in actions_for(handling, world.leader_b)} & {"sign_off", "send_back"}
    assert "draft_reply" not in {b.code for b in actions_for(handling, world.clerk_a)}  # one open draft
    send_back = find_action(handling, world.leader_a, "send_back", draft.pk)
    send_back.action.perform(_ctx(handling, world.leader_a), {"note": "请补充完成时限。"}, send_back.target)
    edit = find_action(handling, world.clerk_a, "edit_draft", draft.pk)
    assert edit is not None
    assert edit.action.form(None, edit.target).initial["text"] == "已完成。"


def _ctx(case, actor):
    from renda.cases.actions import ActionContext

    return ActionContext(actor=actor, case=case)


# --- 3. no case closes while an assignment was never signed ---------------------------------------------


def test_an_unsigned_co_handler_blocks_the_closing_rating(world, assigned_case):
    lead = lead_of(assigned_case)
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    contact(world, lead)
    reply = _reply(world, assigned_case)
    with pytest.raises(ConflictError) as refused:
        services.case_rate(actor=world.deputy, reply=reply, value="satisfied")
    assert "县教育局" in refused.value.message and "签收" in refused.value.message
    assert not Rating.objects.filter(reply=reply).exists()  # rolled back
    assigned_case.refresh_from_db()
    assert assigned_case.state == "replied" and assigned_case.closed_at is None
    services.assignment_sign(actor=world.clerk_b, assignment=_co(assigned_case))
    services.case_rate(actor=world.deputy, reply=reply, value="satisfied")
    assigned_case.refresh_from_db()
    assert assigned_case.state == "closed"


def test_a_dissatisfied_rating_still_sends_it_back(world, assigned_case):
    """Only closing waits for the signature: re-handling goes on."""
    lead = lead_of(assigned_case)
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    contact(world, lead)
    reply = _reply(world, assigned_case)
    services.case_rate(actor=world.deputy, reply=reply, value="dissatisfied")
    assigned_case.refresh_from_db()
    assert assigned_case.state == "rehandling"


def test_without_the_switch_an_unsigned_co_handler_does_not_block(world, assigned_case, suggestion_policy):
    suggestion_policy.close_requires_signed_assignments = False
    lead = lead_of(assigned_case)
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    contact(world, lead)
    services.case_rate(actor=world.deputy, reply=_reply(world, assigned_case), value="satisfied")
    assigned_case.refresh_from_db()
    assert assigned_case.state == "closed"


def test_a_generic_closing_transition_is_refused_too(world, make_case, suggestion_policy):
    """Any transition into a closed state: here the kind lets staff close a case by hand."""
    from renda.cases.policies import Transition, is_staff_of_case_congress

    suggestion_policy.transitions = (
        *suggestion_policy.transitions,
        Transition("close", ("assigned", "handling"), "closed", "办结", is_staff_of_case_congress),
    )
    case = make_case()
    services.case_assign(actor=world.staff, case=case, lead=world.unit_a)
    with pytest.raises(ConflictError) as refused:
        services.case_transition(actor=world.staff, case=case, name="close")
    assert "县交通运输局" in refused.value.message
    services.assignment_sign(actor=world.clerk_a, assignment=lead_of(case))
    case.refresh_from_db()
    services.case_transition(actor=world.staff, case=case, name="close")
    case.refresh_from_db()
    assert case.state == "closed"


def test_a_returned_assignment_does_not_count(world, assigned_case):
    co = _co(assigned_case)
    request = services.return_request(actor=world.clerk_b, assignment=co, reason="不属于本单位职责。")
    services.return_decide(actor=world.staff, request=request, approve=True)
    lead = lead_of(assigned_case)
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    contact(world, lead)
    services.case_rate(actor=world.deputy, reply=_reply(world, assigned_case), value="satisfied")
    assigned_case.refresh_from_db()
    assert assigned_case.state == "closed"
