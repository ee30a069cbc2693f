"""询问 (budget inquiry) to the finance bureau, a case kind on the engine.

registered ─assign (the finance bureau)─▶ assigned ─sign─▶ handling
handling ─reply, final (A/D)─▶ closed · ─reply, B/C (still to do)─▶ following ─final reply─▶ closed
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.cases.choices import DeadlineUnit
from renda.cases.policies import (
    CasePolicy,
    Deadline,
    State,
    Transition,
    is_assigned_unit_member,
    is_lead_unit_member,
    is_staff_of_case_congress,
)
from renda.core.choices import HANDLING_UNIT_KINDS

KIND = "budget_inquiry"
S = is_staff_of_case_congress


class BudgetInquiryPolicy(CasePolicy):
    kind = KIND
    label = _("预算执行询问")
    number_prefix = "YS"
    states = (
        State("registered", _("已登记")),
        State("assigned", _("已发财政局")),
        State("handling", _("财政局办理中")),
        State("following", _("已答复,跟踪落实")),
        State("closed", _("已办结"), is_open=False),
    )
    initial_state = "registered"
    transitions = (
        Transition("assign", ("registered",), "assigned", _("发出询问"), S, service="case_assign"),
        Transition("sign", ("assigned",), "handling", _("签收"), is_assigned_unit_member, service="assignment_sign"),
        # The bureau's reply: a final one (A/D) closes the inquiry, a B/C one keeps it under follow-up.
        Transition("close", ("assigned", "handling", "following"), "closed", _("答复并办结"), is_lead_unit_member,
                   service="reply_submit"),
        Transition("follow", ("assigned", "handling"), "following", _("答复,继续跟踪"), is_lead_unit_member,
                   service="reply_submit"),
    )  # fmt: skip
    assignable_unit_kinds = frozenset(HANDLING_UNIT_KINDS)
    reply_deadline = Deadline(DeadlineUnit.WORKING_DAYS, 15)
    warning_window = Deadline(DeadlineUnit.WORKING_DAYS, 3)
    requires_contact_before_reply = False
    reply_requires_sign_off = False
    special_inquiry_after = 99
    hidden_actions = ("plan", "contact", "publish", "withhold", "key")

    def rater_for(self, case: Any) -> Any:
        return None

    def rater_filter(self, user: Any) -> Any:
        return Q(pk__in=[])

    def is_publishable(self, case: Any) -> bool:
        return False

    def can_create(self, actor: Any, congress: Any) -> bool:
        from renda.core.scopes import scope_of

        return scope_of(actor).has_in(congress.pk, "staff")
