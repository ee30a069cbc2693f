"""Rates are rounded half up (四舍五入) by ``renda.core.numbers`` and shown with the congress's number of
decimals, the same on the page, in the Excel sheet, in the API and in the compliance checks."""

from __future__ import annotations

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from renda.cases.selectors import percent_places
from renda.core import numbers
from renda.suggestions import documents
from renda.suggestions.statistics import Counts, Figures, Rate, StatsScope, UnitRow, suggestion_statistics

from .conftest import client_for
from .test_statistics import history  # noqa: F401 - the fixture


def test_percent_rounds_half_up_on_the_exact_fraction():
    assert numbers.percent(1, 16) == Decimal("6.3")  # round(6.25, 1) on a float gives 6.2
    assert numbers.percent(1, 16, 2) == Decimal("6.25")
    assert numbers.percent(1, 8) == Decimal("12.5")
    assert numbers.percent(1, 40) == Decimal("2.5")
    assert numbers.percent(1, 80, 1) == Decimal("1.3")  # 1.25
    assert numbers.percent(2, 3) == Decimal("66.7")
    assert numbers.percent(2, 3, 2) == Decimal("66.67")
    assert numbers.percent(7, 7) == Decimal("100.0")
    assert numbers.percent(0, 5, 2) == Decimal("0.00")
    assert numbers.percent(3, 0) is None
    assert numbers.percent_text(1, 16) == "6.3%"
    assert numbers.percent_text(1, 0) == "—"


def test_thresholds_are_compared_on_the_exact_fraction():
    assert not numbers.at_least(4996, 10000, 50)  # 49.96 % shows as 50.0 % but is not 50 %
    assert numbers.at_least(5000, 10000, 50)
    assert numbers.at_least(1, 3, "33.33")  # 33.33… ≥ 33.33, though it shows as 33.3
    assert not numbers.at_least(0, 0, 0)
    assert Rate(1, 3).at_least(33.33)


def test_every_rate_of_the_statistics_rounds_half_up():
    figures = Figures(
        Counts(replied=16, first_a=1, assigned=16, accepted=16, solved=1, rated=16, satisfied=1)
    )
    assert figures.class_shares["A"].label == "6.3%"
    assert figures.resolution_rate.percent == Decimal("6.3")
    assert figures.as_dict()["class_shares"]["A"] == {"num": 1, "den": 16, "percent": 6.3}
    two = Figures(Counts(replied=16, first_a=1), places=2)
    assert two.class_shares["A"].label == "6.25%"
    unit = UnitRow(organization_id=1, name="县教育局", congress_name="", assigned=16, replied=16, class_a=1)
    assert unit.a_rate.label == "6.3%"
    assert unit.as_dict()["a_rate"]["percent"] == 6.3


def test_a_congress_chooses_two_decimals_on_its_settings_page(history):  # noqa: F811
    w = history.w
    url = reverse("suggestions:settings")
    staff = client_for(w.staff)
    page = staff.get(url, {"congress": w.congress.pk}).content.decode()
    assert "比率保留小数位数" in page
    bad = staff.post(url, {"section": "percent", "congress": w.congress.pk, "percent_places": "5"})
    assert bad.status_code == 400
    assert "请选择一位或两位小数。" in bad.content.decode()
    assert percent_places(w.congress.pk) == 1
    ok = staff.post(url, {"section": "percent", "congress": w.congress.pk, "percent_places": "2"})
    assert ok.status_code == 302
    assert percent_places(w.congress.pk) == 2
    # a leader (not staff) cannot change it
    assert client_for(w.leader).post(url, {"section": "percent", "percent_places": "1"}).status_code == 403

    stats = staff.get(reverse("suggestion_stats:index"), {"congress": w.congress.pk, "year": 2026})
    body = stats.content.decode()
    assert "40.00%" in body and "75.00%" in body  # 实际办结率 2/5, 办复率 3/4

    api = staff.get("/api/v1/suggestions/stats", {"congress": w.congress.pk, "year": 2026}).json()
    assert api["places"] == 2
    assert api["total"]["reply_rate"] == {"num": 3, "den": 4, "percent": 75.0}

    report = suggestion_statistics(StatsScope(congress=w.congress, year=2026))
    ws = load_workbook(io.BytesIO(documents.statistics_xlsx(report)))["总体情况"]
    headers = [c.value for c in ws[2]]
    cell = ws.cell(row=3, column=headers.index("办复率(%)") + 1)
    assert cell.value == 75 and cell.number_format == "0.00"
    assert documents.percent(report.total.reply_rate) == "75.00%(3/4)"


def test_the_compliance_check_compares_the_exact_rate(history):  # noqa: F811
    """R42: 2/5 is exactly 40 %: it meets 40 % and misses 40.01 % (the figure shown is 40.0 % both times)."""
    from renda.compliance.registry import PeriodRange, Status
    from renda.suggestions.rules import actual_resolution_rate

    w = history.w
    period = PeriodRange.year(2026)
    params = {"max_unsolved_after_dissatisfied": 99}
    met = actual_resolution_rate(w.congress, period, {**params, "min_resolution_rate": 40})
    missed = actual_resolution_rate(w.congress, period, {**params, "min_resolution_rate": 40.01})
    assert met.status == Status.MET and missed.status == Status.NOT_MET
    assert met.value["resolution_rate"] == missed.value["resolution_rate"] == 40.0
    assert str(missed.shortfall[0]).startswith("实际办结率40.0%")
