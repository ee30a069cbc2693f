"""What every page needs: the menu, the user's congress and roles, account links. Computed lazily."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from renda.core.choices import Role
from renda.core.scopes import scope_of

from .navigation import NavLink, nav_for


def _first_url(*names: str) -> str:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


class SiteContext:
    """Evaluated only when a template reads it, so pages that do not show the menu pay nothing."""

    def __init__(self, request: HttpRequest):
        self.request = request
        self.user = getattr(request, "user", None)

    @property
    def authenticated(self) -> bool:
        return bool(getattr(self.user, "is_authenticated", False))

    @cached_property
    def nav(self) -> list[NavLink]:
        return nav_for(self.user, self.request.path)

    @cached_property
    def memberships(self) -> list[Any]:
        if not self.authenticated:
            return []
        return list(self.user.active_memberships().order_by("organization__congress__path", "pk"))

    @cached_property
    def current_congress(self) -> Any:
        """The congress the user works in (the highest one when several)."""
        congresses = [m.organization.congress for m in self.memberships]
        if not congresses:
            return None
        return min(congresses, key=lambda c: (c.level_rank, c.path))

    @cached_property
    def role_labels(self) -> list[str]:
        roles = scope_of(self.user).roles if self.authenticated else frozenset()
        return [str(label) for value, label in Role.choices if value in roles]

    @cached_property
    def unread_notifications(self) -> int:
        """Unread in-app notifications of the signed-in user (the bell in the top bar)."""
        if not self.authenticated:
            return 0
        from renda.notifications.models import Notification

        return Notification.objects.visible_to(self.user).unread().count()

    @cached_property
    def notifications_url(self) -> str:
        return _first_url("notifications:list")

    @cached_property
    def logout_url(self) -> str:
        return _first_url("logout", "security:logout")

    @cached_property
    def password_change_url(self) -> str:
        return _first_url("password_change", "security:password_change")

    @cached_property
    def login_url(self) -> str:
        return _first_url("login", "security:login")


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"site": SiteContext(request)}
