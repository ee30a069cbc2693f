"""Opening, casting, closing: refusals in Chinese with nothing recorded and the attempt audited."""

from __future__ import annotations

import pytest

from renda.audit.models import Event
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.voting import services
from renda.voting.models import Ballot, SecretBallot, Vote, VoteEligibility, VoteParticipation
from renda.voting.services import VoteRefused

from .conftest import key

pytestmark = pytest.mark.clock("2026-11-20 09:30")


def cast(vote, member, *choices, k=None, **kw):
    return services.vote_cast(
        actor=member, vote=vote, choices=list(choices), idempotency_key=k or key(), **kw
    )


def refused(vote, member, *choices, code, k=None, **kw):
    before = (
        Ballot.objects.count(),
        SecretBallot.objects.filter(cast=True).count(),
        VoteParticipation.objects.count(),
    )
    with pytest.raises(VoteRefused) as exc:
        cast(vote, member, *choices, k=k, **kw)
    assert exc.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.value.message)
    after = (
        Ballot.objects.count(),
        SecretBallot.objects.filter(cast=True).count(),
        VoteParticipation.objects.count(),
    )
    assert after == before, "a refused ballot records nothing"
    event = Event.objects.filter(action="vote.cast_refused").order_by("-pk").first()
    assert event is not None and event.after["reason"] == code and event.actor_id == member.pk
    return exc.value


def test_open_snapshots_members_and_only_the_chair_opens(hall):
    vote = hall.vote()
    with pytest.raises(PermissionDeniedError):
        services.vote_open(actor=hall.members[0], vote=vote)
    services.vote_open(actor=hall.chair, vote=vote)
    assert VoteEligibility.objects.filter(vote=vote).count() == 7
    with pytest.raises(ConflictError):
        services.vote_open(actor=hall.chair, vote=vote)
    assert Event.objects.filter(action="vote.open", target_id=str(vote.pk)).exists()


def test_staff_of_another_county_cannot_create(hall, twin_counties):
    with pytest.raises(PermissionDeniedError):
        services.vote_create(
            actor=twin_counties.sibling.users["staff"],
            congress=hall.county.congress,
            owner_code="test_group",
            owner_id=1,
            title="x",
            method="roll_call",
            option_set="yes_no_abstain",
            rule_code="majority_all",
        )


def test_roll_call_vote_end_to_end(hall):
    vote = hall.opened()
    for m in hall.members[:4]:
        cast(vote, m, "yes")
    cast(vote, hall.members[4], "no")
    cast(vote, hall.members[5], "abstain")
    vote = services.vote_close(actor=hall.chair, vote=vote)
    assert vote.result["counts"] == {"abstain": 1, "no": 1, "yes": 4}
    assert vote.result["passed"] is True  # 4 of 7 is more than half of all members
    assert vote.result["members"] == 7 and vote.result["voted"] == 6
    assert hall.roster.closed == [(vote.pk, vote.result)]
    assert Event.objects.filter(action="vote.close", target_id=str(vote.pk)).exists()
    roll = Event.objects.filter(action="vote.cast", actor=hall.members[4]).get()
    assert roll.after["choices"] == ["no"]  # roll-call ballots are public


def test_the_result_is_final(hall):
    vote = services.vote_close(actor=hall.chair, vote=hall.opened())
    with pytest.raises(ConflictError):
        services.vote_close(actor=hall.chair, vote=vote)
    stored = Vote.objects.get(pk=vote.pk)
    stored.result = {"passed": True}
    with pytest.raises(ValueError):
        stored.save()
    refused(vote, hall.members[0], "yes", code="closed")


def test_three_yes_of_seven_fails_and_majority_of_present_counts_present(hall):
    vote = hall.opened(rule_code="majority_present")
    hall.roster.present[1] = {m.pk for m in hall.members[:5]}
    for m in hall.members[:3]:
        cast(vote, m, "yes")
    cast(vote, hall.members[3], "no")
    vote = services.vote_close(actor=hall.chair, vote=vote)
    assert vote.result["present"] == 5 and vote.result["passed"] is True  # 3 of 5 present


def test_refusals(hall, twin_counties):
    vote = hall.vote()
    refused(vote, hall.members[0], "yes", code="not_open")
    vote = services.vote_open(actor=hall.chair, vote=vote)
    refused(vote, twin_counties.county.users["deputy"], "yes", code="not_member")
    hall.roster.present[1].discard(hall.members[1].pk)
    refused(vote, hall.members[1], "yes", code="not_present")
    refused(vote, hall.members[0], "maybe", code="unknown_option")
    refused(vote, hall.members[0], "yes", "no", code="unknown_option")
    refused(vote, hall.members[0], "yes", k="short", code="invalid_key")
    cast(vote, hall.members[0], "yes")
    refused(vote, hall.members[0], "no", code="already_voted")
    refused(vote, hall.members[0], "yes", code="already_voted")


def test_retry_with_the_same_key_never_counts_twice(hall):
    vote = hall.opened()
    k = key()
    first = cast(vote, hall.members[0], "yes", k=k)
    again = cast(vote, hall.members[0], "yes", k=k)
    assert not first.replayed and again.replayed
    assert Ballot.objects.filter(vote=vote).count() == 1
    assert Event.objects.filter(action="vote.cast", actor=hall.members[0]).count() == 1
    refused(vote, hall.members[0], "no", k=k, code="key_reused")


def test_secret_retry_returns_the_same_receipt(hall):
    vote = hall.opened(method="secret")
    k = key()
    first = cast(vote, hall.members[0], "no", k=k)
    again = cast(vote, hall.members[0], "no", k=k)
    assert first.receipt_code and again.receipt_code == first.receipt_code and again.replayed
    assert SecretBallot.objects.filter(vote=vote, cast=True).count() == 1


def test_may_change_before_close(hall):
    vote = hall.opened(may_change=True)
    cast(vote, hall.members[0], "yes")
    changed = cast(vote, hall.members[0], "no")
    assert changed.changed
    ballot = Ballot.objects.get(vote=vote, user=hall.members[0])
    assert ballot.choices == ["no"] and ballot.changed == 1
    vote = services.vote_close(actor=hall.chair, vote=vote)
    assert vote.result["counts"] == {"no": 1}


def test_secret_change_needs_the_receipt(hall):
    vote = hall.opened(method="secret", may_change=True)
    first = cast(vote, hall.members[0], "yes")
    refused(vote, hall.members[0], "no", code="receipt_required")
    cast(vote, hall.members[0], "no", receipt_code=first.receipt_code)
    vote = services.vote_close(actor=hall.chair, vote=vote)
    assert vote.result["counts"] == {"no": 1} and vote.result["ballots"] == 1


def test_contested_election_with_write_in(hall):
    vote = hall.opened(
        option_set="election",
        method="secret",
        seats=2,
        candidates=["张伟", "王芳", "李娜"],
        allow_write_in=True,
        rule_code="majority_all",
    )
    c = {cand.name: cand.key for cand in vote.candidates.all()}
    for m in hall.members[:5]:
        cast(vote, m, c["张伟"], c["王芳"])
    cast(vote, hall.members[5], c["李娜"], "w:赵强")
    cast(vote, hall.members[6], "w:王芳")  # a write-in of a candidate counts for the candidate
    refused(vote, hall.members[6], c["张伟"], code="already_voted")
    vote = services.vote_close(actor=hall.chair, vote=vote)
    assert vote.result["counts"][c["王芳"]] == 6
    assert vote.result["counts"]["w:赵强"] == 1
    assert vote.result["winners"] == [c["王芳"], c["张伟"]]
    assert vote.result["unfilled"] == 0


def test_election_refuses_too_many_and_write_ins_when_not_allowed(hall):
    vote = hall.opened(option_set="election", seats=1, candidates=["张伟", "王芳"])
    c = [cand.key for cand in vote.candidates.all()]
    refused(vote, hall.members[0], *c, code="unknown_option")
    refused(vote, hall.members[0], "w:赵强", code="unknown_option")
    refused(vote, hall.members[0], "c999999", code="unknown_option")


def test_election_needs_candidates_and_sane_seats(hall):
    with pytest.raises(ValidationFailed):
        hall.vote(option_set="election", seats=1, candidates=[])
    with pytest.raises(ValidationFailed):
        hall.vote(option_set="election", seats=3, candidates=["张伟", "王芳"])


def test_paper_ballots_count_only_when_two_staff_agree(hall):
    vote = hall.opened()
    m = hall.members[0]
    out = services.paper_enter(
        actor=hall.chair, vote=vote, sheet_code="A001", choices=["yes"], member_id=m.pk
    )
    assert out.state == "waiting" and not Ballot.objects.filter(vote=vote).exists()
    # the same staff member entering again only corrects their own entry
    out = services.paper_enter(
        actor=hall.chair, vote=vote, sheet_code="A001", choices=["yes"], member_id=m.pk
    )
    assert out.state == "waiting"
    out = services.paper_enter(
        actor=hall.staff2, vote=vote, sheet_code="A001", choices=["no"], member_id=m.pk
    )
    assert out.state == "disagree" and not Ballot.objects.filter(vote=vote).exists()
    with pytest.raises(ValidationFailed):
        services.vote_close(actor=hall.chair, vote=vote)  # nothing counted until resolved
    out = services.paper_enter(
        actor=hall.staff2, vote=vote, sheet_code="A001", choices=["yes"], member_id=m.pk
    )
    assert out.state == "counted"
    assert Ballot.objects.get(vote=vote, user=m).source == "paper"
    # the member who voted on paper cannot vote again from a device
    refused(vote, m, "yes", code="already_voted")
    vote = services.vote_close(actor=hall.chair, vote=vote)
    assert vote.result["counts"] == {"yes": 1}


def test_paper_ballots_of_a_secret_vote(hall):
    vote = hall.opened(method="secret")
    m = hall.members[1]
    with pytest.raises(VoteRefused):
        services.paper_enter(actor=hall.chair, vote=vote, sheet_code="S01", choices=["yes"])
        services.paper_enter(
            actor=hall.staff2, vote=vote, sheet_code="S01", choices=["yes"]
        )  # no paper issued
    services.paper_issue(actor=hall.chair, vote=vote, member_id=m.pk)
    refused(vote, m, "yes", code="already_voted")
    services.paper_enter(actor=hall.chair, vote=vote, sheet_code="S02", choices=["abstain"])
    out = services.paper_enter(actor=hall.staff2, vote=vote, sheet_code="S02", choices=["abstain"])
    assert out.state == "counted"
    assert SecretBallot.objects.filter(vote=vote, receipt_code="P-S02", choices=["abstain"]).exists()


def test_only_staff_enter_paper(hall):
    vote = hall.opened()
    with pytest.raises(PermissionDeniedError):
        services.paper_enter(
            actor=hall.members[0], vote=vote, sheet_code="A1", choices=["yes"], member_id=hall.members[1].pk
        )
