"""The one filter chain of the constituent opinions list (社情民意): the staff page, its Excel export and
``GET /api/v1/liaison/opinions`` all filter through :class:`OpinionFilterSet`."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from renda.core.filtersets import IntegerFilter, RendaFilterSet, SearchFilter
from renda.core.models import Organization

from .choices import Channel, OpinionState
from .forms import StyledForm
from .models import ConstituentOpinion
from .selectors import stations_for


class OpinionFilterSet(RendaFilterSet):
    q = SearchFilter(label=_("搜索"), method="search")
    state = django_filters.ChoiceFilter(
        label=_("状态"), field_name="case__state", choices=OpinionState.choices, empty_label=_("全部状态")
    )
    channel = django_filters.ChoiceFilter(label=_("渠道"), choices=Channel.choices, empty_label=_("全部渠道"))
    station = django_filters.ModelChoiceFilter(
        label=_("联络站"), queryset=Organization.objects.none(), empty_label=_("全部联络站")
    )
    year = IntegerFilter(
        label=_("年度"),
        field_name="case__year",
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("年度须为四位数字。")},
    )

    class Meta:
        model = ConstituentOpinion
        fields: list[str] = []
        form = StyledForm

    def setup(self) -> None:
        self.filters["station"].queryset = stations_for(self.user)

    def search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(
            Q(case__title__icontains=value)
            | Q(case__body__icontains=value)
            | Q(case__number__icontains=value)
            | Q(tracking_number=value.upper())
        )
