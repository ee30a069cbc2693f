"""The one filter chain of the opinion list: the page, its Excel export and ``GET /api/v1/oversight/opinions``."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from renda.core import clock
from renda.core.choices import HANDLING_UNIT_KINDS, OrganizationKind
from renda.core.filtersets import FlagFilter, IntegerFilter, RendaFilterSet, SearchFilter, sort_filter
from renda.core.models import Organization
from renda.core.scopes import scope_of

from .models.opinions import Opinion, OpinionReportKind, OpinionVerdict
from .policy_opinions import ANSWERING, OpinionState

SORTS = {
    "new": ("-deliberated_on", "-id"),
    "old": ("deliberated_on", "id"),
    "due": ("case__due_at", "id"),
    "number": ("case__number",),
}
SORT_LABELS = {"new": _("最新审议"), "old": _("最早审议"), "due": _("报告期限"), "number": _("编号")}
YEAR_ERRORS = {
    "invalid": _("年度须为四位数字。"),
    "min_value": _("年度须在1949到2100之间。"),
    "max_value": _("年度须在1949到2100之间。"),
}


class OpinionFilterSet(RendaFilterSet):
    SORTS = SORTS

    q = SearchFilter(label=_("搜索"), method="search")
    state = django_filters.ChoiceFilter(
        label=_("状态"), field_name="case__state", choices=OpinionState.choices, empty_label=_("全部状态")
    )
    report_kind = django_filters.ChoiceFilter(
        label=_("报告类别"), choices=OpinionReportKind.choices, empty_label=_("全部类别")
    )
    body = django_filters.ModelChoiceFilter(
        label=_("报告机关"), field_name="reporting_body", queryset=Organization.objects.none(),
        empty_label=_("全部机关"),
    )  # fmt: skip
    committee = django_filters.ModelChoiceFilter(
        label=_("负责的委员会"), field_name="responsible_committee", queryset=Organization.objects.none(),
        empty_label=_("全部委员会"),
    )  # fmt: skip
    year = IntegerFilter(
        label=_("年度"),
        field_name="deliberated_on__year",
        min_value=1949,
        max_value=2100,
        error_messages=YEAR_ERRORS,
    )
    verdict = django_filters.ChoiceFilter(
        label=_("最近测评"), choices=OpinionVerdict.choices, empty_label=_("全部测评"), method="by_verdict"
    )
    overdue = FlagFilter(label=_("仅超期未报告"), method="by_overdue")
    late = FlagFilter(label=_("仅有逾期报告"), method="by_late")
    circular = django_filters.ChoiceFilter(
        label=_("通报"), choices=[("due", _("应予通报未通报")), ("issued", _("已通报"))], empty_label=_("全部"),
        method="by_circular",
    )  # fmt: skip
    sort = sort_filter(SORT_LABELS)

    class Meta:
        model = Opinion
        fields: list[str] = []

    def setup(self) -> None:
        ids = list(scope_of(self.user).read_congress_ids)
        orgs = Organization.objects.filter(congress_id__in=ids).order_by("sort_order", "name")
        self.filters["body"].queryset = orgs.filter(kind__in=list(HANDLING_UNIT_KINDS))
        self.filters["committee"].queryset = orgs.filter(
            kind__in=[OrganizationKind.COMMITTEE, OrganizationKind.CONGRESS_OFFICE]
        )

    def search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(
            Q(case__title__icontains=value)
            | Q(case__number__icontains=value)
            | Q(report_title__icontains=value)
            | Q(text__icontains=value)
            | Q(reporting_body__name__icontains=value)
        )

    def by_overdue(self, qs: QuerySet, _name: str, value: bool) -> QuerySet:
        return qs.filter(case__state__in=list(ANSWERING), case__due_at__lt=clock.today())

    def by_late(self, qs: QuerySet, _name: str, value: bool) -> QuerySet:
        return qs.filter(reports__is_late=True).distinct()

    def by_verdict(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        from django.db.models import OuterRef, Subquery

        from .models.opinions import OpinionRating

        latest = OpinionRating.objects.filter(opinion_id=OuterRef("pk")).order_by("-rated_on", "-pk")
        return qs.annotate(_latest_verdict=Subquery(latest.values("verdict")[:1])).filter(
            _latest_verdict=value
        )

    def by_circular(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        if value == "due":
            return qs.filter(circular_due=True, circular_issued_at__isnull=True)
        return qs.filter(circular_issued_at__isnull=False)
