"""Querysets with ``visible_to(user)``: the one scope helper per model."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from .choices import CONGRESS_ROLES, Role
from .scopes import scope_of


class CongressQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> CongressQuerySet:
        scope = scope_of(user)
        return self.filter(pk__in=scope.read_congress_ids)


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> OrganizationQuerySet:
        scope = scope_of(user)
        if scope.is_empty:
            return self.none()
        q = Q(congress_id__in=scope.staff_read_congress_ids)
        # System administrators configure the organisations; security administrators place people in them.
        admin = scope.admin_read_ids(Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN)
        if admin:
            q |= Q(congress_id__in=admin)
        # A unit sees itself and its sub-units, never its sibling units.
        if scope.unit_ids:
            q |= Q(pk__in=scope.unit_ids) | Q(parent_id__in=scope.unit_ids)
        if scope.station_ids:
            q |= Q(pk__in=scope.station_ids)
        # Deputies see the organisations of the congresses they sit in (who handles what is public).
        deputy_congresses = scope.congress_ids_with("deputy")
        if deputy_congresses:
            q |= Q(congress_id__in=deputy_congresses)
        return self.filter(q)

    def handling_units(self) -> OrganizationQuerySet:
        from .choices import HANDLING_UNIT_KINDS

        return self.filter(kind__in=HANDLING_UNIT_KINDS, is_active=True)


class UserQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> UserQuerySet:
        scope = scope_of(user)
        if not getattr(user, "is_authenticated", False):
            return self.none()
        q = Q(pk=user.pk)
        # Congress staff and leaders see the people of their congresses; of the administrators only
        # the security administrator, whose duty the accounts are.
        congresses = set(scope.staff_read_congress_ids) if scope.has(*CONGRESS_ROLES) else set()
        congresses |= scope.admin_read_ids(Role.SECURITY_ADMIN)
        if congresses:
            q |= Q(memberships__organization__congress_id__in=congresses)
        return self.filter(q).distinct()


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> MembershipQuerySet:
        scope = scope_of(user)
        if not getattr(user, "is_authenticated", False):
            return self.none()
        q = Q(user_id=user.pk)
        congresses = set(scope.staff_read_congress_ids) if scope.has(*CONGRESS_ROLES) else set()
        congresses |= scope.admin_read_ids(Role.SECURITY_ADMIN)
        if congresses:
            q |= Q(organization__congress_id__in=congresses)
        return self.filter(q)


__all__ = ["CongressQuerySet", "OrganizationQuerySet", "UserQuerySet", "MembershipQuerySet"]
