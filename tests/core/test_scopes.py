"""What each role can and cannot see, through the one scope helper per model."""

import pytest

from renda.audit.models import Event
from renda.audit.services import record_event
from renda.core.models import Congress, Membership, Organization, User
from renda.core.scopes import scope_of

pytestmark = pytest.mark.django_db


def names(qs):
    return set(qs.values_list("name", flat=True))


def test_anonymous_sees_nothing(twin_counties):
    from django.contrib.auth.models import AnonymousUser

    anon = AnonymousUser()
    assert not Congress.objects.visible_to(anon).exists()
    assert not Organization.objects.visible_to(anon).exists()
    assert not User.objects.visible_to(anon).exists()
    assert not Membership.objects.visible_to(anon).exists()


def test_user_without_role_sees_only_self(twin_counties):
    lonely = User.objects.create_user(username="lonely", password="x")
    assert not Organization.objects.visible_to(lonely).exists()
    assert list(User.objects.visible_to(lonely)) == [lonely]


# Which role sees the organisations and the people of its congress: congress staff and leaders
# both; of the three administrators each only what their duty needs (system administrator: the
# organisations; security administrator: organisations and accounts; audit administrator: neither).
SEES = {
    "staff": (True, True),
    "leader": (True, True),
    "system_admin": (True, False),
    "security_admin": (True, True),
    "audit_admin": (False, False),
}


@pytest.mark.parametrize("role", list(SEES))
def test_congress_roles_see_their_county_not_the_sibling(twin_counties, role):
    sees_orgs, sees_users = SEES[role]
    user = twin_counties.county.users[role]
    orgs = Organization.objects.visible_to(user)
    assert (twin_counties.county.education in orgs) is sees_orgs
    assert (twin_counties.county.station in orgs) is sees_orgs
    assert not orgs.filter(congress=twin_counties.sibling.congress).exists()
    assert not orgs.filter(congress=twin_counties.city).exists()
    congresses = Congress.objects.visible_to(user)
    assert set(congresses) == {twin_counties.county.congress}
    users = User.objects.visible_to(user)
    assert (twin_counties.county.users["unit_clerk"] in users) is sees_users
    assert twin_counties.sibling.users["unit_clerk"] not in users
    assert twin_counties.city_staff not in users
    scope = scope_of(user)
    assert bool(scope.staff_read_congress_ids) is (role in ("staff", "leader"))


def test_higher_congress_reads_the_roll_up(twin_counties):
    user = twin_counties.city_staff
    assert set(Congress.objects.visible_to(user)) == {
        twin_counties.city,
        twin_counties.county.congress,
        twin_counties.sibling.congress,
    }
    orgs = Organization.objects.visible_to(user)
    assert twin_counties.county.education in orgs and twin_counties.sibling.education in orgs
    assert twin_counties.county.users["staff"] in User.objects.visible_to(user)
    scope = scope_of(user)
    assert scope.own_congress_ids == {twin_counties.city.pk}


def test_lower_congress_cannot_read_upwards(twin_counties):
    user = twin_counties.county.users["staff"]
    assert twin_counties.city not in Congress.objects.visible_to(user)
    assert twin_counties.city_office not in Organization.objects.visible_to(user)


@pytest.mark.parametrize("role", ["unit_clerk", "unit_leader"])
def test_unit_sees_itself_not_other_units(twin_counties, role):
    user = twin_counties.county.users[role]
    orgs = Organization.objects.visible_to(user)
    assert set(orgs) == {twin_counties.county.education}
    assert twin_counties.county.transport not in orgs
    assert list(User.objects.visible_to(user)) == [user]
    assert set(Membership.objects.visible_to(user).values_list("user_id", flat=True)) == {user.pk}


def test_deputy_sees_organisations_of_their_congress_only(twin_counties):
    user = twin_counties.county.users["deputy"]
    orgs = Organization.objects.visible_to(user)
    assert twin_counties.county.education in orgs
    assert not orgs.filter(congress=twin_counties.sibling.congress).exists()
    assert list(User.objects.visible_to(user)) == [user]


def test_station_keeper_sees_own_station(twin_counties):
    user = twin_counties.county.users["station_keeper"]
    orgs = Organization.objects.visible_to(user)
    assert twin_counties.county.station in orgs
    assert twin_counties.county.education not in orgs
    assert twin_counties.sibling.station not in orgs


def test_deactivated_membership_or_user_loses_scope(twin_counties):
    user = twin_counties.county.users["staff"]
    Membership.objects.filter(user=user).update(is_active=False)
    user = User.objects.get(pk=user.pk)
    assert not Organization.objects.visible_to(user).exists()
    clerk = twin_counties.county.users["unit_clerk"]
    User.objects.filter(pk=clerk.pk).update(is_active=False)
    clerk = User.objects.get(pk=clerk.pk)
    assert not Organization.objects.visible_to(clerk).exists()


def test_audit_trail_only_for_audit_admins_of_the_congress(twin_counties):
    record_event(
        actor=twin_counties.county.users["staff"],
        action="test.county",
        congress=twin_counties.county.congress,
    )
    record_event(
        actor=twin_counties.sibling.users["staff"],
        action="test.sibling",
        congress=twin_counties.sibling.congress,
    )
    auditor = twin_counties.county.users["audit_admin"]
    actions = set(Event.objects.visible_to(auditor).values_list("action", flat=True))
    assert "test.county" in actions and "test.sibling" not in actions
    for role in ("staff", "leader", "system_admin", "security_admin", "unit_clerk", "deputy"):
        assert not Event.objects.visible_to(twin_counties.county.users[role]).exists(), role


def test_events_about_people_belong_to_their_congress(twin_counties):
    sibling_clerk = twin_counties.sibling.users["unit_clerk"]
    event = record_event(actor=sibling_clerk, action="auth.login", target=sibling_clerk)
    assert event.congress_id == twin_counties.sibling.congress.pk
    anonymous = record_event(actor=None, action="auth.login_failed", actor_name="nobody")
    deployment = record_event(actor=None, action="security.policy_update", actor_name="x")
    county_auditor = twin_counties.county.users["audit_admin"]
    visible = set(Event.objects.visible_to(county_auditor).values_list("pk", flat=True))
    assert event.pk not in visible
    # A failed sign-in tied to no congress (a name that is no account) is for every audit
    # administrator; other events tied to no congress only for those of a top-level congress.
    assert anonymous.pk in visible
    assert deployment.pk not in visible
