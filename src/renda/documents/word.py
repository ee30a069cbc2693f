"""Generic Word (.docx) writing with python-docx, in the style of an official letter (公文).

``WordDocument`` wraps a python-docx document with the few blocks our letters use — a red letterhead,
a centred title, a reference number, paragraphs, a table, a signature block — and sets the East Asian
font on every run so Chinese text renders in 仿宋/宋体 in Word and WPS alike. ``docx_response`` sends the
bytes as a download with a Chinese file name.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BODY_FONT = "仿宋"
TITLE_FONT = "宋体"
RED = RGBColor(0xC0, 0x00, 0x00)


def _font(run: Any, name: str, size: float, *, bold: bool = False, color: RGBColor | None = None) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def date_cn(day: dt.date) -> str:
    """2026年3月2日."""
    return f"{day.year}年{day.month}月{day.day}日"


class WordDocument:
    def __init__(self) -> None:
        self.doc = Document()
        style = self.doc.styles["Normal"]
        style.font.name = BODY_FONT
        style.font.size = Pt(14)
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    def letterhead(self, text: str) -> WordDocument:
        """The issuing body's name in large red characters, centred, over a red rule."""
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), TITLE_FONT, 26, bold=True, color=RED)
        rule = self.doc.add_paragraph()
        rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(rule.add_run("━" * 22), TITLE_FONT, 12, color=RED)
        return self

    def reference(self, text: str) -> WordDocument:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), BODY_FONT, 14)
        return self

    def title(self, text: str) -> WordDocument:
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), TITLE_FONT, 20, bold=True)
        return self

    def heading(self, text: str) -> WordDocument:
        p = self.doc.add_paragraph()
        _font(p.add_run(text), "黑体", 15, bold=True)
        return self

    def paragraph(self, text: str, *, indent: bool = True, align: str = "") -> WordDocument:
        p = self.doc.add_paragraph()
        if indent:
            p.paragraph_format.first_line_indent = Pt(28)
        if align == "right":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif align == "center":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(p.add_run(text), BODY_FONT, 14)
        return self

    def table(
        self, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, size: float = 10.5
    ) -> WordDocument:
        rows = list(rows)
        table = self.doc.add_table(rows=1 + len(rows), cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, header in enumerate(headers):
            cell = table.rows[0].cells[i]
            cell.text = ""
            _font(cell.paragraphs[0].add_run(str(header)), "黑体", size, bold=True)
        for r, values in enumerate(rows, start=1):
            cells = table.rows[r].cells
            for i, value in enumerate(values):
                cells[i].text = ""
                _font(cells[i].paragraphs[0].add_run("" if value is None else str(value)), BODY_FONT, size)
        return self

    def signature(self, *lines: str) -> WordDocument:
        for line in lines:
            self.paragraph(line, indent=False, align="right")
        return self

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def docx_response(content: bytes, filename: str) -> HttpResponse:
    if not filename.endswith(".docx"):
        filename += ".docx"
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"document.docx\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Cache-Control"] = "no-store"
    return response
