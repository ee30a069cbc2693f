"""The workflow of constituent opinions (社情民意), declared to the case engine.

received ─accept─▶ accepted ─answer_on_spot─▶ spot_answered ─spot_close─▶ closed
   │                  │  ▲                        └─spot_reject (dissatisfied)─▶ accepted
   └─exclude─▶ excluded  │  └─unassign (return approved)
                      ├─assign (township / unit)─▶ assigned ─sign─▶ handling ─reply─▶ replied
                      │        replied ─accept─▶ closed · ─follow─▶ following · ─rehandle─▶ rehandling
                      └─take_up (a deputy)─▶ converted (the deputy's suggestion carries on)

The citizen rates with the tracking number and the one-time code; the engine's rating service acts
as the congress's public rater account (see ``services.public_rater``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from renda.cases.choices import DeadlineUnit
from renda.cases.policies import (
    CasePolicy,
    Deadline,
    State,
    Transition,
    any_of,
    handling_transitions,
    is_assigned_unit_member,
    is_rater,
    is_staff_of_case_congress,
)
from renda.core.choices import Role
from renda.core.scopes import Scope

from .actions import OPINION_ACTIONS, opinion_subject
from .choices import KIND, OpinionState

St = OpinionState
S = is_staff_of_case_congress


def is_station_keeper_of_case(actor: Any, case: Any, scope: Scope) -> bool:
    """The keeper of the station the opinion came in through."""
    return bool(case.origin_organization_id) and case.origin_organization_id in scope.station_ids


def is_deputy_of_case(actor: Any, case: Any, scope: Scope) -> bool:
    """The deputy the opinion was addressed to, or a deputy attached to its station."""
    if not scope.has(Role.DEPUTY) or getattr(actor, "pk", None) is None:
        return False
    from renda.deputies.models import DeputyMandate

    opinion = getattr(case, "constituent_opinion", None)
    if opinion is not None and opinion.deputy_id and opinion.deputy.user_id == actor.pk:
        return True
    if not case.origin_organization_id:
        return False
    return (
        DeputyMandate.objects.active()
        .filter(deputy__user_id=actor.pk, station_id=case.origin_organization_id)
        .exists()
    )


STAFF_OR_KEEPER = any_of(S, is_station_keeper_of_case)
ON_SPOT = any_of(S, is_station_keeper_of_case, is_deputy_of_case)


@dataclass(frozen=True)
class LiaisonDeadline(Deadline):
    """A deadline in working days whose amount is a ``LiaisonSetting`` field of the case's congress."""

    liaison_setting: str = ""

    def amount_for(self, settings: Any) -> int:
        if self.liaison_setting and settings is not None and getattr(settings, "congress_id", None):
            from .services.config import liaison_setting

            return int(getattr(liaison_setting(settings.congress_id), self.liaison_setting))
        return self.amount

    def compute(self, start: dt.date, settings: Any, calendar: Any) -> dt.date:
        return super().compute(start, settings, calendar)


class ConstituentOpinionPolicy(CasePolicy):
    kind = KIND
    label = _("社情民意")
    number_prefix = "MY"
    states = (
        State(St.RECEIVED, St.RECEIVED.label),
        State(St.ACCEPTED, St.ACCEPTED.label),
        State(St.EXCLUDED, St.EXCLUDED.label, is_open=False),
        State(St.SPOT_ANSWERED, St.SPOT_ANSWERED.label),
        State(St.ASSIGNED, St.ASSIGNED.label),
        State(St.HANDLING, St.HANDLING.label),
        State(St.REPLIED, St.REPLIED.label),
        State(St.FOLLOWING, St.FOLLOWING.label),
        State(St.REHANDLING, St.REHANDLING.label),
        State(St.CONVERTED, St.CONVERTED.label, is_open=False),
        State(St.CLOSED, St.CLOSED.label, is_open=False),
    )
    initial_state = St.RECEIVED
    transitions = (
        Transition("accept_opinion", (St.RECEIVED,), St.ACCEPTED, _("受理"), STAFF_OR_KEEPER),
        Transition(
            "exclude", (St.RECEIVED,), St.EXCLUDED, _("不予受理"), STAFF_OR_KEEPER, requires_note=True
        ),
        Transition(
            "answer_on_spot", (St.ACCEPTED,), St.SPOT_ANSWERED, _("当场答复"), ON_SPOT, requires_note=True
        ),
        Transition("spot_close", (St.SPOT_ANSWERED,), St.CLOSED, _("答复办结"), any_of(is_rater, S)),
        Transition("spot_reject", (St.SPOT_ANSWERED,), St.ACCEPTED, _("不满意,重新处理"), is_rater),
        Transition("take_up", (St.ACCEPTED,), St.CONVERTED, _("转为代表建议"), any_of(S, is_deputy_of_case)),
        *handling_transitions(
            assign_from=(St.ACCEPTED,),
            assigned=St.ASSIGNED,
            handling=St.HANDLING,
            replied=St.REPLIED,
            following=St.FOLLOWING,
            rehandling=St.REHANDLING,
            closed=St.CLOSED,
            assign_allowed=STAFF_OR_KEEPER,
            assign_label=_("转办"),
            unassign_allowed=S,
            unassign_label=_("待重新转办"),
        ),
    )

    reply_deadline = LiaisonDeadline(DeadlineUnit.WORKING_DAYS, 15, liaison_setting="reply_working_days")
    rehandle_deadline = LiaisonDeadline(
        DeadlineUnit.WORKING_DAYS, 10, liaison_setting="rehandle_working_days"
    )
    co_handler_opinion_deadline = Deadline(DeadlineUnit.WORKING_DAYS, 10)
    warning_window = Deadline(DeadlineUnit.WORKING_DAYS, 3)
    # A citizen may leave no name or phone: the unit cannot always contact them before replying.
    requires_contact_before_reply = False
    special_inquiry_after = 2
    # A township or unit answers the citizen in its own name, and the answer is published (六公开:
    # the unit and its responsible person, the result): like a suggestion's reply it is drafted by the
    # clerk and signed off by the unit's head, after the co-handlers' opinions (or the reason without).
    co_handler_opinion_before_reply = True
    reply_requires_sign_off = True

    # On the case page: screening, routing, the on-the-spot answer and the hand-over to a suggestion
    # are the kind's own steps (``actions.py``); the opinion, its station and (for those who work on
    # it) the citizen's contact are its subject panel.
    extra_actions = OPINION_ACTIONS
    # No single opinion is published (the portal shows the figures; the citizen reads theirs with
    # the tracking number).
    hidden_actions = ("publish", "withhold")
    subject_template = "liaison/_opinion_subject.html"
    timeline_nobody = _("群众")

    can_assign = staticmethod(STAFF_OR_KEEPER)
    can_attach = staticmethod(any_of(S, is_station_keeper_of_case, is_assigned_unit_member))

    @staticmethod
    def can_create(actor: Any, congress: Any) -> bool:
        """Public submissions are created by the liaison services themselves (anonymous actor)."""
        return True

    def rater_for(self, case: Any) -> Any:
        """The citizen, through the tracking number and one-time code, acting as the public rater."""
        from .services.config import public_rater

        return public_rater()

    def rater_filter(self, user: Any) -> Any:
        """Nobody who signs in rates an opinion: the citizen rates with the tracking number."""
        from django.db.models import Q

        return Q(pk__in=[])

    def party_user_ids(self, case: Any) -> set[int]:
        """Nobody signs in as the citizen; they are told by SMS by the liaison services."""
        return set()

    def on_replied(self, *, case: Any, reply: Any, actor: Any) -> None:
        """The citizen is told by SMS (they have no account to be notified in)."""
        from .services.opinions import tell_citizen_replied

        tell_citizen_replied(case, reply)

    def is_publishable(self, case: Any) -> bool:
        return case.closed_at is not None and case.state != St.EXCLUDED

    def subject_context(self, case: Any, actor: Any) -> dict[str, Any]:
        return opinion_subject(case, actor)

    def readable_cases(self, user: Any) -> Any:
        """The engine's readers, and the deputies the opinion was addressed to or whose station it came
        in through (``selectors.opinions_for``: one rule for the list and the case page)."""
        from renda.cases.models import Case

        from .selectors import opinions_for

        return Case.objects.filter(pk__in=opinions_for(user).values("case_id"))


POLICY = ConstituentOpinionPolicy()
