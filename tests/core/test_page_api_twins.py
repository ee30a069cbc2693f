"""Every page and its API twin give every role the same answer: allowed on both or refused on both.

Both ask the one permission of the resource (``renda.core.permissions.RESOURCES``); this walks the
twins as each role of ``twin_counties`` (one user per role, plus the city's staff), signed in to a
browser session, and the API twin also with a personal token.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from renda.api.services import api_token_create
from renda.core.models import Term
from renda.core.permissions import RESOURCES, can_view
from renda.deputies.models import Deputy, DeputyMandate
from renda.security.testing import login_verified

pytestmark = pytest.mark.django_db

ROLES = [
    "system_admin",
    "security_admin",
    "audit_admin",
    "staff",
    "leader",
    "deputy",
    "unit_clerk",
    "unit_leader",
    "station_keeper",
]


@pytest.fixture
def twins(twin_counties):
    county = twin_counties.county
    term = Term.objects.create(
        congress=county.congress, number=1, start_year=2022, end_year=2026, is_current=True
    )
    deputy = Deputy.objects.create(full_name="张秀英", gender="female", user=county.users["deputy"])
    mandate = DeputyMandate.objects.create(
        deputy=deputy, congress=county.congress, term=term, started_on=dt.date(2022, 1, 10)
    )
    clerk = county.users["unit_clerk"]
    return [
        ("users", "/users/", "/api/v1/users"),
        ("users", f"/users/{clerk.pk}/", f"/api/v1/users/{clerk.pk}"),
        ("organizations", "/organizations/", "/api/v1/organizations"),
        ("deputies.register", "/deputies/", "/api/v1/deputies"),
        ("deputies.mandate", f"/deputies/{mandate.pk}/", f"/api/v1/deputies/{mandate.pk}"),
        ("liaison.opinions", "/liaison/opinions/", "/api/v1/liaison/opinions"),
        ("audit.events", "/audit/", "/api/v1/audit/events"),
        ("meetings", "/meetings/", "/api/v1/meetings"),
        ("voting.votes", "/voting/", "/api/v1/voting/votes"),
    ]


def _outcome(status: int) -> str:
    if status == 200:
        return "allowed"
    if status in (403, 404):
        return "refused"
    return f"unexpected {status}"


def test_every_resource_has_a_twin_in_the_walk(twins):
    assert {resource for resource, _page, _api in twins} == set(RESOURCES)


@pytest.mark.parametrize("role", ROLES)
def test_page_and_api_twin_agree_for_every_role(twin_counties, twins, role):
    user = twin_counties.county.users[role]
    session = Client()
    login_verified(session, user)
    _token, secret = api_token_create(actor=user, name="对照")
    token = Client(headers={"Authorization": f"Bearer {secret}"})
    answers = []
    for resource, page, api in twins:
        page_status = session.get(page).status_code
        api_session = session.get(api).status_code
        api_token = token.get(api).status_code
        if can_view(user, resource):
            # Allowed to the resource; one record may still be outside the user's scope (404 on both).
            expected = {"allowed", "refused"} if page.rstrip("/")[-1].isdigit() else {"allowed"}
        else:
            expected = {"refused"}
        answers.append((page, _outcome(page_status), _outcome(api_session), _outcome(api_token), expected))
    disagreements = [a for a in answers if not (a[1] == a[2] == a[3] and a[1] in a[4])]
    assert disagreements == [], f"{role}: (page, page, api by session, api by token, permission)"


def test_the_administrators_are_refused_what_their_duty_does_not_need(twin_counties, twins):
    users = twin_counties.county.users
    assert not can_view(users["audit_admin"], "users")
    assert not can_view(users["security_admin"], "organizations")
    assert not can_view(users["system_admin"], "deputies.register")
    assert not can_view(users["system_admin"], "users")
    for role in ("system_admin", "security_admin"):
        assert not can_view(users[role], "audit.events")
    assert can_view(users["audit_admin"], "audit.events")
