"""``{% purl 'portal:name' … %}``: a portal link that keeps the congress prefix of the page."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def purl(context: Any, name: str, *args: Any, **kwargs: Any) -> str:
    cid = context.get("portal_cid")
    if cid:
        kwargs["congress_id"] = cid
    return reverse(name, args=args or None, kwargs=kwargs or None)


@register.simple_tag(takes_context=True)
def page_query(context: Any, page: int) -> str:
    """The current query string with ``page`` replaced."""
    request = context["request"]
    params = request.GET.copy()
    params["page"] = page
    return "?" + params.urlencode()
