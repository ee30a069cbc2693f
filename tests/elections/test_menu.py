"""The menu shows 换届选举 under 代表工作 to election committee members who are neither staff nor
leaders (and not to other users of their kind)."""

from __future__ import annotations

import datetime as dt

from renda.elections import services
from renda.web.navigation import nav_for


def _deputies_group(user):
    for link in nav_for(user, "/"):
        if str(link.label) == "代表工作":
            return [str(child.label) for child in link.children]
    return [str(link.label) for link in nav_for(user, "/") if link.url.startswith("/elections/")]


def test_a_committee_member_sees_elections_in_the_deputies_group(client, county, staff, election):
    deputy = county.users["deputy"]
    assert "换届选举" not in _deputies_group(deputy)
    services.committee_member_add(actor=staff, election=election, full_name="周敏", appointed_on=dt.date(2026, 10, 1),
                                  user=deputy)  # fmt: skip
    deputy = type(deputy).objects.get(pk=deputy.pk)  # a new request
    assert "换届选举" in _deputies_group(deputy)
    client.force_login(deputy)
    page = client.get("/").content.decode()
    assert 'href="/elections/"' in page
    assert client.get("/elections/").status_code == 200


def test_not_after_the_election_closed_nor_for_administrators(county, staff, election, twin_counties):
    clerk = county.users["unit_clerk"]
    services.committee_member_add(actor=staff, election=election, full_name="赵磊", appointed_on=dt.date(2026, 10, 1),
                                  user=clerk)  # fmt: skip
    assert any(link.url == "/elections/" for link in nav_for(type(clerk).objects.get(pk=clerk.pk), "/"))
    type(election).objects.filter(pk=election.pk).update(state="closed")
    assert not any(link.url == "/elections/" for link in nav_for(type(clerk).objects.get(pk=clerk.pk), "/"))


def test_administrators_never_get_it_and_ask_nothing(county, staff, election, django_assert_num_queries):
    admin = county.users["system_admin"]
    services.committee_member_add(actor=staff, election=election, full_name="系统管理员",
                                  appointed_on=dt.date(2026, 10, 1), user=admin)  # fmt: skip
    from renda.elections.access import sits_on_a_committee

    admin = type(admin).objects.get(pk=admin.pk)
    nav_for(admin, "/")  # scope cached
    with django_assert_num_queries(0):
        assert not sits_on_a_committee(admin)
