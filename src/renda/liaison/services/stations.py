"""Station profiles and the “六有” checklist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.choices import OrganizationKind
from renda.core.errors import ValidationFailed

from ..models import ChecklistEntry, StationProfile
from ._common import ensure_station, ensure_station_manager
from .config import liaison_setting


def station_profile_get(station: Any) -> StationProfile:
    """The station's profile (created empty, from the organisation's address, on first use)."""
    profile = StationProfile.objects.filter(organization=station).first()
    if profile is None:
        profile, _created = StationProfile.objects.get_or_create(
            organization=station, defaults={"address": station.address, "keeper_phone": station.phone}
        )
    return profile


def _coordinate(value: Any, field: str, limit: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("坐标须为数字。"), field=field) from None
    if not number.is_finite() or abs(number) > limit:
        raise ValidationFailed(_("坐标超出范围。"), field=field)
    return number


def station_profile_update(
    *,
    actor: Any,
    station: Any,
    address: str = "",
    latitude: Any = None,
    longitude: Any = None,
    keeper_name: str = "",
    keeper_phone: str = "",
    opening_hours: str = "",
    introduction: str = "",
    township: Any = None,
    is_public: bool = True,
) -> StationProfile:
    ensure_station(station)
    ensure_station_manager(actor, station)
    fields = {
        "address": (address or "").strip()[:200],
        "latitude": _coordinate(latitude, "latitude", 90),
        "longitude": _coordinate(longitude, "longitude", 180),
        "keeper_name": (keeper_name or "").strip()[:50],
        "keeper_phone": (keeper_phone or "").strip()[:30],
        "opening_hours": (opening_hours or "").strip()[:200],
        "introduction": (introduction or "").strip()[:5000],
        "is_public": bool(is_public),
    }
    if not fields["address"]:
        raise ValidationFailed(_("请填写联络站地址。"), field="address")
    if (fields["latitude"] is None) != (fields["longitude"] is None):
        raise ValidationFailed(_("经度和纬度须同时填写。"), field="longitude")
    if township is not None and (
        township.congress_id != station.congress_id
        or township.kind not in (OrganizationKind.TOWNSHIP, OrganizationKind.SUBDISTRICT)
    ):
        raise ValidationFailed(_("请选择本级人大的乡镇或街道。"), field="township")
    with transaction.atomic():
        profile = station_profile_get(station)
        profile = StationProfile.objects.select_for_update().get(pk=profile.pk)
        before = {k: str(getattr(profile, k)) for k in fields}
        for key, value in fields.items():
            setattr(profile, key, value)
        profile.township = township
        profile.save()
        record_event(
            actor=actor,
            action="station.update",
            target=station,
            congress=station.congress,
            before=before,
            after={k: str(v) for k, v in fields.items()} | {"township": getattr(township, "pk", None)},
        )
    return profile


def checklist_for(station: Any) -> list[ChecklistEntry]:
    """The configured “六有” items of the station's congress, with what the station recorded."""
    items = liaison_setting(station.congress_id).checklist or []
    saved = {e.code: e for e in ChecklistEntry.objects.filter(station=station)}
    out = []
    for item in items:
        entry = saved.get(item["code"]) or ChecklistEntry(
            station=station, code=item["code"], label=item["label"]
        )
        entry.label = item["label"]
        out.append(entry)
    return out


def checklist_update(
    *, actor: Any, station: Any, code: str, is_met: bool, checked_on: dt.date | None = None, note: str = ""
) -> ChecklistEntry:
    """Record one “六有” item of a station as met or not, with the date it was checked and a note."""
    ensure_station(station)
    ensure_station_manager(actor, station)
    items = {i["code"]: i for i in liaison_setting(station.congress_id).checklist or []}
    if code not in items:
        raise ValidationFailed(_("没有这一检查项。"), field="code")
    checked_on = checked_on or clock.today()
    if checked_on > clock.today():
        raise ValidationFailed(_("核查日期不能晚于今天。"), field="checked_on")
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationFailed(_("说明不能超过300个字。"), field="note")
    if not is_met and not note:
        raise ValidationFailed(_("未达标的检查项请说明原因和整改安排。"), field="note")
    with transaction.atomic():
        entry, _created = ChecklistEntry.objects.select_for_update().get_or_create(
            station=station, code=code, defaults={"label": items[code]["label"]}
        )
        before = {"is_met": entry.is_met, "checked_on": entry.checked_on, "note": entry.note}
        entry.label = items[code]["label"]
        entry.is_met = bool(is_met)
        entry.checked_on = checked_on
        entry.note = note
        entry.updated_by = actor
        entry.save()
        record_event(
            actor=actor,
            action="station.checklist",
            target=station,
            congress=station.congress,
            before=before,
            after={"code": code, "is_met": entry.is_met, "checked_on": checked_on, "note": note},
        )
    return entry
