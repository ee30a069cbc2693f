"""Per-congress configuration, by-elections, the R15/E01 checks and the to-do of who must act."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.compliance.registry import PeriodRange, evaluate
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.core.models import Organization
from renda.elections import candidates, law, register, services
from renda.web.todo import todos_for

from .conftest import DAY, register_voters


def test_congress_setting_over_law_under_election(election, staff, county):
    services.election_setting_update(
        actor=staff, congress=county.congress, params={"min_signatures": 12, "proxy_max": 2}
    )
    assert law.params_of(election)["min_signatures"] == 12
    services.election_configure(actor=staff, election=election, params={"min_signatures": 11})
    election.refresh_from_db()
    p = law.params_of(election)
    assert (p["min_signatures"], p["proxy_max"], p["voting_age"]) == (11, 2, 18)


def test_setting_only_by_staff(county):
    with pytest.raises(PermissionDeniedError):
        services.election_setting_update(actor=county.users["deputy"], congress=county.congress, params={})


def test_by_election_has_one_constituency(county, staff, clock):
    from renda.core.models import Term

    clock.set("2026-03-01")
    term = Term.objects.get(congress=county.congress, is_current=True)
    e = services.election_create(actor=staff, congress=county.congress, term=term, name="补选", election_day=dt.date(2026, 5, 20),
                                 kind="by_election")  # fmt: skip
    services.constituency_save(
        actor=staff, election=e, name="城关镇第3选区", kind="township", population=3000, seats=1
    )
    with pytest.raises(ConflictError):
        services.constituency_save(
            actor=staff, election=e, name="另一选区", kind="township", population=3000, seats=1
        )


def test_only_direct_elections(twin_counties, clock):
    from renda.core.models import Term

    city = twin_counties.city
    term = Term.objects.create(congress=city, number=1, start_year=2026, end_year=2031)
    with pytest.raises(ValidationFailed, match="县、乡两级"):
        services.election_create(
            actor=twin_counties.city_staff, congress=city, term=term, name="x", election_day=DAY
        )


def test_allocation_balances_population_per_seat():
    assert services.allocate([6000, 3100, 9000], 6, 1, 3) == [2, 1, 3]
    assert services.allocate([1000, 1000, 10000], 5, 1, 3) == [1, 1, 3]
    with pytest.raises(Exception, match="代表总名额应在3至9名之间"):
        services.allocate([1, 1, 1], 10, 1, 3)


def test_seat_deviation_flagged_by_tolerance(election, staff, constituencies):
    rows, summary = services.seat_table(election)
    assert summary["flagged"] == 0
    services.election_configure(actor=staff, election=election, params={"seat_deviation_pct": 1})
    election.refresh_from_db()
    rows, summary = services.seat_table(election)
    assert [r.flagged for r in rows] == [False, True, False]  # 3100 per seat vs 3016.7 average: +2.8 %


def test_r15_heads_of_working_bodies_nominated(election, staff, county, constituencies, clock):
    Organization.objects.filter(pk=county.deputies_committee.pk).update(responsible_person="陈主任")
    Organization.objects.filter(pk=county.office.pk).update(responsible_person="刘主任")
    register_voters(election, staff, constituencies[0], 2)
    clock.set("2026-11-25")
    register.register_publish(actor=staff, election=election)
    candidates.candidate_nominate(actor=staff, election=election, constituency=constituencies[0], full_name="陈主任",
                                  gender="male", occupation_category="civil_servant", nominator_kind="party",
                                  nominating_body="中国共产党示例县委员会", is_working_body_head=True)  # fmt: skip
    (ev,) = evaluate(county.congress, PeriodRange.for_term(election.term), rule_ids=["R15"])
    assert ev.result.status == "not_met"
    assert ev.result.shortfall == ["示例县人大常委会办公室负责人刘主任未提名"]


def test_todo_shows_the_stage_to_act_on(election, staff, county, constituencies, clock):
    clock.set("2026-11-20")
    items = todos_for(staff)
    titles = [str(i.title) for i in items]
    assert any(t.endswith("选民登记") for t in titles)
    assert not any("选举" in str(i.title) for i in todos_for(county.users["deputy"]))
    clock.set("2026-11-27")
    overdue = [i for i in todos_for(staff) if "公布选民名单" in str(i.title)]
    assert overdue and overdue[0].urgency == "overdue"
