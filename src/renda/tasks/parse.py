"""Read a notice's text into its tasks, as the notice itself writes them.

A decomposition notice (see ``shared/seeds/000_*``) writes each task as a paragraph ending with its
units in brackets — ``……。(牵头单位:县委办公室;配合单位:县人大常委会办公室、各乡镇党委)`` —
under numbered parts (``(一)……``) and, within a part, numbered items (``1.健全完善党的领导体制。……``).
A part whose paragraph carries the units itself is one task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PART_RE = re.compile(r"^\s*[((]([一二三四五六七八九十]+)[))]\s*(.+?)\s*$")
ITEM_RE = re.compile(r"^\s*(\d{1,2})\s*[.．、]\s*(.+)$")
UNITS_START_RE = re.compile(r"[((]\s*牵头单位\s*[::]")
SPLIT_RE = re.compile(r"[、,,;;]")
SENTENCE_END = "。"


@dataclass
class ParsedTask:
    section: str  # "(二)1" or "(一)"
    heading: str  # the part's title
    title: str
    body: str
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    lead_as_written: str = ""
    cooperating_as_written: str = ""
    line: int = 0


def split_units(text: str) -> list[str]:
    """``县委办公室、县政府办公室`` → two names; brackets inside a name (县直各党(工)委) are kept."""
    out: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        if ch in "((":
            depth += 1
        elif ch in "))":
            depth = max(0, depth - 1)
        if depth == 0 and SPLIT_RE.match(ch):
            if current.strip():
                out.append(current.strip())
            current = ""
            continue
        current += ch
    if current.strip():
        out.append(current.strip())
    return out


def _units(tail: str) -> tuple[str, str]:
    """The text inside ``(牵头单位:…;配合单位:…)`` → (lead as written, cooperating as written)."""
    inner = tail.strip()
    inner = re.sub(r"^[((]\s*", "", inner)
    inner = re.sub(r"[))]\s*$", "", inner)
    m = re.match(r"牵头单位\s*[::]\s*(.*?)(?:\s*[;;]\s*配合单位\s*[::]\s*(.*))?$", inner, re.S)
    if not m:
        return "", ""
    return _trim(m.group(1)), _trim(m.group(2))


def _trim(text: str | None) -> str:
    return re.sub(r"^[\s;;]+|[\s;;]+$", "", text or "")


def _title_of(text: str, fallback: str) -> str:
    first = text.split(SENTENCE_END, 1)[0].strip()
    if 2 <= len(first) <= 40:
        return first
    return fallback[:60] if fallback else first[:60]


def parse_notice(text: str) -> list[ParsedTask]:
    tasks: list[ParsedTask] = []
    part_code, part_title = "", ""
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        part = PART_RE.match(line)
        if part and not UNITS_START_RE.search(line) and len(line) <= 60:
            part_code, part_title = part.group(1), part.group(2)
            continue
        found = UNITS_START_RE.search(line)
        if not found:
            continue
        body, tail = line[: found.start()].strip(), line[found.start() :]
        lead, cooperating = _units(tail)
        item = ITEM_RE.match(body)
        if item:
            section = f"({part_code}){item.group(1)}" if part_code else item.group(1)
            text_body = item.group(2).strip()
            title = _title_of(text_body, part_title)
        else:
            section = f"({part_code})" if part_code else ""
            text_body = body
            title = part_title or _title_of(body, "")
        tasks.append(
            ParsedTask(
                section=section,
                heading=part_title,
                title=title,
                body=text_body,
                lead=split_units(lead),
                cooperating=split_units(cooperating),
                lead_as_written=lead,
                cooperating_as_written=cooperating,
                line=number,
            )
        )
    return tasks
