"""Template helpers of the site: Bootstrap-styled form widgets, urgency colours, JSON display."""

from __future__ import annotations

import json
from typing import Any

from django import forms, template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

# A choice group with at most this many options, all short, sits on one line ("满意 / 基本满意 /
# 不满意"); longer groups stack one option per line.
INLINE_MAX_OPTIONS = 6
INLINE_MAX_LABEL = 12


def _is_choice_group(widget: forms.Widget) -> bool:
    return isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


def _inline(options: list[Any]) -> bool:
    labels = [len(str(o.choice_label)) for o in options]
    few_and_short = len(labels) <= INLINE_MAX_OPTIONS and max(labels, default=0) <= INLINE_MAX_LABEL
    return few_and_short or max(labels, default=0) <= 3  # e.g. twelve months "1月" … "12月"


def _choice_group(field: forms.BoundField, attrs: dict[str, Any], extra: str) -> SafeString:
    """Bootstrap 5 markup for a RadioSelect or CheckboxSelectMultiple: one ``form-check`` per option,
    ``form-check-input`` on each input (never on the wrapper), the label beside its input."""
    input_css = "form-check-input" + (" is-invalid" if field.errors else "")
    options = list(field.subwidgets)
    check_css = "form-check form-check-inline" if _inline(options) else "form-check"
    items = []
    for option in options:
        option_attrs: dict[str, Any] = {"class": input_css}
        if field.errors:
            option_attrs["aria-invalid"] = "true"
        if attrs.get("required") and isinstance(field.field.widget, forms.RadioSelect):
            option_attrs["required"] = True
        option.data["attrs"].update(option_attrs)
        items.append((check_css, option.tag(wrap_label=False), option.id_for_label, option.choice_label))
    group_attrs = {
        "role": "radiogroup" if isinstance(field.field.widget, forms.RadioSelect) else "group",
        "id": field.auto_id or "",
        "class": ("renda-choice-group " + extra).strip(),
    }
    if field.errors:
        group_attrs["aria-describedby"] = f"{field.auto_id}_error"
    head = format_html_join(" ", '{}="{}"', ((k, v) for k, v in group_attrs.items() if v))
    body = format_html_join(
        "",
        '<div class="{}">{}<label class="form-check-label" for="{}">{}</label></div>',
        items,
    )
    return format_html("<div {}>{}</div>", head, body)


@register.filter
def bs(field: forms.BoundField, extra: str = "") -> str:
    """Render a bound field's widget with Bootstrap classes (``is-invalid`` when it has errors).

    Radio and checkbox groups become one ``form-check`` per option (inline when the options are
    few and short); a single checkbox gets ``form-check-input`` (``core/_field.html`` wraps it in
    ``form-check`` with its label)."""
    widget = field.field.widget
    required = field.field.required and not isinstance(widget, forms.CheckboxInput)
    if _is_choice_group(widget):
        return _choice_group(field, {"required": required}, extra)
    if isinstance(widget, forms.CheckboxInput):
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
    if required:
        attrs["required"] = True
    if field.errors:
        attrs["aria-describedby"] = f"{field.auto_id}_error"
    return field.as_widget(attrs=attrs)


@register.filter
def field_kind(field: forms.BoundField) -> str:
    """How ``core/_field.html`` lays a field out: "check" (one checkbox), "group" (radios or
    checkboxes under a legend), "file" or "input"."""
    widget = field.field.widget
    if _is_choice_group(widget):
        return "group"
    if isinstance(widget, forms.CheckboxInput):
        return "check"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


@register.filter
def field_anchor(field: forms.BoundField) -> str:
    """The id the error summary links to: the input itself, or a group's first option."""
    if _is_choice_group(field.field.widget):
        return f"{field.auto_id}_0" if field.auto_id else ""
    return field.id_for_label or field.auto_id or ""


@register.filter
def file_dropped(field: forms.BoundField) -> bool:
    """True when the form was refused and this file input had a file: browsers never re-fill a
    file input, so the user must be told to choose the file again."""
    form = field.form
    if not (form.is_bound and form.errors) or not isinstance(field.field.widget, forms.FileInput):
        return False
    return bool(form.files.get(field.html_name)) if hasattr(form.files, "get") else False


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
