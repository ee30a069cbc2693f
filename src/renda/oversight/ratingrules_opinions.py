"""The rating rules of deliberation opinions (满意度测评规则): a registry of pure functions.

A rule turns the raw counts of a satisfaction rating into a verdict. Which rule a congress applies,
with which thresholds, is configuration (``OpinionRuleVersion``, one row per version); a rating keeps
the rule's code, its version and its parameters, so the verdict and the share can be recomputed
from the stored counts at any time (``recompute``).

Built in (the seeds and common practice):

- ``share_of_cast`` — 按实际投票数计算满意率: (satisfied [+ basically satisfied]) / ballots cast;
  ≥ ``pass_at`` (80 %) passes; below it the body keeps rectifying and reports again; below
  ``escalate_below`` (60 %) a circular and a stronger instrument (003 §二(三), R12).
- ``majority_of_members`` — 按全体组成人员计算: satisfied when satisfied votes are **more than half**
  of all members of the committee (not of those present); basically satisfied when satisfied plus
  basically satisfied are more than half; otherwise dissatisfied. Exactly half is not enough.

A second failing rating of the same opinion escalates too; that is counted by the service (the case
engine's ``special_inquiry_after``), not by the rule, which sees one rating only.

Register another rule with ``register_rating_rule(RatingRule(...))``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.errors import ValidationFailed

PASS, RECTIFY, ESCALATE = "pass", "rectify", "escalate"
SATISFIED, BASICALLY, DISSATISFIED = "satisfied", "basically", "dissatisfied"
LEVEL_LABELS = {
    SATISFIED: gettext_lazy("满意"),
    BASICALLY: gettext_lazy("基本满意"),
    DISSATISFIED: gettext_lazy("不满意"),
}
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Counts:
    satisfied: int
    basically: int
    dissatisfied: int
    blank: int  # 弃权或无效
    members: int  # 全体组成人员
    present: int  # 出席

    @property
    def cast(self) -> int:
        return self.satisfied + self.basically + self.dissatisfied + self.blank

    def as_dict(self) -> dict[str, int]:
        return {
            "satisfied": self.satisfied,
            "basically": self.basically,
            "dissatisfied": self.dissatisfied,
            "blank": self.blank,
            "members": self.members,
            "present": self.present,
        }


@dataclass(frozen=True)
class Verdict:
    outcome: str  # pass / rectify / escalate
    percent: Decimal  # the share the rule measures, two decimals
    level: str = ""  # satisfied / basically / dissatisfied (the all-members rule)
    detail: str = ""


@dataclass(frozen=True)
class RatingRule:
    code: str
    label: Any
    defaults: dict[str, Any]
    evaluate: Callable[[Counts, Mapping[str, Any]], Verdict]
    describe: Callable[[Mapping[str, Any]], str]
    param_labels: dict[str, Any] = field(default_factory=dict)


_RULES: dict[str, RatingRule] = {}


def register_rating_rule(rule: RatingRule) -> RatingRule:
    _RULES[rule.code] = rule
    return rule


def get_rating_rule(code: str) -> RatingRule | None:
    return _RULES.get(code)


def rating_rule_choices() -> list[tuple[str, str]]:
    return [(r.code, str(r.label)) for r in _RULES.values()]


def percent_of(numerator: int, denominator: int) -> Decimal:
    """numerator / denominator as a percentage rounded half up to two decimals (0 for no denominator)."""
    if denominator <= 0:
        return Decimal("0.00")
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def _number(params: Mapping[str, Any], key: str, default: Any) -> Fraction:
    try:
        return Fraction(str(params.get(key, default)))
    except (ValueError, ZeroDivisionError):
        return Fraction(str(default))


# --- share of the ballots cast ------------------------------------------------------------------------


def _share(counts: Counts, params: Mapping[str, Any]) -> Verdict:
    pass_at = _number(params, "pass_at", 80)
    escalate_below = _number(params, "escalate_below", 60)
    with_basic = bool(params.get("count_basically", True))
    good = counts.satisfied + (counts.basically if with_basic else 0)
    cast = counts.cast
    # Compared exactly (a fraction), never on the rounded figure: 79.996 % is below 80 %.
    share = Fraction(good * 100, cast) if cast else Fraction(0)
    if cast and share >= pass_at:
        outcome = PASS
    elif share < escalate_below:
        outcome = ESCALATE
    else:
        outcome = RECTIFY
    percent = percent_of(good, cast)
    detail = _("满意%(what)s %(good)d 票,实际投票 %(cast)d 票,满意率 %(p)s%%") % {
        "what": _("和基本满意") if with_basic else "",
        "good": good,
        "cast": cast,
        "p": f"{percent:.2f}",
    }
    return Verdict(outcome=outcome, percent=percent, detail=detail)


def _share_text(params: Mapping[str, Any]) -> str:
    return _(
        "满意率达到%(a)s%%通过;低于%(a)s%%继续整改并再次报告;低于%(b)s%%或整改后仍未通过的予以通报并建议启动专题询问、质询或特定问题调查"
    ) % {
        "a": params.get("pass_at", 80),
        "b": params.get("escalate_below", 60),
    }


SHARE_OF_CAST = register_rating_rule(
    RatingRule(
        code="share_of_cast",
        label=gettext_lazy("按实际投票数计算满意率"),
        defaults={"pass_at": 80, "escalate_below": 60, "count_basically": True},
        evaluate=_share,
        describe=_share_text,
        param_labels={
            "pass_at": gettext_lazy("通过线(%)"),
            "escalate_below": gettext_lazy("通报线(%)"),
            "count_basically": gettext_lazy("基本满意计入满意率"),
        },
    )
)


# --- counted against all members ---------------------------------------------------------------------


def _members(counts: Counts, params: Mapping[str, Any]) -> Verdict:
    members = counts.members
    good = counts.satisfied + counts.basically
    if members > 0 and counts.satisfied * 2 > members:
        level = SATISFIED
    elif members > 0 and good * 2 > members:
        level = BASICALLY
    else:
        level = DISSATISFIED
    basic_passes = bool(params.get("basically_passes", True))
    passed = level == SATISFIED or (level == BASICALLY and basic_passes)
    detail = _("满意 %(s)d 票,满意和基本满意 %(g)d 票,全体组成人员 %(m)d 人,须超过半数") % {
        "s": counts.satisfied,
        "g": good,
        "m": members,
    }
    return Verdict(
        outcome=PASS if passed else RECTIFY, percent=percent_of(good, members), level=level, detail=detail
    )


def _members_text(params: Mapping[str, Any]) -> str:
    text = _(
        "满意票超过全体组成人员半数为满意;满意和基本满意票合计超过半数为基本满意;否则为不满意(恰好半数不算超过)"
    )
    if not params.get("basically_passes", True):
        text += _(";基本满意也须继续整改")
    return text


MAJORITY_OF_MEMBERS = register_rating_rule(
    RatingRule(
        code="majority_of_members",
        label=gettext_lazy("按全体组成人员过半数评定"),
        defaults={"basically_passes": True},
        evaluate=_members,
        describe=_members_text,
        param_labels={"basically_passes": gettext_lazy("基本满意视为通过")},
    )
)

DEFAULT_RULE = SHARE_OF_CAST.code


# --- validation and recomputation -------------------------------------------------------------------


def check_counts(counts: Counts, ballots: int | None = None) -> None:
    """Refuse counts that exceed the members or do not add up, naming the figures."""
    names = {
        "satisfied": _("满意"),
        "basically": _("基本满意"),
        "dissatisfied": _("不满意"),
        "blank": _("弃权或无效"),
    }
    for key, value in counts.as_dict().items():
        if not isinstance(value, int) or value < 0:
            raise ValidationFailed(_("票数和人数须为不小于0的整数。"), field=key)
    if counts.members <= 0:
        raise ValidationFailed(_("请填写全体组成人员人数。"), field="members")
    if counts.present > counts.members:
        raise ValidationFailed(
            _("出席人数 %(p)d 人超过全体组成人员 %(m)d 人。") % {"p": counts.present, "m": counts.members},
            field="present",
        )
    for key, label in names.items():
        value = getattr(counts, key)
        if value > counts.members:
            raise ValidationFailed(
                _("%(label)s %(n)d 票超过全体组成人员 %(m)d 人。")
                % {"label": label, "n": value, "m": counts.members},
                field=key,
            )
    total = _("满意 %(s)d 票、基本满意 %(b)d 票、不满意 %(d)d 票、弃权或无效 %(x)d 票,合计 %(t)d 票") % {
        "s": counts.satisfied,
        "b": counts.basically,
        "d": counts.dissatisfied,
        "x": counts.blank,
        "t": counts.cast,
    }
    if counts.cast > counts.members:
        raise ValidationFailed(
            _("%(total)s,超过全体组成人员 %(m)d 人。") % {"total": total, "m": counts.members},
            field="satisfied",
        )
    if counts.cast > counts.present:
        raise ValidationFailed(
            _("%(total)s,超过出席人数 %(p)d 人,票数不符。") % {"total": total, "p": counts.present},
            field="present",
        )
    if ballots is not None and ballots != counts.cast:
        raise ValidationFailed(
            _("%(total)s,与收回选票 %(n)d 张不符。") % {"total": total, "n": ballots}, field="ballots"
        )
    if counts.cast == 0:
        raise ValidationFailed(_("没有有效的测评票,不能形成测评结果。"), field="satisfied")


def evaluate(code: str, counts: Counts, params: Mapping[str, Any]) -> Verdict:
    rule = get_rating_rule(code)
    if rule is None:
        raise ValidationFailed(_("测评规则不存在。"), field="rule_code")
    merged = {**rule.defaults, **dict(params or {})}
    return rule.evaluate(counts, merged)


def recompute(rating: Any) -> Verdict:
    """The verdict of a stored rating, from its counts, rule and parameters (for any year's figures)."""
    counts = Counts(
        satisfied=rating.satisfied,
        basically=rating.basically,
        dissatisfied=rating.dissatisfied,
        blank=rating.blank,
        members=rating.members,
        present=rating.present,
    )
    return evaluate(rating.rule_code, counts, rating.rule_params or {})


# --- the vote's pass line (the voting app's registry), with the default thresholds ----------------------


def vote_counts(result: Mapping[str, Any]) -> Counts:
    """The counts of a closed satisfaction vote (``Vote.result``): a ballot without a choice is blank."""
    raw = result.get("counts") or {}
    satisfied = int(raw.get("satisfied", 0))
    basically = int(raw.get("basic", 0))
    dissatisfied = int(raw.get("unsatisfied", 0))
    ballots = int(result.get("ballots", satisfied + basically + dissatisfied))
    blank = max(0, ballots - satisfied - basically - dissatisfied)
    return Counts(
        satisfied=satisfied,
        basically=basically,
        dissatisfied=dissatisfied,
        blank=blank,
        members=int(result.get("members", 0)),
        present=int(result.get("present", 0)),
    )


def register_vote_pass_rules() -> None:
    """The voting app shows a pass line on a closed vote; for a satisfaction vote it is the opinion
    rule with its default thresholds. The rating itself applies the congress's configured version."""
    from renda.voting.rules import PassOutcome, register_pass_rule

    def wrap(rule: RatingRule) -> Callable[[Mapping[str, int], int, int], PassOutcome]:
        def fn(counts: Mapping[str, int], members: int, present: int) -> PassOutcome:
            s, b, d = (
                int(counts.get("satisfied", 0)),
                int(counts.get("basic", 0)),
                int(counts.get("unsatisfied", 0)),
            )
            verdict = rule.evaluate(Counts(s, b, d, 0, members, present), rule.defaults)
            return PassOutcome(verdict.outcome == PASS, verdict.detail)

        return fn

    for rule in (SHARE_OF_CAST, MAJORITY_OF_MEMBERS):
        register_pass_rule(f"opinion_{rule.code}", format_lazy("审议意见测评:{}", rule.label), wrap(rule))
