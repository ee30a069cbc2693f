"""Every statutory number at, below and above its boundary (the law's defaults, then configured)."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.core.errors import ValidationFailed
from renda.elections import law, services
from renda.elections.ballot import decide_outcome
from renda.elections.choices import RoundKind, RoundState
from renda.elections.register import age_on
from renda.elections.timetable import dates

P = law.defaults()


@pytest.mark.parametrize(("seats", "ok"), [(0, False), (1, True), (2, True), (3, True), (4, False)])
def test_seats_per_constituency_one_to_three(election, staff, seats, ok):
    call = lambda: services.constituency_save(  # noqa: E731
        actor=staff, election=election, name="城关选区", kind="township", population=3000, seats=seats
    )
    if ok:
        assert call().seats == seats
    else:
        with pytest.raises(ValidationFailed) as err:
            call()
        assert err.value.fields["seats"] == "每一选区应选代表1至3名(选举法)。"


def test_seat_limit_is_configuration(election, staff):
    services.election_configure(actor=staff, election=election, params={"seats_max": 4})
    election.refresh_from_db()
    c = services.constituency_save(actor=staff, election=election, name="大选区", kind="township",
                                   population=8000, seats=4)  # fmt: skip
    assert c.seats == 4


@pytest.mark.parametrize(
    ("born", "age"),
    [
        (dt.date(2008, 12, 15), 18),
        (dt.date(2008, 12, 16), 17),
        (dt.date(2008, 12, 14), 18),
        (dt.date(2000, 2, 29), 26),
    ],
)
def test_age_on_election_day(born, age):
    assert age_on(born, dt.date(2026, 12, 15)) == age


def test_candidate_range_one_third_to_one_times():
    assert law.candidate_range(1, P) == (2, 2)
    assert law.candidate_range(2, P) == (3, 4)
    assert law.candidate_range(3, P) == (4, 6)
    assert law.candidate_range(6, P) == (8, 12)


@pytest.mark.parametrize(("count", "ok"), [(3, False), (4, True), (6, True), (7, False)])
def test_margin_for_three_seats(count, ok):
    from renda.elections.candidates import margin_problem

    assert (margin_problem(count, 3, P) is None) is ok


def test_statutory_dates_from_election_day():
    d = dates(dt.date(2026, 12, 15), P)
    assert d["register_publish"] == dt.date(2026, 11, 25)  # 20 days before
    assert d["appeals_close"] == dt.date(2026, 11, 29)  # 5 days from publication, its day the first
    assert d["appeals_decided_by"] == dt.date(2026, 12, 2)  # each decided within 3 days
    assert d["preliminary_list"] == dt.date(2026, 11, 30)  # 15 days before
    assert d["final_list"] == dt.date(2026, 12, 8)  # 7 days before


def test_dates_follow_configured_periods():
    d = dates(dt.date(2026, 12, 15), {**P, "register_publish_days": 25, "final_list_days": 5})
    assert d["register_publish"] == dt.date(2026, 11, 20)
    assert d["final_list"] == dt.date(2026, 12, 10)


def _outcome(**kw):
    base = dict(kind=RoundKind.FIRST, seats=1, voters=100, voted=60, ballots_cast=60, votes={1: 40, 2: 20},
                station_overrun=False, params=P)  # fmt: skip
    base.update(kw)
    return decide_outcome(**base)


@pytest.mark.parametrize(("voted", "valid"), [(50, False), (51, True), (49, False)])
def test_more_than_half_of_voters_must_vote(voted, valid):
    state, _ids, _text = _outcome(voted=voted, ballots_cast=voted, votes={1: voted, 2: 0})
    assert (state == RoundState.DECIDED) is valid


@pytest.mark.parametrize(("votes", "elected"), [(30, False), (31, True), (29, False)])
def test_more_than_half_of_ballots_cast_elects(votes, elected):
    _state, ids, _text = _outcome(voted=60, ballots_cast=60, votes={1: votes, 2: 60 - votes - 1})
    assert (ids == [1]) is elected


def test_odd_ballots_more_than_half_exactly():
    assert _outcome(voted=61, ballots_cast=61, votes={1: 31, 2: 30})[1] == [1]
    assert _outcome(voted=61, ballots_cast=61, votes={1: 30, 2: 31})[1] == [2]


@pytest.mark.parametrize(("votes", "elected"), [(20, True), (21, True), (19, False)])
def test_further_round_at_least_one_third(votes, elected):
    _state, ids, _text = _outcome(kind=RoundKind.FURTHER, voted=60, ballots_cast=60, votes={1: votes, 2: 18})
    assert (ids == [1]) is elected


def test_more_ballots_than_voters_voids_the_vote():
    state, ids, text = _outcome(voted=60, ballots_cast=61, votes={1: 40, 2: 20})
    assert state == RoundState.VOID and ids == [] and "无效" in text
    assert _outcome(voted=60, ballots_cast=60)[0] == RoundState.DECIDED


def test_station_returning_more_than_it_issued_voids():
    assert _outcome(station_overrun=True)[0] == RoundState.VOID


def test_tie_at_the_last_seat_elects_nobody_for_it():
    state, ids, _ = decide_outcome(kind=RoundKind.FIRST, seats=1, voters=100, voted=80, ballots_cast=80,
                                   votes={1: 41, 2: 41}, station_overrun=False, params=P)  # fmt: skip
    assert state == RoundState.DECIDED and ids == []


def test_turnout_share_is_configuration():
    state, _ids, _ = _outcome(voted=60, ballots_cast=60, params={**P, "turnout_more_than": "2/3"})
    assert state == RoundState.VOID


def test_bad_parameter_refused(election, staff):
    with pytest.raises(ValidationFailed):
        services.election_configure(actor=staff, election=election, params={"margin_min": "a third"})
    with pytest.raises(ValidationFailed):
        services.election_configure(actor=staff, election=election, params={"seats_min": 4, "seats_max": 3})
