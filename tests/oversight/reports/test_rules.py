"""R03–R08, R10 and R40 with data that meets them and data that does not, at their boundaries."""

from __future__ import annotations

import pytest

from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.oversight import services_reports as svc
from renda.oversight.models import ReportObligation, StatutoryReport

from .conftest import pdf_upload


def check(w, rule_id, period=None):
    return evaluate_rule(rule_id, w.congress, period or PeriodRange.year(2026)).result


def receive(w, title_part, on, year=2026, half=0):
    report = StatutoryReport.objects.get(obligation__title__contains=title_part, year=year, half=half)
    svc.report_receive(actor=w.staff, report=report, upload=pdf_upload(), received_on=on)


@pytest.mark.clock("2026-03-31")
def test_r03_open_until_due_met_when_received(w, clock):
    assert check(w, "R03").status == Status.NO_DATA  # no calendar yet
    svc.calendar_generate(actor=w.staff, congress=w.congress, year=2026)
    assert check(w, "R03").status == Status.NO_DATA  # due today: still open
    receive(w, "依法行政", "2026-03-31")
    result = check(w, "R03")
    assert result.status == Status.MET and "2026-03-31收到" in result.evidence[0]


@pytest.mark.clock("2026-04-01")
def test_r03_not_met_the_day_after_due(w, clock):
    svc.calendar_generate(actor=w.staff, congress=w.congress, year=2026)
    result = check(w, "R03")
    assert result.status == Status.NOT_MET and "逾期未报" in result.shortfall[0]
    receive(w, "依法行政", "2026-04-01")  # late, but reported: the year's report exists
    result = check(w, "R03")
    assert result.status == Status.MET and "逾期1天" in result.evidence[0]


@pytest.mark.clock("2026-11-20")
def test_r05_per_half_year(w, clock):
    svc.calendar_generate(actor=w.staff, congress=w.congress, year=2026)
    first, second = PeriodRange.half_year(2026, 1), PeriodRange.half_year(2026, 2)
    assert check(w, "R05", first).status == Status.NOT_MET  # due 2026-07-31, not received
    assert check(w, "R05", second).status == Status.NO_DATA  # due 2027-01-31
    receive(w, "债务", "2026-07-20", half=1)
    assert check(w, "R05", first).status == Status.MET
    assert check(w, "R05", PeriodRange.year(2026)).status == Status.NO_DATA  # the year: one half still open


@pytest.mark.clock("2026-12-31")
def test_r04_r06_r07(w, clock):
    svc.calendar_generate(actor=w.staff, congress=w.congress, year=2026)
    assert check(w, "R07").status == Status.NOT_MET  # due 2026-06-30
    receive(w, "环境状况", "2026-06-30")
    assert check(w, "R07").status == Status.MET
    assert check(w, "R04").status == Status.NO_DATA  # due today
    receive(w, "国有资产", "2026-12-24")
    assert check(w, "R04").status == Status.MET
    clock.set("2027-01-01")
    assert check(w, "R06").status == Status.NOT_MET


@pytest.mark.clock("2026-11-20")
def test_r08_both_courts_and_their_obligations(w, clock):
    svc.calendar_generate(actor=w.staff, congress=w.congress, year=2026)
    receive(w, "法院", "2026-10-29")
    result = check(w, "R08")
    assert result.status == Status.NOT_MET and any("检察院" in s for s in result.shortfall)
    receive(w, "检察院", "2026-10-30")
    assert check(w, "R08").status == Status.MET
    ReportObligation.objects.filter(reporting_body=w.procuratorate).update(rule_code="")
    result = check(w, "R08")
    assert result.status == Status.NOT_MET and "未设置人民检察院的报告事项" in result.shortfall


def submitted_list(w, on):
    from renda.core import clock as renda_clock

    ml = svc.matter_list_create(actor=w.gov_clerk, congress=w.congress, year=renda_clock.today().year + 1,
                                submitted_by=w.government)  # fmt: skip
    svc.matter_add(actor=w.gov_clerk, matter_list=ml, title="城区集中供热改造工程", category="livelihood")
    return svc.matter_list_submit(actor=w.gov_clerk, matter_list=ml)


@pytest.mark.clock("2026-12-31")
def test_r10_at_deadline(w, clock):
    assert check(w, "R10").status == Status.NO_DATA  # not yet submitted, deadline today
    submitted_list(w, "2026-12-31")
    result = check(w, "R10")
    assert result.status == Status.MET and "2026-12-31报送" in result.evidence[0]


@pytest.mark.clock("2027-01-01")
def test_r10_after_deadline(w, clock):
    assert check(w, "R10").status == Status.NOT_MET
    from renda.oversight.models import MajorMatterList

    ml = svc.matter_list_create(actor=w.gov_clerk, congress=w.congress, year=2027, submitted_by=w.government)
    svc.matter_add(actor=w.gov_clerk, matter_list=ml, title="城区集中供热改造工程", category="livelihood")
    svc.matter_list_submit(actor=w.gov_clerk, matter_list=ml)
    assert MajorMatterList.objects.get(pk=ml.pk).submitted_on.isoformat() == "2027-01-01"
    result = check(w, "R10")
    assert result.status == Status.NOT_MET and "逾期1天" in result.shortfall[0]


@pytest.mark.clock("2026-12-10")
def test_r40_by_end_of_march(w, clock):
    ml = submitted_list(w, "2026-12-10")
    svc.matter_list_comment(actor=w.staff, matter_list=ml, comments="同意。")
    svc.matter_list_agree(actor=w.staff, matter_list=ml, included=list(ml.matters.values_list("pk", flat=True)),
                          agreed_on="2026-12-10")  # fmt: skip
    period = PeriodRange.year(2027)
    clock.set("2027-03-31")
    assert check(w, "R40", period).status == Status.NO_DATA
    clock.set("2027-04-01")
    assert check(w, "R40", period).status == Status.NOT_MET
    svc.matter_list_report_party(actor=w.staff, matter_list=ml, reported_on="2027-03-31")
    assert check(w, "R40", period).status == Status.MET


@pytest.mark.clock("2027-04-02")
def test_r40_reported_late(w, clock):
    from renda.oversight.models import MajorMatterList

    ml = svc.matter_list_create(actor=w.staff, congress=w.congress, year=2027, submitted_by=w.government)
    svc.matter_add(actor=w.staff, matter_list=ml, title="城区集中供热改造工程", category="livelihood")
    svc.matter_list_submit(actor=w.staff, matter_list=ml)
    svc.matter_list_comment(actor=w.staff, matter_list=ml, comments="同意。")
    svc.matter_list_agree(actor=w.staff, matter_list=ml, included=list(ml.matters.values_list("pk", flat=True)),
                          agreed_on="2027-04-02")  # fmt: skip
    svc.matter_list_report_party(
        actor=w.staff, matter_list=MajorMatterList.objects.get(pk=ml.pk), reported_on="2027-04-02"
    )
    result = check(w, "R40", PeriodRange.year(2027))
    assert result.status == Status.NOT_MET and "晚于年初" in result.shortfall[0]
