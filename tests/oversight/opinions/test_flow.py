"""The done-means flow through the services: compiled, signed off, assigned (3 months by default),
reported, commented on, rated 72 % (rectify and report again), then 85 % (passes, closed); every round
on the case's timeline. A late report is accepted and marked; a second failure and a share below 60 %
call for the circular."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.cases.selectors import case_timeline_entries
from renda.core import clock
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.oversight import services_opinions as services
from renda.oversight.models import OpinionRating, OpinionReport

from .conftest import comment, counts, make_opinion, rate, report, to_assigned

pytestmark = pytest.mark.clock("2026-11-20 09:30")


def test_done_means_flow(w, clock):
    opinion = make_opinion(w)
    case = opinion.case
    assert case.state == "drafting" and case.number.startswith("SY2026-")
    # 7 working days after Friday 20 November 2026
    assert opinion.compile_due == dt.date(2026, 12, 1)
    with pytest.raises(ValidationFailed):
        services.opinion_submit(actor=w.office_staff, opinion=opinion, text="太短")
    opinion = to_assigned(w, opinion)
    case = opinion.case
    case.refresh_from_db()
    assert case.state == "assigned"
    # default 3 months from 20 November 2026 (20 February 2027 is a make-up working day of the calendar)
    assert case.due_at == dt.date(2027, 2, 20)
    assert opinion.signed_off_by == w.leader and opinion.letter_number

    clock.set("2027-01-15 10:00")
    report(w, opinion)
    case.refresh_from_db()
    assert case.state == "reported"
    first = OpinionReport.objects.get(opinion=opinion)
    assert first.round == 1 and not first.is_late
    with pytest.raises(ConflictError):  # the committee comments first
        rate(w, opinion, counts(12, 6, 5, 2))
    comment(w, opinion)
    case.refresh_from_db()
    assert case.state == "reviewed"

    # 12 + 6 of 25 ballots = 72 %: the body keeps rectifying and reports again
    r1 = rate(w, opinion, counts(12, 6, 5, 2, members=29, present=25))
    case.refresh_from_db()
    opinion.refresh_from_db()
    assert r1.verdict == "rectify" and r1.percent == 72 and r1.round == 1
    assert (r1.satisfied, r1.basically, r1.dissatisfied, r1.blank, r1.members, r1.present) == (
        12,
        6,
        5,
        2,
        29,
        25,
    )
    assert r1.rule_code == "share_of_cast" and r1.rule_version == 0
    assert case.state == "rectifying" and not opinion.circular_due
    assert case.due_at == dt.date(2027, 3, 15)  # 2 months of re-rectification

    clock.set("2027-03-01 10:00")
    report(w, opinion, "再次整改:新增农村客运班次20班。")
    comment(w, opinion, "整改到位,同意提请测评。")
    r2 = rate(w, opinion, counts(15, 2, 2, 1, members=29, present=20))  # 17 of 20 = 85 %
    case.refresh_from_db()
    assert r2.verdict == "pass" and r2.round == 2 and case.state == "closed" and case.closed_at

    assert str(r2.percent) == "85.00"
    reports = list(opinion.reports.order_by("round"))
    assert [r.round for r in reports] == [1, 2] and not any(r.is_late for r in reports)


def test_rated_72_then_85_percent(w, clock):
    opinion = to_assigned(w, make_opinion(w))
    report(w, opinion)
    comment(w, opinion)
    r1 = rate(w, opinion, counts(12, 6, 5, 2))  # 18/25 = 72 %
    assert r1.verdict == "rectify"
    report(w, opinion, "再次整改情况。")
    comment(w, opinion, "同意提请再次测评。")
    r2 = rate(w, opinion, counts(15, 2, 2, 1, members=29, present=20))  # 17/20 = 85 %
    assert str(r2.percent) == "85.00" and r2.verdict == "pass"
    opinion.case.refresh_from_db()
    assert opinion.case.state == "closed"
    assert OpinionRating.objects.filter(opinion=opinion).count() == 2


def test_timeline_shows_every_round(w):
    from renda.audit.models import Event

    opinion = to_assigned(w, make_opinion(w))
    report(w, opinion)
    comment(w, opinion)
    rate(w, opinion, counts(12, 6, 5, 2))
    report(w, opinion, "再次整改情况。")
    comment(w, opinion, "同意提请再次测评。")
    rate(w, opinion, counts(15, 2, 2, 1, members=29, present=20))
    actions = list(
        Event.objects.filter(target_type="cases.case", target_id=str(opinion.case_id))
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions.count("case.reply") == 2 and actions.count("opinion.rate") == 2
    assert actions.count("case.rate") == 2 and "case.assign" in actions and "opinion.create" in actions
    entries = case_timeline_entries(opinion.case)
    rendered = " ".join(" ".join(map(str, getattr(e, "details", []) or [])) for e in entries)
    assert "满意率:72.00%" in rendered and "满意率:85.00%" in rendered


def test_late_report_is_accepted_and_marked(w, clock):
    opinion = to_assigned(w, make_opinion(w))
    clock.set("2027-03-01 10:00")  # deadline 20 February 2027
    report(w, opinion)
    r = OpinionReport.objects.get(opinion=opinion)
    assert r.is_late and r.days_late == 9 and r.deadline == dt.date(2027, 2, 20)
    opinion.case.refresh_from_db()
    assert opinion.case.state == "reported"


def test_below_sixty_escalates_and_the_circular_follows(w):
    opinion = to_assigned(w, make_opinion(w))
    report(w, opinion)
    comment(w, opinion)
    with pytest.raises(ConflictError):
        services.opinion_circular_issue(
            actor=w.office_staff, opinion=opinion, text="通报内容足够长的文字。", instrument="inquiry"
        )
    r = rate(w, opinion, counts(8, 6, 9, 2))  # 14/25 = 56 %
    opinion.refresh_from_db()
    assert r.verdict == "escalate" and r.escalated and opinion.circular_due
    opinion.case.refresh_from_db()
    assert opinion.case.state == "rectifying" and opinion.case.on_special_inquiry
    with pytest.raises(ValidationFailed):
        services.opinion_circular_issue(
            actor=w.office_staff, opinion=opinion, text="通报内容足够长的文字。", instrument=""
        )
    with pytest.raises(PermissionDeniedError):
        services.opinion_circular_issue(
            actor=w.body_clerk, opinion=opinion, text="通报内容足够长的文字。", instrument="inquiry"
        )
    services.opinion_circular_issue(
        actor=w.office_staff, opinion=opinion, text="县交通运输局整改不力,予以通报。", instrument="inquiry"
    )
    opinion.refresh_from_db()
    assert opinion.circular_issued_at and opinion.proposed_instrument == "inquiry"


def test_a_second_failure_escalates(w):
    opinion = to_assigned(w, make_opinion(w))
    report(w, opinion)
    comment(w, opinion)
    first = rate(w, opinion, counts(12, 6, 5, 2))  # 72 %
    assert first.verdict == "rectify" and not first.escalated
    report(w, opinion, "再次整改情况。")
    comment(w, opinion, "同意提请再次测评。")
    second = rate(w, opinion, counts(13, 5, 5, 2))  # 72 % again: second failure
    opinion.refresh_from_db()
    assert second.verdict == "escalate" and second.escalated and opinion.circular_due


def test_all_members_rule_exactly_half_satisfied_is_not_satisfied(w):
    services.rating_rule_set(actor=w.office_staff, congress=w.congress, rule_code="majority_of_members")
    opinion = to_assigned(w, make_opinion(w))
    report(w, opinion)
    comment(w, opinion)
    # 28 members, 14 satisfied (exactly half), nothing else: dissatisfied → rectify
    r = rate(w, opinion, counts(14, 0, 6, 0, members=28, present=20))
    assert r.level == "dissatisfied" and r.verdict == "rectify" and r.rule_version == 1
    assert r.rule_code == "majority_of_members"
    report(w, opinion, "再次整改情况。")
    comment(w, opinion, "同意提请再次测评。")
    r2 = rate(w, opinion, counts(15, 0, 5, 0, members=28, present=20))  # 15 > 14
    assert r2.level == "satisfied" and r2.verdict == "pass"


def test_rule_versions_are_kept_by_each_rating(w, clock):
    v1 = services.rating_rule_set(
        actor=w.office_staff, congress=w.congress, rule_code="share_of_cast", params={"pass_at": 85}
    )
    assert v1.version == 1 and v1.params["pass_at"] == 85
    opinion = to_assigned(w, make_opinion(w))
    report(w, opinion)
    comment(w, opinion)
    r = rate(w, opinion, counts(21, 0, 4, members=29, present=25))  # 84 % < 85 %
    assert r.verdict == "rectify" and r.rule_version == 1 and r.rule_params["pass_at"] == 85
    v2 = services.rating_rule_set(actor=w.office_staff, congress=w.congress, rule_code="share_of_cast")
    assert v2.version == 2
    from renda.oversight.ratingrules_opinions import recompute

    assert recompute(r).outcome == "rectify"  # recomputed with its own version
    with pytest.raises(ValidationFailed):
        services.rating_rule_set(
            actor=w.office_staff,
            congress=w.congress,
            rule_code="share_of_cast",
            params={"pass_at": 50, "escalate_below": 60},
        )
    with pytest.raises(PermissionDeniedError):
        services.rating_rule_set(actor=w.body_clerk, congress=w.congress, rule_code="share_of_cast")


def test_bad_counts_refused_and_nothing_recorded(w):
    opinion = to_assigned(w, make_opinion(w))
    report(w, opinion)
    comment(w, opinion)
    with pytest.raises(ValidationFailed) as exc:
        rate(w, opinion, counts(30, 0, 0, members=29, present=29))
    assert "30 票超过全体组成人员 29 人" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        rate(w, opinion, counts(20, 5, 3, 0, members=29, present=25))
    assert "合计 28 票" in exc.value.message
    assert not OpinionRating.objects.exists()
    opinion.case.refresh_from_db()
    assert opinion.case.state == "reviewed"


def test_who_may(w):
    opinion = make_opinion(w)
    with pytest.raises(PermissionDeniedError):
        services.opinion_create(
            actor=w.body_clerk,
            congress=w.congress,
            report_kind="special_work",
            report_title="某报告",
            reporting_body=w.body,
        )
    with pytest.raises(ValidationFailed):
        services.opinion_create(
            actor=w.office_staff, congress=w.congress, report_kind="special_work", report_title="某报告",
            reporting_body=w.world.sibling.transport,
        )  # fmt: skip
    services.opinion_submit(actor=w.office_staff, opinion=opinion, text="审议意见正文足够长的文字内容。")
    with pytest.raises(PermissionDeniedError):  # staff do not sign off
        services.opinion_approve(actor=w.office_staff, opinion=opinion)
    services.opinion_approve(actor=w.leader, opinion=opinion)
    services.opinion_assign(actor=w.office_staff, opinion=opinion)
    report(w, opinion)
    with pytest.raises(PermissionDeniedError):  # another committee
        services.opinion_comment(actor=w.legal_staff, opinion=opinion, comment="法制委的意见文字。")
    comment(w, opinion)
    with pytest.raises(PermissionDeniedError):
        services.rating_record(actor=w.body_clerk, opinion=opinion, counts=counts(20, 0, 5))
    assert clock.today()


def test_source_fields_for_later_areas(w):
    opinion = make_opinion(w, source_kind="statutory_report", source_id=12)
    assert (opinion.source_kind, opinion.source_id) == ("statutory_report", 12)
    with pytest.raises(ValidationFailed):
        make_opinion(w, source_kind="statutory_report")


def test_pass_on_a_report_still_in_progress_keeps_it_under_follow_up(w):
    from renda.cases import services as engine

    from .conftest import lead

    opinion = to_assigned(w, make_opinion(w))
    a = lead(opinion)
    engine.assignment_sign(actor=w.body_clerk, assignment=a)
    engine.reply_submit(
        actor=w.body_clerk,
        assignment=lead(opinion),
        classification="B",
        text="正在推进,年底前完成。",
        signing_leader="王局长",
    )
    comment(w, opinion)
    rate(w, opinion, counts(20, 2, 3))  # 88 %: passes, but the work is still under way
    opinion.case.refresh_from_db()
    assert opinion.case.state == "following" and opinion.case.closed_at is None
    report(w, opinion, "已全部完成。")
    comment(w, opinion, "已全部落实。")
    final = rate(w, opinion, counts(21, 2, 2))
    opinion.case.refresh_from_db()
    assert final.round == 2 and opinion.case.state == "closed"
