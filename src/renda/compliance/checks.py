"""The whole check of a congress for a period: every rule of the catalogue, run, stored and read back.

A period the user asks for (a year, a half year, a term) is the reporting period; each rule is evaluated
over its own kind of period that falls in it (a term rule over the term, a yearly rule over the year, a
half-yearly rule over the half year that ends in the report). Each run is stored (``CheckRun`` with one
``CheckResultRecord`` per rule) so the pages read the latest run and the history shows each rule's trend.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Max

from renda.core import clock
from renda.core.models import Congress, Term

from . import catalogue
from .models import CheckResultRecord, CheckRun, CheckStatus, RuleSetting
from .registry import (
    RULES,
    STATUS_LABELS,
    CheckResult,
    Period,
    PeriodRange,
    Status,
    evaluate_rule,
    load_rule_modules,
)

MAX_LINES = 200


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class ReportPeriod:
    """The period of a report: ``key`` is stored, ``range`` evaluated."""

    key: str
    range: PeriodRange

    @property
    def label(self) -> str:
        return self.range.label

    @property
    def kind(self) -> str:
        return self.range.kind.value


def term_of(congress: Congress, year: int) -> Term | None:
    terms = list(Term.objects.filter(congress=congress).order_by("-start_year"))
    for term in terms:
        if term.start_year <= year <= term.end_year:
            return term
    return next((t for t in terms if t.is_current), terms[0] if terms else None)


def parse_period(congress: Congress, kind: str | None, value: str | None) -> ReportPeriod:
    """``kind`` year / half_year / term and its value (2026, 2026-2, a term's pk); default: this year."""
    today = clock.today()
    kind = (kind or "year").strip()
    value = (value or "").strip()
    try:
        if kind == Period.YEAR:
            year = int(value or today.year)
            if not 1949 <= year <= 2200:
                raise PeriodError("year")
            return ReportPeriod(f"year:{year}", PeriodRange.year(year))
        if kind == Period.HALF_YEAR:
            if value:
                year_text, _sep, half_text = value.partition("-")
                year, half = int(year_text), int(half_text or 1)
            else:
                year, half = today.year, 1 if today.month <= 6 else 2
            if half not in (1, 2) or not 1949 <= year <= 2200:
                raise PeriodError("half")
            return ReportPeriod(f"half_year:{year}-{half}", PeriodRange.half_year(year, half))
        if kind == Period.TERM:
            term = (
                Term.objects.filter(congress=congress, pk=int(value)).first()
                if value
                else term_of(congress, today.year)
            )
            if term is None:
                raise PeriodError("term")
            return ReportPeriod(f"term:{term.pk}", PeriodRange.for_term(term))
    except (TypeError, ValueError) as exc:
        raise PeriodError(str(exc)) from exc
    raise PeriodError(kind)


def period_from_key(congress: Congress, key: str) -> ReportPeriod:
    kind, _sep, value = key.partition(":")
    return parse_period(congress, kind, value)


def rule_period(
    congress: Congress, report: PeriodRange, kind: Period, *, term: Term | None | bool = False
) -> PeriodRange:
    """The period a rule of ``kind`` is evaluated over within the report period (``term``: the term
    containing the report's end, when the caller has looked it up)."""
    today = clock.today()
    last = min(report.end, max(today, report.start))
    if kind == Period.TERM:
        if report.kind == Period.TERM:
            return report
        if term is False:
            term = term_of(congress, report.end.year)
        return PeriodRange.for_term(term) if term is not None else report
    if kind == Period.YEAR:
        return report if report.kind == Period.YEAR else PeriodRange.year(last.year)
    if kind == Period.HALF_YEAR:
        if report.kind == Period.HALF_YEAR:
            return report
        return PeriodRange.half_year(last.year, 1 if last.month <= 6 else 2)
    return report


@dataclass
class Line:
    """One rule's line in a check, as the pages, exports and the API show it."""

    rule_id: str
    title: str
    module: str
    module_label: str
    source: str
    period_label: str
    status: str
    value: str = ""
    threshold: str = ""
    evidence: list[dict[str, str]] = field(default_factory=list)
    shortfall: list[dict[str, str]] = field(default_factory=list)
    note: str = ""
    checked_at: dt.datetime | None = None
    registered: bool = True

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]

    @property
    def module_url_name(self) -> str:
        return catalogue.MODULE_URLS.get(self.module, "")


# Names of the figures rules return in a dict (value or threshold): never the key on a screen.
FIGURE_LABELS: dict[str, str] = {
    "supervised_share": "督办比例",
    "rated_share": "测评比例",
    "circulars": "通报次数",
    "resolution_rate": "实际解决率",
    "reply_rate": "答复率",
    "share": "比例",
    "count": "次数",
}


def _figure_label(key: str) -> str:
    from .forms import param_label

    if key in FIGURE_LABELS:
        return FIGURE_LABELS[key]
    if key.startswith(("min_", "max_")):
        return str(param_label(key))
    return "指标"


def _number(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        value = round(value, 2)
        return str(int(value)) if value == int(value) else str(value)
    return str(value)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return ";".join(f"{_figure_label(str(k))} {_number(v)}" for k, v in value.items() if v is not None)[
            :200
        ]
    if isinstance(value, list | tuple):
        return "、".join(_number(v) for v in value)[:200]
    return _number(value)[:200]


def _items(lines: list[Any]) -> list[dict[str, str]]:
    return [{"text": str(x)[:300], "url": getattr(x, "url", "") or ""} for x in list(lines)[:MAX_LINES]]


def _meta(rule_id: str) -> tuple[str, Period, str, str, bool]:
    registered = RULES.get(rule_id)
    entry = catalogue.CATALOGUE.get(rule_id)
    if registered is not None:
        module = (
            entry.module if entry is not None and registered.module == "compliance" else registered.module
        )
        return registered.title, registered.period, registered.source, module, True
    assert entry is not None
    return entry.title, entry.period, entry.source, entry.module, False


def evaluate_all(congress: Congress, report: ReportPeriod) -> list[Line]:
    """Run every rule of the catalogue (and any other registered rule) for the congress and period."""
    load_rule_modules()
    settings = {s.rule_id: s for s in RuleSetting.objects.filter(congress=congress)}
    disabled = {rid for rid, s in settings.items() if not s.enabled}
    term = report.range.term if report.range.kind == Period.TERM else term_of(congress, report.range.end.year)
    lines: list[Line] = []
    for rid in catalogue.rule_ids():
        title, kind, source, module, registered = _meta(rid)
        period = rule_period(congress, report.range, kind, term=term)
        if rid in disabled:  # still listed: a congress may not hide a rule from the report
            result = CheckResult(Status.NOT_APPLICABLE, note="本级已在检查参数设置中停用此项检查。")
        elif registered:
            params = dict(RULES[rid].params)
            if rid in settings:
                params.update(settings[rid].params or {})
            result = evaluate_rule(rid, congress, period, params=params).result
        else:
            result = CheckResult.no_data(
                f"暂无数据:尚无模块采集此项数据,将由「{catalogue.module_label(module)}」模块采集。"
            )
        lines.append(
            Line(
                rule_id=rid,
                title=title,
                module=module,
                module_label=catalogue.module_label(module),
                source=source,
                period_label=period.label,
                status=Status(result.status).value,
                value=_text(result.value),
                threshold=_text(result.threshold),
                evidence=_items(result.evidence),
                shortfall=_items(result.shortfall),
                note=(result.note or "")[:300],
                registered=registered,
            )  # fmt: skip
        )
    return lines


@transaction.atomic
def store_run(
    congress: Congress, report: ReportPeriod, lines: list[Line], *, trigger: str, actor: Any = None
) -> CheckRun:
    now = clock.now()
    counts = {s.value: 0 for s in CheckStatus}
    for line in lines:
        counts[line.status] += 1
        line.checked_at = now
    run = CheckRun.objects.create(
        congress=congress, period_key=report.key, period_label=report.label, trigger=trigger,
        actor=actor if getattr(actor, "pk", None) else None, ran_at=now, **counts,
    )  # fmt: skip
    CheckResultRecord.objects.bulk_create(
        [
            CheckResultRecord(
                run=run,
                congress=congress,
                period_key=report.key,
                rule_id=x.rule_id,
                status=x.status,
                value=x.value,
                threshold=x.threshold,
                evidence=x.evidence,
                shortfall=x.shortfall,
                note=x.note,
                rule_period_label=x.period_label,
                checked_at=now,
            )  # fmt: skip
            for x in lines
        ]
    )
    return run


def run_check(congress: Congress, report: ReportPeriod, *, trigger: str, actor: Any = None) -> CheckRun:
    return store_run(congress, report, evaluate_all(congress, report), trigger=trigger, actor=actor)


def latest_run(congress: Congress, report: ReportPeriod) -> CheckRun | None:
    return (
        CheckRun.objects.filter(congress=congress, period_key=report.key).order_by("-ran_at", "-pk").first()
    )


def is_stale(congress: Congress, run: CheckRun) -> bool:
    """A run older than a change of the congress's rule settings, or one that lacks a rule registered
    since, no longer tells the truth."""
    listed = run.met + run.not_met + run.no_data + run.not_applicable
    if listed < len(catalogue.rule_ids()):  # a rule was registered since (a module deployed)
        return True
    changed = RuleSetting.objects.filter(congress=congress).aggregate(m=Max("updated_at"))["m"]
    return changed is not None and changed > run.ran_at


def current_run(congress: Congress, report: ReportPeriod) -> CheckRun:
    """The latest run for the congress and period; a first one (or a fresh one after the thresholds
    changed) when there is none."""
    run = latest_run(congress, report)
    if run is None or is_stale(congress, run):
        run = run_check(congress, report, trigger="auto")
    return run


def lines_of(run: CheckRun) -> list[Line]:
    load_rule_modules()
    out = []
    records = {r.rule_id: r for r in run.records.all()}
    for rid in sorted(records, key=catalogue.order_key):
        rec = records[rid]
        if rid not in RULES and rid not in catalogue.CATALOGUE:
            continue
        title, _kind, source, module, registered = _meta(rid)
        out.append(
            Line(
                rule_id=rid,
                title=title,
                module=module,
                module_label=catalogue.module_label(module),
                source=source,
                period_label=rec.rule_period_label,
                status=rec.status,
                value=rec.value,
                threshold=rec.threshold,
                evidence=rec.evidence,
                shortfall=rec.shortfall,
                note=rec.note,
                checked_at=rec.checked_at,
                registered=registered,
            )  # fmt: skip
        )
    return out


def history(
    congress: Congress, report: ReportPeriod, rule_id: str, limit: int = 180
) -> list[CheckResultRecord]:
    """The rule's results in every run for the congress and period, oldest first."""
    rows = list(
        CheckResultRecord.objects.filter(congress=congress, period_key=report.key, rule_id=rule_id)
        .order_by("-checked_at", "-pk")
        .only("status", "value", "checked_at", "threshold")[:limit]
    )
    return rows[::-1]


def changes(rows: list[CheckResultRecord]) -> list[CheckResultRecord]:
    """The records where the status changed from the run before (the first one included)."""
    out, previous = [], None
    for rec in rows:
        if rec.status != previous:
            out.append(rec)
        previous = rec.status
    return out


def matrix(
    congresses: list[Congress], report_kind: str, report_value: str
) -> list[tuple[Congress, ReportPeriod, dict[str, str]]]:
    """Each congress's latest statuses per rule for the period (its current run)."""
    out = []
    for c in congresses:
        try:
            report = parse_period(c, report_kind, report_value)
        except PeriodError:
            continue
        run = current_run(c, report)
        statuses = dict(run.records.values_list("rule_id", "status"))
        out.append((c, report, statuses))
    return out
