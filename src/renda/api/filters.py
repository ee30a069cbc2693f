"""A list endpoint's query parameters are its page's filter set (``renda.core.filtersets``).

``filter_params(SuggestionFilterSet, "SuggestionQuery")`` makes the ninja query schema: the page
parameters plus one optional parameter per filter, documented in the OpenAPI with the filter's Chinese
label, its type (integer for a choice of object, boolean for a check box) and its choices. The schema
only documents and carries the values; the filter set validates them, with the same rules and Chinese
messages as the page, and a refused value answers 400 ``{code: "invalid", message, fields}``::

    @router.get("", response={200: SuggestionPage, **ERRORS})
    def list_suggestions(request, params: Query[SuggestionQuery]):
        return paginate(filtered(SuggestionFilterSet, params, suggestions_for(request.auth), user=request.auth), params)
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from ninja import Field, Schema
from pydantic import create_model

from renda.core.filtersets import FlagFilter, RendaFilterSet

from .schemas import PageParams

PAGE_KEYS = frozenset(PageParams.model_fields)


def _choices(f: django_filters.Filter) -> list[str]:
    choices = f.extra.get("choices")
    if callable(choices) or not choices:
        return []
    return [str(value) for value, _label in choices if value not in ("", None)]


def _doc(f: django_filters.Filter) -> tuple[str, dict[str, Any]]:
    """The parameter's description and JSON-schema type."""
    label = str(f.label or "")
    extra: dict[str, Any] = {"type": "string"}
    field_class = f.field_class
    if isinstance(f, FlagFilter):
        extra = {"type": "boolean"}
        label += "(true 或 false)"
    elif isinstance(f, django_filters.ModelChoiceFilter):
        extra = {"type": "integer", "minimum": 1}
        label += "(编号)"
    elif issubclass(field_class, (forms.IntegerField, forms.DecimalField)):
        extra = {"type": "integer"}
        for key, name in (("min_value", "minimum"), ("max_value", "maximum")):
            if f.extra.get(key) is not None:
                extra[name] = f.extra[key]
    else:
        values = _choices(f)
        if values:
            extra["enum"] = values
            labels = dict(f.extra["choices"])
            label += ":" + "、".join(f"{v} {labels[v]}" for v in values if v in labels)
        elif f.extra.get("max_length"):
            extra["maxLength"] = f.extra["max_length"]
    return label, extra


def filter_params(
    filterset: type[RendaFilterSet], name: str, *, base: type[Schema] = PageParams
) -> type[Schema]:
    """The ninja query schema of ``filterset``'s filters (all optional) on top of ``base``."""
    fields: dict[str, Any] = {}
    for key, f in filterset.base_filters.items():
        description, extra = _doc(f)
        fields[key] = (str, Field(None, description=description, json_schema_extra=extra))
    return create_model(name, __base__=base, **fields)  # type: ignore[call-overload, no-any-return]


def filter_data(params: Schema) -> dict[str, Any]:
    """The filter values of a parsed query schema (the page parameters left out)."""
    return {k: v for k, v in params.dict().items() if k not in PAGE_KEYS and v is not None}


def filtered(filterset: type[RendaFilterSet], params: Schema, queryset: QuerySet, *, user: Any) -> QuerySet:
    """``queryset`` (already limited to what ``user`` may read) filtered by the query; an invalid value is
    a :class:`renda.core.errors.ValidationFailed` (400)."""
    return filterset(filter_data(params), queryset, user=user).validated_qs()
