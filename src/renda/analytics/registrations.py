"""The existing kinds, registered through their apps' public selectors (imported at call time)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .sources import SearchRow, register_search_source


def _case_rows(kind: str):
    def fetch(ids: Iterable[int] | None) -> list[SearchRow]:
        from renda.cases.models import Assignment, Case
        from renda.cases.policies import get_policy

        qs = Case.objects.of_kind(kind)
        if ids is not None:
            qs = qs.filter(pk__in=list(ids))
        cases = list(qs.only("id", "title", "body", "year", "state", "kind"))
        units: dict[int, set[int]] = {}
        for case_id, org_id in Assignment.objects.filter(case__in=cases).values_list(
            "case_id", "organization_id"
        ):
            units.setdefault(case_id, set()).add(org_id)
        policy = get_policy(kind)
        return [
            SearchRow(
                object_id=c.pk,
                title=c.title,
                body=c.body,
                year=c.year,
                state=c.state,
                state_label=str(policy.state_label(c.state)),
                unit_ids=tuple(sorted(units.get(c.pk, ()))),
            )
            for c in cases
        ]

    return fetch


def _case_visible(user: Any, ids: list[int]) -> set[int]:
    from renda.cases.models import Case

    return set(Case.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def _case_url(pk: int) -> str:
    return reverse("cases:detail", args=[pk])


def _mandate_rows(ids: Iterable[int] | None) -> list[SearchRow]:
    from renda.deputies.models import DeputyMandate

    qs = DeputyMandate.objects.select_related("deputy", "congress")
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    rows = []
    for m in qs:
        d = m.deputy
        body = " ".join(x for x in (d.occupation, getattr(m.congress, "name", "")) if x)
        rows.append(SearchRow(object_id=m.pk, title=d.full_name, body=body))
    return rows


def _mandate_visible(user: Any, ids: list[int]) -> set[int]:
    from renda.core.permissions import can_view
    from renda.deputies.models import DeputyMandate

    if not getattr(user, "is_authenticated", False) or not can_view(user, "deputies.mandate"):
        return set()
    return set(DeputyMandate.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def _article_rows(ids: Iterable[int] | None) -> list[SearchRow]:
    from django.utils.html import strip_tags

    from renda.portal.models import Article

    qs = Article.objects.all()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return [
        SearchRow(
            object_id=a.pk,
            title=a.title,
            body=" ".join(x for x in (a.summary, strip_tags(a.body)) if x),
            year=a.published_at.year if a.published_at else None,
            state=a.state,
            state_label=str(a.get_state_display()),
        )
        for a in qs
    ]


def _article_visible(user: Any, ids: list[int]) -> set[int]:
    from renda.portal.models import Article

    public = set(Article.objects.published().filter(pk__in=ids).values_list("pk", flat=True))
    if not getattr(user, "is_authenticated", False):
        return public
    return public | set(Article.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def _article_url(pk: int) -> str:
    return reverse("portal:article_detail", args=[pk])


def register_default_sources() -> None:
    from renda.cases.policies import registered_policies

    for policy in registered_policies():
        register_search_source(
            f"case:{policy.kind}", policy.label, _case_rows(policy.kind), _case_visible, _case_url
        )
    register_search_source(
        "deputy",
        _("人大代表"),
        _mandate_rows,
        _mandate_visible,
        lambda pk: reverse("deputies:detail", args=[pk]),
    )
    register_search_source("article", _("门户文章"), _article_rows, _article_visible, _article_url)
