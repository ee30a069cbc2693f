"""Home-page to-do of the congress's staff and leaders: the budget warnings of the latest year."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.choices import Role
from renda.core.models import Congress
from renda.core.scopes import scope_of
from renda.web.todo import TodoItem, Urgency


def warning_todos(user: Any) -> list[TodoItem]:
    scope = scope_of(user)
    if scope.only_administers:
        return []
    from . import selectors
    from .warnings import warnings_for

    items = []
    for congress in Congress.objects.filter(pk__in=scope.congress_ids_with(Role.STAFF, Role.LEADER)):
        years = selectors.years(congress)
        if not years:
            continue
        n = len(warnings_for(congress, years[0]))
        if n:
            items.append(TodoItem(
                title=_("预算执行预警"), count=n, url=reverse("budget:warnings") + f"?year={years[0]}",
                urgency=Urgency.SOON, icon="exclamation-triangle", hint=_("请核实情况,必要时向财政局发出询问"),
            ))  # fmt: skip
    return items
