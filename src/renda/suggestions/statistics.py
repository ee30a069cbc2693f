"""Statistics of deputies' suggestions: one selector module for the page, the Excel export, the Word
summary, the API and the compliance checks, so a number is computed once.

Everything is counted with a handful of aggregate queries (grouped by congress, by unit), whatever the
number of suggestions: no query per row. Counts are additive, so the roll-up of a higher congress over
the congresses below it (``Congress.path``) is a sum in Python of the per-congress rows.

Definitions (the denominators are kept beside every rate):

- received (收到): submitted, not withdrawn;  accepted (立案): admitted and every later state;
  merged (并案), refused (不予立案), pending (待审查: submitted or returned for revision);
- assigned (交办): accepted and handed to units;  replied (已办复): assigned with at least one reply;
- reply rate (办复率) = replied / assigned; on time (按期办复率) = first reply on or before the
  assignment's first-round deadline (``Assignment.first_deadline``: moved by an approved extension of
  the first round, never by re-handling) / assigned;
- A/B/C/D shares: the class of each suggestion's first reply / replied;
- contact rate (见面率) = replies preceded by a contact record of the same assignment / replies;
- satisfaction: the deputy's latest rating of each rated suggestion / rated;
- actual resolution rate (实际办结率) = suggestions whose latest reply is class A (A at once, or B/C
  later solved) / accepted;
- overdue (超期): open (pending-sign or handling) answering assignments past their deadline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from renda.cases.choices import (
    ACTIVE_ASSIGNMENT_STATES,
    ANSWERING_ROLES,
    OPEN_ASSIGNMENT_STATES,
    RatingValue,
    ReplyClass,
)
from renda.cases.models import Assignment, Contact, Reply
from renda.cases.models import Case as CaseModel
from renda.cases.selectors import percent_places
from renda.core import clock, numbers
from renda.core.models import Congress, Organization

from .choices import KIND, SuggestionState

St = SuggestionState
ACCEPTED_STATES = [
    St.ACCEPTED,
    St.ASSIGNED,
    St.HANDLING,
    St.REPLIED,
    St.FOLLOWING,
    St.REHANDLING,
    St.CLOSED,
]
ASSIGNED_STATES = [s for s in ACCEPTED_STATES if s != St.ACCEPTED]
PENDING_STATES = [St.SUBMITTED, St.RETURNED]
CLASSES = [c.value for c in ReplyClass]
RATINGS = [RatingValue.SATISFIED.value, RatingValue.BASICALLY.value, RatingValue.DISSATISFIED.value]


# --- value objects --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """A rate with its numerator and denominator (never a bare percentage).

    ``percent`` is rounded half up (四舍五入) to ``places`` decimals, the congress's choice
    (``CaseSetting.percent_places``), by ``renda.core.numbers.percent``."""

    num: int
    den: int
    places: int = numbers.DEFAULT_PLACES

    @property
    def value(self) -> float | None:
        return self.num / self.den if self.den else None

    @property
    def percent(self) -> Decimal | None:
        return numbers.percent(self.num, self.den, self.places)

    @property
    def label(self) -> str:
        return numbers.percent_label(self.percent)

    def at_least(self, threshold_percent: Any) -> bool:
        """On the exact fraction, not the rounded figure."""
        return numbers.at_least(self.num, self.den, threshold_percent)

    def as_dict(self) -> dict[str, Any]:
        return {"num": self.num, "den": self.den, "percent": numbers.as_number(self.percent)}


CASE_FIELDS = (
    "received",
    "accepted",
    "merged",
    "refused",
    "pending",
    "withdrawn",
    "assigned",
    "replied",
    "on_time",
    "first_a",
    "first_b",
    "first_c",
    "first_d",
    "solved",
    "rated",
    "satisfied",
    "basically",
    "dissatisfied",
    "overdue",
    "key",
    "key_replied",
    "key_solved",
    "closed",
)


@dataclass
class Counts:
    """Additive raw counts of one congress (or a sum of several)."""

    received: int = 0
    accepted: int = 0
    merged: int = 0
    refused: int = 0
    pending: int = 0
    withdrawn: int = 0
    assigned: int = 0
    replied: int = 0
    on_time: int = 0
    first_a: int = 0
    first_b: int = 0
    first_c: int = 0
    first_d: int = 0
    solved: int = 0
    rated: int = 0
    satisfied: int = 0
    basically: int = 0
    dissatisfied: int = 0
    overdue: int = 0
    key: int = 0
    key_replied: int = 0
    key_solved: int = 0
    closed: int = 0
    replies: int = 0
    replies_contacted: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Figures:
    """The figures of a scope (a congress, its roll-up, or one lower congress)."""

    counts: Counts
    label: str = ""
    congress_id: int | None = None
    places: int = numbers.DEFAULT_PLACES

    def _rate(self, num: int, den: int) -> Rate:
        return Rate(num, den, self.places)

    @property
    def reply_rate(self) -> Rate:
        return self._rate(self.counts.replied, self.counts.assigned)

    @property
    def on_time_rate(self) -> Rate:
        return self._rate(self.counts.on_time, self.counts.assigned)

    @property
    def class_shares(self) -> dict[str, Rate]:
        c = self.counts
        return {
            "A": self._rate(c.first_a, c.replied),
            "B": self._rate(c.first_b, c.replied),
            "C": self._rate(c.first_c, c.replied),
            "D": self._rate(c.first_d, c.replied),
        }

    @property
    def contact_rate(self) -> Rate:
        return self._rate(self.counts.replies_contacted, self.counts.replies)

    @property
    def rating_shares(self) -> dict[str, Rate]:
        c = self.counts
        return {
            "satisfied": self._rate(c.satisfied, c.rated),
            "basically": self._rate(c.basically, c.rated),
            "dissatisfied": self._rate(c.dissatisfied, c.rated),
        }

    @property
    def satisfaction_rate(self) -> Rate:
        return self._rate(self.counts.satisfied + self.counts.basically, self.counts.rated)

    @property
    def resolution_rate(self) -> Rate:
        return self._rate(self.counts.solved, self.counts.accepted)

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "congress_id": self.congress_id,
            "counts": asdict(self.counts),
            "reply_rate": self.reply_rate.as_dict(),
            "on_time_rate": self.on_time_rate.as_dict(),
            "contact_rate": self.contact_rate.as_dict(),
            "satisfaction_rate": self.satisfaction_rate.as_dict(),
            "resolution_rate": self.resolution_rate.as_dict(),
            "class_shares": {k: v.as_dict() for k, v in self.class_shares.items()},
            "rating_shares": {k: v.as_dict() for k, v in self.rating_shares.items()},
        }


@dataclass
class UnitRow:
    """One handling unit's record over its answering assignments (lead or separate)."""

    organization_id: int
    name: str
    congress_name: str
    assigned: int = 0
    replied: int = 0
    on_time: int = 0
    class_a: int = 0
    solved: int = 0
    replies: int = 0
    replies_contacted: int = 0
    rated: int = 0
    satisfied: int = 0
    basically: int = 0
    dissatisfied: int = 0
    overdue: int = 0
    rank: int = 0
    places: int = numbers.DEFAULT_PLACES

    def _rate(self, num: int, den: int) -> Rate:
        return Rate(num, den, self.places)

    @property
    def reply_rate(self) -> Rate:
        return self._rate(self.replied, self.assigned)

    @property
    def on_time_rate(self) -> Rate:
        return self._rate(self.on_time, self.assigned)

    @property
    def a_rate(self) -> Rate:
        return self._rate(self.class_a, self.replied)

    @property
    def resolution_rate(self) -> Rate:
        return self._rate(self.solved, self.assigned)

    @property
    def contact_rate(self) -> Rate:
        return self._rate(self.replies_contacted, self.replies)

    @property
    def satisfaction_rate(self) -> Rate:
        return self._rate(self.satisfied + self.basically, self.rated)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "organization_id": self.organization_id,
            "name": self.name,
            "congress": self.congress_name,
            "assigned": self.assigned,
            "overdue": self.overdue,
            "dissatisfied": self.dissatisfied,
            "reply_rate": self.reply_rate.as_dict(),
            "on_time_rate": self.on_time_rate.as_dict(),
            "a_rate": self.a_rate.as_dict(),
            "resolution_rate": self.resolution_rate.as_dict(),
            "contact_rate": self.contact_rate.as_dict(),
            "satisfaction_rate": self.satisfaction_rate.as_dict(),
        }


@dataclass(frozen=True)
class StatsScope:
    """What to count: a congress (with the congresses below it when ``rollup``), optionally one term, one
    session (of that congress) or one year (``Case.year``, the year the suggestion was registered)."""

    congress: Congress
    term_id: int | None = None
    session_id: int | None = None
    year: int | None = None
    rollup: bool = True

    @property
    def label(self) -> str:
        parts = [self.congress.name]
        if self.year:
            parts.append(_("%(y)s年") % {"y": self.year})
        return " ".join(parts)


@dataclass
class Report:
    scope: StatsScope
    total: Figures
    own: Figures  # the congress alone, without those below
    lower: list[Figures] = field(default_factory=list)  # per direct lower congress (its whole subtree)
    units: list[UnitRow] = field(default_factory=list)
    places: int = numbers.DEFAULT_PLACES  # decimals of every rate (the congress's setting)
    generated_at: dt.datetime = field(default_factory=clock.now)

    def as_dict(self) -> dict[str, Any]:
        return {
            "congress_id": self.scope.congress.pk,
            "congress": self.scope.congress.name,
            "term": self.scope.term_id,
            "session": self.scope.session_id,
            "year": self.scope.year,
            "rollup": self.scope.rollup,
            "places": self.places,
            "total": self.total.as_dict(),
            "own": self.own.as_dict(),
            "lower": [f.as_dict() for f in self.lower],
            "units": [u.as_dict() for u in self.units],
        }


# --- query building blocks ----------------------------------------------------------------------------------


def congress_ids(scope: StatsScope) -> QuerySet:
    if scope.rollup:
        return Congress.objects.filter(path__startswith=scope.congress.path).values("pk")
    return Congress.objects.filter(pk=scope.congress.pk).values("pk")


def suggestion_cases(scope: StatsScope) -> QuerySet[CaseModel]:
    """The suggestion cases counted for ``scope`` (every state; the figures pick theirs)."""
    qs = CaseModel.objects.filter(kind=KIND, congress_id__in=congress_ids(scope))
    if scope.term_id:
        qs = qs.filter(term_id=scope.term_id)
    if scope.session_id:
        qs = qs.filter(session_id=scope.session_id)
    if scope.year:
        qs = qs.filter(year=scope.year)
    return qs


def _class_is(value: str) -> Q:
    return Q(first_reply_class=value)


# --- the measures ------------------------------------------------------------------------------------------
#
# Each count of the page is a named condition on a suggestion's case, written once here and used both by the
# grouped counts below and by the suggestion list (``?stat=replied`` …), so a figure on the statistics page or
# the leader's home and the list it links to can never disagree.


def overdue_assignments(today: dt.date | None = None) -> QuerySet[Assignment]:
    """Open answering assignments past their deadline (超期未答复)."""
    return Assignment.objects.filter(
        role__in=list(ANSWERING_ROLES),
        state__in=list(OPEN_ASSIGNMENT_STATES),
        deadline__lt=today or clock.today(),
    )


def _prefixed(q: Q, prefix: str) -> Q:
    """``q`` on a case, rewritten for a model that reaches the case through ``prefix`` (``case__``)."""
    if not prefix:
        return q
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    out.children = [
        _prefixed(child, prefix) if isinstance(child, Q) else (prefix + child[0], child[1])
        for child in q.children
    ]
    return out


def _measures() -> dict[str, Q]:
    assigned = Q(state__in=ASSIGNED_STATES)
    accepted = Q(state__in=ACCEPTED_STATES)
    replied = assigned & ~Q(first_reply_class="")
    key = Q(is_key=True) & accepted
    return {
        "received": Q(submitted_at__isnull=False) & ~Q(state=St.WITHDRAWN),
        "accepted": accepted,
        "merged": Q(state=St.MERGED),
        "refused": Q(state=St.REFUSED),
        "pending": Q(state__in=PENDING_STATES),
        "withdrawn": Q(state=St.WITHDRAWN) & Q(submitted_at__isnull=False),
        "assigned": assigned,
        "replied": replied,
        "on_time": replied & Q(first_reply_on_time=True),
        "first_a": assigned & _class_is("A"),
        "first_b": assigned & _class_is("B"),
        "first_c": assigned & _class_is("C"),
        "first_d": assigned & _class_is("D"),
        "solved": accepted & Q(latest_reply_class="A"),
        "unreplied": assigned & Q(first_reply_class=""),
        "rated": assigned & ~Q(latest_rating_value=""),
        "satisfied": assigned & Q(latest_rating_value=RatingValue.SATISFIED.value),
        "basically": assigned & Q(latest_rating_value=RatingValue.BASICALLY.value),
        "dissatisfied": assigned & Q(latest_rating_value=RatingValue.DISSATISFIED.value),
        "key": key,
        "key_replied": key & ~Q(first_reply_class=""),
        "key_solved": key & Q(latest_reply_class="A"),
        "closed": Q(state=St.CLOSED),
    }


# the measures a list can be filtered by, with their names on the page
MEASURE_LABELS = {
    "received": _l("收到"),
    "accepted": _l("立案"),
    "pending": _l("待审查"),
    "assigned": _l("已交办"),
    "replied": _l("已办复"),
    "unreplied": _l("已交办未答复"),
    "solved": _l("问题已解决(最终答复A类)"),
    "key": _l("重点建议"),
    "key_replied": _l("重点建议已答复"),
    "key_solved": _l("重点建议已解决"),
    "dissatisfied": _l("不满意"),
    "overdue": _l("超期未答复"),
    "closed": _l("已办结"),
}


def measure_q(name: str, *, prefix: str = "", unit_id: int | None = None, today: dt.date | None = None) -> Q:
    """The condition of measure ``name`` on a case (``prefix="case__"`` from a suggestion).

    ``overdue`` with ``unit_id``: that unit's own answering assignment is overdue (the unit's 超期 on the
    statistics page), on an assigned suggestion."""
    if name == "overdue":
        # from a suggestion the case is ``case_id``; from a case itself, ``pk``
        outer = f"{prefix.removesuffix('__')}_id" if prefix else "pk"
        found = overdue_assignments(today).filter(case_id=OuterRef(outer))
        if unit_id is not None:
            found = found.filter(organization_id=unit_id, state__in=list(ACTIVE_ASSIGNMENT_STATES))
            return Q(Exists(found)) & _prefixed(Q(state__in=ASSIGNED_STATES), prefix)
        return Q(Exists(found))
    return _prefixed(_measures()[name], prefix)


# --- the counts ------------------------------------------------------------------------------------------------
#
# First and latest reply, latest rating and "on time" are the summary columns the case engine keeps on
# ``Case`` and ``Assignment`` (``renda.cases.services.summary``): every measure is a plain filtered count.


def _case_counts(scope: StatsScope) -> dict[int, Counts]:
    """One grouped query over the suggestion cases: additive counts per congress."""
    today = clock.today()
    measures = _measures()
    rows = (
        suggestion_cases(scope)
        .order_by()
        .values("congress_id")
        .annotate(**{name: Count("pk", filter=measures[name]) for name in CASE_FIELDS if name != "overdue"})
    )
    out: dict[int, Counts] = {}
    for row in rows:
        cid = row.pop("congress_id")
        out[cid] = Counts(**row)
    _add_overdue(scope, out, today)
    return out


def _add_overdue(scope: StatsScope, out: dict[int, Counts], today: dt.date) -> None:
    """Overdue: cases with an open answering assignment past its deadline — one grouped query over those
    (few) assignments rather than an EXISTS per case (the same cases as ``measure_q("overdue")``). Always
    live: it depends on the day."""
    overdue = (
        overdue_assignments(today)
        .filter(case_id__in=suggestion_cases(scope).values("pk"))
        .order_by()
        .values("case__congress_id")
        .annotate(n=Count("case_id", distinct=True))
    )
    for row in overdue:
        out.setdefault(row["case__congress_id"], Counts()).overdue = row["n"]


def _unit_overdue(scope: StatsScope, today: dt.date) -> dict[int, int]:
    """Per unit, its open answering assignments past their deadline (live: it depends on the day)."""
    rows = (
        Assignment.objects.filter(
            case_id__in=suggestion_cases(scope).filter(state__in=ASSIGNED_STATES).values("pk"),
            role__in=list(ANSWERING_ROLES),
            state__in=list(OPEN_ASSIGNMENT_STATES),
            deadline__lt=today,
        )
        .order_by()
        .values("organization_id")
        .annotate(n=Count("pk"))
    )
    return {r["organization_id"]: r["n"] for r in rows}


def _summary_counts(scope: StatsScope, with_units: bool) -> tuple[dict[int, Counts], list[UnitRow] | None]:
    """The counts of ``scope`` from the summary rows (``renda.suggestions.summary``), with the groups
    marked as changed counted live: per congress, and per unit when ``with_units``."""
    from . import summary

    today = clock.today()
    ids = congress_ids(scope)
    dirty = summary.dirty_groups(ids, scope.year)
    if len(dirty) > summary.MAX_LIVE_GROUPS:
        live_filter: Q | None = Q(pk__in=suggestion_cases(scope).values("pk"))
        excluded = None
    elif dirty:
        live_filter = summary._group_q(dirty)
        excluded = dirty
    else:
        live_filter, excluded = None, set()
    per_congress: dict[int, Counts] = {}
    if excluded is not None:
        for cid, row in summary.case_sums(scope, ids, excluded).items():
            per_congress[cid] = Counts(**row)
    live_cases, live_units = summary.compute(live_filter) if live_filter is not None else ({}, {})
    for key, row in live_cases.items():
        if summary.in_scope(scope, key):
            per_congress.setdefault(key[0], Counts()).add(Counts(**row))
    _add_overdue(scope, per_congress, today)
    if not with_units:
        return per_congress, None
    by_unit: dict[int, dict[str, Any]] = {}
    if excluded is not None:
        for row in summary.unit_sums(scope, ids, excluded):
            by_unit[row["organization_id"]] = row
    for key, row in live_units.items():
        if not summary.in_scope(scope, key):
            continue
        target = by_unit.setdefault(key[4], {"organization_id": key[4], **dict.fromkeys(row, 0)})
        for name, value in row.items():
            target[name] += value
    missing = [oid for oid, row in by_unit.items() if "organization__name" not in row]
    if missing:
        for pk, name, congress in Organization.objects.filter(pk__in=missing).values_list(
            "pk", "name", "congress__name"
        ):
            by_unit[pk]["organization__name"], by_unit[pk]["organization__congress__name"] = name, congress
    overdue = _unit_overdue(scope, today)
    units = []
    for oid, row in by_unit.items():
        if not row.get("assigned"):
            continue  # a unit with replies but no answering assignment in scope is not a row (as live)
        units.append(
            UnitRow(
                organization_id=oid,
                name=row.get("organization__name") or "",
                congress_name=row.get("organization__congress__name") or "",
                overdue=overdue.get(oid, 0),
                **{n: row[n] for n in summary.SUMMARY_UNIT_FIELDS},
            )
        )
    return per_congress, units


def _reply_counts(scope: StatsScope) -> list[tuple[int, int, int, int]]:
    """(congress, unit, replies, replies preceded by a contact) — one grouped query over replies."""
    contacted = Exists(
        Contact.objects.filter(
            assignment_id=OuterRef("assignment_id"), contacted_at__lte=OuterRef("replied_at")
        )
    )
    rows = (
        Reply.objects.filter(case_id__in=suggestion_cases(scope).values("pk"))
        .order_by()
        .values("case__congress_id", "assignment__organization_id")
        .annotate(n=Count("pk"), c=Count("pk", filter=Q(contacted)))
    )
    return [(r["case__congress_id"], r["assignment__organization_id"], r["n"], r["c"]) for r in rows]


def _unit_rows(scope: StatsScope) -> list[UnitRow]:
    """One grouped query over the answering assignments: per-unit counts, plus one for the names."""
    today = clock.today()
    replied = ~Q(first_reply_class="")
    rows = list(
        Assignment.objects.filter(
            case_id__in=suggestion_cases(scope).filter(state__in=ASSIGNED_STATES).values("pk"),
            role__in=list(ANSWERING_ROLES),
            state__in=list(ACTIVE_ASSIGNMENT_STATES),
        )
        .order_by()
        .values("organization_id")
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
            overdue=Count("pk", filter=Q(state__in=list(OPEN_ASSIGNMENT_STATES), deadline__lt=today)),
        )
    )
    names = {
        pk: (name, congress)
        for pk, name, congress in Organization.objects.filter(
            pk__in=[r["organization_id"] for r in rows]
        ).values_list("pk", "name", "congress__name")
    }
    units = []
    for row in rows:
        oid = row.pop("organization_id")
        name, congress = names.get(oid, ("", ""))
        units.append(UnitRow(organization_id=oid, name=name, congress_name=congress, **row))
    return units


def rank_units(units: Iterable[UnitRow]) -> list[UnitRow]:
    """Best first: actual resolution rate, then on-time reply rate, satisfaction, fewer overdue."""

    def key(u: UnitRow) -> tuple:
        return (
            -(u.resolution_rate.value or 0),
            -(u.on_time_rate.value or 0),
            -(u.satisfaction_rate.value or 0),
            u.overdue,
            u.name,
        )

    ranked = sorted(units, key=key)
    for i, u in enumerate(ranked, start=1):
        u.rank = i
    return ranked


def suggestion_statistics(scope: StatsScope, *, with_units: bool = True, live: bool = False) -> Report:
    """Every figure of ``scope``: the total, the congress alone, each lower congress, each unit.

    From the summary rows (``renda.suggestions.summary``; the groups changed since they were folded are
    counted live, so the figures are always current) — a constant number of queries whatever the number
    of suggestions. ``live=True`` counts everything from the cases (the reference the tests compare
    the summary with)."""
    if live:
        per_congress = _case_counts(scope)
        reply_rows = _reply_counts(scope)
        for cid, _oid, n, c in reply_rows:
            counts = per_congress.setdefault(cid, Counts())
            counts.replies += n
            counts.replies_contacted += c
        summary_units = None
    else:
        per_congress, summary_units = _summary_counts(scope, with_units)
    congress = scope.congress
    places = percent_places(congress.pk)
    total = Counts()
    for counts in per_congress.values():
        total.add(counts)
    report = Report(
        scope=scope,
        total=Figures(total, label=congress.name, congress_id=congress.pk, places=places),
        own=Figures(
            per_congress.get(congress.pk, Counts()),
            label=congress.name,
            congress_id=congress.pk,
            places=places,
        ),
        places=places,
    )
    if scope.rollup:
        tree = list(
            Congress.objects.filter(path__startswith=congress.path).values_list(
                "pk", "path", "name", "parent_id"
            )
        )
        paths = {pk: path for pk, path, _n, _p in tree}
        for pk, path, name, parent_id in tree:
            if parent_id != congress.pk:
                continue
            sub = Counts()
            for cid, counts in per_congress.items():
                if paths.get(cid, "").startswith(path):
                    sub.add(counts)
            report.lower.append(Figures(sub, label=name, congress_id=pk, places=places))
    if with_units:
        if summary_units is not None:
            units = summary_units
        else:
            units = _unit_rows(scope)
            by_unit: dict[int, tuple[int, int]] = {}
            for _cid, oid, n, c in reply_rows:
                prev = by_unit.get(oid, (0, 0))
                by_unit[oid] = (prev[0] + n, prev[1] + c)
            for u in units:
                u.replies, u.replies_contacted = by_unit.get(u.organization_id, (0, 0))
        for u in units:
            u.places = places
        report.units = rank_units(units)
    return report


# --- lists the documents and checks share ------------------------------------------------------------------------


def key_suggestions(scope: StatsScope, limit: int = 100) -> list[dict[str, Any]]:
    """The key suggestions (重点建议) of ``scope`` with their lead unit, supervising leader, state and class."""
    lead = Assignment.objects.filter(
        case_id=OuterRef("pk"), role__in=list(ANSWERING_ROLES), state__in=list(ACTIVE_ASSIGNMENT_STATES)
    ).order_by("id")
    qs = (
        suggestion_cases(scope)
        .filter(is_key=True, state__in=ACCEPTED_STATES)
        .annotate(
            lead_unit=Subquery(lead.values("organization__name")[:1]),
        )
        .select_related("supervising_leader")
        .order_by("number")[:limit]
    )
    policy_labels = dict(SuggestionState.choices)
    return [
        {
            "number": c.number,
            "title": c.title,
            "lead_unit": c.lead_unit or "",
            "leader": (c.supervising_leader.full_name or c.supervising_leader.username)
            if c.supervising_leader
            else "",
            "state": str(policy_labels.get(c.state, c.state)),
            "reply_class": c.latest_reply_class or "",
        }
        for c in qs
    ]


def years_with_suggestions(congress_ids_: Iterable[int]) -> list[int]:
    """The years that have suggestions, newest first (``DISTINCT`` on the ``(kind, congress, year)``
    index: a few rows, not one per case)."""
    return list(
        CaseModel.objects.filter(kind=KIND, congress_id__in=list(congress_ids_))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
