"""The tables as Excel: Chinese headers, amounts in 万元 and rates as percentages, the same permission as
the pages; the download links on the pages; the API twin of the overview."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.test import Client
from openpyxl import load_workbook

from renda.budget.models import BudgetLine, ClassificationCode, Execution

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20 09:30")]


@pytest.fixture
def year(twin_counties):
    c = twin_counties.county
    fcode = ClassificationCode.objects.get(scheme="function", code="20502")
    ln = BudgetLine.objects.create(congress=c.congress, year=2026, budget_type="general", department=c.education,
                                   function_code=fcode, project="义务教育学校办公经费", budgeted=D("1200000"),
                                   adjusted=D("1250000"))  # fmt: skip
    for m, v in ((1, "100000"), (2, "150000")):
        Execution.objects.create(line=ln, month=m, amount=D(v))
    last = BudgetLine.objects.create(congress=c.congress, year=2025, budget_type="general", department=c.education,
                                     function_code=fcode, project="义务教育学校办公经费", budgeted=D("1000000"))  # fmt: skip
    Execution.objects.create(line=last, month=1, amount=D("80000"))
    Execution.objects.create(line=last, month=9, amount=D("90000"))
    return c, ln


def _book(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_year_overview_as_excel(year):
    c, ln = year
    deputy = _client(c.users["deputy"])
    assert "/budget/export.xlsx?year=2026" in deputy.get("/budget/?year=2026").content.decode()
    wb = _book(deputy.get("/budget/export.xlsx?year=2026"))
    ws = wb["各部门执行情况"]
    assert "截至2月" in ws["A1"].value
    assert [x.value for x in ws[2]] == ["部门", "年初预算(万元)", "调整(万元)", "调整后预算(万元)", "已执行(万元)",
                                        "执行率", "时间进度", "上年同期执行(万元)"]  # fmt: skip
    row = [x for x in ws[3]]
    assert row[0].value == "示例县教育局" and row[3].value == 125.0 and row[4].value == 25.0
    assert row[3].number_format == "#,##0.00" and row[5].number_format == "0.0%"
    assert row[5].value == pytest.approx(0.2) and row[7].value == 8.0  # last year through February
    assert ws[4][0].value == "合计" and ws[4][4].value == 25.0
    months = wb["月度执行"]
    assert [x.value for x in months[3]][:3] == ["1月", 10.0, 10.0] and months.max_row == 4
    api = deputy.get("/api/v1/budget/years/2026/export.xlsx")
    assert _book(api)["各部门执行情况"]["A3"].value == "示例县教育局"


def test_department_line_and_warnings_as_excel(year):
    c, ln = year
    staff = _client(c.users["staff"])
    ws = _book(staff.get(f"/budget/departments/{c.education.pk}/export.xlsx?year=2026")).active
    assert ws["A2"].value == "项目" and ws["F2"].value == "1月" and ws["Q2"].value == "12月"
    assert ws["A3"].value == "义务教育学校办公经费" and ws["G3"].value == 15.0
    ws = _book(staff.get(f"/budget/lines/{ln.pk}/export.xlsx")).active
    assert [x.value for x in ws[4]][:3] == ["2月", 15.0, 25.0]
    Execution.objects.create(line=ln, month=3, amount=D("1100000"))  # above the adjusted budget
    ws = _book(staff.get("/budget/warnings/export.xlsx?year=2026")).active
    assert [x.value for x in ws[2]] == ["序号", "预警类型", "对象", "依据"]
    assert ws["B3"].value == "超预算支出" and "已支出135.0万元" in ws["D3"].value
    assert (
        "/budget/warnings/export.xlsx?year=2026" in staff.get("/budget/warnings/?year=2026").content.decode()
    )


def test_exports_keep_the_pages_permissions(year, twin_counties):
    c, ln = year
    other = _client(twin_counties.sibling.users["staff"])
    assert other.get(f"/budget/lines/{ln.pk}/export.xlsx").status_code == 404
    assert other.get(f"/budget/departments/{c.education.pk}/export.xlsx?year=2026").status_code == 404
    assert _client(c.users["deputy"]).get("/budget/warnings/export.xlsx?year=2026").status_code == 403
    assert _client(c.users["unit_clerk"]).get("/budget/export.xlsx?year=2026").status_code == 403
