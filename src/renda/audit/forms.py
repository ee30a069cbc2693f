"""Filters of the audit trail viewer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from renda.core.models import Congress


class DateInput(forms.DateInput):
    input_type = "date"


class EventFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    action = forms.CharField(label=_("操作(前缀)"), required=False, max_length=80)
    target_type = forms.CharField(label=_("对象类型"), required=False, max_length=80)
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
        self.fields["action"].widget.attrs["placeholder"] = _("如 user. 或 case.assign")
        self.fields["target_type"].widget.attrs["placeholder"] = _("如 core.user")

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
