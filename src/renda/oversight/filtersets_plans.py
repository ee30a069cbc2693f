"""The filter chains of area `plans`: each record list (page, Excel export, API) and the rectification
list filter through these, so the three give the same rows for the same query."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from renda.cases.models import Case
from renda.core.filtersets import IntegerFilter, RendaFilterSet, SearchFilter
from renda.core.models import Organization

from .models.plans import (
    Evaluation,
    EvaluationKind,
    Inquiry,
    Inspection,
    Interpellation,
    Investigation,
    SupervisionPlan,
)
from .policy_plans import RECT_STATE_LABELS
from .selectors_plans import ORIGIN_LABELS

YEAR_ERRORS = {
    "invalid": _("年度须为四位数字。"),
    "min_value": _("年度须在2000到2100之间。"),
    "max_value": _("年度须在2000到2100之间。"),
}


def _year() -> IntegerFilter:
    return IntegerFilter(
        label=_("年度"), field_name="year", min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )


class RecordFilterSet(RendaFilterSet):
    """Search, year and state of one record kind (``for_model`` builds the class of a model)."""

    SEARCH: tuple[str, ...] = ()
    SORTS = {"new": ("-year", "-id"), "old": ("year", "id")}

    q = SearchFilter(label=_("搜索"), method="search")
    year = _year()

    def search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        cond = Q()
        for f in self.SEARCH:
            cond |= Q(**{f"{f}__icontains": value})
        return qs.filter(cond)


def for_model(model: Any, search: tuple[str, ...]) -> type[RecordFilterSet]:
    attrs: dict[str, Any] = {
        "SEARCH": search,
        "state": django_filters.ChoiceFilter(
            label=_("状态"), choices=model._meta.get_field("state").choices, empty_label=_("全部状态")
        ),
        "Meta": type("Meta", (), {"model": model, "fields": []}),
    }
    if model is Evaluation:
        attrs["kind"] = django_filters.ChoiceFilter(
            label=_("类别"), choices=EvaluationKind.choices, empty_label=_("全部类别")
        )
    return type(f"{model.__name__}FilterSet", (RecordFilterSet,), attrs)


FILTERSETS: dict[str, type[RecordFilterSet]] = {
    "plan": for_model(SupervisionPlan, ("title",)),
    "inspection": for_model(Inspection, ("law", "articles")),
    "inquiry": for_model(Inquiry, ("topic",)),
    "interpellation": for_model(Interpellation, ("subject", "questions")),
    "investigation": for_model(Investigation, ("question", "committee_name")),
    "evaluation": for_model(Evaluation, ("department__name", "appointee_name", "appointee_post")),
}


class RectificationFilterSet(RendaFilterSet):
    SORTS = {
        "new": ("-created_at", "-id"),
        "deadline": ("rectification__deadline", "id"),
        "number": ("number",),
    }

    q = SearchFilter(label=_("搜索"), method="search")
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=[(k, v) for k, v in RECT_STATE_LABELS.items()], empty_label=_("全部状态")
    )
    origin = django_filters.ChoiceFilter(
        label=_("来源"), field_name="rectification__origin_kind", choices=list(ORIGIN_LABELS.items()),
        empty_label=_("全部来源"),
    )  # fmt: skip
    unit = django_filters.ModelChoiceFilter(
        label=_("整改单位"), field_name="rectification__unit", queryset=Organization.objects.none(),
        empty_label=_("全部单位"),
    )  # fmt: skip
    year = IntegerFilter(
        label=_("年度"), field_name="year", min_value=2000, max_value=2100, error_messages=YEAR_ERRORS
    )

    class Meta:
        model = Case
        fields: list[str] = []

    def setup(self) -> None:
        from .policy_plans import RECTIFICATION_KIND

        ids = (
            Case.objects.visible_to(self.user)
            .filter(kind=RECTIFICATION_KIND)
            .values("rectification__unit_id")
        )
        self.filters["unit"].queryset = Organization.objects.filter(pk__in=ids).order_by("sort_order", "name")

    def search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(
            Q(title__icontains=value)
            | Q(number__icontains=value)
            | Q(rectification__unit__name__icontains=value)
        )
