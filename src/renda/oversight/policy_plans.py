"""The rectification item (整改事项) on the case engine, and who may work on the supervision plan.

registered ─assign (to the body)─▶ assigned ─sign─▶ handling ─reply (整改情况报告)─▶ reported
   reported ─accept (staff verify: 整改到位)─▶ closed (销号)
            ─follow (basically done, B/C)─▶ following ─reply─▶ reported
            ─rehandle (not done)─▶ rehandling ─reply─▶ reported

The staff member who raised the item verifies the body's report (the rater: the case's author, or a
``rater`` party added later), on the verification scale below. Items are raised by any oversight
instrument through ``services_plans.rectification_create`` with a generic origin
(``origin_kind`` / ``origin_id``: "inspection", "evaluation", "inquiry", "opinion" …).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from renda.cases.choices import DeadlineUnit, RatingValue
from renda.cases.policies import (
    CasePolicy,
    Deadline,
    State,
    ThreeLevelScale,
    any_of,
    handling_transitions,
    is_assigned_unit_member,
    is_staff_of_case_congress,
)
from renda.core.choices import Role
from renda.core.scopes import scope_of

RECTIFICATION_KIND = "rectification_item"

# Who works on the supervision plan and its instruments (pages and API alike), by role in a congress.
MANAGE_ROLES = (Role.STAFF,)
READ_ROLES = (Role.STAFF, Role.LEADER)
SCORE_ROLES = (Role.DEPUTY, Role.LEADER)


def can_manage(user: Any, congress_id: int) -> bool:
    """Congress staff of that congress write plans, inspections, evaluations …"""
    return scope_of(user).has_in(congress_id, *MANAGE_ROLES)


def can_read(user: Any, congress_id: int) -> bool:
    """Staff and leaders of that congress, and of the congresses above it (read-only)."""
    scope = scope_of(user)
    return congress_id in scope.staff_read_congress_ids


def readable_congress_ids(user: Any) -> frozenset[int]:
    return scope_of(user).staff_read_congress_ids


def can_use_oversight(user: Any) -> bool:
    return scope_of(user).has(*READ_ROLES)


class RectState:
    REGISTERED = "registered"
    ASSIGNED = "assigned"
    HANDLING = "handling"
    REPORTED = "reported"
    FOLLOWING = "following"
    REHANDLING = "rehandling"
    CLOSED = "closed"


RECT_STATE_LABELS = {
    RectState.REGISTERED: _("待交办"),
    RectState.ASSIGNED: _("已交办待签收"),
    RectState.HANDLING: _("整改中"),
    RectState.REPORTED: _("已报告待核实"),
    RectState.FOLLOWING: _("跟踪整改"),
    RectState.REHANDLING: _("继续整改"),
    RectState.CLOSED: _("已销号"),
}


class VerificationScale(ThreeLevelScale):
    """Staff verify the body's report: done (closes), basically done (kept under follow-up when the
    report says B/C), not done (the body rectifies again)."""

    code = "rectification_verification"
    label = _("整改核实")

    def choices(self) -> list[tuple[str, Any]]:
        return [
            (RatingValue.SATISFIED, _("整改到位")),
            (RatingValue.BASICALLY, _("基本到位")),
            (RatingValue.DISSATISFIED, _("未整改到位,继续整改")),
        ]


St = RectState
S = is_staff_of_case_congress


class RectificationPolicy(CasePolicy):
    kind = RECTIFICATION_KIND
    label = _("整改事项")
    number_prefix = "ZG"
    states = (
        State(St.REGISTERED, RECT_STATE_LABELS[St.REGISTERED]),
        State(St.ASSIGNED, RECT_STATE_LABELS[St.ASSIGNED]),
        State(St.HANDLING, RECT_STATE_LABELS[St.HANDLING]),
        State(St.REPORTED, RECT_STATE_LABELS[St.REPORTED]),
        State(St.FOLLOWING, RECT_STATE_LABELS[St.FOLLOWING]),
        State(St.REHANDLING, RECT_STATE_LABELS[St.REHANDLING]),
        State(St.CLOSED, RECT_STATE_LABELS[St.CLOSED], is_open=False),
    )
    initial_state = St.REGISTERED
    transitions = handling_transitions(
        assign_from=(St.REGISTERED,),
        assigned=St.ASSIGNED,
        handling=St.HANDLING,
        replied=St.REPORTED,
        following=St.FOLLOWING,
        rehandling=St.REHANDLING,
        closed=St.CLOSED,
        assign_label=_("交办整改"),
    )
    reply_deadline = Deadline(DeadlineUnit.MONTHS, 3)
    rehandle_deadline = Deadline(DeadlineUnit.MONTHS, 1)
    rating_scale = VerificationScale()
    # The body reports on its rectification; it need not contact a deputy first.
    requires_contact_before_reply = False
    special_inquiry_after = 2
    # A body's rectification is not published item by item: the plan's page and the yearly summary do.
    hidden_actions = ("publish", "withhold")
    subject_template = "oversight/plans/_rectification_subject.html"

    can_attach = staticmethod(any_of(S, is_assigned_unit_member))

    @staticmethod
    def can_create(actor: Any, congress: Any) -> bool:
        return can_manage(actor, congress.pk)

    def subject_context(self, case: Any, actor: Any) -> dict[str, Any]:
        from .selectors_plans import origin_label

        item = getattr(case, "rectification", None)
        return {"item": item, "origin": origin_label(item) if item else ""}


RECTIFICATION_POLICY = RectificationPolicy()
