"""One filter chain for the users list: page, Excel export and API give the same rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.core.choices import Role
from renda.core.filtersets_accounts import UserFilterSet
from renda.core.models import User
from renda.core.selectors import user_list
from tests.filterset_checks import api_client, api_rows, export_cells, page_client, query_string

API = "/api/v1/users"

QUERIES = [
    {},
    {"q": "unit"},
    {"role": Role.UNIT_LEADER},
    {"organization": "bureau"},
    {"organization": "bureau", "role": Role.UNIT_LEADER},
    {"congress": "city"},
    {"active": "1"},
    {"active": "0"},
]


def _resolve(world, query):
    out = dict(query)
    if out.get("organization") == "bureau":
        out["organization"] = world.bureau.pk
    if out.get("congress") == "city":
        out["congress"] = world.city.pk
    return out


@pytest.mark.parametrize("raw", QUERIES, ids=lambda q: query_string(q) or "all")
def test_page_export_and_api_give_the_same_rows(world, raw):
    staff = world[Role.STAFF]
    query = _resolve(world, raw)
    expected = [u.username for u in UserFilterSet(query, user_list(actor=staff), user=staff).validated_qs()]
    r = page_client(staff).get(f"{reverse('user_list')}?{query_string(query)}")
    assert r.status_code == 200
    assert [u.username for u in r.context["page"].paginator.object_list] == expected
    client, headers = api_client(staff)
    assert api_rows(client, headers, API, query, "username") == expected
    every = set(User.objects.values_list("username", flat=True))
    exported = export_cells(page_client(staff).get(f"{reverse('user_export')}?{query_string(query)}"))
    assert exported & every == set(expected)
    # visibility comes first: nobody outside the staff's reach shows, whatever the filter
    assert set(expected) <= set(user_list(actor=staff).values_list("username", flat=True))


def test_the_filters_mean_what_they_say(world):
    staff = world[Role.STAFF]

    def names(**query):
        return {u.username for u in UserFilterSet(query, user_list(actor=staff), user=staff).qs}

    assert names(organization=str(world.bureau.pk), role=Role.UNIT_LEADER) == {"unitlead1"}
    assert names(active="true") == names(active="1")
    assert names(active="false") == names(active="0")
    assert names(active="1") | names(active="0") == names()
    assert all("unit" in n or "unit" in User.objects.get(username=n).full_name for n in names(q="unit"))


GARBAGE = [
    ("organization", "999999999"),
    ("organization", "abc"),
    ("congress", "99999999999999999999999"),
    ("role", "king"),
    ("active", "maybe"),
    ("q", "长" * 101),
    ("q", "a\x07b"),
]


@pytest.mark.parametrize(("field", "value"), GARBAGE)
def test_garbage_is_shown_next_to_the_field_and_refused_by_the_api(world, field, value):
    staff = world[Role.STAFF]
    page = page_client(staff)
    r = page.get(f"{reverse('user_list')}?{query_string({field: value})}")
    assert r.status_code == 200
    assert field in r.context["form"].errors
    assert "invalid-feedback" in r.content.decode()
    client, headers = api_client(staff)
    r = client.get(f"{API}?{query_string({field: value})}", **headers)
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "invalid" and field in body["fields"] and body["message"]
    r = page.get(f"{reverse('user_export')}?{query_string({field: value})}")
    assert r.status_code == 302 and r.url.startswith(reverse("user_list"))


def test_the_api_documents_every_filter(db):
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()
    params = {p["name"]: p for p in schema["paths"][API]["get"]["parameters"]}
    for name in UserFilterSet.base_filters:
        assert params[name]["description"], name
    assert params["organization"]["schema"]["type"] == "integer"


# --- the organisations list: the page's tree and the API filter through OrganizationFilterSet ----------


@pytest.mark.parametrize(
    "raw", [{"kind": "government_department"}, {"q": "局"}, {"active": "1"}], ids=lambda q: query_string(q)
)
def test_organisations_page_and_api_keep_the_same_matches(world, raw):
    from renda.core.filtersets_accounts import OrganizationFilterSet
    from renda.core.models import Organization

    staff = world[Role.STAFF]
    query = {**raw, "congress": world.city.pk}
    visible = Organization.objects.visible_to(staff)
    expected = sorted(
        OrganizationFilterSet(query, visible, user=staff).validated_qs().values_list("pk", flat=True)
    )
    assert expected, "the fixture has organisations of this kind"
    r = page_client(staff).get(f"{reverse('organization_list')}?{query_string(query)}")
    assert r.status_code == 200 and r.context["filtered"]
    assert sorted(n.organization.pk for n in r.context["nodes"] if n.matched) == expected
    client, headers = api_client(staff)
    assert sorted(api_rows(client, headers, "/api/v1/organizations", query, "id")) == expected


def test_organisations_garbage_is_shown_on_the_page_and_refused_by_the_api(world):
    staff = world[Role.STAFF]
    r = page_client(staff).get(f"{reverse('organization_list')}?kind=nonsense&active=maybe")
    assert r.status_code == 200 and {"kind", "active"} <= set(r.context["form"].errors)
    client, headers = api_client(staff)
    refused = client.get("/api/v1/organizations?kind=nonsense", **headers)
    assert refused.status_code == 400 and "kind" in refused.json()["fields"]
