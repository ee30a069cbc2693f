"""The demo county: counts, idempotence, determinism, logins, and the two commands."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F
from django.test import override_settings

from renda.audit.models import Event
from renda.core.choices import CongressLevel, OrganizationKind, Role
from renda.core.models import Congress, Membership, Organization, Session, Term, User
from renda.demo import ACCOUNTS, ADMIN_ACCOUNTS, DEMO_AS_OF, demo_loaded, load_demo
from renda.demo.units import CITY_CONGRESS, COUNTY_CONGRESS, SIBLING_CONGRESS
from renda.deputies.models import Deputy, DeputyGroup, DeputyMandate

pytestmark = pytest.mark.clock(DEMO_AS_OF)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class _Rollback(Exception):
    pass


def _names_digest() -> str:
    names = sorted(Deputy.objects.values_list("full_name", "birth_date", "phone"))
    return hashlib.sha256(repr(names).encode()).hexdigest()


def _counts() -> dict[str, int]:
    return {
        "congresses": Congress.objects.count(),
        "terms": Term.objects.count(),
        "sessions": Session.objects.count(),
        "organizations": Organization.objects.count(),
        "groups": DeputyGroup.objects.count(),
        "deputies": Deputy.objects.count(),
        "mandates": DeputyMandate.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "linked": Deputy.objects.filter(user__isnull=False).count(),
        "events": Event.objects.count(),
    }


# Kept first in the module: it needs a database without the demo (the module fixture below loads
# it once and keeps it until the module ends).
@pytest.mark.django_db
def test_two_fresh_loads_give_the_same_people():
    assert not demo_loaded()
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        with pytest.raises(_Rollback), transaction.atomic():
            load_demo()
            first = _names_digest()
            raise _Rollback
        assert not demo_loaded()
        load_demo()
        second = _names_digest()
    assert first == second
    assert Deputy.objects.count() > 700


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        with transaction.atomic():
            result = load_demo()
            yield result
            transaction.set_rollback(True)


@pytest.fixture
def county(demo, db):
    return Congress.objects.get(name=COUNTY_CONGRESS)


def test_tree_of_congresses(county):
    city = Congress.objects.get(name=CITY_CONGRESS)
    sibling = Congress.objects.get(name=SIBLING_CONGRESS)
    assert county.parent == city and sibling.parent == city
    assert county.level == CongressLevel.COUNTY and city.level == CongressLevel.CITY
    townships = Congress.objects.filter(parent=county)
    assert townships.count() == 12
    assert set(townships.values_list("level", flat=True)) == {CongressLevel.TOWNSHIP}
    assert "城关镇人大" in set(townships.values_list("name", flat=True))
    # Every township congress has a presidium and a current term; none has a standing committee.
    for township in townships:
        kinds = set(township.organizations.values_list("kind", flat=True))
        assert OrganizationKind.PRESIDIUM in kinds
        assert OrganizationKind.STANDING_COMMITTEE not in kinds
        assert township.terms.filter(is_current=True).count() == 1


def test_term_and_sessions(county):
    term = county.terms.get(is_current=True)
    assert (term.number, term.start_year, term.end_year) == (18, 2021, 2026)
    sessions = list(term.sessions.order_by("number"))
    assert [s.number for s in sessions] == [1, 2, 3, 4, 5]
    assert [s.start_date.year for s in sessions] == [2021, 2022, 2023, 2024, 2025]
    assert all(s.start_date.month in (1, 2) for s in sessions)


def test_county_organisations(county):
    orgs = Organization.objects.filter(congress=county)
    assert orgs.count() >= 50
    by_kind = dict(orgs.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    assert by_kind[OrganizationKind.STANDING_COMMITTEE] == 1
    assert by_kind[OrganizationKind.CONGRESS_OFFICE] == 1
    assert by_kind[OrganizationKind.COMMITTEE] >= 5
    assert by_kind[OrganizationKind.GOVERNMENT] == 1
    assert by_kind[OrganizationKind.GOVERNMENT_DEPARTMENT] >= 30
    assert by_kind[OrganizationKind.TOWNSHIP] == 12
    assert by_kind[OrganizationKind.LIAISON_STATION] == 10
    for kind in ("supervisory_commission", "court", "procuratorate"):
        assert by_kind[kind] == 1
    government = orgs.get(kind=OrganizationKind.GOVERNMENT)
    assert set(orgs.filter(kind=OrganizationKind.GOVERNMENT_DEPARTMENT).values_list("parent", flat=True)) == {
        government.pk
    }
    sc = orgs.get(kind=OrganizationKind.STANDING_COMMITTEE)
    assert set(orgs.filter(kind=OrganizationKind.COMMITTEE).values_list("parent", flat=True)) == {sc.pk}
    for station in orgs.filter(kind=OrganizationKind.LIAISON_STATION):
        assert station.address and station.responsible_person and station.phone
    assert orgs.filter(name__in=["县教育局", "县交通运输局", "县公安局", "县财政局"]).count() == 4


def test_deputies_and_mandates(county):
    county_mandates = DeputyMandate.objects.filter(congress=county)
    township_mandates = DeputyMandate.objects.filter(congress__parent=county)
    assert 180 <= county_mandates.count() <= 220
    assert 550 <= township_mandates.count() <= 650
    # Some people hold a county and a township mandate (same person, two mandates).
    two_level = Deputy.objects.annotate(n=Count("mandates")).filter(n=2)
    assert 40 <= two_level.count() <= 80
    assert county_mandates.filter(is_standing_committee_member=True).count() == 15
    assert 1 <= county_mandates.filter(is_full_time=True).count() < 15
    women = county_mandates.filter(deputy__gender="female").count() / county_mandates.count()
    assert 0.2 <= women <= 0.4
    assert county_mandates.exclude(deputy__ethnicity="汉族").exists()
    assert county_mandates.filter(is_grassroots=True).exists()
    assert not township_mandates.filter(is_standing_committee_member=True).exists()
    # Groups, stations and constituencies fit the mandate's congress.
    assert not county_mandates.filter(group__isnull=True).exists()
    assert not DeputyMandate.objects.exclude(group__congress=F("congress")).exists()
    assert set(county_mandates.values_list("station__kind", flat=True)) == {OrganizationKind.LIAISON_STATION}
    assert county_mandates.filter(constituency__startswith="城关镇第").exists()
    assert DeputyGroup.objects.filter(congress=county).count() == 12


def test_one_login_per_role(county):
    for account in ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert not user.must_change_password
        assert user.password_changed_at is not None
        assert user.memberships.filter(role=account.role, organization__name=account.organization).exists()
    held = set(
        Membership.objects.filter(user__username__in=[a.username for a in ACCOUNTS]).values_list(
            "role", flat=True
        )
    )
    assert held >= {r.value for r in Role if r != Role.CITIZEN}
    # The deputy logins are linked to county deputies; the first sits at two levels.
    for username in ("deputy", "deputy2", "deputy3"):
        deputy = Deputy.objects.get(user__username=username)
        assert deputy.mandates.filter(congress=county).exists()
    assert Deputy.objects.get(user__username="deputy").mandates.count() == 2
    assert User.objects.get(username="leader").memberships.get().title == "主任"


def test_each_login_authenticates_with_the_demo_password(county, settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS
    password = settings.RENDA["DEMO_PASSWORD"]
    for account in ACCOUNTS:
        user = authenticate(username=account.username, password=password)
        assert user is not None, account.username
        assert authenticate(username=account.username, password=password + "x") is None


def test_admins_have_a_confirmed_totp_device_with_the_documented_key(county):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from renda.demo.management.commands.demo_logins import current_code

    for account in ADMIN_ACCOUNTS:
        device = TOTPDevice.objects.get(user__username=account.username)
        assert device.confirmed
        assert device.key == account.totp_hex
        assert device.verify_token(current_code(device.key))
    assert not TOTPDevice.objects.filter(user__username="staff").exists()


def test_second_run_changes_nothing(county):
    before = _counts()
    result = load_demo()
    assert not result.changed
    assert _counts() == before
    assert Event.objects.filter(action="demo.load").count() == 1


def test_demo_load_event(county):
    event = Event.objects.get(action="demo.load")
    assert event.actor is None
    assert event.actor_name == "load_demo"
    assert event.congress == county
    assert event.after["mandates"] == DeputyMandate.objects.count()


def test_load_demo_command_says_nothing_changed(county):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "未作任何更改" in out.getvalue()
    out = io.StringIO()
    call_command("load_demo", "--if-empty", stdout=out)
    assert "已跳过" in out.getvalue()


def test_demo_logins_prints_accounts_and_codes(county):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for account in ACCOUNTS:
        assert account.username in text
    assert settings.RENDA["DEMO_PASSWORD"] in text
    for account in ADMIN_ACCOUNTS:
        assert account.totp_base32 in text
    assert "30 秒" in text


def test_scope_of_demo_users(county):
    from renda.core.scopes import scope_of

    staff = User.objects.get(username="staff")
    townships = set(Congress.objects.filter(parent=county).values_list("pk", flat=True))
    assert scope_of(staff).staff_read_congress_ids == frozenset({county.pk, *townships})
    neighbor = User.objects.get(username="neighbor")
    assert county.pk not in scope_of(neighbor).read_congress_ids
    citystaff = User.objects.get(username="citystaff")
    assert county.pk in scope_of(citystaff).staff_read_congress_ids
    # Sibling isolation: the neighbour reads no mandate of the demo county.
    assert not DeputyMandate.objects.visible_to(neighbor).exists()
    assert DeputyMandate.objects.visible_to(citystaff).filter(congress=county).count() == 200


def test_demo_logins_sign_in_through_the_login_page(county, client, settings):
    """A newcomer signs in as staff, and as the system admin with the current TOTP code."""
    from django.urls import reverse

    from renda.demo.accounts import ADMIN_ACCOUNTS
    from renda.demo.management.commands.demo_logins import current_code

    settings.PASSWORD_HASHERS = FAST_HASHERS
    password = settings.RENDA["DEMO_PASSWORD"]
    response = client.post(reverse("login"), {"username": "staff", "password": password})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get(username="staff").pk
    client.logout()

    admin = ADMIN_ACCOUNTS[0]
    response = client.post(reverse("login"), {"username": admin.username, "password": password})
    assert response.status_code == 302
    response = client.get(reverse("totp_verify"))
    assert response.status_code == 200
    response = client.post(reverse("totp_verify"), {"token": current_code(admin.totp_hex)})
    assert response.status_code == 302
    assert client.session.get("otp_device_id")
