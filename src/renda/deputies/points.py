"""履职积分: the points a participation earns and the per-year balance kept in step with it.

Every change to a participation goes through ``apply`` inside the caller's transaction: it
recomputes the participation's points under the congress's rules and adds the difference to the
mandate's ``PointBalance`` for that year with one UPDATE (``F()`` arithmetic, no read-modify-write
race). When staff change the rules, ``recompute_congress`` rewrites every participation and balance
of the congress (set-based, a few statements whatever the size; run as a task when large).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Q, Sum

from .choices import (
    DEFAULT_POINTS,
    POINT_ABSENT_WITH_LEAVE,
    POINT_ABSENT_WITHOUT_LEAVE,
    POINT_BASE,
    Attendance,
    Verification,
)
from .records import ActivityParticipation, PointBalance, PointRule


def rules_for(congress_id: int) -> dict[str, Decimal]:
    rules = {k: Decimal(v) for k, v in DEFAULT_POINTS.items()}
    for key, points in PointRule.objects.filter(congress_id=congress_id).values_list("key", "points"):
        rules[key] = Decimal(points)
    return rules


def base_points(congress_id: int) -> Decimal:
    return rules_for(congress_id)[POINT_BASE]


def points_for(kind: str, attendance: str, verification: str, rules: dict[str, Decimal]) -> Decimal:
    if verification != Verification.VERIFIED:
        return Decimal(0)
    if attendance == Attendance.ABSENT_WITHOUT_LEAVE:
        return rules.get(POINT_ABSENT_WITHOUT_LEAVE, Decimal(0))
    if attendance == Attendance.ABSENT_WITH_LEAVE:
        return rules.get(POINT_ABSENT_WITH_LEAVE, Decimal(0))
    return rules.get(kind, Decimal(0))


def _counts(p: ActivityParticipation) -> tuple[int, int]:
    """(activities, absences) this participation adds to its balance."""
    if p.verification != Verification.VERIFIED:
        return 0, 0
    if p.attendance == Attendance.ABSENT_WITHOUT_LEAVE:
        return 0, 1
    if p.attendance == Attendance.ABSENT_WITH_LEAVE:
        return 0, 0
    return 1, 0


def apply(
    participation: ActivityParticipation,
    *,
    kind: str,
    congress_id: int,
    before: tuple[Decimal, int, int, int] | None = None,
    rules: dict[str, Decimal] | None = None,
    deleted: bool = False,
) -> None:
    """Recompute ``participation.points`` and move its balance by the difference.

    ``before`` is (points, activities, absences, year) as counted before the change (None for a
    new row). The participation is saved by the caller; this only sets ``points`` on it.
    """
    rules = rules or rules_for(congress_id)
    if deleted:
        new_points, new_acts, new_abs = Decimal(0), 0, 0
    else:
        new_points = points_for(kind, participation.attendance, participation.verification, rules)
        participation.points = new_points
        new_acts, new_abs = _counts(participation)
    old_points, old_acts, old_abs, old_year = before or (Decimal(0), 0, 0, participation.year)
    if old_year != participation.year and before is not None:
        _move(participation.mandate_id, congress_id, old_year, -old_points, -old_acts, -old_abs)
        old_points, old_acts, old_abs = Decimal(0), 0, 0
    _move(
        participation.mandate_id,
        congress_id,
        participation.year,
        new_points - old_points,
        new_acts - old_acts,
        new_abs - old_abs,
    )


def snapshot(participation: ActivityParticipation) -> tuple[Decimal, int, int, int]:
    acts, absences = _counts(participation)
    return Decimal(participation.points), acts, absences, participation.year


def _move(mandate_id: int, congress_id: int, year: int, points: Decimal, acts: int, absences: int) -> None:
    if not points and not acts and not absences:
        PointBalance.objects.get_or_create(
            mandate_id=mandate_id, year=year, defaults={"congress_id": congress_id}
        )
        return
    updated = PointBalance.objects.filter(mandate_id=mandate_id, year=year).update(
        points=F("points") + points, activities=F("activities") + acts, absences=F("absences") + absences
    )
    if not updated:
        balance, created = PointBalance.objects.get_or_create(
            mandate_id=mandate_id,
            year=year,
            defaults={"congress_id": congress_id, "points": points, "activities": acts, "absences": absences},
        )
        if not created:
            PointBalance.objects.filter(pk=balance.pk).update(
                points=F("points") + points,
                activities=F("activities") + acts,
                absences=F("absences") + absences,
            )


def recompute_congress(congress_id: int) -> int:
    """Rewrite every participation's points and every balance of the congress; returns the rows."""
    rules = rules_for(congress_id)
    with transaction.atomic():
        qs = ActivityParticipation.objects.filter(activity__congress_id=congress_id)
        # One UPDATE per rule key: a handful of set-based statements whatever the size.
        total = 0
        not_counted = ~Q(verification=Verification.VERIFIED)
        total += qs.filter(not_counted).update(points=0)
        verified = qs.filter(verification=Verification.VERIFIED)
        total += verified.filter(attendance=Attendance.ABSENT_WITHOUT_LEAVE).update(
            points=rules.get(POINT_ABSENT_WITHOUT_LEAVE, Decimal(0))
        )
        total += verified.filter(attendance=Attendance.ABSENT_WITH_LEAVE).update(
            points=rules.get(POINT_ABSENT_WITH_LEAVE, Decimal(0))
        )
        for kind, value in rules.items():
            if kind in (POINT_BASE, POINT_ABSENT_WITH_LEAVE, POINT_ABSENT_WITHOUT_LEAVE):
                continue
            total += verified.filter(attendance=Attendance.PRESENT, activity__kind=kind).update(points=value)
        rebuild_balances(congress_id)
    return total


def rebuild_balances(congress_id: int) -> None:
    """Balances from the participations (the same numbers ``apply`` keeps incrementally)."""
    PointBalance.objects.filter(congress_id=congress_id).delete()
    rows = (
        ActivityParticipation.objects.filter(activity__congress_id=congress_id)
        .values("mandate_id", "year")
        .annotate(
            p=Sum("points", default=Decimal(0)),
            acts=Count("pk", filter=Q(verification=Verification.VERIFIED, attendance=Attendance.PRESENT)),
            absences=Count(
                "pk",
                filter=Q(verification=Verification.VERIFIED, attendance=Attendance.ABSENT_WITHOUT_LEAVE),
            ),
        )
        .order_by()
    )
    batch: list[PointBalance] = []
    for r in rows.iterator(chunk_size=5000):
        batch.append(
            PointBalance(
                mandate_id=r["mandate_id"],
                congress_id=congress_id,
                year=r["year"],
                points=r["p"],
                activities=r["acts"],
                absences=r["absences"],
            )
        )
        if len(batch) >= 5000:
            PointBalance.objects.bulk_create(batch)
            batch = []
    if batch:
        PointBalance.objects.bulk_create(batch)
