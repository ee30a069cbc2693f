"""Writes on deputies, mandates and deputy groups. The only place these change.

Who may: the congress's staff (代表工委 and the office) and system administrators of that congress
register deputies, groups and mandates. The demo loader (``renda.core.demo``) is the bootstrap and
writes rows directly, since there is no acting user before the first accounts exist.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core.choices import OrganizationKind, Role
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.core.models import Congress, Organization, Term
from renda.core.scopes import scope_of

from .choices import (
    GRASSROOTS_CATEGORIES,
    Education,
    Gender,
    MandateEndReason,
    OccupationCategory,
    PoliticalAffiliation,
)
from .models import Deputy, DeputyGroup, DeputyMandate

MANAGER_ROLES = (Role.STAFF, Role.SYSTEM_ADMIN)


def _ensure_manages(actor: Any, congress: Congress) -> None:
    if not scope_of(actor).has_in(congress.pk, *MANAGER_ROLES):
        raise PermissionDeniedError(_("您没有管理该人大代表信息的权限。"))


def _deputy_snapshot(deputy: Deputy) -> dict[str, Any]:
    return {
        "full_name": deputy.full_name,
        "gender": deputy.gender,
        "ethnicity": deputy.ethnicity,
        "birth_date": deputy.birth_date,
        "party": deputy.party,
        "education": deputy.education,
        "occupation": deputy.occupation,
        "phone": deputy.phone,
    }


def _mandate_snapshot(mandate: DeputyMandate) -> dict[str, Any]:
    return {
        "deputy": mandate.deputy_id,
        "congress": mandate.congress_id,
        "term": mandate.term_id,
        "constituency": mandate.constituency,
        "delegation": mandate.delegation,
        "group": mandate.group_id,
        "station": mandate.station_id,
        "occupation_category": mandate.occupation_category,
        "is_grassroots": mandate.is_grassroots,
        "is_reelected": mandate.is_reelected,
        "is_standing_committee_member": mandate.is_standing_committee_member,
        "is_full_time": mandate.is_full_time,
        "started_on": mandate.started_on,
        "ended_on": mandate.ended_on,
        "end_reason": mandate.end_reason,
    }


def _choice(value: str, choices: Any, field: str, message: str, *, blank: bool = False) -> str:
    if blank and value == "":
        return value
    if value not in choices.values:
        raise ValidationFailed(message, field=field)
    return value


def deputy_create(
    *,
    actor: Any,
    congress: Congress,
    full_name: str,
    gender: str,
    ethnicity: str = "汉族",
    birth_date: datetime.date | None = None,
    party: str = PoliticalAffiliation.MASSES,
    education: str = "",
    occupation: str = "",
    phone: str = "",
) -> Deputy:
    """Register a person as a deputy of ``congress`` (their mandate is added with ``deputy_mandate_create``)."""
    _ensure_manages(actor, congress)
    full_name = (full_name or "").strip()
    if not full_name:
        raise ValidationFailed(_("请填写代表姓名。"), field="full_name")
    _choice(gender, Gender, "gender", _("请选择性别。"))
    _choice(party, PoliticalAffiliation, "party", _("政治面貌无效。"))
    _choice(education, Education, "education", _("文化程度无效。"), blank=True)
    if not (ethnicity or "").strip():
        raise ValidationFailed(_("请填写民族。"), field="ethnicity")
    with transaction.atomic():
        deputy = Deputy.objects.create(
            full_name=full_name,
            gender=gender,
            ethnicity=ethnicity.strip(),
            birth_date=birth_date,
            party=party,
            education=education,
            occupation=(occupation or "").strip(),
            phone=(phone or "").strip(),
        )
        record_event(
            actor=actor,
            action="deputy.create",
            target=deputy,
            congress=congress,
            after=_deputy_snapshot(deputy),
        )
    return deputy


def deputy_group_create(
    *, actor: Any, congress: Congress, name: str, area: Organization | None = None, sort_order: int = 100
) -> DeputyGroup:
    _ensure_manages(actor, congress)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("请填写代表小组名称。"), field="name")
    if area is not None and area.congress_id != congress.pk:
        raise ValidationFailed(_("所在乡镇必须属于同一人大。"), field="area")
    if DeputyGroup.objects.filter(congress=congress, name=name).exists():
        raise ValidationFailed(_("已有名为“%(name)s”的代表小组。") % {"name": name}, field="name")
    with transaction.atomic():
        group = DeputyGroup.objects.create(congress=congress, name=name, area=area, sort_order=sort_order)
        record_event(
            actor=actor, action="deputy_group.create", target=group, congress=congress, after={"name": name}
        )
    return group


def deputy_mandate_create(
    *,
    actor: Any,
    deputy: Deputy,
    term: Term,
    started_on: datetime.date,
    constituency: str = "",
    delegation: str = "",
    group: DeputyGroup | None = None,
    station: Organization | None = None,
    occupation_category: str = OccupationCategory.OTHER,
    is_grassroots: bool | None = None,
    is_reelected: bool = False,
    is_standing_committee_member: bool = False,
    is_full_time: bool = False,
) -> DeputyMandate:
    """Seat ``deputy`` in the congress of ``term``. One active mandate per person, congress and term."""
    congress = term.congress
    _ensure_manages(actor, congress)
    _choice(occupation_category, OccupationCategory, "occupation_category", _("职业构成无效。"))
    if group is not None and group.congress_id != congress.pk:
        raise ValidationFailed(_("代表小组必须属于该人大。"), field="group")
    if station is not None:
        if station.kind != OrganizationKind.LIAISON_STATION:
            raise ValidationFailed(_("所选机构不是代表联络站。"), field="station")
        # Deputies of a township enter the county's stations and the other way round, never a
        # station of another county.
        related = station.congress_id in [
            congress.pk,
            *congress.ancestors(),
        ] or station.congress.path.startswith(congress.path)
        if not related:
            raise ValidationFailed(_("代表联络站不属于本级或上下级人大。"), field="station")
    if is_standing_committee_member and not congress.has_standing_committee:
        raise ValidationFailed(_("乡镇人大不设常务委员会。"), field="is_standing_committee_member")
    if is_grassroots is None:
        is_grassroots = occupation_category in GRASSROOTS_CATEGORIES
    with transaction.atomic():
        if DeputyMandate.objects.active().filter(deputy=deputy, congress=congress, term=term).exists():
            raise ConflictError(_("该代表在本届已有有效的代表资格。"), field="deputy")
        try:
            with transaction.atomic():
                mandate = DeputyMandate.objects.create(
                    deputy=deputy,
                    congress=congress,
                    term=term,
                    constituency=(constituency or "").strip(),
                    delegation=(delegation or "").strip(),
                    group=group,
                    station=station,
                    occupation_category=occupation_category,
                    is_grassroots=is_grassroots,
                    is_reelected=is_reelected,
                    is_standing_committee_member=is_standing_committee_member,
                    is_full_time=is_full_time,
                    started_on=started_on,
                )
        except IntegrityError as exc:
            raise ConflictError(_("该代表在本届已有有效的代表资格。"), field="deputy") from exc
        record_event(
            actor=actor,
            action="deputy_mandate.create",
            target=mandate,
            congress=congress,
            after=_mandate_snapshot(mandate),
        )
    return mandate


def deputy_mandate_end(
    *, actor: Any, mandate: DeputyMandate, ended_on: datetime.date, reason: str
) -> DeputyMandate:
    """End a mandate (任期届满、辞职、罢免、资格终止、去世)."""
    _ensure_manages(actor, mandate.congress)
    _choice(reason, MandateEndReason, "end_reason", _("请选择终止原因。"))
    if ended_on < mandate.started_on:
        raise ValidationFailed(_("终止日期不能早于当选日期。"), field="ended_on")
    with transaction.atomic():
        locked = DeputyMandate.objects.select_for_update().get(pk=mandate.pk)
        if locked.ended_on is not None:
            raise ConflictError(_("该代表资格已经终止。"))
        before = _mandate_snapshot(locked)
        locked.ended_on = ended_on
        locked.end_reason = reason
        locked.save(update_fields=["ended_on", "end_reason"])
        record_event(
            actor=actor,
            action="deputy_mandate.end",
            target=locked,
            congress=locked.congress,
            before=before,
            after=_mandate_snapshot(locked),
        )
    return locked
