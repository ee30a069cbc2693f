"""Case kinds declare their workflow here: states, transitions, who may, deadlines, rater, scale.

A kind's app defines a ``CasePolicy`` subclass and calls ``register_policy(MyPolicy())`` in its
``AppConfig.ready()``. The engine (services, selectors, jobs) only ever talks to the policy, never
to the kind's own models.

Engine services perform the transitions with these names, so a kind that uses the service lists
the transition (its from-states and to-state are the kind's choice):

- ``assign``   — ``case_assign`` (units get the case)
- ``sign``     — ``assignment_sign`` (optional: the case starts being handled when a unit signs)
- ``reply``    — ``reply_submit`` (every answering unit has replied)
- ``accept``   — ``case_rate`` with a passing rating on a final reply (closes the case)
- ``follow``   — ``case_rate`` with a passing rating on a B/C reply (follow-up until a final reply)
- ``rehandle`` — ``case_rate`` with a failing rating (the units handle it again)
- ``close``    — ``reply_submit`` when the kind has no rater (a final reply closes the case)
- ``unassign`` — ``return_decide`` when no answering unit remains
Anything else (submit, accept for handling, merge, withdraw …) goes through ``case_transition``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.choices import ADMIN_ROLES, HANDLING_UNIT_KINDS, Role
from renda.core.errors import ValidationFailed
from renda.core.scopes import Scope, scope_of

from .choices import (
    ACTIVE_ASSIGNMENT_STATES,
    ANSWERING_ROLES,
    DeadlineUnit,
    PartyRole,
    RatingOutcome,
    RatingValue,
)

Predicate = Callable[[Any, Any, Scope], bool]

# --- who may: small reusable predicates ------------------------------------------------------------


def is_staff_of_case_congress(actor: Any, case: Any, scope: Scope) -> bool:
    """Congress staff or leaders of the case's own congress (not of the congress above: they only read)."""
    return scope.has_in(case.congress_id, Role.STAFF, Role.LEADER)


def is_leader_of_case_congress(actor: Any, case: Any, scope: Scope) -> bool:
    return scope.has_in(case.congress_id, Role.LEADER)


def is_admin_of_case_congress(actor: Any, case: Any, scope: Scope) -> bool:
    return scope.has_in(case.congress_id, *ADMIN_ROLES)


def _unit_assignments(case: Any, scope: Scope, roles: Iterable[str] | None = None) -> bool:
    units = scope.handling_unit_ids
    if not units:
        return False
    qs = case.assignments.filter(organization_id__in=units, state__in=ACTIVE_ASSIGNMENT_STATES)
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return qs.exists()


def is_lead_unit_member(actor: Any, case: Any, scope: Scope) -> bool:
    """A clerk or leader of a unit that answers the case (lead or separate unit)."""
    return _unit_assignments(case, scope, ANSWERING_ROLES)


def is_assigned_unit_member(actor: Any, case: Any, scope: Scope) -> bool:
    """A clerk or leader of any unit the case is assigned to (lead, co-handler or separate)."""
    return _unit_assignments(case, scope)


def is_author(actor: Any, case: Any, scope: Scope) -> bool:
    if getattr(actor, "pk", None) is None:
        return False
    return (
        case.created_by_id == actor.pk
        or case.parties.filter(user_id=actor.pk, role=PartyRole.AUTHOR).exists()
    )


def is_party(actor: Any, case: Any, scope: Scope) -> bool:
    if getattr(actor, "pk", None) is None:
        return False
    return case.created_by_id == actor.pk or case.parties.filter(user_id=actor.pk).exists()


def is_rater(actor: Any, case: Any, scope: Scope) -> bool:
    rater = case.policy.rater_for(case)
    return rater is not None and getattr(actor, "pk", None) == rater.pk


def nobody(actor: Any, case: Any, scope: Scope) -> bool:
    return False


def any_of(*predicates: Predicate) -> Predicate:
    def check(actor: Any, case: Any, scope: Scope) -> bool:
        return any(p(actor, case, scope) for p in predicates)

    check.__name__ = "any_of(" + ", ".join(p.__name__ for p in predicates) + ")"
    return check


def all_of(*predicates: Predicate) -> Predicate:
    def check(actor: Any, case: Any, scope: Scope) -> bool:
        return all(p(actor, case, scope) for p in predicates)

    check.__name__ = "all_of(" + ", ".join(p.__name__ for p in predicates) + ")"
    return check


# --- the graph as data ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class State:
    code: str
    label: Any
    is_open: bool = True


@dataclass(frozen=True)
class Transition:
    name: str
    from_states: tuple[str, ...]
    to_state: str
    label: Any
    allowed: Predicate = nobody
    # Which service performs it: "case_transition" for the generic one, otherwise the engine service
    # that collects the payload (``case_assign``, ``reply_submit`` …). Pages use it to pick the form.
    service: str = "case_transition"
    # A generic transition that needs a note (e.g. not accepting a suggestion) refuses an empty one.
    requires_note: bool = False


@dataclass(frozen=True)
class Deadline:
    """A period relative to an assignment: calendar months or working days, overridable per congress."""

    unit: str
    amount: int
    setting: str = ""  # a ``CaseSetting`` field that overrides ``amount``

    def amount_for(self, settings: Any) -> int:
        if self.setting and settings is not None:
            return int(getattr(settings, self.setting))
        return self.amount

    def compute(self, start: dt.date, settings: Any, calendar: Any) -> dt.date:
        amount = self.amount_for(settings)
        if self.unit == DeadlineUnit.MONTHS:
            return calendar.add_months(start, amount)
        return calendar.add_working_days(start, amount)


def handling_transitions(
    *,
    assign_from: Iterable[str],
    assigned: str | None = "assigned",
    handling: str = "handling",
    replied: str = "replied",
    following: str = "following",
    rehandling: str = "rehandling",
    closed: str = "closed",
    unassigned: str | None = None,
    rated: bool = True,
    assign_allowed: Predicate = is_staff_of_case_congress,
    assign_label: Any = None,
    unassign_allowed: Predicate = is_staff_of_case_congress,
    unassign_label: Any = None,
) -> tuple[Transition, ...]:
    """The engine's handling transitions (assign → sign → reply → accept / follow / rehandle, and
    unassign) between a kind's own states, so kinds do not write the same list again.

    - ``assign_from``: the states a case is assigned from (``assign``, ``case_assign``);
    - ``assigned``: the state after assignment, left by the first unit's signature (``sign``);
      ``None``: no signature step, ``assign`` goes straight to ``handling``;
    - ``replied``, ``following``, ``rehandling``, ``closed``: where replies and ratings lead;
    - ``rated=False``: a kind without a rater, whose final reply closes the case (``close``) and
      whose B/C reply puts it under follow-up (``follow``), both taken by ``reply_submit``
      (``replied`` and ``rehandling`` are then not used);
    - ``unassigned``: where a case goes when a return leaves it without an answering unit
      (``unassign``, ``return_decide``); by default the first of ``assign_from``.
    """
    assign_from = tuple(assign_from)
    if not assign_from:
        raise ValueError("handling_transitions needs at least one state to assign from")
    assign_label = assign_label or gettext_lazy("交办")
    unassign_label = unassign_label or gettext_lazy("待重新交办")
    first = assigned or handling
    transitions = [
        Transition("assign", assign_from, first, assign_label, assign_allowed, service="case_assign")
    ]
    if assigned:
        transitions.append(
            Transition(
                "sign",
                (assigned,),
                handling,
                gettext_lazy("签收"),
                is_assigned_unit_member,
                service="assignment_sign",
            )
        )
    signing = (assigned,) if assigned else ()
    if rated:
        answering = (*signing, handling, rehandling, following)
        transitions += [
            Transition(
                "reply", answering, replied, gettext_lazy("答复"), is_lead_unit_member, service="reply_submit"
            ),
            Transition("accept", (replied,), closed, gettext_lazy("满意办结"), is_rater, service="case_rate"),
            Transition(
                "follow", (replied,), following, gettext_lazy("跟踪落实"), is_rater, service="case_rate"
            ),
            Transition(
                "rehandle", (replied,), rehandling, gettext_lazy("重新办理"), is_rater, service="case_rate"
            ),
        ]
    else:  # no rater, so no failing rating and no re-handling
        transitions += [
            Transition(
                "close",
                (*signing, handling, following),
                closed,
                gettext_lazy("办结"),
                is_lead_unit_member,
                service="reply_submit",
            ),
            Transition(
                "follow",
                (*signing, handling),
                following,
                gettext_lazy("跟踪落实"),
                is_lead_unit_member,
                service="reply_submit",
            ),
        ]
    transitions.append(
        Transition(
            "unassign",
            (first, handling) if assigned else (handling,),
            unassigned or assign_from[0],
            unassign_label,
            unassign_allowed,
            service="return_decide",
        )
    )
    return tuple(transitions)


# --- rating scales ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatingResult:
    value: str
    percent: Decimal | None
    outcome: str


class RatingScale:
    code = ""
    label: Any = ""

    def evaluate(self, value: Any) -> RatingResult:  # pragma: no cover - interface
        raise NotImplementedError

    def choices(self) -> list[tuple[str, Any]]:  # pragma: no cover - interface
        raise NotImplementedError


class ThreeLevelScale(RatingScale):
    """满意 / 基本满意 / 不满意: a deputy's rating. Dissatisfied sends the case back."""

    code = "three_level"
    label = gettext_lazy("满意、基本满意、不满意")

    def choices(self) -> list[tuple[str, Any]]:
        return [
            (RatingValue.SATISFIED, RatingValue.SATISFIED.label),
            (RatingValue.BASICALLY, RatingValue.BASICALLY.label),
            (RatingValue.DISSATISFIED, RatingValue.DISSATISFIED.label),
        ]

    def evaluate(self, value: Any) -> RatingResult:
        if value not in (RatingValue.SATISFIED, RatingValue.BASICALLY, RatingValue.DISSATISFIED):
            raise ValidationFailed(_("请选择满意、基本满意或不满意。"), field="value")
        outcome = RatingOutcome.REHANDLE if value == RatingValue.DISSATISFIED else RatingOutcome.PASS
        return RatingResult(value=str(value), percent=None, outcome=outcome)


class PercentScale(RatingScale):
    """A satisfaction percentage (e.g. a committee's vote): ≥ pass_at passes, < escalate_below escalates,
    in between the unit keeps rectifying (re-handles)."""

    code = "percent"
    label = gettext_lazy("满意率(百分比)")

    def __init__(self, pass_at: int = 80, escalate_below: int = 60):
        self.pass_at = Decimal(pass_at)
        self.escalate_below = Decimal(escalate_below)

    def choices(self) -> list[tuple[str, Any]]:
        return []

    def evaluate(self, value: Any) -> RatingResult:
        try:
            percent = Decimal(str(value)).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError, TypeError):
            raise ValidationFailed(_("请填写0到100之间的满意率。"), field="value") from None
        if not percent.is_finite() or percent < 0 or percent > 100:
            raise ValidationFailed(_("请填写0到100之间的满意率。"), field="value")
        if percent >= self.pass_at:
            outcome = RatingOutcome.PASS
        elif percent < self.escalate_below:
            outcome = RatingOutcome.ESCALATE
        else:
            outcome = RatingOutcome.REHANDLE
        return RatingResult(value=RatingValue.PERCENT, percent=percent, outcome=outcome)


# --- the policy -------------------------------------------------------------------------------------


class CasePolicy:
    """Base class of a case kind's policy. Subclasses set the class attributes and may override hooks."""

    kind: str = ""
    label: Any = ""
    number_prefix: str = ""
    # The kinds of organisation a case of this kind may be assigned to (交办): the handling units by
    # default; a kind may add the congress's own bodies (e.g. decomposed tasks led by the office).
    assignable_unit_kinds: frozenset[str] = frozenset(HANDLING_UNIT_KINDS)
    states: tuple[State, ...] = ()
    initial_state: str = ""
    transitions: tuple[Transition, ...] = ()

    # Deadlines, relative to the assignment (overridable per congress by CaseSetting fields).
    reply_deadline = Deadline(DeadlineUnit.MONTHS, 3, "reply_months")
    co_handler_opinion_deadline = Deadline(DeadlineUnit.MONTHS, 1, "co_handler_opinion_months")
    rehandle_deadline = Deadline(DeadlineUnit.MONTHS, 1, "rehandle_months")
    extension_max_total = Deadline(DeadlineUnit.MONTHS, 6, "extension_max_total_months")
    return_window = Deadline(DeadlineUnit.WORKING_DAYS, 7, "return_request_working_days")
    warning_window = Deadline(DeadlineUnit.WORKING_DAYS, 10, "warning_working_days")
    max_extensions = 1

    rating_scale: RatingScale = ThreeLevelScale()
    # What a failing rating does.
    rehandle_on_dissatisfied = True
    key_on_dissatisfied = True
    special_inquiry_after = 2  # dissatisfied ratings before the case goes on the special-inquiry list
    # Every reply comes after contact, in principle; otherwise the unit must say why.
    requires_contact_before_reply = True

    # Handling as real units do it (docs/cases/engine.md, "Handling rules"), each switchable per kind:
    # - the lead unit's reply waits for every co-handler of the round to send its opinion (协办意见),
    #   unless the lead records why it replies without one (``Reply.reason_without_co_handler``);
    #   co-handlers are reminded before their opinion deadline.
    co_handler_opinion_before_reply = False
    # - a unit's reply is drafted by its clerk and signed off (签发) by its unit leader before it goes
    #   to the rater; the leader may send the draft back or reply directly. A unit without any active
    #   unit-leader account replies directly, naming its signing leader, as before.
    reply_requires_sign_off = False
    # - no case closes (rating, ``close``, any transition into a closed state) while an assignment of
    #   it (not returned or withdrawn) was never signed for (签收).
    close_requires_signed_assignments = True

    # Who may act outside transitions.
    can_assign: Predicate = staticmethod(is_staff_of_case_congress)
    can_supervise: Predicate = staticmethod(is_staff_of_case_congress)
    can_publish: Predicate = staticmethod(is_staff_of_case_congress)
    can_decide_requests: Predicate = staticmethod(is_staff_of_case_congress)
    can_attach: Predicate = staticmethod(any_of(is_staff_of_case_congress, is_assigned_unit_member, is_party))

    # The kind's face on the engine's case page (``/cases/<pk>/``): its own actions beside the engine's
    # (``renda.cases.actions.CaseAction``; one with an engine action's code replaces it), the engine
    # actions it does not use, and the template of its subject panel (the suggestion's text and
    # co-signers …) with the context that template needs.
    extra_actions: tuple[Any, ...] = ()
    hidden_actions: tuple[str, ...] = ()
    subject_template: str = ""
    # The kind's words on the timeline: describers of its own audit actions (``action -> describer``,
    # see ``renda.cases.labels``) and labels of transition names it no longer declares.
    timeline_describers: dict[str, Any] = {}
    transition_labels: dict[str, Any] = {}
    # How the timeline names an event without an actor ("系统"; "群众" for constituents' opinions).
    timeline_nobody: Any = ""

    def __init__(self) -> None:
        self._states = {s.code: s for s in self.states}
        if self.initial_state not in self._states:
            raise ValueError(f"{self.kind}: initial state {self.initial_state!r} is not declared")
        for t in self.transitions:
            unknown = {*t.from_states, t.to_state} - set(self._states)
            if unknown:
                raise ValueError(f"{self.kind}: transition {t.name} uses undeclared states {unknown}")

    # -- states and transitions --
    def state_label(self, code: str) -> str:
        state = self._states.get(code)
        return str(state.label) if state else code

    def state_choices(self) -> list[tuple[str, str]]:
        return [(s.code, str(s.label)) for s in self.states]

    def is_open_state(self, code: str) -> bool:
        state = self._states.get(code)
        return bool(state and state.is_open)

    def open_states(self) -> list[str]:
        return [s.code for s in self.states if s.is_open]

    def find_transition(self, name: str, from_state: str) -> Transition | None:
        for t in self.transitions:
            if t.name == name and from_state in t.from_states:
                return t
        return None

    def has_transition(self, name: str) -> bool:
        return any(t.name == name for t in self.transitions)

    # -- hooks a kind may override --
    def rater_for(self, case: Any) -> Any:
        """The user who rates replies: by default the case's party with role ``rater``, else its author."""
        party = case.parties.filter(role=PartyRole.RATER).select_related("user").first()
        if party is not None:
            return party.user
        author = case.parties.filter(role=PartyRole.AUTHOR).select_related("user").first()
        if author is not None:
            return author.user
        return None

    def rater_filter(self, user: Any) -> Any:
        """The cases (a ``Q`` over ``Case``) whose rater is ``user``, in SQL: what ``rater_for`` answers
        case by case (the inbox's "to rate" asks it). A kind that overrides ``rater_for`` overrides this
        too. By default: the party with role ``rater``, else the author."""
        from django.db.models import Q

        from .models import CaseParty

        pk = getattr(user, "pk", None)
        if pk is None:
            return Q(pk__in=[])
        mine = CaseParty.objects.filter(user_id=pk)
        return Q(pk__in=mine.filter(role=PartyRole.RATER).values("case_id")) | (
            Q(pk__in=mine.filter(role=PartyRole.AUTHOR).values("case_id"))
            & ~Q(pk__in=CaseParty.objects.filter(role=PartyRole.RATER).values("case_id"))
        )

    def party_user_ids(self, case: Any) -> set[int]:
        """Everyone told about the case's progress (authors, co-signers, rater)."""
        ids = set(case.parties.values_list("user_id", flat=True))
        if case.created_by_id:
            ids.add(case.created_by_id)
        return ids

    def on_rated(self, *, case: Any, rating: Any, actor: Any) -> None:
        """Called inside the rating's transaction, after the case changed: kinds count it elsewhere
        (e.g. a deputy's performance record). Does nothing by default."""

    def on_replied(self, *, case: Any, reply: Any, actor: Any) -> None:
        """Called inside the reply's transaction once the formal reply is issued (a direct reply or a
        signed-off draft): kinds tell those the engine does not know (a citizen by SMS). Nothing by
        default."""

    def is_publishable(self, case: Any) -> bool:
        """By default a case is published once it is closed (the reply and rating are final)."""
        return case.closed_at is not None

    def subject_context(self, case: Any, actor: Any) -> dict[str, Any]:
        """What ``subject_template`` needs beyond ``case`` (the kind's own row, its parties …)."""
        return {}

    def timeline_lookups(self, case: Any) -> Callable[[list[Any]], dict[str, dict[Any, str]]] | None:
        """Bulk lookups of the names the kind's describers need (``Names.extra``), or ``None``."""
        return None

    def readable_cases(self, user: Any) -> Any:
        """The cases of this kind ``user`` may read (the case page, the API, downloads). By default the
        engine's scope (``Case.objects.visible_to``); a kind with its own rule (drafts kept private,
        invited co-signers reading …) narrows or widens it."""
        from .models import Case

        return Case.objects.visible_to(user).of_kind(self.kind)

    def attachment_is_public(self, attachment: Any) -> bool:
        """Whether anyone may download a file: by default the files of replies of a published case."""
        return attachment.reply_id is not None and attachment.case.is_public

    def notify_url(self, case: Any) -> str:
        return f"/cases/{case.pk}/"


# --- registry ---------------------------------------------------------------------------------------

_REGISTRY: dict[str, CasePolicy] = {}


def register_policy(policy: CasePolicy, *, replace: bool = False) -> CasePolicy:
    if not policy.kind:
        raise ValueError("A policy needs a kind.")
    if policy.kind in _REGISTRY and not replace and type(_REGISTRY[policy.kind]) is not type(policy):
        raise ValueError(f"Case kind {policy.kind!r} is already registered.")
    _REGISTRY[policy.kind] = policy
    return policy


def unregister_policy(kind: str) -> None:
    _REGISTRY.pop(kind, None)


def get_policy(kind: str) -> CasePolicy:
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise LookupError(f"No case policy registered for kind {kind!r}") from None


def registered_policies() -> list[CasePolicy]:
    return list(_REGISTRY.values())


def kind_choices() -> list[tuple[str, str]]:
    return [(p.kind, str(p.label)) for p in _REGISTRY.values()]


def available_transitions(case: Any, actor: Any) -> list[Transition]:
    """Which steps ``actor`` may take on ``case`` now. Buttons and services both ask this."""
    policy = get_policy(case.kind)
    scope = scope_of(actor)
    if scope.is_empty and not getattr(actor, "is_authenticated", False):
        return []
    return [t for t in policy.transitions if case.state in t.from_states and t.allowed(actor, case, scope)]


def transition_allowed(case: Any, actor: Any, name: str) -> Transition | None:
    for t in available_transitions(case, actor):
        if t.name == name:
            return t
    return None
