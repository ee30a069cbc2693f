"""One list of handling transitions: the kinds build them with ``handling_transitions`` and get
exactly the graph they wrote by hand before (names, states, services, who may, labels)."""

from __future__ import annotations

import pytest

from renda.cases.policies import (
    Transition,
    handling_transitions,
    is_assigned_unit_member,
    is_lead_unit_member,
    is_rater,
    is_staff_of_case_congress,
)
from renda.liaison.policy import POLICY as OPINIONS
from renda.liaison.policy import STAFF_OR_KEEPER
from renda.suggestions.policy import POLICY as SUGGESTIONS

S = is_staff_of_case_congress
ANSWERING = ("assigned", "handling", "rehandling", "following")


def _rows(transitions):
    return [
        (t.name, t.from_states, t.to_state, t.service, t.allowed, str(t.label), t.requires_note)
        for t in transitions
    ]


def _handling(policy):
    names = {"assign", "sign", "reply", "accept", "follow", "rehandle", "unassign", "close"}
    return [t for t in policy.transitions if t.name in names]


def test_suggestions_keep_their_handling_graph():
    assert _rows(_handling(SUGGESTIONS)) == [
        ("assign", ("accepted",), "assigned", "case_assign", S, "交办", False),
        ("sign", ("assigned",), "handling", "assignment_sign", is_assigned_unit_member, "签收", False),
        ("reply", ANSWERING, "replied", "reply_submit", is_lead_unit_member, "答复", False),
        ("accept", ("replied",), "closed", "case_rate", is_rater, "满意办结", False),
        ("follow", ("replied",), "following", "case_rate", is_rater, "跟踪落实", False),
        ("rehandle", ("replied",), "rehandling", "case_rate", is_rater, "重新办理", False),
        ("unassign", ("assigned", "handling"), "accepted", "return_decide", S, "待重新交办", False),
    ]


def test_constituent_opinions_keep_their_handling_graph():
    assert _rows(_handling(OPINIONS)) == [
        ("assign", ("accepted",), "assigned", "case_assign", STAFF_OR_KEEPER, "转办", False),
        ("sign", ("assigned",), "handling", "assignment_sign", is_assigned_unit_member, "签收", False),
        ("reply", ANSWERING, "replied", "reply_submit", is_lead_unit_member, "答复", False),
        ("accept", ("replied",), "closed", "case_rate", is_rater, "满意办结", False),
        ("follow", ("replied",), "following", "case_rate", is_rater, "跟踪落实", False),
        ("rehandle", ("replied",), "rehandling", "case_rate", is_rater, "重新办理", False),
        ("unassign", ("assigned", "handling"), "accepted", "return_decide", S, "待重新转办", False),
    ]


def test_the_kinds_own_transitions_stay_theirs():
    assert [t.name for t in SUGGESTIONS.transitions if t.service == "case_transition"] == [
        "submit", "resubmit", "withdraw", "admit", "return", "refuse", "merge", "convert",
    ]  # fmt: skip
    assert [t.name for t in OPINIONS.transitions if t.service == "case_transition"] == [
        "accept_opinion", "exclude", "answer_on_spot", "spot_close", "spot_reject", "take_up",
    ]  # fmt: skip


def test_a_kind_without_signature_or_rater():
    rows = _rows(
        handling_transitions(
            assign_from=("new",), assigned=None, handling="working", following="watch", rated=False
        )
    )
    assert rows == [
        ("assign", ("new",), "working", "case_assign", S, "交办", False),
        ("close", ("working", "watch"), "closed", "reply_submit", is_lead_unit_member, "办结", False),
        ("follow", ("working",), "watch", "reply_submit", is_lead_unit_member, "跟踪落实", False),
        ("unassign", ("working",), "new", "return_decide", S, "待重新交办", False),
    ]  # fmt: skip
    assert all(isinstance(t, Transition) for t in handling_transitions(assign_from=("a",)))
    with pytest.raises(ValueError):
        handling_transitions(assign_from=())
