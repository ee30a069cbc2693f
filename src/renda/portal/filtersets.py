"""The one filter chain of the published suggestions (六公开): the public page and
``GET /api/v1/portal/suggestions`` filter through :class:`PublicSuggestionFilterSet`.

The public page is forgiving: a value it cannot read (``?year=abc``, an unknown session) is left out and
the list filters by the others; the API answers 400 naming the field (``validated_qs``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from renda.cases.choices import ReplyClass
from renda.cases.filtersets import ReplyClassFilter
from renda.core.filtersets import IntegerFilter, RendaFilterSet, SearchFilter

from .selectors import MAX_Q

ID = {"min_value": 1, "max_value": 2**63 - 1}


class PublicSuggestionFilterSet(RendaFilterSet):
    SORTS = {"published": ("-case__published_at", "-pk")}

    q = SearchFilter(label=_("关键词"), max_length=MAX_Q, method="search")
    year = IntegerFilter(label=_("年度"), field_name="case__year", min_value=1900, max_value=2999)
    session = IntegerFilter(label=_("会议"), field_name="session_id", **ID)
    category = IntegerFilter(label=_("分类"), field_name="category_id", **ID)
    unit = IntegerFilter(label=_("主办单位"), field_name="lead_unit_id", **ID)
    reply_class = ReplyClassFilter(
        label=_("答复类别"), field_name="reply_class", choices=ReplyClass.choices, empty_label=_("全部")
    )

    def search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(Q(case__title__icontains=value) | Q(case__body__icontains=value))

    def values(self) -> dict[str, Any]:
        """What the page's form shows: the values read (those it could not read are empty)."""
        self.form.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        return {name: cleaned.get(name) or "" for name in self.filters}
