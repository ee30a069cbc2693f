"""Station totals reconciled with the tellers' count: the ballots every polling station and mobile
box issued and got back in a vote against the tellers' agreed totals; a disagreement is named and
the round held until it is resolved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renda.audit.models import Event
from renda.core.errors import ConflictError
from renda.elections import ballot, services
from renda.elections.choices import RoundState

from .test_candidates_ballot import _final


@pytest.fixture
def counting(election, staff, county, constituencies, published, clock):
    _final(election, staff, constituencies, clock)
    second = county.users["leader"]
    services.committee_member_add(actor=staff, election=election, full_name="王建国",
                                  appointed_on=dt.date(2026, 10, 1), user=second)  # fmt: skip
    c = constituencies[1]  # 20 voters, 1 seat
    hall = ballot.station_save(actor=staff, constituency=c, name="村委会投票站")
    box = ballot.station_save(actor=staff, constituency=c, name="流动票箱", kind="mobile")
    r = ballot.round_open(actor=staff, constituency=c)
    a, b = list(r.candidates.order_by("pk"))
    return {"second": second, "hall": hall, "box": box, "round": r, "votes": {a.pk: 10, b.pk: 5}}


def _both(staff, k, voted=15, cast=15):
    ballot.tally_enter(
        actor=staff, round=k["round"], teller=1, voted=voted, ballots_cast=cast, votes=k["votes"]
    )
    return ballot.tally_enter(actor=k["second"], round=k["round"], teller=2, voted=voted, ballots_cast=cast,
                              votes=k["votes"])  # fmt: skip


def test_no_station_figures_before_a_vote_opens(staff, election, constituencies, published):
    station = ballot.station_save(actor=staff, constituency=constituencies[0], name="站")
    with pytest.raises(ConflictError):
        ballot.station_ballots(actor=staff, station=station, issued=1, returned=1)


def test_matching_totals_decide(staff, counting):
    ballot.station_ballots(actor=staff, station=counting["hall"], issued=13, returned=12)
    ballot.station_ballots(actor=staff, station=counting["box"], issued=3, returned=3)
    out = _both(staff, counting)  # 15 returned = 15 counted; 15 voted ≤ 16 issued
    assert out.agreed and out.round.state == RoundState.DECIDED


def test_a_missing_station_is_named_and_held(staff, counting):
    ballot.station_ballots(actor=staff, station=counting["hall"], issued=12, returned=12)
    out = _both(staff, counting)
    assert out.held and not out.agreed and out.differences == ["“流动票箱”未登记发出和收回选票数"]
    r = counting["round"]
    r.refresh_from_db()
    assert r.state == RoundState.OPEN and "流动票箱" in r.hold_reason
    # Entering the box's figures resolves it: decided at once.
    ballot.station_ballots(actor=staff, station=counting["box"], issued=3, returned=3)
    r.refresh_from_db()
    assert r.state == RoundState.DECIDED and r.hold_reason == ""


@pytest.mark.parametrize(("returned", "held"), [(11, True), (12, False), (13, True)])
def test_returned_ballots_must_add_up_to_those_counted(staff, counting, returned, held):
    ballot.station_ballots(actor=staff, station=counting["hall"], issued=14, returned=returned)
    ballot.station_ballots(actor=staff, station=counting["box"], issued=3, returned=3)
    out = _both(staff, counting)
    assert out.held is held
    if held:
        assert out.differences == [
            f"各投票站和流动票箱收回选票合计{returned + 3}张(村委会投票站{returned}张、流动票箱3张),计票人录入收回选票数15张"
        ]
        assert Event.objects.filter(action="round.hold").exists()


@pytest.mark.parametrize(("issued", "held"), [(11, True), (12, False)])
def test_more_voters_than_ballots_issued(staff, counting, issued, held):
    ballot.station_ballots(actor=staff, station=counting["hall"], issued=issued, returned=11)
    ballot.station_ballots(actor=staff, station=counting["box"], issued=3, returned=3)
    out = _both(staff, counting, voted=15, cast=14)
    assert out.held is held
    if held:
        assert "计票人录入投票人数15人,多于各投票站和流动票箱发出的选票14张" in out.differences


def test_tellers_reentering_resolves_a_hold(staff, counting):
    ballot.station_ballots(actor=staff, station=counting["hall"], issued=12, returned=12)
    ballot.station_ballots(actor=staff, station=counting["box"], issued=3, returned=2)
    assert _both(staff, counting).held  # 14 returned vs 15 counted
    out = _both(staff, counting, voted=15, cast=14)
    assert out.agreed and out.round.state == RoundState.DECIDED


def test_the_round_page_shows_the_hold_and_takes_station_figures(client, staff, counting):
    r = counting["round"]
    ballot.station_ballots(actor=staff, station=counting["hall"], issued=12, returned=12)
    _both(staff, counting)
    client.force_login(staff)
    url = reverse("elections:round", args=[r.constituency.election_id, r.pk])
    page = client.get(url).content.decode()
    assert "选票数核对不符,暂缓确定结果" in page and "“流动票箱”未登记发出和收回选票数" in page
    bad = client.post(url, {"action": "ballots", "station": counting["box"].pk, "ballots_issued": "x",
                            "ballots_returned": "3"})  # fmt: skip
    assert bad.status_code == 400 and "“流动票箱”:发出和收回选票数应为非负整数。" in bad.content.decode()
    r2 = client.post(url, {"action": "ballots", "station": counting["box"].pk, "ballots_issued": "3",
                           "ballots_returned": "3"})  # fmt: skip
    assert r2.status_code == 302
    r.refresh_from_db()
    assert r.state == RoundState.DECIDED


def test_the_api_twin_holds_and_resolves(client, staff, counting):
    r = counting["round"]
    e = r.constituency.election_id
    client.force_login(staff)
    url = f"/api/v1/elections/{e}/rounds/{r.pk}/stations/{counting['hall'].pk}"
    assert client.post(url, {"ballots_issued": 12, "ballots_returned": 12}, content_type="application/json").json() == {
        "state": "open", "outcome": "", "hold_reason": ""}  # fmt: skip
    ballot.tally_enter(actor=staff, round=r, teller=1, voted=15, ballots_cast=15, votes=counting["votes"])
    client.force_login(counting["second"])
    out = client.post(f"/api/v1/elections/{e}/rounds/{r.pk}/tally", {"teller": 2, "voted": 15, "ballots_cast": 15,
                      "votes": {str(k): v for k, v in counting["votes"].items()}}, content_type="application/json").json()  # fmt: skip
    assert (
        out["held"] and out["differences"] == ["“流动票箱”未登记发出和收回选票数"] and out["state"] == "open"
    )
    box = f"/api/v1/elections/{e}/rounds/{r.pk}/stations/{counting['box'].pk}"
    done = client.post(
        box, {"ballots_issued": 3, "ballots_returned": 3}, content_type="application/json"
    ).json()
    assert done["state"] == "decided" and done["hold_reason"] == ""
    client.logout()
    assert client.post(
        box, {"ballots_issued": 3, "ballots_returned": 3}, content_type="application/json"
    ).status_code in (401, 403)


def test_a_held_round_is_on_the_home_to_do(staff, counting):
    from renda.web.todo import todos_for

    ballot.station_ballots(actor=staff, station=counting["hall"], issued=12, returned=12)
    _both(staff, counting)
    items = [i for i in todos_for(counting["second"]) if "选票数核对不符" in str(i.title)]
    assert len(items) == 1 and "流动票箱" in str(items[0].hint)
    ballot.station_ballots(actor=staff, station=counting["box"], issued=3, returned=3)
    assert not [i for i in todos_for(counting["second"]) if "选票数核对不符" in str(i.title)]
