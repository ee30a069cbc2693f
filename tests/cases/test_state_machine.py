"""The case engine under random sequences of steps by random people (a Hypothesis state machine).

Whatever the order and whoever tries: the case is always in a state its kind declares; a step that
succeeds writes the audit trail and one that is refused changes nothing (state, summary, trail);
nobody outside the case's scope ever succeeds; the summary columns always equal what they summarise;
and the audit chain verifies at the end.
"""

from __future__ import annotations

import os

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from renda.audit.models import Event
from renda.audit.services import verify_chain
from renda.cases import services
from renda.cases.models import Assignment, Case, Reply
from renda.cases.services.summary import _live_models, assignment_values, case_values
from renda.core.errors import RendaError

pytestmark = pytest.mark.django_db

STEPS = int(os.environ.get("RENDA_STATE_MACHINE_STEPS", "25"))
EXAMPLES = int(os.environ.get("RENDA_STATE_MACHINE_EXAMPLES", "12"))
SUMMARY = (
    "first_reply_class",
    "first_replied_at",
    "first_reply_on_time",
    "latest_reply_class",
    "latest_reply_at",
    "latest_rating_value",
)
ASSIGNMENT_SUMMARY = ("first_reply_class", "first_reply_on_time", "latest_reply_class", "latest_rating_value")


def _recomputed(model, pk, values, names):
    annotated = model.objects.filter(pk=pk).annotate(**{f"live_{n}": values[n] for n in names}).get()
    return {n: getattr(annotated, f"live_{n}") for n in names}, {n: getattr(annotated, n) for n in names}


def test_random_steps_by_random_people_keep_every_rule(world, make_case, suggestion_policy):
    w = world
    insiders = [w.staff, w.deputy, w.clerk_a, w.clerk_b]
    # Never assigned (only units A and B are), not the author, another congress, a station keeper.
    outsiders = [w.clerk_c, w.deputy2, w.other_staff, w.keeper]
    people = st.sampled_from(insiders + outsiders)
    declared = {s.code for s in suggestion_policy.states}

    class CaseLife(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.case = make_case(title="关于城关镇主干道路灯维修的建议")

        # --- the one way every step is taken and judged -------------------------------------------

        def _snapshot(self):
            case = Case.objects.get(pk=self.case.pk)
            return (case.state, tuple(getattr(case, n) for n in SUMMARY), Event.objects.count())

        def _try(self, actor, step, *args, **kwargs):
            before = self._snapshot()
            try:
                step(*args, actor=actor, **kwargs)
            except RendaError:
                assert self._snapshot() == before, (
                    f"{step.__name__} by {actor} was refused but changed the case"
                )
                return False
            assert actor not in outsiders, f"{actor} outside the case's scope succeeded in {step.__name__}"
            assert Event.objects.count() > before[2], f"{step.__name__} succeeded without an audit event"
            return True

        def _assignments(self):
            return list(Assignment.objects.filter(case_id=self.case.pk).order_by("pk"))

        # --- the steps ----------------------------------------------------------------------------

        @rule(actor=people, with_co=st.booleans(), lead_b=st.booleans())
        def assign(self, actor, with_co, lead_b):
            lead, co = (w.unit_b, w.unit_a) if lead_b else (w.unit_a, w.unit_b)
            case = Case.objects.get(pk=self.case.pk)
            self._try(actor, services.case_assign, case=case, lead=lead, co_handlers=[co] if with_co else [])

        @rule(actor=people, pick=st.integers(0, 5))
        def sign(self, actor, pick):
            found = self._assignments()
            if found:
                self._try(actor, services.assignment_sign, assignment=found[pick % len(found)])

        @rule(actor=people, pick=st.integers(0, 5))
        def contact(self, actor, pick):
            found = self._assignments()
            if found:
                self._try(
                    actor,
                    services.contact_record,
                    assignment=found[pick % len(found)],
                    contacted_at=timezone.now(),
                    mode="phone",
                    phase="before",
                    unit_person="张科长",
                    counterpart="代表本人",
                    summary="电话说明了维修安排。",
                )

        @rule(actor=people, pick=st.integers(0, 5))
        def co_opinion(self, actor, pick):
            found = self._assignments()
            if found:
                self._try(
                    actor,
                    services.co_handler_opinion_send,
                    assignment=found[pick % len(found)],
                    opinion="同意。",
                )

        @rule(actor=people, pick=st.integers(0, 5), classification=st.sampled_from("ABCD"), why=st.booleans())
        def reply(self, actor, pick, classification, why):
            found = self._assignments()
            if found:
                self._try(
                    actor,
                    services.reply_submit,
                    assignment=found[pick % len(found)],
                    classification=classification,
                    text="已安排维修,月底前完成。",
                    signing_leader="王局长",
                    reason_without_contact="已书面沟通。" if why else "",
                    reason_without_co_handler="协办单位已口头同意。" if why else "",
                )

        @rule(actor=people, value=st.sampled_from(["satisfied", "basically", "dissatisfied", "bogus"]))
        def rate(self, actor, value):
            latest = Reply.objects.filter(case_id=self.case.pk).order_by("-replied_at", "-id").first()
            if latest is not None:
                self._try(actor, services.case_rate, reply=latest, value=value, comment="")

        @rule(actor=people, name=st.sampled_from(["withdraw", "reopen", "submit", "assign", "nonsense"]))
        def transition(self, actor, name):
            case = Case.objects.get(pk=self.case.pk)
            self._try(actor, services.case_transition, case=case, name=name, note="按规定办理。")

        # --- what must always hold ----------------------------------------------------------------

        @invariant()
        def state_is_declared(self):
            state = Case.objects.values_list("state", flat=True).get(pk=self.case.pk)
            assert state in declared, state

        @invariant()
        def summaries_equal_what_they_summarise(self):
            models = _live_models()
            live, stored = _recomputed(Case, self.case.pk, case_values(models), SUMMARY)
            assert live == stored
            values = assignment_values(models)
            for a in self._assignments():
                live, stored = _recomputed(Assignment, a.pk, values, ASSIGNMENT_SUMMARY)
                assert live == stored, a

    run_state_machine_as_test(
        CaseLife,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        ),
    )
    report = verify_chain()
    assert report.ok, report.reason
    # the machine did reach the far states, not only refusals
    reached = set(Case.objects.filter(kind="test_suggestion").values_list("state", flat=True))
    assert {"assigned", "handling"} <= reached | {"replied", "closed", "following", "rehandling"}
