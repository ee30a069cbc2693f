"""``{% screening_flags case %}``: a record's sensitive-word matches, highlighted, for staff only."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("analytics/screening_flags.html", takes_context=True)
def screening_flags(context: dict[str, Any], target: Any) -> dict[str, Any]:
    from renda.analytics import screening

    request = context.get("request")
    user = getattr(request, "user", None)
    rows = []
    if target is not None and user is not None and getattr(user, "is_authenticated", False):
        for r in screening.results_for(user, target):
            rows.append({"result": r, "fields": screening.highlighted_fields(r)})
    return {"rows": rows, "request": request, "csrf_token": context.get("csrf_token")}


@register.filter
def keeps_screening(user: Any) -> bool:
    """Whether ``user`` keeps a congress's sensitive-word list (congress staff)."""
    from renda.analytics.screening import staff_congress_ids

    return bool(staff_congress_ids(user))
