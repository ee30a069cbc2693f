"""Nominations (10 signatures, 差额), the ballot (proxies, two tellers, further rounds) and the
qualification review seating deputies in the register."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.core.errors import ConflictError, ValidationFailed
from renda.deputies.identity import decrypt
from renda.deputies.models import DeputyMandate
from renda.elections import ballot, candidates, register, review
from renda.elections.choices import CandidateStage, RoundKind, RoundState
from renda.elections.models import Candidate

from .conftest import make_id, unique_id


def _nominate(election, staff, c, name, **kw):
    base = dict(
        gender="female",
        occupation_category="farmer",
        nominator_kind="party",
        nominating_body="中国共产党示例县委员会",
    )
    base.update(kw)
    return candidates.candidate_nominate(
        actor=staff, election=election, constituency=c, full_name=name, **base
    )


@pytest.mark.parametrize(("signers", "ok"), [(9, False), (10, True), (11, True)])
def test_joint_nomination_needs_ten_registered_voters(
    election, staff, constituencies, published, signers, ok
):
    ids = [v.id_number for v in published[:signers]]
    call = lambda: _nominate(election, staff, constituencies[1], "联名人选", nominator_kind="voters",  # noqa: E731
                             nominating_body="", signer_id_numbers=ids)  # fmt: skip
    if ok:
        c = call()
        assert c.signatures.count() == signers and c.nominating_body.endswith(f"等{signers}名选民")
    else:
        with pytest.raises(ValidationFailed) as err:
            call()
        assert "10名以上" in err.value.fields["signer_id_numbers"]


def test_signatures_of_other_constituencies_or_unregistered_do_not_count(
    election, staff, constituencies, published
):
    ids = [v.id_number for v in published[:8]]
    other = register.Voter.objects.filter(election=election, constituency=constituencies[0]).first().id_number
    ids += [other, unique_id(99999), published[0].id_number]  # another constituency, not registered, twice
    with pytest.raises(ValidationFailed) as err:
        _nominate(
            election, staff, constituencies[1], "联名人选", nominator_kind="voters", signer_id_numbers=ids
        )
    message = err.value.fields["signer_id_numbers"]
    assert "有效签名8名" in message and "不是本选区选民" in message and "不在本次选举的选民名单上" in message


def _through_final(election, staff, constituencies, clock):
    """Nominate 2 per seat; publish the preliminary (30 Nov) and the final list (8 Dec)."""
    people = {}
    for c in constituencies:
        for i in range(c.seats * 2):
            people[(c.pk, i)] = _nominate(
                election, staff, c, f"{c.name}人选{i}", gender="female" if i % 2 else "male",
                occupation_category=["worker", "farmer", "technical", "civil_servant"][i % 4],
                party="cpc" if i % 3 == 0 else "masses", is_reelected=i == 0, nominated_by_committee=i == 0,
                id_number=make_id(3000 + c.pk * 10 + i),
            )  # fmt: skip
    clock.set("2026-11-30")
    candidates.preliminary_publish(actor=staff, election=election)
    clock.set("2026-12-08")
    return people


def test_final_list_checked_against_margin(election, staff, constituencies, published, clock):
    people = _through_final(election, staff, constituencies, clock)
    # Constituency 3 has 3 seats: 3 candidates are too few (at least 4), 6 pass.
    too_few = [p.pk for (cid, i), p in people.items() if not (cid == constituencies[2].pk and i >= 3)]
    with pytest.raises(ValidationFailed) as err:
        candidates.final_publish(actor=staff, election=election, formal_ids=too_few)
    assert "第3选区:应选3名,候选人应为4至6名" in err.value.message
    candidates.final_publish(actor=staff, election=election, formal_ids=[p.pk for p in people.values()])
    assert Candidate.objects.filter(election=election, stage=CandidateStage.FORMAL).count() == 12


@pytest.mark.parametrize(("day", "ok"), [("2026-12-08", True), ("2026-12-09", False)])
def test_final_list_seven_days_before(election, staff, constituencies, published, clock, day, ok):
    people = _through_final(election, staff, constituencies, clock)
    clock.set(day)

    def call():
        return candidates.final_publish(
            actor=staff, election=election, formal_ids=[p.pk for p in people.values()]
        )  # noqa: E731

    if ok:
        assert call().final_published_on.isoformat() == day
    else:
        with pytest.raises(ValidationFailed):
            call()


def test_front_runner_composition_against_targets(election, staff, constituencies, published, clock):
    _through_final(election, staff, constituencies, clock)
    runners = candidates.front_runners(election)
    assert len(runners) == 6
    rows = {r["key"]: r for r in candidates.against_targets(election, runners)}
    assert rows["women"]["target"] == 30 and rows["reelected"]["count"] == 3


@pytest.mark.parametrize(("accepted", "ok"), [(2, True), (3, False)])
def test_proxy_voter_accepts_at_most_three(election, staff, published, accepted, ok):
    proxy = published[0]
    for v in published[1 : 1 + accepted]:
        ballot.proxy_register(actor=staff, principal=v, proxy=proxy, written_on=dt.date(2026, 12, 10))
    call = lambda: ballot.proxy_register(actor=staff, principal=published[10], proxy=proxy,  # noqa: E731
                                         written_on=dt.date(2026, 12, 10))  # fmt: skip
    if ok:
        assert call().proxy == proxy
    else:
        with pytest.raises(ValidationFailed) as err:
            call()
        assert "不得超过3人" in err.value.fields["proxy"]


def _final(election, staff, constituencies, clock):
    people = _through_final(election, staff, constituencies, clock)
    candidates.final_publish(actor=staff, election=election, formal_ids=[p.pk for p in people.values()])
    clock.set("2026-12-15")
    return people


def test_tellers_must_agree_and_be_two_people(election, staff, county, constituencies, published, clock):
    from renda.elections import services

    _final(election, staff, constituencies, clock)
    second = county.users["unit_clerk"]
    services.committee_member_add(
        actor=staff, election=election, full_name="赵磊", appointed_on=dt.date(2026, 10, 1), user=second
    )
    c = constituencies[1]  # 20 voters, 1 seat, 2 candidates
    r = ballot.round_open(actor=staff, constituency=c)
    a, b = list(r.candidates.order_by("pk"))
    with pytest.raises(ValidationFailed) as err:
        ballot.tally_enter(
            actor=staff, round=r, teller=1, voted=21, ballots_cast=21, votes={a.pk: 11, b.pk: 9}
        )
    assert "超过本选区选民数" in err.value.fields["voted"]
    out = ballot.tally_enter(
        actor=staff, round=r, teller=1, voted=18, ballots_cast=18, votes={a.pk: 11, b.pk: 7}
    )
    assert out.waiting
    with pytest.raises(ValidationFailed):
        ballot.tally_enter(
            actor=staff, round=r, teller=2, voted=18, ballots_cast=18, votes={a.pk: 11, b.pk: 7}
        )
    out = ballot.tally_enter(
        actor=second, round=r, teller=2, voted=18, ballots_cast=18, votes={a.pk: 10, b.pk: 7}
    )
    assert not out.agreed and out.differences == [f"{a.full_name}得票:11 与 10"]
    r.refresh_from_db()
    assert r.state == RoundState.OPEN
    out = ballot.tally_enter(
        actor=second, round=r, teller=2, voted=18, ballots_cast=18, votes={a.pk: 11, b.pk: 7}
    )
    assert out.agreed and out.round.state == RoundState.DECIDED
    a.refresh_from_db()
    assert a.elected_round_id == r.pk and a.elected_votes == 11


def _count(staff, second, r, voted, votes):
    ids = [c.pk for c in r.candidates.order_by("pk")]
    v = dict(zip(ids, votes, strict=True))
    ballot.tally_enter(actor=staff, round=r, teller=1, voted=voted, ballots_cast=voted, votes=v)
    return ballot.tally_enter(actor=second, round=r, teller=2, voted=voted, ballots_cast=voted, votes=v)


def test_further_round_and_review_into_deputies_register(
    election, staff, county, constituencies, published, clock
):
    from renda.elections import services

    _final(election, staff, constituencies, clock)
    second = county.users["leader"]
    services.committee_member_add(
        actor=staff, election=election, full_name="王建国", appointed_on=dt.date(2026, 10, 1), user=second
    )
    # Constituency 1: 2 voters, 2 seats, 4 candidates; both vote, one candidate passes half.
    c1 = constituencies[0]
    r1 = ballot.round_open(actor=staff, constituency=c1)
    assert _count(staff, second, r1, 2, [2, 1, 1, 0]).agreed
    r1.refresh_from_db()
    assert "须另行选举" in r1.outcome
    further = ballot.round_open(actor=staff, constituency=c1)
    assert further.kind == RoundKind.FURTHER and further.seats == 1 and further.candidates.count() == 2
    _count(staff, second, further, 2, [1, 1])  # tie: nobody
    further.refresh_from_db()
    assert further.outcome == "当选0名,尚缺1名"
    again = ballot.round_open(actor=staff, constituency=c1)
    _count(staff, second, again, 2, [1, 0])  # 1 of 2 ballots ≥ one third: elected
    # Constituency 2 (1 seat) and 3 (3 seats) elect at once.
    _count(staff, second, ballot.round_open(actor=staff, constituency=constituencies[1]), 15, [10, 5])
    _count(
        staff, second, ballot.round_open(actor=staff, constituency=constituencies[2]), 2, [2, 2, 2, 0, 0, 0]
    )
    with pytest.raises(ConflictError):
        ballot.round_open(actor=staff, constituency=constituencies[1])
    rows, whole = ballot.results(election)
    assert whole == {"seats": 6, "elected": 6, "voters": 24, "further": 2}
    ballot.results_publish(actor=staff, election=election)
    elected = list(election.candidates.filter(elected_round__isnull=False))
    for cand in elected:
        review.candidate_review(actor=staff, candidate=cand, state="confirmed", note="")
    mandates = DeputyMandate.objects.filter(term=election.term)
    assert mandates.count() == 6
    first = Candidate.objects.get(pk=elected[0].pk)
    m = first.mandate
    assert m.constituency == first.constituency.name and m.occupation_category == first.occupation_category
    assert m.is_reelected == first.is_reelected and m.nominated_by_committee == first.nominated_by_committee
    assert m.deputy.id_number == decrypt(first.id_number_encrypted) != ""
    assert "中国共产党示例县委员会" in m.remarks
    election.refresh_from_db()
    assert election.state == "closed"


def test_void_when_turnout_not_more_than_half(election, staff, county, constituencies, published, clock):
    from renda.elections import services

    _final(election, staff, constituencies, clock)
    second = county.users["leader"]
    services.committee_member_add(
        actor=staff, election=election, full_name="王建国", appointed_on=dt.date(2026, 10, 1), user=second
    )
    r = ballot.round_open(actor=staff, constituency=constituencies[1])
    _count(staff, second, r, 10, [8, 2])  # 10 of 20: not more than half
    r.refresh_from_db()
    assert r.state == RoundState.VOID and "未超过" in r.outcome
    r2 = ballot.round_open(actor=staff, constituency=constituencies[1])
    assert r2.kind == RoundKind.FIRST and r2.number == 2
