"""The liaison part of the demo county: station profiles, the “六有” checklist, reception rules and
the coming reception days. Deterministic and idempotent; called by the demo loader after ``load_demo``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from renda.core import clock
from renda.core.choices import OrganizationKind
from renda.core.models import Organization

from .units import COUNTY_CONGRESS, TOWNSHIPS

OPENING_HOURS = "周一至周五 8:30–12:00,14:30–17:30;接待日全天开放"


def load_liaison_demo() -> dict[str, int]:
    """Create what is missing; never change what staff edited since. Returns counts of created rows."""
    from renda.deputies.models import DeputyMandate
    from renda.liaison.choices import ReceptionDayState, RecurrenceKind
    from renda.liaison.models import ChecklistEntry, ReceptionDay, ReceptionRule, StationProfile
    from renda.liaison.services import liaison_setting, reception_days_generate

    counts = {"profiles": 0, "checklist": 0, "rules": 0, "days": 0}
    stations = list(
        Organization.objects.filter(
            congress__name=COUNTY_CONGRESS, kind=OrganizationKind.LIAISON_STATION
        ).order_by("sort_order", "pk")
    )
    if not stations:
        return counts
    townships = {
        o.name: o
        for o in Organization.objects.filter(congress__name=COUNTY_CONGRESS, kind=OrganizationKind.TOWNSHIP)
    }
    today = clock.today()
    with transaction.atomic():
        for position, station in enumerate(stations):
            township_name = TOWNSHIPS[position][0] if position < len(TOWNSHIPS) else ""
            _profile, created = StationProfile.objects.get_or_create(
                organization=station,
                defaults={
                    "address": station.address,
                    "latitude": Decimal("35.580000") + Decimal(position) / Decimal(100),
                    "longitude": Decimal("104.620000") + Decimal(position) / Decimal(80),
                    "keeper_name": station.responsible_person,
                    "keeper_phone": station.phone,
                    "opening_hours": OPENING_HOURS,
                    "township": townships.get(township_name),
                    "introduction": f"{station.name}按照“六有”标准建设,定期组织各级人大代表接待选民、听取意见。",
                },
            )
            counts["profiles"] += int(created)
            items = liaison_setting(station.congress_id).checklist or []
            for index, item in enumerate(items):
                # The last two stations are still missing their archive (a shortfall to show).
                met = not (item["code"] == "archive" and position >= len(stations) - 2)
                _entry, created = ChecklistEntry.objects.get_or_create(
                    station=station,
                    code=item["code"],
                    defaults={
                        "label": item["label"],
                        "is_met": met,
                        "checked_on": dt.date(2026, 1, 10) + dt.timedelta(days=index),
                        "note": "" if met else "档案柜已申请,预计下季度配齐",
                    },
                )
                counts["checklist"] += int(created)
            deputies = list(
                DeputyMandate.objects.active()
                .filter(station=station, congress__name=COUNTY_CONGRESS)
                .select_related("deputy")
                .order_by("deputy__full_name", "pk")[:2]
            )
            if not ReceptionRule.objects.filter(station=station).exists():
                rule = ReceptionRule.objects.create(
                    station=station,
                    kind=RecurrenceKind.DAY_OF_MONTH,
                    day=15,
                    months=[1, 3, 5, 7, 9, 11] if position % 2 == 0 else [2, 4, 6, 8, 10, 12],
                    start_time=dt.time(9, 0),
                    end_time=dt.time(11, 30),
                )
                rule.deputies.set([m.deputy for m in deputies])
                counts["rules"] += 1
            # One published day a week ahead at every station, so the portal always shows one.
            date = today + dt.timedelta(days=7 + position % 3)
            if (
                not ReceptionDay.objects.filter(station=station, date__gte=today)
                .exclude(state=ReceptionDayState.CANCELLED)
                .exists()
            ):
                day, created = ReceptionDay.objects.get_or_create(
                    station=station,
                    date=date,
                    defaults={
                        "start_time": dt.time(9, 0),
                        "end_time": dt.time(11, 30),
                        "theme": "听取群众对民生实事的意见",
                        "state": ReceptionDayState.PUBLISHED,
                        "published_at": clock.now(),
                    },
                )
                if created:
                    day.deputies.set([m.deputy for m in deputies])
                    counts["days"] += 1
    generated = reception_days_generate(today=today)
    counts["days"] += generated["created"]
    return counts
