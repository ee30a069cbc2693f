"""约见 (meeting requests) as a case kind: a deputy asks to meet the head of a state organ.

requested → arranged (staff set the time, place and who receives) → held (staff record the outcome;
closed), or requested → declined (staff, with the reason; closed), or withdrawn by the deputy
before it is held.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from renda.cases.policies import CasePolicy, State, Transition, is_author, is_staff_of_case_congress
from renda.core.choices import Role
from renda.core.scopes import scope_of

from .choices import MEETING_REQUEST_KIND
from .meeting_actions import MEETING_ACTIONS, meeting_subject


class MeetingRequestState:
    REQUESTED = "requested"
    ARRANGED = "arranged"
    HELD = "held"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


M = MeetingRequestState


class MeetingRequestPolicy(CasePolicy):
    kind = MEETING_REQUEST_KIND
    label = _("约见国家机关负责人")
    number_prefix = "YJ"
    states = (
        State(M.REQUESTED, _("待安排")),
        State(M.ARRANGED, _("已安排")),
        State(M.HELD, _("已约见"), is_open=False),
        State(M.DECLINED, _("不予安排"), is_open=False),
        State(M.WITHDRAWN, _("已撤回"), is_open=False),
    )
    initial_state = M.REQUESTED
    transitions = (
        Transition("arrange", (M.REQUESTED, M.ARRANGED), M.ARRANGED, _("安排约见"), is_staff_of_case_congress),
        Transition("hold", (M.ARRANGED,), M.HELD, _("登记约见情况"), is_staff_of_case_congress),
        Transition("decline", (M.REQUESTED,), M.DECLINED, _("不予安排"), is_staff_of_case_congress,
                   requires_note=True),
        Transition("withdraw", (M.REQUESTED, M.ARRANGED), M.WITHDRAWN, _("撤回"), is_author),
    )  # fmt: skip
    requires_contact_before_reply = False
    # On the case page: arranging and recording the meeting are the kind's own steps
    # (``meeting_actions.py``); the request (deputy, organ, reason, arrangement, outcome) is its subject.
    extra_actions = MEETING_ACTIONS
    subject_template = "deputies/_meeting_request_subject.html"
    # Nobody handles a meeting request as a unit: no supervision, key marking or publication.
    hidden_actions = ("supervise", "key", "publish", "withhold")

    @staticmethod
    def can_create(actor: Any, congress: Any) -> bool:
        return scope_of(actor).has(Role.DEPUTY)

    def rater_for(self, case: Any) -> Any:
        return None

    def rater_filter(self, user: Any) -> Any:
        from django.db.models import Q

        return Q(pk__in=[])

    def is_publishable(self, case: Any) -> bool:
        return False

    def subject_context(self, case: Any, actor: Any) -> dict[str, Any]:
        return meeting_subject(case, actor)


POLICY = MeetingRequestPolicy()
