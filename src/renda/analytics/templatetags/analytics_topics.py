"""``{% portal_topics congress year as rows %}``: the hot topics of the year's published cases."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def portal_topics(congress: Any, year: Any) -> dict[str, Any]:
    from ..topics import bar_chart, public_topics

    try:
        year = int(year)
    except (TypeError, ValueError):
        return {"rows": [], "chart": None}
    rows = public_topics(congress, year)
    return {"rows": rows, "chart": bar_chart(rows, this_year=year, with_last=False) if rows else None}
