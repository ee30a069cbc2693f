"""One filter chain for the audit trail: viewer, Excel export and API give the same rows."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from renda.audit.filtersets import EventFilterSet
from renda.audit.selectors import event_list
from renda.core.choices import Role
from tests.core.conftest import login, world  # noqa: F401  (fixtures)
from tests.filterset_checks import api_client, api_rows, export_cells, query_string

API = "/api/v1/audit/events"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _queries(world):  # noqa: F811
    admin = world[Role.AUDIT_ADMIN]
    some = event_list(viewer=admin).exclude(actor=None).first()
    assert some is not None
    code = some.action
    return [
        {},
        {"action": code},
        {"action": code.split(".")[0] + "."},
        {"target_type": some.target_type},
        {"actor": some.actor.username},
        {"actor": str(some.actor_id)},
        {"congress": world.city.pk},
        {"target_id": some.target_id},
        {"date_from": "2000-01-01", "date_to": "2999-12-31"},
        {"date_to": "2000-01-01"},
    ]


def test_page_export_and_api_give_the_same_rows(world, login):  # noqa: F811
    admin = world[Role.AUDIT_ADMIN]
    page = login(admin)
    client, headers = api_client(admin)
    for query in _queries(world):
        # the viewer records its own read before it lists: take the rows as they stand after it
        r = page.get(f"{reverse('audit:event_list')}?{query_string(query)}")
        assert r.status_code == 200
        expected = [e.pk for e in EventFilterSet(query, event_list(viewer=admin), user=admin).validated_qs()]
        assert [e.pk for e in r.context["page"].paginator.object_list] == expected
        api = api_rows(client, headers, API, query, "id")
        # the API audits its read too: compare the rows that existed before it
        assert [pk for pk in api if pk <= max(expected, default=0)] == expected
        exported = export_cells(page.get(f"{reverse('audit:event_export')}?{query_string(query)}"))
        hashes = set(event_list(viewer=admin).filter(pk__in=expected).values_list("hash", flat=True))
        assert hashes <= exported
        if "action" in query and "." in query["action"] and not query["action"].endswith("."):
            assert {e.action for e in event_list(viewer=admin).filter(pk__in=expected)} == {query["action"]}


GARBAGE = [
    ("date_from", "yesterday"),
    ("date_to", "2026-13-45"),
    ("since", "not-a-time"),
    ("congress", "99999999999999999999999"),
    ("action", "DROP TABLE"),
    ("ip", "999.1.1.1"),
    ("actor", "x" * 151),
]


@pytest.mark.parametrize(("field", "value"), GARBAGE)
def test_garbage_is_shown_next_to_the_field_and_refused_by_the_api(world, login, field, value):  # noqa: F811
    admin = world[Role.AUDIT_ADMIN]
    page = login(admin)
    r = page.get(f"{reverse('audit:event_list')}?{query_string({field: value})}")
    assert r.status_code == 200
    assert field in r.context["form"].errors
    client, headers = api_client(admin)
    r = client.get(f"{API}?{query_string({field: value})}", **headers)
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "invalid" and field in body["fields"] and body["message"]
    r = page.get(f"{reverse('audit:event_export')}?{query_string({field: value})}")
    assert r.status_code == 302 and r.url.startswith(reverse("audit:event_list"))


def test_an_inverted_range_is_refused(world):  # noqa: F811
    admin = world[Role.AUDIT_ADMIN]
    fs = EventFilterSet(
        {"date_from": "2026-11-20", "date_to": "2026-11-01"}, event_list(viewer=admin), user=admin
    )
    assert "date_to" in fs.field_errors()
