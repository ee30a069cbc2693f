"""The one compliance registry: every checkable rule of the seeds (R01–R42) as code.

An app that creates the data a rule reads registers the rule's check in its own ``rules.py``::

    from renda.compliance.registry import CheckResult, Period, rule

    @rule("R20", title="县级代表活动经费每人每年不少于1000元", period=Period.YEAR,
          source="000 §四.5", module="deputies", params={"county_min": 1000, "township_min": 500})
    def funds_minimum(congress, period, params) -> CheckResult:
        ...
        return CheckResult.judge(ok, value=..., threshold=..., evidence=[...], shortfall=[...])

``evaluate(congress, period)`` runs every registered rule for a congress and a period, with the
thresholds configured for that congress (``RuleSetting``) over the seeds' defaults.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

logger = logging.getLogger("renda.compliance")


class Period(StrEnum):
    YEAR = "year"
    HALF_YEAR = "half_year"
    TERM = "term"
    MONTH = "month"
    EACH = "each"  # each item (each opinion, each suggestion) within the period asked


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"
    NOT_APPLICABLE = "not_applicable"


STATUS_LABELS = {
    Status.MET: "达标",
    Status.NOT_MET: "未达标",
    Status.NO_DATA: "暂无数据",
    Status.NOT_APPLICABLE: "不适用",
}


@dataclass(frozen=True)
class PeriodRange:
    """The period a check is evaluated for: [start, end] inclusive, with a label."""

    kind: Period
    start: dt.date
    end: dt.date
    label: str
    term: Any = None  # core.Term for term periods

    @classmethod
    def year(cls, year: int) -> PeriodRange:
        return cls(Period.YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年")

    @classmethod
    def half_year(cls, year: int, half: int) -> PeriodRange:
        if half == 1:
            return cls(Period.HALF_YEAR, dt.date(year, 1, 1), dt.date(year, 6, 30), f"{year}年上半年")
        return cls(Period.HALF_YEAR, dt.date(year, 7, 1), dt.date(year, 12, 31), f"{year}年下半年")

    @classmethod
    def for_term(cls, term: Any) -> PeriodRange:
        return cls(
            Period.TERM,
            dt.date(term.start_year, 1, 1),
            dt.date(term.end_year, 12, 31),
            f"第{term.number}届",
            term=term,
        )


class Evidence(str):
    """An evidence or shortfall line that links to its record: ``Evidence("2026-03-02 第一次会议", url)``.

    It is a ``str``, so a rule may mix plain lines and linked ones; the check page shows the link."""

    url: str

    def __new__(cls, text: str, url: str = "") -> Evidence:
        obj = super().__new__(cls, text)
        obj.url = url
        return obj


@dataclass
class CheckResult:
    status: Status
    value: Any = None  # the measured value (a share, a count …)
    threshold: Any = None  # what it is measured against
    evidence: list[str] = field(default_factory=list)  # what satisfies the rule
    shortfall: list[str] = field(default_factory=list)  # who or what falls short
    note: str = ""

    @classmethod
    def judge(cls, ok: bool, **kwargs: Any) -> CheckResult:
        return cls(Status.MET if ok else Status.NOT_MET, **kwargs)

    @classmethod
    def no_data(cls, note: str = "") -> CheckResult:
        return cls(Status.NO_DATA, note=note)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


CheckFunc = Callable[[Any, PeriodRange, dict[str, Any]], CheckResult]


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    period: Period
    source: str
    module: str
    func: CheckFunc
    params: dict[str, Any]


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    *,
    title: str,
    period: Period,
    source: str,
    module: str,
    params: dict[str, Any] | None = None,
) -> Callable[[CheckFunc], CheckFunc]:
    """Register a rule's check. One registration per rule id (R01–R42)."""

    def register(func: CheckFunc) -> CheckFunc:
        existing = RULES.get(rule_id)
        if (
            existing is not None
            and existing.func is not func
            and existing.func.__qualname__ != func.__qualname__
        ):
            raise ValueError(f"rule {rule_id} is registered twice ({existing.module} and {module})")
        RULES[rule_id] = Rule(rule_id, title, period, source, module, func, dict(params or {}))
        return func

    return register


def load_rule_modules() -> None:
    """Import ``<app>.rules`` of every installed Renda app so their rules register."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("renda.") and find_spec(f"{config.name}.rules") is not None:
            import_module(f"{config.name}.rules")


def params_for(rule_obj: Rule, congress: Any) -> dict[str, Any]:
    from .models import RuleSetting

    params = dict(rule_obj.params)
    setting = RuleSetting.objects.filter(congress=congress, rule_id=rule_obj.id).first()
    if setting is not None:
        params.update(setting.params or {})
    return params


def is_enabled(rule_obj: Rule, congress: Any) -> bool:
    from .models import RuleSetting

    setting = RuleSetting.objects.filter(congress=congress, rule_id=rule_obj.id).first()
    return setting is None or setting.enabled


@dataclass
class Evaluation:
    rule: Rule
    result: CheckResult
    params: dict[str, Any]


def evaluate_rule(
    rule_id: str, congress: Any, period: PeriodRange, *, params: dict[str, Any] | None = None
) -> Evaluation:
    """Run one rule; ``params`` (the defaults with the congress's settings over them) when the caller
    has read them already."""
    rule_obj = RULES[rule_id]
    params = params_for(rule_obj, congress) if params is None else params
    try:
        result = rule_obj.func(congress, period, params)
    except Exception as exc:  # a broken check must not hide the others
        logger.exception("compliance rule %s failed", rule_id)
        result = CheckResult(Status.NO_DATA, note=f"检查出错:{exc}")
    return Evaluation(rule_obj, result, params)


def evaluate(congress: Any, period: PeriodRange, *, rule_ids: list[str] | None = None) -> list[Evaluation]:
    """Run every registered (and enabled) rule for the congress and period, in rule order."""
    ids = sorted(rule_ids or RULES, key=lambda r: (len(r), r))
    return [
        evaluate_rule(rid, congress, period)
        for rid in ids
        if rid in RULES and is_enabled(RULES[rid], congress)
    ]
