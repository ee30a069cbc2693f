"""One filter chain for the constituent opinions list: page, Excel export and API give the same rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.liaison.filtersets import OpinionFilterSet
from renda.liaison.models import ConstituentOpinion
from renda.liaison.selectors import opinions_for
from tests.filterset_checks import api_client, api_rows, export_cells, page_client, query_string

from .conftest import submit

API = "/api/v1/liaison/opinions"


@pytest.fixture
def opinions(w):
    return {
        "lamp": submit(w).opinion,
        "road": submit(
            w, title="乡道坑洼", body="城关镇东路有多处坑洼。", ip="10.0.0.2", channel="station_qr"
        ).opinion,
        "noise": submit(
            w,
            title="夜间施工噪音",
            body="工地夜间施工扰民。",
            ip="10.0.0.3",
            station=None,
            deputy=w.outsider,
            channel="deputy_qr",
        ).opinion,
    }


def _expected(w, query):
    return [
        o.case.number for o in OpinionFilterSet(query, opinions_for(w.staff), user=w.staff).validated_qs()
    ]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "坑洼"},
        {"channel": "station_qr"},
        {"state": "received"},
        {"year": "2026"},
        {"station": "own"},
    ],
    ids=lambda q: query_string(q) or "all",
)
def test_page_export_and_api_give_the_same_rows(w, opinions, query):
    if query.get("station") == "own":
        query = {"station": w.station.pk}
    expected = _expected(w, query)
    staff = page_client(w.staff)
    r = staff.get(f"{reverse('liaison:opinion_list')}?{query_string(query)}")
    assert r.status_code == 200
    assert [o.case.number for o in r.context["page"].paginator.object_list] == expected
    client, headers = api_client(w.staff)
    assert [n for n in api_rows(client, headers, API, query, "number")] == expected
    every = set(ConstituentOpinion.objects.values_list("case__number", flat=True))
    sheet = export_cells(
        staff.get(f"{reverse('liaison:opinion_list')}?{query_string({**query, 'export': 'xlsx'})}")
    )
    assert sheet & every == set(expected)


def test_the_filters_mean_what_they_say(w, opinions):
    n = {k: o.case.number for k, o in opinions.items()}
    assert set(_expected(w, {})) == set(n.values())
    assert _expected(w, {"q": "坑洼"}) == [n["road"]]
    assert _expected(w, {"q": opinions["lamp"].tracking_number.lower()}) == [n["lamp"]]
    assert _expected(w, {"channel": "station_qr"}) == [n["road"]]
    assert n["noise"] not in _expected(w, {"station": w.station.pk})
    assert _expected(w, {"year": "2020"}) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("year", "abc"),
        ("year", "1999"),
        ("state", "x"),
        ("channel", "fax"),
        ("station", "99999999"),
        ("q", "长" * 101),
    ],
)
def test_garbage_is_shown_next_to_the_field_and_refused_by_the_api(w, opinions, field, value):
    staff = page_client(w.staff)
    r = staff.get(f"{reverse('liaison:opinion_list')}?{query_string({field: value})}")
    assert r.status_code == 200
    assert field in r.context["form"].errors
    assert "invalid-feedback" in r.content.decode()
    client, headers = api_client(w.staff)
    r = client.get(f"{API}?{query_string({field: value})}", **headers)
    assert r.status_code == 400
    assert r.json()["code"] == "invalid" and field in r.json()["fields"]
    # the export does not hand out the unfiltered sheet: the page with the error instead
    r = staff.get(f"{reverse('liaison:opinion_list')}?{query_string({field: value, 'export': 'xlsx'})}")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/html")


def test_a_station_outside_the_keepers_reach_is_not_a_choice(w, opinions):
    fs = OpinionFilterSet({"station": str(w.station.pk)}, opinions_for(w.clerk), user=w.clerk)
    assert "station" in fs.field_errors()
