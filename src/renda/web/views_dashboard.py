"""The leaders' dashboard (驾驶舱) and its meeting-room screen: thin views over ``renda.web.dashboard``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from renda.core import clock
from renda.core.choices import Role
from renda.core.models import Congress
from renda.core.scopes import scope_of

from . import dashboard

YEARS_BACK = 5


def _choice(request: HttpRequest) -> dict[str, Any]:
    """The congress and the year asked for, among the user's (anything else: the defaults)."""
    user = request.user
    if not dashboard.can_view(user):
        raise PermissionDenied
    congresses = dashboard.congresses_for(user)
    if not congresses:
        raise PermissionDenied
    this_year = clock.today().year
    years = list(range(this_year, this_year - YEARS_BACK, -1))
    by_pk = {str(c.pk): c for c in congresses}
    congress: Congress | None = by_pk.get(request.GET.get("congress", ""))
    if congress is None:  # default: the top congress where the user leads (else works)
        lead = scope_of(user).congress_ids_with(Role.LEADER)
        congress = next((c for c in congresses if c.pk in lead), congresses[0])
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = this_year
    if year not in years:
        year = this_year
    return {"congresses": congresses, "congress": congress, "years": years, "year": year}


def _selection(request: HttpRequest) -> dict[str, Any]:
    ctx = _choice(request)
    panels = dashboard.panels_for(request.user, ctx["congress"], ctx["year"])
    charts = {p.chart_id: {**p.chart, "link": p.link} for p in panels if p.chart}
    return {**ctx, "panels": panels, "charts": charts}


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    return render(request, "web/dashboard.html", _selection(request))


@login_required
def dashboard_screen(request: HttpRequest) -> HttpResponse:
    """Full-screen dark layout for the meeting-room display: no menus, refreshed every 60 s."""
    ctx = _selection(request)
    ctx["refresh_seconds"] = 60
    ctx["updated_at"] = clock.now()
    return render(request, "web/dashboard_screen.html", ctx)


LIST_PAGE_SIZE = 30


@login_required
def dashboard_list(request: HttpRequest, key: str) -> HttpResponse:
    """The rows behind a figure whose app's list cannot filter by congress: the builder's queryset is the
    very one the figure counted (``dashboard.register_dashboard_list``)."""
    builder = dashboard.dashboard_list(key)
    if builder is None:
        raise Http404
    ctx = _choice(request)
    params = {k: v for k, v in request.GET.items() if k not in ("congress", "year", "page")}
    found = builder(request.user, ctx["congress"], ctx["year"], params)
    page = Paginator(found.rows, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    table = [(found.url_of(obj), [col.cell(obj) for col in found.columns]) for obj in page.object_list]
    return render(request, "web/dashboard_list.html", {**ctx, "list": found, "page": page, "table": table})
