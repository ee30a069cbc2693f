"""The one filter chain of the suggestion list: the page (``suggestions:list``), its Excel export and
``GET /api/v1/suggestions`` all filter through :class:`SuggestionFilterSet`.

The field names are the query parameters of the page's URLs (the statistics link to the list with
``congress``, ``year`` and ``stat``), so they do not change.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from renda.cases.choices import ReplyClass
from renda.cases.filtersets import ReplyClassFilter
from renda.cases.models import Assignment
from renda.core import clock
from renda.core.choices import HANDLING_UNIT_KINDS
from renda.core.filtersets import FlagFilter, IntegerFilter, RendaFilterSet, SearchFilter, sort_filter
from renda.core.models import Congress, Organization, Session
from renda.core.scopes import scope_of

from .choices import SuggestionState, SuggestionType
from .models import Category, Suggestion
from .statistics import MEASURE_LABELS, measure_q
from .widgets import FastSelect

SORTS = {
    "new": ("-case__created_at", "-id"),
    "old": ("case__created_at", "id"),
    "number": ("case__number",),
    "due": ("case__due_at", "id"),
    "state": ("case__state", "-id"),
}
SORT_LABELS = {"new": _("最新"), "old": _("最早"), "number": _("编号"), "due": _("期限"), "state": _("状态")}
RATINGS = [("satisfied", _("满意")), ("basically", _("基本满意")), ("dissatisfied", _("不满意"))]
YEAR_ERRORS = {
    "invalid": _("年度须为四位数字。"),
    "min_value": _("年度须在1949到2100之间。"),
    "max_value": _("年度须在1949到2100之间。"),
}


class SuggestionFilterSet(RendaFilterSet):
    SORTS = SORTS

    q = SearchFilter(label=_("搜索"), method="search")
    state = django_filters.ChoiceFilter(
        label=_("状态"), field_name="case__state", choices=SuggestionState.choices, empty_label=_("全部状态")
    )
    type = django_filters.ChoiceFilter(
        label=_("类型"), choices=SuggestionType.choices, empty_label=_("全部类型")
    )
    category = django_filters.ModelChoiceFilter(
        label=_("分类"), queryset=Category.objects.none(), empty_label=_("全部分类"), widget=FastSelect
    )
    session = django_filters.ModelChoiceFilter(
        label=_("会议"), queryset=Session.objects.none(), empty_label=_("全部会议"), widget=FastSelect
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("承办单位"),
        queryset=Organization.objects.none(),
        empty_label=_("全部承办单位"),
        method="by_unit",
        widget=FastSelect,  # a province offers thousands of units
    )
    reply_class = ReplyClassFilter(
        label=_("答复类别"),
        field_name="case__latest_reply_class",
        choices=ReplyClass.choices,
        empty_label=_("全部答复类别"),
    )
    rating = django_filters.ChoiceFilter(
        label=_("测评结果"),
        field_name="case__latest_rating_value",
        choices=RATINGS,
        empty_label=_("全部测评"),
    )
    overdue = FlagFilter(label=_("仅超期"), method="by_overdue")
    key = FlagFilter(label=_("仅重点"), field_name="case__is_key")
    congress = django_filters.ModelChoiceFilter(
        label=_("人大"),
        field_name="case__congress",
        queryset=Congress.objects.none(),
        empty_label=_("全部人大"),
        widget=FastSelect,
    )
    year = IntegerFilter(
        label=_("年度"),
        field_name="case__year",
        min_value=1949,
        max_value=2100,
        error_messages=YEAR_ERRORS,
    )
    stat = django_filters.ChoiceFilter(
        label=_("统计口径"), choices=list(MEASURE_LABELS.items()), empty_label=_("全部"), method="by_measure"
    )
    sort = sort_filter(SORT_LABELS)

    class Meta:
        model = Suggestion
        fields: list[str] = []

    def setup(self) -> None:
        ids = list(scope_of(self.user).read_congress_ids)
        self.filters["category"].queryset = Category.objects.filter(congress_id__in=ids)
        self.filters["session"].queryset = Session.objects.filter(term__congress_id__in=ids).select_related(
            "term__congress"
        )
        self.filters["unit"].queryset = Organization.objects.filter(
            congress_id__in=ids, kind__in=list(HANDLING_UNIT_KINDS)
        )
        self.filters["congress"].queryset = Congress.objects.filter(pk__in=ids).order_by("path")

    # --- the filters that are more than a column --------------------------------------------------------

    def search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(
            Q(case__title__icontains=value)
            | Q(case__body__icontains=value)
            | Q(case__number__icontains=value)
        )

    def by_unit(self, qs: QuerySet, _name: str, unit: Organization) -> QuerySet:
        return qs.filter(
            Exists(Assignment.objects.filter(case_id=OuterRef("case_id"), organization_id=unit.pk))
        )

    def by_overdue(self, qs: QuerySet, _name: str, value: bool) -> QuerySet:
        # 超期未答复 as the statistics count it; with a unit, that unit's own assignment is overdue
        unit = self.form.cleaned_data.get("unit")
        return qs.filter(
            measure_q("overdue", prefix="case__", unit_id=unit.pk if unit else None, today=clock.today())
        )

    def by_measure(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        if value == "overdue":
            return self.by_overdue(qs, "overdue", True)
        return qs.filter(measure_q(value, prefix="case__"))
