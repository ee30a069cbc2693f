"""预决算公开: the page and its form, the Excel import with each bad cell named, and rule B01."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from renda.audit.models import Event
from renda.budget.models import BudgetLine, ClassificationCode, Publication
from renda.compliance.registry import PeriodRange, Status, evaluate_rule

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20 09:30")]
HEAD = ["预算年度", "类别", "部门", "批准日期", "公开日期", "公开网址"]


def _line(county, org, year=2026):
    return BudgetLine.objects.create(
        congress=county.congress, year=year, budget_type="general", department=org,
        function_code=ClassificationCode.objects.get(scheme="function", code="20502"), project="日常运转",
        budgeted=D("1000"),
    )  # fmt: skip


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEAD)
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_staff_record_dates_on_the_form_and_late_ones_show(twin_counties):
    c = twin_counties.county
    _line(c, c.education)
    cl = _login(c.users["staff"])
    r = cl.post("/budget/publications/?year=2026", {"action": "save", "year": "2026", "kind": "budget",
                                                    "department": "", "approved_on": "2026-01-12",
                                                    "published_on": "2026-01-25"})  # fmt: skip
    assert r.status_code == 302
    r = cl.post("/budget/publications/?year=2026", {"action": "save", "year": "2026", "kind": "budget",
                                                    "department": c.education.pk, "published_on": "2026-02-05"})  # fmt: skip
    assert r.status_code == 302
    assert Publication.objects.count() == 2 and Event.objects.filter(action="budget.publication").count() == 2
    page = cl.get("/budget/publications/?year=2026").content.decode()
    assert "逾期4天公开" in page and "按时公开" in page and "2026-02-01" in page
    # The same department again updates its record; a publication before approval is refused beside the field.
    r = cl.post("/budget/publications/?year=2026", {"action": "save", "year": "2026", "kind": "budget",
                                                    "department": c.education.pk, "published_on": "2026-01-30"})  # fmt: skip
    assert r.status_code == 302 and Publication.objects.count() == 2
    r = cl.post("/budget/publications/?year=2026", {"action": "save", "year": "2026", "kind": "budget",
                                                    "department": "", "approved_on": "2026-01-12",
                                                    "published_on": "2026-01-02"})  # fmt: skip
    assert r.status_code == 200 and "早于批准日期" in r.content.decode()
    assert "按时公开" in cl.get("/budget/publications/?year=2026").content.decode()


def test_only_staff_record_leaders_read_others_are_refused(twin_counties):
    c = twin_counties.county
    data = {"action": "save", "year": "2026", "kind": "budget", "department": "", "approved_on": "2026-01-12"}
    assert _login(c.users["leader"]).get("/budget/publications/").status_code == 200
    assert _login(c.users["leader"]).post("/budget/publications/", data).status_code == 403
    assert _login(c.users["deputy"]).get("/budget/publications/").status_code == 403
    sibling = _login(twin_counties.sibling.users["staff"])
    sibling.post("/budget/publications/", {**data, "department": c.education.pk})
    assert not Publication.objects.filter(department=c.education).exists()


def test_import_names_each_bad_cell_and_writes_nothing_until_fixed(twin_counties):
    c = twin_counties.county
    cl = _login(c.users["staff"])
    bad = _xlsx([
        ["2026", "预算", "本级政府", "2026-01-12", "2026/1/25", "https://czj.example.gov.cn/2026"],
        ["2026", "预算", "示例县教育局", "", "2026年2月1日", ""],
        ["2026", "概算", "县信访办", "", "二月一日", "not a url"],
    ])  # fmt: skip
    r = cl.post("/budget/publications/", {"action": "upload", "file": SimpleUploadedFile("p.xlsx", bad)})
    page = r.content.decode()
    assert r.status_code == 200 and not Publication.objects.exists()
    assert "第4行“类别”(B4)只能填“预算”或“决算”。" in page
    assert "第4行“部门”(C4):“县信访办”不是本级的部门。" in page
    assert "第4行“公开日期”(E4)“二月一日”不是日期,应写成2026-01-12。" in page
    assert "第4行“公开网址”(F4)不是有效的网址。" in page
    good = _xlsx([
        ["2026", "预算", "本级政府", "2026-01-12", "2026/1/25", "https://czj.example.gov.cn/2026"],
        ["2026", "预算", "示例县教育局", "", "2026年2月1日", ""],
    ])  # fmt: skip
    r = cl.post("/budget/publications/", {"action": "upload", "file": SimpleUploadedFile("p.xlsx", good)})
    assert r.status_code == 302
    rec = Publication.objects.get(department=c.education)
    assert rec.published_on == dt.date(2026, 2, 1) and rec.approved_on is None
    assert cl.get("/budget/publications/template/").status_code == 200


def test_b01_met_not_met_and_no_data(twin_counties):
    c = twin_counties.county
    _line(c, c.education)
    assert evaluate_rule("B01", c.congress, PeriodRange.year(2026)).result.status == Status.NO_DATA
    Publication.objects.create(congress=c.congress, year=2026, kind="budget", approved_on=dt.date(2026, 1, 12),
                               published_on=dt.date(2026, 1, 20))  # fmt: skip
    dept = Publication.objects.create(congress=c.congress, year=2026, kind="budget", department=c.education,
                                      published_on=dt.date(2026, 2, 1))  # fmt: skip
    result = evaluate_rule("B01", c.congress, PeriodRange.year(2026)).result
    assert result.status == Status.MET and result.value == "2/2"
    assert any("示例县教育局2026年预算" in e for e in result.evidence)
    assert result.evidence[0].url == "/budget/publications/?year=2026&kind=budget"
    dept.published_on = dt.date(2026, 2, 2)
    dept.save()
    result = evaluate_rule("B01", c.congress, PeriodRange.year(2026)).result
    assert result.status == Status.NOT_MET and result.value == "1/2"
    assert result.shortfall == ["示例县教育局2026年预算:2026-02-02公开,逾期1天"]
    assert result.shortfall[0].url.endswith("kind=budget")
