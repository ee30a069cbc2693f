"""``FastSelect`` renders exactly what Django's template-based ``Select`` renders (issue 18: the
province list's unit filter has thousands of options)."""

from __future__ import annotations

import pytest
from django import forms
from django.utils.safestring import mark_safe

from renda.suggestions.filtersets import SuggestionFilterSet
from renda.suggestions.models import Suggestion
from renda.suggestions.widgets import FastSelect

CHOICES = [
    ("", "全部<单位>"),
    (1, "教育局 & 交通运输局"),
    ("第一组", [(2, 'a"b'), (3, "c")]),
    (4, mark_safe("<b>已转义</b>")),
]


@pytest.mark.parametrize("value", [None, "", "1", "2", "3", "9"])
def test_same_html_as_django_select(value):
    attrs = {"class": "form-select is-invalid", "required": True, "id": "id_unit", "data-x": False,
             "aria-describedby": "id_unit_error"}  # fmt: skip
    expected = forms.Select(choices=CHOICES).render("unit", value, attrs=attrs)
    assert FastSelect(choices=CHOICES).render("unit", value, attrs=attrs) == expected


@pytest.mark.django_db
def test_the_list_filters_render_as_before(twin_counties):
    staff = twin_counties.county.users["staff"]
    for data in ({}, {"unit": str(twin_counties.county.education.pk)}):
        filterset = SuggestionFilterSet(data, Suggestion.objects.all(), user=staff)
        html = {}
        for name in ("category", "session", "unit", "congress"):
            field = filterset.form[name]
            assert isinstance(field.field.widget, FastSelect)
            html[name] = field.as_widget(attrs={"class": "form-select"})
            field.field.widget = forms.Select(choices=field.field.widget.choices)
            assert field.as_widget(attrs={"class": "form-select"}) == html[name], name
        assert twin_counties.county.education.name in html["unit"]
