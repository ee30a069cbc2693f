"""Word and Excel documents of the deputies app: the ranking circular, the register export."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse

from renda.core import clock

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def ranking_circular_docx(publication: Any) -> bytes:
    """履职积分情况通报 (.docx): title, a short text, the ranking table."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "仿宋"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    style.font.size = Pt(14)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(publication.title)
    run.bold = True
    run.font.size = Pt(20)
    run.font.name = "方正小标宋简体"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "方正小标宋简体")
    rows = publication.rows or []
    doc.add_paragraph(
        f"根据代表履职登记和积分管理办法,现将{publication.year}年第{publication.quarter}季度"
        f"全体代表履职积分情况通报如下(共{len(rows)}名代表)。"
    )
    table = doc.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["名次", "姓名", "代表小组", "积分", "活动次数", "无故缺席"], strict=True
    ):
        cell.text = text
        for p in cell.paragraphs:
            for r in p.runs:
                r.bold = True
    for row in rows:
        cells = table.add_row().cells
        values = [row["rank"], row["name"], row["group"], row["points"], row["activities"], row["absences"]]
        for cell, value in zip(cells, values, strict=True):
            cell.text = str(value)
    doc.add_paragraph("")
    end = doc.add_paragraph(f"{clock.today():%Y年%m月%d日}")
    end.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def docx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"circular.docx\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Cache-Control"] = "no-store"
    return response


def qr_svg(url: str) -> bytes:
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    img.save(buffer)
    return buffer.getvalue()
