"""预决算公开: the approval and publication dates of each year's budget and final accounts, for the
government as a whole and for each department — entered on a form by the finance committee's staff or
imported from Excel (every row checked, each error naming its row and cell, all rows or none). The
``not_published`` warning rule and the compliance rule B01 read them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.errors import ValidationFailed
from renda.core.models import Organization
from renda.documents.excel import Column

from .models import Publication

GOVERNMENT_WORDS = {"", "本级政府", "政府", "本级"}
KIND_WORDS = {"预算": Publication.Kind.BUDGET, "部门预算": Publication.Kind.BUDGET, "决算": Publication.Kind.FINAL,
              "部门决算": Publication.Kind.FINAL}  # fmt: skip
COLUMNS = [
    Column("year", "预算年度", required=True, width=10),
    Column("kind", "类别", required=True, width=10),
    Column("department", "部门", width=24),
    Column("approved_on", "批准日期", width=14),
    Column("published_on", "公开日期", width=14),
    Column("url", "公开网址", width=40),
]
TEMPLATE_ROWS = [
    ["2026", "预算", "本级政府", "2026-01-12", "2026-01-30", "https://www.example.gov.cn/yjsgk/2026"],
    ["2026", "预算", "示例县教育局", "", "2026-02-01", ""],
]


@dataclass
class PlannedPublication:
    row: int
    year: int = 0
    kind: str = Publication.Kind.BUDGET
    department: Organization | None = None
    approved_on: dt.date | None = None
    published_on: dt.date | None = None
    url: str = ""
    errors: list[str] = field(default_factory=list)


def deadline(approved_on: dt.date | None, days: int) -> dt.date | None:
    return approved_on + dt.timedelta(days=days) if approved_on else None


def _date(text: str) -> dt.date:
    cleaned = text.strip().replace("/", "-").replace(".", "-").split(" ")[0]
    for word, sep in (("年", "-"), ("月", "-"), ("日", "")):
        cleaned = cleaned.replace(word, sep)
    return dt.date.fromisoformat("-".join(part.zfill(2) for part in cleaned.split("-")))


def _check(p: PlannedPublication, where: Any) -> None:
    if p.approved_on and p.published_on and p.published_on < p.approved_on:
        p.errors.append(_("%(w)s早于批准日期。") % {"w": where("published_on")})
    if p.published_on and p.published_on > clock.today():
        p.errors.append(_("%(w)s不能晚于今天。") % {"w": where("published_on")})


def plan_rows(congress: Any, table: Any, *, headers: Sequence[str] = ()) -> list[PlannedPublication]:
    """Each row checked: a four-digit year, 预算/决算, a department of this congress (empty: the
    government as a whole), dates as 2026-01-12 (or 2026/1/12, 2026年1月12日), a web address."""
    from .imports import column_letter

    departments = {o.name: o for o in Organization.objects.filter(congress=congress)}
    labels = {c.key: c.header for c in COLUMNS}
    letters = {c.header: column_letter(i) for i, c in enumerate(COLUMNS)}
    letters = {h: column_letter(i) for i, h in enumerate(headers)} or letters
    out: list[PlannedPublication] = []
    seen: dict[tuple, int] = {}
    for row in table.rows:
        n = row.number
        p = PlannedPublication(row=n)

        def where(key: str, n: int = n) -> str:
            col = letters.get(labels[key])
            if col:
                return _("第%(r)s行“%(f)s”(%(c)s%(r)s)") % {"r": n, "f": labels[key], "c": col}
            return _("第%(r)s行“%(f)s”") % {"r": n, "f": labels[key]}

        try:
            p.year = int(row.get("year").strip().removesuffix("年"))
            if not 2000 <= p.year <= 2100:
                raise ValueError
        except ValueError:
            p.errors.append(_("%(w)s“%(v)s”应为四位年份。") % {"w": where("year"), "v": row.get("year")})
        kind = KIND_WORDS.get(row.get("kind").strip())
        if kind is None:
            p.errors.append(_("%(w)s只能填“预算”或“决算”。") % {"w": where("kind")})
        else:
            p.kind = kind
        dept = row.get("department").strip()
        if dept not in GOVERNMENT_WORDS:
            p.department = departments.get(dept)
            if p.department is None:
                p.errors.append(_("%(w)s:“%(v)s”不是本级的部门。") % {"w": where("department"), "v": dept})
        for key in ("approved_on", "published_on"):
            text = row.get(key).strip()
            if not text:
                continue
            try:
                setattr(p, key, _date(text))
            except ValueError:
                p.errors.append(_("%(w)s“%(v)s”不是日期,应写成2026-01-12。") % {"w": where(key), "v": text})
        p.url = row.get("url").strip()
        if p.url:
            try:
                URLValidator(schemes=["http", "https"])(p.url)
            except ValidationError:
                p.errors.append(_("%(w)s不是有效的网址。") % {"w": where("url")})
        if dept in GOVERNMENT_WORDS and not p.approved_on:
            p.errors.append(_("%(w)s:本级政府预决算须填写批准日期。") % {"w": where("approved_on")})
        _check(p, where)
        if not p.errors:
            k = (p.year, p.kind, p.department.pk if p.department else None)
            if k in seen:
                p.errors.append(_("第%(r)s行与第%(o)s行重复。") % {"r": n, "o": seen[k]})
            seen[k] = n
        out.append(p)
    return out


def _save(actor: Any, congress: Any, p: PlannedPublication, note: str | None = None) -> Publication:
    rec, created = Publication.objects.get_or_create(
        congress=congress, year=p.year, kind=p.kind, department=p.department
    )
    before = (
        None
        if created
        else {"approved_on": str(rec.approved_on or ""), "published_on": str(rec.published_on or "")}
    )
    rec.approved_on, rec.published_on, rec.url = p.approved_on, p.published_on, p.url[:500]
    if note is not None:
        rec.note = note[:200]
    rec.updated_by, rec.updated_at = actor, clock.now()
    rec.save()
    record_event(actor=actor, action="budget.publication", target=rec, congress=congress, before=before,
                 after={"year": p.year, "kind": p.kind, "department": p.department.name if p.department else "",
                        "approved_on": str(p.approved_on or ""), "published_on": str(p.published_on or "")})  # fmt: skip
    return rec


@transaction.atomic
def publication_save(
    *, actor: Any, congress: Any, year: int, kind: str, department: Organization | None,
    approved_on: dt.date | None, published_on: dt.date | None, url: str = "", note: str = "",
) -> Publication:  # fmt: skip
    """One year's budget (or final accounts) of the government (``department`` None) or of a department:
    when it was approved and when published. The same year, kind and department again: updated."""
    from .services import _check_manage

    _check_manage(actor, congress)
    if department is not None and department.congress_id != congress.pk:
        raise ValidationFailed(_("请选择本级的部门。"), field="department")
    if department is None and approved_on is None:
        raise ValidationFailed(_("本级政府预决算须填写批准日期。"), field="approved_on")
    p = PlannedPublication(row=0, year=year, kind=kind, department=department, approved_on=approved_on,
                           published_on=published_on, url=url.strip())  # fmt: skip
    labels = {c.key: c.header for c in COLUMNS}
    _check(p, lambda key: f"“{labels[key]}”")
    if p.errors:
        raise ValidationFailed(p.errors[0], field="published_on")
    return _save(actor, congress, p, note)


@transaction.atomic
def publications_import(*, actor: Any, congress: Any, planned: Sequence[PlannedPublication]) -> int:
    """Every row or none."""
    from .services import _check_manage

    _check_manage(actor, congress)
    if not planned:
        raise ValidationFailed(_("文件中没有数据行。"), field="file")
    bad = [p for p in planned if p.errors]
    if bad:
        raise ValidationFailed(_("有 %(n)s 行数据有误,未导入任何数据。") % {"n": len(bad)}, field="file")
    for p in planned:
        _save(actor, congress, p)
    return len(planned)


@dataclass
class Status:
    record: Publication | None
    department_id: int | None
    subject: str
    approved_on: dt.date | None
    deadline: dt.date | None
    published_on: dt.date | None
    late_days: int | None  # > 0 late; None: not yet due or no approval date
    missing: bool

    @property
    def label(self) -> str:
        if self.approved_on is None:
            return _("未登记批准日期")
        if self.missing:
            return _("逾期未公开")
        if self.late_days:
            return _("逾期%(n)s天公开") % {"n": self.late_days}
        if self.published_on:
            return _("按时公开")
        return _("待公开")

    @property
    def is_bad(self) -> bool:
        return self.missing or bool(self.late_days)


def statuses(congress: Any, year: int, kind: str, days: int) -> list[Status]:
    """The government and each department (with budget lines that year or a record): its dates and
    whether it was published in time — what the page lists and the rules judge."""
    from .models import BudgetLine

    today = clock.today()
    records = list(
        Publication.objects.filter(congress=congress, year=year, kind=kind).select_related("department")
    )
    base = next((r for r in records if r.department_id is None), None)
    by_dept = {r.department_id: r for r in records if r.department_id}
    dept_ids = set(by_dept) | set(
        BudgetLine.objects.filter(congress=congress, year=year)
        .values_list("department_id", flat=True)
        .distinct()
    )
    depts = sorted(Organization.objects.filter(pk__in=dept_ids), key=lambda o: (o.sort_order, o.name))
    out = []
    for rec, dept_id, name in [(base, None, _("本级政府"))] + [
        (by_dept.get(o.pk), o.pk, o.name) for o in depts
    ]:
        approved = (rec.approved_on if rec else None) or (base.approved_on if base else None)
        due = deadline(approved, days)
        published = rec.published_on if rec else None
        late = (published - due).days if (due and published and published > due) else None
        missing = bool(due and published is None and today > due)
        out.append(Status(rec, dept_id, name, approved, due, published, late, missing))
    return out
