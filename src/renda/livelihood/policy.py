"""The follow-up of a passed livelihood project (民生实事项目跟踪督办), declared to the case engine.

registered ─assign─▶ assigned ─sign─▶ handling ─(progress reports, percent done)─▶
   handling ─reply (the unit's year-end report)─▶ replied
   replied ─accept (the deputies' satisfaction ≥ 80 %)─▶ closed
          ─rehandle (below 80 %: keep rectifying; below 60 %: escalated)─▶ rehandling ─reply─▶ replied

The case is opened and assigned by ``services._start_implementation`` when the ballot closes; the
rating is the deputies' satisfaction vote, recorded by ``services.on_evaluation_closed`` as the
evaluation account (``services.evaluation_rater``). Deputies of the congress read the case and record
inspection visits with photos (``actions.py``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.cases.choices import DeadlineUnit
from renda.cases.policies import (
    CasePolicy,
    Deadline,
    PercentScale,
    State,
    any_of,
    handling_transitions,
    is_assigned_unit_member,
    is_leader_of_case_congress,
    is_staff_of_case_congress,
)
from renda.core.choices import Role
from renda.core.scopes import Scope

from .choices import KIND


def is_deputy_of_case_congress(actor: Any, case: Any, scope: Scope) -> bool:
    return scope.has_in(case.congress_id, Role.DEPUTY)


STAFF_OR_LEADER = any_of(is_staff_of_case_congress, is_leader_of_case_congress)


class LivelihoodFollowupPolicy(CasePolicy):
    kind = KIND
    label = _("民生实事项目跟踪")
    number_prefix = "MS"
    states = (
        State("registered", _("待交办")),
        State("assigned", _("已交办")),
        State("handling", _("实施中")),
        State("replied", _("已报告完成")),
        State("following", _("跟踪落实")),
        State("rehandling", _("整改中")),
        State("closed", _("已测评办结"), is_open=False),
    )
    initial_state = "registered"
    transitions = handling_transitions(
        assign_from=("registered",), assign_allowed=STAFF_OR_LEADER, assign_label=_("交责任单位实施")
    )
    # A project runs to the year's end: the deadline is set on assignment (31 December).
    reply_deadline = Deadline(DeadlineUnit.MONTHS, 12)
    rehandle_deadline = Deadline(DeadlineUnit.MONTHS, 2)
    rating_scale = PercentScale(pass_at=80, escalate_below=60)
    requires_contact_before_reply = False
    special_inquiry_after = 2

    can_assign = staticmethod(STAFF_OR_LEADER)
    can_attach = staticmethod(any_of(STAFF_OR_LEADER, is_assigned_unit_member, is_deputy_of_case_congress))
    subject_template = "livelihood/_subject.html"
    hidden_actions = ("publish", "withhold")

    @property
    def extra_actions(self) -> tuple[Any, ...]:  # type: ignore[override]
        from .actions import FOLLOWUP_ACTIONS

        return FOLLOWUP_ACTIONS

    @staticmethod
    def can_create(actor: Any, congress: Any) -> bool:
        from .services import can_manage

        return can_manage(actor, congress.pk)

    def rater_for(self, case: Any) -> Any:
        from .services import evaluation_rater

        return evaluation_rater()

    def rater_filter(self, user: Any) -> Any:
        """Nobody rates in the inbox: the deputies' satisfaction vote does."""
        return Q(pk__in=[])

    def on_replied(self, *, case: Any, reply: Any, actor: Any) -> None:
        from .services import on_replied

        on_replied(case)

    def is_publishable(self, case: Any) -> bool:
        return True

    def readable_cases(self, user: Any) -> Any:
        from renda.cases.models import Case
        from renda.core.scopes import scope_of

        scope = scope_of(user)
        deputy_of = scope.congress_ids_with(Role.DEPUTY)
        return Case.objects.filter(kind=self.kind).filter(
            Q(pk__in=Case.objects.visible_to(user).of_kind(self.kind).values("pk"))
            | Q(congress_id__in=deputy_of)
        )

    def attachment_is_public(self, attachment: Any) -> bool:
        """Inspection photos are shown on the portal with the project's progress."""
        from .models import InspectionVisit

        return InspectionVisit.objects.filter(photos=attachment).exists()

    def subject_context(self, case: Any, actor: Any) -> dict[str, Any]:
        from .selectors import project_of_case

        return {"project": project_of_case(case)}


POLICY = LivelihoodFollowupPolicy()
