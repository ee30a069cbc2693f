"""The six stages end to end through the services, with the deputies' ballot on renda.voting and the
follow-up cases on the engine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from renda.audit.models import Event
from renda.cases.models import Case
from renda.cases.services import assignment_sign, progress_report, reply_submit
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.livelihood import services
from renda.livelihood.choices import ProjectState, Stage
from renda.livelihood.models import CandidateProject
from renda.voting import services as voting

from .conftest import TITLES, cast_all, make_programme, run_ballot, to_voting

PS = ProjectState


def png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (180, 40, 30)).save(buf, format="PNG")
    return buf.getvalue()


def _states(p):
    return {x.title: x.state for x in CandidateProject.objects.filter(programme=p)}


@pytest.mark.clock("2026-01-15 09:30")
def test_six_stages_end_to_end(w):
    p, projects = make_programme(w)
    assert p.stage == Stage.COLLECTING
    p = to_voting(w, p, projects)
    assert p.stage == Stage.VOTING
    assert _states(p)[TITLES[5]] == PS.NOT_ADOPTED
    # 9 deputies, each chooses up to 3 of 5; a majority of those present (> 4.5) passes.
    d = w.deputies
    a, b, c, e = TITLES[0], TITLES[1], TITLES[2], TITLES[3]
    ballots = {u: [a, b, c] for u in d[:5]}
    ballots.update({u: [a, b, e] for u in d[5:8]})
    ballots[d[8]] = [a]
    p, vote = run_ballot(w, p, ballots)
    states = _states(p)
    assert states[a] == states[b] == states[c] == PS.IMPLEMENTING  # 9, 8, 5 votes
    assert states[e] == PS.FAILED and states[TITLES[4]] == PS.FAILED
    assert p.stage == Stage.IMPLEMENTING and p.voted_on == dt.date(2026, 1, 15)
    first = CandidateProject.objects.get(programme=p, title=a)
    assert (first.votes, first.rank) == (9, 1)
    # Each passed project is a case on the engine, assigned to its responsible unit.
    case = Case.objects.get(pk=first.case_id)
    assert case.kind == "livelihood_followup" and case.state == "assigned"
    assignment = case.assignments.get()
    assert assignment.organization == w.county.education and assignment.deadline == dt.date(2026, 12, 31)
    assert Event.objects.filter(action="livelihood.ballot_result").exists()

    # Implementation: the unit signs and reports milestones with percent done.
    assignment_sign(actor=w.clerk, assignment=assignment)
    progress_report(actor=w.clerk, assignment=assignment, text="完成选址和设计招标", percent_done=30)
    progress_report(actor=w.clerk, assignment=assignment, text="主体工程完工", percent_done=80)
    from renda.livelihood.selectors import progress_of

    assert progress_of([first])[first.pk]["percent"] == 80
    # A deputy records an inspection visit with a photo.
    visit = services.inspection_record(
        actor=d[0], project=first, visited_on=dt.date(2026, 1, 14), deputies="马国强、孙丽华",
        findings="工程进度符合计划,建议加强施工安全。", photos=[SimpleUploadedFile("现场.png", png(), "image/png")],
    )  # fmt: skip
    assert visit.photos.count() == 1
    assert case.policy.attachment_is_public(visit.photos.get())
    # The year-end report (the unit's reply) completes the project.
    reply_submit(
        actor=w.unit_leader, assignment=assignment, classification="A", text="项目已全部完成并投入使用。"
    )
    first.refresh_from_db()
    assert first.state == PS.COMPLETED

    # Evaluation: the deputies' satisfaction vote rates the reply and closes the case.
    p = services.programme_advance(actor=w.staff, programme=p)
    assert p.stage == Stage.EVALUATING
    ev = services.evaluation_create(actor=w.staff, project=first)
    ev = voting.vote_open(actor=w.staff, vote=ev)
    import uuid

    for i, u in enumerate(d):
        choice = "satisfied" if i < 7 else "basic" if i == 7 else "unsatisfied"
        voting.vote_cast(actor=u, vote=ev, choices=[choice], idempotency_key=uuid.uuid4().hex)
    voting.vote_close(actor=w.staff, vote=ev)
    first.refresh_from_db()
    assert first.satisfaction == Decimal("88.89")
    assert first.state == PS.EVALUATED
    case.refresh_from_db()
    assert case.state == "closed"
    # The other two projects were never reported completed: the programme cannot finish.
    with pytest.raises(ConflictError):
        services.programme_advance(actor=w.staff, programme=p)


@pytest.mark.clock("2026-01-15 09:30")
def test_evaluation_below_80_percent_sends_the_unit_back(w):
    p, projects = make_programme(w, seats=1, shortlist=2, n=2)
    p = to_voting(w, p, projects)
    p, _vote = run_ballot(w, p, {u: [TITLES[0]] for u in w.deputies})
    first = CandidateProject.objects.get(programme=p, title=TITLES[0])
    assignment = first.case.assignments.get()
    assignment_sign(actor=w.clerk, assignment=assignment)
    reply_submit(actor=w.unit_leader, assignment=assignment, classification="A", text="项目已完成。")
    p = services.programme_advance(actor=w.staff, programme=p)
    ev = voting.vote_open(actor=w.staff, vote=services.evaluation_create(actor=w.staff, project=first))
    # 7 of 9 satisfied: 77.78 % < 80 %: keep rectifying.
    cast_all(ev, {u: ["satisfied" if i < 7 else "unsatisfied"] for i, u in enumerate(w.deputies)})
    voting.vote_close(actor=w.staff, vote=ev)
    first.refresh_from_db()
    assert first.satisfaction == Decimal("77.78")
    assert first.state == PS.IMPLEMENTING
    assert first.case.state == "rehandling"


@pytest.mark.clock("2026-01-15 09:30")
def test_threshold_keeps_out_a_project_in_the_top_n(w):
    p, projects = make_programme(w)
    p = to_voting(w, p, projects)
    d = w.deputies
    # Third place has 4 of 9 present: not more than half.
    ballots = {u: [TITLES[0], TITLES[1], TITLES[2]] for u in d[:4]}
    ballots.update({u: [TITLES[0], TITLES[1]] for u in d[4:]})
    p, vote = run_ballot(w, p, ballots)
    states = _states(p)
    assert states[TITLES[2]] == PS.FAILED
    assert sorted(t for t, s in states.items() if s == PS.IMPLEMENTING) == sorted(TITLES[:2])
    assert vote.result["unfilled"] == 1


@pytest.mark.clock("2026-01-15 09:30")
def test_tie_across_last_seat_then_run_off(w):
    p, projects = make_programme(w, tie_rule="runoff")
    p = to_voting(w, p, projects)
    d = w.deputies
    a, b, c, e = TITLES[:4]
    # a: 9, b: 8, and c and e tie with 5 each for the last seat.
    ballots = {u: [a, b, c] for u in d[:4]}
    ballots.update({u: [a, b, e] for u in d[5:]})
    ballots[d[4]] = [a, c, e]
    p, vote = run_ballot(w, p, ballots)
    states = _states(p)
    assert states[c] == states[e] == PS.TIED
    assert states[a] == states[b] == PS.PASSED
    assert p.stage == Stage.VOTING and "再次投票" in p.tie_note
    with pytest.raises(ConflictError):  # the run-off comes first under this rule
        services.tie_resolve(
            actor=w.staff, programme=p, chosen=[CandidateProject.objects.get(title=c)], note="x"
        )
    p, runoff = run_ballot(w, p, {u: [e] if i < 6 else [c] for i, u in enumerate(d)}, runoff=True)
    assert runoff.seats == 1
    states = _states(p)
    assert states[e] == PS.IMPLEMENTING and states[c] == PS.FAILED
    assert p.stage == Stage.IMPLEMENTING


@pytest.mark.clock("2026-01-15 09:30")
def test_tie_decided_by_the_presidium(w):
    p, projects = make_programme(w, tie_rule="presidium")
    p = to_voting(w, p, projects)
    d = w.deputies
    a, b, c, e = TITLES[:4]
    ballots = {u: [a, b, c] for u in d[:4]}
    ballots.update({u: [a, b, e] for u in d[5:]})
    ballots[d[4]] = [a, c, e]
    p, _vote = run_ballot(w, p, ballots)
    assert _states(p)[c] == PS.TIED
    with pytest.raises(ConflictError):
        services.ballot_create(actor=w.staff, programme=p, runoff=True)
    tied = list(CandidateProject.objects.filter(programme=p, state=PS.TIED).order_by("pk"))
    with pytest.raises(ValidationFailed):  # one seat left: one project
        services.tie_resolve(actor=w.staff, programme=p, chosen=tied, note="主席团第三次会议决定")
    p = services.tie_resolve(actor=w.staff, programme=p, chosen=[tied[0]], note="主席团第三次会议决定")
    assert p.stage == Stage.IMPLEMENTING and "主席团决定" in p.tie_note
    assert _states(p)[tied[0].title] == PS.IMPLEMENTING and _states(p)[tied[1].title] == PS.FAILED


@pytest.mark.clock("2025-11-01 09:30")
def test_stage_checks_and_permissions(w):
    p, projects = make_programme(w)
    with pytest.raises(PermissionDeniedError):
        services.programme_advance(actor=w.deputies[0], programme=p)
    with pytest.raises(PermissionDeniedError):
        services.programme_advance(actor=w.sibling_staff, programme=p)
    # A deputy proposes in their own name while collection is open.
    mine = services.proposal_create(actor=w.deputies[0], programme=p, title="乡镇卫生院设备更新",
                                    description="为全县乡镇卫生院更新基本医疗设备。", proposer_kind="government")  # fmt: skip
    assert (mine.proposer_kind, mine.proposer_name) == ("deputy", "马国强")
    with pytest.raises(PermissionDeniedError):
        services.project_screen(
            actor=w.deputies[0], project=mine, shortlist=True, responsible_unit=w.county.education
        )
    p = services.programme_advance(actor=w.staff, programme=p)
    # Shortlisting needs exactly 5 with a responsible unit.
    services.project_screen(
        actor=w.staff, project=projects[0], shortlist=True, responsible_unit=w.county.education
    )
    with pytest.raises(ConflictError, match="5项"):
        services.programme_advance(actor=w.staff, programme=p)
    with pytest.raises(ValidationFailed):  # a liaison station is not a handling unit
        services.project_screen(
            actor=w.staff, project=projects[1], shortlist=True, responsible_unit=w.county.station
        )
    with pytest.raises(ValidationFailed):  # rejecting needs the reason
        services.project_screen(actor=w.staff, project=projects[1], shortlist=False)
    with pytest.raises(ConflictError):  # no ballot before the presidium
        services.ballot_create(actor=w.staff, programme=p)


@pytest.mark.clock("2025-11-01 09:30")
def test_programme_settings_validated(w):
    with pytest.raises(ValidationFailed, match="差额"):
        services.programme_create(actor=w.staff, congress=w.congress, year=2026, seats=10, shortlist_size=10)
    with pytest.raises(ValidationFailed):
        services.programme_create(actor=w.staff, congress=w.congress, year=2026, pass_rule="nope")
    services.programme_create(actor=w.staff, congress=w.congress, year=2026)
    with pytest.raises(ValidationFailed, match="已经建立"):
        services.programme_create(actor=w.staff, congress=w.congress, year=2026)


@pytest.mark.clock("2026-01-15 09:30")
def test_presidium_must_keep_more_than_seats(w):
    p, projects = make_programme(w)
    p = services.programme_advance(actor=w.staff, programme=p)
    for x in projects[:5]:
        services.project_screen(actor=w.staff, project=x, shortlist=True, responsible_unit=w.county.education)
    p = services.programme_advance(actor=w.staff, programme=p)
    with pytest.raises(ValidationFailed, match="差额"):
        services.presidium_decide(
            actor=w.staff, programme=p, agreed=projects[:3], note="同意", on=dt.date(2026, 1, 12)
        )
    p = services.presidium_decide(
        actor=w.staff, programme=p, agreed=projects[:4], note="同意", on=dt.date(2026, 1, 12)
    )
    assert _states(p)[TITLES[4]] == PS.PRESIDIUM_DROPPED
