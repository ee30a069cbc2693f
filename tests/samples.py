"""Real files for upload tests, built by the libraries that write those formats, and the malicious
samples an outside test used against the first-bytes check."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_bytes(text: str = "Renda test") -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawString(72, 720, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def docx_bytes(text: str = "答复函") -> bytes:
    import docx

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph(text)
    d.save(buf)
    return buf.getvalue()


def xlsx_bytes(rows: list[list[object]] | None = None) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for row in rows or [["名称", "数量"], ["路灯", 12]]:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (32, 20)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    mode = "P" if fmt == "GIF" else "RGB"
    Image.new(mode, size, "red" if mode == "RGB" else 1).save(buf, fmt)
    return buf.getvalue()


PDF = pdf_bytes()
PNG = image_bytes("PNG")
DOCX = docx_bytes()
XLSX = xlsx_bytes()

EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode."
)


def pdf_header_exe() -> bytes:
    """``%PDF-`` and then an executable body."""
    return b"%PDF-1.7\n" + EXE * 20


def html_as_pdf() -> bytes:
    """An HTML page with a script that starts with ``%PDF-``."""
    return b"%PDF-<html><body><script>alert(document.cookie)</script></body></html>"


def docx_with_exe() -> bytes:
    """A real .docx package with ``payload.exe`` added to it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(DOCX)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("payload.exe", EXE * 20)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
