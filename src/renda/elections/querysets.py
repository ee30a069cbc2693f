from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from renda.core.choices import Role
from renda.core.scopes import scope_of


class ElectionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ElectionQuerySet:
        """Staff and leaders of the congress (and of congresses above), and committee members."""
        scope = scope_of(user)
        if scope.is_empty:
            return self.none()
        ids = set(scope.staff_read_congress_ids) if scope.has(Role.STAFF, Role.LEADER) else set()
        return self.filter(Q(congress_id__in=ids) | Q(committee__user=user)).distinct()
