"""Major matters from the government's list to a decision by a recorded vote, and resolutions."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.oversight import services_reports as svc
from renda.oversight.models import MatterListState, MatterState, Resolution

from .conftest import TZ, make_meeting


def build_list(w, actor=None):
    actor = actor or w.gov_clerk
    ml = svc.matter_list_create(actor=actor, congress=w.congress, year=2027, submitted_by=w.government)
    a = svc.matter_add(actor=actor, matter_list=ml, title="示例县城区集中供热改造工程", category="livelihood",
                       description="对城区老旧供热管网实施改造。", planned_quarter=2)  # fmt: skip
    b = svc.matter_add(
        actor=actor, matter_list=ml, title="示例县国土空间总体规划(2021—2035年)", category="project"
    )
    return ml, a, b


def agree(w, ml, included):
    svc.matter_list_submit(actor=w.gov_clerk, matter_list=ml)
    svc.matter_list_comment(actor=w.staff, matter_list=ml, comments="建议补充供热改造的资金来源和工期安排。")
    return svc.matter_list_agree(actor=w.leader, matter_list=ml, included=included, agreed_on="2026-12-20")


@pytest.mark.clock("2026-12-20")
def test_list_commented_and_agreed(w, clock):
    ml, a, b = build_list(w)
    with pytest.raises(PermissionDeniedError):
        svc.matter_add(actor=w.finance_clerk, matter_list=ml, title="某事项", category="other")
    with pytest.raises(ValidationFailed) as exc:
        svc.matter_add(actor=w.gov_clerk, matter_list=ml, title="", category="other")
    assert exc.value.field == "title"
    with pytest.raises(ValidationFailed) as exc:
        svc.matter_list_create(actor=w.gov_clerk, congress=w.congress, year=2027, submitted_by=w.government)
    assert exc.value.field == "year"
    ml = svc.matter_list_submit(actor=w.gov_clerk, matter_list=ml)
    assert (ml.state, ml.submitted_on) == (MatterListState.SUBMITTED, dt.date(2026, 12, 20))
    with pytest.raises(ConflictError):  # no comments yet
        svc.matter_list_agree(actor=w.staff, matter_list=ml, included=[a.pk], agreed_on="2026-12-20")
    with pytest.raises(PermissionDeniedError):
        svc.matter_list_comment(actor=w.gov_clerk, matter_list=ml, comments="……")
    ml = svc.matter_list_comment(actor=w.staff, matter_list=ml, comments="建议补充资金来源。")
    with pytest.raises(ValidationFailed) as exc:
        svc.matter_list_agree(actor=w.staff, matter_list=ml, included=[], agreed_on="2026-12-20")
    assert exc.value.field == "included"
    with pytest.raises(ValidationFailed) as exc:
        svc.matter_list_agree(actor=w.staff, matter_list=ml, included=[a.pk], agreed_on="2026-12-21")
    assert exc.value.field == "agreed_on"
    ml = svc.matter_list_agree(actor=w.staff, matter_list=ml, included=[a.pk], agreed_on="2026-12-20")
    a.refresh_from_db()
    b.refresh_from_db()
    assert (ml.state, a.state, b.state) == (MatterListState.AGREED, MatterState.LISTED, MatterState.EXCLUDED)
    clock.set("2027-01-10")
    ml = svc.matter_list_report_party(actor=w.staff, matter_list=ml, reported_on="2027-01-10")
    assert ml.state == MatterListState.REPORTED
    from renda.oversight.documents_reports import matter_list_docx

    assert matter_list_docx(ml)[:2] == b"PK"


def _vote_on(w, matter, clock, yes: int):
    from renda.meetings import services as meetings
    from renda.voting import services as voting

    meeting = make_meeting(w, dt.datetime(2027, 3, 25, 9, tzinfo=TZ))
    matter = svc.matter_schedule(actor=w.staff, matter=matter, meeting=meeting)
    assert matter.agenda_item.kind == "major_matter"
    meetings.meeting_schedule(actor=w.staff, meeting=meeting)
    clock.set("2027-03-25 09:00")
    meetings.meeting_open(actor=w.staff, meeting=meeting)
    for member in w.sc:
        meetings.sign_in(actor=member, meeting=meeting, method="self")
    vote = voting.vote_create(
        actor=w.staff, congress=w.congress, owner_code="major_matter", owner_id=matter.pk,
        title=f"关于{matter.title}的决定(草案)", method="roll_call", option_set="yes_no_abstain",
        rule_code="majority_all",
    )  # fmt: skip
    voting.vote_open(actor=w.staff, vote=vote)
    for i, member in enumerate(w.sc):
        voting.vote_cast(actor=member, vote=vote, choices=["yes" if i < yes else "no"],
                         idempotency_key=secrets.token_hex(16))  # fmt: skip
    clock.set("2027-03-25 10:00")
    return voting.vote_close(actor=w.staff, vote=vote)


@pytest.mark.clock("2026-12-20")
def test_matter_decided_by_a_recorded_vote(w, clock):
    ml, a, _b = build_list(w)
    agree(w, ml, [a.pk])
    a.refresh_from_db()
    with pytest.raises(ConflictError):  # not reported before the decision
        svc.matter_schedule(
            actor=w.staff, matter=a, meeting=make_meeting(w, dt.datetime(2027, 3, 1, 9, tzinfo=TZ))
        )
    clock.set("2027-03-10")
    a = svc.matter_report(actor=w.gov_clerk, matter=a, reported_on="2027-03-10",
                          summary="县政府常务会议研究后,向常委会报告了供热改造方案。")  # fmt: skip
    assert a.state == MatterState.REPORTED
    vote = _vote_on(w, a, clock, yes=4)
    a.refresh_from_db()
    assert (a.state, a.vote_id, a.decided_on) == (MatterState.DECIDED, vote.pk, dt.date(2027, 3, 25))
    resolution = Resolution.objects.get(matter=a)
    assert resolution.vote_id == vote.pk and not resolution.is_published
    assert resolution.number == "示例县人大常委会决定〔2027〕1号"
    assert "赞成4票,反对1票" in resolution.text
    from renda.oversight.selectors_reports import vote_counts_text

    assert vote_counts_text(vote).startswith("应到5人,出席5人;赞成4票,反对1票,弃权0票,通过")
    # implementation reported back
    clock.set("2027-06-30")
    with pytest.raises(ValidationFailed) as exc:
        svc.matter_progress_add(actor=w.gov_clerk, matter=a, reported_on="2027-03-01", text="已开工。")
    assert exc.value.field == "reported_on"
    svc.matter_progress_add(actor=w.gov_clerk, matter=a, reported_on="2027-06-30", text="管网改造已完成60%。")
    a.refresh_from_db()
    assert a.state == MatterState.IMPLEMENTED
    # published: the public sees it
    svc.resolution_publish(actor=w.staff, resolution=resolution)
    assert Resolution.objects.published().filter(pk=resolution.pk).exists()
    with pytest.raises(ConflictError):
        svc.resolution_publish(actor=w.staff, resolution=resolution)


@pytest.mark.clock("2026-12-20")
def test_failed_vote_leaves_matter_not_adopted(w, clock):
    ml, a, _b = build_list(w)
    agree(w, ml, [a.pk])
    a.refresh_from_db()
    clock.set("2027-03-10")
    svc.matter_report(actor=w.staff, matter=a, reported_on="2027-03-10", summary="县政府报告了方案。")
    a.refresh_from_db()
    _vote_on(w, a, clock, yes=2)
    a.refresh_from_db()
    assert a.state == MatterState.NOT_ADOPTED
    assert not Resolution.objects.filter(matter=a).exists()


@pytest.mark.clock("2026-11-20")
def test_resolution_create_bad_input(w, clock):
    base = dict(actor=w.staff, congress=w.congress, kind="resolution", title="关于批准2025年县级决算的决议",
                text="批准2025年县级决算。", adopted_on="2026-06-25")  # fmt: skip
    r = svc.resolution_create(**base)
    assert r.number == "示例县人大常委会决议〔2026〕1号"
    for change, field in [({"title": ""}, "title"), ({"adopted_on": "2026-02-30"}, "adopted_on"),
                          ({"adopted_on": "2026-11-21"}, "adopted_on"), ({"number": r.number}, "number"),
                          ({"kind": "law"}, "kind")]:  # fmt: skip
        with pytest.raises(ValidationFailed) as exc:
            svc.resolution_create(**{**base, **change})
        assert exc.value.field == field
    assert Resolution.objects.count() == 1
    with pytest.raises(PermissionDeniedError):
        svc.resolution_create(**{**base, "actor": w.gov_clerk})


@pytest.mark.clock("2026-12-20")
def test_matter_put_on_the_agenda_from_the_meeting_page_is_decided_too(w, clock):
    from renda.meetings import services as meetings
    from renda.voting import services as voting

    ml, a, _b = build_list(w)
    agree(w, ml, [a.pk])
    a.refresh_from_db()
    clock.set("2027-03-10")
    a = svc.matter_report(actor=w.staff, matter=a, reported_on="2027-03-10", summary="县政府报告了方案。")
    meeting = make_meeting(w, dt.datetime(2027, 3, 25, 9, tzinfo=TZ))
    meetings.agenda_item_add(actor=w.staff, meeting=meeting, kind="major_matter", title="审议供热改造决定(草案)",
                             subject=f"oversight.majormatter:{a.pk}")  # fmt: skip
    meetings.meeting_schedule(actor=w.staff, meeting=meeting)
    clock.set("2027-03-25 09:00")
    meetings.meeting_open(actor=w.staff, meeting=meeting)
    for member in w.sc:
        meetings.sign_in(actor=member, meeting=meeting, method="self")
    vote = voting.vote_create(actor=w.staff, congress=w.congress, owner_code="major_matter", owner_id=a.pk,
                              title="关于供热改造的决定(草案)", method="roll_call", option_set="yes_no_abstain",
                              rule_code="majority_all")  # fmt: skip
    voting.vote_open(actor=w.staff, vote=vote)
    for member in w.sc:
        voting.vote_cast(actor=member, vote=vote, choices=["yes"], idempotency_key=secrets.token_hex(16))
    voting.vote_close(actor=w.staff, vote=vote)
    a.refresh_from_db()
    assert a.state == MatterState.DECIDED and a.agenda_item.meeting_id == meeting.pk
