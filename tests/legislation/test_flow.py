"""Every state change of a project through the services, with the permission branches."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

from renda.audit.models import Event
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.legislation import services
from renda.legislation.choices import PlanState, ProjectState, VoteOutcome
from renda.legislation.models import DraftVersion
from renda.legislation.selectors import compare_versions, projects_visible_to
from renda.meetings import services as meetings
from renda.voting import services as voting

from .conftest import DRAFT, DRAFT2, deliberated_project, drafting_project, make_meeting, make_project

pytestmark = pytest.mark.clock("2026-11-24 08:30")
S = ProjectState


def _vote_through(w, meeting, vote_id, yes: int):
    from renda.voting.models import Vote

    vote = voting.vote_open(actor=w.legal, vote=Vote.objects.get(pk=vote_id))
    for i, member in enumerate(w.sc):
        choice = "yes" if i < yes else "no"
        voting.vote_cast(actor=member, vote=vote, choices=[choice], idempotency_key=secrets.token_urlsafe(16))
    return voting.vote_close(actor=w.legal, vote=vote)


def _sign_all(w, meeting):
    for m in w.sc:
        meetings.sign_in(actor=w.staff, meeting=meeting, method="desk", user=m)


def test_propose_study_include_draft(lw):
    p = make_project(lw)
    assert p.state == S.PROPOSED
    assert Event.objects.filter(action="legislation.project_propose").exists()
    with pytest.raises(PermissionDeniedError):  # staff of another committee, not legislative staff
        services.project_study(actor=lw.env, project=p)
    services.project_study(actor=lw.legal, project=p, note="立项必要")
    p.refresh_from_db()
    assert p.state == S.UNDER_STUDY
    with pytest.raises(ValidationFailed) as exc:
        services.project_include(actor=lw.legal, project=p, plan=lw.plan, drafting_body="县农业农村局")
    assert exc.value.field == "responsible_committee"
    with pytest.raises(ValidationFailed):
        services.project_include(
            actor=lw.legal, project=p, plan=lw.plan, drafting_body="县农业农村局",
            responsible_committee=lw.env_committee, target_readings=4,
        )  # fmt: skip
    services.project_include(
        actor=lw.legal, project=p, plan=lw.plan, drafting_body="县农业农村局", responsible_committee=lw.env_committee,
    )  # fmt: skip
    p.refresh_from_db()
    assert (p.state, p.plan_id, p.target_readings) == (S.IN_PLAN, lw.plan.pk, 3)
    with pytest.raises(ConflictError):  # twice
        services.project_study(actor=lw.legal, project=p)
    # the responsible committee's staff drafts; a committee not responsible cannot
    with pytest.raises(PermissionDeniedError):
        services.project_start_drafting(actor=lw.staff, project=p)
    services.project_start_drafting(actor=lw.env, project=p)
    p.refresh_from_db()
    assert p.state == S.DRAFTING
    with pytest.raises(ValidationFailed):  # no version yet
        services.project_submit(actor=lw.env, project=p)


def test_versions_are_kept_and_compared(lw):
    p = drafting_project(lw)
    v1 = services.version_add(actor=lw.env, project=p, label="征求意见稿", text=DRAFT, explanation="说明")
    v2 = services.version_add(actor=lw.env, project=p, label="一审稿", text=DRAFT2)
    v1.refresh_from_db()
    assert v1.text == DRAFT.strip() and v1.articles.exclude(number=0).count() == 5
    assert v2.number == 2 and v2.articles.exclude(number=0).count() == 6
    art3 = v1.articles.get(number=3)
    assert art3.heading == "第三条" and art3.chapter == "第一章 总则"
    rows = {r.number: r for r in compare_versions(v1, v2)}
    assert rows[1].kind == "changed" and "<ins>和民族特点</ins>" in rows[1].inline
    assert rows[3].kind == "same"
    assert rows[6].kind == "added"
    assert rows[5].kind == "changed"
    assert DraftVersion.objects.filter(project=p).count() == 2


def test_version_with_broken_numbering_is_refused(lw):
    p = drafting_project(lw)
    with pytest.raises(ValidationFailed) as exc:
        services.version_add(actor=lw.env, project=p, label="稿", text="第一条 甲。\n第三条 乙。")
    assert "第二条" in exc.value.message
    with pytest.raises(ValidationFailed):
        services.version_add(actor=lw.env, project=p, label="稿", text="没有条文的一段文字而已。")


def test_reading_vote_pass_approve_in_force_amend_repeal(lw):
    p = deliberated_project(lw)
    assert p.state == S.UNDER_DELIBERATION
    meeting = make_meeting(lw)
    reading = services.reading_schedule(actor=lw.env, project=p, meeting=meeting, ordinal=1)
    assert meeting.agenda.filter(kind="legislative_reading", subject_id=p.pk).exists()
    with pytest.raises(ValidationFailed):  # third before second
        services.reading_schedule(actor=lw.env, project=p, meeting=meeting, ordinal=3)
    # a member of the meeting reads the draft and remarks on article 3; a deputy elsewhere cannot
    assert projects_visible_to(lw.sc[0]).filter(pk=p.pk).exists()
    assert not projects_visible_to(lw.outsider).filter(pk=p.pk).exists()
    services.remark_add(actor=lw.sc[0], reading=reading, text="建议明确部门职责。", article=3)
    with pytest.raises(ValidationFailed):
        services.remark_add(actor=lw.sc[0], reading=reading, text="第九条不存在", article=9)
    with pytest.raises(PermissionDeniedError):
        services.remark_add(actor=lw.outsider, reading=reading, text="我不是组成人员")
    # no vote before the unified deliberation report; only the legal committee writes it
    with pytest.raises(ValidationFailed):
        services.draft_vote_create(actor=lw.legal, reading=reading)
    with pytest.raises(PermissionDeniedError):
        services.unified_report_save(actor=lw.env, reading=reading, text="统一审议报告内容如下……")
    services.unified_report_save(actor=lw.legal, reading=reading, text="法制委员会统一审议认为草案基本成熟。")
    _sign_all(lw, meeting)
    art = services.draft_vote_create(
        actor=lw.legal, reading=reading, scope="article", article=5, basis="主任会议决定"
    )
    art = _vote_through(lw, meeting, art.vote_id, yes=3)
    art_dv = reading.votes.get(scope="article")
    assert art_dv.outcome == VoteOutcome.FAILED
    whole = services.draft_vote_create(actor=lw.legal, reading=reading)
    _vote_through(lw, meeting, whole.vote_id, yes=5)
    whole.refresh_from_db()
    p.refresh_from_db()
    assert (
        whole.outcome == VoteOutcome.PASSED and p.state == S.PASSED and p.passed_on == dt.date(2026, 11, 24)
    )
    with pytest.raises(ConflictError):  # needs approval first
        services.project_promulgate(
            actor=lw.legal, project=p, promulgated_on="2026-12-01", effective_on="2027-01-01"
        )
    services.approval_report(
        actor=lw.legal, project=p, approving_body="示例省人大常委会", reported_on="2026-11-26", report_document="示人常〔2026〕31号"
    )  # fmt: skip
    with pytest.raises(ValidationFailed):
        services.approval_approve(
            actor=lw.legal, project=p, approved_on="2026-11-25", approval_document="省批"
        )
    services.approval_approve(
        actor=lw.legal, project=p, approved_on="2026-12-10", approval_document="示省人常〔2026〕8号"
    )
    p.refresh_from_db()
    assert p.state == S.APPROVED
    services.approval_file(
        actor=lw.legal, project=p, filed_on="2026-12-20", filing_document="示人常〔2026〕40号",
        filed_with="全国人大常委会、国务院",
    )  # fmt: skip
    assert p.approval.state == "filed"
    with pytest.raises(ValidationFailed):
        services.project_promulgate(
            actor=lw.legal, project=p, promulgated_on="2026-12-30", effective_on="2026-12-01"
        )
    services.project_promulgate(
        actor=lw.legal, project=p, promulgated_on="2026-12-30", effective_on="2027-03-01"
    )
    p.refresh_from_db()
    assert p.state == S.IN_FORCE
    services.project_amend(actor=lw.legal, project=p, amended_on="2028-05-01", note="根据上位法修改第五条")
    p.refresh_from_db()
    assert p.state == S.AMENDED
    services.project_repeal(actor=lw.legal, project=p, repealed_on="2030-01-01", note="已被新条例取代")
    p.refresh_from_db()
    assert p.state == S.REPEALED
    with pytest.raises(ConflictError):
        services.project_amend(actor=lw.legal, project=p, amended_on="2031-01-01", note="废止后不能修正")


def test_failed_whole_vote_keeps_deliberation(lw):
    p = deliberated_project(lw)
    meeting = make_meeting(lw)
    reading = services.reading_schedule(actor=lw.env, project=p, meeting=meeting, ordinal=1)
    services.unified_report_save(actor=lw.legal, reading=reading, text="法制委员会统一审议认为草案基本成熟。")
    _sign_all(lw, meeting)
    dv = services.draft_vote_create(actor=lw.legal, reading=reading)
    _vote_through(lw, meeting, dv.vote_id, yes=4)  # 4 of 7 is more than half: passes
    p.refresh_from_db()
    assert p.state == S.PASSED


def test_failed_whole_vote_at_the_boundary(lw):
    p = deliberated_project(lw)
    meeting = make_meeting(lw)
    reading = services.reading_schedule(actor=lw.env, project=p, meeting=meeting, ordinal=1)
    services.unified_report_save(actor=lw.legal, reading=reading, text="法制委员会统一审议认为草案基本成熟。")
    _sign_all(lw, meeting)
    dv = services.draft_vote_create(actor=lw.legal, reading=reading)
    _vote_through(lw, meeting, dv.vote_id, yes=3)  # 3 of 7: not more than half
    dv.refresh_from_db()
    p.refresh_from_db()
    assert dv.outcome == VoteOutcome.FAILED and p.state == S.UNDER_DELIBERATION
    # a new whole-text vote may follow a failed one
    assert services.draft_vote_create(actor=lw.legal, reading=reading).outcome == VoteOutcome.PENDING


def test_plan_adopted_by_vote_and_published(lw):
    p = make_project(lw)
    services.project_study(actor=lw.legal, project=p)
    services.project_include(
        actor=lw.legal,
        project=p,
        plan=lw.plan,
        drafting_body="县农业农村局",
        responsible_committee=lw.env_committee,
    )
    meeting = make_meeting(lw)
    with pytest.raises(ConflictError):
        services.plan_publish(actor=lw.legal, plan=lw.plan)
    vote = services.plan_submit_vote(actor=lw.legal, plan=lw.plan, meeting=meeting)
    lw.plan.refresh_from_db()
    assert lw.plan.state == PlanState.VOTING
    p2 = make_project(lw, title="示例县民族团结进步促进条例")
    services.project_study(actor=lw.legal, project=p2)
    with pytest.raises(ConflictError):  # the plan is before the vote: no more projects
        services.project_include(
            actor=lw.legal,
            project=p2,
            plan=lw.plan,
            drafting_body="县民宗局",
            responsible_committee=lw.env_committee,
        )
    _sign_all(lw, meeting)
    _vote_through(lw, meeting, vote.pk, yes=6)
    lw.plan.refresh_from_db()
    assert lw.plan.state == PlanState.ADOPTED and lw.plan.adopted_on == dt.date(2026, 11, 24)
    services.plan_publish(actor=lw.legal, plan=lw.plan)
    lw.plan.refresh_from_db()
    assert lw.plan.state == PlanState.PUBLISHED and lw.plan.published_at


def test_plan_vote_failed_returns_to_draft(lw):
    p = make_project(lw)
    services.project_study(actor=lw.legal, project=p)
    services.project_include(
        actor=lw.legal,
        project=p,
        plan=lw.plan,
        drafting_body="县农业农村局",
        responsible_committee=lw.env_committee,
    )
    meeting = make_meeting(lw)
    vote = services.plan_submit_vote(actor=lw.legal, plan=lw.plan, meeting=meeting)
    _sign_all(lw, meeting)
    _vote_through(lw, meeting, vote.pk, yes=2)
    lw.plan.refresh_from_db()
    assert lw.plan.state == PlanState.DRAFT


def test_public_proposal_enters_yearly_plan(lw):
    p = services.project_propose_public(
        congress=lw.congress, title="示例县古树名木保护条例", proposer_name="王大爷", reason="县城古树多,缺乏保护规定,建议立法。",
        proposer_contact="13800000000", client_ip="10.0.0.9",
    )  # fmt: skip
    assert p.source == "public" and p.state == S.PROPOSED
    services.project_study(actor=lw.legal, project=p)
    services.project_include(
        actor=lw.legal,
        project=p,
        plan=lw.plan,
        drafting_body="县林草局",
        responsible_committee=lw.env_committee,
    )
    p.refresh_from_db()
    assert p.plan == lw.plan and p.state == S.IN_PLAN


def test_public_proposal_rate_limited(lw):
    for i in range(services.PUBLIC_PROPOSAL_LIMIT):
        services.project_propose_public(
            congress=lw.congress, title=f"示例县条例建议{i}号", proposer_name="群众", reason="建议立法的理由写在这里。",
            client_ip="10.0.0.7",
        )  # fmt: skip
    with pytest.raises(ValidationFailed) as exc:
        services.project_propose_public(
            congress=lw.congress, title="示例县又一条例建议", proposer_name="群众", reason="建议立法的理由写在这里。",
            client_ip="10.0.0.7",
        )  # fmt: skip
    assert exc.value.code == "rate_limited"


def test_without_approval_passed_goes_in_force_and_reading_conclude(lw):
    p = deliberated_project(lw)
    p.needs_approval = False
    p.save(update_fields=["needs_approval"])
    meeting = make_meeting(lw)
    first = services.reading_schedule(actor=lw.env, project=p, meeting=meeting, ordinal=1)
    services.reading_conclude(actor=lw.env, reading=first)
    with pytest.raises(ConflictError):
        services.reading_conclude(actor=lw.env, reading=first)
    second = services.reading_schedule(actor=lw.env, project=p, meeting=meeting, ordinal=2)
    services.unified_report_save(actor=lw.legal, reading=second, text="法制委员会统一审议认为草案已经成熟。")
    _sign_all(lw, meeting)
    dv = services.draft_vote_create(actor=lw.legal, reading=second)
    _vote_through(lw, meeting, dv.vote_id, yes=7)
    p.refresh_from_db()
    assert p.state == S.PASSED
    with pytest.raises(ConflictError):  # no approval needed: nothing to report
        services.approval_report(actor=lw.legal, project=p, approving_body="省人大常委会", reported_on="2026-11-25",
                                 report_document="示人常〔2026〕1号")  # fmt: skip
    services.project_promulgate(
        actor=lw.legal, project=p, promulgated_on="2026-11-25", effective_on="2027-01-01"
    )
    p.refresh_from_db()
    assert p.state == S.IN_FORCE


def test_register_existing_regulation(lw):
    r = services.regulation_register(
        actor=lw.legal, congress=lw.congress, title="示例县水资源保护条例", text="第一条 保护水资源。\n第二条 自公布之日起施行。",
        drafting_body="县水务局", passed_on="2017-08-30", approved_on="2017-11-24", effective_on="2018-03-01",
    )  # fmt: skip
    assert r.state == S.IN_FORCE and r.approval.state == "approved" and r.versions.get().articles.count() == 2
    with pytest.raises(PermissionDeniedError):
        services.regulation_register(actor=lw.env, congress=lw.congress, title="示例县另一条例", text="第一条 内容。",
                                     drafting_body="县政府", passed_on="2017-01-01", effective_on="2017-02-01")  # fmt: skip
