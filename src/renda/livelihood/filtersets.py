"""The one filter chain of the candidate list: the page and its Excel export."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from renda.core.choices import HANDLING_UNIT_KINDS
from renda.core.filtersets import RendaFilterSet, SearchFilter, sort_filter
from renda.core.models import Organization

from .choices import ProjectState, ProposerKind

SORTS = {
    "new": ("-submitted_at", "-id"),
    "old": ("submitted_at", "id"),
    "votes": ("rank", "id"),
    "budget": ("-budget", "id"),
}
SORT_LABELS = {"new": _("最新"), "old": _("最早"), "votes": _("得票排名"), "budget": _("投资额")}


class ProjectFilterSet(RendaFilterSet):
    SORTS = SORTS

    q = SearchFilter(label=_("搜索"), method="search")
    state = django_filters.ChoiceFilter(
        label=_("状态"), choices=ProjectState.choices, empty_label=_("全部状态")
    )
    proposer_kind = django_filters.ChoiceFilter(
        label=_("提出方"), choices=ProposerKind.choices, empty_label=_("全部提出方")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("责任单位"), field_name="responsible_unit", queryset=Organization.objects.none(),
        empty_label=_("全部单位"),
    )  # fmt: skip
    sort = sort_filter(SORT_LABELS)

    def setup(self) -> None:
        congress_id = getattr(self, "congress_id", None)
        qs = Organization.objects.filter(kind__in=HANDLING_UNIT_KINDS, is_active=True)
        if self.queryset is not None and self.queryset.exists():
            qs = qs.filter(congress_id=self.queryset.first().programme.congress_id)
        elif congress_id:
            qs = qs.filter(congress_id=congress_id)
        self.filters["unit"].queryset = qs

    def search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(
            Q(title__icontains=value) | Q(description__icontains=value) | Q(proposer_name__icontains=value)
        )
