"""The list filters: projects (page, export and API share it) and comments of a period."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from renda.core.filtersets import IntegerFilter, RendaFilterSet, SearchFilter, sort_filter

from .choices import Adoption, CommentSource, CommentStatus, ProjectSource, ProjectState
from .models import Comment, LegislativeProject

PROJECT_SORTS = {"new": _("最近提出"), "title": _("项目名称")}


class ProjectFilterSet(RendaFilterSet):
    SORTS = {"new": ("-created_at", "-pk"), "title": ("title", "pk")}

    q = SearchFilter(label=_("搜索"), method="search")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=ProjectState.choices, empty_label=_("全部"))
    source = django_filters.ChoiceFilter(
        label=_("来源"), choices=ProjectSource.choices, empty_label=_("全部")
    )
    year = IntegerFilter(label=_("计划年度"), field_name="plan__start_year", min_value=2000, max_value=2100)
    sort = sort_filter(PROJECT_SORTS)

    class Meta:
        model = LegislativeProject
        fields: list[str] = []

    def search(self, qs: QuerySet, _name: str, value: Any) -> QuerySet:
        return qs.filter(
            Q(title__icontains=value) | Q(proposer_name__icontains=value) | Q(drafting_body__icontains=value)
        )


class CommentFilterSet(RendaFilterSet):
    SORTS = {"article": ("article_number", "created_at", "pk"), "new": ("-created_at", "-pk")}

    q = SearchFilter(label=_("搜索"), method="search")
    source = django_filters.ChoiceFilter(
        label=_("来源"), choices=CommentSource.choices, empty_label=_("全部")
    )
    status = django_filters.ChoiceFilter(
        label=_("筛选"), choices=CommentStatus.choices, empty_label=_("全部")
    )
    adoption = django_filters.ChoiceFilter(
        label=_("采纳情况"), choices=[c for c in Adoption.choices if c[0]], empty_label=_("全部")
    )
    article = IntegerFilter(label=_("条号"), field_name="article_number", min_value=1, max_value=999)
    sort = sort_filter({"article": _("按条文"), "new": _("最新")})

    class Meta:
        model = Comment
        fields: list[str] = []

    def search(self, qs: QuerySet, _name: str, value: Any) -> QuerySet:
        return qs.filter(Q(body__icontains=value) | Q(author_name__icontains=value))
