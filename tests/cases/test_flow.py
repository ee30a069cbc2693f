"""The whole life of a suggestion-like case, through the services, with every rule checked."""

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from renda.audit.services import verify_chain
from renda.cases import services
from renda.cases.models import Assignment, Case
from renda.cases.policies import available_transitions
from renda.cases.selectors import case_timeline
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.notifications.models import Notification, SmsMessage
from tests.samples import PDF, PNG, pdf_bytes

from .conftest import at, contact, lead_of, reply

D = dt.date
# Real commits, so notifications queued with on_commit are sent as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def test_create_numbers_and_submit(world, make_case):
    first = make_case()
    second = make_case(title="第二件")
    assert first.number == "2026-0001" and second.number == "2026-0002"
    assert first.state == "submitted" and first.submitted_at is not None
    assert first.get_state_display() == "已提交" and first.is_open
    assert [t.name for t in available_transitions(first, world.deputy)] == ["withdraw"]
    assert [t.name for t in available_transitions(first, world.staff)] == ["assign"]
    assert available_transitions(first, world.clerk_a) == []


def test_create_validation(world, make_case):
    with pytest.raises(ValidationFailed) as exc:
        make_case(title="  ")
    assert exc.value.field == "title"
    with pytest.raises(ValidationFailed):
        services.case_create(actor=world.deputy, congress=world.congress, kind="nope", title="x")
    with pytest.raises(PermissionDeniedError):
        services.case_create(
            actor=world.other_staff, congress=world.congress, kind="test_suggestion", title="x"
        )
    with pytest.raises(ValidationFailed) as exc:
        make_case(origin_organization=world.foreign_unit)
    assert exc.value.field == "origin_organization"
    parent = make_case()
    with pytest.raises(ValidationFailed) as exc:
        make_case(parent=parent)
    assert exc.value.field == "parent_relation"
    child = make_case(parent=parent, parent_relation="derived_from", origin_organization=world.station)
    assert child.parent == parent


def test_full_flow_to_closed_and_published(world, assigned_case):
    case = assigned_case
    # Deadline: 2 March 2026 + 3 months = 2 June 2026 (a Tuesday, a working day).
    assert case.state == "assigned" and case.due_at == D(2026, 6, 2)
    lead = lead_of(case)
    co = case.assignments.get(role="co_handler")
    assert co.opinion_deadline == D(2026, 4, 2)
    # Unit A was told (in-app, email to a@example.org, SMS to its phone).
    assert Notification.objects.filter(recipient=world.clerk_a, verb="case.assign").exists()
    assert any("a@example.org" in m.to for m in mail.outbox)
    assert SmsMessage.objects.filter(phone="13800000002").exists()
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    case.refresh_from_db()
    assert case.state == "handling"
    services.plan_submit(
        actor=world.clerk_a, assignment=lead, text="三月底前完成勘察。", planned_finish=D(2026, 4, 30)
    )
    services.progress_report(actor=world.clerk_a, assignment=lead, text="已勘察。", percent_done=40)
    services.assignment_sign(actor=world.clerk_b, assignment=co)
    services.co_handler_opinion_send(actor=world.clerk_b, assignment=co, opinion="同意主办单位方案。")
    contact(world, lead)
    r = services.reply_submit(
        actor=world.clerk_a, assignment=lead, classification="A", text="已完成修缮。", signing_leader="王局长"
    )
    case.refresh_from_db()
    assert r.is_final and case.state == "replied"
    assert [t.name for t in available_transitions(case, world.deputy)] == ["accept", "follow", "rehandle"]
    with pytest.raises(ConflictError):
        services.case_publish(actor=world.staff, case=case)
    services.case_rate(actor=world.deputy, reply=r, value="satisfied", comment="很好")
    case.refresh_from_db()
    assert case.state == "closed" and case.closed_at is not None
    assert set(case.assignments.values_list("state", flat=True)) == {"closed"}
    services.case_publish(actor=world.staff, case=case)
    assert case.is_public
    services.case_withhold(actor=world.staff, case=case, reason="涉及个人隐私")
    assert not case.is_public and case.not_public_reason == "涉及个人隐私"
    with pytest.raises(ValidationFailed):
        services.case_withhold(actor=world.staff, case=case, reason="")
    with pytest.raises(PermissionDeniedError):
        services.case_publish(actor=world.clerk_a, case=case)
    # Replying to a closed case is refused.
    with pytest.raises(ConflictError):
        services.reply_submit(
            actor=world.clerk_a, assignment=lead, classification="A", text="x", signing_leader="王"
        )
    # The timeline is one query on the case's events; the chain still verifies.
    actions = list(case_timeline(case).values_list("action", flat=True))
    assert actions[:4] == ["case.create", "case.transition", "case.assign", "assignment.sign"]
    assert "case.rate" in actions and actions[-1] == "case.withhold"
    assert verify_chain().ok


def test_signing_and_handling_rules(world, assigned_case):
    lead = lead_of(assigned_case)
    with pytest.raises(PermissionDeniedError):
        services.assignment_sign(actor=world.clerk_c, assignment=lead)
    with pytest.raises(ConflictError):
        services.plan_submit(actor=world.clerk_a, assignment=lead, text="方案")
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    with pytest.raises(ConflictError):
        services.assignment_sign(actor=world.clerk_a, assignment=lead)
    with pytest.raises(ValidationFailed):
        services.plan_submit(actor=world.clerk_a, assignment=lead, text="方案", planned_finish=D(2026, 1, 1))
    with pytest.raises(ValidationFailed):
        services.progress_report(actor=world.clerk_a, assignment=lead, text="x", percent_done=120)
    for bad, field in [
        ({"mode": "fax"}, "mode"),
        ({"phase": "never"}, "phase"),
        ({"summary": ""}, "summary"),
        ({"contacted_at": at(2026, 4, 1)}, "contacted_at"),
        ({"contacted_at": at(2025, 1, 1)}, "contacted_at"),
        ({"contacted_at": "yesterday"}, "contacted_at"),
    ]:
        kwargs = dict(
            contacted_at=at(2026, 3, 2, 9),
            mode="phone",
            phase="before",
            unit_person="张",
            counterpart="李",
            summary="s",
        )
        kwargs.update(bad)
        with pytest.raises(ValidationFailed) as exc:
            services.contact_record(actor=world.clerk_a, assignment=lead, **kwargs)
        assert exc.value.field == field
    co = assigned_case.assignments.get(role="co_handler")
    with pytest.raises(ValidationFailed):
        services.co_handler_opinion_send(actor=world.clerk_a, assignment=lead, opinion="x")
    # A co-handler never replies formally.
    with pytest.raises(PermissionDeniedError):
        services.reply_submit(
            actor=world.clerk_b, assignment=co, classification="A", text="x", signing_leader="王"
        )


def test_reply_without_contact_needs_a_reason(world, assigned_case):
    lead = lead_of(assigned_case)
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    with pytest.raises(ValidationFailed) as exc:
        services.reply_submit(
            actor=world.clerk_a, assignment=lead, classification="A", text="x", signing_leader="王"
        )
    assert exc.value.field == "reason_without_contact"
    with pytest.raises(ValidationFailed) as exc:
        services.reply_submit(
            actor=world.clerk_a, assignment=lead, classification="E", text="x", signing_leader="王"
        )
    assert exc.value.field == "classification"
    r = services.reply_submit(
        actor=world.clerk_a,
        assignment=lead,
        classification="D",
        text="留作参考。",
        signing_leader="王局长",
        reason_without_contact="代表长期在外,多次联系未果。",
    )
    assert r.reason_without_contact and r.is_final


def test_b_reply_keeps_the_case_under_follow_up_until_a_final_reply(world, assigned_case):
    case = assigned_case
    r1 = reply(world, case, classification="B")
    assert not r1.is_final
    services.case_rate(actor=world.deputy, reply=r1, value="basically")
    case.refresh_from_db()
    assert case.state == "following" and case.needs_follow_up and case.closed_at is None
    lead = lead_of(case)
    assert lead.state == "handling"
    r2 = services.reply_submit(
        actor=world.clerk_a, assignment=lead, classification="A", text="已完工。", signing_leader="王局长"
    )
    case.refresh_from_db()
    assert case.state == "replied" and not case.needs_follow_up
    # Only the latest reply is rated; the old one cannot be rated twice.
    with pytest.raises(ConflictError):
        services.case_rate(actor=world.deputy, reply=r1, value="satisfied")
    services.case_rate(actor=world.deputy, reply=r2, value="satisfied")
    case.refresh_from_db()
    assert case.state == "closed"


def test_only_the_rater_rates_from_their_own_session(world, assigned_case):
    r = reply(world, assigned_case)
    for someone_else in (world.staff, world.deputy2, world.clerk_a, world.leader):
        with pytest.raises(PermissionDeniedError):
            services.case_rate(actor=someone_else, reply=r, value="satisfied")
    world.deputy.is_acting_for_other = True
    with pytest.raises(PermissionDeniedError):
        services.case_rate(actor=world.deputy, reply=r, value="satisfied")
    del world.deputy.is_acting_for_other
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDeniedError):
        services.case_rate(actor=AnonymousUser(), reply=r, value="satisfied")
    with pytest.raises(ValidationFailed):
        services.case_rate(actor=world.deputy, reply=r, value="great")
    services.case_rate(actor=world.deputy, reply=r, value="satisfied")
    with pytest.raises(ConflictError):
        services.case_rate(actor=world.deputy, reply=r, value="satisfied")


def test_an_explicit_rater_party_replaces_the_author(world, assigned_case):
    services.case_party_add(actor=world.staff, case=assigned_case, user=world.deputy2, role="rater")
    r = reply(world, assigned_case)
    with pytest.raises(PermissionDeniedError):
        services.case_rate(actor=world.deputy, reply=r, value="satisfied")
    services.case_rate(actor=world.deputy2, reply=r, value="satisfied")
    assigned_case.refresh_from_db()
    with pytest.raises(ValidationFailed):
        services.case_party_add(actor=world.staff, case=assigned_case, user=world.deputy2, role="rater")
    with pytest.raises(ValidationFailed):
        services.case_party_add(actor=world.staff, case=assigned_case, user=world.deputy2, role="boss")
    with pytest.raises(PermissionDeniedError):
        services.case_party_add(actor=world.deputy, case=assigned_case, user=world.deputy2, role="co_signer")


def test_dissatisfied_rehandle_then_special_inquiry(world, assigned_case, freeze):
    case = assigned_case
    r1 = reply(world, case)
    services.case_rate(actor=world.deputy, reply=r1, value="dissatisfied", comment="路还是坏的")
    case.refresh_from_db()
    lead, co = lead_of(case), case.assignments.get(role="co_handler")
    assert case.state == "rehandling" and case.is_key and case.dissatisfied_count == 1
    assert case.rehandle_count == 1 and not case.on_special_inquiry
    # Re-handle within one month, moved to a working day: 2 April 2026 is a Thursday.
    assert lead.state == "handling" and lead.deadline == D(2026, 4, 2) and lead.round == 2
    assert co.state == "handling" and co.deadline == D(2026, 4, 2)
    assert Notification.objects.filter(recipient=world.clerk_a, verb="case.rehandle").exists()
    freeze(at(2026, 3, 20))
    r2 = services.reply_submit(
        actor=world.clerk_a, assignment=lead, classification="A", text="已再次修缮。", signing_leader="王局长"
    )
    assert r2.round == 2
    services.case_rate(actor=world.deputy, reply=r2, value="dissatisfied")
    case.refresh_from_db()
    assert case.dissatisfied_count == 2 and case.on_special_inquiry and case.state == "rehandling"
    assert Notification.objects.filter(recipient=world.leader, verb="case.special_inquiry").exists()


def test_separate_units_each_reply_before_the_case_is_replied(world, make_case):
    case = make_case()
    services.case_assign(actor=world.staff, case=case, separate=[world.unit_a, world.unit_b])
    a = case.assignments.get(organization=world.unit_a)
    b = case.assignments.get(organization=world.unit_b)
    services.assignment_sign(actor=world.clerk_a, assignment=a)
    contact(world, a)
    ra = services.reply_submit(
        actor=world.clerk_a, assignment=a, classification="A", text="甲", signing_leader="王"
    )
    case.refresh_from_db()
    assert case.state == "handling"
    services.assignment_sign(actor=world.clerk_b, assignment=b)
    contact(world, b, world.clerk_b)
    rb = services.reply_submit(
        actor=world.clerk_b, assignment=b, classification="A", text="乙", signing_leader="李"
    )
    case.refresh_from_db()
    assert case.state == "replied"
    services.case_rate(actor=world.deputy, reply=ra, value="satisfied")
    case.refresh_from_db()
    assert case.state == "replied"  # waits for the other unit's rating
    services.case_rate(actor=world.deputy, reply=rb, value="satisfied")
    case.refresh_from_db()
    assert case.state == "closed"


def test_assignment_rules(world, make_case):
    case = make_case()
    cases = [
        (dict(lead=world.closed_unit), "lead"),
        (dict(lead=world.foreign_unit), "lead"),
        (dict(lead=world.station), "lead"),
        (dict(), "lead"),
        (dict(lead=world.unit_a, separate=[world.unit_b, world.unit_c]), "separate"),
        (dict(separate=[world.unit_b]), "separate"),
        (dict(separate=[world.unit_a, world.unit_b], co_handlers=[world.unit_c]), "co_handlers"),
        (dict(lead=world.unit_a, co_handlers=[world.unit_a]), "co_handlers"),
        (dict(lead=world.unit_a, deadline=D(2026, 3, 1)), "deadline"),
        (dict(lead=world.unit_a, deadline="2026-05-01"), "deadline"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationFailed) as exc:
            services.case_assign(actor=world.staff, case=case, **kwargs)
        assert exc.value.field == field, kwargs
    with pytest.raises(PermissionDeniedError):
        services.case_assign(actor=world.clerk_a, case=case, lead=world.unit_a)
    with pytest.raises(PermissionDeniedError):  # staff of another congress
        services.case_assign(actor=world.other_staff, case=case, lead=world.unit_a)
    services.case_assign(actor=world.staff, case=case, lead=world.unit_a, deadline=D(2026, 3, 2))
    assert case.due_at == D(2026, 3, 2)
    with pytest.raises(ConflictError):  # already assigned
        services.case_assign(actor=world.staff, case=case, lead=world.unit_b)
    draft = make_case(submit=False)
    with pytest.raises(ConflictError):
        services.case_assign(actor=world.staff, case=draft, lead=world.unit_a)


def test_bulk_assignment_is_all_or_nothing(world, make_case):
    one, two = make_case(), make_case(title="二")
    with pytest.raises(ValidationFailed) as exc:
        services.case_assign_bulk(
            actor=world.staff,
            items=[{"case": one, "lead": world.unit_a}, {"case": two, "lead": world.closed_unit}],
        )
    assert "第2件" in exc.value.message and exc.value.extra["index"] == 1
    assert not Assignment.objects.filter(case__in=[one, two]).exists()
    one.refresh_from_db()
    assert one.state == "submitted"
    with pytest.raises(ValidationFailed):
        services.case_assign_bulk(actor=world.staff, items=[])
    done = services.case_assign_bulk(
        actor=world.staff,
        items=[{"case": one, "lead": world.unit_a}, {"case": two, "separate": [world.unit_b, world.unit_c]}],
    )
    assert [c.state for c in done] == ["assigned", "assigned"]


def test_extension_once_and_never_beyond_the_maximum(world, assigned_case):
    lead = lead_of(assigned_case)
    with pytest.raises(ValidationFailed) as exc:  # maximum is 6 months from assignment: 2 Sep 2026
        services.extension_request(
            actor=world.clerk_a, assignment=lead, requested_deadline=D(2026, 9, 3), reason="工程量大"
        )
    assert exc.value.field == "requested_deadline" and "2026-09-02" in exc.value.message
    with pytest.raises(ValidationFailed):
        services.extension_request(
            actor=world.clerk_a, assignment=lead, requested_deadline=D(2026, 5, 1), reason="x"
        )
    with pytest.raises(ValidationFailed):
        services.extension_request(
            actor=world.clerk_a, assignment=lead, requested_deadline=D(2026, 7, 1), reason=""
        )
    with pytest.raises(ValidationFailed):
        services.extension_request(
            actor=world.clerk_a, assignment=lead, requested_deadline="soon", reason="x"
        )
    with pytest.raises(PermissionDeniedError):
        services.extension_request(
            actor=world.clerk_c, assignment=lead, requested_deadline=D(2026, 7, 1), reason="x"
        )
    req = services.extension_request(
        actor=world.clerk_a, assignment=lead, requested_deadline=D(2026, 9, 2), reason="工程量大"
    )
    with pytest.raises(ConflictError):
        services.extension_request(
            actor=world.clerk_a, assignment=lead, requested_deadline=D(2026, 8, 1), reason="再延"
        )
    with pytest.raises(PermissionDeniedError):
        services.extension_decide(actor=world.clerk_a, request=req, approve=True)
    with pytest.raises(ValidationFailed):
        services.extension_decide(actor=world.staff, request=req, approve=False)
    services.extension_decide(actor=world.staff, request=req, approve=True)
    lead.refresh_from_db()
    assigned_case.refresh_from_db()
    assert lead.deadline == D(2026, 9, 2) and lead.extended and assigned_case.due_at == D(2026, 9, 2)
    assert req.deputy_told_at is not None
    assert Notification.objects.filter(recipient=world.deputy, verb="extension.approved").exists()
    with pytest.raises(ConflictError):
        services.extension_decide(actor=world.staff, request=req, approve=True)


def test_rejected_extension_may_be_asked_again(world, assigned_case):
    lead = lead_of(assigned_case)
    req = services.extension_request(
        actor=world.clerk_a, assignment=lead, requested_deadline=D(2026, 7, 1), reason="x"
    )
    services.extension_decide(actor=world.staff, request=req, approve=False, note="理由不充分")
    assert req.state == "rejected"
    services.extension_request(
        actor=world.clerk_a, assignment=lead, requested_deadline=D(2026, 7, 1), reason="补充理由"
    )


def test_return_within_the_window_and_reassign(world, assigned_case, freeze):
    lead = lead_of(assigned_case)
    with pytest.raises(ValidationFailed):
        services.return_request(actor=world.clerk_a, assignment=lead, reason="")
    # Day 7 working days after 2 March 2026 is 11 March.
    freeze(at(2026, 3, 11))
    req = services.return_request(
        actor=world.clerk_a, assignment=lead, reason="不属本局职责", suggested_unit=world.unit_c
    )
    with pytest.raises(ConflictError):
        services.return_request(actor=world.clerk_a, assignment=lead, reason="again")
    with pytest.raises(ValidationFailed):
        services.return_decide(actor=world.staff, request=req, approve=False)
    with pytest.raises(ValidationFailed):
        services.return_decide(
            actor=world.staff, request=req, approve=False, note="x", reassign_to=world.unit_c
        )
    with pytest.raises(PermissionDeniedError):
        services.return_decide(actor=world.clerk_a, request=req, approve=True)
    services.return_decide(actor=world.staff, request=req, approve=True, reassign_to=world.unit_c)
    lead.refresh_from_db()
    assert lead.state == "returned"
    new = req.reassigned_to
    assert new.organization == world.unit_c and new.role == "lead" and new.deadline == D(2026, 6, 11)
    with pytest.raises(ConflictError):
        services.return_decide(actor=world.staff, request=req, approve=True)
    # Unit A no longer sees the case's to-do; unit C does.
    from renda.cases.inbox import inbox_for

    assert inbox_for(world.clerk_a).total == 0
    rows = list(inbox_for(world.clerk_c).rows)
    assert [(r["inbox_case"], r["inbox_reason"], r["inbox_unit"]) for r in rows] == [
        (new.case_id, "to_sign", world.unit_c.pk)
    ]


def test_return_after_the_window_is_refused(world, assigned_case, freeze):
    freeze(at(2026, 3, 12))
    with pytest.raises(ConflictError) as exc:
        services.return_request(actor=world.clerk_a, assignment=lead_of(assigned_case), reason="迟了")
    assert "2026-03-11" in exc.value.message


def test_return_without_reassignment_sends_the_case_back_for_assignment(world, make_case):
    case = make_case()
    services.case_assign(actor=world.staff, case=case, lead=world.unit_a)
    req = services.return_request(actor=world.clerk_a, assignment=lead_of(case), reason="不属本局职责")
    services.return_decide(actor=world.staff, request=req, approve=True)
    case.refresh_from_db()
    assert case.state == "submitted"
    services.case_assign(actor=world.staff, case=case, lead=world.unit_b)
    # A rejected request leaves everything as it was.
    req2 = services.return_request(
        actor=world.clerk_b, assignment=case.assignments.get(organization=world.unit_b), reason="x"
    )
    services.return_decide(actor=world.staff, request=req2, approve=False, note="请按交办办理")
    assert case.assignments.get(organization=world.unit_b).state == "pending_sign"


def test_stale_copies_conflict(world, make_case):
    case = make_case()
    copy_one = Case.objects.get(pk=case.pk)
    copy_two = Case.objects.get(pk=case.pk)
    services.case_assign(actor=world.staff, case=copy_one, lead=world.unit_a)
    with pytest.raises(ConflictError) as exc:
        services.case_mark_key(actor=world.staff, case=copy_two, supervising_leader=world.leader)
    assert "刷新" in exc.value.message
    a1 = lead_of(case)
    a2 = Assignment.objects.get(pk=a1.pk)
    services.assignment_sign(actor=world.clerk_a, assignment=a1)
    with pytest.raises(ConflictError):
        services.assignment_sign(actor=world.clerk_a, assignment=a2)


def test_generic_transitions(world, make_case):
    case = make_case()
    with pytest.raises(ValidationFailed):
        services.case_transition(actor=world.deputy, case=case, name="fly")
    with pytest.raises(ValidationFailed):
        services.case_transition(actor=world.staff, case=case, name="assign")
    with pytest.raises(ConflictError):
        services.case_transition(actor=world.deputy, case=case, name="submit")
    with pytest.raises(ValidationFailed) as exc:
        services.case_transition(actor=world.deputy, case=case, name="withdraw")
    assert exc.value.field == "note"
    with pytest.raises(PermissionDeniedError):
        services.case_transition(actor=world.deputy2, case=case, name="withdraw", note="x")
    services.case_transition(actor=world.deputy, case=case, name="withdraw", note="已解决")
    assert case.state == "withdrawn" and case.closed_at is not None and not case.is_open


def test_reopening_a_closed_case_clears_closed_at(world, assigned_case):
    r = reply(world, assigned_case)
    services.case_rate(actor=world.deputy, reply=r, value="satisfied")
    assigned_case.refresh_from_db()
    services.case_transition(actor=world.staff, case=assigned_case, name="reopen")
    assert assigned_case.closed_at is None


def test_key_and_supervision(world, assigned_case):
    with pytest.raises(ValidationFailed):
        services.case_mark_key(actor=world.staff, case=assigned_case, supervising_leader=world.staff)
    with pytest.raises(PermissionDeniedError):
        services.case_mark_key(actor=world.clerk_a, case=assigned_case)
    services.case_mark_key(actor=world.staff, case=assigned_case, supervising_leader=world.leader)
    assert assigned_case.is_key and assigned_case.supervising_leader == world.leader
    assert Notification.objects.filter(recipient=world.leader, verb="case.key").exists()
    s = services.supervision_record(
        actor=world.leader, case=assigned_case, mode="on_site", notes="现场查看施工进度。"
    )
    assert s.supervisor == world.leader
    assert Notification.objects.filter(recipient=world.clerk_a, verb="case.supervise").exists()
    for kwargs, field in [
        (dict(mode="shout", notes="x"), "mode"),
        (dict(mode="key", notes=""), "notes"),
        (dict(mode="key", notes="x", visited_at=at(2027, 1, 1)), "visited_at"),
        (dict(mode="key", notes="x", supervisor=world.clerk_a), "supervisor"),
    ]:
        with pytest.raises(ValidationFailed) as exc:
            services.supervision_record(actor=world.staff, case=assigned_case, **kwargs)
        assert exc.value.field == field
    services.supervision_record(
        actor=world.staff, case=assigned_case, mode="leader_led", notes="x", supervisor=world.leader
    )
    services.case_mark_key(actor=world.staff, case=assigned_case, is_key=False)
    assert not assigned_case.is_key and assigned_case.supervising_leader is None


def test_attachments_checked_by_extension_and_content(world, assigned_case, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    a = services.attachment_add(
        actor=world.deputy, case=assigned_case, file=SimpleUploadedFile("现场照片.png", PNG)
    )
    assert a.content_type == "image/png" and a.size == len(PNG) and a.original_name == "现场照片.png"
    r = reply(world, assigned_case)
    a2 = services.attachment_add(
        actor=world.clerk_a, case=assigned_case, file=SimpleUploadedFile("答复函.pdf", PDF), reply=r
    )
    assert a2.reply == r
    bad = [
        (SimpleUploadedFile("x.exe", b"MZ" + b"\x00" * 10), "扩展名"),
        (SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>"), "不符"),
        (SimpleUploadedFile("x.pdf", b""), "为空"),
        (None, "选择"),
    ]
    for upload, _hint in bad:
        with pytest.raises(ValidationFailed) as exc:
            services.attachment_add(actor=world.deputy, case=assigned_case, file=upload)
        assert exc.value.field == "file"
    services.case_setting_update(actor=world.staff, congress=world.congress, attachment_max_mb=1)
    with pytest.raises(ValidationFailed) as exc:
        services.attachment_add(
            actor=world.deputy,
            case=assigned_case,
            file=SimpleUploadedFile("big.pdf", pdf_bytes("x" * 200) + b" " * (1024 * 1024)),
        )
    assert "1MB" in exc.value.message
    with pytest.raises(PermissionDeniedError):
        services.attachment_add(
            actor=world.clerk_c, case=assigned_case, file=SimpleUploadedFile("x.pdf", PDF)
        )
    other = Case.objects.exclude(pk=assigned_case.pk).first() or assigned_case
    if other.pk != assigned_case.pk:  # pragma: no cover
        pass
    with pytest.raises(ValidationFailed) as exc:
        from .conftest import SuggestionLikePolicy  # noqa: F401

        second = services.case_create(
            actor=world.deputy,
            congress=world.congress,
            kind="test_suggestion",
            title="另一件",
            parties=[(world.deputy, "author")],
        )
        services.attachment_add(
            actor=world.deputy, case=second, file=SimpleUploadedFile("x.pdf", PDF), reply=r
        )
    assert exc.value.field == "reply"
