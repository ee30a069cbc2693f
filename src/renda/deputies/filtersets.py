"""The one filter chain of the register (代表名册): the page, its Excel export, ``GET /api/v1/deputies``
and the deputies' figures on the home page (whose numbers link to the register with the same query) all
filter through :class:`RegisterFilterSet`."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from renda.core.choices import OrganizationKind
from renda.core.filtersets import IntegerFilter, RendaFilterSet, SearchFilter
from renda.core.models import Congress, Organization, Term
from renda.core.scopes import scope_of

from . import identity
from .choices import Gender, OccupationCategory, PoliticalAffiliation
from .completeness import incomplete_q
from .models import DeputyGroup, DeputyMandate
from .selectors import below_activity_minimum

YES_NO = [("1", _("是")), ("0", _("否"))]
STATUSES = [("active", _("在任")), ("ended", _("已终止")), ("all", _("全部"))]
ORDER = ("congress__path", "group__sort_order", "deputy__full_name", "pk")


class RegisterFilterSet(RendaFilterSet):
    """``congress`` (keyword) is the congress the page works on: the groups, stations and terms offered
    are that congress's; without it (the API over all the caller's congresses) those of every congress
    the user reads. An identity number typed into the search finds that person's mandates whatever the
    other filters say (staff look a person up by it)."""

    SORTS = {"register": ORDER}

    q = SearchFilter(
        label=_("搜索"),
        max_length=50,
        method="search",
        widget=forms.TextInput(attrs={"placeholder": _("姓名、单位、选区或身份证号")}),
    )
    constituency = SearchFilter(label=_("乡镇/选区"), max_length=50, method="by_constituency")
    group = django_filters.ModelChoiceFilter(
        label=_("代表小组"), queryset=DeputyGroup.objects.none(), empty_label=_("全部")
    )
    station = django_filters.ModelChoiceFilter(
        label=_("联络站"), queryset=Organization.objects.none(), empty_label=_("全部")
    )
    occupation_category = django_filters.ChoiceFilter(
        label=_("职业构成"), choices=OccupationCategory.choices, empty_label=_("全部")
    )
    grassroots = django_filters.ChoiceFilter(
        label=_("基层代表"), choices=YES_NO, empty_label=_("全部"), method="by_grassroots"
    )
    gender = django_filters.ChoiceFilter(
        label=_("性别"), field_name="deputy__gender", choices=Gender.choices, empty_label=_("全部")
    )
    party = django_filters.ChoiceFilter(
        label=_("政治面貌"),
        field_name="deputy__party",
        choices=PoliticalAffiliation.choices,
        empty_label=_("全部"),
    )
    incomplete = django_filters.ChoiceFilter(
        label=_("信息完整"),
        choices=[("1", _("信息不完整")), ("0", _("信息完整"))],
        empty_label=_("全部"),
        method="by_incomplete",
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=STATUSES, empty_label=None, method="by_status"
    )
    term = django_filters.ModelChoiceFilter(
        label=_("届次"), queryset=Term.objects.none(), empty_label=_("全部")
    )
    activity_year = IntegerFilter(
        label=_("活动年度"), min_value=1949, max_value=2100, error_messages={"invalid": _("年度须为四位数字。")},
        method="by_activity",
    )  # fmt: skip
    activity_below = IntegerFilter(
        label=_("年度活动少于(次)"), min_value=1, max_value=366, error_messages={"invalid": _("次数须为整数。")},
        method="by_activity",
    )  # fmt: skip

    class Meta:
        model = DeputyMandate
        fields: list[str] = []

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet | None = None,
        *,
        user: Any,
        congress: Congress | None = None,
        **kwargs: Any,
    ) -> None:
        self.congress = congress
        super().__init__(data, queryset, user=user, **kwargs)

    def setup(self) -> None:
        congress = self.congress
        if congress is not None:
            self.filters["group"].queryset = DeputyGroup.objects.filter(congress=congress)
            stations = Organization.objects.filter(kind=OrganizationKind.LIAISON_STATION, is_active=True)
            self.filters["station"].queryset = (
                stations.filter(congress__path__startswith=congress.path)
                | stations.filter(congress_id__in=congress.ancestors())
            ).distinct()
            self.filters["term"].queryset = (
                Term.objects.filter(congress=congress).select_related("congress").order_by("-number")
            )
        else:
            ids = list(scope_of(self.user).read_congress_ids)
            self.filters["group"].queryset = DeputyGroup.objects.filter(congress_id__in=ids)
            self.filters["station"].queryset = Organization.objects.filter(
                kind=OrganizationKind.LIAISON_STATION, congress_id__in=ids
            )
            self.filters["term"].queryset = Term.objects.filter(congress_id__in=ids).select_related(
                "congress"
            )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        q = self.form.cleaned_data.get("q") or ""
        if q and identity.id_number_problem(q) is None:
            return self.sort(queryset.filter(deputy__id_number_hash=identity.keyed_hash(q)))
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = self.by_status(queryset, "status", "active")
        return queryset

    # --- the filters that are more than a column --------------------------------------------------------

    def search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(
            Q(deputy__full_name__icontains=value)
            | Q(deputy__occupation__icontains=value)
            | Q(deputy__phone=value)
            | Q(constituency__icontains=value)
        )

    def by_constituency(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(Q(constituency__icontains=value) | Q(group__area__name__icontains=value))

    def by_grassroots(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(is_grassroots=value == "1")

    def by_incomplete(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(incomplete_q()) if value == "1" else qs.exclude(incomplete_q())

    def by_status(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        if value == "active":
            return qs.filter(ended_on__isnull=True)
        if value == "ended":
            return qs.filter(ended_on__isnull=False)
        return qs

    def by_activity(self, qs: QuerySet, name: str, _value: int) -> QuerySet:
        # 年度活动少于 N 次: both halves are needed; applied once, by the second
        year, below = (
            self.form.cleaned_data.get("activity_year"),
            self.form.cleaned_data.get("activity_below"),
        )
        if name != "activity_below" or not year or not below:
            return qs
        return below_activity_minimum(qs, year, below)
