"""The figures registry: each app contributes the figures a leader runs the congress by, shown on the home page.

Like the to-do registry (``renda.web.todo``): a provider is a function ``(user) -> list[FigurePanel]``,
registered once in the app's ``AppConfig.ready()``; ``core`` imports no domain app. A provider computes its
numbers with its app's own selectors — the same ones its lists and statistics pages use — and links every
number to the list that shows exactly those rows::

    from renda.web.figures import Figure, FigurePanel, register_figures

    def suggestion_figures(user):
        report = suggestion_statistics(StatsScope(congress=..., year=...))
        return [FigurePanel(key="suggestions", title=_("代表建议"), figures=[
            Figure(title=_("收到"), value=report.total.counts.received, url=list_url + "?stat=received"),
        ])]

    register_figures(suggestion_figures)

A provider that fails is logged and left out, so one broken app never takes the home page down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Figure:
    """One number: its title, the value shown (a count or a rate's label), and the list it stands for."""

    title: Any
    value: Any
    url: str = ""
    hint: Any = ""  # e.g. the numerator and denominator of a rate: "29/58"
    icon: str = "bar-chart"
    tint: str = "blue"  # blue / red / gold / green / gray, as on the rest of the home page
    count: int | None = None  # the number of rows the ``url`` lists (None for a rate without one list)


@dataclass(frozen=True)
class FigureRow:
    """A line of a breakdown (overdue by unit …): a label, a count, the list of those rows."""

    label: Any
    count: int
    url: str = ""
    hint: Any = ""


@dataclass
class FigurePanel:
    key: str
    title: Any
    figures: list[Figure] = field(default_factory=list)
    rows_title: Any = ""
    rows: list[FigureRow] = field(default_factory=list)
    rows_empty: Any = ""
    chart: dict[str, Any] | None = None  # an ECharts option, drawn by core/js/figures.js
    link: str = ""  # the full page (statistics …)
    link_label: Any = ""
    order: int = 100

    @property
    def chart_id(self) -> str:
        return f"figures-chart-{self.key}"


FigureProvider = Callable[[Any], list[FigurePanel]]
_PROVIDERS: dict[str, FigureProvider] = {}


def _key(provider: FigureProvider) -> str:
    return f"{getattr(provider, '__module__', '')}.{getattr(provider, '__qualname__', repr(provider))}"


def register_figures(provider: FigureProvider) -> FigureProvider:
    """Register a provider (idempotent; usable as a decorator)."""
    _PROVIDERS[_key(provider)] = provider
    return provider


def unregister_figures(provider: FigureProvider) -> None:
    _PROVIDERS.pop(_key(provider), None)


def figures_for(user: Any) -> list[FigurePanel]:
    """Every provider's panels for ``user``, in their order."""
    if not getattr(user, "is_authenticated", False):
        return []
    panels: list[FigurePanel] = []
    for key, provider in list(_PROVIDERS.items()):
        try:
            panels.extend(provider(user) or [])
        except Exception:  # one broken provider must not break the home page
            logger.exception("figures provider %s failed", key)
    panels.sort(key=lambda p: (p.order, p.key))
    return panels
