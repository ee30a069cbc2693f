"""Assigning cases to units, signing for them, extension and return requests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import clock
from renda.core.errors import ConflictError, RendaError, ValidationFailed
from renda.core.models import Organization

from .. import notices
from ..choices import ANSWERING_ROLES, AssignmentRole, AssignmentState, RequestState
from ..models import Assignment, Case, ExtensionRequest, ReturnRequest
from ._common import (
    apply_transition,
    audit,
    calendar_for,
    check_handling_unit,
    ensure,
    ensure_open,
    ensure_unit_member,
    lock_assignment,
    lock_case,
    policy_of,
    queue_notification,
    require_text,
    save_assignment,
    save_case,
    settings_for,
    staff_user_ids,
    sync,
    today,
    unit_user_ids,
)


def _new_assignment(
    *, case: Case, org: Organization, role: str, deadline: dt.date, actor: Any, now: dt.datetime
) -> Assignment:
    policy = policy_of(case)
    opinion_deadline = None
    if role == AssignmentRole.CO_HANDLER:
        opinion_deadline = min(
            deadline,
            policy.co_handler_opinion_deadline.compute(
                timezone.localdate(now), settings_for(case.congress_id), calendar_for(case)
            ),
        )
    return Assignment.objects.create(
        case=case,
        organization=org,
        role=role,
        deadline=deadline,
        first_deadline=deadline,
        round=case.rehandle_count + 1,
        assigned_at=now,
        assigned_by=actor,
        opinion_deadline=opinion_deadline,
    )


def _resolve_deadline(case: Case, deadline: dt.date | None) -> dt.date:
    if deadline is not None:
        if not isinstance(deadline, dt.date) or isinstance(deadline, dt.datetime):
            raise ValidationFailed(_("办理期限日期格式无效。"), field="deadline")
        if deadline < today():
            raise ValidationFailed(_("办理期限不能早于今天。"), field="deadline")
        return deadline
    policy = policy_of(case)
    return policy.reply_deadline.compute(today(), settings_for(case.congress_id), calendar_for(case))


def case_assign(
    *,
    actor: Any,
    case: Case,
    lead: Organization | None = None,
    co_handlers: Sequence[Organization] = (),
    separate: Sequence[Organization] = (),
    deadline: dt.date | None = None,
    note: str = "",
) -> Case:
    """交办: one lead unit with any co-handlers, or several units each handling it separately."""
    policy = policy_of(case)
    ensure(policy.can_assign, actor, case, _("只有本级人大工作人员可以交办案件。"))
    co_handlers, separate = list(co_handlers), list(separate)
    if lead is not None and separate:
        raise ValidationFailed(_("主办单位与分别办理不能同时选择。"), field="separate")
    if lead is None and not separate:
        raise ValidationFailed(_("请选择主办单位。"), field="lead")
    if separate and co_handlers:
        raise ValidationFailed(_("分别办理的案件不设协办单位。"), field="co_handlers")
    if separate and len(separate) < 2:
        raise ValidationFailed(_("分别办理须至少选择两个单位。"), field="separate")
    units: list[tuple[Organization, str, str]] = []
    if lead is not None:
        units.append((lead, AssignmentRole.LEAD, "lead"))
    units += [(org, AssignmentRole.CO_HANDLER, "co_handlers") for org in co_handlers]
    units += [(org, AssignmentRole.SEPARATE, "separate") for org in separate]
    seen: set[int] = set()
    for org, _role, field in units:
        check_handling_unit(org, case, field)
        if org.pk in seen:
            raise ValidationFailed(_("单位“%(u)s”重复选择。") % {"u": org}, field=field)
        seen.add(org.pk)
    due = _resolve_deadline(case, deadline)
    now = clock.now()
    with transaction.atomic():
        locked = lock_case(case)
        ensure_open(locked)
        before = {"state": locked.state}
        apply_transition(locked, "assign", actor)
        active = locked.assignments.filter(
            state__in=[AssignmentState.PENDING_SIGN, AssignmentState.HANDLING, AssignmentState.REPLIED]
        ).values_list("organization_id", flat=True)
        clash = seen & set(active)
        if clash:
            raise ConflictError(_("所选单位已在办理此案件。"))
        created = [
            _new_assignment(case=locked, org=o, role=r, deadline=due, actor=actor, now=now)
            for o, r, _f in units
        ]
        locked.due_at = due
        locked.assigned_at = now
        save_case(locked, ["state", "closed_at", "due_at", "assigned_at"])
        audit(
            actor,
            "case.assign",
            locked,
            before=before,
            after={
                "state": locked.state,
                "deadline": due,
                "note": (note or "").strip(),
                "assignments": [[a.pk, a.organization_id, a.role] for a in created],
            },
        )
        title, body = notices.assigned_to_unit(locked, due)
        queue_notification(
            unit_user_ids(seen), case=locked, verb="case.assign", title=title, body=body, sms=True
        )
        title, body = notices.assigned_for_party(locked, [str(o) for o, _r, _f in units])
        queue_notification(
            policy.party_user_ids(locked),
            case=locked,
            verb="case.assigned",
            title=title,
            body=body,
            exclude=actor,
        )
    sync(case, locked)
    return case


def case_assign_bulk(*, actor: Any, items: Iterable[dict[str, Any]]) -> list[Case]:
    """交办会: many cases in one call, all or nothing. Each item holds the ``case_assign`` arguments."""
    items = list(items)
    if not items:
        raise ValidationFailed(_("请至少选择一件案件。"), field="items")
    done: list[Case] = []
    with transaction.atomic():
        for index, item in enumerate(items):
            case = item.get("case")
            try:
                done.append(
                    case_assign(
                        actor=actor,
                        case=case,
                        lead=item.get("lead"),
                        co_handlers=item.get("co_handlers", ()),
                        separate=item.get("separate", ()),
                        deadline=item.get("deadline"),
                        note=item.get("note", ""),
                    )
                )
            except RendaError as exc:
                label = getattr(case, "number", "") or str(index + 1)
                exc.message = _("第%(i)s件(%(n)s):%(m)s") % {"i": index + 1, "n": label, "m": exc.message}
                exc.args = (exc.message,)
                exc.extra["index"] = index
                raise
    return done


def assignment_sign(*, actor: Any, assignment: Assignment) -> Assignment:
    """签收: the unit acknowledges the assignment and starts handling it."""
    ensure_unit_member(actor, assignment)
    with transaction.atomic():
        locked = lock_assignment(assignment)
        case = lock_case(locked.case, check_version=False)
        ensure_open(case)
        if locked.state != AssignmentState.PENDING_SIGN:
            raise ConflictError(_("该交办事项已签收或已不在办理中。"))
        locked.state = AssignmentState.HANDLING
        locked.signed_at = clock.now()
        locked.signed_by = actor
        save_assignment(locked, ["state", "signed_at", "signed_by"])
        before = case.state
        if apply_transition(case, "sign", actor, required=False) is not None:
            save_case(case, ["state", "closed_at"])
        audit(
            actor,
            "assignment.sign",
            case,
            before={"state": before},
            after={"assignment_id": locked.pk, "organization": locked.organization_id, "state": case.state},
        )
    sync(assignment, locked)
    return assignment


# --- extension ----------------------------------------------------------------------------------------


def extension_request(
    *, actor: Any, assignment: Assignment, requested_deadline: dt.date, reason: str
) -> ExtensionRequest:
    """延期申请: once per assignment, never beyond the policy's maximum counted from assignment."""
    ensure_unit_member(actor, assignment)
    reason = require_text(reason, "reason", _("延期理由"))
    if not isinstance(requested_deadline, dt.date):
        raise ValidationFailed(_("请填写申请延至的日期。"), field="requested_deadline")
    with transaction.atomic():
        locked = lock_assignment(assignment)
        case = locked.case
        ensure_open(case)
        policy = policy_of(case)
        if locked.state not in (AssignmentState.PENDING_SIGN, AssignmentState.HANDLING):
            raise ConflictError(_("该交办事项不在办理中,不能申请延期。"))
        used = locked.extension_requests.exclude(state=RequestState.REJECTED).count()
        if used >= policy.max_extensions:
            raise ConflictError(_("每件交办事项只能申请延期%(n)s次。") % {"n": policy.max_extensions})
        if requested_deadline <= locked.deadline:
            raise ValidationFailed(_("申请延至的日期须晚于现办理期限。"), field="requested_deadline")
        latest = policy.extension_max_total.compute(
            timezone.localdate(locked.assigned_at), settings_for(case.congress_id), calendar_for(case)
        )
        if requested_deadline > latest:
            raise ValidationFailed(
                _("延期后的期限不能晚于%(d)s(自交办起最长期限)。") % {"d": latest.isoformat()},
                field="requested_deadline",
            )
        request = ExtensionRequest.objects.create(
            assignment=locked,
            previous_deadline=locked.deadline,
            requested_deadline=requested_deadline,
            reason=reason,
            requested_by=actor,
            requested_at=clock.now(),
        )
        audit(
            actor,
            "extension.request",
            case,
            after={
                "assignment_id": locked.pk,
                "request_id": request.pk,
                "requested_deadline": requested_deadline,
            },
        )
        title, body = notices.extension_requested(case, locked.organization, reason)
        queue_notification(
            staff_user_ids(case.congress_id), case=case, verb="extension.request", title=title, body=body
        )
    return request


def extension_decide(
    *, actor: Any, request: ExtensionRequest, approve: bool, note: str = ""
) -> ExtensionRequest:
    """Staff approve or refuse an extension; the deputy is told of an approved one."""
    case = request.assignment.case
    policy = policy_of(case)
    ensure(policy.can_decide_requests, actor, case, _("只有本级人大工作人员可以审批延期。"))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationFailed(_("请填写不同意延期的理由。"), field="note")
    with transaction.atomic():
        locked_req = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
        if locked_req.state != RequestState.PENDING:
            raise ConflictError(_("该延期申请已处理。"))
        assignment = lock_assignment(locked_req.assignment, check_version=False)
        case = lock_case(assignment.case, check_version=False)
        now = clock.now()
        locked_req.state = RequestState.APPROVED if approve else RequestState.REJECTED
        locked_req.decided_by = actor
        locked_req.decided_at = now
        locked_req.decision_note = note
        if approve:
            assignment.deadline = locked_req.requested_deadline
            assignment.extended = True
            fields = ["deadline", "extended"]
            if assignment.round == 1:  # "on time" is measured against the first round's deadline
                assignment.first_deadline = locked_req.requested_deadline
                fields.append("first_deadline")
            save_assignment(assignment, fields)
            answering = case.assignments.filter(
                role__in=ANSWERING_ROLES, state__in=[AssignmentState.PENDING_SIGN, AssignmentState.HANDLING]
            ).values_list("deadline", flat=True)
            case.due_at = max([assignment.deadline, *answering])
            save_case(case, ["due_at"])
            locked_req.deputy_told_at = now
            title, body = notices.extension_approved_for_party(
                case, locked_req.requested_deadline, locked_req.reason
            )
            queue_notification(
                policy.party_user_ids(case),
                case=case,
                verb="extension.approved",
                title=title,
                body=body,
                sms=True,
            )
        locked_req.save()
        audit(
            actor,
            "extension.decide",
            case,
            after={
                "assignment_id": assignment.pk,
                "request_id": locked_req.pk,
                "approved": approve,
                "deadline": assignment.deadline,
                "note": note,
            },
        )
        title, body = notices.extension_decided(case, approve, note)
        queue_notification(
            unit_user_ids([assignment.organization_id]),
            case=case,
            verb="extension.decided",
            title=title,
            body=body,
        )
    sync(request, locked_req)
    return request


# --- return (退回) ------------------------------------------------------------------------------------


def return_request(
    *, actor: Any, assignment: Assignment, reason: str, suggested_unit: Organization | None = None
) -> ReturnRequest:
    """A unit asks to give the case back (not its remit), within the policy's window of working days."""
    ensure_unit_member(actor, assignment)
    reason = require_text(reason, "reason", _("退回理由"))
    with transaction.atomic():
        locked = lock_assignment(assignment)
        case = locked.case
        ensure_open(case)
        if locked.state not in (AssignmentState.PENDING_SIGN, AssignmentState.HANDLING):
            raise ConflictError(_("该交办事项不在办理中,不能申请退回。"))
        if locked.return_requests.filter(state=RequestState.PENDING).exists():
            raise ConflictError(_("已有待审批的退回申请。"))
        policy = policy_of(case)
        window_end = policy.return_window.compute(
            timezone.localdate(locked.assigned_at), settings_for(case.congress_id), calendar_for(case)
        )
        if today() > window_end:
            raise ConflictError(
                _("已超过申请退回的期限(%(d)s),请按原交办办理。") % {"d": window_end.isoformat()}
            )
        if suggested_unit is not None:
            check_handling_unit(suggested_unit, case, "suggested_unit")
        request = ReturnRequest.objects.create(
            assignment=locked,
            reason=reason,
            suggested_unit=suggested_unit,
            requested_by=actor,
            requested_at=clock.now(),
        )
        audit(actor, "return.request", case, after={"assignment_id": locked.pk, "request_id": request.pk})
        title, body = notices.return_requested(case, locked.organization, reason)
        queue_notification(
            staff_user_ids(case.congress_id), case=case, verb="return.request", title=title, body=body
        )
    return request


def return_decide(
    *,
    actor: Any,
    request: ReturnRequest,
    approve: bool,
    note: str = "",
    reassign_to: Organization | None = None,
    deadline: dt.date | None = None,
) -> ReturnRequest:
    """Staff decide a return request; when approving they may hand the case to another unit at once."""
    case = request.assignment.case
    policy = policy_of(case)
    ensure(policy.can_decide_requests, actor, case, _("只有本级人大工作人员可以审批退回申请。"))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationFailed(_("请填写不同意退回的理由。"), field="note")
    if not approve and reassign_to is not None:
        raise ValidationFailed(_("不同意退回时不能改交办。"), field="reassign_to")
    if reassign_to is not None:
        check_handling_unit(reassign_to, case, "reassign_to")
        due = _resolve_deadline(case, deadline)
    with transaction.atomic():
        locked_req = ReturnRequest.objects.select_for_update().get(pk=request.pk)
        if locked_req.state != RequestState.PENDING:
            raise ConflictError(_("该退回申请已处理。"))
        assignment = lock_assignment(locked_req.assignment, check_version=False)
        case = lock_case(assignment.case, check_version=False)
        now = clock.now()
        locked_req.state = RequestState.APPROVED if approve else RequestState.REJECTED
        locked_req.decided_by = actor
        locked_req.decided_at = now
        locked_req.decision_note = note
        before = case.state
        if approve:
            assignment.state = AssignmentState.RETURNED
            save_assignment(assignment, ["state"])
            if reassign_to is not None:
                if case.assignments.filter(
                    organization=reassign_to,
                    state__in=[
                        AssignmentState.PENDING_SIGN,
                        AssignmentState.HANDLING,
                        AssignmentState.REPLIED,
                    ],
                ).exists():
                    raise ConflictError(_("所选单位已在办理此案件。"))
                new = _new_assignment(
                    case=case, org=reassign_to, role=assignment.role, deadline=due, actor=actor, now=now
                )
                locked_req.reassigned_to = new
                if new.role in ANSWERING_ROLES:
                    case.due_at = due
                title, body = notices.assigned_to_unit(case, due)
                queue_notification(
                    unit_user_ids([reassign_to.pk]),
                    case=case,
                    verb="case.assign",
                    title=title,
                    body=body,
                    sms=True,
                )
            remaining = case.assignments.filter(
                role__in=ANSWERING_ROLES,
                state__in=[AssignmentState.PENDING_SIGN, AssignmentState.HANDLING, AssignmentState.REPLIED],
            ).exists()
            if not remaining:
                apply_transition(case, "unassign", actor, required=False)
            save_case(case, ["state", "closed_at", "due_at"])
        locked_req.save()
        audit(
            actor,
            "return.decide",
            case,
            before={"state": before},
            after={
                "assignment_id": assignment.pk,
                "request_id": locked_req.pk,
                "approved": approve,
                "reassigned_to": locked_req.reassigned_to_id,
                "state": case.state,
                "note": note,
            },
        )
        title, body = notices.return_decided(case, approve, note)
        queue_notification(
            unit_user_ids([assignment.organization_id]),
            case=case,
            verb="return.decided",
            title=title,
            body=body,
        )
    sync(request, locked_req)
    return request
