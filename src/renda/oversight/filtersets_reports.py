"""The filter chains of the `reports` area's lists: each page, its Excel export and its API twin filter
through the same :class:`RendaFilterSet`. The calendar's ``status`` (报送情况) depends on today and on
each obligation's reminder window, so it is applied to the rows by ``selectors_reports.calendar_rows``
after the SQL filters (a year's calendar is a few dozen rows per congress)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from renda.core.filtersets import IntegerFilter, RendaFilterSet, SearchFilter
from renda.core.models import Organization

from . import calendar_reports as cal
from .models.reports import (
    MajorMatter,
    MatterCategory,
    MatterState,
    ReportState,
    Resolution,
    ResolutionKind,
    StatutoryReport,
)

YEAR_ERRORS = {
    "invalid": _("年度须为四位数字。"),
    "min_value": _("年度须在2000到2100之间。"),
    "max_value": _("年度须在2000到2100之间。"),
}


def _year(field_name: str) -> IntegerFilter:
    return IntegerFilter(
        label=_("年度"), field_name=field_name, min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )


class CalendarFilterSet(RendaFilterSet):
    q = SearchFilter(label=_("搜索"), method="search")
    year = _year("year")
    status = django_filters.ChoiceFilter(
        label=_("报送情况"),
        choices=list(cal.STATUS_LABELS.items()),
        empty_label=_("全部"),
        method="by_status",
    )
    state = django_filters.ChoiceFilter(
        label=_("办理状态"), choices=ReportState.choices, empty_label=_("全部")
    )
    body = django_filters.ModelChoiceFilter(
        label=_("报告机关"), field_name="obligation__reporting_body", queryset=Organization.objects.none(),
        empty_label=_("全部"),
    )  # fmt: skip

    class Meta:
        model = StatutoryReport
        fields: list[str] = []

    def setup(self) -> None:
        if self.queryset is not None:
            self.filters["body"].queryset = Organization.objects.filter(
                pk__in=self.queryset.values("obligation__reporting_body_id")
            ).order_by("name")

    def search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(Q(title__contains=value) | Q(obligation__reporting_body__name__contains=value))

    def by_status(self, qs: QuerySet, _name: str, _value: str) -> QuerySet:
        return qs  # applied to the rows (see the module docstring)

    @property
    def chosen_status(self) -> str:
        return (self.form.cleaned_data.get("status") or "") if self.form.is_valid() else ""


class MatterFilterSet(RendaFilterSet):
    SORTS = {"year": ("-matter_list__year", "order", "pk"), "state": ("state", "pk")}

    q = SearchFilter(label=_("搜索"), method="search")
    year = _year("matter_list__year")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=MatterState.choices, empty_label=_("全部"))
    category = django_filters.ChoiceFilter(
        label=_("类别"), choices=MatterCategory.choices, empty_label=_("全部")
    )

    class Meta:
        model = MajorMatter
        fields: list[str] = []

    def search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(Q(title__contains=value) | Q(description__contains=value))


class ResolutionFilterSet(RendaFilterSet):
    SORTS = {"new": ("-adopted_on", "-pk"), "old": ("adopted_on", "pk")}

    q = SearchFilter(label=_("搜索"), method="search")
    year = _year("adopted_on__year")
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=ResolutionKind.choices, empty_label=_("全部"))
    published = django_filters.ChoiceFilter(
        label=_("公开"),
        choices=[("1", _("已公开")), ("0", _("未公开"))],
        empty_label=_("全部"),
        method="by_published",
    )

    class Meta:
        model = Resolution
        fields: list[str] = []

    def search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(Q(title__contains=value) | Q(text__contains=value) | Q(number__contains=value))

    def by_published(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(is_published=value == "1")
