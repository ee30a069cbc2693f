"""Writes on deputies, mandates and deputy groups. The only place these change.

Who may: the congress's staff (代表工委 and the office) and system administrators of that congress
register deputies, groups and mandates. The demo loader (``renda.demo``) is the bootstrap and
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
    StandingCommitteePosition,
)
from .models import Deputy, DeputyGroup, DeputyMandate

MANAGER_ROLES = (Role.STAFF,)


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
        "has_fixed_income": deputy.has_fixed_income,
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
        "nominated_by_committee": mandate.nominated_by_committee,
        "is_standing_committee_member": mandate.is_standing_committee_member,
        "is_full_time": mandate.is_full_time,
        "has_legal_practice": mandate.has_legal_practice,
        "holds_leadership_post": mandate.holds_leadership_post,
        "sc_position": mandate.sc_position,
        "started_on": mandate.started_on,
        "remarks": mandate.remarks,
        "ended_on": mandate.ended_on,
        "end_reason": mandate.end_reason,
        "end_note": mandate.end_note,
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
    id_number: str = "",
    has_fixed_income: bool = True,
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
    encrypted, id_hash = _identity(id_number)
    with transaction.atomic():
        if id_hash and Deputy.objects.filter(id_number_hash=id_hash).exists():
            raise ConflictError(_("该身份证号已登记为其他代表。"), field="id_number")
        deputy = Deputy.objects.create(
            id_number_encrypted=encrypted,
            id_number_hash=id_hash,
            has_fixed_income=bool(has_fixed_income),
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


def _identity(id_number: str) -> tuple[str, str]:
    from . import identity

    number = identity.normalise(id_number)
    if not number:
        return "", ""
    problem = identity.id_number_problem(number)
    if problem:
        raise ValidationFailed(problem, field="id_number")
    return identity.encrypt(number), identity.keyed_hash(number)


DEPUTY_EDITABLE = ("full_name", "gender", "ethnicity", "birth_date", "party", "education", "occupation",
                   "phone", "has_fixed_income")  # fmt: skip
MANDATE_EDITABLE = ("constituency", "delegation", "group", "station", "occupation_category", "is_grassroots",
                    "is_reelected", "nominated_by_committee", "is_standing_committee_member", "is_full_time", "has_legal_practice",
                    "holds_leadership_post", "sc_position", "started_on", "remarks")  # fmt: skip


def deputy_mandate_update(
    *, actor: Any, mandate: DeputyMandate, id_number: str | None = None, **changes: Any
) -> DeputyMandate:
    """Edit a mandate and its person (staff of the mandate's congress). Unknown fields are refused."""
    congress = mandate.congress
    _ensure_manages(actor, congress)
    unknown = set(changes) - set(DEPUTY_EDITABLE) - set(MANDATE_EDITABLE)
    if unknown:
        raise ValidationFailed(
            _("不能修改:%(f)s") % {"f": "、".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    deputy = mandate.deputy
    if "full_name" in changes:
        changes["full_name"] = (changes["full_name"] or "").strip()
        if not changes["full_name"]:
            raise ValidationFailed(_("请填写代表姓名。"), field="full_name")
    # Gender, party, occupation category and election date may stay empty (信息不完整, filled in later).
    if "gender" in changes:
        _choice(changes["gender"] or "", Gender, "gender", _("请选择性别。"), blank=True)
    if "party" in changes:
        _choice(changes["party"] or "", PoliticalAffiliation, "party", _("政治面貌无效。"), blank=True)
    if "ethnicity" in changes:
        changes["ethnicity"] = (changes["ethnicity"] or "").strip()
    if "remarks" in changes:
        changes["remarks"] = (changes["remarks"] or "").strip()
    if "education" in changes:
        _choice(changes["education"], Education, "education", _("文化程度无效。"), blank=True)
    if "occupation_category" in changes:
        _choice(
            changes["occupation_category"] or "",
            OccupationCategory,
            "occupation_category",
            _("职业构成无效。"),
            blank=True,
        )
    if "sc_position" in changes:
        _choice(
            changes["sc_position"],
            StandingCommitteePosition,
            "sc_position",
            _("常委会职务无效。"),
            blank=True,
        )
    group = changes.get("group")
    if group is not None and group.congress_id != congress.pk:
        raise ValidationFailed(_("代表小组必须属于该人大。"), field="group")
    station = changes.get("station")
    if station is not None and station.kind != OrganizationKind.LIAISON_STATION:
        raise ValidationFailed(_("所选机构不是代表联络站。"), field="station")
    if changes.get("is_standing_committee_member") and not congress.has_standing_committee:
        raise ValidationFailed(_("乡镇人大不设常务委员会。"), field="is_standing_committee_member")
    with transaction.atomic():
        locked = DeputyMandate.objects.select_for_update().select_related("deputy").get(pk=mandate.pk)
        before = {**_mandate_snapshot(locked), **_deputy_snapshot(locked.deputy)}
        d_fields = [k for k in changes if k in DEPUTY_EDITABLE]
        m_fields = [k for k in changes if k in MANDATE_EDITABLE]
        if "birth_date" in changes and changes["birth_date"] != locked.deputy.birth_date:
            locked.deputy.birth_day_unknown = False  # a date entered by hand is a whole date
            d_fields.append("birth_day_unknown")
        for k in d_fields:
            if k in changes:
                setattr(locked.deputy, k, changes[k])
        if id_number is not None:
            encrypted, id_hash = _identity(id_number)
            if id_hash and Deputy.objects.filter(id_number_hash=id_hash).exclude(pk=deputy.pk).exists():
                raise ConflictError(_("该身份证号已登记为其他代表。"), field="id_number")
            locked.deputy.id_number_encrypted = encrypted
            locked.deputy.id_number_hash = id_hash
            d_fields += ["id_number_encrypted", "id_number_hash"]
        for k in m_fields:
            setattr(locked, k, changes[k])
        if locked.ended_on is not None and locked.started_on and locked.ended_on < locked.started_on:
            raise ValidationFailed(_("当选日期不能晚于终止日期。"), field="started_on")
        if d_fields:
            locked.deputy.save(update_fields=d_fields)
        if m_fields:
            locked.save(update_fields=m_fields)
        after = {**_mandate_snapshot(locked), **_deputy_snapshot(locked.deputy)}
        record_event(
            actor=actor, action="deputy_mandate.update", target=locked, congress=congress,
            before={k: v for k, v in before.items() if after.get(k) != v},
            after={**{k: v for k, v in after.items() if before.get(k) != v},
                   **({"id_number": "changed"} if id_number is not None else {})},
        )  # fmt: skip
    return locked


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
    has_legal_practice: bool = False,
    holds_leadership_post: bool = False,
    sc_position: str = "",
    nominated_by_committee: bool = False,
    remarks: str = "",
) -> DeputyMandate:
    """Seat ``deputy`` in the congress of ``term``. One active mandate per person, congress and term.
    (The elections app seats those it confirms through here, with what the election knew.)"""
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
                    nominated_by_committee=bool(nominated_by_committee and is_reelected),
                    remarks=(remarks or "").strip()[:1000],
                    is_standing_committee_member=is_standing_committee_member,
                    is_full_time=is_full_time,
                    has_legal_practice=has_legal_practice,
                    holds_leadership_post=holds_leadership_post,
                    sc_position=sc_position,
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
    *, actor: Any, mandate: DeputyMandate, ended_on: datetime.date, reason: str, note: str = ""
) -> DeputyMandate:
    """End a mandate (任期届满、辞职、罢免、资格终止、去世)."""
    _ensure_manages(actor, mandate.congress)
    _choice(reason, MandateEndReason, "end_reason", _("请选择终止原因。"))
    if mandate.started_on is not None and ended_on < mandate.started_on:
        raise ValidationFailed(_("终止日期不能早于当选日期。"), field="ended_on")
    with transaction.atomic():
        locked = DeputyMandate.objects.select_for_update().get(pk=mandate.pk)
        if locked.ended_on is not None:
            raise ConflictError(_("该代表资格已经终止。"))
        before = _mandate_snapshot(locked)
        locked.ended_on = ended_on
        locked.end_reason = reason
        locked.end_note = (note or "").strip()[:300]
        locked.save(update_fields=["ended_on", "end_reason", "end_note"])
        record_event(
            actor=actor,
            action="deputy_mandate.end",
            target=locked,
            congress=locked.congress,
            before=before,
            after=_mandate_snapshot(locked),
        )
    return locked


# The performance record's writes live in their own module; one import path for callers.
from .record_services import (  # noqa: E402
    activity_attach,
    activity_create,
    activity_self_report,
    activity_sign_in,
    ensure_manages,
    exit_warning_follow_up,
    exit_warnings_refresh,
    fund_entry_create,
    participation_remove,
    participation_set_attendance,
    participation_verify,
    point_rules_update,
    ranking_publication_create,
    ranking_publication_set_published,
    voter_rating_submit,
    voter_report_record,
    voter_report_schedule,
)

__all__ = [
    "activity_attach", "activity_create", "activity_self_report", "activity_sign_in", "deputy_create",
    "deputy_group_create", "deputy_mandate_create", "deputy_mandate_end", "deputy_mandate_update",
    "ensure_manages", "exit_warning_follow_up", "exit_warnings_refresh", "fund_entry_create",
    "participation_remove", "participation_set_attendance", "participation_verify", "point_rules_update",
    "ranking_publication_create", "ranking_publication_set_published", "voter_rating_submit",
    "voter_report_record", "voter_report_schedule",
]  # fmt: skip
