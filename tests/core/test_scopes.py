"""What each role can and cannot see, through the one scope helper per model."""

import pytest

from renda.audit.models import Event
from renda.audit.services import record_event
from renda.core.models import Congress, Membership, Organization, User
from renda.core.scopes import scope_of

pytestmark = pytest.mark.django_db


def names(qs):
    return set(qs.values_list("name", flat=True))


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    anon = AnonymousUser()
    assert not Congress.objects.visible_to(anon).exists()
    assert not Organization.objects.visible_to(anon).exists()
    assert not User.objects.visible_to(anon).exists()
    assert not Membership.objects.visible_to(anon).exists()


def test_user_without_role_sees_only_self(world):
    lonely = User.objects.create_user(username="lonely", password="x")
    assert not Organization.objects.visible_to(lonely).exists()
    assert list(User.objects.visible_to(lonely)) == [lonely]


@pytest.mark.parametrize("role", ["staff", "leader", "system_admin", "security_admin", "audit_admin"])
def test_congress_roles_see_their_county_not_the_sibling(world, role):
    user = world.county.users[role]
    orgs = Organization.objects.visible_to(user)
    assert world.county.education in orgs
    assert world.county.station in orgs
    assert not orgs.filter(congress=world.sibling.congress).exists()
    assert not orgs.filter(congress=world.city).exists()
    congresses = Congress.objects.visible_to(user)
    assert set(congresses) == {world.county.congress}
    users = User.objects.visible_to(user)
    assert world.county.users["unit_clerk"] in users
    assert world.sibling.users["unit_clerk"] not in users
    assert world.city_staff not in users


def test_higher_congress_reads_the_roll_up(world):
    user = world.city_staff
    assert set(Congress.objects.visible_to(user)) == {world.city, world.county.congress, world.sibling.congress}
    orgs = Organization.objects.visible_to(user)
    assert world.county.education in orgs and world.sibling.education in orgs
    assert world.county.users["staff"] in User.objects.visible_to(user)
    scope = scope_of(user)
    assert scope.own_congress_ids == {world.city.pk}


def test_lower_congress_cannot_read_upwards(world):
    user = world.county.users["staff"]
    assert world.city not in Congress.objects.visible_to(user)
    assert world.city_office not in Organization.objects.visible_to(user)


@pytest.mark.parametrize("role", ["unit_clerk", "unit_leader"])
def test_unit_sees_itself_not_other_units(world, role):
    user = world.county.users[role]
    orgs = Organization.objects.visible_to(user)
    assert set(orgs) == {world.county.education}
    assert world.county.transport not in orgs
    assert list(User.objects.visible_to(user)) == [user]
    assert set(Membership.objects.visible_to(user).values_list("user_id", flat=True)) == {user.pk}


def test_deputy_sees_organisations_of_their_congress_only(world):
    user = world.county.users["deputy"]
    orgs = Organization.objects.visible_to(user)
    assert world.county.education in orgs
    assert not orgs.filter(congress=world.sibling.congress).exists()
    assert list(User.objects.visible_to(user)) == [user]


def test_station_keeper_sees_own_station(world):
    user = world.county.users["station_keeper"]
    orgs = Organization.objects.visible_to(user)
    assert world.county.station in orgs
    assert world.county.education not in orgs
    assert world.sibling.station not in orgs


def test_deactivated_membership_or_user_loses_scope(world):
    user = world.county.users["staff"]
    Membership.objects.filter(user=user).update(is_active=False)
    user = User.objects.get(pk=user.pk)
    assert not Organization.objects.visible_to(user).exists()
    clerk = world.county.users["unit_clerk"]
    User.objects.filter(pk=clerk.pk).update(is_active=False)
    clerk = User.objects.get(pk=clerk.pk)
    assert not Organization.objects.visible_to(clerk).exists()


def test_audit_trail_only_for_audit_admins_of_the_congress(world):
    record_event(actor=world.county.users["staff"], action="test.county", congress=world.county.congress)
    record_event(actor=world.sibling.users["staff"], action="test.sibling", congress=world.sibling.congress)
    auditor = world.county.users["audit_admin"]
    actions = set(Event.objects.visible_to(auditor).values_list("action", flat=True))
    assert "test.county" in actions and "test.sibling" not in actions
    for role in ("staff", "leader", "system_admin", "security_admin", "unit_clerk", "deputy"):
        assert not Event.objects.visible_to(world.county.users[role]).exists(), role
