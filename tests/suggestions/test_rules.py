"""Rules of the suggestion kind, through its services and the engine's."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.audit.models import Event
from renda.cases import services as engine
from renda.cases.models import CaseParty
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.suggestions import services
from renda.suggestions.models import CoSignature, ExclusionReason, SuggestionSetting, SuggestionVersion

from .conftest import lead_assignment, reply


def test_draft_needs_a_deputy_and_text(w):
    with pytest.raises(PermissionDeniedError):
        services.suggestion_draft_create(actor=w.staff, congress=w.congress, title="x", body="y")
    with pytest.raises(ValidationFailed) as exc:
        services.suggestion_draft_create(actor=w.deputy, congress=w.congress, title=" ", body="", type="bad")
    assert set(exc.value.fields) == {"title", "body", "type"}
    with pytest.raises(ValidationFailed) as exc:
        services.suggestion_draft_create(
            actor=w.deputy, congress=w.congress, title="t", body="b", not_public=True
        )
    assert "not_public_reason" in exc.value.fields


def test_cosigners_confirm_and_decline(w, draft):
    s = draft()
    sigs = services.cosigner_invite(actor=w.deputy, suggestion=s, mandates=w.mandates[1:3])
    assert [x.state for x in sigs] == ["invited", "invited"]
    with pytest.raises(PermissionDeniedError):
        services.cosigner_respond(actor=w.deputies[3], cosignature=sigs[0], confirm=True)
    services.cosigner_respond(actor=w.deputies[1], cosignature=sigs[0], confirm=True)
    services.cosigner_respond(actor=w.deputies[2], cosignature=sigs[1], confirm=False)
    states = dict(CoSignature.objects.values_list("user_id", "state"))
    assert states == {w.deputies[1].pk: "confirmed", w.deputies[2].pk: "declined"}
    with pytest.raises(ValidationFailed):
        services.cosigner_invite(actor=w.deputy, suggestion=s, mandates=[w.mandates[0]])  # oneself
    with pytest.raises(PermissionDeniedError):
        services.cosigner_invite(actor=w.deputies[1], suggestion=s, mandates=[w.mandates[3]])
    services.suggestion_submit(actor=w.deputy, suggestion=s)
    parties = set(CaseParty.objects.filter(case=s.case).values_list("user_id", "role"))
    assert (w.deputies[1].pk, "co_signer") in parties
    assert (w.deputies[2].pk, "co_signer") not in parties


def test_motion_needs_minimum_cosigners_or_delegation(w, draft):
    SuggestionSetting.objects.create(congress=w.congress, motion_min_cosigners=3)
    m = draft(type="motion")
    for mandate, user in zip(w.mandates[1:3], w.deputies[1:3], strict=True):
        (sig,) = services.cosigner_invite(actor=w.deputy, suggestion=m, mandates=[mandate])
        services.cosigner_respond(actor=user, cosignature=sig, confirm=True)
    with pytest.raises(ValidationFailed) as exc:
        services.suggestion_submit(actor=w.deputy, suggestion=m)
    assert "3" in exc.value.message and exc.value.field == "cosigners"
    (sig,) = services.cosigner_invite(actor=w.deputy, suggestion=m, mandates=[w.mandates[3]])
    services.cosigner_respond(actor=w.deputies[3], cosignature=sig, confirm=True)
    services.suggestion_submit(actor=w.deputy, suggestion=m)
    assert m.case.state == "submitted"
    by_delegation = draft(type="motion", by_delegation=True, delegation_name="城关代表团")
    services.suggestion_submit(actor=w.deputy, suggestion=by_delegation)
    assert by_delegation.case.state == "submitted"


def test_submit_freezes_text_and_is_idempotent(w, draft):
    s = draft()
    services.suggestion_submit(actor=w.deputy, suggestion=s)
    services.suggestion_submit(actor=w.deputy, suggestion=s)  # double click
    assert SuggestionVersion.objects.filter(suggestion=s).count() == 1
    assert Event.objects.filter(action="case.transition", target_id=str(s.case.pk)).count() == 1
    v1 = s.versions.get()
    assert (v1.number, v1.title) == (1, s.case.title)
    with pytest.raises(ConflictError):
        services.suggestion_draft_update(
            actor=w.deputy, suggestion=s, title="改", body="改", type="suggestion"
        )


def test_return_for_revision_makes_a_new_version(w, submitted):
    s = submitted()
    with pytest.raises(ValidationFailed):
        services.suggestion_review(actor=w.staff, suggestion=s, outcome="return")
    services.suggestion_review(actor=w.staff, suggestion=s, outcome="return", note="请补充具体路段")
    assert s.case.state == "returned"
    with pytest.raises(ValidationFailed) as exc:
        services.suggestion_draft_update(
            actor=w.deputy, suggestion=s, title="新标题", body="新内容", type="suggestion"
        )
    assert exc.value.field == "reason"
    services.suggestion_draft_update(
        actor=w.deputy,
        suggestion=s,
        title="新标题",
        body="城关路新内容",
        type="suggestion",
        reason="补充路段",
    )
    services.suggestion_resubmit(actor=w.deputy, suggestion=s)
    assert s.case.state == "submitted"
    assert list(s.versions.values_list("number", "title", "reason")) == [
        (1, "关于改善城关小学周边交通的建议", ""),
        (2, "新标题", "补充路段"),
    ]


def test_refuse_needs_an_exclusion_reason(w, submitted):
    s = submitted()
    with pytest.raises(ValidationFailed) as exc:
        services.suggestion_review(actor=w.staff, suggestion=s, outcome="refuse")
    assert exc.value.field == "exclusion_reason"
    reason = ExclusionReason.objects.get(congress=w.congress, code="personal")
    with pytest.raises(PermissionDeniedError):
        services.suggestion_review(actor=w.deputy, suggestion=s, outcome="refuse", exclusion_reason=reason)
    services.suggestion_review(actor=w.staff, suggestion=s, outcome="refuse", exclusion_reason=reason)
    s.case.refresh_from_db()
    assert s.case.state == "refused" and s.case.closed_at is not None
    assert s.exclusion_reason == reason


def test_merge_answers_each_deputy(w, submitted, django_capture_on_commit_callbacks):
    main = submitted()
    dup = submitted(author=w.deputies[1], title="关于城关小学交通拥堵的建议")
    services.suggestion_review(actor=w.staff, suggestion=main, outcome="accept")
    services.suggestion_review(actor=w.staff, suggestion=dup, outcome="merge", merge_into=main)
    assert dup.case.state == "merged" and dup.merged_into == main
    assert CaseParty.objects.filter(case=main.case, user=w.deputies[1]).exists()
    engine.case_assign(actor=w.staff, case=main.case, lead=w.unit_a)
    with django_capture_on_commit_callbacks(execute=True):
        reply(w, main)
    from renda.notifications.models import Notification

    assert Notification.objects.filter(recipient=w.deputies[1], verb="case.reply").exists()
    # only the lead deputy of the main suggestion rates
    r = main.case.replies.get()
    with pytest.raises(PermissionDeniedError):
        engine.case_rate(actor=w.deputies[1], reply=r, value="satisfied")


def test_convert_motion(w, submitted):
    SuggestionSetting.objects.create(congress=w.congress, motion_min_cosigners=0)
    m = submitted(type="motion")
    s2 = submitted()
    with pytest.raises(ValidationFailed):
        services.suggestion_review(actor=w.staff, suggestion=s2, outcome="convert")
    services.suggestion_review(actor=w.staff, suggestion=m, outcome="convert", note="主席团决定转为建议")
    assert (m.type, m.converted_from_motion, m.case.state) == ("suggestion", True, "accepted")


def test_assignment_kinds_and_bad_input(w, submitted):
    s = submitted()
    services.suggestion_review(actor=w.staff, suggestion=s, outcome="accept")
    with pytest.raises(ValidationFailed):
        engine.case_assign(actor=w.staff, case=s.case, lead=w.closed_unit)
    with pytest.raises(ValidationFailed):
        engine.case_assign(actor=w.staff, case=s.case, lead=w.unit_a, deadline=dt.date(2026, 1, 1))
    engine.case_assign(actor=w.staff, case=s.case, separate=[w.unit_a, w.unit_b])
    assert sorted(s.case.assignments.values_list("role", flat=True)) == ["separate", "separate"]
    s2 = submitted()
    services.suggestion_review(actor=w.staff, suggestion=s2, outcome="accept")
    s3 = submitted()
    services.suggestion_review(actor=w.staff, suggestion=s3, outcome="accept")
    engine.case_assign_bulk(
        actor=w.staff,
        items=[
            {"case": s2.case, "lead": w.unit_a},
            {"case": s3.case, "lead": w.unit_b, "co_handlers": [w.unit_a]},
        ],
    )
    s2.case.refresh_from_db()
    assert s2.case.state == "assigned" and s2.case.due_at == dt.date(2026, 6, 2)


def test_reply_without_contact_needs_reason(w, assigned):
    s = assigned()
    with pytest.raises(ValidationFailed) as exc:
        reply(w, s, contact=False)
    assert exc.value.field == "reason_without_contact"
    reply(w, s, contact=False, reason_without_contact="代表出差,已书面征求意见")
    s.case.refresh_from_db()
    assert s.case.state == "replied"


def test_b_reply_follow_up_to_final(w, assigned):
    s = assigned()
    r = reply(w, s, classification="B")
    engine.case_rate(actor=w.deputy, reply=r, value="satisfied")
    s.case.refresh_from_db()
    assert s.case.state == "following" and s.case.needs_follow_up
    a = lead_assignment(s)
    final = engine.reply_submit(
        actor=w.clerk_a, assignment=a, classification="A", text="已全部落实。", signing_leader="王局长"
    )
    engine.case_rate(actor=w.deputy, reply=final, value="basically")
    s.case.refresh_from_db()
    assert s.case.state == "closed" and not s.case.needs_follow_up


def test_rating_only_by_lead_deputy_and_not_after_close(w, assigned):
    s = assigned()
    r = reply(w, s)
    for other in (w.deputies[1], w.staff, w.clerk_a):
        with pytest.raises(PermissionDeniedError):
            engine.case_rate(actor=other, reply=r, value="satisfied")
    engine.case_rate(actor=w.deputy, reply=r, value="satisfied")
    s.case.refresh_from_db()
    assert s.case.state == "closed"
    with pytest.raises(ConflictError):
        engine.case_rate(actor=w.deputy, reply=r, value="satisfied")
    with pytest.raises(ConflictError):
        engine.reply_submit(
            actor=w.clerk_a, assignment=lead_assignment(s), classification="A", text="x", signing_leader="y"
        )


def test_dissatisfied_twice_goes_to_special_inquiry(w, assigned):
    s = assigned()
    r = reply(w, s)
    engine.case_rate(actor=w.deputy, reply=r, value="dissatisfied")
    s.case.refresh_from_db()
    assert (s.case.state, s.case.is_key, s.case.on_special_inquiry) == ("rehandling", True, False)
    assert lead_assignment(s).deadline == dt.date(2026, 4, 2)
    r2 = reply(w, s)
    engine.case_rate(actor=w.deputy, reply=r2, value="dissatisfied")
    s.case.refresh_from_db()
    assert s.case.on_special_inquiry and s.case.dissatisfied_count == 2


def test_key_supervision(w, assigned):
    s = assigned()
    with pytest.raises(ValidationFailed):
        engine.case_mark_key(actor=w.staff, case=s.case, supervising_leader=w.clerk_a)
    engine.case_mark_key(actor=w.staff, case=s.case, supervising_leader=w.leader)
    engine.supervision_record(actor=w.leader, case=s.case, mode="on_site", notes="现场察看城关小学路口")
    assert s.case.supervisions.count() == 1
    with pytest.raises(PermissionDeniedError):
        engine.supervision_record(actor=w.clerk_a, case=s.case, mode="on_site", notes="x")


def test_publication_rule(w, assigned):
    s = assigned()
    with pytest.raises(ConflictError):
        services.suggestion_publish(actor=w.staff, suggestion=s)  # no reply yet
    reply(w, s)
    with pytest.raises(ValidationFailed):
        services.suggestion_withhold(actor=w.staff, suggestion=s, reason="")
    services.suggestion_withhold(actor=w.staff, suggestion=s, reason="涉及个人隐私")
    with pytest.raises(ConflictError):
        services.suggestion_publish(actor=w.staff, suggestion=s)
    assert services.suggestions_publish_replied() == 0
    services.suggestion_allow_public(actor=w.staff, suggestion=s)
    with pytest.raises(PermissionDeniedError):
        services.suggestion_publish(actor=w.deputy, suggestion=s)
    services.suggestion_publish(actor=w.staff, suggestion=s)
    s.case.refresh_from_db()
    assert s.case.is_public


def test_daily_job_publishes_replied(w, assigned):
    s = assigned()
    reply(w, s)
    assert services.suggestions_publish_replied() == 1
    s.case.refresh_from_db()
    assert s.case.is_public


def test_todo_providers_per_role(w, draft, submitted, assigned):
    from renda.web.todo import todos_for

    draft()
    s = assigned()
    submitted()
    (sig,) = services.cosigner_invite(
        actor=w.deputies[1], suggestion=draft(author=w.deputies[1]), mandates=[w.mandates[2]]
    )
    titles = {str(t.title): t.count for t in todos_for(w.deputy)}
    assert titles["未提交的建议草稿"] == 1
    assert {str(t.title): t.count for t in todos_for(w.deputies[2])}["待确认的附议邀请"] == 1
    assert {str(t.title): t.count for t in todos_for(w.clerk_a)}["待签收"] == 1  # the inbox's counts
    staff = {str(t.title): t.count for t in todos_for(w.staff)}
    assert staff["待审查受理"] == 1
    engine.case_mark_key(actor=w.staff, case=s.case, supervising_leader=w.leader)
    assert {str(t.title): t.count for t in todos_for(w.leader)}["领衔督办的重点建议"] == 1
    reply(w, s)
    assert {str(t.title): t.count for t in todos_for(w.deputy)}["待测评的答复"] == 1
