"""A by-election started from a vacated mandate: the deputy's mandate ended in the deputies
register, the seat listed, the by-election prefilled for that constituency and one seat."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renda.core.errors import ConflictError
from renda.core.models import Term
from renda.deputies import services as deputy_services
from renda.elections import byelection
from renda.elections.models import Election


@pytest.fixture
def current_term(county):
    return Term.objects.get(congress=county.congress, is_current=True)


def _mandate(staff, county, term, name, constituency="城关镇第三选区"):
    deputy = deputy_services.deputy_create(
        actor=staff, congress=county.congress, full_name=name, gender="female"
    )
    return deputy_services.deputy_mandate_create(
        actor=staff, deputy=deputy, term=term, started_on=dt.date(2021, 12, 1), constituency=constituency
    )


def test_a_resignation_becomes_a_prefilled_by_election(client, staff, county, current_term, clock):
    clock.set("2026-03-02")
    mandate = _mandate(staff, county, current_term, "刘秀英")
    stays = _mandate(staff, county, current_term, "陈立", "城关镇第四选区")
    client.force_login(staff)
    assert "刘秀英" not in client.get(reverse("elections:vacancies")).content.decode()
    deputy_services.deputy_mandate_end(
        actor=staff, mandate=mandate, ended_on=dt.date(2026, 3, 1), reason="resignation"
    )
    page = client.get(reverse("elections:vacancies")).content.decode()
    assert "刘秀英" in page and "辞职" in page and "陈立" not in page
    assert "出缺代表补选" in client.get(reverse("elections:list")).content.decode()
    url = reverse("elections:by_election_start", args=[mandate.pk])
    form = client.get(url).content.decode()
    assert 'value="城关镇第三选区"' in form and "第18届人大代表城关镇第三选区补选" in form
    r = client.post(url, {"name": "示例县第十八届人大代表城关镇第三选区补选", "election_day": "2026-02-01",
                          "constituency": "城关镇第三选区", "kind": "township", "population": "4200"})  # fmt: skip
    assert r.status_code == 400 and "请填写今天以后的选举日" in r.content.decode()
    r = client.post(url, {"name": "示例县第十八届人大代表城关镇第三选区补选", "election_day": "2026-04-20",
                          "constituency": "城关镇第三选区", "kind": "township", "population": "4200"})  # fmt: skip
    assert r.status_code == 302
    election = Election.objects.get(vacated_mandate=mandate)
    assert election.kind == "by_election" and election.term == current_term
    assert [(c.name, c.seats, c.population) for c in election.constituencies.all()] == [
        ("城关镇第三选区", 1, 4200)
    ]
    # Once started the seat leaves the list, and nobody starts a second one.
    assert "刘秀英" not in client.get(reverse("elections:vacancies")).content.decode()
    assert client.get(url).status_code == 404
    with pytest.raises(ConflictError):
        byelection.by_election_start(actor=staff, mandate=mandate, name="x", election_day=dt.date(2026, 5, 1),
                                     constituency="城关镇第三选区", kind="township", population=100)  # fmt: skip
    assert stays.ended_on is None


def test_the_terms_end_is_no_vacancy(staff, county, current_term, clock):
    clock.set("2026-12-20")
    mandate = _mandate(staff, county, current_term, "马强")
    deputy_services.deputy_mandate_end(
        actor=staff, mandate=mandate, ended_on=dt.date(2026, 12, 20), reason="term_end"
    )
    assert not byelection.vacancies([county.congress.pk]).exists()
    with pytest.raises(ConflictError):
        byelection.by_election_start(actor=staff, mandate=mandate, name="x", election_day=dt.date(2027, 1, 5),
                                     constituency="c", kind="township", population=100)  # fmt: skip


def test_only_the_congress_staff(client, county, twin_counties, staff, current_term, clock):
    clock.set("2026-03-02")
    mandate = _mandate(staff, county, current_term, "刘秀英")
    deputy_services.deputy_mandate_end(
        actor=staff, mandate=mandate, ended_on=dt.date(2026, 3, 1), reason="death"
    )
    client.force_login(twin_counties.sibling.users["staff"])
    assert client.get(reverse("elections:by_election_start", args=[mandate.pk])).status_code == 404
    client.force_login(county.users["leader"])
    assert client.get(reverse("elections:vacancies")).status_code == 403
