"""Reads shared by pages, API, exports and statistics."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from renda.core.models import Congress

from .models import Deputy, DeputyMandate


def mandates_for(
    user: Any, *, congress: Congress | None = None, active: bool = True
) -> QuerySet[DeputyMandate]:
    qs = DeputyMandate.objects.visible_to(user).select_related(
        "deputy", "congress", "term", "group", "station"
    )
    if congress is not None:
        qs = qs.filter(congress=congress)
    if active:
        qs = qs.active()
    return qs


def deputy_for_user(user: Any) -> Deputy | None:
    """The deputy record a signed-in user is linked to, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Deputy.objects.filter(user_id=user.pk).first()


def mandate_structure(congress: Congress) -> dict[str, Any]:
    """代表结构: counts of the active mandates of a congress by the categories elections report."""
    qs = DeputyMandate.objects.active().filter(congress=congress)
    totals = qs.aggregate(
        total=Count("pk"),
        women=Count("pk", filter=Q(deputy__gender="female")),
        grassroots=Count("pk", filter=Q(is_grassroots=True)),
        reelected=Count("pk", filter=Q(is_reelected=True)),
        minority=Count("pk", filter=~Q(deputy__ethnicity="汉族")),
    )
    by_category = dict(
        qs.values_list("occupation_category").annotate(n=Count("pk")).values_list("occupation_category", "n")
    )
    return {**totals, "by_category": by_category}
