"""Reads shared by pages, API, exports and statistics."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from renda.core import clock, numbers
from renda.core.models import Congress

from .models import Deputy, DeputyMandate


def mandates_for(
    user: Any, *, congress: Congress | None = None, active: bool = True
) -> QuerySet[DeputyMandate]:
    qs = DeputyMandate.objects.visible_to(user).select_related(
        "deputy", "congress", "term", "group", "station"
    )
    if congress is not None:
        qs = qs.filter(congress=congress)
    if active:
        qs = qs.active()
    return qs


def deputy_for_user(user: Any) -> Deputy | None:
    """The deputy record a signed-in user is linked to, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Deputy.objects.filter(user_id=user.pk).first()


def mandate_structure(congress: Congress) -> dict[str, Any]:
    """代表结构: counts of the active mandates of a congress by the categories elections report."""
    qs = DeputyMandate.objects.active().filter(congress=congress)
    totals = qs.aggregate(
        total=Count("pk"),
        women=Count("pk", filter=Q(deputy__gender="female")),
        grassroots=Count("pk", filter=Q(is_grassroots=True)),
        reelected=Count("pk", filter=Q(is_reelected=True)),
        # Deputies whose ethnicity is not yet known are neither Han nor minority.
        minority=Count("pk", filter=~Q(deputy__ethnicity__in=["汉族", ""])),
        unknown_gender=Count("pk", filter=Q(deputy__gender="")),
        unknown_ethnicity=Count("pk", filter=Q(deputy__ethnicity="")),
        unknown_category=Count("pk", filter=Q(occupation_category="")),
        unknown_party=Count("pk", filter=Q(deputy__party="")),
    )
    by_category = dict(
        qs.values_list("occupation_category").annotate(n=Count("pk")).values_list("occupation_category", "n")
    )
    return {**totals, "by_category": by_category}


# --- the register ------------------------------------------------------------------------------------

import datetime as _dt  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.db.models import OuterRef, Subquery, Sum  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402
from django.utils.translation import gettext_lazy  # noqa: E402

from renda.core.choices import Role  # noqa: E402
from renda.core.scopes import scope_of  # noqa: E402

from .choices import (  # noqa: E402
    ActivityKind,
    Attendance,
    FundKind,
    Gender,
    MandateEndReason,
    OccupationCategory,
    PoliticalAffiliation,
    SatisfactionValue,
    Verification,
)
from .records import (  # noqa: E402
    Activity,
    ActivityParticipation,
    FundEntry,
    PointBalance,
    RankingPublication,
    VoterReport,
)


def counted_participations(year: int) -> QuerySet[ActivityParticipation]:
    """The participations that count as a deputy's activity in ``year``: verified, present, held that year
    (the same rows the compliance checks count)."""
    return ActivityParticipation.objects.filter(
        verification=Verification.VERIFIED,
        attendance=Attendance.PRESENT,
        activity__occurred_on__year=year,
    )


def with_activity_count(qs: QuerySet[DeputyMandate], year: int) -> QuerySet[DeputyMandate]:
    """``qs`` annotated with ``activity_count``: the mandate's counted activities in ``year``."""
    counted = (
        counted_participations(year)
        .filter(mandate_id=OuterRef("pk"))
        .order_by()
        .values("mandate_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(activity_count=Coalesce(Subquery(counted[:1]), 0))


def below_activity_minimum(qs: QuerySet[DeputyMandate], year: int, minimum: int) -> QuerySet[DeputyMandate]:
    """The mandates of ``qs`` with fewer than ``minimum`` counted activities in ``year``."""
    return with_activity_count(qs, year).filter(activity_count__lt=minimum)


def register(user: Any) -> QuerySet[DeputyMandate]:
    """The register (代表名册) the user may read, with its joins; its filters are
    ``renda.deputies.filtersets.RegisterFilterSet``."""
    return (
        DeputyMandate.objects.visible_to(user)
        .select_related("deputy", "congress", "term", "group", "station")
        .order_by("congress__path", "group__sort_order", "deputy__full_name", "pk")
    )


def can_see_id_number(user: Any, mandate: DeputyMandate) -> bool:
    """Identity numbers in full only for staff of the deputy's own congress."""
    return scope_of(user).has_in(mandate.congress_id, Role.STAFF)


def get_mandate_for(user: Any, pk: Any) -> DeputyMandate:
    from renda.core.errors import NotFoundError

    try:
        return (
            DeputyMandate.objects.visible_to(user)
            .select_related("deputy", "congress", "term", "group", "station")
            .get(pk=int(pk))
        )
    except (DeputyMandate.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFoundError("未找到该代表。") from None


# --- composition ------------------------------------------------------------------------------------

_UNKNOWN = gettext_lazy("未填写")
AGE_BANDS = [(0, 35, "35岁及以下"), (36, 45, "36—45岁"), (46, 55, "46—55岁"), (56, 200, "56岁及以上")]


def _share(n: int, total: int) -> float:
    """A share of the composition, rounded half up (四舍五入) like every rate."""
    return float(numbers.percent(n, total) or 0)


def composition(congress: Any, term: Any, *, on: _dt.date | None = None) -> dict[str, Any]:
    """代表结构 of a congress and term: counts and shares, the standing committee's ratios. 6 queries."""
    on = on or clock.today()  # noqa: DTZ011 - ages count in calendar years
    qs = DeputyMandate.objects.active().filter(congress=congress, term=term)
    t = qs.aggregate(
        total=Count("pk"),
        grassroots=Count("pk", filter=Q(is_grassroots=True)),
        front_line=Count("pk", filter=Q(occupation_category__in=["worker", "farmer", "technical"])),
        women=Count("pk", filter=Q(deputy__gender=Gender.FEMALE)),
        reelected=Count("pk", filter=Q(is_reelected=True)),
        # Deputies whose ethnicity is not yet known are neither Han nor minority.
        minority=Count("pk", filter=~Q(deputy__ethnicity__in=["汉族", ""])),
        unknown_gender=Count("pk", filter=Q(deputy__gender="")),
        unknown_ethnicity=Count("pk", filter=Q(deputy__ethnicity="")),
        unknown_category=Count("pk", filter=Q(occupation_category="")),
        unknown_party=Count("pk", filter=Q(deputy__party="")),
        sc_total=Count("pk", filter=Q(is_standing_committee_member=True)),
        sc_full_time=Count("pk", filter=Q(is_standing_committee_member=True, is_full_time=True)),
        sc_legal=Count(
            "pk", filter=Q(is_standing_committee_member=True, is_full_time=True, has_legal_practice=True)
        ),
    )
    total = t["total"]
    labels_cat = dict(OccupationCategory.choices)
    by_category = [
        {"key": k, "name": str(labels_cat.get(k, k)) if k else str(_UNKNOWN), "value": n}
        for k, n in qs.values_list("occupation_category").annotate(n=Count("pk")).order_by("-n")
    ]
    by_ethnicity = [
        {"name": e or str(_UNKNOWN), "value": n}
        for e, n in qs.values_list("deputy__ethnicity").annotate(n=Count("pk")).order_by("-n")
    ]
    labels_party = dict(PoliticalAffiliation.choices)
    by_party = [
        {"name": str(labels_party.get(p, p)) if p else str(_UNKNOWN), "value": n}
        for p, n in qs.values_list("deputy__party").annotate(n=Count("pk")).order_by("-n")
    ]
    births = qs.values_list("deputy__birth_date", flat=True)
    bands = {label: 0 for _a, _b, label in AGE_BANDS}
    unknown_age = 0
    for b in births.iterator(chunk_size=5000):
        if b is None:
            unknown_age += 1
            continue
        age = on.year - b.year - ((on.month, on.day) < (b.month, b.day))
        for lo, hi, label in AGE_BANDS:
            if lo <= age <= hi:
                bands[label] += 1
                break
    shares = {
        "grassroots": _share(t["grassroots"], total),
        "front_line": _share(t["front_line"], total),
        "women": _share(t["women"], total),
        "reelected": _share(t["reelected"], total),
        "minority": _share(t["minority"], total),
        "sc_full_time": _share(t["sc_full_time"], t["sc_total"]),
        "sc_legal": _share(t["sc_legal"], t["sc_total"]),
    }
    return {
        **t,
        "shares": shares,
        "by_category": by_category,
        "by_ethnicity": by_ethnicity,
        "by_party": by_party,
        "by_age": [{"name": k, "value": v} for k, v in bands.items()],
        "unknown_age": unknown_age,
    }


def previous_term(term: Any) -> Any:
    from renda.core.models import Term

    return (
        Term.objects.filter(congress_id=term.congress_id, number__lt=term.number).order_by("-number").first()
    )


def current_term(congress: Any) -> Any:
    from renda.core.models import Term

    return Term.objects.filter(congress=congress).order_by("-is_current", "-number").first()


# --- points and ranking -----------------------------------------------------------------------------


@dataclass
class RankRow:
    rank: int
    mandate_id: int
    name: str
    group: str
    points: Decimal
    total: Decimal
    activities: int
    absences: int


def ranking(
    congress: Any, *, year: int | None = None, term: Any = None, limit: int | None = None
) -> list[RankRow]:
    """积分排名 of the active mandates of a congress for a year (or the whole term). Two queries."""
    from . import points

    base = points.base_points(congress.pk)
    term = term or current_term(congress)
    balances = PointBalance.objects.filter(mandate_id=OuterRef("pk"))
    if year is not None:
        balances = balances.filter(year=year)
        years = 1
    else:
        years = max(1, min(clock.today().year, term.end_year) - term.start_year + 1) if term else 1  # noqa: DTZ011
    sums = (
        balances.values("mandate_id")
        .annotate(p=Sum("points"), a=Sum("activities"), ab=Sum("absences"))
        .order_by()
    )
    qs = DeputyMandate.objects.active().filter(congress=congress)
    if term is not None:
        qs = qs.filter(term=term)
    qs = (
        qs.annotate(
            p=Coalesce(Subquery(sums.values("p")[:1]), Decimal(0)),
            a=Coalesce(Subquery(sums.values("a")[:1]), 0),
            ab=Coalesce(Subquery(sums.values("ab")[:1]), 0),
        )
        .order_by("-p", "deputy__full_name", "pk")
        .values_list("pk", "deputy__full_name", "group__name", "p", "a", "ab")
    )
    if limit:
        qs = qs[:limit]
    out: list[RankRow] = []
    last_points = None
    rank = 0
    for i, (pk, name, group, p, a, ab) in enumerate(qs, start=1):
        if p != last_points:
            rank = i
            last_points = p
        out.append(
            RankRow(rank, pk, name, group or "", Decimal(p), Decimal(p) + base * years, int(a), int(ab))
        )
    return out


def rank_of(congress: Any, mandate: DeputyMandate, year: int) -> tuple[int | None, int]:
    """(rank, out of) of one mandate in a year: two COUNT queries, not the whole ranking."""
    mine = PointBalance.objects.filter(mandate=mandate, year=year).values_list("points", flat=True).first()
    mine = mine or Decimal(0)
    active = DeputyMandate.objects.active().filter(congress=congress, term_id=mandate.term_id)
    out_of = active.count()
    ahead = PointBalance.objects.filter(mandate__in=active, year=year, points__gt=mine).count()
    if mine < 0:
        # Mandates without a balance row have 0 points and rank ahead of a negative balance.
        with_rows = PointBalance.objects.filter(mandate__in=active, year=year).count()
        ahead += out_of - with_rows
    return (ahead + 1 if mandate.ended_on is None else None), out_of


@dataclass
class DeputyRecord:
    mandate: DeputyMandate
    years: list[dict[str, Any]] = field(default_factory=list)
    term_points: Decimal = Decimal(0)
    term_total: Decimal = Decimal(0)
    base: Decimal = Decimal(0)
    participations: list[ActivityParticipation] = field(default_factory=list)
    suggestions: int = 0
    training_hours: Decimal = Decimal(0)
    reports: list[VoterReport] = field(default_factory=list)
    funds: list[FundEntry] = field(default_factory=list)


def deputy_record(mandate: DeputyMandate, *, limit: int = 200) -> DeputyRecord:
    """履职档案 of one mandate: points by year, activities, suggestions, training, reports, funds."""
    from . import points

    rec = DeputyRecord(mandate=mandate, base=points.base_points(mandate.congress_id))
    balances = list(PointBalance.objects.filter(mandate=mandate).order_by("year"))
    by_kind = (
        ActivityParticipation.objects.filter(mandate=mandate)
        .counting()
        .filter(attendance=Attendance.PRESENT)
        .values_list("year", "activity__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    kinds: dict[int, dict[str, int]] = {}
    for y, k, n in by_kind:
        kinds.setdefault(y, {})[k] = n
    labels = dict(ActivityKind.choices)
    for b in balances:
        ks = kinds.get(b.year, {})
        rec.years.append(
            {
                "year": b.year,
                "points": b.points,
                "total": b.points + rec.base,
                "activities": b.activities,
                "absences": b.absences,
                "suggestions": ks.get(ActivityKind.SUGGESTION_SUBMITTED, 0),
                "kinds": sorted(((str(labels.get(k, k)), n) for k, n in ks.items()), key=lambda x: -x[1]),
            }
        )
        rec.term_points += b.points
        rec.term_total += b.points + rec.base
        rec.suggestions += ks.get(ActivityKind.SUGGESTION_SUBMITTED, 0)
    rec.participations = list(
        ActivityParticipation.objects.filter(mandate=mandate)
        .select_related("activity")
        .order_by("-activity__occurred_on", "-pk")[:limit]
    )
    rec.training_hours = (
        ActivityParticipation.objects.filter(mandate=mandate, activity__kind=ActivityKind.TRAINING)
        .counting()
        .aggregate(h=Coalesce(Sum("activity__hours"), Decimal(0)))["h"]
    )
    rec.reports = list(VoterReport.objects.filter(mandate=mandate))
    rec.funds = list(FundEntry.objects.filter(mandate=mandate)[:50])
    return rec


def pending_self_reports(user: Any) -> QuerySet[ActivityParticipation]:
    scope = scope_of(user)
    ids = scope.congress_ids_with(Role.STAFF)
    return (
        ActivityParticipation.objects.filter(verification=Verification.PENDING, activity__congress_id__in=ids)
        .select_related("activity", "mandate__deputy", "mandate__congress")
        .order_by("activity__occurred_on", "pk")
    )


def activities_for(
    user: Any, congress: Any = None, kind: str = "", year: int | None = None
) -> QuerySet[Activity]:
    qs = (
        Activity.objects.visible_to(user)
        .select_related("congress")
        .annotate(n=Count("participations", filter=Q(participations__verification=Verification.VERIFIED)))
    )
    if congress is not None:
        qs = qs.filter(congress=congress)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(occurred_on__year=year)
    return qs.order_by("-occurred_on", "-pk")


def published_rankings(congress: Any) -> QuerySet[RankingPublication]:
    """Ranking circulars a congress has chosen to publish on the portal (newest first).

    Each row has ``title``, ``year``, ``quarter``, ``published_at`` and ``rows`` (a list of
    ``{"rank", "name", "group", "points", "activities", "absences"}``).
    """
    return RankingPublication.objects.filter(congress=congress, published=True).order_by("-year", "-quarter")


def satisfaction(report: VoterReport) -> dict[str, Any]:
    online = dict(
        report.codes.exclude(value="").values_list("value").annotate(n=Count("pk")).values_list("value", "n")
    )
    counts = {
        SatisfactionValue.SATISFIED: report.paper_satisfied + online.get(SatisfactionValue.SATISFIED, 0),
        SatisfactionValue.BASICALLY: report.paper_basically + online.get(SatisfactionValue.BASICALLY, 0),
        SatisfactionValue.DISSATISFIED: report.paper_dissatisfied
        + online.get(SatisfactionValue.DISSATISFIED, 0),
    }
    total = sum(counts.values())
    ok = counts[SatisfactionValue.SATISFIED] + counts[SatisfactionValue.BASICALLY]
    return {
        "counts": {str(SatisfactionValue(k).label): v for k, v in counts.items()},
        "total": total,
        "online": sum(online.values()),
        "rate": _share(ok, total),
    }


def fund_totals(mandate: DeputyMandate) -> dict[str, Decimal]:
    rows = FundEntry.objects.filter(mandate=mandate).values_list("kind").annotate(s=Sum("amount"))
    labels = dict(FundKind.choices)
    return {str(labels[k]): s for k, s in rows}


END_REASONS = MandateEndReason.choices
