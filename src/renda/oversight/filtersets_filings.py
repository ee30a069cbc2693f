"""The filter chains of the filing list, the public library, review requests and appointments: the
page, its Excel export and the API filter through the same set."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.forms import DateInput
from django.utils.translation import gettext_lazy as _

from renda.core.filtersets import FlagFilter, IntegerFilter, RendaFilterSet, SearchFilter, sort_filter
from renda.core.models import Organization

from .models.filings import (
    Appointment,
    AppointmentKind,
    AppointmentState,
    Filing,
    FilingState,
    RequesterKind,
    ReviewRequest,
    ReviewRequestState,
)
from .policy_filings import FILING_BODY_KINDS

FILING_SORTS = {
    "new": ("-filed_at", "-pk"),
    "published": ("-published_on", "-pk"),
    "due": ("review_due_on", "pk"),
}
FILING_SORT_LABELS = {"new": _("报备时间"), "published": _("公布日期"), "due": _("审查期限")}
YEAR_ERRORS = {
    "invalid": _("年度须为四位数字。"),
    "min_value": _("年度须在1949到2100之间。"),
    "max_value": _("年度须在1949到2100之间。"),
}


def _date_filter(label: str, method: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        label=label, widget=DateInput(format="%Y-%m-%d", attrs={"type": "date"}), method=method,
        error_messages={"invalid": _("日期格式不正确,请按“年-月-日”填写。")},
    )  # fmt: skip


class _BodyMixin:
    def _bodies(self, qs: QuerySet) -> None:
        ids = qs.values("filing_body_id")
        self.filters["body"].queryset = Organization.objects.filter(pk__in=ids).order_by("sort_order", "name")


class FilingFilterSet(_BodyMixin, RendaFilterSet):
    SORTS = FILING_SORTS

    q = SearchFilter(label=_("搜索(标题、文号、正文)"), method="search")
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=FilingState.choices, empty_label=_("全部状态")
    )
    body = django_filters.ModelChoiceFilter(
        label=_("报备机关"),
        field_name="filing_body",
        queryset=Organization.objects.none(),
        empty_label=_("全部机关"),
    )
    year = IntegerFilter(
        label=_("年度"),
        field_name="filed_at__year",
        min_value=1949,
        max_value=2100,
        error_messages=YEAR_ERRORS,
    )
    late = FlagFilter(label=_("仅逾期报备"), field_name="is_late")
    flagged = FlagFilter(label=_("仅有条款提示"), method="by_flagged")
    sort = sort_filter(FILING_SORT_LABELS)

    class Meta:
        model = Filing
        fields: list[str] = []

    def setup(self) -> None:
        self._bodies(self.queryset)

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(
            Q(title__icontains=value) | Q(document_number__icontains=value) | Q(text__icontains=value)
        )

    def by_flagged(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        return qs.filter(flags__isnull=False).distinct()


class LibraryFilterSet(_BodyMixin, RendaFilterSet):
    SORTS = {"published": ("-published_on", "-pk"), "title": ("title", "pk")}

    title = SearchFilter(label=_("标题或文号"), method="by_title")
    text = SearchFilter(label=_("正文"), field_name="text", lookup_expr="icontains")
    body = django_filters.ModelChoiceFilter(
        label=_("制定机关"),
        field_name="filing_body",
        queryset=Organization.objects.none(),
        empty_label=_("全部机关"),
    )
    date_from = _date_filter(_("公布日期自"), "from_day")
    date_to = _date_filter(_("公布日期至"), "to_day")
    sort = sort_filter({"published": _("公布日期"), "title": _("标题")})

    class Meta:
        model = Filing
        fields: list[str] = []

    def setup(self) -> None:
        self.filters["body"].queryset = Organization.objects.filter(
            pk__in=self.queryset.values("filing_body_id"), kind__in=FILING_BODY_KINDS
        ).order_by("sort_order", "name")

    def by_title(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(Q(title__icontains=value) | Q(document_number__icontains=value))

    def from_day(self, qs: QuerySet, name: str, value) -> QuerySet:
        return qs.filter(published_on__gte=value)

    def to_day(self, qs: QuerySet, name: str, value) -> QuerySet:
        return qs.filter(published_on__lte=value)


class ReviewRequestFilterSet(RendaFilterSet):
    SORTS = {"new": ("-submitted_at", "-pk"), "due": ("answer_due_on", "pk")}

    q = SearchFilter(label=_("搜索"), method="search")
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=ReviewRequestState.choices, empty_label=_("全部状态")
    )
    requester_kind = django_filters.ChoiceFilter(
        label=_("提出人类别"), choices=RequesterKind.choices, empty_label=_("全部类别")
    )
    year = IntegerFilter(
        label=_("年度"),
        field_name="submitted_at__year",
        min_value=1949,
        max_value=2100,
        error_messages=YEAR_ERRORS,
    )
    sort = sort_filter({"new": _("最新"), "due": _("反馈期限")})

    class Meta:
        model = ReviewRequest
        fields: list[str] = []

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(
            Q(number__icontains=value) | Q(document_title__icontains=value) | Q(content__icontains=value)
            | Q(requester_name__icontains=value)
        )  # fmt: skip


class AppointmentFilterSet(RendaFilterSet):
    SORTS = {"new": ("-nominated_on", "-pk"), "name": ("person_name", "pk")}

    q = SearchFilter(label=_("搜索(姓名、职务)"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("类别"), choices=AppointmentKind.choices, empty_label=_("全部类别")
    )
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=AppointmentState.choices, empty_label=_("全部状态")
    )
    year = IntegerFilter(
        label=_("年度"),
        field_name="nominated_on__year",
        min_value=1949,
        max_value=2100,
        error_messages=YEAR_ERRORS,
    )
    sort = sort_filter({"new": _("提请日期"), "name": _("姓名")})

    class Meta:
        model = Appointment
        fields: list[str] = []

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(
            Q(person_name__icontains=value) | Q(post__icontains=value) | Q(employer__icontains=value)
        )
