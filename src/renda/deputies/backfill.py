"""Backfill the generated participations from the suggestion cases already stored.

Reads the engine's tables only (``Case`` of kind ``suggestion``, ``CaseParty`` and ``Rating``), so it
works whatever the suggestions app's own models look like, and calls the same hook the modules
call, so running it twice (or after the hook did its job) changes nothing.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils import timezone

from .choices import ActivityKind
from .hooks import record_deputy_activity

SUGGESTION_KIND = "suggestion"


def backfill_suggestion_activities(*, congress: Any = None) -> Counter:
    from renda.cases.choices import PartyRole
    from renda.cases.models import Case, CaseParty, Rating

    counts: Counter = Counter()
    cases = Case.objects.filter(kind=SUGGESTION_KIND, submitted_at__isnull=False).select_related("congress")
    if congress is not None:
        cases = cases.filter(congress=congress)
    for case in cases.iterator(chunk_size=500):
        day = timezone.localdate(case.submitted_at)
        parties = CaseParty.objects.filter(
            case=case, role__in=[PartyRole.AUTHOR, PartyRole.CO_SIGNER]
        ).select_related("user")
        for party in parties:
            kind = (
                ActivityKind.SUGGESTION_SUBMITTED
                if party.role == PartyRole.AUTHOR
                else ActivityKind.SUGGESTION_COSIGNED
            )
            p = record_deputy_activity(
                actor=None, mandate_or_user=party.user, kind=kind, occurred_on=day,
                source_object=case, title=case.title, congress=case.congress,
            )  # fmt: skip
            counts[kind if p is not None else "no_mandate"] += 1
        for rating in Rating.objects.filter(case=case).select_related("rater"):
            p = record_deputy_activity(
                actor=None, mandate_or_user=rating.rater, kind=ActivityKind.SUGGESTION_RATED,
                occurred_on=rating.rated_at, source_object=case, title=case.title, congress=case.congress,
            )  # fmt: skip
            counts[ActivityKind.SUGGESTION_RATED if p is not None else "no_mandate"] += 1
    return counts
