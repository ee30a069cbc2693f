"""The one check of people's text: services, forms, filters and API schemas all use it.

``clean_text`` strips the value, refuses control characters (NUL above all: PostgreSQL cannot store it)
and checks the length, naming the field by its Chinese label in every message::

    title = clean_text(title, field="title", label=_("标题"), max_length=200)
    note = clean_text(note, field="note", label=_("说明"), required=False, max_length=2000)

A value that is not text (a number from JSON, say) is read as its ``str``; ``None`` is empty. Tabs and
line breaks are allowed (a multi-line reason is normal); any other character of the Unicode category
``Cc`` is refused.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .errors import ValidationFailed

ALLOWED_CONTROLS = frozenset("\t\r\n")


def has_control_characters(value: str) -> bool:
    """Whether ``value`` holds a control character other than tab and line breaks."""
    return any(unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS for ch in value)


def text_problem(
    value: Any,
    *,
    label: Any,
    required: bool = True,
    max_length: int | None = None,
    min_length: int | None = None,
) -> tuple[str, str | None]:
    """``(cleaned text, None)`` or ``(cleaned text, Chinese message)``: the check without raising, for
    the callers that gather several fields' errors before answering."""
    if value is None:
        text = ""
    elif isinstance(value, str):
        text = value.strip()
    else:
        text = str(value).strip()
    if not text:
        return text, (_("请填写%(label)s。") % {"label": label}) if required else None
    if has_control_characters(text):
        return text, _("%(label)s不能包含控制字符。") % {"label": label}
    if max_length is not None and len(text) > max_length:
        return text, _("%(label)s不能超过%(n)s个字(现有%(m)s个字)。") % {
            "label": label,
            "n": max_length,
            "m": len(text),
        }
    if min_length is not None and len(text) < min_length:
        return text, _("%(label)s不能少于%(n)s个字。") % {"label": label, "n": min_length}
    return text, None


def clean_text(
    value: Any,
    *,
    label: Any,
    field: str | None = None,
    required: bool = True,
    max_length: int | None = None,
    min_length: int | None = None,
) -> str:
    """``value`` stripped, or :class:`ValidationFailed` on ``field`` with a message naming ``label``.

    Empty is refused when ``required`` (``请填写标题。``) and answered ``""`` otherwise; ``min_length``
    applies to non-empty text only."""
    text, problem = text_problem(
        value, label=label, required=required, max_length=max_length, min_length=min_length
    )
    if problem:
        raise ValidationFailed(problem, field=field)
    return text


def require_text(value: Any, field: str, label: Any, max_length: int | None = None) -> str:
    """Shorthand of :func:`clean_text` for required text (the case engine's spelling)."""
    return clean_text(value, field=field, label=label, max_length=max_length)


def reject_control_characters(value: Any) -> None:
    """A Django validator (forms, filter forms): control characters are refused."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(_("不能包含控制字符。"), code="control_characters")
