"""Every passing rule at, above and below its boundary; ties; 差额 election winners."""

from __future__ import annotations

import pytest

from renda.voting import rules
from renda.voting.services import election_winners


@pytest.mark.parametrize(
    ("yes", "members", "passed"),
    [(18, 35, True), (17, 35, False), (19, 35, True), (5, 10, False), (6, 10, True), (0, 0, False)],
)
def test_majority_of_all_members(yes, members, passed):
    assert rules.evaluate("majority_all", {"yes": yes}, members, members).passed is passed


@pytest.mark.parametrize(
    ("yes", "members", "passed"),
    # 2/3 of 30 is exactly 20: "三分之二以上" includes it
    [(20, 30, True), (19, 30, False), (21, 30, True), (24, 35, True), (23, 35, False)],
)
def test_two_thirds_of_all_members(yes, members, passed):
    assert (
        rules.evaluate("two_thirds_all", {"yes": yes, "no": members - yes}, members, members).passed is passed
    )


@pytest.mark.parametrize(
    ("yes", "present", "passed"),
    [(11, 20, True), (10, 20, False), (12, 20, True), (0, 0, False)],
)
def test_majority_of_present(yes, present, passed):
    # all members is 35: only those present count for this rule
    assert rules.evaluate("majority_present", {"yes": yes}, 35, present).passed is passed


def test_tie_between_yes_and_no_does_not_pass():
    assert rules.evaluate("majority_present", {"yes": 5, "no": 5}, 10, 10).passed is False
    assert rules.evaluate("majority_all", {"yes": 5, "no": 5}, 10, 10).passed is False


@pytest.mark.parametrize(("satisfied", "basic", "passed"), [(3, 3, True), (3, 2, False), (0, 6, True)])
def test_satisfaction_majority_of_present(satisfied, basic, passed):
    counts = {"satisfied": satisfied, "basic": basic, "unsatisfied": 10 - satisfied - basic}
    assert rules.evaluate("satisfied_majority_present", counts, 12, 10).passed is passed


def test_a_module_registers_its_own_rule():
    rules.register_pass_rule(
        "test_threshold_80",
        "满意率80%以上",
        lambda c, m, p: rules.PassOutcome(c.get("satisfied", 0) * 5 >= p * 4),
    )
    assert rules.evaluate("test_threshold_80", {"satisfied": 8}, 10, 10).passed
    assert not rules.evaluate("test_threshold_80", {"satisfied": 7}, 10, 10).passed
    assert ("test_threshold_80", "满意率80%以上") in rules.rule_choices()


def test_unknown_rule_never_passes():
    assert rules.evaluate("nope", {"yes": 10}, 10, 10).passed is False


def test_contested_election_top_candidates_win():
    # 5 candidates for 3 seats, 10 members: more than half (6) needed
    counts = {"c1": 9, "c2": 8, "c3": 7, "c4": 6, "c5": 2}
    winners, tied, unfilled = election_winners(
        counts, seats=3, rule_code="majority_all", members=10, present=10
    )
    assert winners == ["c1", "c2", "c3"] and tied == [] and unfilled == 0


def test_contested_election_below_majority_leaves_a_seat_unfilled():
    counts = {"c1": 9, "c2": 8, "c3": 5, "c4": 4}
    winners, tied, unfilled = election_winners(
        counts, seats=3, rule_code="majority_all", members=10, present=10
    )
    assert winners == ["c1", "c2"] and unfilled == 1


def test_contested_election_tie_across_the_last_seat_elects_neither():
    counts = {"c1": 9, "c2": 7, "c3": 7, "c4": 2}
    winners, tied, unfilled = election_winners(
        counts, seats=2, rule_code="majority_all", members=10, present=10
    )
    assert winners == ["c1"] and tied == ["c2", "c3"] and unfilled == 1


def test_election_tie_within_the_seats_elects_both():
    counts = {"c1": 7, "c2": 7, "c3": 3}
    winners, _tied, unfilled = election_winners(
        counts, seats=2, rule_code="majority_all", members=10, present=10
    )
    assert sorted(winners) == ["c1", "c2"] and unfilled == 0
