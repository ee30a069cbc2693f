"""The built-in panels of the leaders' dashboard, each from its app's own selector (the list's).

Imported lazily by ``renda.web.dashboard.ensure_panels`` (from the view), never at the shell's import time.
"""

from __future__ import annotations

from typing import Any

from renda.core.models import Congress

from .dashboard import register_dashboard_panel
from .figures import FigurePanel


def suggestion_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """Suggestions of the year: received, replied, actual resolution rate, overdue by unit.

    The suggestion statistics selector (``suggestion_statistics``), the statistics page's and the list's
    ``?stat=`` measure: each figure links to the list showing exactly its rows."""
    from renda.suggestions.figures import panels_of
    from renda.suggestions.statistics import StatsScope, suggestion_statistics

    scope = StatsScope(congress=congress, year=year, rollup=False)
    return panels_of(scope, suggestion_statistics(scope))


def deputy_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """Deputies' activity: the activity list's and the register's own selectors (``deputies.figures``)."""
    from renda.deputies.figures import activity_panel

    return [activity_panel(user, congress, year)]


register_dashboard_panel("suggestions", suggestion_panels, order=10, requires_app="suggestions")
register_dashboard_panel("deputies", deputy_panels, order=20, requires_app="deputies")
