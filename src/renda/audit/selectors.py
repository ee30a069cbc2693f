"""Reads of the audit trail shared by the viewer and its export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .models import Event

# Where the latest chain verification (run from the viewer) is remembered for the status cards.
LAST_VERIFY_CACHE_KEY = "renda:audit:last_verify"


def event_list(*, viewer: Any) -> QuerySet[Event]:
    """Events ``viewer`` may read (audit administrators only), newest first (the viewer's filters are
    ``renda.audit.filtersets.EventFilterSet``)."""
    return Event.objects.visible_to(viewer).select_related("congress", "actor").order_by("-id")


@dataclass
class DiffRow:
    key: str
    before: Any
    after: Any
    changed: bool
    only_before: bool = False
    only_after: bool = False
    label: str = ""


def event_diff(event: Event) -> list[DiffRow]:
    """Field-by-field comparison of ``before`` and ``after`` (non-dict values as one row), each
    key with its Chinese name."""
    from .labels import field_label

    rows = _event_diff(event)
    for row in rows:
        row.label = field_label(event.target_type, row.key)
    return rows


def _event_diff(event: Event) -> list[DiffRow]:
    before, after = event.before, event.after
    if not isinstance(before, dict) or not isinstance(after, dict):
        if before is None and after is None:
            return []
        if isinstance(after, dict) and before is None:
            return [DiffRow(k, None, v, True, only_after=True) for k, v in sorted(after.items())]
        if isinstance(before, dict) and after is None:
            return [DiffRow(k, v, None, True, only_before=True) for k, v in sorted(before.items())]
        return [DiffRow("", before, after, before != after)]
    rows = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        rows.append(
            DiffRow(
                key,
                old,
                new,
                key not in before or key not in after or old != new,
                only_before=key not in after,
                only_after=key not in before,
            )
        )
    return rows
