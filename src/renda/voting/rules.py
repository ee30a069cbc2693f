"""Passing rules: a registry of functions ``(counts, members, present) -> PassOutcome``.

``counts`` maps an option code to its number of ballots (``{"yes": 31, "no": 3, "abstain": 2}``;
for an election, the votes of one candidate as ``{"yes": n}``); ``members`` is the number of all
members of the body, ``present`` the number signed in when the vote closed. Built in: a majority
of all members, two thirds of all members, a majority of those present. The module that owns a vote
registers its own (the oversight module its satisfaction thresholds)::

    register_pass_rule("satisfaction_half", _("满意和基本满意票过半数"), my_rule)

A rule never reads the database: it is a pure function, tested at, above and below its boundary.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class PassOutcome:
    passed: bool
    detail: str = ""


PassRuleFn = Callable[[Mapping[str, int], int, int], PassOutcome]


@dataclass(frozen=True)
class PassRule:
    code: str
    label: Any
    fn: PassRuleFn


_RULES: dict[str, PassRule] = {}


def register_pass_rule(code: str, label: Any, fn: PassRuleFn) -> PassRule:
    rule = PassRule(code=code, label=label, fn=fn)
    _RULES[code] = rule
    return rule


def get_rule(code: str) -> PassRule | None:
    return _RULES.get(code)


def rule_choices() -> list[tuple[str, str]]:
    return [(r.code, str(r.label)) for r in _RULES.values()]


def evaluate(code: str, counts: Mapping[str, int], members: int, present: int) -> PassOutcome:
    rule = _RULES.get(code)
    if rule is None:
        return PassOutcome(False, _("表决规则不存在。"))
    return rule.fn(counts, members, present)


def majority_of_all(counts: Mapping[str, int], members: int, present: int) -> PassOutcome:
    """More than half of all members (赞成票超过全体组成人员的半数)."""
    yes = int(counts.get("yes", 0))
    passed = members > 0 and yes * 2 > members
    return PassOutcome(
        passed, _("赞成 %(yes)d 票,全体组成人员 %(members)d 人,须超过半数") % {"yes": yes, "members": members}
    )


def two_thirds_of_all(counts: Mapping[str, int], members: int, present: int) -> PassOutcome:
    """Two thirds of all members or more (赞成票达到全体组成人员的三分之二以上)."""
    yes = int(counts.get("yes", 0))
    passed = members > 0 and yes * 3 >= members * 2
    return PassOutcome(
        passed,
        _("赞成 %(yes)d 票,全体组成人员 %(members)d 人,须达到三分之二以上")
        % {"yes": yes, "members": members},
    )


def majority_of_present(counts: Mapping[str, int], members: int, present: int) -> PassOutcome:
    """More than half of those present (赞成票超过出席人员的半数)."""
    yes = int(counts.get("yes", 0))
    passed = present > 0 and yes * 2 > present
    return PassOutcome(
        passed, _("赞成 %(yes)d 票,出席 %(present)d 人,须超过半数") % {"yes": yes, "present": present}
    )


MAJORITY_OF_ALL = "majority_all"
TWO_THIRDS_OF_ALL = "two_thirds_all"
MAJORITY_OF_PRESENT = "majority_present"

register_pass_rule(MAJORITY_OF_ALL, gettext_lazy("全体组成人员过半数通过"), majority_of_all)
register_pass_rule(TWO_THIRDS_OF_ALL, gettext_lazy("全体组成人员三分之二以上通过"), two_thirds_of_all)
register_pass_rule(MAJORITY_OF_PRESENT, gettext_lazy("出席人员过半数通过"), majority_of_present)


def satisfied_majority_of_present(counts: Mapping[str, int], members: int, present: int) -> PassOutcome:
    """满意 and 基本满意 together more than half of those present (until the owner registers its own)."""
    good = int(counts.get("satisfied", 0)) + int(counts.get("basic", 0))
    passed = present > 0 and good * 2 > present
    return PassOutcome(
        passed,
        _("满意和基本满意 %(good)d 票,出席 %(present)d 人,须超过半数") % {"good": good, "present": present},
    )


SATISFIED_MAJORITY_OF_PRESENT = "satisfied_majority_present"
register_pass_rule(
    SATISFIED_MAJORITY_OF_PRESENT,
    gettext_lazy("满意和基本满意票超过出席人员半数"),
    satisfied_majority_of_present,
)
