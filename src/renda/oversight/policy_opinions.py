"""The workflow of deliberation opinions (审议意见), declared to the case engine.

drafting (staff compile the members' remarks) → signing (送领导签发) → signed (签发, to assign) →
assigned (交办 to the reporting body, deadline 3 months by default) → handling (签收) → reported (the
research-and-handling report, the engine's reply) → reviewed (the responsible committee's comment) →
closed (rated satisfied on a final report) / following (satisfied on a B/C report: follow-up until the
final one) / rectifying (below the pass line: the body keeps rectifying and reports again).

The standing committee rates, not one person: the rating is written by ``services_opinions`` (from a
closed satisfaction vote or from counts staff enter) through the engine's ``case_rate``, with the
acting chair or clerk as the rater of that one call (``rating_actor``). Nobody else is ever the
rater, so the engine's own rating button and "to rate" inbox never offer an opinion.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.cases.choices import DeadlineUnit
from renda.cases.policies import (
    CasePolicy,
    Deadline,
    RatingResult,
    RatingScale,
    State,
    Transition,
    is_assigned_unit_member,
    is_lead_unit_member,
    is_leader_of_case_congress,
    is_rater,
    is_staff_of_case_congress,
)
from renda.core.errors import ValidationFailed

KIND = "deliberation_opinion"
S = is_staff_of_case_congress
L = is_leader_of_case_congress


class OpinionState(models.TextChoices):
    DRAFTING = "drafting", _("整理中")
    SIGNING = "signing", _("待领导签发")
    SIGNED = "signed", _("已签发待交办")
    ASSIGNED = "assigned", _("已交办待签收")
    HANDLING = "handling", _("研究处理中")
    REPORTED = "reported", _("已报告待委员会意见")
    REVIEWED = "reviewed", _("待常委会测评")
    RECTIFYING = "rectifying", _("继续整改")
    FOLLOWING = "following", _("跟踪落实")
    CLOSED = "closed", _("已办结")


St = OpinionState
ANSWERING = (St.ASSIGNED, St.HANDLING, St.RECTIFYING, St.FOLLOWING)

_rating_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("opinion_rating_actor", default=None)


@contextlib.contextmanager
def rating_actor(actor: Any) -> Iterator[None]:
    """Within the block the engine's rater of every opinion is ``actor`` (set by the rating service
    after it checked the actor may record the committee's rating)."""
    token = _rating_actor.set(actor)
    try:
        yield
    finally:
        _rating_actor.reset(token)


class OpinionDeadline(Deadline):
    """A deadline in months whose amount is an ``OpinionSetting`` field of the case's congress."""

    opinion_setting: str = ""

    def __init__(self, unit: str, amount: int, opinion_setting: str = ""):
        super().__init__(unit, amount, "")
        object.__setattr__(self, "opinion_setting", opinion_setting)

    def amount_for(self, settings: Any) -> int:
        congress_id = getattr(settings, "congress_id", None)
        if self.opinion_setting and congress_id:
            from .services_opinions import opinion_setting

            return int(getattr(opinion_setting(congress_id), self.opinion_setting))
        return self.amount

    def compute(self, start: dt.date, settings: Any, calendar: Any) -> dt.date:
        return super().compute(start, settings, calendar)


class CommitteeRatingScale(RatingScale):
    """The committee's rating: a verdict of the congress's rating rule (``ratingrules_opinions``),
    computed by the opinions service from the counts; no other value is taken."""

    code = "committee_counts"
    label = _("常委会满意度测评(按测评规则)")

    def choices(self) -> list[tuple[str, Any]]:
        return []

    def evaluate(self, value: Any) -> RatingResult:
        from renda.cases.choices import RatingOutcome, RatingValue

        from .ratingrules_opinions import BASICALLY, DISSATISFIED, ESCALATE, PASS, SATISFIED, Verdict

        if not isinstance(value, Verdict):
            raise ValidationFailed(_("审议意见的满意度测评须通过表决或录入票数进行。"), field="value")
        outcome = {PASS: RatingOutcome.PASS, ESCALATE: RatingOutcome.ESCALATE}.get(
            value.outcome, RatingOutcome.REHANDLE
        )
        level = {
            SATISFIED: RatingValue.SATISFIED,
            BASICALLY: RatingValue.BASICALLY,
            DISSATISFIED: RatingValue.DISSATISFIED,
        }.get(value.level, RatingValue.PERCENT)
        return RatingResult(value=level, percent=value.percent, outcome=outcome)


class OpinionPolicy(CasePolicy):
    kind = KIND
    label = _("审议意见")
    number_prefix = "SY"
    states = (
        State(St.DRAFTING, St.DRAFTING.label),
        State(St.SIGNING, St.SIGNING.label),
        State(St.SIGNED, St.SIGNED.label),
        State(St.ASSIGNED, St.ASSIGNED.label),
        State(St.HANDLING, St.HANDLING.label),
        State(St.REPORTED, St.REPORTED.label),
        State(St.REVIEWED, St.REVIEWED.label),
        State(St.RECTIFYING, St.RECTIFYING.label),
        State(St.FOLLOWING, St.FOLLOWING.label),
        State(St.CLOSED, St.CLOSED.label, is_open=False),
    )
    initial_state = St.DRAFTING
    transitions = (
        Transition("submit", (St.DRAFTING,), St.SIGNING, _("送领导签发"), S),
        Transition("approve", (St.SIGNING,), St.SIGNED, _("签发"), L),
        Transition("return_draft", (St.SIGNING,), St.DRAFTING, _("退回修改"), L, requires_note=True),
        Transition("assign", (St.SIGNED,), St.ASSIGNED, _("交办"), S, service="case_assign"),
        Transition(
            "sign", (St.ASSIGNED,), St.HANDLING, _("签收"), is_assigned_unit_member, service="assignment_sign"
        ),
        Transition(
            "reply",
            ANSWERING,
            St.REPORTED,
            _("报告研究处理情况"),
            is_lead_unit_member,
            service="reply_submit",
        ),
        Transition("comment", (St.REPORTED,), St.REVIEWED, _("委员会提出意见"), S),
        Transition("accept", (St.REVIEWED,), St.CLOSED, _("测评满意,办结"), is_rater, service="case_rate"),
        Transition(
            "follow", (St.REVIEWED,), St.FOLLOWING, _("测评满意,跟踪落实"), is_rater, service="case_rate"
        ),
        Transition(
            "rehandle", (St.REVIEWED,), St.RECTIFYING, _("测评未通过,继续整改"), is_rater, service="case_rate"
        ),
        Transition(
            "unassign", (St.ASSIGNED, St.HANDLING), St.SIGNED, _("待重新交办"), S, service="return_decide"
        ),
    )

    reply_deadline = OpinionDeadline(DeadlineUnit.MONTHS, 3, opinion_setting="report_months")
    rehandle_deadline = OpinionDeadline(DeadlineUnit.MONTHS, 2, opinion_setting="rehandle_months")
    co_handler_opinion_deadline = Deadline(DeadlineUnit.MONTHS, 1)
    rating_scale = CommitteeRatingScale()
    # A second failing rating (or one below the escalation line) → circular and a stronger instrument.
    special_inquiry_after = 2
    # The body reports in writing to the committee: no deputy to contact first.
    requires_contact_before_reply = False
    # The report is the body's formal letter: its clerk drafts, its head signs it off (签发).
    reply_requires_sign_off = True

    hidden_actions = ("rate", "publish", "withhold")
    subject_template = "oversight/opinions/_subject.html"

    @property
    def extra_actions(self) -> tuple[Any, ...]:  # type: ignore[override]
        from .actions_opinions import OPINION_ACTIONS

        return OPINION_ACTIONS

    @property
    def timeline_describers(self) -> dict[str, Any]:  # type: ignore[override]
        from .selectors_opinions import OPINION_DESCRIBERS

        return OPINION_DESCRIBERS

    @staticmethod
    def can_create(actor: Any, congress: Any) -> bool:
        from renda.core.choices import Role
        from renda.core.scopes import scope_of

        return scope_of(actor).has_in(congress.pk, Role.STAFF)

    def rater_for(self, case: Any) -> Any:
        """The standing committee rates: within the rating service the acting chair or clerk, otherwise
        a stand-in for the committee that matches no account (so a report still awaits a rating)."""
        actor = _rating_actor.get()
        if actor is not None:
            return actor
        from renda.core.models import User

        return User(pk=0, username="standing-committee", full_name=str(_("常委会")))

    def rater_filter(self, user: Any) -> Any:
        from django.db.models import Q

        return Q(pk__in=[])

    def party_user_ids(self, case: Any) -> set[int]:
        return {case.created_by_id} if case.created_by_id else set()

    def on_replied(self, *, case: Any, reply: Any, actor: Any) -> None:
        """Each report is recorded with its round and deadline; a late one is accepted and marked."""
        from .services_opinions import record_report

        record_report(case=case, reply=reply, actor=actor)

    def subject_context(self, case: Any, actor: Any) -> dict[str, Any]:
        from .selectors_opinions import opinion_subject

        return opinion_subject(case, actor)

    def readable_cases(self, user: Any) -> Any:
        from renda.cases.models import Case

        from .selectors_opinions import opinions_for

        return Case.objects.filter(pk__in=opinions_for(user).values("case_id"))


POLICY = OpinionPolicy()
