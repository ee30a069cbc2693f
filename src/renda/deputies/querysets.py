"""``visible_to(user)`` for deputies, mandates and groups: the one scope helper per model.

- staff, leaders and the administrators read the mandates of their congresses and those below
  (``scope.staff_read_congress_ids``);
- a deputy reads their own mandates (through ``Deputy.user``);
- a station keeper reads the mandates of the deputies attached to their station;
- unit clerks and unit leaders read none; an anonymous or role-less user reads none.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from renda.core.scopes import scope_of


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


class DeputyMandateQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> DeputyMandateQuerySet:
        if not _signed_in(user):
            return self.none()
        scope = scope_of(user)
        q = Q(pk__in=[])
        if scope.staff_read_congress_ids:
            q |= Q(congress_id__in=scope.staff_read_congress_ids)
        if scope.has("deputy"):
            q |= Q(deputy__user_id=user.pk)
        if scope.station_ids:
            q |= Q(station_id__in=scope.station_ids)
        return self.filter(q)

    def active(self) -> DeputyMandateQuerySet:
        return self.filter(ended_on__isnull=True)

    def ended(self) -> DeputyMandateQuerySet:
        return self.filter(ended_on__isnull=False)

    def of_congress(self, congress: Any) -> DeputyMandateQuerySet:
        return self.filter(congress=congress)


class DeputyQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> DeputyQuerySet:
        """A person is visible when one of their mandates is, and always to themself."""
        if not _signed_in(user):
            return self.none()
        from .models import DeputyMandate

        mandates = DeputyMandate.objects.visible_to(user).values("deputy_id")
        return self.filter(Q(pk__in=mandates) | Q(user_id=user.pk))


class DeputyGroupQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> DeputyGroupQuerySet:
        if not _signed_in(user):
            return self.none()
        from .models import DeputyMandate

        scope = scope_of(user)
        own_groups = DeputyMandate.objects.visible_to(user).exclude(group__isnull=True).values("group_id")
        return self.filter(Q(congress_id__in=scope.staff_read_congress_ids) | Q(pk__in=own_groups))
