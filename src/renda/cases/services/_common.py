"""Helpers the case services share: locking, transitions, audit snapshots, notifications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.choices import UNIT_ROLES, Role
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.core.models import Membership, Organization
from renda.core.scopes import Scope, scope_of
from renda.core.text import require_text  # noqa: F401  (the case services import it from here)

from ..calendar import WorkCalendar
from ..choices import AssignmentState
from ..models import Assignment, Case, CaseSetting
from ..policies import CasePolicy, Transition, get_policy
from .summary import cases_changed

STALE_CASE = _("该案件已被他人修改,请刷新页面后重试。")
STALE_ASSIGNMENT = _("该交办事项已被他人修改,请刷新页面后重试。")


def today() -> dt.date:
    return clock.today()


def settings_for(congress_id: int) -> CaseSetting:
    """The congress's saved settings, or the defaults (unsaved) when it has none."""
    found = CaseSetting.objects.filter(congress_id=congress_id).first()
    return found if found is not None else CaseSetting(congress_id=congress_id)


# --- optimistic locking ------------------------------------------------------------------------------


def lock_case(case: Case, *, check_version: bool = True) -> Case:
    """Re-read the case under a row lock; a stale copy (another change came first) is a conflict."""
    try:
        fresh = Case.objects.select_for_update().get(pk=case.pk)
    except Case.DoesNotExist:
        raise ConflictError(STALE_CASE) from None
    if check_version and fresh.version != case.version:
        raise ConflictError(STALE_CASE)
    return fresh


def save_case(case: Case, fields: Iterable[str]) -> Case:
    """Write ``fields`` where the version is still the one read, and bump it."""
    values = {name: getattr(case, name) for name in set(fields)}
    now = clock.now()
    updated = Case.objects.filter(pk=case.pk, version=case.version).update(
        version=F("version") + 1, updated_at=now, **values
    )
    if updated != 1:  # pragma: no cover - the row lock makes this unreachable; kept as the last guard
        raise ConflictError(STALE_CASE)
    case.version += 1
    case.updated_at = now
    cases_changed([case.pk])
    return case


def lock_assignment(assignment: Assignment, *, check_version: bool = True) -> Assignment:
    try:
        fresh = (
            Assignment.objects.select_for_update()
            .select_related("case", "organization")
            .get(pk=assignment.pk)
        )
    except Assignment.DoesNotExist:
        raise ConflictError(STALE_ASSIGNMENT) from None
    if check_version and fresh.version != assignment.version:
        raise ConflictError(STALE_ASSIGNMENT)
    return fresh


def save_assignment(assignment: Assignment, fields: Iterable[str]) -> Assignment:
    values = {name: getattr(assignment, name) for name in set(fields)}
    updated = Assignment.objects.filter(pk=assignment.pk, version=assignment.version).update(
        version=F("version") + 1, **values
    )
    if updated != 1:  # pragma: no cover - guarded by the row lock
        raise ConflictError(STALE_ASSIGNMENT)
    assignment.version += 1
    cases_changed([assignment.case_id])
    return assignment


def sync(stale: Any, fresh: Any) -> None:
    """Bring the caller's copy up to date after a successful write (so it can be used again)."""
    if stale is not fresh:
        stale.__dict__.update({k: v for k, v in fresh.__dict__.items() if not k.startswith("_")})
        stale._state.fields_cache = dict(fresh._state.fields_cache)


# --- transitions ---------------------------------------------------------------------------------------


def apply_transition(
    case: Case, name: str, actor: Any, *, required: bool = True, check_actor: bool = True
) -> Transition | None:
    """Move ``case`` (a locked copy) along the policy's transition ``name``; fields are set, not saved."""
    policy = get_policy(case.kind)
    transition = policy.find_transition(name, case.state)
    if transition is None:
        if required:
            raise ConflictError(
                _("案件当前状态为“%(state)s”,不能执行此操作。") % {"state": policy.state_label(case.state)}
            )
        return None
    if check_actor and not transition.allowed(actor, case, scope_of(actor)):
        raise PermissionDeniedError(_("您没有权限执行“%(label)s”。") % {"label": transition.label})
    if not policy.is_open_state(transition.to_state):
        ensure_assignments_signed(case)
    case.state = transition.to_state
    if policy.is_open_state(transition.to_state):
        case.closed_at = None
    elif case.closed_at is None:
        case.closed_at = clock.now()
    return transition


def unsigned_units(case: Case) -> list[str]:
    """The units (by name) with an assignment of ``case`` never signed for (returned/withdrawn aside)."""
    return list(
        case.assignments.filter(signed_at__isnull=True)
        .exclude(state__in=[AssignmentState.RETURNED, AssignmentState.WITHDRAWN])
        .order_by("role", "id")
        .values_list("organization__name", flat=True)
    )


def ensure_assignments_signed(case: Case) -> None:
    """``close_requires_signed_assignments``: a case closes only when every unit has signed for it.

    Signing (签收) is the unit's own acknowledgement; replying never stands in for it (the engine
    refuses every handling step, replies and co-handler opinions included, before signing), so the
    units this finds are those that never acted: typically a co-handler the lead replied without.
    """
    if not get_policy(case.kind).close_requires_signed_assignments:
        return
    names = unsigned_units(case)
    if names:
        raise ConflictError(
            _("承办单位“%(u)s”尚未签收交办事项,案件不能办结。请督促其签收后再办结。")
            % {"u": "”、“".join(names)}
        )


def ensure(predicate: Any, actor: Any, case: Case, message: str) -> Scope:
    scope = scope_of(actor)
    if not predicate(actor, case, scope):
        raise PermissionDeniedError(message)
    return scope


def ensure_unit_member(actor: Any, assignment: Assignment) -> Scope:
    scope = scope_of(actor)
    if assignment.organization_id not in scope.handling_unit_ids:
        raise PermissionDeniedError(
            _("只有承办单位“%(u)s”的人员可以办理此事项。") % {"u": assignment.organization}
        )
    return scope


def ensure_open(case: Case) -> None:
    if case.closed_at is not None:
        raise ConflictError(_("案件“%(n)s”已办结,不能再办理。") % {"n": case.number})


def check_handling_unit(org: Organization, case: Case, field: str) -> None:
    if org.congress_id != case.congress_id:
        raise ValidationFailed(_("承办单位“%(u)s”不属于本级人大。") % {"u": org}, field=field)
    if not org.is_active:
        raise ValidationFailed(_("承办单位“%(u)s”已停用,不能交办。") % {"u": org}, field=field)
    if org.kind not in policy_of(case).assignable_unit_kinds:
        raise ValidationFailed(_("“%(u)s”不是承办单位,不能交办。") % {"u": org}, field=field)


def calendar_for(case: Case) -> WorkCalendar:
    return WorkCalendar(case.congress_id)


def policy_of(case: Case) -> CasePolicy:
    return get_policy(case.kind)


# --- audit ---------------------------------------------------------------------------------------------


def audit(
    actor: Any, action: str, case: Case, *, before: dict | None = None, after: dict | None = None
) -> None:
    """Every case event targets the case itself, so one indexed query gives the timeline."""
    payload = {"case_id": case.pk, **(after or {})}
    record_event(
        actor=actor, action=action, target=case, congress=case.congress, before=before, after=payload
    )


# --- notifications after commit ---------------------------------------------------------------------------


def unit_user_ids(org_ids: Iterable[int]) -> set[int]:
    return set(
        Membership.objects.filter(
            organization_id__in=list(org_ids), role__in=UNIT_ROLES, is_active=True, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def congress_user_ids(congress_id: int, *roles: str) -> set[int]:
    return set(
        Membership.objects.filter(
            organization__congress_id=congress_id, role__in=roles, is_active=True, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def unit_leader_ids(org_ids: Iterable[int]) -> set[int]:
    """The active unit leaders (承办单位负责人) of the units: who signs their replies off."""
    return set(
        Membership.objects.filter(
            organization_id__in=list(org_ids), role=Role.UNIT_LEADER, is_active=True, user__is_active=True
        ).values_list("user_id", flat=True)
    )


def staff_user_ids(congress_id: int) -> set[int]:
    return congress_user_ids(congress_id, Role.STAFF)


def queue_notification(
    recipient_ids: Iterable[int],
    *,
    case: Case,
    verb: str,
    title: str,
    body: str = "",
    email: bool = True,
    sms: bool = False,
    exclude: Any = None,
) -> None:
    """Notify after the transaction commits (nothing is sent for a rolled-back change)."""
    ids = set(recipient_ids)
    if exclude is not None and getattr(exclude, "pk", None):
        ids.discard(exclude.pk)
    if not ids:
        return
    url = policy_of(case).notify_url(case)
    case_id, congress_id = case.pk, case.congress_id

    def send() -> None:
        from renda.notifications.services import notify

        notify(
            recipients=sorted(ids),
            verb=verb,
            title=title,
            body=body,
            url=url,
            case_id=case_id,
            congress_id=congress_id,
            email=email,
            sms=sms,
        )

    transaction.on_commit(send)
