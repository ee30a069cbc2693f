"""What the public may read, per congress: published articles, deputies' public fields, published
suggestions with their six items (六公开), statistics, stations. Pages, API and open data share these.

Nothing here returns a model instance of a person to a template: deputies are turned into plain rows
of the public fields, so an identity number or a phone number cannot leak through a template slip.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from renda.cases.choices import ANSWERING_ROLES, AssignmentState, ReplyClass
from renda.cases.models import Assignment, HandlingPlan, Reply
from renda.cases.selectors import percent_places
from renda.core import clock, numbers
from renda.core.choices import CongressLevel, OrganizationKind
from renda.core.errors import NotFoundError
from renda.core.models import Congress, Organization, Session
from renda.deputies.models import DeputyMandate

from .models import Article

SUGGESTION_KIND = "suggestion"
MAX_Q = 100


# --- congresses ----------------------------------------------------------------------------------------


def default_congress() -> Congress | None:
    """The portal's default congress: the first active county, else the first active congress."""
    active = Congress.objects.filter(is_active=True)
    return active.filter(level=CongressLevel.COUNTY).order_by("pk").first() or active.order_by("pk").first()


def portal_congress(congress_id: Any = None) -> Congress:
    if congress_id is None:
        found = default_congress()
    else:
        try:
            cid = int(congress_id)
        except (TypeError, ValueError):
            cid = 0
        found = Congress.objects.filter(pk=cid, is_active=True).first() if 0 < cid < 2**63 else None
    if found is None:
        raise NotFoundError(_("该人大不存在或未开通门户。"))
    return found


def public_congresses() -> QuerySet[Congress]:
    return Congress.objects.filter(is_active=True).order_by("path")


# --- articles --------------------------------------------------------------------------------------------


def public_articles(congress: Congress, *, channel: str = "", q: str = "") -> QuerySet[Article]:
    qs = Article.objects.published().filter(congress=congress).select_related("congress")
    if channel:
        qs = qs.filter(channel=channel)
    q = (q or "").strip()[:MAX_Q]
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(body__icontains=q))
    return qs.defer("body").order_by("-published_at", "-id")


def public_article(congress: Congress, pk: Any) -> Article:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        pk = 0
    found = Article.objects.published().filter(congress=congress, pk=pk).first() if 0 < pk < 2**63 else None
    if found is None:
        raise NotFoundError(_("文章不存在或尚未发布。"))
    return found


# --- deputies ----------------------------------------------------------------------------------------------

# The only fields of a deputy the portal shows (the publicity policy): never identity numbers,
# phone numbers, birth dates, education or the account.
PUBLIC_DEPUTY_FIELDS = [
    ("name", _("姓名")),
    ("gender", _("性别")),
    ("ethnicity", _("民族")),
    ("party", _("政治面貌")),
    ("occupation_category", _("职业构成")),
    ("constituency", _("选区")),
    ("delegation", _("代表团")),
    ("group", _("代表小组")),
    ("station", _("联络站")),
    ("published_suggestions", _("公开建议数")),
]


def _published_suggestion_count() -> Subquery:
    from renda.suggestions.models import Suggestion

    return Subquery(
        Suggestion.objects.filter(
            lead_mandate_id=OuterRef("pk"), case__is_public=True, not_public=False, case__kind=SUGGESTION_KIND
        )
        .order_by()
        .values("lead_mandate_id")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


def public_mandates(congress: Congress, *, q: str = "", group: Any = None, station: Any = None) -> QuerySet:
    """Active mandates of the congress's current term (or every active one when no term is current)."""
    qs = DeputyMandate.objects.filter(congress=congress, ended_on__isnull=True)
    current = congress.terms.filter(is_current=True).first()
    if current is not None:
        qs = qs.filter(term=current)
    q = (q or "").strip()[:MAX_Q]
    if q:
        qs = qs.filter(
            Q(deputy__full_name__icontains=q) | Q(constituency__icontains=q) | Q(delegation__icontains=q)
        )
    if _int(group):
        qs = qs.filter(group_id=_int(group))
    if _int(station):
        qs = qs.filter(station_id=_int(station))
    return (
        qs.select_related("deputy", "group", "station")
        .only(
            "pk",
            "congress_id",
            "deputy",
            "group",
            "station",
            "constituency",
            "delegation",
            "occupation_category",
            "group__name",
            "station__name",
            "deputy__full_name",
            "deputy__gender",
            "deputy__ethnicity",
            "deputy__party",
        )
        .annotate(published_count=Coalesce(_published_suggestion_count(), Value(0)))
        .order_by("deputy__full_name", "pk")
    )


def deputy_row(m: DeputyMandate) -> dict[str, Any]:
    """A mandate as the public fields only."""
    d = m.deputy
    return {
        "id": m.pk,
        "name": d.full_name,
        "gender": d.get_gender_display(),
        "ethnicity": d.ethnicity,
        "party": d.get_party_display(),
        "occupation_category": m.get_occupation_category_display(),
        "constituency": m.constituency,
        "delegation": m.delegation,
        "group": m.group.name if m.group_id and m.group else "",
        "group_id": m.group_id,
        "station": m.station.name if m.station_id and m.station else "",
        "station_id": m.station_id,
        "published_suggestions": getattr(m, "published_count", 0) or 0,
    }


def public_deputy(congress: Congress, pk: Any) -> dict[str, Any]:
    mid = _int(pk)
    m = public_mandates(congress).filter(pk=mid).first() if mid else None
    if m is None:
        raise NotFoundError(_("代表不存在。"))
    return deputy_row(m)


def published_ranking(congress: Congress) -> dict[str, Any] | None:
    """The newest points-ranking circular the congress published on the portal: its ``title`` and
    its first 20 ``rows`` (``rank``, ``name``, ``points``), or None."""
    try:
        from renda.deputies import selectors as dsel
    except Exception:  # noqa: BLE001 - the deputies app is being extended by others
        return None
    fn = getattr(dsel, "published_rankings", None)
    if fn is None:
        return None
    try:
        publication = fn(congress).first()
    except Exception:  # noqa: BLE001 - a ranking problem must not take the portal down
        return None
    if publication is None:
        return None
    rows = [
        {"rank": row.get("rank"), "name": row.get("name", ""), "points": row.get("points")}
        for row in (publication.rows or [])[:20]
        if isinstance(row, dict)
    ]
    return {"title": publication.title, "rows": rows} if rows else None


# --- published suggestions (六公开) --------------------------------------------------------------------------


def _int(value: Any, low: int = 1, high: int = 2**63 - 1) -> int | None:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return n if low <= n <= high else None


def _lead_assignments() -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(case_id=OuterRef("case_id"), role__in=list(ANSWERING_ROLES))
        .exclude(state__in=[AssignmentState.RETURNED, AssignmentState.WITHDRAWN])
        .order_by("id")
    )


def _latest_reply(field: str) -> Subquery:
    return Subquery(
        Reply.objects.filter(case_id=OuterRef("case_id")).order_by("-replied_at", "-id").values(field)[:1]
    )


def public_suggestions(congress: Congress) -> QuerySet:
    """Published suggestions of one congress (kind "suggestion", ``is_public``, not marked not public),
    newest first, annotated with the six items' parts in one query; the public list's filters are
    ``renda.portal.filtersets.PublicSuggestionFilterSet``."""
    from renda.suggestions.models import Suggestion

    lead = _lead_assignments()
    qs = (
        Suggestion.objects.filter(
            case__congress=congress, case__kind=SUGGESTION_KIND, case__is_public=True, not_public=False
        )
        .select_related(
            "case", "case__supervising_leader", "category", "session", "session__term", "lead_mandate__deputy"
        )
        .only(
            "pk",
            "type",
            "case",
            "category",
            "session",
            "lead_mandate",
            "lead_mandate__deputy",
            "session__term",
            "case__supervising_leader",
            "by_delegation",
            "delegation_name",
            "category__name",
            "session__number",
            "session__term__number",
            "lead_mandate__deputy__full_name",
            "case__id",
            "case__number",
            "case__title",
            "case__body",
            "case__year",
            "case__state",
            "case__published_at",
            "case__closed_at",
            "case__congress_id",
            "case__supervising_leader__full_name",
            "case__supervising_leader__username",
        )
        .annotate(
            lead_unit_id=Subquery(lead.values("organization_id")[:1]),
            lead_unit_name=Subquery(lead.values("organization__name")[:1]),
            lead_unit_person=Subquery(lead.values("organization__responsible_person")[:1]),
            plan_text=Subquery(
                HandlingPlan.objects.filter(
                    assignment__case_id=OuterRef("case_id"), assignment__role__in=list(ANSWERING_ROLES)
                )
                .order_by("-submitted_at", "-id")
                .values("text")[:1]
            ),
            reply_class=_latest_reply("classification"),
            reply_text=_latest_reply("text"),
            reply_at=_latest_reply("replied_at"),
        )
    )
    return qs.order_by("-case__published_at", "-pk")


def supervising_body(congress: Congress) -> Organization | None:
    orgs = Organization.objects.filter(congress=congress, is_active=True)
    return (
        orgs.filter(kind=OrganizationKind.STANDING_COMMITTEE).order_by("sort_order", "pk").first()
        or orgs.filter(kind=OrganizationKind.CONGRESS_OFFICE).order_by("sort_order", "pk").first()
    )


def six_items(s: Any, body: Organization | None, congress: Congress) -> dict[str, Any]:
    """The six published items of one annotated suggestion, as plain values."""
    case = s.case
    leader = case.supervising_leader
    reply_class = getattr(s, "reply_class", "") or ""
    return {
        "id": s.pk,
        "number": case.number,
        "title": case.title,
        "year": case.year,
        "type": s.get_type_display(),
        "category": s.category.name if s.category_id and s.category else "",
        "session": str(_("第%(t)s届第%(n)s次会议") % {"t": s.session.term.number, "n": s.session.number})
        if s.session_id and s.session
        else str(_("闭会期间")),
        "deputy": s.delegation_name
        if s.by_delegation and s.delegation_name
        else s.lead_mandate.deputy.full_name,
        "content": case.body,
        "lead_unit": s.lead_unit_name or "",
        "lead_unit_person": s.lead_unit_person or "",
        "supervising_body": body.name if body else congress.name,
        "supervising_person": (leader.full_name or leader.username)
        if leader
        else (body.responsible_person if body else ""),
        "plan": s.plan_text or "",
        "result": s.reply_text or "",
        "reply_class": reply_class,
        "reply_class_label": str(ReplyClass(reply_class).label) if reply_class in ReplyClass.values else "",
        "replied_at": s.reply_at,
        "published_at": case.published_at,
    }


def public_suggestion(congress: Congress, pk: Any) -> dict[str, Any]:
    sid = _int(pk)
    s = public_suggestions(congress).filter(pk=sid).first() if sid else None
    if s is None:
        raise NotFoundError(_("建议不存在或未公开。"))
    return six_items(s, supervising_body(congress), congress)


# --- the published list's facets and total, cached per congress (issue 18) ------------------------------------
#
# The facets (years, units …) and the unfiltered total scan every published suggestion of the congress: they
# are kept in Django's cache per congress and language, and dropped after the commit of any change to one of
# its suggestion cases (publication, withdrawal from the portal, a new lead unit) — ``invalidate_published``,
# registered with the case engine's change hook and the ``Suggestion`` save signal in ``PortalConfig.ready``.
# With the default per-process memory cache another server process keeps its copy at most
# ``PUBLISHED_CACHE_SECONDS``; a shared cache (``CACHES``) makes the drop immediate everywhere.

PUBLISHED_CACHE_SECONDS = 300


def _published_key(kind: str, congress_id: int) -> str:
    from django.utils import translation

    return f"portal:published:{kind}:{congress_id}:{translation.get_language() or ''}"


def published_keys(congress_id: int) -> list[str]:
    from django.conf import settings

    return [
        f"portal:published:{kind}:{congress_id}:{code}"
        for kind in ("facets", "total")
        for code in [*(c for c, _n in settings.LANGUAGES), ""]
    ]


def invalidate_published(case_ids: list[int]) -> None:
    """After the commit: drop the cached facets and totals of the congresses of these suggestion cases."""
    from django.db import transaction

    ids = list(case_ids)

    def drop() -> None:
        from django.core.cache import cache

        from renda.cases.models import Case

        congresses = set(
            Case.objects.filter(pk__in=ids, kind=SUGGESTION_KIND).values_list("congress_id", flat=True)
        )
        cache.delete_many([key for cid in congresses for key in published_keys(cid)])

    drop()  # at once (this process), and again after the commit (a reader may have cached meanwhile)
    transaction.on_commit(drop)


def published_total(congress: Congress) -> int:
    """The number of published suggestions of ``congress`` (the unfiltered list's count), cached."""
    from django.core.cache import cache

    key = _published_key("total", congress.pk)
    found = cache.get(key)
    if found is None:
        found = public_suggestions(congress).order_by().count()
        cache.set(key, found, PUBLISHED_CACHE_SECONDS)
    return found


def suggestion_facets(congress: Congress) -> dict[str, Any]:
    """The list's filter choices, cached per congress (``invalidate_published``)."""
    from django.core.cache import cache

    key = _published_key("facets", congress.pk)
    found = cache.get(key)
    if found is None:
        found = _suggestion_facets(congress)
        cache.set(key, found, PUBLISHED_CACHE_SECONDS)
    return found


def _suggestion_facets(congress: Congress) -> dict[str, Any]:
    from renda.suggestions.models import Category

    base = public_suggestions(congress)
    years = sorted(set(base.order_by().values_list("case__year", flat=True).distinct()), reverse=True)
    units = (
        Organization.objects.filter(
            assignments__case__congress=congress,
            assignments__case__kind=SUGGESTION_KIND,
            assignments__case__is_public=True,
            assignments__role__in=list(ANSWERING_ROLES),
        )
        .distinct()
        .order_by("sort_order", "name")
        .values("pk", "name")
    )
    return {
        "years": years,
        "sessions": [
            {"pk": s.pk, "label": str(_("第%(t)s届第%(n)s次会议") % {"t": s.term.number, "n": s.number})}
            for s in Session.objects.filter(term__congress=congress)
            .select_related("term")
            .order_by("-term__number", "-number")
        ],
        "categories": list(
            Category.objects.filter(congress=congress).order_by("sort_order", "pk").values("pk", "name")
        ),
        "units": list(units),
        "reply_classes": [(value, str(label)) for value, label in ReplyClass.choices],
    }


def published_answers(congress: Congress) -> QuerySet[Reply]:
    """Replies of published suggestions of the congress (the answers of 六公开)."""
    return (
        Reply.objects.filter(
            case__congress=congress,
            case__kind=SUGGESTION_KIND,
            case__is_public=True,
            case__suggestion__not_public=False,
        )
        .select_related("case", "assignment__organization")
        .only(
            "pk",
            "round",
            "classification",
            "text",
            "case",
            "assignment",
            "assignment__organization",
            "signing_leader",
            "is_final",
            "replied_at",
            "case__number",
            "case__title",
            "case__suggestion__id",
            "assignment__organization__name",
        )
        .order_by("case__number", "replied_at", "pk")
    )


def answer_row(r: Reply) -> dict[str, Any]:
    return {
        "id": r.pk,
        "suggestion_number": r.case.number,
        "suggestion_title": r.case.title,
        "unit": r.assignment.organization.name,
        "round": r.round,
        "reply_class": r.classification,
        "reply_class_label": r.get_classification_display(),
        "signing_leader": r.signing_leader,
        "is_final": r.is_final,
        "replied_at": r.replied_at,
        "text": r.text,
    }


# --- statistics and the yearly handling report -------------------------------------------------------------


def yearly_statistics(congress: Congress) -> list[dict[str, Any]]:
    """Per year: published suggestions, by reply class, by category and by lead unit (counts only)."""
    rows = public_suggestions(congress).values_list(
        "case__year", "reply_class", "category__name", "lead_unit_name"
    )
    by_year: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"total": 0, "classes": Counter(), "categories": Counter(), "units": Counter()}
    )
    places = percent_places(congress.pk)
    for year, reply_class, category, unit in rows:
        y = by_year[year]
        y["total"] += 1
        y["classes"][reply_class or "-"] += 1
        y["categories"][category or str(_("未分类"))] += 1
        y["units"][unit or str(_("未交办"))] += 1
    out = []
    for year in sorted(by_year, reverse=True):
        y = by_year[year]
        classes = {c: y["classes"].get(c, 0) for c in ReplyClass.values}
        answered = sum(classes.values())
        out.append(
            {
                "year": year,
                "total": y["total"],
                "answered": answered,
                "classes": classes,
                "solved_rate": numbers.percent(classes["A"] + classes["B"], answered, places),
                "categories": sorted(y["categories"].items(), key=lambda kv: (-kv[1], kv[0])),
                "units": sorted(y["units"].items(), key=lambda kv: (-kv[1], kv[0])),
            }
        )
    return out


# --- stations and reception days (through the liaison app, when it is there) --------------------------------


def _liaison(name: str) -> Any:
    try:
        from renda.liaison import selectors as ls
    except Exception:  # noqa: BLE001 - the liaison app is being built by others
        return None
    return getattr(ls, name, None)


def stations(congress: Congress, *, with_days: int = 3, limit: int | None = None) -> list[dict[str, Any]]:
    """Stations of the congress with their next reception days (empty calendar if liaison is absent)."""
    fn = _liaison("public_stations")
    upcoming = _liaison("upcoming_reception_days_for_station")
    items: list[Any] = []
    if fn is not None:
        try:
            items = list(fn(congress))
        except Exception:  # noqa: BLE001
            items = []
    if not items:
        items = list(
            Organization.objects.filter(
                congress=congress, kind=OrganizationKind.LIAISON_STATION, is_active=True
            )
            .only("pk", "name", "address", "congress_id")
            .order_by("sort_order", "name")
        )
    out = []
    for st in items[:limit] if limit else items:
        days: list[dict[str, Any]] = []
        if upcoming is not None and with_days:
            try:
                days = [_day_row(d) for d in list(upcoming(st, limit=with_days))]
            except Exception:  # noqa: BLE001
                days = []
        out.append(
            {
                "id": getattr(st, "pk", None),
                "name": getattr(st, "name", "") or str(st),
                "address": getattr(st, "address", "") or "",
                "days": days,
            }
        )
    return out


def _day_row(d: Any) -> dict[str, Any]:
    get = d.get if isinstance(d, dict) else lambda k, r=d: getattr(r, k, None)
    date = get("date") or get("day") or get("starts_at") or get("start_at")
    station = get("station")
    deputies = get("deputies") or get("deputy_names") or []
    if hasattr(deputies, "all"):
        deputies = [
            getattr(x, "full_name", None) or getattr(getattr(x, "deputy", None), "full_name", "")
            for x in deputies.all()
        ]
    return {
        "date": date,
        "time": get("time_range") or get("time") or "",
        "topic": get("topic") or get("title") or "",
        "station": getattr(station, "name", "") if station is not None else "",
        "deputies": [str(x) for x in deputies if x] if isinstance(deputies, list | tuple) else [],
    }


def reception_calendar(congress: Congress, days: int = 60) -> list[dict[str, Any]]:
    fn = _liaison("public_reception_days")
    if fn is None:
        return []
    today = clock.today()
    try:
        return [_day_row(d) for d in list(fn(congress, today, today + dt.timedelta(days=days)))[:200]]
    except Exception:  # noqa: BLE001
        return []


def opinion_stats(congress: Congress, year: int) -> dict[str, Any] | None:
    fn = _liaison("public_opinion_stats")
    if fn is None:
        return None
    try:
        return dict(fn(congress, year))
    except Exception:  # noqa: BLE001
        return None
