"""One filter chain for the suggestion list: page, Excel export and API give the same rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.suggestions.filtersets import SuggestionFilterSet
from renda.suggestions.models import Suggestion
from renda.suggestions.selectors import suggestions_for
from tests.filterset_checks import api_client, api_rows, export_cells, page_client, query_string

API = "/api/v1/suggestions"


@pytest.fixture
def rows(w, draft, submitted, assigned):
    """Two assigned (one 公路), two submitted (one key-free criticism), a draft the staff cannot see."""
    made = {
        "school": assigned(),
        "road": assigned(title="关于修缮乡村公路的建议"),
        "bus": submitted(title="关于增设公交线路的建议"),
        "critic": submitted(title="对窗口服务的批评", type="criticism"),
        "draft": draft(title="尚未提交的公路建议"),
    }
    return made


def _page_numbers(client, query):
    r = client.get(f"{reverse('suggestions:list')}?{query_string(query)}")
    assert r.status_code == 200
    return [s.case.number for s in r.context["page"].paginator.object_list], r


QUERIES = [
    {},
    {"state": "assigned"},
    {"state": "submitted", "sort": "old"},
    {"q": "公路"},
    {"type": "criticism"},
    {"unit": "unit_b"},
    {"session": "none", "sort": "number"},
    {"congress": "congress", "year": "2026"},
    {"stat": "received"},
    {"stat": "assigned", "q": "建议"},
    {"overdue": "on"},
    {"key": "true"},
]


def _resolve(w, query):
    out = dict(query)
    if out.get("unit") == "unit_b":
        out["unit"] = w.unit_b.pk
    if out.get("congress") == "congress":
        out["congress"] = w.congress.pk
    if out.get("session") == "none":
        del out["session"]
    return out


@pytest.mark.parametrize("raw", QUERIES, ids=lambda q: query_string(q) or "all")
def test_page_export_and_api_give_the_same_rows(w, rows, raw):
    query = _resolve(w, raw)
    staff = page_client(w.staff)
    on_page, _r = _page_numbers(staff, query)
    expected = [
        s.case.number
        for s in SuggestionFilterSet(query, suggestions_for(w.staff), user=w.staff).validated_qs()
    ]
    assert on_page == expected
    client, headers = api_client(w.staff)
    assert api_rows(client, headers, API, query, "number") == expected
    every = set(Suggestion.objects.values_list("case__number", flat=True))
    exported = export_cells(staff.get(f"{reverse('suggestions:export')}?{query_string(query)}")) & every
    assert exported == set(expected)
    # the draft never shows, whatever the filter
    assert rows["draft"].case.number not in expected


def test_the_filters_mean_what_they_say(w, rows):
    def numbers(**query):
        return {s.case.number for s in SuggestionFilterSet(query, suggestions_for(w.staff), user=w.staff).qs}

    n = {k: s.case.number for k, s in rows.items()}
    assert numbers() == {n["school"], n["road"], n["bus"], n["critic"]}
    assert numbers(state="assigned") == {n["school"], n["road"]}
    assert numbers(q="公路") == {n["road"]}
    assert numbers(type="criticism") == {n["critic"]}
    assert numbers(unit=str(w.unit_b.pk)) == {n["school"], n["road"]}  # the co-handler
    assert numbers(overdue="false", key="0") == numbers()  # unticked boxes do not filter
    ordered = [
        s.case.number for s in SuggestionFilterSet({"sort": "old"}, suggestions_for(w.staff), user=w.staff).qs
    ]
    assert ordered[0] == n["school"] and ordered[-1] == n["critic"]


GARBAGE = [
    ("year", "abc", "年度须为四位数字"),
    ("year", "1800", "年度须在1949到2100之间"),
    ("state", "nonsense", ""),
    ("sort", "sideways", ""),
    ("unit", "999999999", ""),
    ("unit", "99999999999999999999999999", ""),
    ("reply_class", "Z", "答复类别"),
    ("q", "长" * 101, ""),
]


@pytest.mark.parametrize(("field", "value", "message"), GARBAGE)
def test_garbage_is_shown_next_to_the_field_and_refused_by_the_api(w, rows, field, value, message):
    staff = page_client(w.staff)
    r = staff.get(f"{reverse('suggestions:list')}?{query_string({field: value, 'type': 'criticism'})}")
    assert r.status_code == 200
    form = r.context["form"]
    assert field in form.errors
    assert message in str(form.errors[field])
    html = r.content.decode()
    assert "invalid-feedback" in html
    # the other, valid filters still apply
    assert [s.case.number for s in r.context["page"]] == [rows["critic"].case.number]
    client, headers = api_client(w.staff)
    r = client.get(f"{API}?{query_string({field: value})}", **headers)
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "invalid" and field in body["fields"] and body["message"]
    # the export does not hand out a sheet the query did not ask for: back to the list, errors shown
    r = staff.get(f"{reverse('suggestions:export')}?{query_string({field: value})}")
    assert r.status_code == 302 and r.url.startswith(reverse("suggestions:list"))


def test_a_unit_of_another_congress_is_not_a_choice(w, rows):
    from renda.core.choices import OrganizationKind
    from renda.core.models import Organization

    foreign = Organization.objects.create(
        congress=w.other, name="邻县教育局", kind=OrganizationKind.GOVERNMENT_DEPARTMENT
    )
    fs = SuggestionFilterSet({"unit": str(foreign.pk)}, suggestions_for(w.staff), user=w.staff)
    assert "unit" in fs.field_errors()


def test_reply_class_accepts_the_written_forms(w, rows):
    fs = SuggestionFilterSet({"reply_class": "甲类"}, suggestions_for(w.staff), user=w.staff)
    assert fs.field_errors() == {}
    assert fs.form.cleaned_data["reply_class"] == "A"


def test_the_api_documents_every_filter(w):
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()
    params = {p["name"]: p for p in schema["paths"][API]["get"]["parameters"]}
    for name in SuggestionFilterSet.base_filters:
        assert name in params, name
        assert params[name]["description"]
    assert params["unit"]["schema"]["type"] == "integer"
    assert params["overdue"]["schema"]["type"] == "boolean"
    assert "assigned" in params["state"]["schema"]["enum"]
