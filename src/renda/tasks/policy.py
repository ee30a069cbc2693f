"""The workflow of a decomposed task (任务分解), declared to the case engine.

registered ─assign (lead + cooperating units)─▶ assigned ─sign─▶ handling
handling ─reply (the lead unit's completion report)─▶ reported
reported ─verify: passed─▶ closed (销号) · ─passed, still to follow─▶ following · ─not passed─▶ rehandling

The "rating" of a task is its verification by the responsible staff member (the case's rater party):
核验通过 closes it (销号), 核验未通过 sends it back to the same units with the re-handle deadline.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.cases.choices import DeadlineUnit, RatingOutcome, RatingValue
from renda.cases.policies import (
    CasePolicy,
    Deadline,
    RatingResult,
    RatingScale,
    State,
    Transition,
    is_assigned_unit_member,
    is_lead_unit_member,
    is_rater,
    is_staff_of_case_congress,
)
from renda.core.choices import CONGRESS_BODY_KINDS, HANDLING_UNIT_KINDS
from renda.core.errors import ValidationFailed

from .actions import TASK_ACTIONS
from .choices import KIND, TaskState

St = TaskState
S = is_staff_of_case_congress


class VerificationScale(RatingScale):
    """核验通过 / 核验未通过: the responsible staff member checks the result against the task."""

    code = "verification"
    label = _("核验通过、核验未通过")

    def choices(self) -> list[tuple[str, Any]]:
        return [
            (RatingValue.VERIFIED, RatingValue.VERIFIED.label),
            (RatingValue.NOT_VERIFIED, RatingValue.NOT_VERIFIED.label),
        ]

    def evaluate(self, value: Any) -> RatingResult:
        if value not in (RatingValue.VERIFIED, RatingValue.NOT_VERIFIED):
            raise ValidationFailed(_("请选择核验通过或核验未通过。"), field="value")
        outcome = RatingOutcome.PASS if value == RatingValue.VERIFIED else RatingOutcome.REHANDLE
        return RatingResult(value=str(value), percent=None, outcome=outcome)


class TaskPolicy(CasePolicy):
    kind = KIND
    label = _("分解任务")
    number_prefix = "RW"
    states = (
        State(St.REGISTERED, St.REGISTERED.label),
        State(St.ASSIGNED, St.ASSIGNED.label),
        State(St.HANDLING, St.HANDLING.label),
        State(St.REPORTED, St.REPORTED.label),
        State(St.FOLLOWING, St.FOLLOWING.label),
        State(St.REHANDLING, St.REHANDLING.label),
        State(St.CLOSED, St.CLOSED.label, is_open=False),
    )
    initial_state = St.REGISTERED
    transitions = (
        Transition("assign", (St.REGISTERED,), St.ASSIGNED, _("交办"), S, service="case_assign"),
        Transition(
            "sign", (St.ASSIGNED,), St.HANDLING, _("签收"), is_assigned_unit_member, service="assignment_sign"
        ),  # fmt: skip
        Transition(
            "reply",
            (St.ASSIGNED, St.HANDLING, St.REHANDLING, St.FOLLOWING),
            St.REPORTED,
            _("报送完成情况"),
            is_lead_unit_member,
            service="reply_submit",
        ),  # fmt: skip
        Transition("accept", (St.REPORTED,), St.CLOSED, _("核验销号"), is_rater, service="case_rate"),
        Transition(
            "follow", (St.REPORTED,), St.FOLLOWING, _("核验通过,继续跟踪"), is_rater, service="case_rate"
        ),  # fmt: skip
        Transition("rehandle", (St.REPORTED,), St.REHANDLING, _("核验未通过"), is_rater, service="case_rate"),
        Transition(
            "unassign", (St.ASSIGNED, St.HANDLING), St.REGISTERED, _("待重新交办"), S, service="return_decide"
        ),  # fmt: skip
    )
    assignable_unit_kinds = frozenset(HANDLING_UNIT_KINDS | CONGRESS_BODY_KINDS)
    rating_scale = VerificationScale()
    reply_deadline = Deadline(DeadlineUnit.MONTHS, 3)
    rehandle_deadline = Deadline(DeadlineUnit.WORKING_DAYS, 20)
    co_handler_opinion_deadline = Deadline(DeadlineUnit.WORKING_DAYS, 10)
    warning_window = Deadline(DeadlineUnit.WORKING_DAYS, 5)
    requires_contact_before_reply = False  # the "author" is the notice, not a deputy
    co_handler_opinion_before_reply = True  # the lead unit reports for all (梳理汇总)
    reply_requires_sign_off = False
    rehandle_on_dissatisfied = True
    key_on_dissatisfied = False
    special_inquiry_after = 99  # a task is not a deputy's suggestion: no special-inquiry list
    subject_template = "tasks/_subject.html"
    extra_actions = TASK_ACTIONS
    hidden_actions = ("plan", "contact", "publish", "withhold", "key")

    def subject_context(self, case: Any, user: Any) -> dict[str, Any]:
        task = getattr(case, "task", None)
        return {"task": task, "notice": task.notice if task else None}

    def is_publishable(self, case: Any) -> bool:
        return False

    def rater_filter(self, user: Any) -> Any:
        return super().rater_filter(user) & Q(kind=KIND)

    def can_create(self, actor: Any, congress: Any) -> bool:
        from renda.core.scopes import scope_of

        return scope_of(actor).has_in(congress.pk, "staff")


def _on_rated(self: TaskPolicy, *, case: Any, rating: Any, actor: Any) -> None:
    """A recurring task, verified and closed (销号), makes its next occurrence."""
    if case.closed_at is None:
        return
    from . import services
    from .models import Task

    task = Task.objects.filter(case_id=case.pk).select_related("notice__congress", "case").first()
    if task is not None:
        services.next_occurrence(actor=actor, task=task)


TaskPolicy.on_rated = _on_rated  # type: ignore[method-assign]
