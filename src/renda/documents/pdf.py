"""Generic PDF writing with reportlab, with Chinese text in the built-in CID font ``STSong-Light``
(no font file to ship: every PDF reader carries the Adobe-GB1 fonts).

``PdfDocument`` collects the blocks of an official letter — letterhead, reference, title, paragraphs,
label/value lines, a signature block — and ``to_bytes()`` lays them out on A4. ``pdf_response`` sends it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from django.http import HttpResponse
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

FONT = "STSong-Light"
_registered = False


def _register() -> None:
    global _registered
    if not _registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True


def _style(name: str, size: float, **kw: Any) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=size * 1.6, wordWrap="CJK", **kw)


def _text(value: Any) -> str:
    return escape("" if value is None else str(value)).replace("\n", "<br/>")


class PdfDocument:
    def __init__(self, title: str = "") -> None:
        _register()
        self.meta_title = title
        self.story: list[Any] = []
        self.body = _style("body", 12, firstLineIndent=24)
        self.plain = _style("plain", 12)

    def letterhead(self, text: str) -> PdfDocument:
        self.story.append(
            Paragraph(_text(text), _style("head", 22, alignment=TA_CENTER, textColor=colors.red))
        )
        self.story.append(
            HRFlowable(width="100%", thickness=1.5, color=colors.red, spaceBefore=4, spaceAfter=8)
        )
        return self

    def reference(self, text: str) -> PdfDocument:
        self.story.append(Paragraph(_text(text), _style("ref", 12, alignment=TA_CENTER)))
        return self

    def title(self, text: str) -> PdfDocument:
        self.story.append(Spacer(1, 4 * mm))
        self.story.append(Paragraph(_text(text), _style("title", 17, alignment=TA_CENTER)))
        self.story.append(Spacer(1, 4 * mm))
        return self

    def paragraph(self, text: str, *, indent: bool = True) -> PdfDocument:
        for block in str(text).split("\n\n"):
            self.story.append(Paragraph(_text(block), self.body if indent else self.plain))
        return self

    def line(self, label: str, value: Any) -> PdfDocument:
        self.story.append(Paragraph(f"{_text(label)}:{_text(value)}", self.plain))
        return self

    def signature(self, *lines: str) -> PdfDocument:
        self.story.append(Spacer(1, 8 * mm))
        style = _style("sign", 12, alignment=TA_RIGHT)
        for line in lines:
            self.story.append(Paragraph(_text(line), style))
        return self

    def to_bytes(self) -> bytes:
        import io

        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=30 * mm, bottomMargin=25 * mm,
            title=self.meta_title, author="Renda",
        )  # fmt: skip
        doc.build(self.story or [Spacer(1, 1)])
        return buffer.getvalue()


def pdf_response(content: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    if not filename.endswith(".pdf"):
        filename += ".pdf"
    response = HttpResponse(content, content_type="application/pdf")
    kind = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{kind}; filename=\"document.pdf\"; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "no-store"
    return response
