"""Template helpers of the site: Bootstrap-styled form widgets, urgency colours, JSON display."""

from __future__ import annotations

import json
from typing import Any

from django import forms, template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.filter
def bs(field: forms.BoundField, extra: str = "") -> str:
    """Render a bound field's widget with Bootstrap classes (``is-invalid`` when it has errors)."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    if extra:
        css += f" {extra}"
    attrs: dict[str, Any] = {"class": css}
    if field.field.required and not isinstance(widget, forms.CheckboxInput):
        attrs["required"] = True
    if field.errors:
        attrs["aria-describedby"] = f"{field.auto_id}_error"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def url_or_empty(name: str, *args: Any) -> str:
    """Reverse a url name, or "" when the app that provides it is not installed yet."""
    try:
        return reverse(name, args=args or None)
    except NoReverseMatch:
        return ""


@register.filter
def pretty_json(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True, default=str)
