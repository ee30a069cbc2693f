"""The leaders' dashboard (驾驶舱): a registry of panels, each computed by its app's own list selector.

``renda.web`` is the shell; the domain apps import it only for its registries (``tests/core/test_import_graph.py``),
so the dashboard does not reach into them at import time. A panel builder is a function
``(user, congress, year) -> list[FigurePanel]`` (the home page's ``renda.web.figures`` dataclasses), registered
with :func:`register_dashboard_panel`. The built-in panels are registered by ``renda.web.dashboard_panels``,
imported lazily by the view (:func:`ensure_panels`); a builder whose app is not installed is skipped, so a
missing app's panel is simply absent. Every number a builder returns must be the count of the list its ``url``
opens, computed by that list's own selector — ``tests/web/test_dashboard.py`` checks it panel by panel.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from renda.core.choices import Role
from renda.core.models import Congress
from renda.core.scopes import scope_of

from .figures import FigurePanel, FigureRow

logger = logging.getLogger(__name__)

DashboardBuilder = Callable[[Any, Congress, int], list[FigurePanel]]


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    builder: DashboardBuilder
    order: int = 100
    requires_app: str = ""  # the app label (e.g. "budget"): without it installed the panel is absent


_PANELS: dict[str, DashboardPanel] = {}
_LOADED = False


def register_dashboard_panel(
    key: str, builder: DashboardBuilder, *, order: int = 100, requires_app: str = ""
) -> DashboardBuilder:
    """Register (or replace) the panel ``key``; idempotent."""
    _PANELS[key] = DashboardPanel(key=key, builder=builder, order=order, requires_app=requires_app)
    return builder


def unregister_dashboard_panel(key: str) -> None:
    _PANELS.pop(key, None)


@dataclass(frozen=True)
class ShownRow(FigureRow):
    """A breakdown line whose badge is a value, not a list's count (a project's percent, a deputy's points):
    ``shown`` is displayed, ``count`` keeps the number and is not checked against a list."""

    shown: str = ""


@dataclass(frozen=True)
class Column:
    title: Any
    cell: Callable[[Any], Any]


@dataclass(frozen=True)
class DashboardList:
    """The rows behind a dashboard figure that no app's list can filter by congress (and year): the
    figure's number is ``rows.count()`` of this very queryset, and the dashboard's list page shows it."""

    title: Any
    rows: Any  # a QuerySet
    columns: list[Column]
    url_of: Callable[[Any], str]  # each row's own page in its app
    app_link: str = ""  # the app's own list (all congresses the user reads)
    app_link_label: Any = ""


DashboardListBuilder = Callable[[Any, Congress, int, dict[str, str]], DashboardList]
_LISTS: dict[str, DashboardListBuilder] = {}


def register_dashboard_list(key: str, builder: DashboardListBuilder) -> DashboardListBuilder:
    """Register (or replace) the drill-down list ``key`` (``/dashboard/list/<key>/``); idempotent."""
    _LISTS[key] = builder
    return builder


def dashboard_list(key: str) -> DashboardListBuilder | None:
    ensure_panels()
    return _LISTS.get(key)


def list_url(key: str, congress: Congress, year: int, **params: Any) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    query = {
        "congress": congress.pk,
        "year": year,
        **{k: v for k, v in params.items() if v not in (None, "")},
    }
    return f"{reverse('dashboard_list', args=[key])}?{urlencode(query)}"


def ensure_panels() -> None:
    """Import the built-in panels once (lazily: the shell imports no domain app at import time)."""
    global _LOADED
    if not _LOADED:
        importlib.import_module("renda.web.dashboard_panels")
        _LOADED = True


def registered_panels() -> list[DashboardPanel]:
    ensure_panels()
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def can_view(user: Any) -> bool:
    """Leaders and the congress staff (the chair's office prepares the meeting-room screen)."""
    return bool(getattr(user, "is_authenticated", False)) and scope_of(user).has(Role.LEADER, Role.STAFF)


def congresses_for(user: Any) -> list[Congress]:
    """The congresses where the user leads or works, with those below them (a city leader sees the counties)."""
    ids = scope_of(user).congress_ids_with(Role.LEADER, Role.STAFF)
    if not ids:
        return []
    own = list(Congress.objects.filter(pk__in=ids))
    found: dict[int, Congress] = {}
    for top in own:
        for c in Congress.objects.filter(path__startswith=top.path):
            found[c.pk] = c
    return sorted(found.values(), key=lambda c: c.path)


def panels_for(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """Every installed panel of ``congress`` in ``year``; one failing builder is logged and left out."""
    out: list[FigurePanel] = []
    for panel in registered_panels():
        if panel.requires_app and not apps.is_installed(f"renda.{panel.requires_app}"):
            continue
        try:
            out.extend(panel.builder(user, congress, year) or [])
        except Exception:  # one broken app must not take the meeting-room screen down
            logger.exception("dashboard panel %s failed", panel.key)
    return out
