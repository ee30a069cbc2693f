"""Reads of the compliance app: who sees which congress's check.

Congress staff and leaders see the check of their congress and of every congress below it
(``Scope.staff_read_congress_ids``: the city's staff see each county's); nobody else sees a check.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from renda.core.choices import Role
from renda.core.errors import NotFoundError, PermissionDeniedError
from renda.core.models import Congress
from renda.core.scopes import scope_of

READ_ROLES = (Role.STAFF, Role.LEADER)


def can_read_any(user: Any) -> bool:
    scope = scope_of(user)
    return bool(scope.staff_read_congress_ids) and scope.has(*READ_ROLES)


def ensure_reader(user: Any) -> None:
    if not can_read_any(user):
        raise PermissionDeniedError(_("您没有查看制度落实检查的权限。"))


def readable_congresses(user: Any) -> list[Congress]:
    ids = scope_of(user).staff_read_congress_ids
    return list(Congress.objects.filter(pk__in=ids, is_active=True).order_by("path", "pk"))


def home_congress(user: Any) -> Congress:
    ensure_reader(user)
    scope = scope_of(user)
    own = Congress.objects.filter(pk__in=scope.staff_congress_ids).order_by("path", "pk").first()
    if own is None:
        raise PermissionDeniedError(_("您没有查看制度落实检查的权限。"))
    return own


def congress_for(user: Any, pk: Any) -> Congress:
    """The congress asked for when the user may read its check (else not found); default: their own."""
    ensure_reader(user)
    if pk in (None, ""):
        return home_congress(user)
    text = str(pk)
    congress = None
    if text.isdigit() and int(text) in scope_of(user).staff_read_congress_ids:
        congress = Congress.objects.filter(pk=int(text)).first()
    if congress is None:
        raise NotFoundError(_("没有找到该人大的制度落实检查。"))
    return congress


def children_of(user: Any, congress: Congress) -> list[Congress]:
    """The congresses directly below ``congress`` the user reads (the matrix's rows), itself first."""
    ids = scope_of(user).staff_read_congress_ids
    below = Congress.objects.filter(parent=congress, pk__in=ids, is_active=True).order_by("name")
    return [congress, *below]


def can_configure(user: Any, congress: Congress) -> bool:
    """Thresholds are set by the congress's own staff (or its system administrator)."""
    return scope_of(user).has_in(congress.pk, Role.STAFF, Role.SYSTEM_ADMIN)
