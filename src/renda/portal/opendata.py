"""Open data: the published deputies, suggestions, answers and statistics as rows, CSV and Popolo.

Every dataset is built from ``selectors`` (the same reads as the pages), so the open data can never
hold more than the portal shows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import clock
from renda.core.models import Congress

from . import selectors as sel
from .choices import LICENCE_NAME, LICENCE_URL

DATASETS = ("deputies", "suggestions", "answers", "statistics")

COLUMNS: dict[str, list[tuple[str, str]]] = {
    "deputies": [
        ("id", "编号"),
        ("name", "姓名"),
        ("gender", "性别"),
        ("ethnicity", "民族"),
        ("party", "政治面貌"),
        ("occupation_category", "职业构成"),
        ("constituency", "选区"),
        ("delegation", "代表团"),
        ("group", "代表小组"),
        ("station", "联络站"),
        ("published_suggestions", "公开建议数"),
    ],
    "suggestions": [
        ("id", "编号"),
        ("number", "建议编号"),
        ("year", "年度"),
        ("session", "会议"),
        ("type", "类型"),
        ("category", "分类"),
        ("title", "标题"),
        ("deputy", "提出代表"),
        ("content", "建议内容"),
        ("lead_unit", "主办单位"),
        ("lead_unit_person", "主办单位负责人"),
        ("supervising_body", "督办机关"),
        ("supervising_person", "督办负责人"),
        ("plan", "办理方案"),
        ("reply_class", "答复类别"),
        ("result", "办理结果"),
        ("replied_at", "答复时间"),
        ("published_at", "公开时间"),
    ],
    "answers": [
        ("id", "编号"),
        ("suggestion_number", "建议编号"),
        ("suggestion_title", "建议标题"),
        ("unit", "答复单位"),
        ("round", "办理轮次"),
        ("reply_class", "答复类别"),
        ("signing_leader", "签发领导"),
        ("is_final", "最终答复"),
        ("replied_at", "答复时间"),
        ("text", "答复内容"),
    ],
    "statistics": [
        ("year", "年度"),
        ("total", "公开建议数"),
        ("answered", "已答复数"),
        ("class_a", "A类"),
        ("class_b", "B类"),
        ("class_c", "C类"),
        ("class_d", "D类"),
        ("solved_rate", "解决或列入计划比例(%)"),
    ],
}


def _value(v: Any) -> Any:
    if isinstance(v, Decimal):  # a rate, with the congress's decimal places ("6.30", not 6.3)
        return str(v)
    if isinstance(v, dt.datetime):
        return timezone.localtime(v).isoformat(timespec="seconds")
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def rows(dataset: str, congress: Congress) -> Iterator[dict[str, Any]]:
    keys = [k for k, _label in COLUMNS[dataset]]
    if dataset == "deputies":
        source: Iterable[dict[str, Any]] = (
            sel.deputy_row(m) for m in sel.public_mandates(congress).iterator(2000)
        )
    elif dataset == "suggestions":
        body = sel.supervising_body(congress)
        source = (sel.six_items(s, body, congress) for s in sel.public_suggestions(congress).iterator(2000))
    elif dataset == "answers":
        source = (sel.answer_row(r) for r in sel.published_answers(congress).iterator(2000))
    else:
        source = (
            {
                **y,
                "class_a": y["classes"]["A"],
                "class_b": y["classes"]["B"],
                "class_c": y["classes"]["C"],
                "class_d": y["classes"]["D"],
            }
            for y in sel.yearly_statistics(congress)
        )
    for row in source:
        yield {k: _value(row.get(k)) for k in keys}


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(dataset: str, congress: Congress) -> Iterator[str]:
    """UTF-8 CSV with a byte-order mark (so spreadsheet programs read the Chinese), header in Chinese."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([label for _k, label in COLUMNS[dataset]])
    for row in rows(dataset, congress):
        yield writer.writerow(["" if v is None else _csv_safe(v) for v in row.values()])


def _csv_safe(v: Any) -> Any:
    """Neutralise spreadsheet formulas (CSV injection) in text cells."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


def csv_text(dataset: str, congress: Congress) -> str:
    buf = io.StringIO()
    for chunk in csv_stream(dataset, congress):
        buf.write(chunk)
    return buf.getvalue()


def envelope(dataset: str, congress: Congress, data: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "dataset": dataset,
        "congress": {"id": congress.pk, "name": congress.name},
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "generated_at": _value(clock.now()),
        "count": len(data),
        "fields": [{"name": k, "label": label} for k, label in COLUMNS[dataset]],
        "results": data,
    }


# --- Popolo (http://www.popoloproject.com/specs/) -------------------------------------------------------------


def popolo(congress: Congress) -> dict[str, Any]:
    """Deputies as Popolo persons, the congress, delegations and groups as organizations, mandates as
    memberships. Public fields only."""
    persons: list[dict[str, Any]] = []
    organizations: dict[str, dict[str, Any]] = {}
    memberships: list[dict[str, Any]] = []
    congress_id = f"congress-{congress.pk}"
    organizations[congress_id] = {
        "id": congress_id,
        "name": congress.name,
        "classification": "legislature",
        "area": {"name": congress.region_name},
    }
    seen: set[int] = set()
    for m in sel.public_mandates(congress).iterator(2000):
        row = sel.deputy_row(m)
        person_id = f"person-{m.deputy_id}"
        if m.deputy_id not in seen:
            seen.add(m.deputy_id)
            persons.append(
                {
                    "id": person_id,
                    "name": row["name"],
                    "gender": {"男": "male", "女": "female"}.get(row["gender"], row["gender"]),
                    "extras": {
                        "ethnicity": row["ethnicity"],
                        "party": row["party"],
                        "occupation_category": row["occupation_category"],
                    },
                }
            )
        membership: dict[str, Any] = {
            "id": f"mandate-{m.pk}",
            "person_id": person_id,
            "organization_id": congress_id,
            "role": _("人大代表"),
            "label": row["constituency"] or row["delegation"] or "",
        }
        if row["constituency"]:
            membership["area"] = {"name": row["constituency"]}
        memberships.append(membership)
        if row["group_id"]:
            gid = f"group-{row['group_id']}"
            organizations.setdefault(
                gid,
                {"id": gid, "name": row["group"], "classification": "deputy_group", "parent_id": congress_id},
            )
            memberships.append(
                {
                    "id": f"mandate-{m.pk}-group",
                    "person_id": person_id,
                    "organization_id": gid,
                    "role": _("组员"),
                }
            )
        if row["station_id"]:
            sid = f"station-{row['station_id']}"
            organizations.setdefault(
                sid,
                {
                    "id": sid,
                    "name": row["station"],
                    "classification": "liaison_station",
                    "parent_id": congress_id,
                },
            )
            memberships.append(
                {
                    "id": f"mandate-{m.pk}-station",
                    "person_id": person_id,
                    "organization_id": sid,
                    "role": _("进站代表"),
                }
            )
    return {
        "licence": {"name": LICENCE_NAME, "url": LICENCE_URL},
        "persons": persons,
        "organizations": list(organizations.values()),
        "memberships": memberships,
    }
