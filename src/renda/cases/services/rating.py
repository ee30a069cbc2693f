"""Rating a reply (满意度测评) and what a failing rating does."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import clock
from renda.core.choices import Role
from renda.core.errors import ConflictError, PermissionDeniedError

from .. import notices
from ..choices import ANSWERING_ROLES, AssignmentRole, AssignmentState, RatingOutcome
from ..models import Assignment, Rating, Reply
from ._common import (
    apply_transition,
    audit,
    calendar_for,
    congress_user_ids,
    lock_case,
    policy_of,
    queue_notification,
    save_case,
    settings_for,
    staff_user_ids,
    today,
    unit_user_ids,
)
from .summary import refresh_case_summaries


def case_rate(*, actor: Any, reply: Reply, value: Any, comment: str = "") -> Rating:
    """The policy's rater rates a reply, only from their own signed-in session.

    Pass → the case closes (final reply) or stays under follow-up (B/C). Fail → the same units handle
    it again with the re-handle deadline, the case becomes key, and after the policy's number of failing
    ratings (or an escalating one) it goes on the special-inquiry list.
    """
    case = reply.case
    policy = policy_of(case)
    if (
        not getattr(actor, "is_authenticated", False)
        or not getattr(actor, "is_active", False)
        or getattr(actor, "is_acting_for_other", False)
    ):
        raise PermissionDeniedError(_("满意度测评只能由测评人本人登录后进行。"))
    rater = policy.rater_for(case)
    if rater is None or rater.pk != actor.pk:
        raise PermissionDeniedError(_("只有本案的测评人本人可以进行满意度测评。"))
    result = policy.rating_scale.evaluate(value)
    comment = (comment or "").strip()
    with transaction.atomic():
        locked_reply = Reply.objects.select_for_update().select_related("assignment").get(pk=reply.pk)
        if Rating.objects.filter(reply=locked_reply).exists():
            raise ConflictError(_("该答复已测评,不能重复测评。"))
        assignment = Assignment.objects.select_for_update().get(pk=locked_reply.assignment_id)
        latest = assignment.replies.order_by("-replied_at", "-id").first()
        if assignment.state != AssignmentState.REPLIED or latest is None or latest.pk != locked_reply.pk:
            raise ConflictError(_("该答复已不是最新答复,不能测评。"))
        case = lock_case(locked_reply.case, check_version=False)
        if case.closed_at is not None:
            raise ConflictError(_("案件已办结,不能测评。"))
        now = clock.now()
        rating = Rating.objects.create(
            reply=locked_reply,
            case=case,
            rater=actor,
            value=result.value,
            percent=result.percent,
            outcome=result.outcome,
            comment=comment,
            rated_at=now,
        )
        refresh_case_summaries([case.pk])
        before = case.state
        fields = ["state", "closed_at", "needs_follow_up"]
        if result.outcome == RatingOutcome.PASS:
            _after_pass(case, assignment, locked_reply, actor)
        else:
            fields += _after_fail(case, assignment, result.outcome, actor)
        save_case(case, fields)
        audit(
            actor,
            "case.rate",
            case,
            before={"state": before},
            after={
                "reply_id": locked_reply.pk,
                "rating_id": rating.pk,
                "value": result.value,
                "percent": result.percent,
                "outcome": result.outcome,
                "state": case.state,
                "dissatisfied_count": case.dissatisfied_count,
                "on_special_inquiry": case.on_special_inquiry,
            },
        )
        policy.on_rated(case=case, rating=rating, actor=actor)
        label = rating.get_value_display() if result.percent is None else f"{result.percent}%"
        title, body = notices.rated(case, label, comment)
        queue_notification(
            unit_user_ids([assignment.organization_id]) | staff_user_ids(case.congress_id),
            case=case,
            verb="case.rate",
            title=title,
            body=body,
        )
    return rating


def _units_of_round(case: Any) -> Any:
    return case.assignments.filter(role__in=ANSWERING_ROLES).exclude(
        state__in=[AssignmentState.RETURNED, AssignmentState.WITHDRAWN]
    )


def _after_pass(case: Any, assignment: Assignment, reply: Reply, actor: Any) -> None:
    if not reply.is_final:
        # B/C: the unit keeps working and owes a final reply within a fresh reply period.
        policy = policy_of(case)
        assignment.state = AssignmentState.HANDLING
        assignment.deadline = max(
            assignment.deadline,
            policy.reply_deadline.compute(today(), settings_for(case.congress_id), calendar_for(case)),
        )
        assignment.version += 1
        assignment.save(update_fields=["state", "deadline", "version"])
    # Every answering unit's latest reply rated and passed?
    pending = False
    follow = False
    for unit in _units_of_round(case):
        latest = unit.replies.order_by("-replied_at", "-id").select_related("rating").first()
        rated = (
            latest is not None and hasattr(latest, "rating") and latest.rating.outcome == RatingOutcome.PASS
        )
        if not rated:
            pending = True
        elif not latest.is_final:
            follow = True
    if pending:
        case.needs_follow_up = follow or case.needs_follow_up
        return
    if follow:
        case.needs_follow_up = True
        apply_transition(case, "follow", actor)
        return
    case.needs_follow_up = False
    apply_transition(case, "accept", actor)
    case.assignments.filter(
        state__in=[AssignmentState.REPLIED, AssignmentState.HANDLING, AssignmentState.PENDING_SIGN]
    ).update(state=AssignmentState.CLOSED)


def _after_fail(case: Any, assignment: Assignment, outcome: str, actor: Any) -> list[str]:
    policy = policy_of(case)
    case.dissatisfied_count += 1
    fields = ["dissatisfied_count"]
    if policy.rehandle_on_dissatisfied:
        apply_transition(case, "rehandle", actor)
        case.rehandle_count += 1
        deadline = policy.rehandle_deadline.compute(
            today(), settings_for(case.congress_id), calendar_for(case)
        )
        reopen = [assignment.pk]
        if assignment.role == AssignmentRole.LEAD:
            reopen += list(
                case.assignments.filter(role=AssignmentRole.CO_HANDLER)
                .exclude(state__in=[AssignmentState.RETURNED, AssignmentState.WITHDRAWN])
                .values_list("pk", flat=True)
            )
        for unit in Assignment.objects.select_for_update().filter(pk__in=reopen):
            unit.state = AssignmentState.HANDLING
            unit.deadline = deadline
            unit.round = case.rehandle_count + 1
            unit.replied_at = None
            if unit.role == AssignmentRole.CO_HANDLER:
                unit.opinion_deadline = deadline
            unit.version += 1
            unit.save(
                update_fields=["state", "deadline", "round", "replied_at", "opinion_deadline", "version"]
            )
        case.due_at = deadline
        fields += ["rehandle_count", "due_at"]
        title, body = notices.rehandle(case, deadline)
        queue_notification(
            unit_user_ids(Assignment.objects.filter(pk__in=reopen).values_list("organization_id", flat=True)),
            case=case,
            verb="case.rehandle",
            title=title,
            body=body,
            sms=True,
        )
    if policy.key_on_dissatisfied and not case.is_key:
        case.is_key = True
        fields.append("is_key")
    if case.dissatisfied_count >= policy.special_inquiry_after or outcome == RatingOutcome.ESCALATE:
        if not case.on_special_inquiry:
            case.on_special_inquiry = True
            fields.append("on_special_inquiry")
            leaders = {case.supervising_leader_id} if case.supervising_leader_id else set()
            title, body = notices.special_inquiry(case)
            queue_notification(
                leaders | congress_user_ids(case.congress_id, Role.LEADER) | staff_user_ids(case.congress_id),
                case=case,
                verb="case.special_inquiry",
                title=title,
                body=body,
            )
    return fields
