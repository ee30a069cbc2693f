"""The steps a person may take on a case, as data: the engine's own steps and each kind's extras.

One list serves the case page (``/cases/<pk>/``: a button per action open to the actor now, each
opening its form on demand), the API (``/api/v1/cases/{id}/…``) and the inbox. A kind never writes
a page or an endpoint for a step the engine has; it only adds what is its own (a suggestion's
co-signing, merging, publishing …) through its policy::

    class SuggestionPolicy(CasePolicy):
        extra_actions = (
            CaseAction(code="invite", label=_("邀请附议"), available=can_invite, perform=do_invite,
                       form=lambda ctx, target, data=None, files=None: InviteForm(data, ...)),
        )

An action with the code of an engine action replaces it for that kind; ``hidden_actions`` removes
engine actions a kind does not use.

* ``available(ctx)`` answers ``True``/``False`` for a case-level action, or the list of targets
  (assignments, replies, requests …) it may be taken on, for ``target != "case"``: one button per
  target ("签收 — 县交通运输局").
* ``form(ctx, target, data=None, files=None)`` builds the Django form (``None``: a button with a
  confirmation). The API validates its JSON payload with the same form, so page and API refuse
  the same input with the same message.
* ``perform(ctx, data, target)`` calls the service (which checks permission again and writes the
  audit trail) with the form's ``cleaned_data`` and returns nothing or the object it made.

The generic transitions of a policy (``Transition.service == "case_transition"``: submit, accept,
withdraw …) become actions by themselves, with a note field where the transition requires one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.scopes import Scope, scope_of

from .policies import CasePolicy, Transition, available_transitions, get_policy

CASE = "case"

# Transition names the engine's services take (``renda.cases.policies``): never generic buttons.
ENGINE_TRANSITIONS = frozenset(
    {"assign", "sign", "reply", "accept", "follow", "rehandle", "close", "unassign"}
)


@dataclass
class ActionContext:
    """What an action's predicates and performers see: the actor, the case and what is known of them."""

    actor: Any
    case: Any
    request: Any = None

    @cached_property
    def scope(self) -> Scope:
        return scope_of(self.actor)

    @cached_property
    def policy(self) -> CasePolicy:
        return get_policy(self.case.kind)

    @cached_property
    def transitions(self) -> dict[str, Transition]:
        """The policy's transitions the actor may take now, by name."""
        return {t.name: t for t in available_transitions(self.case, self.actor)}

    @cached_property
    def my_assignments(self) -> list[Any]:
        """The case's assignments to the actor's units (any state), lead first."""
        units = self.scope.handling_unit_ids
        if not units:
            return []
        return list(
            self.case.assignments.filter(organization_id__in=units)
            .select_related("organization")
            .order_by("role", "id")
        )


FormFactory = Callable[..., forms.Form]


@dataclass(frozen=True)
class CaseAction:
    code: str
    label: Any
    perform: Callable[[ActionContext, dict[str, Any], Any], Any]
    available: Callable[[ActionContext], bool | Iterable[Any]]
    form: FormFactory | None = None
    target: str = CASE  # "case", or what the targets are: "assignment", "reply", "request" …
    success: Any = _("已办理。")
    # Where the button goes and how it looks: "primary" actions first, "danger" ones apart.
    style: str = "primary"
    order: int = 100
    confirm: Any = ""  # for an action without a form: the question of the confirmation
    help: Any = ""  # one line under the form's title: what the step does
    # How a target is named on its button: "签收 — 县交通运输局".
    target_label: Callable[[Any], str] = field(default=lambda target: "")
    # The key the API and the page use for the target's id (``assignment``, ``reply`` …).
    target_param: str = ""
    # An action that is a page of the kind's own (editing a draft): the button is a link there.
    link: Callable[[ActionContext, Any], str] | None = None

    @property
    def per_target(self) -> bool:
        return self.target != CASE

    @property
    def param(self) -> str:
        return self.target_param or self.target


@dataclass(frozen=True)
class BoundAction:
    """One action open to the actor now, on one target (or the case)."""

    action: CaseAction
    target: Any = None

    @property
    def code(self) -> str:
        return self.action.code

    @property
    def label(self) -> str:
        extra = self.action.target_label(self.target) if self.target is not None else ""
        return f"{self.action.label} — {extra}" if extra else str(self.action.label)

    @property
    def target_id(self) -> int | None:
        return getattr(self.target, "pk", None)


# --- the registry: the engine's own actions -------------------------------------------------------

_ENGINE_ACTIONS: dict[str, CaseAction] = {}


def register_engine_action(action: CaseAction) -> CaseAction:
    """The engine's steps (assign, sign, reply, rate …), offered to every kind that does not hide them."""
    _ENGINE_ACTIONS[action.code] = action
    return action


def engine_actions() -> list[CaseAction]:
    return list(_ENGINE_ACTIONS.values())


# --- generic transitions ------------------------------------------------------------------------------


class TransitionNoteForm(forms.Form):
    note = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args: Any, required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].required = required


def transition_action(transition: Transition) -> CaseAction:
    def available(ctx: ActionContext) -> bool:
        return transition.name in ctx.transitions

    def perform(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
        from .services import case_transition

        return case_transition(
            actor=ctx.actor, case=ctx.case, name=transition.name, note=data.get("note", "")
        )

    def form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
        return TransitionNoteForm(data, required=transition.requires_note)

    return CaseAction(
        code=transition.name,
        label=transition.label,
        available=available,
        perform=perform,
        form=form if transition.requires_note else None,
        confirm=_("确定要“%(label)s”吗?") % {"label": transition.label},
        success=_("已%(label)s。") % {"label": transition.label},
        order=50,
    )


# --- what a kind offers, what an actor may do now ------------------------------------------------


def actions_of_kind(policy: CasePolicy) -> list[CaseAction]:
    """Every action of a kind: its generic transitions, the engine's steps, its own extras (which
    replace an engine action of the same code); without the ones the kind hides."""
    by_code: dict[str, CaseAction] = {}
    for t in policy.transitions:
        if t.service == "case_transition" and t.name not in ENGINE_TRANSITIONS and t.name not in by_code:
            by_code[t.name] = transition_action(t)
    for a in engine_actions():
        by_code[a.code] = a
    for a in getattr(policy, "extra_actions", ()):
        by_code[a.code] = a
    for code in getattr(policy, "hidden_actions", ()):
        by_code.pop(code, None)
    return sorted(by_code.values(), key=lambda a: (a.order, a.code))


def actions_for(case: Any, actor: Any, *, request: Any = None) -> list[BoundAction]:
    """The actions ``actor`` may take on ``case`` now, one per target."""
    ctx = ActionContext(actor=actor, case=case, request=request)
    bound: list[BoundAction] = []
    for action in actions_of_kind(ctx.policy):
        answer = action.available(ctx)
        if not action.per_target:
            if answer:
                bound.append(BoundAction(action))
            continue
        for target in answer or ():
            bound.append(BoundAction(action, target))
    return bound


def find_action(
    case: Any, actor: Any, code: str, target_id: Any = None, *, request: Any = None
) -> BoundAction | None:
    """The bound action ``code`` (on the target with ``target_id``) if the actor may take it now."""
    for b in actions_for(case, actor, request=request):
        if b.code != code:
            continue
        if not b.action.per_target:
            return b
        if target_id is not None and str(b.target_id) == str(target_id):
            return b
    return None
