"""The rating rules at, above and below every boundary, in both shapes; bad counts refused with the
figures named; stored ratings recomputed to two decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from renda.core.errors import ValidationFailed
from renda.oversight import ratingrules_opinions as rules

from .conftest import counts


def share(c, **params):
    return rules.evaluate("share_of_cast", c, params)


def members_rule(c, **params):
    return rules.evaluate("majority_of_members", c, params)


# --- share of the ballots cast: 80 % passes, below 60 % escalates --------------------------------------


@pytest.mark.parametrize(
    ("good", "cast", "outcome", "percent"),
    [
        (20, 25, "pass", "80.00"),  # at the pass line
        (21, 25, "pass", "84.00"),  # above
        (79, 100, "rectify", "79.00"),  # just below
        (15, 25, "rectify", "60.00"),  # at the escalation line: not below it
        (61, 100, "rectify", "61.00"),  # above the escalation line
        (59, 100, "escalate", "59.00"),  # below it
    ],
)
def test_share_boundaries(good, cast, outcome, percent):
    v = share(counts(good, 0, cast - good, members=cast, present=cast))
    assert v.outcome == outcome and v.percent == Decimal(percent)


def test_share_is_compared_exactly_not_on_the_rounded_figure():
    # 19999 of 25000 = 79.996 %: shown as 80.00 but below the line, so it does not pass
    v = share(counts(19999, 0, 5001, members=25000, present=25000))
    assert v.percent == Decimal("80.00") and v.outcome == "rectify"


def test_share_counts_basically_satisfied_and_blank_ballots():
    # 12 satisfied + 6 basically of 25 cast (5 dissatisfied, 2 blank) = 72 %
    v = share(counts(12, 6, 5, 2))
    assert v.outcome == "rectify" and v.percent == Decimal("72.00")
    strict = share(counts(12, 6, 5, 2), count_basically=False)
    assert strict.percent == Decimal("48.00") and strict.outcome == "escalate"


def test_share_thresholds_are_configuration():
    c = counts(21, 0, 4, members=25, present=25)  # 84 %
    assert share(c).outcome == "pass"
    assert share(c, pass_at=85).outcome == "rectify"
    assert share(c, pass_at=90, escalate_below=85).outcome == "escalate"


# --- counted against all members: more than half, exactly half is not enough -----------------------------


@pytest.mark.parametrize(
    ("s", "b", "members", "level", "outcome"),
    [
        (15, 0, 29, "satisfied", "pass"),  # 15 > 14.5
        (14, 0, 28, "dissatisfied", "rectify"),  # exactly half satisfied, nothing else: not enough
        (14, 1, 28, "basically", "pass"),  # exactly half satisfied; with basically 15 > 14
        (15, 0, 28, "satisfied", "pass"),  # one above half
        (10, 4, 28, "dissatisfied", "rectify"),  # satisfied + basically exactly half
        (10, 5, 28, "basically", "pass"),  # one above half together
        (10, 3, 28, "dissatisfied", "rectify"),  # one below half together
    ],
)
def test_all_members_boundaries(s, b, members, level, outcome):
    v = members_rule(counts(s, b, 0, members=members, present=members))
    assert (v.level, v.outcome) == (level, outcome)


def test_all_members_counts_members_not_those_present():
    # 14 of 15 present are satisfied (93 % of those present) but 29 members: not more than half of all
    v = members_rule(counts(14, 0, 1, members=29, present=15))
    assert v.level == "dissatisfied" and v.outcome == "rectify"
    assert share(counts(14, 0, 1, members=29, present=15)).outcome == "pass"


def test_all_members_basically_may_be_made_to_fail():
    c = counts(10, 6, 0, members=28, present=20)
    assert members_rule(c).outcome == "pass"
    assert members_rule(c, basically_passes=False).outcome == "rectify"


# --- bad counts --------------------------------------------------------------------------------------


def test_counts_above_the_members_are_refused_with_the_figures():
    with pytest.raises(ValidationFailed) as exc:
        rules.check_counts(counts(30, 0, 0, members=29, present=29))
    assert "满意 30 票超过全体组成人员 29 人" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        rules.check_counts(counts(10, 0, 0, members=29, present=30))
    assert "出席人数 30 人超过全体组成人员 29 人" in exc.value.message


def test_counts_that_do_not_add_up_are_refused_with_the_figures():
    with pytest.raises(ValidationFailed) as exc:
        rules.check_counts(counts(12, 6, 5, 4, members=29, present=25))
    assert "合计 27 票" in exc.value.message and "出席人数 25 人" in exc.value.message
    with pytest.raises(ValidationFailed) as exc:
        rules.check_counts(counts(12, 6, 5, 2, members=29, present=25), ballots=24)
    assert "合计 25 票" in exc.value.message and "收回选票 24 张" in exc.value.message
    with pytest.raises(ValidationFailed):
        rules.check_counts(counts(0, 0, 0, members=29, present=25))
    rules.check_counts(counts(12, 6, 5, 2, members=29, present=25), ballots=25)  # adds up


def test_vote_counts_read_a_closed_vote_result():
    c = rules.vote_counts(
        {
            "counts": {"satisfied": 10, "basic": 3, "unsatisfied": 2},
            "ballots": 16,
            "members": 20,
            "present": 17,
        }
    )
    assert (c.satisfied, c.basically, c.dissatisfied, c.blank, c.members, c.present) == (10, 3, 2, 1, 20, 17)


def test_percent_two_decimals_rounded_half_up():
    assert rules.percent_of(2, 3) == Decimal("66.67")
    assert rules.percent_of(1, 8) == Decimal("12.50")
    assert rules.percent_of(0, 0) == Decimal("0.00")
