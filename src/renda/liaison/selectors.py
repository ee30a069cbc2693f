"""Reads of the liaison app shared by pages, API, exports, statistics and the public portal.

The portal app reads the ``public_*`` functions and ``upcoming_reception_days_for_station``; their
names and results are kept stable.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.cases.choices import AssignmentState, RatingValue
from renda.cases.models import Assignment, Case
from renda.cases.selectors import percent_places
from renda.core import clock, numbers
from renda.core.choices import OrganizationKind, Role
from renda.core.errors import NotFoundError
from renda.core.models import Organization
from renda.core.scopes import scope_of
from renda.deputies.models import DeputyMandate

from .choices import KIND, Channel, OpinionState, ReceptionDayState
from .models import ChecklistEntry, ConstituentOpinion, LiaisonSetting, Reception, ReceptionDay

# --- public (the portal) -------------------------------------------------------------------------


def _attached_mandates() -> Prefetch:
    return Prefetch(
        "station_mandates",
        queryset=DeputyMandate.objects.active()
        .select_related("deputy", "congress")
        .order_by("congress__path", "deputy__full_name"),
        to_attr="public_mandates",
    )


def public_stations(congress: Any, *, include_lower: bool = False) -> QuerySet[Organization]:
    """Active, public liaison stations of the congress with their profile and attached deputies.

    Each station has ``station_profile`` (address, latitude, longitude, opening_hours, keeper_name,
    keeper_phone, introduction) and ``public_mandates`` (active mandates; show ``deputy.full_name`` and
    ``congress.name`` only).
    """
    congresses = congress.descendants() if include_lower else [congress]
    return (
        Organization.objects.filter(
            congress__in=congresses, kind=OrganizationKind.LIAISON_STATION, is_active=True
        )
        .filter(Q(station_profile__isnull=True) | Q(station_profile__is_public=True))
        .select_related("station_profile", "congress", "station_profile__township")
        .prefetch_related(_attached_mandates())
        .order_by("congress__path", "sort_order", "name")
    )


def public_station(congress_or_none: Any, pk: Any) -> Organization:
    try:
        pk = int(pk)
        if not 0 < pk < 2**62:
            raise ValueError
    except (TypeError, ValueError):
        raise NotFoundError(_("联络站不存在。")) from None
    qs = Organization.objects.filter(kind=OrganizationKind.LIAISON_STATION, is_active=True, pk=pk).filter(
        Q(station_profile__isnull=True) | Q(station_profile__is_public=True)
    )
    if congress_or_none is not None:
        qs = qs.filter(congress=congress_or_none)
    found = qs.select_related("station_profile", "congress").prefetch_related(_attached_mandates()).first()
    if found is None:
        raise NotFoundError(_("联络站不存在。"))
    return found


def _days() -> QuerySet[ReceptionDay]:
    return (
        ReceptionDay.objects.published()
        .select_related("station", "station__station_profile")
        .prefetch_related("deputies")
        .order_by("date", "start_time", "id")
    )


def public_reception_days(congress: Any, date_from: dt.date, date_to: dt.date) -> QuerySet[ReceptionDay]:
    """Published reception days of the congress's stations in [date_from, date_to], with the deputies on duty."""
    return _days().filter(
        station__congress=congress, station__is_active=True, date__gte=date_from, date__lte=date_to
    )


def upcoming_reception_days_for_station(station: Any, limit: int = 5) -> list[ReceptionDay]:
    return list(_days().filter(station=station, date__gte=clock.today())[:limit])


def public_opinion_stats(congress: Any, year: int) -> dict[str, Any]:
    """Counts for the portal: received, accepted, answered, closed, ratings and the topics (the
    satisfaction rate a Decimal with the congress's ``percent_places``, None when nobody rated)."""
    qs = ConstituentOpinion.objects.filter(case__congress=congress, case__year=year)
    total = qs.count()
    excluded = qs.filter(case__state=OpinionState.EXCLUDED).count()
    answered = (
        qs.filter(
            Q(
                case__state__in=[
                    OpinionState.SPOT_ANSWERED,
                    OpinionState.REPLIED,
                    OpinionState.FOLLOWING,
                    OpinionState.CONVERTED,
                ]
            )
            | Q(case__closed_at__isnull=False)
        )
        .exclude(case__state=OpinionState.EXCLUDED)
        .count()
    )
    closed = qs.filter(case__state=OpinionState.CLOSED).count()
    ratings = Counter(qs.exclude(citizen_rating="").values_list("citizen_rating", flat=True))
    rated = sum(ratings.values())
    happy = ratings[RatingValue.SATISFIED] + ratings[RatingValue.BASICALLY]
    topics = list(qs.exclude(topic="").values("topic").annotate(n=Count("id")).order_by("-n", "topic"))
    return {
        "year": year,
        "received": total,
        "accepted": total - excluded - qs.filter(case__state=OpinionState.RECEIVED).count(),
        "excluded": excluded,
        "answered": answered,
        "closed": closed,
        "satisfied": ratings[RatingValue.SATISFIED],
        "basically": ratings[RatingValue.BASICALLY],
        "dissatisfied": ratings[RatingValue.DISSATISFIED],
        "satisfaction_rate": numbers.percent(happy, rated, percent_places(congress.pk)),
        "by_topic": [(t["topic"], t["n"]) for t in topics],
    }


# --- staff, keepers, deputies, units -------------------------------------------------------------------


def opinions_for(user: Any) -> QuerySet[ConstituentOpinion]:
    """The opinions ``user`` may read: staff (their congresses and below), keepers (their station),
    deputies (addressed to them or to a station they are attached to), units (assigned to them); newest
    first. The list's filters are ``renda.liaison.filtersets.OpinionFilterSet``."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ConstituentOpinion.objects.none()
    q = Q(case__in=Case.objects.visible_to(user).of_kind(KIND))
    scope = scope_of(user)
    if scope.has(Role.DEPUTY):
        stations = DeputyMandate.objects.active().filter(deputy__user_id=user.pk).values("station_id")
        q |= Q(deputy__user_id=user.pk) | Q(station_id__in=stations)
    qs = ConstituentOpinion.objects.filter(q).select_related(
        "case", "case__congress", "station", "deputy", "township", "related_case"
    )
    return qs.order_by("-case__created_at", "-id")


def get_opinion_for(user: Any, pk: Any) -> ConstituentOpinion:
    """By case id; missing and forbidden are both 'not found'."""
    try:
        pk = int(pk)
        if not 0 < pk < 2**62:
            raise ValueError
    except (TypeError, ValueError):
        raise NotFoundError(_("意见不存在。")) from None
    found = opinions_for(user).filter(case_id=pk).first()
    if found is None:
        raise NotFoundError(_("意见不存在。"))
    return found


def unit_assignments(user: Any) -> QuerySet[Assignment]:
    scope = scope_of(user)
    return (
        Assignment.objects.filter(case__kind=KIND, organization_id__in=scope.unit_ids)
        .select_related("case", "organization", "case__constituent_opinion")
        .order_by(F("replied_at").asc(nulls_first=True), "deadline", "id")
    )


def get_unit_assignment_for(user: Any, pk: Any) -> Assignment:
    try:
        pk = int(pk)
        if not 0 < pk < 2**62:
            raise ValueError
    except (TypeError, ValueError):
        raise NotFoundError(_("交办事项不存在。")) from None
    found = unit_assignments(user).filter(pk=pk).first()
    if found is None:
        raise NotFoundError(_("交办事项不存在。"))
    return found


def stations_for(user: Any) -> QuerySet[Organization]:
    """Stations the user manages or reads: staff read their congresses' stations, keepers their own."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    scope = scope_of(user)
    return (
        Organization.objects.filter(kind=OrganizationKind.LIAISON_STATION)
        .filter(Q(congress_id__in=scope.staff_read_congress_ids) | Q(pk__in=scope.station_ids))
        .select_related("station_profile", "congress")
        .prefetch_related("checklist_entries", _attached_mandates())
        .order_by("congress__path", "sort_order", "name")
    )


def checklist_rows(stations: Any) -> list[dict[str, Any]]:
    """Each station with its “六有” items (met or not), in two queries whatever the number of stations:
    the settings of their congresses at once, the entries from ``stations_for``'s prefetch."""
    stations = list(stations)
    congress_ids = {s.congress_id for s in stations}
    saved = {x.congress_id: x for x in LiaisonSetting.objects.filter(congress_id__in=congress_ids)}
    rows = []
    for station in stations:
        setting = saved.get(station.congress_id) or LiaisonSetting(congress_id=station.congress_id)
        entries = {e.code: e for e in station.checklist_entries.all()}
        items = []
        for item in setting.checklist or []:
            entry = entries.get(item["code"]) or ChecklistEntry(
                station=station, code=item["code"], label=item["label"]
            )
            entry.label = item["label"]
            items.append(entry)
        rows.append(
            {
                "station": station,
                "met": sum(1 for i in items if i.is_met),
                "total": len(items),
                "items": items,
            }
        )
    return rows


def receptions_for(user: Any, *, station: Any = None) -> QuerySet[Reception]:
    """Reception records the user may read (staff of the congresses, the station's keeper, the deputies
    who received), newest first, with the station, the deputies and the number of opinions registered."""
    qs = Reception.objects.visible_to(user)
    if station is not None:
        qs = qs.filter(station=station)
    return (
        Reception.objects.filter(pk__in=qs.values("pk"))
        .select_related("station", "station__congress", "recorded_by")
        .prefetch_related("deputies")
        .annotate(opinion_count=Count("opinions"))
        .order_by("-received_at", "-id")
    )


def get_station_for(user: Any, pk: Any) -> Organization:
    try:
        pk = int(pk)
        if not 0 < pk < 2**62:
            raise ValueError
    except (TypeError, ValueError):
        raise NotFoundError(_("联络站不存在。")) from None
    found = stations_for(user).filter(pk=pk).first()
    if found is None:
        raise NotFoundError(_("联络站不存在。"))
    return found


def attached_deputies(station: Any) -> list[Any]:
    from renda.deputies.models import Deputy

    return list(
        Deputy.objects.filter(mandates__station=station, mandates__ended_on__isnull=True)
        .distinct()
        .order_by("full_name")
    )


# --- statistics -------------------------------------------------------------------------------------


def opinion_stats(congress_ids: Any, year: int) -> dict[str, Any]:
    """Received; by channel, station, deputy, topic, township; answered on time; satisfaction; and the
    topic × township matrix of the heat map. One computation for the page, the chart and the export.
    Rates are Decimals rounded half up to the congress's ``percent_places`` (None without a base)."""
    ids = list(congress_ids)
    qs = ConstituentOpinion.objects.filter(case__congress_id__in=ids, case__year=year)
    places = percent_places(ids[0]) if len(ids) == 1 else numbers.DEFAULT_PLACES

    def grouped(field: str, label: str) -> list[tuple[str, int]]:
        rows = qs.values(label).annotate(n=Count("id")).order_by("-n", label)
        return [(r[label] or _("未填"), r["n"]) for r in rows]

    channel_labels = dict(Channel.choices)
    by_channel = [(str(channel_labels.get(k, k)), n) for k, n in grouped("channel", "channel")]
    replied = Assignment.objects.filter(
        case__in=qs.values("case_id"), replied_at__isnull=False, role__in=["lead", "separate"]
    ).select_related("case")
    on_time = sum(1 for a in replied if timezone.localdate(a.replied_at) <= a.deadline)
    total_replied = len(replied)
    ratings = Counter(qs.exclude(citizen_rating="").values_list("citizen_rating", flat=True))
    rated = sum(ratings.values())
    topics = [t for t, _n in grouped("topic", "topic")]
    townships = [t for t, _n in grouped("township", "township__name")]
    cells = Counter(
        (r["topic"] or _("未填"), r["township__name"] or _("未填"))
        for r in qs.values("topic", "township__name")
    )
    heat = [[ti, yi, cells.get((t, y), 0)] for yi, y in enumerate(townships) for ti, t in enumerate(topics)]
    return {
        "year": year,
        "received": qs.count(),
        "by_channel": by_channel,
        "by_station": grouped("station", "station__name"),
        "by_deputy": grouped("deputy", "deputy__full_name"),
        "by_topic": grouped("topic", "topic"),
        "by_township": grouped("township", "township__name"),
        "by_state": [
            (
                str(OpinionState(r["case__state"]).label)
                if r["case__state"] in OpinionState.values
                else r["case__state"],
                r["n"],
            )
            for r in qs.values("case__state").annotate(n=Count("id")).order_by("case__state")
        ],
        "replied": total_replied,
        "on_time": on_time,
        "on_time_rate": numbers.percent(on_time, total_replied, places),
        "ratings": {
            str(RatingValue(k).label): ratings.get(k, 0)
            for k in (RatingValue.SATISFIED, RatingValue.BASICALLY, RatingValue.DISSATISFIED)
        },
        "satisfaction_rate": numbers.percent(
            ratings[RatingValue.SATISFIED] + ratings[RatingValue.BASICALLY], rated, places
        ),
        "heat": {"topics": topics, "townships": townships, "cells": heat},
    }


def calendar_days(user: Any, *, start: dt.date, end: dt.date, station: Any = None) -> QuerySet[ReceptionDay]:
    qs = ReceptionDay.objects.visible_to(user).filter(date__gte=start, date__lte=end)
    if station is not None:
        qs = qs.filter(station=station)
    return qs.select_related("station", "rule").prefetch_related("deputies").order_by("date", "start_time")


def duty_days_for(user: Any) -> QuerySet[ReceptionDay]:
    return (
        ReceptionDay.objects.filter(deputies__user_id=user.pk, date__gte=clock.today())
        .exclude(state=ReceptionDayState.CANCELLED)
        .select_related("station")
        .order_by("date")
    )


def assignment_is_open(a: Assignment) -> bool:
    return a.state in (AssignmentState.PENDING_SIGN, AssignmentState.HANDLING)
