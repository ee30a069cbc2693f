"""Helpers of the liaison services: who may act on a station."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from renda.core.choices import OrganizationKind, Role
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.scopes import scope_of


def ensure_station(org: Any, field: str = "station") -> None:
    if org is None or org.kind != OrganizationKind.LIAISON_STATION:
        raise ValidationFailed(_("请选择代表联络站。"), field=field)
    if not org.is_active:
        raise ValidationFailed(_("该联络站已停用。"), field=field)


def ensure_station_manager(actor: Any, station: Any) -> None:
    """Staff of the station's congress, or the station's own keeper."""
    scope = scope_of(actor)
    if station.pk in scope.station_ids or scope.has_in(station.congress_id, Role.STAFF):
        return
    raise PermissionDeniedError(_("只有本站联络员或本级人大工作人员可以执行此操作。"))


def ensure_staff(actor: Any, congress_id: int) -> None:
    if not scope_of(actor).has_in(congress_id, Role.STAFF):
        raise PermissionDeniedError(_("只有本级人大工作人员可以执行此操作。"))
