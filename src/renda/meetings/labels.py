"""Names of meetings in the audit trail."""

from __future__ import annotations


def meeting_names(ids: list[str]) -> dict[str, str]:
    from .models import Meeting

    pks = [int(i) for i in ids if str(i).isdigit()]
    return {str(m.pk): f"会议 {m.title}" for m in Meeting.objects.filter(pk__in=pks).only("pk", "title")}
