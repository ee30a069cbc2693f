"""The register export written by xlsxwriter (constant memory) reads back with openpyxl with the same
cells and format as before: note row, red header, widths, frozen header, dates, 是/否, text never a
formula."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from renda.suggestions import documents, exports
from renda.suggestions.statistics import StatsScope

from .conftest import client_for
from .test_documents import history  # noqa: F401, F811  (the fixture)


def test_write_xlsx_keeps_cells_and_format():
    buffer = io.BytesIO()
    rows = [
        [
            "=1+1",
            dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC),
            dt.date(2026, 4, 2),
            True,
            None,
            Decimal("6.30"),
            7,
        ],
        ["+cmd", dt.datetime(2026, 3, 2, 9, 30), dt.date(2026, 4, 3), False, "", Decimal("5"), 8.5],
    ]
    n = exports.write_xlsx(
        buffer, title="代表建议登记表", headers=["标题", "提交时间", "期限", "重点", "空", "率", "数"],
        rows=rows, widths=[40, 18], note="某县 代表建议登记表",
    )  # fmt: skip
    assert n == 2
    wb = load_workbook(io.BytesIO(buffer.getvalue()))
    ws = wb.active
    assert ws.title == "代表建议登记表"
    assert ws["A1"].value == "某县 代表建议登记表" and ws["A1"].font.i
    assert [c.value for c in ws[2]] == ["标题", "提交时间", "期限", "重点", "空", "率", "数"]
    assert ws["A2"].font.b and ws["A2"].fill.fgColor.rgb.endswith("A3161C")
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["A"].width >= 40 and ws.column_dimensions["B"].width >= 18
    assert ws["A3"].value == "=1+1" and ws["A3"].data_type == "s"  # text, not a formula
    assert (
        ws["B3"].value == dt.datetime(2026, 3, 1, 17, 30) and ws["B3"].number_format == "yyyy-mm-dd hh:mm:ss"
    )
    assert ws["C3"].value == dt.datetime(2026, 4, 2) and ws["C3"].number_format == "yyyy-mm-dd"
    assert (ws["D3"].value, ws["D4"].value) == ("是", "否")
    assert ws["F3"].value == 6.3 and ws["F3"].number_format == "0.00" and ws["F4"].number_format == "0"
    assert (ws["G3"].value, ws["G4"].value) == (7, 8.5)


def test_register_download_reads_back(history):  # noqa: F811
    w = history.w
    resp = client_for(w.staff).get(reverse("suggestion_stats:register"), {"congress": w.congress.pk})
    assert resp.status_code == 200
    content = b"".join(resp.streaming_content) if resp.streaming else resp.content
    wb = load_workbook(io.BytesIO(content))
    ws = wb.active
    assert [c.value for c in ws[2]] == [str(h) for h in documents.REGISTER_HEADERS]
    numbers = [r[0] for r in ws.iter_rows(min_row=3, values_only=True)]
    assert len(numbers) == 9 and history.s2.case.number in numbers
    assert ws.max_column == 20
    assert documents.register_xlsx(StatsScope(congress=w.congress))[:2] == b"PK"
