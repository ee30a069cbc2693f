"""The summary rows behind the suggestion statistics (issue 18): marked in the writer's transaction,
counted live while marked, folded into ``SuggestionSummary`` / ``UnitSummary`` afterwards.

- **Marking** (``mark_cases``): ``renda.cases.services.summary.cases_changed`` (called by ``save_case``,
  ``save_assignment``, ``refresh_case_summaries`` and the contact service) and the ``post_save`` /
  ``post_delete`` signals of cases, assignments, replies, ratings and contacts append one
  ``SummaryDirty`` row per congress × year of the changed suggestion cases — an ``INSERT … SELECT`` in
  the same transaction as the change, append-only so concurrent writers never wait on each other.
- **Reading** (``statistics.suggestion_statistics``): the summary rows of the scope's clean groups, plus
  the same grouped counts run live on the marked groups (a handful of cases), so the figures equal the
  live count at every moment; "overdue" depends on the day and is always counted live (open answering
  assignments past their deadline).
- **Folding** (``fold_marks``): recompute the marked groups with the same grouped queries, replace their
  rows, delete exactly the marks that were read (a mark appended meanwhile stays). Runs after the
  writer's commit (``transaction.on_commit``), in ``manage.py suggestion_summaries`` and in the worker's
  periodic job; one folder at a time (``SummaryState`` row lock).
- **Rebuilding** (``rebuild_all``): every row from scratch (the backfill after a bulk load).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from renda.cases.choices import ACTIVE_ASSIGNMENT_STATES, ANSWERING_ROLES, RatingValue
from renda.cases.models import Assignment, Reply
from renda.cases.models import Case as CaseModel
from renda.core import clock

from .choices import KIND
from .summary_models import (
    SUMMARY_CASE_FIELDS,
    SUMMARY_UNIT_FIELDS,
    SuggestionSummary,
    SummaryDirty,
    SummaryState,
    UnitSummary,
)

logger = logging.getLogger(__name__)

GroupKey = tuple[int, int, int | None, int | None]  # congress, year, term, session
UnitKey = tuple[int, int, int | None, int | None, int]  # … and organization
Groups = Iterable[tuple[int, int]]  # congress, year

# Above this many marked groups in a scope, the reader counts the whole scope live instead of
# excluding each group from the summary query (a long OR); the fold catches up soon after.
MAX_LIVE_GROUPS = 200
FOLD_BATCH = 500

# --- marking ------------------------------------------------------------------------------------------------


def mark_cases(case_ids: Iterable[int]) -> None:
    """Append a mark for the congress × year of every suggestion case among ``case_ids`` (one statement)."""
    ids = sorted({int(i) for i in case_ids if i})
    if not ids:
        return
    dirty = SummaryDirty._meta.db_table
    case = CaseModel._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {dirty} (congress_id, year) SELECT DISTINCT congress_id, year FROM {case} "  # noqa: S608
            f"WHERE id IN ({marks}) AND kind = %s",
            [*ids, KIND],
        )
    _fold_after_commit()


def mark_groups(groups: Groups) -> None:
    pairs = {(int(c), int(y)) for c, y in groups}
    if pairs:
        SummaryDirty.objects.bulk_create([SummaryDirty(congress_id=c, year=y) for c, y in sorted(pairs)])
        _fold_after_commit()


def _fold_after_commit() -> None:
    """Fold the marks after the commit (a fold that finds no mark left costs two short queries). Inside a
    test's never-committed transaction the callback never runs, and the statistics count the marked groups
    live."""
    transaction.on_commit(_fold_quietly)


def _fold_quietly() -> None:
    try:
        fold_marks()
    except Exception:  # the marks stay; the job, the command or the next writer folds them
        logger.exception("folding the suggestion summary marks failed")


def _case_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.kind == KIND and instance.congress_id and instance.year:
        mark_groups([(instance.congress_id, instance.year)])


def _row_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    mark_cases([instance.case_id])


def connect() -> None:
    """Called once by ``SuggestionsConfig.ready``: the case engine's change hook and the row signals."""
    from django.db.models.signals import post_delete, post_save

    from renda.cases.models import Rating
    from renda.cases.services.summary import CHANGE_LISTENERS

    if mark_cases not in CHANGE_LISTENERS:
        CHANGE_LISTENERS.append(mark_cases)
    for signal in (post_save, post_delete):
        signal.connect(_case_saved, sender=CaseModel, dispatch_uid=f"sugsummary-case-{signal is post_save}")
        for model in (Assignment, Reply, Rating):
            signal.connect(
                _row_saved, sender=model, dispatch_uid=f"sugsummary-{model.__name__}-{signal is post_save}"
            )


# --- the grouped counts (the same for folding and for counting marked groups live) ------------------------------


def _group_q(groups: Groups | None, prefix: str = "") -> Q:
    if groups is None:
        return Q()
    q = Q(pk__in=[])
    for cid, year in groups:
        q |= Q(**{f"{prefix}congress_id": cid, f"{prefix}year": year})
    return q


def _measures() -> dict[str, Q]:
    from .statistics import _measures as measures

    return measures()


def compute(case_filter: Q) -> tuple[dict[GroupKey, dict[str, int]], dict[UnitKey, dict[str, int]]]:
    """The summary counts of the suggestion cases matching ``case_filter`` (on the case): three grouped
    queries (cases, replies, answering assignments)."""
    from .statistics import ASSIGNED_STATES

    measures = _measures()
    cases = CaseModel.objects.filter(case_filter, kind=KIND)
    case_rows: dict[GroupKey, dict[str, int]] = {}
    for row in (
        cases.order_by()
        .values("congress_id", "year", "term_id", "session_id")
        .annotate(**{n: Count("pk", filter=measures[n]) for n in SUMMARY_CASE_FIELDS[:-2]})
    ):
        key = (row.pop("congress_id"), row.pop("year"), row.pop("term_id"), row.pop("session_id"))
        case_rows[key] = {**row, "replies": 0, "replies_contacted": 0}
    unit_rows: dict[UnitKey, dict[str, int]] = {}
    empty_unit = dict.fromkeys(SUMMARY_UNIT_FIELDS, 0)
    for row in (
        Reply.objects.filter(case__in=cases)
        .order_by()
        .values(
            "case__congress_id",
            "case__year",
            "case__term_id",
            "case__session_id",
            "assignment__organization_id",
        )
        .annotate(n=Count("pk"), c=Count("pk", filter=Q(contacted_before_reply=True)))
    ):
        gkey = (row["case__congress_id"], row["case__year"], row["case__term_id"], row["case__session_id"])
        group = case_rows.setdefault(gkey, dict.fromkeys(SUMMARY_CASE_FIELDS, 0))
        group["replies"] += row["n"]
        group["replies_contacted"] += row["c"]
        ukey = (*gkey, row["assignment__organization_id"])
        unit = unit_rows.setdefault(ukey, dict(empty_unit))
        unit["replies"] += row["n"]
        unit["replies_contacted"] += row["c"]
    replied = ~Q(first_reply_class="")
    for row in (
        Assignment.objects.filter(
            case__in=cases.filter(state__in=ASSIGNED_STATES),
            role__in=list(ANSWERING_ROLES),
            state__in=list(ACTIVE_ASSIGNMENT_STATES),
        )
        .order_by()
        .values("case__congress_id", "case__year", "case__term_id", "case__session_id", "organization_id")
        .annotate(
            assigned=Count("pk"),
            replied=Count("pk", filter=replied),
            on_time=Count("pk", filter=replied & Q(first_reply_on_time=True)),
            class_a=Count("pk", filter=Q(first_reply_class="A")),
            solved=Count("pk", filter=Q(latest_reply_class="A")),
            rated=Count("pk", filter=~Q(latest_rating_value="")),
            satisfied=Count("pk", filter=Q(latest_rating_value=RatingValue.SATISFIED.value)),
            basically=Count("pk", filter=Q(latest_rating_value=RatingValue.BASICALLY.value)),
            dissatisfied=Count("pk", filter=Q(latest_rating_value=RatingValue.DISSATISFIED.value)),
        )
    ):
        ukey = (
            row.pop("case__congress_id"),
            row.pop("case__year"),
            row.pop("case__term_id"),
            row.pop("case__session_id"),
            row.pop("organization_id"),
        )
        unit = unit_rows.setdefault(ukey, dict(empty_unit))
        unit.update(row)
    return case_rows, unit_rows


# --- folding and rebuilding ---------------------------------------------------------------------------------


def _lock_state() -> SummaryState:
    state = SummaryState.objects.select_for_update().order_by("pk").first()
    if state is None:
        SummaryState.objects.create()
        state = SummaryState.objects.select_for_update().order_by("pk").first()
    assert state is not None
    return state


def _write(case_rows: dict[GroupKey, dict[str, int]], unit_rows: dict[UnitKey, dict[str, int]]) -> None:
    now = clock.now()
    SuggestionSummary.objects.bulk_create(
        [
            SuggestionSummary(congress_id=c, year=y, term_id=t, session_id=s, computed_at=now, **v)
            for (c, y, t, s), v in case_rows.items()
        ],
        batch_size=1000,
    )
    UnitSummary.objects.bulk_create(
        [
            UnitSummary(
                congress_id=c, year=y, term_id=t, session_id=s, organization_id=o, computed_at=now, **v
            )
            for (c, y, t, s, o), v in unit_rows.items()
        ],
        batch_size=1000,
    )


def fold_marks() -> int:
    """Fold every mark present now into the summary rows; returns the number of groups recomputed."""
    done = 0
    while True:
        with transaction.atomic():
            _lock_state()
            marks = list(
                SummaryDirty.objects.order_by("id").values_list("id", "congress_id", "year")[:FOLD_BATCH]
            )
            if not marks:
                return done
            groups = sorted({(c, y) for _i, c, y in marks})
            case_rows, unit_rows = compute(_group_q(groups))
            SuggestionSummary.objects.filter(_group_q(groups)).delete()
            UnitSummary.objects.filter(_group_q(groups)).delete()
            _write(case_rows, unit_rows)
            SummaryDirty.objects.filter(pk__in=[i for i, _c, _y in marks]).delete()
            done += len(groups)


def rebuild_all() -> dict[str, int]:
    """Every summary row from scratch (after a bulk load, or to repair): returns the row counts."""
    with transaction.atomic():
        state = _lock_state()
        mark_ids = list(SummaryDirty.objects.values_list("id", flat=True))
        SuggestionSummary.objects.all().delete()
        UnitSummary.objects.all().delete()
        case_rows, unit_rows = compute(Q())
        _write(case_rows, unit_rows)
        for start in range(0, len(mark_ids), 5000):
            SummaryDirty.objects.filter(pk__in=mark_ids[start : start + 5000]).delete()
        state.rebuilt_at = clock.now()
        state.save(update_fields=["rebuilt_at"])
    return {"groups": len(case_rows), "unit_rows": len(unit_rows)}


# --- reading --------------------------------------------------------------------------------------------------


def dirty_groups(congress_ids: Any, year: int | None) -> set[tuple[int, int]]:
    qs = SummaryDirty.objects.filter(congress_id__in=congress_ids)
    if year:
        qs = qs.filter(year=year)
    return set(qs.order_by().values_list("congress_id", "year").distinct())


def summary_filter(scope: Any, congress_ids: Any) -> Q:
    q = Q(congress_id__in=congress_ids)
    if scope.term_id:
        q &= Q(term_id=scope.term_id)
    if scope.session_id:
        q &= Q(session_id=scope.session_id)
    if scope.year:
        q &= Q(year=scope.year)
    return q


def in_scope(scope: Any, key: tuple) -> bool:
    _c, year, term, session = key[:4]
    return (
        (not scope.year or year == scope.year)
        and (not scope.term_id or term == scope.term_id)
        and (not scope.session_id or session == scope.session_id)
    )


def case_sums(scope: Any, congress_ids: Any, exclude: set[tuple[int, int]]) -> dict[int, dict[str, int]]:
    """Per congress, the summed summary rows of ``scope`` outside the ``exclude`` groups (one query)."""
    qs = SuggestionSummary.objects.filter(summary_filter(scope, congress_ids))
    if exclude:
        qs = qs.exclude(_group_q(exclude))
    rows = qs.order_by().values("congress_id").annotate(**{n: Sum(n) for n in SUMMARY_CASE_FIELDS})
    return {r.pop("congress_id"): {k: v or 0 for k, v in r.items()} for r in rows}


def unit_sums(scope: Any, congress_ids: Any, exclude: set[tuple[int, int]]) -> list[dict[str, Any]]:
    """Per unit (with its name and congress's name), the summed unit rows of ``scope`` (one query)."""
    qs = UnitSummary.objects.filter(summary_filter(scope, congress_ids))
    if exclude:
        qs = qs.exclude(_group_q(exclude))
    rows = (
        qs.order_by()
        .values("organization_id", "organization__name", "organization__congress__name")
        .annotate(**{n: Sum(n) for n in SUMMARY_UNIT_FIELDS})
    )
    return [{k: (v or 0) if k in SUMMARY_UNIT_FIELDS else v for k, v in r.items()} for r in rows]
