"""The election on the public portal: every part visible from its publication and not a day before
— an anonymous visitor sees nothing unpublished."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from renda.elections import ballot, register, services

from .conftest import register_voters
from .test_candidates_ballot import _count, _through_final


def _get(client, name, *args, c=None):
    return client.get(reverse(name, args=args) + f"?c={c}")


def test_nothing_before_the_register_is_published(client, election, staff, constituencies, clock):
    cid = election.congress_id
    voters = register_voters(election, staff, constituencies[1], 3)
    clock.set("2026-11-24")
    page = _get(client, "elections:public_list", c=cid)
    assert page.status_code == 200 and election.name not in page.content.decode()
    assert _get(client, "elections:public_detail", election.pk, c=cid).status_code == 404
    for name in ("elections:public_register", "elections:public_register_pdf"):
        assert _get(client, name, election.pk, constituencies[1].pk, c=cid).status_code == 404
    assert _get(client, "elections:public_results", election.pk, c=cid).status_code == 404
    clock.set("2026-11-25")
    register.register_publish(actor=staff, election=election)
    assert election.name in _get(client, "elections:public_list", c=cid).content.decode()
    body = _get(
        client, "elections:public_register", election.pk, constituencies[1].pk, c=cid
    ).content.decode()
    for v in voters:
        assert v.full_name in body and v.id_number_masked in body and v.id_number not in body
    # The other constituencies' people are on their own pages only.
    assert "选民1000" not in body
    pdf = _get(client, "elections:public_register_pdf", election.pk, constituencies[1].pk, c=cid)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_each_list_and_the_results_from_their_day(
    client, election, staff, county, constituencies, published, clock
):
    cid = election.congress_id
    clock.set("2026-11-29")
    people = _through_final(election, staff, constituencies, clock)  # sets 30 Nov, then 8 Dec
    name = next(iter(people.values())).full_name
    clock.set("2026-11-29")
    detail = _get(client, "elections:public_detail", election.pk, c=cid).content.decode()
    assert "尚未公布" in detail and name not in detail
    # Published on 30 Nov: visible from that day.
    assert _get(client, "elections:public_candidates", election.pk, "preliminary", c=cid).status_code == 404
    clock.set("2026-11-30")
    page = _get(client, "elections:public_candidates", election.pk, "preliminary", c=cid)
    assert (
        page.status_code == 200
        and name in page.content.decode()
        and "中国共产党示例县委员会" in page.content.decode()
    )
    assert _get(client, "elections:public_candidates", election.pk, "final", c=cid).status_code == 404
    assert _get(client, "elections:public_candidates", election.pk, "other", c=cid).status_code == 404
    clock.set("2026-12-08")
    from renda.elections import candidates

    candidates.final_publish(actor=staff, election=election, formal_ids=[p.pk for p in people.values()])
    final = _get(client, "elections:public_candidates", election.pk, "final", c=cid).content.decode()
    assert name in final and "年龄" in final
    clock.set("2026-12-15")
    second = county.users["leader"]
    services.committee_member_add(actor=staff, election=election, full_name="王建国",
                                  appointed_on=dt.date(2026, 10, 1), user=second)  # fmt: skip
    rounds = [ballot.round_open(actor=staff, constituency=c) for c in constituencies]
    _count(staff, second, rounds[0], 2, [2, 2, 0, 0])
    _count(staff, second, rounds[1], 15, [10, 5])
    _count(staff, second, rounds[2], 2, [2, 2, 2, 0, 0, 0])
    assert _get(client, "elections:public_results", election.pk, c=cid).status_code == 404
    ballot.results_publish(actor=staff, election=election)
    page = _get(client, "elections:public_results", election.pk, c=cid).content.decode()
    assert "当选 6 名" in page and "选民 24 人" in page and "参加投票 19 人" in page
    assert "第2选区人选0(10)" in page


def test_portal_menu_links_the_election_notices(client, county):
    page = client.get(reverse("portal:home")).content.decode()
    assert reverse("elections:public_list") in page and "选举公告" in page


def test_an_unknown_portal_is_not_found(client, county):
    assert client.get(reverse("elections:public_list") + "?c=999999").status_code == 404


def test_the_roll_up_asks_a_fixed_number_of_queries(
    election, staff, constituencies, django_assert_max_num_queries
):
    from renda.elections.ballot import results

    for c in constituencies:
        register_voters(election, staff, c, 2, start=c.pk * 100)
    with django_assert_max_num_queries(6):
        rows, whole = results(election)
    assert whole["voters"] == 6 and [r["voters"] for r in rows] == [2, 2, 2]
