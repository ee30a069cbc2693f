"""The Election Law's numbers (全国人民代表大会和地方各级人民代表大会选举法), as configuration.

Every statutory number the procedure uses is a parameter with the law's value as the default; a
congress may set its own (``ElectionSetting``, e.g. a province's implementing rules) and one
election may set its own again (``Election.params``). ``params_of(election)`` merges the three.

Fractions are written as text (``"1/3"``) and compared exactly with integers, never as floats:
“more than half” of 7 ballots is 4, and 3.5 must never round either way.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.utils.translation import gettext_lazy as _

# key: (default, label, kind) — kind is "int" (a count of days/people/seats/percent) or "fraction".
LAW: dict[str, tuple[Any, Any, str]] = {
    "register_publish_days": (20, _("选民名单在选举日前公布的天数(法定为二十日以前)"), "int"),
    "appeal_days": (5, _("对选民名单提出申诉的期限(自公布之日起,天)"), "int"),
    "appeal_decision_days": (3, _("选举委员会处理申诉的期限(天)"), "int"),
    "preliminary_list_days": (15, _("初步候选人名单在选举日前公布的天数"), "int"),
    "final_list_days": (7, _("正式代表候选人名单在选举日前公布的天数"), "int"),
    "voting_age": (18, _("选民年龄(以选举日计算,周岁)"), "int"),
    "seats_min": (1, _("每一选区最少应选名额"), "int"),
    "seats_max": (3, _("每一选区最多应选名额"), "int"),
    "min_signatures": (10, _("选民联名推荐代表候选人的最少人数"), "int"),
    "margin_min": ("1/3", _("候选人多于应选名额的最小比例(差额)"), "fraction"),
    "margin_max": ("1", _("候选人多于应选名额的最大比例(差额)"), "fraction"),
    "turnout_more_than": ("1/2", _("选举有效须超过的投票选民比例"), "fraction"),
    "elected_more_than": ("1/2", _("当选须超过的得票比例(占所投选票)"), "fraction"),
    "further_round_min": ("1/3", _("另行选举当选所需的最低得票比例"), "fraction"),
    "proxy_max": (3, _("每一选民接受委托投票的最多人数"), "int"),
    # Not a number of the law: how far a constituency's population per seat may stray from the
    # average before it is flagged (选区划分大体相等).
    "seat_deviation_pct": (30, _("每名代表所代表人口数偏离平均数的容许幅度(%)"), "int"),
}

# Composition targets of the whole (percent of those elected); "max" ones are ceilings.
TARGETS: dict[str, tuple[int, Any, str]] = {
    "workers_farmers": (25, _("工人、农民代表比例不低于"), "min"),
    "technical": (10, _("专业技术人员代表比例不低于"), "min"),
    "women": (30, _("妇女代表比例不低于"), "min"),
    "reelected": (33, _("连任代表比例约为(不低于)"), "min"),
    "cpc": (65, _("中共党员代表比例不超过"), "max"),
    "non_cpc": (35, _("非中共党员代表比例不低于"), "min"),
}


def defaults() -> dict[str, Any]:
    return {key: value for key, (value, _label, _kind) in LAW.items()}


def target_defaults() -> dict[str, int]:
    return {key: value for key, (value, _label, _kind) in TARGETS.items()}


def fraction(value: Any) -> Fraction:
    return Fraction(str(value))


def check_param(key: str, value: Any) -> Any:
    """The value normalised, or ValueError (unknown key, not a number, out of sense)."""
    if key not in LAW:
        raise ValueError(key)
    kind = LAW[key][2]
    if kind == "int":
        number = int(value)
        if number < 0 or number > 1000:
            raise ValueError(key)
        return number
    frac = Fraction(str(value).strip())
    if frac < 0 or frac > 10:
        raise ValueError(key)
    return str(frac)


def params_of(election: Any) -> dict[str, Any]:
    """The law's defaults, then the congress's settings, then the election's own."""
    from .models import ElectionSetting

    merged = defaults()
    setting = ElectionSetting.objects.filter(congress_id=election.congress_id).first()
    if setting is not None:
        merged.update({k: v for k, v in (setting.params or {}).items() if k in LAW})
    merged.update({k: v for k, v in (election.params or {}).items() if k in LAW})
    return merged


def more_than(count: int, total: int, share: Any) -> bool:
    """``count`` is more than ``share`` of ``total`` (exact: 4 of 7 is more than half, 3 is not)."""
    frac = fraction(share)
    return count * frac.denominator > frac.numerator * total


def at_least(count: int, total: int, share: Any) -> bool:
    frac = fraction(share)
    return count * frac.denominator >= frac.numerator * total


def candidate_range(seats: int, params: dict[str, Any]) -> tuple[int, int]:
    """(fewest, most) candidates for ``seats`` (差额: more than the seats by one third to one times).

    The fewest is the smallest whole number ≥ seats × (1 + ⅓); with one seat that is 2."""
    lo = fraction(params["margin_min"])
    hi = fraction(params["margin_max"])
    low_exact = seats * (1 + lo)
    fewest = -(-low_exact.numerator // low_exact.denominator)  # ceiling
    fewest = max(fewest, seats + 1) if lo > 0 else fewest
    high_exact = seats * (1 + hi)
    most = high_exact.numerator // high_exact.denominator  # floor
    return fewest, most
