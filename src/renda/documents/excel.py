"""Generic Excel (.xlsx) reading and writing.

Writing: ``workbook_bytes([Sheet(...), ...])`` and ``xlsx_response(content, filename)``.
Reading: ``read_table(file, columns)`` maps the header row to ``Column`` keys by their Chinese
header text, returns the data rows as dicts with their spreadsheet row numbers, and reports missing
headers and unreadable files as ``ExcelError`` with a Chinese message. Rows that are entirely empty
are skipped. Every value comes back as a stripped string (numbers without a spurious ``.0``), so the
caller validates text only.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ROWS = 5000

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="A3161C")


class ExcelError(Exception):
    """The file cannot be used at all (not an .xlsx, no header, too many rows…)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 16


@dataclass
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]] = ()
    widths: Sequence[int] = ()
    # Optional note written above the header row (e.g. "导出时间 …"); the header then moves down.
    note: str = ""


@dataclass
class Row:
    number: int  # the row number as Excel shows it
    values: dict[str, str]

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key, default)


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)


# --- writing -----------------------------------------------------------------------------------


def _cell_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, int | float | Decimal | dt.date | dt.time):
        return value
    return str(value)


def _width(sheet: Sheet, col: int, header: Any) -> int:
    return sheet.widths[col - 1] if col - 1 < len(sheet.widths) else max(10, len(str(header)) * 2 + 4)


def _styled(cell: Any, value: Any) -> Any:
    """Formula-proof text and date formats on a cell just given ``_cell_value(value)``."""
    # Never let text become a formula (formula injection): keep it a string.
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"
    if isinstance(value, dt.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, Decimal) and value.is_finite():
        # a rounded rate keeps its decimals in the sheet (6.30 stays "6.30", not 6.3)
        places = max(0, -int(value.as_tuple().exponent))
        cell.number_format = "0." + "0" * places if places else "0"
    return cell


def write_sheet(ws: Any, sheet: Sheet) -> None:
    """Write ``sheet`` into a normal (random-access) worksheet."""
    ws.title = sheet.title[:31]
    header_row = 1
    if sheet.note:
        ws.cell(row=1, column=1, value=sheet.note).font = Font(italic=True, color="666666")
        header_row = 2
    for col, header in enumerate(sheet.headers, start=1):
        cell = ws.cell(row=header_row, column=col, value=str(header))
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    r = header_row
    for r, values in enumerate(sheet.rows, start=header_row + 1):  # noqa: B007
        for col, value in enumerate(values, start=1):
            _styled(ws.cell(row=r, column=col, value=_cell_value(value)), value)
    for col, header in enumerate(sheet.headers, start=1):
        ws.column_dimensions[get_column_letter(col)].width = _width(sheet, col, header)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def _write_only_sheet(ws: Any, sheet: Sheet) -> None:
    """The same content as ``write_sheet`` in a write-only worksheet: rows are streamed, one pass, no
    cell objects kept (openpyxl's fast mode for large exports)."""
    ws.title = sheet.title[:31]
    for col, header in enumerate(sheet.headers, start=1):
        ws.column_dimensions[get_column_letter(col)].width = _width(sheet, col, header)
    header_row = 2 if sheet.note else 1
    ws.freeze_panes = f"A{header_row + 1}"
    if sheet.note:
        note = WriteOnlyCell(ws, value=sheet.note)
        note.font = Font(italic=True, color="666666")
        ws.append([note])
    headers = []
    for header in sheet.headers:
        cell = WriteOnlyCell(ws, value=str(header))
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
        headers.append(cell)
    ws.append(headers)
    plain = (int, float, str)
    for values in sheet.rows:
        row = []
        for value in values:
            converted = _cell_value(value)
            if type(converted) in plain and not (isinstance(converted, str) and converted.startswith("=")):
                row.append(converted)  # a bare value: no cell object needed
            else:
                row.append(_styled(WriteOnlyCell(ws, value=converted), value))
        ws.append(row)


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An .xlsx file holding ``sheets`` in order (written in openpyxl's write-only mode)."""
    wb = Workbook(write_only=True)
    for sheet in sheets:
        _write_only_sheet(wb.create_sheet(), sheet)
    if not sheets:
        wb.create_sheet()
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """A download response; ``filename`` may be Chinese (RFC 5987 encoding with an ASCII fallback)."""
    if not filename.endswith(".xlsx"):
        filename += ".xlsx"
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f"attachment; filename=\"export.xlsx\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Cache-Control"] = "no-store"
    return response


def timestamped(name: str) -> str:
    return f"{name}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"


# --- reading -----------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as trimmed text: 13800138000.0 → "13800138000", dates as ISO, None → ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def open_workbook(source: str | IO[bytes] | bytes) -> Any:
    if isinstance(source, bytes):
        source = io.BytesIO(source)
    try:
        return load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise ExcelError(_("无法读取文件:请上传 Excel 2007 及以上版本的 .xlsx 文件。")) from exc


def read_table(
    source: str | IO[bytes] | bytes,
    columns: Sequence[Column],
    *,
    sheet_index: int = 0,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> Table:
    """Read the first sheet (or ``sheet_index``): the first non-empty row is the header."""
    wb = open_workbook(source)
    try:
        if sheet_index >= len(wb.worksheets):
            raise ExcelError(_("文件中没有工作表。"))
        ws = wb.worksheets[sheet_index]
        by_header = {c.header: c for c in columns}
        positions: dict[int, Column] = {}
        table = Table()
        header_found = False
        for number, raw in enumerate(ws.iter_rows(values_only=True), start=1):
            texts = [cell_text(v) for v in raw]
            if not any(texts):
                continue
            if not header_found:
                header_found = True
                table.headers = [t for t in texts if t]
                for pos, text in enumerate(texts):
                    if text in by_header:
                        positions[pos] = by_header[text]
                missing = [c.header for c in columns if c.required and c not in positions.values()]
                if missing:
                    raise ExcelError(
                        _("表头缺少必需的列:%(cols)s。请使用下载的模板。") % {"cols": "、".join(missing)}
                    )
                continue
            if len(table.rows) >= max_rows:
                raise ExcelError(_("一次最多导入 %(n)s 行,请拆分文件。") % {"n": max_rows})
            values = {c.key: "" for c in columns}
            for pos, col in positions.items():
                if pos < len(texts):
                    values[col.key] = texts[pos]
            table.rows.append(Row(number=number, values=values))
        if not header_found:
            raise ExcelError(_("文件是空的。"))
        return table
    finally:
        wb.close()
