"""The generic Excel helpers: write, read back, header mapping, text normalisation, safety."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from renda.documents.excel import (
    Column,
    ExcelError,
    Sheet,
    cell_text,
    read_table,
    workbook_bytes,
    xlsx_response,
)

COLUMNS = [Column("name", "姓名", required=True), Column("phone", "手机号"), Column("note", "备注")]


def _file(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_write_and_read_back_two_sheets():
    content = workbook_bytes(
        [
            Sheet("名单", ["姓名", "手机号", "日期"], [["张三", "13800000000", dt.date(2026, 1, 2)]]),
            Sheet("说明", ["项"], [["a"], ["b"]], note="说明文字"),
        ]
    )
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["名单", "说明"]
    rows = list(wb["名单"].iter_rows(values_only=True))
    assert rows[0] == ("姓名", "手机号", "日期")
    assert rows[1][:2] == ("张三", "13800000000")
    assert list(wb["说明"].iter_rows(values_only=True))[:2] == [("说明文字",), ("项",)]


def test_text_starting_with_equals_is_not_a_formula():
    content = workbook_bytes([Sheet("x", ["a"], [["=1+1"], [None], [True]])])
    ws = load_workbook(io.BytesIO(content)).active
    assert ws["A2"].data_type == "s" and ws["A2"].value == "=1+1"
    assert ws["A3"].value in ("", None)
    assert ws["A4"].value == "是"


def test_aware_datetimes_are_written_in_local_time():
    from django.utils import timezone

    moment = dt.datetime(2026, 3, 1, 0, 30, tzinfo=dt.UTC)
    content = workbook_bytes([Sheet("x", ["t"], [[moment]])])
    value = load_workbook(io.BytesIO(content)).active["A2"].value
    assert value == timezone.localtime(moment).replace(tzinfo=None)


def test_read_maps_headers_in_any_order_and_skips_blank_rows():
    data = _file(
        [[], ["备注", "姓名", "其他", "手机号"], ["甲", "张三", "x", 13800000000], [None, None], ["", "李四"]]
    )
    table = read_table(data, COLUMNS)
    assert [(r.number, r.values) for r in table.rows] == [
        (3, {"name": "张三", "phone": "13800000000", "note": "甲"}),
        (5, {"name": "李四", "phone": "", "note": ""}),
    ]


def test_missing_required_header():
    with pytest.raises(ExcelError, match="姓名"):
        read_table(_file([["手机号"], ["1"]]), COLUMNS)


def test_not_xlsx_and_empty_and_too_many_rows():
    with pytest.raises(ExcelError, match="无法读取"):
        read_table(b"hello", COLUMNS)
    with pytest.raises(ExcelError, match="空"):
        read_table(_file([]), COLUMNS)
    with pytest.raises(ExcelError, match="最多"):
        read_table(_file([["姓名"], ["a"], ["b"], ["c"]]), COLUMNS, max_rows=2)


def test_cell_text():
    assert cell_text(13800138000.0) == "13800138000"
    assert cell_text(1.5) == "1.5"
    assert cell_text("\u3000 张三 ") == "张三"
    assert cell_text(dt.datetime(2026, 1, 2)) == "2026-01-02"
    assert cell_text(None) == ""


def test_response_has_chinese_filename():
    response = xlsx_response(b"x", "用户列表")
    assert "filename*=UTF-8''%E7%94%A8" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(".xlsx")
