"""What units do with an assignment: plan, contact, report progress, send co-handler opinions, reply."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import clock
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed

from .. import notices
from ..choices import (
    ANSWERING_ROLES,
    FOLLOW_UP_CLASSES,
    AssignmentRole,
    AssignmentState,
    ContactMode,
    ContactPhase,
)
from ..models import Assignment, Contact, HandlingPlan, ProgressReport, Reply
from ..reply_classes import normalize_reply_class
from ._common import (
    apply_transition,
    audit,
    ensure_open,
    ensure_unit_member,
    lock_assignment,
    lock_case,
    policy_of,
    queue_notification,
    require_text,
    save_assignment,
    save_case,
    staff_user_ids,
    sync,
    unit_leader_ids,
    unit_user_ids,
)
from .summary import cases_changed, refresh_case_summaries


def lock_handling(actor: Any, assignment: Assignment) -> Assignment:
    """Lock an assignment the actor's unit is handling (signed for, not replied, case open)."""
    ensure_unit_member(actor, assignment)
    locked = lock_assignment(assignment)
    ensure_open(locked.case)
    if locked.state == AssignmentState.PENDING_SIGN:
        raise ConflictError(_("请先签收该交办事项。"))
    if locked.state != AssignmentState.HANDLING:
        raise ConflictError(_("该交办事项当前为“%(s)s”,不能继续办理。") % {"s": locked.get_state_display()})
    return locked


def plan_submit(
    *,
    actor: Any,
    assignment: Assignment,
    text: str,
    responsible_person: str = "",
    planned_finish: dt.date | None = None,
) -> HandlingPlan:
    """办理工作方案."""
    text = require_text(text, "text", _("方案内容"))
    with transaction.atomic():
        locked = lock_handling(actor, assignment)
        if planned_finish is not None and planned_finish < timezone.localdate(locked.assigned_at):
            raise ValidationFailed(_("计划完成日期不能早于交办日期。"), field="planned_finish")
        plan = HandlingPlan.objects.create(
            assignment=locked,
            text=text,
            responsible_person=(responsible_person or "").strip()[:50],
            planned_finish=planned_finish,
            submitted_by=actor,
            submitted_at=clock.now(),
        )
        audit(actor, "assignment.plan", locked.case, after={"assignment_id": locked.pk, "plan_id": plan.pk})
    return plan


def contact_record(
    *,
    actor: Any,
    assignment: Assignment,
    contacted_at: dt.datetime,
    mode: str,
    phase: str,
    unit_person: str,
    counterpart: str,
    summary: str,
) -> Contact:
    """办前、办中、办后沟通: who from the unit talked with whom, how, and what was said."""
    if mode not in ContactMode.values:
        raise ValidationFailed(_("请选择沟通方式。"), field="mode")
    if phase not in ContactPhase.values:
        raise ValidationFailed(_("请选择沟通阶段。"), field="phase")
    unit_person = require_text(unit_person, "unit_person", _("单位沟通人"), 100)
    counterpart = require_text(counterpart, "counterpart", _("沟通对象"), 100)
    summary = require_text(summary, "summary", _("沟通内容"))
    if not isinstance(contacted_at, dt.datetime) or timezone.is_naive(contacted_at):
        raise ValidationFailed(_("请填写沟通时间。"), field="contacted_at")
    if contacted_at > clock.now() + dt.timedelta(minutes=5):
        raise ValidationFailed(_("沟通时间不能晚于现在。"), field="contacted_at")
    with transaction.atomic():
        locked = lock_handling(actor, assignment)
        if contacted_at < locked.assigned_at - dt.timedelta(days=1):
            raise ValidationFailed(_("沟通时间不能早于交办时间。"), field="contacted_at")
        contact = Contact.objects.create(
            assignment=locked,
            contacted_at=contacted_at,
            mode=mode,
            phase=phase,
            unit_person=unit_person,
            counterpart=counterpart,
            summary=summary,
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        # a contact dated before replies already written makes them "contacted before reply"
        Reply.objects.filter(
            assignment=locked, replied_at__gte=contacted_at, contacted_before_reply=False
        ).update(contacted_before_reply=True)
        cases_changed([locked.case_id])
        audit(
            actor,
            "assignment.contact",
            locked.case,
            after={"assignment_id": locked.pk, "contact_id": contact.pk, "mode": mode, "phase": phase},
        )
    return contact


def progress_report(
    *, actor: Any, assignment: Assignment, text: str, percent_done: int | None = None
) -> ProgressReport:
    """办理进展."""
    text = require_text(text, "text", _("进展情况"))
    if percent_done is not None and not (0 <= int(percent_done) <= 100):
        raise ValidationFailed(_("完成进度须在0到100之间。"), field="percent_done")
    with transaction.atomic():
        locked = lock_handling(actor, assignment)
        report = ProgressReport.objects.create(
            assignment=locked,
            text=text,
            percent_done=percent_done,
            reported_by=actor,
            reported_at=clock.now(),
        )
        audit(
            actor,
            "assignment.progress",
            locked.case,
            after={"assignment_id": locked.pk, "report_id": report.pk, "percent_done": percent_done},
        )
        title, body = notices.progress(locked.case, locked.organization, text)
        queue_notification(
            policy_of(locked.case).party_user_ids(locked.case),
            case=locked.case,
            verb="assignment.progress",
            title=title,
            body=body,
            email=False,
        )
    return report


def co_handler_opinion_send(*, actor: Any, assignment: Assignment, opinion: str) -> Assignment:
    """协办意见: a co-handler sends its opinion to the lead unit."""
    if assignment.role != AssignmentRole.CO_HANDLER:
        raise ValidationFailed(_("只有协办单位需要提交协办意见。"), field="assignment")
    opinion = require_text(opinion, "opinion", _("协办意见"))
    with transaction.atomic():
        locked = lock_handling(actor, assignment)
        locked.opinion = opinion
        locked.opinion_sent_at = clock.now()
        locked.state = AssignmentState.REPLIED
        locked.replied_at = locked.opinion_sent_at
        save_assignment(locked, ["opinion", "opinion_sent_at", "state", "replied_at"])
        case = locked.case
        audit(actor, "assignment.co_opinion", case, after={"assignment_id": locked.pk})
        leads = case.assignments.filter(role=AssignmentRole.LEAD).values_list("organization_id", flat=True)
        title, body = notices.co_opinion(case, locked.organization, opinion)
        queue_notification(
            unit_user_ids(leads),
            case=case,
            verb="assignment.co_opinion",
            title=title,
            body=body,
        )
    sync(assignment, locked)
    return assignment


def reply_submit(
    *,
    actor: Any,
    assignment: Assignment,
    classification: str,
    text: str,
    signing_leader: str = "",
    is_final: bool | None = None,
    reason_without_contact: str = "",
    reason_without_co_handler: str = "",
) -> Reply:
    """答复: the lead (or a separate) unit replies. Without any contact record the unit must say why.

    A and D replies are final by default; B and C replies keep the case under follow-up until the unit
    sends a final reply. Where the kind waits for co-handlers (``co_handler_opinion_before_reply``) a
    reply before every co-handler's opinion needs ``reason_without_co_handler``. Where the kind wants
    replies signed off (``reply_requires_sign_off``) only the unit's leader replies directly (their name
    is the signing leader); a clerk drafts (``reply_draft_submit``) — unless the unit has no leader account.
    """
    if assignment.role not in ANSWERING_ROLES:
        raise PermissionDeniedError(_("只有主办单位可以答复,协办单位请提交协办意见。"))
    scope = ensure_unit_member(actor, assignment)
    policy = policy_of(assignment.case)
    is_leader = assignment.organization_id in scope.led_unit_ids
    if policy.reply_requires_sign_off and not is_leader and unit_leader_ids([assignment.organization_id]):
        raise PermissionDeniedError(
            _("本单位的答复须由经办人起草答复稿、单位负责人签发后送出,请提交答复稿。")
        )
    if is_leader and not (signing_leader or "").strip():
        signing_leader = getattr(actor, "display_name", "") or ""
    fields = clean_reply_fields(
        classification=classification,
        text=text,
        signing_leader=signing_leader,
        is_final=is_final,
        reason_without_contact=reason_without_contact,
        reason_without_co_handler=reason_without_co_handler,
    )
    with transaction.atomic():
        locked = lock_handling(actor, assignment)
        reply = issue_reply(actor=actor, locked=locked, author=actor, signed_off_by=None, **fields)
    sync(assignment, locked)
    return reply


def clean_reply_fields(
    *,
    classification: str,
    text: str,
    signing_leader: str | None,
    is_final: bool | None,
    reason_without_contact: str,
    reason_without_co_handler: str,
) -> dict[str, Any]:
    """The reply's fields checked and normalised (shared by direct replies, drafts and sign-off).
    ``signing_leader=None``: not asked yet (a draft: the leader who signs it off is named then)."""
    classification = normalize_reply_class(classification)  # 甲类、已解决 … → A
    text = require_text(text, "text", _("答复内容"))
    if signing_leader is not None:
        signing_leader = require_text(signing_leader, "signing_leader", _("签发领导"), 50)
    if is_final is None:
        is_final = classification not in FOLLOW_UP_CLASSES
    return {
        "classification": classification,
        "text": text,
        "signing_leader": signing_leader,
        "is_final": bool(is_final),
        "reason_without_contact": (reason_without_contact or "").strip(),
        "reason_without_co_handler": (reason_without_co_handler or "").strip(),
    }


def missing_co_handler_opinions(assignment: Assignment) -> list[str]:
    """The co-handlers (by unit name) of a lead assignment's case that have not yet sent their opinion
    in this round: their assignment is still to sign or handling (sending the opinion ends it)."""
    if assignment.role != AssignmentRole.LEAD:
        return []
    return list(
        assignment.case.assignments.filter(
            role=AssignmentRole.CO_HANDLER,
            state__in=[AssignmentState.PENDING_SIGN, AssignmentState.HANDLING],
        )
        .order_by("id")
        .values_list("organization__name", flat=True)
    )


def check_reply_preconditions(
    locked: Assignment, *, reason_without_contact: str, reason_without_co_handler: str
) -> None:
    """What must come before a reply: a contact with the author (or why not), every co-handler's
    opinion (or why not). Checked when a clerk submits a draft and again when it is signed off."""
    policy = policy_of(locked.case)
    if policy.requires_contact_before_reply and not locked.contacts.exists() and not reason_without_contact:
        raise ValidationFailed(
            _("答复前应与提出人沟通;未沟通的,请说明理由。"), field="reason_without_contact"
        )
    if policy.co_handler_opinion_before_reply and not reason_without_co_handler:
        missing = missing_co_handler_opinions(locked)
        if missing:
            raise ValidationFailed(
                _("协办单位“%(u)s”尚未送达协办意见。请待协办意见送达后再答复;确需先行答复的,请说明理由。")
                % {"u": "”、“".join(missing)},
                field="reason_without_co_handler",
            )


def issue_reply(
    *,
    actor: Any,
    locked: Assignment,
    author: Any,
    signed_off_by: Any,
    classification: str,
    text: str,
    signing_leader: str,
    is_final: bool,
    reason_without_contact: str,
    reason_without_co_handler: str,
) -> Reply:
    """Write the formal reply of a locked, handling assignment and move the case on (inside the caller's
    transaction): the one path of a direct reply and of a signed-off draft."""
    case = lock_case(locked.case, check_version=False)
    policy = policy_of(case)
    check_reply_preconditions(
        locked,
        reason_without_contact=reason_without_contact,
        reason_without_co_handler=reason_without_co_handler,
    )
    without_co = bool(reason_without_co_handler) and bool(missing_co_handler_opinions(locked))
    if not without_co:
        reason_without_co_handler = ""
    now = clock.now()
    reply = Reply.objects.create(
        case=case,
        assignment=locked,
        round=locked.round,
        classification=classification,
        text=text,
        signing_leader=signing_leader,
        is_final=is_final,
        reason_without_contact=reason_without_contact,
        reason_without_co_handler=reason_without_co_handler,
        replied_by=author,
        replied_at=now,
        signed_off_by=signed_off_by,
        contacted_before_reply=Contact.objects.filter(assignment=locked, contacted_at__lte=now).exists(),
    )
    refresh_case_summaries([case.pk])
    locked.state = AssignmentState.REPLIED
    locked.replied_at = now
    save_assignment(locked, ["state", "replied_at"])
    before = case.state
    waiting = case.assignments.filter(
        role__in=ANSWERING_ROLES, state__in=[AssignmentState.PENDING_SIGN, AssignmentState.HANDLING]
    ).exists()
    case.needs_follow_up = (
        not is_final
        or case.replies.filter(is_final=False, assignment__state=AssignmentState.HANDLING).exists()
    )
    if not waiting:
        if policy.rater_for(case) is None:
            apply_transition(case, "close" if is_final else "follow", actor)
            if is_final:
                case.assignments.filter(state__in=[AssignmentState.REPLIED, AssignmentState.HANDLING]).update(
                    state=AssignmentState.CLOSED
                )
        else:
            apply_transition(case, "reply", actor)
    save_case(case, ["state", "closed_at", "needs_follow_up"])
    audit(
        actor,
        "case.reply",
        case,
        before={"state": before},
        after={
            "assignment_id": locked.pk,
            "reply_id": reply.pk,
            "classification": classification,
            "is_final": is_final,
            "without_contact": bool(reason_without_contact) and not locked.contacts.exists(),
            "without_co_handler": without_co,
            "reason_without_co_handler": reason_without_co_handler,
            "author": getattr(author, "pk", None),
            "signed_off_by": getattr(signed_off_by, "pk", None),
            "state": case.state,
        },
    )
    policy.on_replied(case=case, reply=reply, actor=actor)
    klass = reply.get_classification_display()
    title, body = notices.replied(case, locked.organization, klass, for_party=True)
    queue_notification(
        policy.party_user_ids(case),
        case=case,
        verb="case.reply",
        title=title,
        body=body,
        sms=True,
        exclude=actor,
    )
    title, body = notices.replied(case, locked.organization, klass, for_party=False)
    queue_notification(
        staff_user_ids(case.congress_id) - policy.party_user_ids(case),
        case=case,
        verb="case.reply",
        title=title,
        body=body,
        sms=True,
        exclude=actor,
    )
    return reply
