"""R11 (reports within the set time) and R12 (ratings followed as their thresholds say), each with data
that meets it and data that does not."""

from __future__ import annotations

import pytest

from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.oversight import services_opinions as services

from .conftest import comment, counts, make_opinion, rate, report, to_assigned

pytestmark = pytest.mark.clock("2026-11-20 09:30")
YEAR_2027 = PeriodRange.year(2027)


def test_r11_no_data_without_reports(w):
    assert evaluate_rule("R11", w.congress, YEAR_2027).result.status == Status.NO_DATA


def test_r11_met_when_reported_on_time(w, clock):
    opinion = to_assigned(w, make_opinion(w))
    clock.set("2027-02-19 10:00")  # the day before the deadline
    report(w, opinion)
    result = evaluate_rule("R11", w.congress, YEAR_2027).result
    assert result.status == Status.MET and result.value == "100.00%"
    assert any("2027-02-19" in line for line in result.evidence)


def test_r11_not_met_for_a_late_report_and_a_missing_one(w, clock):
    late = to_assigned(w, make_opinion(w))
    missing = to_assigned(w, make_opinion(w, title="县人民政府关于2026年预算执行情况的报告"))
    clock.set("2027-02-22 10:00")  # two days after the deadline
    report(w, late)
    result = evaluate_rule("R11", w.congress, YEAR_2027).result
    assert result.status == Status.NOT_MET and result.value == "0.00%"
    assert any("逾期2天" in line for line in result.shortfall)
    assert any(missing.case.number in line and "尚未报告" in line for line in result.shortfall)


def _rated(w, c, **kw):
    opinion = to_assigned(w, make_opinion(w, **kw))
    report(w, opinion)
    comment(w, opinion)
    rate(w, opinion, c)
    opinion.refresh_from_db()
    return opinion


def test_r12_met_pass_and_rectify_on_time(w):
    _rated(w, counts(20, 0, 5))  # 80 %: passes
    _rated(w, counts(15, 0, 10), title="县人民法院关于执行工作情况的报告")  # 60 %: rectifying, not yet due
    result = evaluate_rule("R12", w.congress, PeriodRange.year(2026)).result
    assert result.status == Status.MET and result.value == "2/2"
    assert any("80.00%" in line for line in result.evidence)
    assert any("正在整改" in line for line in result.evidence)


def test_r12_not_met_when_no_circular_follows_an_escalation(w, clock):
    opinion = _rated(w, counts(14, 0, 11))  # 56 %: escalate
    assert (
        evaluate_rule("R12", w.congress, PeriodRange.year(2026)).result.status == Status.MET
    )  # within 20 days
    clock.set("2027-01-05 10:00")  # more than 20 working days later, no circular
    result = evaluate_rule("R12", w.congress, PeriodRange.year(2026)).result
    assert result.status == Status.NOT_MET and any("至今未通报" in line for line in result.shortfall)
    services.opinion_circular_issue(
        actor=w.office_staff,
        opinion=opinion,
        text="县交通运输局整改不力,予以通报。",
        instrument="interpellation",
    )
    result = evaluate_rule("R12", w.congress, PeriodRange.year(2026)).result
    assert result.status == Status.MET and any("质询" in line for line in result.evidence)


def test_r12_not_met_when_the_re_report_is_overdue(w, clock):
    _rated(w, counts(18, 0, 7))  # 72 %: rectify, re-report due in 2 months
    clock.set("2027-02-01 10:00")
    result = evaluate_rule("R12", w.congress, PeriodRange.year(2026)).result
    assert result.status == Status.NOT_MET and any("再次报告期限" in line for line in result.shortfall)
