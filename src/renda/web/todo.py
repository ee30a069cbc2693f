"""The to-do registry: each app contributes what a user has to do, shown on the home page.

A provider is a function ``(user) -> list[TodoItem]``; register it once, in ``AppConfig.ready()``::

    from renda.web.todo import TodoItem, Urgency, register_todo

    def suggestion_todos(user):
        n = Case.objects.visible_to(user).awaiting_reply().count()
        return [TodoItem(title=_("待答复的建议"), count=n, url=reverse("cases:list") + "?state=assigned")] if n else []

    register_todo(suggestion_todos)

A provider that fails is logged and left out, so one broken app never takes the home page down.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    SOON = "soon", _("临近期限")
    OVERDUE = "overdue", _("已超期")


URGENCY_RANK = {Urgency.OVERDUE: 0, Urgency.SOON: 1, Urgency.NORMAL: 2}
URGENCY_CSS = {Urgency.OVERDUE: "danger", Urgency.SOON: "warning", Urgency.NORMAL: "primary"}


@dataclass(frozen=True)
class TodoItem:
    title: Any
    count: int
    url: str
    urgency: str = Urgency.NORMAL
    icon: str = "check2-square"
    hint: Any = ""

    @property
    def css(self) -> str:
        return URGENCY_CSS.get(self.urgency, "primary")

    @property
    def tint(self) -> str:
        return {Urgency.OVERDUE: "red", Urgency.SOON: "gold"}.get(self.urgency, "blue")

    @property
    def urgency_label(self) -> str:
        try:
            return str(Urgency(self.urgency).label)
        except ValueError:
            return ""


TodoProvider = Callable[[Any], list[TodoItem]]
_PROVIDERS: dict[str, TodoProvider] = {}


def _key(provider: TodoProvider) -> str:
    return f"{getattr(provider, '__module__', '')}.{getattr(provider, '__qualname__', repr(provider))}"


def register_todo(provider: TodoProvider) -> TodoProvider:
    """Register a provider (idempotent; usable as a decorator)."""
    _PROVIDERS[_key(provider)] = provider
    return provider


def unregister_todo(provider: TodoProvider) -> None:
    _PROVIDERS.pop(_key(provider), None)


def todos_for(user: Any) -> list[TodoItem]:
    """Every provider's items with a count above zero, most urgent first."""
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[TodoItem] = []
    for key, provider in list(_PROVIDERS.items()):
        try:
            produced = provider(user) or []
        except Exception:  # one broken provider must not break the home page
            logger.exception("to-do provider %s failed", key)
            continue
        items.extend(item for item in produced if item.count > 0)
    items.sort(key=lambda i: (URGENCY_RANK.get(i.urgency, 9), -i.count, str(i.title)))
    return items
