"""Budget data in: template, checks per row and cell, all-or-nothing, replacement with differences."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from renda.audit.models import Event as AuditEvent
from renda.budget import imports, services
from renda.budget.models import BudgetLine, ClassificationCode, Execution, ImportBatch
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.documents.excel import Row, Table

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20 09:30")]
HEAD = tuple(imports.TEMPLATE_HEADINGS)


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _xlsx(rows, headers=HEAD) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["示例县2026年预算执行情况表"])
    ws.append(list(headers))
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _table(rows) -> Table:
    keys = [f.key for f in imports.FIELDS]
    return Table(rows=[Row(number=i + 3, values=dict(zip(keys, r, strict=True))) for i, r in enumerate(rows)])


def _row(dept="示例县教育局", month="1", executed="100", budgeted="1200", **kw):
    r = [
        dept,
        "一般公共预算",
        "20502",
        "30201",
        "义务教育学校办公经费",
        "否",
        budgeted,
        "1250",
        month,
        executed,
        "否",
    ]
    for k, v in kw.items():
        r[[f.key for f in imports.FIELDS].index(k)] = v
    return r


def test_codes_are_seeded_with_class_and_common_items():
    assert ClassificationCode.objects.get(scheme="function", code="205").name == "教育支出"
    assert ClassificationCode.objects.get(scheme="function", code="20502").name == "普通教育"
    assert ClassificationCode.objects.get(scheme="economic", code="30217").name == "公务接待费"
    assert ClassificationCode.objects.filter(scheme="function", code__regex=r"^\d{3}$").count() >= 20


def test_template_has_the_columns(twin_counties):
    r = login(twin_counties.county.users["staff"]).get("/budget/import/template/")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert [c.value for c in ws[1]] == list(HEAD)


def test_each_bad_cell_is_named_with_row_and_column(twin_counties):
    cong = twin_counties.county.congress
    cells = imports.cells_of([f.key for f in imports.FIELDS])
    planned = imports.plan_rows(cong, _table([
        _row(),
        _row(dept="县信访办"),
        _row(function_code="99999"),
        _row(economic_code="39999"),
        _row(budgeted="一千二"),
        _row(month="13"),
        _row(month="0"),
        _row(month="12", budget_type="专项预算"),
    ]), unit="wan", cells=cells)  # fmt: skip
    errors = [p.errors for p in planned]
    assert errors[0] == []
    assert errors[1] == ["第4行“部门”(A4):“县信访办”不是本级的部门。"]
    assert "第5行“功能分类编码”(C5):功能分类编码“99999”不存在。" in errors[2]
    assert "第6行“经济分类编码”(D6):经济分类编码“39999”不存在。" in errors[3]
    assert errors[4] == ["第7行“年初预算”(G7)“一千二”不是数字。"]
    assert errors[5] == ["第8行“月份”(I8)“13”应为1到12之间的整数。"]
    assert errors[6] == ["第9行“月份”(I9)“0”应为1到12之间的整数。"]
    assert "预算类型" in errors[7][0]
    assert planned[0].budgeted == Decimal("12000000.00") and planned[0].executed == Decimal("1000000.00")


def test_months_at_the_edges_are_accepted(twin_counties):
    cong = twin_counties.county.congress
    planned = imports.plan_rows(cong, _table([_row(month="1"), _row(month="12月")]), unit="yuan")
    assert [p.month for p in planned] == [1, 12] and not any(p.errors for p in planned)
    assert planned[0].executed == Decimal("100.00")


def test_another_congress_department_is_refused(twin_counties):
    cong = twin_counties.county.congress
    planned = imports.plan_rows(cong, _table([_row(dept="邻县教育局")]), unit="yuan")
    assert "不是本级的部门" in planned[0].errors[0]


def test_duplicate_line_month_is_an_error(twin_counties):
    planned = imports.plan_rows(twin_counties.county.congress, _table([_row(), _row()]), unit="yuan")
    assert planned[1].errors == ["第4行与第3行是同一项目同一月份的执行,重复了。"]


def test_nothing_is_written_when_one_row_is_wrong(twin_counties):
    w = twin_counties.county
    planned = imports.plan_rows(w.congress, _table([_row(), _row(month="13")]), unit="yuan")
    with pytest.raises(ValidationFailed):
        services.import_apply(actor=w.users["staff"], congress=w.congress, year=2026, planned=planned)
    assert not BudgetLine.objects.exists() and not Execution.objects.exists()


def test_only_staff_of_the_congress_imports(twin_counties):
    w = twin_counties.county
    planned = imports.plan_rows(w.congress, _table([_row()]), unit="yuan")
    for who in (w.users["deputy"], w.users["unit_clerk"], twin_counties.sibling.users["staff"]):
        with pytest.raises(PermissionDeniedError):
            services.import_apply(actor=who, congress=w.congress, year=2026, planned=planned)
    assert login(w.users["deputy"]).get("/budget/import/").status_code == 403


def test_reimport_of_the_same_month_replaces_after_confirmation_with_differences(twin_counties):
    w = twin_counties.county
    staff = w.users["staff"]
    first = imports.plan_rows(w.congress, _table([
        _row(month="1", executed="100"), _row(month="2", executed="50"),
        _row(dept="示例县交通运输局", function_code="21401", economic_code="31005", project="农村公路提质改造工程",
             month="1", executed="0", budgeted="3500", adjusted=""),
    ]), unit="wan")  # fmt: skip
    services.import_apply(actor=staff, congress=w.congress, year=2026, planned=first)
    assert Execution.objects.count() == 3 and BudgetLine.objects.count() == 2
    second = imports.plan_rows(
        w.congress, _table([_row(month="2", executed="80", adjusted="1300")]), unit="wan"
    )
    with pytest.raises(ValidationFailed) as exc:
        services.import_apply(actor=staff, congress=w.congress, year=2026, planned=second)
    assert "确认替换" in exc.value.message
    diffs = services.import_differences(congress=w.congress, year=2026, planned=second)
    assert {(d.field, d.before, d.after) for d in diffs} == {
        ("调整后预算", "12,500,000.00", "13,000,000.00"),
        ("2月执行", "500,000.00", "800,000.00"),
    }
    batch = services.import_apply(
        actor=staff, congress=w.congress, year=2026, planned=second, replace_confirmed=True
    )
    assert batch.replaced and len(batch.differences) == 2
    # January is untouched; February replaced.
    amounts = dict(
        Execution.objects.filter(line__project="义务教育学校办公经费").values_list("month", "amount")
    )
    assert amounts == {1: Decimal("1000000.00"), 2: Decimal("800000.00")}
    assert AuditEvent.objects.filter(action="budget.import").count() == 2


def test_upload_check_and_confirm_through_the_pages(twin_counties):
    w = twin_counties.county
    c = login(w.users["staff"])
    bad = _xlsx([_row(), _row(month="13")])
    r = c.post("/budget/import/", {"year": "2026", "unit": "wan", "file": SimpleUploadedFile("b.xlsx", bad)})
    assert r.status_code == 302
    page = c.get("/budget/import/check/").content.decode()
    assert "有 1 行不能导入" in page and "第4行“月份”(I4)“13”应为1到12之间的整数。" in page
    c.post(
        "/budget/import/",
        {"year": "2026", "unit": "wan", "file": SimpleUploadedFile("b.xlsx", _xlsx([_row()]))},
    )
    mapping = {f"col_{i}": f.key for i, f in enumerate(imports.FIELDS)}
    r = c.post("/budget/import/check/", {"confirm": "1", **mapping})
    assert r.status_code == 302, [str(m) for m in r.context["messages"]]
    assert ImportBatch.objects.get().rows == 1
    page = c.get("/budget/?year=2026").content.decode()
    assert "示例县教育局" in page and "budget-curve" in page
    # The same month again: differences shown, replacement needs the tick.
    c.post("/budget/import/", {"year": "2026", "unit": "wan",
                               "file": SimpleUploadedFile("b.xlsx", _xlsx([_row(executed="120")]))})  # fmt: skip
    page = c.post("/budget/import/check/", {"recheck": "1", **mapping}).content.decode()
    assert "确认替换原有数据" in page and "1,200,000.00" in page
    r = c.post("/budget/import/check/", {"confirm": "1", **mapping})
    assert r.status_code == 200 and ImportBatch.objects.count() == 1
    r = c.post("/budget/import/check/", {"confirm": "1", "replace": "1", **mapping})
    assert r.status_code == 302 and ImportBatch.objects.count() == 2
    assert Execution.objects.get().amount == Decimal("1200000.00")


def test_drill_down_and_api(twin_counties):
    w = twin_counties.county
    planned = imports.plan_rows(w.congress, _table([_row(month="1"), _row(month="2")]), unit="wan")
    services.import_apply(actor=w.users["staff"], congress=w.congress, year=2026, planned=planned)
    line = BudgetLine.objects.get()
    deputy = login(w.users["deputy"])
    assert (
        "义务教育学校办公经费"
        in deputy.get(f"/budget/departments/{w.education.pk}/?year=2026").content.decode()
    )
    assert "2,000,000.00" in deputy.get(f"/budget/lines/{line.pk}/").content.decode()
    data = deputy.get("/api/v1/budget/years/2026").json()
    assert data["executed"] == 2000000.0 and data["through_month"] == 2
    assert round(data["rate"], 2) == 16.0
    assert login(twin_counties.sibling.users["staff"]).get(f"/budget/lines/{line.pk}/").status_code == 404


def test_yearly_analysis_as_word(twin_counties):
    from docx import Document

    w = twin_counties.county
    planned = imports.plan_rows(
        w.congress, _table([_row(month="1"), _row(month="2", executed="2000")]), unit="wan"
    )
    services.import_apply(actor=w.users["staff"], congress=w.congress, year=2026, planned=planned)
    r = login(w.users["leader"]).get("/budget/analysis.docx?year=2026")
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "关于2026年预算执行情况的分析" in text and "超预算支出" in text
    assert login(w.users["deputy"]).get("/budget/analysis.docx?year=2026").status_code == 403
    assert "下载年度分析" not in login(w.users["deputy"]).get("/budget/").content.decode()
