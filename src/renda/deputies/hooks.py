"""The one event hook every module calls so a deputy's work counts without being typed twice.

    from renda.deputies.hooks import record_deputy_activity

    record_deputy_activity(
        actor=actor,                     # who caused it (may be None for a system job)
        mandate_or_user=user,            # a DeputyMandate, or the deputy's User (their active
                                         # mandate in ``congress`` is used)
        kind=ActivityKind.SUGGESTION_SUBMITTED,
        occurred_on=date,
        source_object=case,              # any saved model instance: the idempotency key
        title=case.title,
        congress=case.congress,
    )

Idempotent per (source object, mandate, kind): calling it again changes nothing and returns the
existing participation. Call it inside the caller's transaction, so the record and the deputy's
points commit (or roll back) with the business change. Who must call it is listed in
``docs/deputies.md``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q

from .choices import ActivityKind, Attendance, ParticipationSource, Verification
from .models import DeputyMandate
from .records import Activity, ActivityParticipation


def source_key_of(obj: Any) -> str:
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}:{obj.pk}"


def _resolve_mandate(mandate_or_user: Any, congress: Any, day: dt.date) -> DeputyMandate | None:
    if isinstance(mandate_or_user, DeputyMandate):
        return mandate_or_user
    user_id = getattr(mandate_or_user, "pk", None)
    if user_id is None:
        return None
    qs = DeputyMandate.objects.filter(deputy__user_id=user_id, congress=congress)
    # The mandate in force on the day; else the latest one of this congress.
    # A mandate without a recorded election date counts from its term's first year.
    on_day = (
        qs.filter(Q(started_on__lte=day) | Q(started_on__isnull=True, term__start_year__lte=day.year))
        .exclude(ended_on__lt=day)
        .order_by(F("started_on").desc(nulls_last=True), "-term__start_year")
        .first()
    )
    return on_day or qs.order_by(F("started_on").desc(nulls_last=True), "-term__start_year").first()


def record_deputy_activity(
    *,
    actor: Any,
    mandate_or_user: Any,
    kind: str,
    occurred_on: dt.date | dt.datetime,
    source_object: Any,
    title: str,
    congress: Any,
) -> ActivityParticipation | None:
    """Create the generated participation (and its activity) once; None when no deputy matches."""
    from . import points

    if kind not in ActivityKind.values:
        raise ValueError(f"unknown activity kind {kind!r}")
    if isinstance(occurred_on, dt.datetime):
        from django.utils import timezone

        occurred_on = (
            timezone.localdate(occurred_on) if timezone.is_aware(occurred_on) else occurred_on.date()
        )
    mandate = _resolve_mandate(mandate_or_user, congress, occurred_on)
    if mandate is None:
        return None
    key = source_key_of(source_object)
    with transaction.atomic():
        activity = Activity.objects.filter(congress_id=mandate.congress_id, kind=kind, source_key=key).first()
        if activity is None:
            try:
                with transaction.atomic():
                    activity = Activity.objects.create(
                        congress_id=mandate.congress_id,
                        kind=kind,
                        title=str(title)[:200] or str(ActivityKind(kind).label),
                        occurred_on=occurred_on,
                        source_key=key,
                        created_by=actor if getattr(actor, "is_authenticated", False) else None,
                    )
            except IntegrityError:
                activity = Activity.objects.get(congress_id=mandate.congress_id, kind=kind, source_key=key)
        existing = ActivityParticipation.objects.filter(activity=activity, mandate=mandate).first()
        if existing is not None:
            return existing
        p = ActivityParticipation(
            activity=activity,
            mandate=mandate,
            source=ParticipationSource.GENERATED,
            verification=Verification.VERIFIED,
            attendance=Attendance.PRESENT,
            year=activity.occurred_on.year,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        points.apply(p, kind=kind, congress_id=mandate.congress_id)
        try:
            with transaction.atomic():
                p.save()
        except IntegrityError:  # a concurrent call made it first; undo our balance move
            points.apply(
                p, kind=kind, congress_id=mandate.congress_id, before=points.snapshot(p), deleted=True
            )
            return ActivityParticipation.objects.get(activity=activity, mandate=mandate)
    return p
