"""A ``<select>`` rendered in Python: the same HTML as Django's template-based ``forms.Select``, without
one template include per option. A province's list filters offer thousands of options (2,260 handling
units); rendered through the templates they cost the page seconds (issue 18)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> str:
    # django/forms/widgets/attrs.html
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {conditional_escape(name)}")
        else:
            out.append(f' {conditional_escape(name)}="{conditional_escape(_s(value))}"')
    return "".join(out)


def _s(value: Any) -> str:
    # the ``stringformat:'s'`` filter: keeps a safe string safe
    text = "%s" % (value,)  # noqa: UP031 - what the template filter does
    return mark_safe(text) if isinstance(value, SafeString) else text  # noqa: S308 - safe already


class FastSelect(forms.Select):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> str:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in group_choices:
                parts.append(
                    f'\n  <option value="{conditional_escape(_s(option["value"]))}"{_attrs(option["attrs"])}>'
                    f"{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every name, value and label escaped above
