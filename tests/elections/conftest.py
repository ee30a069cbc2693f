"""Fixtures of the election tests: a county's election to its 19th term, with constituencies."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.core.models import Term
from renda.deputies.identity import check_digit

DAY = dt.date(2026, 12, 15)  # election day: the register is published by 25 Nov, the final list by 8 Dec


def make_id(seq: int, born: dt.date = dt.date(1980, 5, 17), region: str = "620102", male: bool = True) -> str:
    """A valid identity number (GB 11643) for ``seq``; odd 17th digit = male."""
    order = (seq * 2 + (1 if male else 0)) % 1000
    first17 = f"{region}{born:%Y%m%d}{order:03d}"
    return first17 + check_digit(first17)


def unique_id(seq: int, **kw) -> str:
    """Distinct numbers for up to ~500 000 people (the birth day varies as well as the order)."""
    born = kw.pop("born", dt.date(1950, 1, 1) + dt.timedelta(days=seq // 500))
    first17 = f"{kw.get('region', '620102')}{born:%Y%m%d}{(seq % 500) * 2 + 1:03d}"
    return first17 + check_digit(first17)


@pytest.fixture
def county(twin_counties):
    return twin_counties.county


@pytest.fixture
def staff(county):
    return county.users["staff"]


@pytest.fixture
def new_term(county):
    return Term.objects.create(congress=county.congress, number=19, start_year=2026, end_year=2031)


@pytest.fixture
def election(county, staff, new_term, clock):
    from renda.elections import services

    clock.set("2026-10-20")
    return services.election_create(
        actor=staff,
        congress=county.congress,
        term=new_term,
        name="示例县第十九届人大代表选举",
        election_day=DAY,
    )


@pytest.fixture
def constituencies(election, staff):
    from renda.elections import services

    return [
        services.constituency_save(
            actor=staff, election=election, name=f"第{i}选区", kind="village", population=pop, seats=seats
        )  # fmt: skip
        for i, (pop, seats) in enumerate([(6000, 2), (3100, 1), (9000, 3)], start=1)
    ]


def register_voters(election, staff, constituency, n: int, start: int = 0):
    from renda.elections import register

    return [
        register.voter_add(
            actor=staff,
            election=election,
            constituency=constituency,
            full_name=f"选民{start + i}",
            id_number=unique_id(start + i),
        )  # fmt: skip
        for i in range(n)
    ]


@pytest.fixture
def published(election, staff, constituencies, clock):
    """Voters in constituency 2 (1 seat), the register published on 25 Nov."""
    voters = register_voters(election, staff, constituencies[1], 20)
    for c in (constituencies[0], constituencies[2]):
        register_voters(election, staff, c, 2, start=1000 + c.pk * 10)
    from renda.elections import register

    clock.set("2026-11-25")
    register.register_publish(actor=staff, election=election)
    return voters
