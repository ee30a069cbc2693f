"""Filters the case kinds' lists share."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django_filters.fields import ChoiceField

from .reply_classes import parse_reply_class, reply_class_error


class ReplyClassField(ChoiceField):
    """A reply class: the letter, or any written form the importers accept (甲类, 已解决 …)."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        letter = parse_reply_class(text)
        if letter is None:
            raise forms.ValidationError(reply_class_error(text), code="invalid_choice")
        return letter


class ReplyClassFilter(django_filters.ChoiceFilter):
    field_class = ReplyClassField
