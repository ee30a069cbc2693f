"""Filters of the audit trail viewer."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from renda.core.models import Congress

from .labels import action_choices, target_type_choices
from .models import Event

CODE_OR_PREFIX = re.compile(r"^[a-z][a-z0-9_]*\.?[a-z0-9_]*$")


class DateInput(forms.DateInput):
    input_type = "date"


class CodeChoiceField(forms.ChoiceField):
    """A select of labelled codes that also takes any code or prefix typed into the address
    (``?action=user.`` keeps working; the codes are the filter's values, the labels its text)."""

    def valid_value(self, value: Any) -> bool:
        return bool(CODE_OR_PREFIX.match(str(value))) or super().valid_value(value)


class EventFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    action = CodeChoiceField(label=_("操作"), required=False)
    target_type = CodeChoiceField(label=_("对象类型"), required=False)
    congress = forms.ModelChoiceField(
        label=_("人大"), queryset=Congress.objects.none(), required=False, empty_label=_("全部人大")
    )
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput(format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput(format="%Y-%m-%d"))
    ip = forms.GenericIPAddressField(label=_("客户端地址"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["congress"].queryset = Congress.objects.visible_to(user).order_by("path")
        self.fields["actor"].widget.attrs["placeholder"] = _("姓名或用户名")
        self.fields["action"].choices = [("", _("全部操作")), *action_choices()]
        types = Event.objects.order_by().values_list("target_type", flat=True).distinct()
        self.fields["target_type"].choices = [("", _("全部对象")), *target_type_choices(types)]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            raise ValidationError({"date_to": _("结束日期不能早于开始日期。")})
        return data

    def filters(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
