"""Column mapping for Excel imports: an uploaded sheet's own headings matched to an import's fields.

Real spreadsheets come in their owners' layouts, not in our templates. An import declares its
``Field`` list (a key, a label and the synonyms people use as headings); then

1. ``read_sheet(file)`` reads the sheet as it is: the heading row (found below any title rows)
   and every data row as text;
2. ``suggest(headings, fields, remembered=...)`` proposes a field for each column: first what was
   remembered for the same layout (``ImportMapping``, per congress and import kind), then a heading
   equal to a field's label or synonym, then a heading containing one;
3. the user confirms or corrects the proposal in ``MappingForm`` (a select per column,
   “不导入” allowed);
4. ``apply_mapping(sheet, mapping, fields)`` gives the ``Table`` the import checks (row values by
   field key) and the headings of the columns that were not imported, so the page can list them;
5. ``remember(...)`` stores the confirmed mapping for the next upload of that layout.

Fields marked ``multiple`` take several columns (e.g. 工作单位 + 职务, or any column kept as a remark);
their values are joined with the field's ``joiner``, and with ``labelled=True`` each value is
prefixed with its heading (``学历：大学``) unless the heading is the field's own.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .excel import DEFAULT_MAX_ROWS, ExcelError, Row, Table, cell_text, open_workbook

SKIP = ""  # the mapping value of a column that is not imported
HEADER_SCAN_ROWS = 10


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    multiple: bool = False
    joiner: str = ""
    labelled: bool = False

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.synonyms)


@dataclass
class RawSheet:
    headings: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (Excel row number, cells)
    header_row: int = 1

    @property
    def signature(self) -> str:
        return layout_signature(self.headings)

    def samples(self, position: int, n: int = 3) -> list[str]:
        """The first ``n`` non-empty values of a column (shown next to its select)."""
        out = []
        for _number, cells in self.rows:
            if position < len(cells) and cells[position]:
                out.append(cells[position])
                if len(out) >= n:
                    break
        return out


def normalise_heading(text: str) -> str:
    """A heading as compared: no spaces (full-width ones included), no ``*``/colons, lower case."""
    text = re.sub(r"[\s\u3000\u00a0*＊:：]+", "", str(text or ""))
    return text.lower()


def _heading_core(text: str) -> str:
    """The heading without a bracketed note: ``出生年月（年龄）`` → ``出生年月``."""
    return re.sub(r"[（(〔\[【][^）)〕\]】]*[）)〕\]】]", "", normalise_heading(text))


def layout_signature(headings: Sequence[str]) -> str:
    """The same headings in the same order give the same signature (spaces and case ignored)."""
    data = json.dumps([normalise_heading(h) for h in headings], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()


# --- reading ------------------------------------------------------------------------------------


def _looks_like_heading_row(texts: list[str], known: set[str]) -> int:
    """How many cells of a row are known headings (0 if fewer than two cells are filled)."""
    filled = [t for t in texts if t]
    if len(filled) < 2:
        return 0
    return sum(1 for t in filled if normalise_heading(t) in known or _heading_core(t) in known)


def read_sheet(
    source: str | IO[bytes] | bytes,
    fields: Sequence[Field] = (),
    *,
    sheet_index: int = 0,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> RawSheet:
    """The sheet as it is. The heading row is, among the first rows, the one with the most cells
    that are known headings of ``fields`` (else the first row with at least two filled cells), so a
    title such as “某县第十八届人民代表大会代表名单” above the table is passed over."""
    known = {normalise_heading(n) for f in fields for n in f.names()}
    wb = open_workbook(source)
    try:
        if sheet_index >= len(wb.worksheets):
            raise ExcelError(_("文件中没有工作表。"))
        ws = wb.worksheets[sheet_index]
        rows: list[tuple[int, list[str]]] = []
        for number, raw in enumerate(ws.iter_rows(values_only=True), start=1):
            texts = [cell_text(v) for v in raw]
            if not any(texts):
                continue
            rows.append((number, texts))
            if len(rows) > max_rows + HEADER_SCAN_ROWS + 1:
                raise ExcelError(_("一次最多导入 %(n)s 行,请拆分文件。") % {"n": max_rows})
    finally:
        wb.close()
    if not rows:
        raise ExcelError(_("文件是空的。"))
    head = rows[:HEADER_SCAN_ROWS]
    scores = [_looks_like_heading_row(texts, known) for _n, texts in head]
    best = max(range(len(head)), key=lambda i: (scores[i], -i))
    if scores[best] == 0:
        best = next((i for i, (_n, t) in enumerate(head) if sum(1 for x in t if x) >= 2), 0)
    header_number, header_texts = rows[best]
    # Trailing empty heading cells are no columns; an empty heading in between keeps its place.
    while header_texts and not header_texts[-1]:
        header_texts = header_texts[:-1]
    headings = [t if t else _("第%(n)s列") % {"n": i + 1} for i, t in enumerate(header_texts)]
    data = [(n, t) for n, t in rows[best + 1 :]]
    if len(data) > max_rows:
        raise ExcelError(_("一次最多导入 %(n)s 行,请拆分文件。") % {"n": max_rows})
    # Values in columns past the last heading would be lost: give them a column of their own.
    width = max((len(t) for _n, t in data), default=0)
    for i in range(len(headings), width):
        if any(i < len(t) and t[i] for _n, t in data):
            headings.append(_("第%(n)s列") % {"n": i + 1})
    return RawSheet(headings=headings, rows=data, header_row=header_number)


# --- proposing a mapping ------------------------------------------------------------------------


def suggest(
    headings: Sequence[str],
    fields: Sequence[Field],
    *,
    remembered: dict[str, str] | list[str] | None = None,
) -> list[str]:
    """A field key (or ``SKIP``) for each heading. ``remembered`` is what ``remembered_for`` gives:
    the columns of this very layout in order (taken as they are while still valid), or normalised
    headings mapped to keys."""
    if isinstance(remembered, list):
        if len(remembered) == len(headings) and not check_mapping(remembered, headings, fields):
            return list(remembered)
        remembered = None
    keys = {f.key for f in fields}
    by_key = {f.key: f for f in fields}
    out = [SKIP] * len(headings)
    used: set[str] = set()

    def take(i: int, key: str) -> None:
        out[i] = key
        if not by_key[key].multiple:
            used.add(key)

    def free(key: str) -> bool:
        return key in keys and (key not in used or by_key[key].multiple)

    if remembered:
        for i, h in enumerate(headings):
            key = remembered.get(normalise_heading(h))
            if key is not None and (key == SKIP or free(key)):
                if key == SKIP:
                    out[i] = SKIP
                else:
                    take(i, key)
        decided = {i for i, h in enumerate(headings) if normalise_heading(h) in remembered}
    else:
        decided = set()
    exact = {normalise_heading(n): f.key for f in fields for n in f.names()}
    for i, h in enumerate(headings):
        if i in decided:
            continue
        key = exact.get(normalise_heading(h)) or exact.get(_heading_core(h))
        if key and free(key):
            take(i, key)
            decided.add(i)
    # A heading containing a field's name (“代表出生年月”, “现工作单位及职务”): the longest name wins.
    names = sorted(
        ((normalise_heading(n), f.key) for f in fields for n in f.names()), key=lambda x: -len(x[0])
    )
    for i, h in enumerate(headings):
        if i in decided:
            continue
        core = _heading_core(h)
        for name, key in names:
            if len(name) >= 2 and name in core and free(key):
                take(i, key)
                break
    return out


def check_mapping(mapping: Sequence[str], headings: Sequence[str], fields: Sequence[Field]) -> list[str]:
    """Problems with a mapping, in Chinese: a field chosen twice, a required field not chosen."""
    by_key = {f.key: f for f in fields}
    problems: list[str] = []
    seen: dict[str, int] = {}
    for i, key in enumerate(mapping):
        if key == SKIP:
            continue
        if key not in by_key:
            problems.append(_("第%(n)s列的对应字段无效。") % {"n": i + 1})
            continue
        if key in seen and not by_key[key].multiple:
            problems.append(
                _("“%(a)s”和“%(b)s”两列都对应“%(f)s”,一个字段只能对应一列。")
                % {"a": headings[seen[key]], "b": headings[i], "f": by_key[key].label}
            )
        seen.setdefault(key, i)
    for f in fields:
        if f.required and f.key not in seen:
            problems.append(_("必须有一列对应“%(f)s”。") % {"f": f.label})
    return problems


def apply_mapping(
    sheet: RawSheet, mapping: Sequence[str], fields: Sequence[Field]
) -> tuple[Table, list[str]]:
    """The rows as ``Table`` (values by field key, every field present) and the skipped headings."""
    by_key = {f.key: f for f in fields}
    columns: dict[str, list[int]] = {}
    for i, key in enumerate(mapping):
        if key and key in by_key and i < len(sheet.headings):
            columns.setdefault(key, []).append(i)
    skipped = [h for i, h in enumerate(sheet.headings) if i >= len(mapping) or not mapping[i]]
    table = Table(headers=list(sheet.headings))
    # Decided once per column, not per row (imports of hundreds of thousands of rows).
    plan = []
    for key, positions in columns.items():
        f = by_key[key]
        own = {normalise_heading(n) for n in f.names()}
        labels = [
            sheet.headings[pos] if f.labelled and normalise_heading(sheet.headings[pos]) not in own else ""
            for pos in positions
        ]
        plan.append((key, f.joiner, list(zip(positions, labels, strict=True))))
    empty = {f.key: "" for f in fields}
    for number, cells in sheet.rows:
        values = dict(empty)
        width = len(cells)
        for key, joiner, cols in plan:
            parts = []
            for pos, label in cols:
                value = cells[pos] if pos < width else ""
                if not value:
                    continue
                parts.append(f"{label}：{value}" if label else value)
            values[key] = joiner.join(parts)
        table.rows.append(Row(number=number, values=values))
    return table, skipped


# --- remembering --------------------------------------------------------------------------------


def remembered_for(congress: Any, kind: str, headings: Sequence[str]) -> dict[str, str] | list[str] | None:
    """What was confirmed before for this congress and import kind: for exactly this layout, the
    field of each column in order (a list); else the latest choice made for each of these headings
    in any layout (a dict of normalised heading → key); None when nothing applies."""
    from .models import ImportMapping

    mine = ImportMapping.objects.filter(congress=congress, kind=kind)
    exact = mine.filter(signature=layout_signature(headings)).first()
    if exact is not None and len(exact.columns) == len(headings):
        return [str(k) for k in exact.columns]
    wanted = {normalise_heading(h) for h in headings}
    merged: dict[str, str] = {}
    for m in mine.order_by("updated_at", "pk"):
        merged.update({h: k for h, k in m.mapping.items() if h in wanted})
    return merged or None


def is_remembered(congress: Any, kind: str, headings: Sequence[str]) -> bool:
    from .models import ImportMapping

    return ImportMapping.objects.filter(
        congress=congress, kind=kind, signature=layout_signature(headings)
    ).exists()


def remember(*, actor: Any, congress: Any, kind: str, headings: Sequence[str], mapping: Sequence[str]) -> Any:
    """Store a confirmed mapping for this congress, import kind and layout (audited). The caller
    checks that ``actor`` may import for ``congress``."""
    from django.db import transaction

    from renda.audit.services import record_event

    from .models import ImportMapping

    data = {normalise_heading(h): (mapping[i] if i < len(mapping) else SKIP) for i, h in enumerate(headings)}
    with transaction.atomic():
        obj, created = ImportMapping.objects.update_or_create(
            congress=congress,
            kind=kind,
            signature=layout_signature(headings),
            defaults={
                "headings": list(headings),
                "mapping": data,
                "columns": [mapping[i] if i < len(mapping) else SKIP for i in range(len(headings))],
                "updated_by": actor,
            },
        )
        record_event(
            actor=actor,
            action="import_mapping.save",
            target=obj,
            congress=congress,
            after={"kind": kind, "mapping": {h: (mapping[i] if i < len(mapping) else SKIP)
                                             for i, h in enumerate(headings)}, "created": created},
        )  # fmt: skip
    return obj


# --- the form -----------------------------------------------------------------------------------


class MappingForm(forms.Form):
    """A select per uploaded column (``col_0``, ``col_1`` …), “不导入” allowed."""

    def __init__(
        self,
        *args: Any,
        sheet: RawSheet,
        fields: Sequence[Field],
        initial_mapping: Sequence[str] = (),
        sample_filter: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        # Samples are shown next to each select: an import masks what must not be shown in full.
        self.sample_filter = sample_filter or (lambda value: value)
        self.import_fields = list(fields)
        choices = [(SKIP, gettext_lazy("不导入")), *((f.key, f.label) for f in fields)]
        for i, heading in enumerate(sheet.headings):
            self.fields[f"col_{i}"] = forms.ChoiceField(
                label=heading,
                choices=choices,
                required=False,
                initial=initial_mapping[i] if i < len(initial_mapping) else SKIP,
            )

    def columns(self) -> list[dict[str, Any]]:
        """For the template: each column's heading, samples and bound select."""
        return [
            {
                "position": i,
                "heading": h,
                "samples": [self.sample_filter(v) for v in self.sheet.samples(i)],
                "field": self[f"col_{i}"],
            }
            for i, h in enumerate(self.sheet.headings)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        mapping = [data.get(f"col_{i}") or SKIP for i in range(len(self.sheet.headings))]
        for problem in check_mapping(mapping, self.sheet.headings, self.import_fields):
            self.add_error(None, problem)
        data["mapping"] = mapping
        return data
