"""The one filter chain of the audit trail: the viewer (``audit:event_list``), its Excel export and
``GET /api/v1/audit/events`` all filter through :class:`EventFilterSet` (newest first).

The page's fields (``actor``, ``action``, ``target_type``, ``congress``, ``date_from``, ``date_to``,
``ip``) and the API's (``target_id``, ``since``, ``until``; ``actor`` also takes the actor's number) are
one set. ``action`` and ``target_type`` take a full code (``user.create``: that code) or a prefix
(``user.`` or ``user``: every code it begins).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.core.filtersets import RendaFilterSet, SearchFilter
from renda.core.models import Congress

from .labels import action_choices, target_type_choices
from .models import Event

CODE_OR_PREFIX = re.compile(r"^[a-z][a-z0-9_]*\.?[a-z0-9_]*$")


class DateInput(forms.DateInput):
    input_type = "date"


class CodeChoiceField(django_filters.fields.ChoiceField):
    """A select of labelled codes that also takes any code or prefix typed into the address
    (``?action=user.`` keeps working; the codes are the filter's values, the labels its text)."""

    def valid_value(self, value: Any) -> bool:
        return bool(CODE_OR_PREFIX.match(str(value))) or super().valid_value(value)


class CodeFilter(django_filters.ChoiceFilter):
    field_class = CodeChoiceField

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if value in ("", None):
            return qs
        value = str(value).lower()
        if "." in value and not value.endswith("."):
            return qs.filter(**{self.field_name: value})
        return qs.filter(**{f"{self.field_name}__startswith": value})


class IPFilter(django_filters.CharFilter):
    field_class = forms.GenericIPAddressField


class EventFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("结束日期不能早于开始日期。"))
        return data


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


class EventFilterSet(RendaFilterSet):
    actor = SearchFilter(label=_("操作人"), max_length=150, method="by_actor")
    action = CodeFilter(label=_("操作"), choices=[], empty_label=_("全部操作"))
    target_type = CodeFilter(label=_("对象类型"), choices=[], empty_label=_("全部对象"))
    target_id = django_filters.CharFilter(label=_("对象编号"), max_length=64)
    congress = django_filters.ModelChoiceFilter(
        label=_("人大"), queryset=Congress.objects.none(), empty_label=_("全部人大")
    )
    date_from = django_filters.DateFilter(
        label=_("开始日期"), widget=DateInput(format="%Y-%m-%d"), method="from_day"
    )
    date_to = django_filters.DateFilter(
        label=_("结束日期"), widget=DateInput(format="%Y-%m-%d"), method="to_day"
    )
    since = django_filters.IsoDateTimeFilter(
        label=_("起始时间(含)"), field_name="created_at", lookup_expr="gte"
    )
    until = django_filters.IsoDateTimeFilter(
        label=_("截止时间(不含)"), field_name="created_at", lookup_expr="lt"
    )
    ip = IPFilter(label=_("客户端地址"), field_name="ip_address")

    class Meta:
        model = Event
        form = EventFilterForm
        fields: list[str] = []

    def setup(self) -> None:
        self.filters["congress"].queryset = Congress.objects.visible_to(self.user).order_by("path")
        self.filters["action"].extra["choices"] = action_choices()
        # the recorded target types, read only when the page draws the select (not for the API)
        self.filters["target_type"].extra["choices"] = lambda: target_type_choices(
            Event.objects.order_by().values_list("target_type", flat=True).distinct()
        )
        self.form.fields["actor"].widget.attrs["placeholder"] = _("姓名或用户名")

    def by_actor(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        match = Q(actor_name__icontains=value) | Q(actor__username__icontains=value)
        if value.isdigit() and len(value) < 19:
            match |= Q(actor_id=int(value))  # the API's actor number
        return qs.filter(match)

    def from_day(self, qs: QuerySet, _name: str, day: dt.date) -> QuerySet:
        return qs.filter(created_at__gte=_day_start(day))

    def to_day(self, qs: QuerySet, _name: str, day: dt.date) -> QuerySet:
        return qs.filter(created_at__lt=_day_start(day + dt.timedelta(days=1)))
