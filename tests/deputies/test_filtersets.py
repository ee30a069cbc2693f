"""One filter chain for the register (代表名册): page, Excel export, API and home figures agree."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.deputies import selectors
from renda.deputies.filtersets import RegisterFilterSet
from renda.deputies.models import Deputy
from tests.filterset_checks import api_client, api_rows, export_cells, page_client, query_string

API = "/api/v1/deputies"


def _expected(w, query):
    mandates = selectors.register(w.staff).filter(congress=w.county)
    return list(
        RegisterFilterSet(query, mandates, user=w.staff, congress=w.county)
        .validated_qs()
        .values_list("pk", flat=True)
    )


QUERIES = [
    {},
    {"q": "张"},
    {"constituency": "丙镇"},
    {"group": "group"},
    {"station": "station_b"},
    {"occupation_category": "farmer"},
    {"grassroots": "0"},
    {"status": "all"},
    {"status": "ended"},
    {"incomplete": "1"},
    {"term": "term"},
    {"activity_year": "2026", "activity_below": "1"},
]


def _resolve(w, query):
    values = {"group": w.county_group.pk, "station_b": w.station_b.pk, "term": w.county_term.pk}
    return {k: values.get(v, v) for k, v in query.items()}


@pytest.mark.parametrize("raw", QUERIES, ids=lambda q: query_string(q) or "all")
def test_page_export_and_api_give_the_same_rows(world, raw):
    w = world
    query = _resolve(w, raw)
    expected = _expected(w, query)
    staff = page_client(w.staff)
    r = staff.get(f"{reverse('deputies:register')}?{query_string({**query, 'congress': w.county.pk})}")
    assert r.status_code == 200
    assert [m.pk for m in r.context["page"].paginator.object_list] == expected
    client, headers = api_client(w.staff)
    assert api_rows(client, headers, API, {**query, "congress": w.county.pk}, "id") == expected
    names = set(Deputy.objects.values_list("full_name", flat=True))
    sheet = export_cells(
        staff.get(f"{reverse('deputies:export')}?{query_string({**query, 'congress': w.county.pk})}")
    )
    expected_names = set(
        selectors.register(w.staff).filter(pk__in=expected).values_list("deputy__full_name", flat=True)
    )
    assert sheet & names == expected_names


def test_the_filters_mean_what_they_say(world):
    w = world
    assert set(_expected(w, {})) == {w.m1_county.pk, w.m2.pk}
    assert _expected(w, {"q": "李秀英"}) == [w.m2.pk]
    assert _expected(w, {"station": w.station_b.pk}) == [w.m2.pk]
    assert _expected(w, {"group": w.county_group.pk}) == [w.m1_county.pk]
    assert _expected(w, {"occupation_category": "farmer"}) == [w.m1_county.pk]


def test_the_home_figures_count_the_rows_their_link_shows(world):
    from renda.deputies.figures import activity_panel

    w = world
    panel = activity_panel(w.leader, w.county, 2026)
    leader = page_client(w.leader)
    for figure in panel.figures:
        if not figure.url.startswith(reverse("deputies:register")):
            continue
        r = leader.get(figure.url)
        assert r.status_code == 200
        assert r.context["page"].paginator.count == figure.count, figure.title


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("activity_year", "abc"),
        ("activity_below", "0"),
        ("status", "sleeping"),
        ("grassroots", "maybe"),
        ("group", "99999999"),
        ("term", "abc"),
        ("q", "长" * 51),
    ],
)
def test_garbage_is_shown_next_to_the_field_and_refused_by_the_api(world, field, value):
    w = world
    staff = page_client(w.staff)
    r = staff.get(f"{reverse('deputies:register')}?{query_string({field: value, 'congress': w.county.pk})}")
    assert r.status_code == 200
    assert field in r.context["form"].errors
    assert "invalid-feedback" in r.content.decode()
    client, headers = api_client(w.staff)
    r = client.get(f"{API}?{query_string({field: value, 'congress': w.county.pk})}", **headers)
    assert r.status_code == 400 and field in r.json()["fields"]
    r = staff.get(f"{reverse('deputies:export')}?{query_string({field: value, 'congress': w.county.pk})}")
    assert r.status_code == 302 and r.url.startswith(reverse("deputies:register"))


def test_a_group_of_another_congress_is_not_a_choice(world):
    w = world
    from renda.deputies import services

    foreign = services.deputy_group_create(actor=w.neighbor, congress=w.sibling, name="丁县代表小组")
    mandates = selectors.register(w.staff).filter(congress=w.county)
    fs = RegisterFilterSet({"group": foreign.pk}, mandates, user=w.staff, congress=w.county)
    assert "group" in fs.field_errors()
