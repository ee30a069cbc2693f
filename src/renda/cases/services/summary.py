"""The summary columns of cases and assignments (first and latest reply, latest rating, "on time").

``Case.first_reply_class``, ``first_replied_at``, ``first_reply_on_time``, ``latest_reply_class``,
``latest_reply_at``, ``latest_rating_value`` and the same per assignment (``Assignment.first_reply_*``,
``latest_*``) are copies of what the replies and ratings say, so lists filter and statistics count on
plain columns instead of one correlated subquery per row and measure. They are recomputed from the rows
(never incremented), by the services in the transaction that writes a reply or a rating
(``refresh_case_summaries``), by the migration that added them and by the benchmark after its bulk
inserts (``backfill_summaries``). The same statements serve all three.

"On time": the first reply of an assignment (of the case: its first reply's assignment) on or before
``Assignment.first_deadline`` — the first round's deadline, moved only by an approved extension of that
round; re-handling overwrites ``deadline``, never ``first_deadline``. The backfill of assignments made
before ``first_deadline`` existed takes the latest approved extension, else the deadline of a
first-round assignment (which a B/C reply's follow-up period may have moved later), else (re-handled, the first deadline overwritten) the assignment date plus
``FALLBACK_DEADLINE``, an upper bound of three months moved to a working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Case as When_
from django.db.models import DateField, DateTimeField, ExpressionWrapper, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.db.models.lookups import LessThanOrEqual

FALLBACK_DEADLINE = dt.timedelta(days=100)
APPROVED = "approved"


def _first(reply: Any, **match: Any) -> Any:
    return reply.objects.filter(**match).order_by("replied_at", "id")


def _latest(reply: Any, **match: Any) -> Any:
    return reply.objects.filter(**match).order_by("-replied_at", "-id")


def _on_time(qs: Any) -> Subquery:
    ok = LessThanOrEqual(TruncDate("replied_at"), F("assignment__first_deadline"))
    return Subquery(qs.annotate(ok=ok).values("ok")[:1])


def _text(qs: Any, field: str) -> Coalesce:
    return Coalesce(Subquery(qs.values(field)[:1]), Value(""))


def assignment_values(models: dict[str, Any]) -> dict[str, Any]:
    reply, rating = models["Reply"], models["Rating"]
    first = _first(reply, assignment_id=OuterRef("pk"))
    latest = _latest(reply, assignment_id=OuterRef("pk"))
    latest_rating = rating.objects.filter(reply__assignment_id=OuterRef("pk")).order_by("-rated_at", "-id")
    return {
        "first_reply_class": _text(first, "classification"),
        "first_reply_on_time": _on_time(first),
        "latest_reply_class": _text(latest, "classification"),
        "latest_rating_value": _text(latest_rating, "value"),
    }


def case_values(models: dict[str, Any]) -> dict[str, Any]:
    reply, rating = models["Reply"], models["Rating"]
    first = _first(reply, case_id=OuterRef("pk"))
    latest = _latest(reply, case_id=OuterRef("pk"))
    latest_rating = rating.objects.filter(case_id=OuterRef("pk")).order_by("-rated_at", "-id")
    return {
        "first_reply_class": _text(first, "classification"),
        "first_replied_at": Subquery(first.values("replied_at")[:1]),
        "first_reply_on_time": _on_time(first),
        "latest_reply_class": _text(latest, "classification"),
        "latest_reply_at": Subquery(latest.values("replied_at")[:1]),
        "latest_rating_value": _text(latest_rating, "value"),
    }


def first_deadline_value(models: dict[str, Any]) -> Any:
    """``first_deadline`` of an assignment written before the column existed (see the module doc)."""
    extension = Subquery(
        models["ExtensionRequest"]
        .objects.filter(assignment_id=OuterRef("pk"), state=APPROVED)
        .order_by("-requested_deadline")
        .values("requested_deadline")[:1]
    )
    fallback = Cast(
        TruncDate(ExpressionWrapper(F("assigned_at") + FALLBACK_DEADLINE, output_field=DateTimeField())),
        DateField(),
    )
    return Coalesce(
        extension,
        When_(When(round=1, then=F("deadline")), default=fallback, output_field=DateField()),
        output_field=DateField(),
    )


def _live_models() -> dict[str, Any]:
    from ..models import Assignment, Case, ExtensionRequest, Rating, Reply

    return {
        "Assignment": Assignment,
        "Case": Case,
        "ExtensionRequest": ExtensionRequest,
        "Rating": Rating,
        "Reply": Reply,
    }


# Called, inside the writer's transaction, with the ids of cases whose rows (case, assignments, replies,
# ratings, contacts) a service changed: the apps that keep figures derived from them (the suggestion
# statistics' summary rows) register here in their ``AppConfig.ready``.
CHANGE_LISTENERS: list[Callable[[list[int]], None]] = []


def cases_changed(case_ids: Iterable[int]) -> None:
    ids = [i for i in case_ids if i]
    if ids:
        for listener in CHANGE_LISTENERS:
            listener(ids)


def refresh_case_summaries(case_ids: Iterable[int], *, models: dict[str, Any] | None = None) -> None:
    """Recompute the summary columns of these cases and their assignments (two UPDATE statements)."""
    m = models or _live_models()
    ids = list(case_ids)
    if not ids:
        return
    if models is None:
        cases_changed(ids)
    m["Assignment"].objects.filter(case_id__in=ids).update(**assignment_values(m))
    m["Case"].objects.filter(pk__in=ids).update(**case_values(m))


def backfill_summaries(*, models: dict[str, Any] | None = None, kind: str | None = None) -> None:
    """Fill the summary columns of every case (of ``kind``) and ``first_deadline`` where it is missing."""
    m = models or _live_models()
    assignments = m["Assignment"].objects.all()
    cases = m["Case"].objects.all()
    if kind:
        assignments = assignments.filter(case__kind=kind)
        cases = cases.filter(kind=kind)
    m["Assignment"].objects.filter(
        pk__in=assignments.filter(first_deadline__isnull=True).values("pk")
    ).update(first_deadline=first_deadline_value(m))
    replied = m["Reply"].objects.values("assignment_id")
    m["Assignment"].objects.filter(pk__in=assignments.filter(pk__in=replied).values("pk")).update(
        **assignment_values(m)
    )
    m["Case"].objects.filter(
        pk__in=cases.filter(pk__in=m["Reply"].objects.values("case_id")).values("pk")
    ).update(**case_values(m))
