"""Who sees which mandates, deputies and groups: every branch of ``visible_to``."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from renda.deputies.models import Deputy, DeputyGroup, DeputyMandate


def mandates(user) -> set[int]:
    return set(DeputyMandate.objects.visible_to(user).values_list("pk", flat=True))


def ids(*objs) -> set[int]:
    return {o.pk for o in objs}


def test_staff_reads_own_congress_and_those_below(world):
    w = world
    assert mandates(w.staff) == ids(w.m1_county, w.m1_township, w.m2, w.m3)


def test_leader_reads_like_staff(world):
    w = world
    assert mandates(w.leader) == ids(w.m1_county, w.m1_township, w.m2, w.m3)


@pytest.mark.parametrize("who", ["sysadmin", "auditadmin"])
def test_administrators_read_no_deputies(world, who):
    # Deputies' personal data is not the administrators' duty (三员: configuration, accounts, audit).
    w = world
    assert mandates(getattr(w, who)) == ids()


def test_township_staff_reads_only_the_township(world):
    w = world
    assert mandates(w.township_staff) == ids(w.m1_township, w.m3)


def test_city_staff_reads_the_whole_city(world):
    w = world
    assert mandates(w.citystaff) == ids(w.m1_county, w.m1_township, w.m2, w.m3, w.m4)


def test_sibling_county_is_isolated(world):
    w = world
    assert mandates(w.neighbor) == ids(w.m4)
    assert not Deputy.objects.visible_to(w.neighbor).filter(pk=w.d1.pk).exists()


def test_deputy_reads_only_own_mandates(world):
    w = world
    assert mandates(w.deputy_user) == ids(w.m1_county, w.m1_township)
    assert set(Deputy.objects.visible_to(w.deputy_user)) == {w.d1}


def test_deputy_without_linked_record_reads_nothing(world):
    w = world
    assert mandates(w.other_deputy_user) == set()
    assert not Deputy.objects.visible_to(w.other_deputy_user).exists()


def test_station_keeper_reads_the_mandates_of_the_station(world):
    w = world
    assert mandates(w.keeper) == ids(w.m1_county, w.m1_township, w.m3)
    assert set(Deputy.objects.visible_to(w.keeper)) == {w.d1, w.d3}


@pytest.mark.parametrize("who", ["unitclerk", "unitleader", "nobody"])
def test_units_and_roleless_users_read_nothing(world, who):
    user = getattr(world, who)
    assert mandates(user) == set()
    assert not Deputy.objects.visible_to(user).exists()
    assert not DeputyGroup.objects.visible_to(user).exists()


def test_anonymous_and_inactive_read_nothing(world):
    assert mandates(AnonymousUser()) == set()
    assert mandates(None) == set()
    staff = world.staff
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    staff.forget_roles()
    assert mandates(staff) == set()


def test_groups(world):
    w = world
    assert set(DeputyGroup.objects.visible_to(w.staff)) == {w.county_group}
    assert set(DeputyGroup.objects.visible_to(w.deputy_user)) == {w.county_group}
    assert not DeputyGroup.objects.visible_to(w.neighbor).exists()


def test_visibility_is_one_query(world, django_assert_num_queries):
    w = world
    from renda.core.scopes import scope_of

    scope_of(w.staff)  # computed once per request
    with django_assert_num_queries(1):
        list(DeputyMandate.objects.visible_to(w.staff).select_related("deputy"))
