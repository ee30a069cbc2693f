"""The yearly analysis of budget execution as Word: totals against the time elapsed and last year,
each department, and the warnings with their evidence."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from renda.documents.word import WordDocument

from . import selectors
from .warnings import warnings_for


def _wan(v: Any) -> str:
    return f"{float(v) / 10000:,.1f}"


def _rate(v: float | None) -> str:
    return "—" if v is None else f"{v:.1f}%"


def yearly_analysis(congress: Any, year: int) -> bytes:
    month = selectors.latest_month(congress, year)
    tot = selectors.total(congress, year)
    last = selectors.total(congress, year - 1)
    rows = selectors.totals_by(congress, year, "department")
    last_by = {r.label: r for r in selectors.totals_by(congress, year - 1, "department")}
    doc = WordDocument()
    doc.title(_("%(c)s关于%(y)s年预算执行情况的分析") % {"c": congress.name, "y": year})
    doc.heading(_("一、总体情况"))
    doc.paragraph(_(
        "截至%(m)s月,年初预算%(b)s万元,调整后预算%(a)s万元,已执行%(e)s万元,执行率%(r)s,时间进度%(t).1f%%;"
        "上年执行%(le)s万元,执行率%(lr)s。"
    ) % {"m": month, "b": _wan(tot.budgeted), "a": _wan(tot.current), "e": _wan(tot.executed), "r": _rate(tot.rate),
         "t": selectors.elapsed_share(year, month), "le": _wan(last.executed), "lr": _rate(last.rate)})  # fmt: skip
    doc.heading(_("二、各部门执行情况"))
    doc.table(
        [_("部门"), _("年初预算(万元)"), _("调整后预算(万元)"), _("已执行(万元)"), _("执行率"), _("上年执行(万元)")],
        [[r.label, _wan(r.budgeted), _wan(r.current), _wan(r.executed), _rate(r.rate),
          _wan(last_by[r.label].executed) if r.label in last_by else "—"] for r in rows],
    )  # fmt: skip
    doc.heading(_("三、预警事项"))
    found = warnings_for(congress, year)
    if not found:
        doc.paragraph(_("未发现预警事项。"))
    for i, w in enumerate(found, start=1):
        doc.paragraph(f"{i}. {w.rule_name}:{w.subject}。{w.evidence}")
    return doc.to_bytes()
