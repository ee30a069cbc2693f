"""One filter chain for the published suggestions: the public page and the open API agree."""

from __future__ import annotations

import pytest

from renda.portal import selectors
from renda.portal.filtersets import PublicSuggestionFilterSet


def _expected(congress, query):
    fs = PublicSuggestionFilterSet(query, selectors.public_suggestions(congress), user=None)
    return [s.pk for s in fs.qs]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "公路"},
        {"reply_class": "B"},
        {"reply_class": "甲类"},
        {"year": "2020"},
        {"session": "session"},
    ],
    ids=str,
)
def test_page_and_api_give_the_same_rows(world, published, anon, query):
    if query.get("session") == "session":
        query = {"session": world.a.session.pk}
    r = anon.get("/portal/suggestions/", query)
    assert r.status_code == 200
    congress = r.context["congress"]
    expected = _expected(congress, query)
    assert expected or query
    assert [row["id"] for row in r.context["page"].object_list] == expected[
        : len(r.context["page"].object_list)
    ]
    assert r.context["page"].paginator.count == len(expected)
    r = anon.get("/api/v1/portal/suggestions", {**query, "page_size": 200})
    assert r.status_code == 200
    assert [row["id"] for row in r.json()["results"]] == expected


def test_the_page_forgives_garbage_and_the_api_names_it(world, published, anon):
    r = anon.get("/portal/suggestions/", {"year": "abc", "q": "公路"})
    assert r.status_code == 200
    congress = r.context["congress"]
    every = _expected(congress, {})
    assert r.context["page"].paginator.count == len(_expected(congress, {"q": "公路"})) < len(every)
    assert r.context["filters"]["year"] == "" and r.context["filters"]["q"] == "公路"
    r = anon.get("/api/v1/portal/suggestions", {"year": "abc"})
    assert r.status_code == 400 and "year" in r.json()["fields"]
