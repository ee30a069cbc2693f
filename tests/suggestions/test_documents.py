"""Documents of suggestions, each read back: Word with python-docx, Excel with openpyxl, PDF by its bytes."""

from __future__ import annotations

import base64
import io
import re
import zlib

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from renda.suggestions import documents
from renda.suggestions.statistics import StatsScope, suggestion_statistics

from . import test_statistics
from .conftest import client_for

history = test_statistics.history  # the shared history fixture


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def pdf_pages(content: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", content))


def _unescape(literal: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(literal):
        ch = literal[i]
        if ch == 0x5C:  # backslash
            nxt = literal[i + 1 : i + 2]
            if nxt.isdigit():
                m = re.match(rb"[0-7]{1,3}", literal[i + 1 : i + 4])
                out.append(int(m.group(0), 8))
                i += 1 + len(m.group(0))
                continue
            out += {b"n": b"\n", b"r": b"\r", b"t": b"\t"}.get(nxt, nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return bytes(out)


def pdf_text(content: bytes) -> str:
    """The text of a reportlab PDF: decode its ASCII85+Flate content streams, read the strings shown
    with Tj (UCS-2 for the Chinese CID font, Latin-1 for the base font)."""
    text = []
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.S):
        data = m.group(1).strip()
        try:
            raw = zlib.decompress(base64.a85decode(data, adobe=True))
        except ValueError:
            continue
        for lit in re.finditer(rb"\(((?:\\.|[^\\)])*)\)\s*Tj", raw, re.S):
            b = _unescape(lit.group(1))
            wide = b.decode("utf-16-be", errors="replace") if len(b) % 2 == 0 else ""
            text.append(wide if wide and all(ord(c) >= 32 for c in wide) else b.decode("latin-1"))
    return "".join(text)


def test_assignment_letter_lists_the_units_suggestions_and_the_rules(history):
    w = history.w
    text = docx_text(documents.assignment_letter_docx(organization=w.unit_a, year=2026))
    assert "县人大常委会办公室" in text  # the office's letterhead
    assert "县教育局:" in text
    for s in (history.s1, history.s2, history.s4):
        assert s.case.number in text and s.case.title in text
    assert history.s3.case.title not in text  # another unit's suggestion
    assert "张代表" in text and "李代表" in text  # lead deputies
    assert "三个月内答复" in text and "沟通后再答复" in text and "A类" in text and "D类" in text
    assert lead_deadline(history.s1) in text
    co = docx_text(documents.assignment_letter_docx(organization=w.unit_b))
    assert "协办" in co and history.s1.case.number in co and history.s3.case.number in co


def lead_deadline(s):
    return s.case.assignments.get(role="lead").deadline.isoformat()


def test_annual_summary_carries_the_statistics(history):
    w = history.w
    report = suggestion_statistics(StatsScope(congress=w.congress, year=2026))
    text = docx_text(documents.annual_summary_docx(report))
    assert "测试县人大2026年代表建议办理情况报告" in text
    assert "共收到代表建议、批评和意见8件,立案5件,并案1件,不予立案1件" in text
    assert "办复率75.0%(3/4)" in text
    assert "实际办结率(所提问题实际解决的比例)40.0%(2/5)" in text
    assert "县教育局 | 3" in text
    assert history.s3.case.title in text  # the key suggestion (dissatisfied → key)
    city = docx_text(documents.annual_summary_docx(suggestion_statistics(StatsScope(congress=history.city))))
    assert "下级人大情况" in city and "乙县人大" in city


def test_statistics_workbook_keeps_numerators_and_denominators(history):
    w = history.w
    report = suggestion_statistics(StatsScope(congress=history.city))
    wb = load_workbook(io.BytesIO(documents.statistics_xlsx(report)))
    assert wb.sheetnames == ["总体情况", "承办单位"]
    ws = wb["总体情况"]
    headers = [c.value for c in ws[2]]
    rows = {r[0]: dict(zip(headers, r, strict=False)) for r in ws.iter_rows(min_row=3, values_only=True)}
    total = rows["甲市人大"]
    assert (total["收到"], total["办复率分子"], total["办复率分母"], total["办复率(%)"]) == (9, 4, 5, 80.0)
    assert (total["实际办结率分子"], total["实际办结率分母"]) == (3, 6)
    assert rows[w.congress.name]["收到"] == 8 and rows["乙县人大"]["收到"] == 1
    units = wb["承办单位"]
    names = [r[1] for r in units.iter_rows(min_row=3, values_only=True)]
    assert set(names) == {"县教育局", "县交通运输局", "乙县住建局"}


def test_register_has_every_suggestion_with_units_class_rating_and_dates(history):
    w = history.w
    wb = load_workbook(io.BytesIO(documents.register_xlsx(StatsScope(congress=w.congress))))
    ws = wb.active
    headers = [c.value for c in ws[2]]
    rows = {r[0]: dict(zip(headers, r, strict=False)) for r in ws.iter_rows(min_row=3, values_only=True)}
    assert len(rows) == 9  # every submitted suggestion, the draft left out
    s2 = rows[history.s2.case.number]
    assert s2["状态"] == "已办结"
    assert s2["主办(分别办理)单位"] == "县教育局" and s2["协办单位"] == "县交通运输局"
    assert (s2["首次答复类别"], s2["最终答复类别"], s2["测评结果"]) == ("B", "A", "满意")
    assert s2["提交时间"] is not None and s2["办结时间"] is not None
    s3 = rows[history.s3.case.number]
    assert (s3["测评结果"], s3["重点"]) == ("不满意", "是")
    assert rows[history.s5.case.number]["状态"] == "不予立案"


def test_reply_letter_pdf(history):
    r = history.s1.case.replies.get()
    content = documents.reply_letter_pdf(r)
    assert content.startswith(b"%PDF")
    assert pdf_pages(content) == 1
    assert b"STSong-Light" in content
    text = pdf_text(content)
    for expected in (
        "县教育局",
        "张代表",
        "关于城关小学周边交通的建议",
        "答复内容",
        "A 已解决或采纳",
        "王局长",
        "2026年4月1日",
        history.s1.case.number,
    ):
        assert expected in text, expected


# --- downloads and who may have them ------------------------------------------------------------------------


def test_statistics_downloads_for_staff_only(history):
    w = history.w
    staff = client_for(w.staff)
    for name, kind in (
        ("export", "spreadsheetml"),
        ("register", "spreadsheetml"),
        ("summary", "wordprocessingml"),
    ):
        resp = staff.get(reverse(f"suggestion_stats:{name}"), {"congress": w.congress.pk, "year": 2026})
        assert resp.status_code == 200, name
        assert kind in resp["Content-Type"]
        assert "filename*=UTF-8''" in resp["Content-Disposition"]
    assert client_for(w.leader).get(reverse("suggestion_stats:export")).status_code == 200
    for user in (w.deputy, w.clerk_a):
        assert client_for(user).get(reverse("suggestion_stats:register")).status_code == 403
    assert (
        client_for(history.b.staff)
        .get(reverse("suggestion_stats:register"), {"congress": w.congress.pk})
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    "who,status",
    [
        ("staff", 200),
        ("clerk_a", 200),
        ("clerk_b", 404),
        ("deputy", 404),
        ("b_staff", 404),
        ("city_staff", 200),
    ],
)
def test_assignment_letter_permissions(history, who, status):
    w = history.w
    users = {"staff": w.staff, "clerk_a": w.clerk_a, "clerk_b": w.clerk_b, "deputy": w.deputy,
             "b_staff": history.b.staff, "city_staff": history.city_staff}  # fmt: skip
    resp = client_for(users[who]).get(reverse("suggestion_stats:assignment_letter", args=[w.unit_a.pk]))
    assert resp.status_code == status
    if status == 200:
        assert "县教育局" in docx_text(resp.content)


@pytest.mark.parametrize(
    "who,status",
    [
        ("deputy", 200),
        ("clerk_a", 200),
        ("staff", 200),
        ("other_deputy", 404),
        ("b_staff", 404),
        ("clerk_b_other", 404),
    ],
)
def test_reply_letter_permissions(history, who, status):
    w = history.w
    reply = history.s1.case.replies.get()
    users = {"deputy": w.deputy, "clerk_a": w.clerk_a, "staff": w.staff, "other_deputy": w.deputies[3],
             "b_staff": history.b.staff, "clerk_b_other": history.b.clerk}  # fmt: skip
    resp = client_for(users[who]).get(reverse("suggestion_stats:reply_letter", args=[reply.pk]))
    assert resp.status_code == status
    if status == 200:
        assert resp["Content-Type"] == "application/pdf" and resp.content.startswith(b"%PDF")


def test_unknown_ids_are_not_found(history):
    staff = client_for(history.w.staff)
    assert staff.get(reverse("suggestion_stats:reply_letter", args=[999999])).status_code == 404
    assert staff.get(reverse("suggestion_stats:assignment_letter", args=[999999])).status_code == 404
    assert (
        staff.get(
            reverse("suggestion_stats:assignment_letter", args=[history.w.unit_a.pk]), {"year": "x"}
        ).status_code
        == 200
    )
