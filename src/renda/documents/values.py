"""Reading the values people actually type into Excel: Chinese dates, names, multi-line cells.

These are generic helpers for any Excel import; an importer decides what a value means.

``parse_date`` understands ``1963年11月``, ``1963年11月7日``, ``1963.11``, ``1963-11``,
``1963/11/7``, ``19631107``, ``196311``, ISO dates (what ``cell_text`` makes of an Excel date
cell), Excel serial numbers (``23323``) and an age or note in brackets after the date
(``1963年11月（62岁）``). It returns a ``ParsedDate`` saying whether the day was given.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Full-width and other spaces people leave in cells: ideographic space, no-break space, tabs.
_SPACES = re.compile(r"[\s\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff]+")
# Any bracketed part: （…） (…) 〔…〕 [...] 【…】.
_BRACKETED = re.compile(r"[（(〔\[【]([^）)〕\]】]*)[）)〕\]】]")
_EXCEL_EPOCH = dt.date(1899, 12, 30)

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．／－", "0123456789./-")


@dataclass(frozen=True)
class ParsedDate:
    date: dt.date
    day_known: bool = True


def squeeze(text: str) -> str:
    """Remove every kind of space (for names and codes, where no space belongs)."""
    return _SPACES.sub("", text or "")


def one_line(text: str, joiner: str = "、") -> str:
    """A cell written on several lines as one line: the lines joined by ``joiner``, spaces tidied."""
    lines = [" ".join(_SPACES.sub(" ", line).split()) for line in re.split(r"[\r\n]+", text or "")]
    return joiner.join(line for line in lines if line)


def split_brackets(text: str) -> tuple[str, list[str]]:
    """``李明（女，回族）`` → (``李明``, [``女``, ``回族``]): the text without brackets and the bracketed
    parts split at ，、,;； and spaces."""
    parts: list[str] = []
    for inside in _BRACKETED.findall(text or ""):
        parts.extend(p for p in re.split(r"[，,、;；/\s\u3000]+", inside) if p)
    return _BRACKETED.sub("", text or "").strip(), parts


def _valid(year: int, month: int, day: int) -> dt.date | None:
    if not (1900 <= year <= 2100):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> ParsedDate | None:
    """A date as people write it in a Chinese spreadsheet, or None when it cannot be one."""
    raw = squeeze(_BRACKETED.sub("", text or "")).translate(_FULL_WIDTH_DIGITS)
    if not raw:
        return None
    # An Excel serial number (a date cell formatted as a number, or copied as a value).
    if re.fullmatch(r"\d{4,5}(\.0+)?", raw) and not re.fullmatch(r"(19|20)\d{2}", raw):
        serial = int(float(raw))
        if 1 <= serial <= 73050:  # up to 2099
            return ParsedDate(_EXCEL_EPOCH + dt.timedelta(days=serial))
        return None
    if m := re.fullmatch(r"((?:19|20)\d{2})(\d{2})(\d{2})", raw):
        d = _valid(int(m[1]), int(m[2]), int(m[3]))
        return ParsedDate(d) if d else None
    if m := re.fullmatch(r"((?:19|20)\d{2})(\d{2})", raw):
        d = _valid(int(m[1]), int(m[2]), 1)
        return ParsedDate(d, day_known=False) if d else None
    # An ISO date with a time (what cell_text gives for a datetime that is not midnight).
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", raw):
        d = _valid(int(m[1]), int(m[2]), int(m[3]))
        return ParsedDate(d) if d else None
    m = re.fullmatch(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*(?:[月.\-/]\s*(?:(\d{1,2})\s*[日号]?)?)?", raw)
    if not m:
        return None
    year, month = int(m[1]), int(m[2])
    if m[3]:
        d = _valid(year, month, int(m[3]))
        return ParsedDate(d) if d else None
    d = _valid(year, month, 1)
    return ParsedDate(d, day_known=False) if d else None
