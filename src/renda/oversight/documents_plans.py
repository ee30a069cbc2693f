"""The yearly oversight summary (年度监督工作总结) as Word, from ``selectors_plans.yearly_summary``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from renda.documents.word import WordDocument, date_cn

from .selectors_plans import yearly_summary


def summary_docx(congress: Any, year: int) -> bytes:
    data = yearly_summary(congress, year)
    doc = WordDocument().letterhead(congress.name).title(_("%(y)s年度监督工作情况总结") % {"y": year})
    plan, progress = data["plan"], data["progress"]
    if plan is not None:
        adopted = date_cn(plan.adopted_on) if plan.adopted_on else _("尚未通过")
        doc.paragraph(
            _("《%(t)s》经%(m)s于%(d)s通过,共安排监督事项%(n)s项,已完成%(done)s项,完成率%(p)s%%。")
            % {"t": plan.title, "m": plan.adopted_meeting_name or _("主任会议"), "d": adopted,
               "n": progress["total"], "done": progress["done"], "p": progress["percent"]}
        )  # fmt: skip
        doc.heading(_("一、年度监督计划执行情况"))
        doc.table(
            [_("序号"), _("监督方式"), _("事项"), _("责任委员会"), _("状态")],
            [[i.order, i.get_instrument_display(), i.title, i.committee.name, i.get_status_display()]
             for i in data["items"]],
        )  # fmt: skip
    else:
        doc.paragraph(_("本年度尚未制定监督工作计划。"))
    doc.heading(_("二、执法检查"))
    if data["inspections"]:
        for i in data["inspections"]:
            doc.paragraph(
                _("对《%(l)s》贯彻实施情况开展执法检查(重点条款:%(a)s),状态:%(s)s。")
                % {"l": i.law, "a": i.articles or "—", "s": i.get_state_display()}
            )
    else:
        doc.paragraph(_("本年度未开展执法检查。"))
    doc.heading(_("三、专题询问、质询和特定问题调查"))
    lines = [
        _("专题询问:%(t)s(%(s)s)") % {"t": q.topic, "s": q.get_state_display()} for q in data["inquiries"]
    ]
    lines += [
        _("质询:%(t)s(%(s)s)") % {"t": q.subject, "s": q.get_state_display()} for q in data["interpellations"]
    ]
    lines += [
        _("特定问题调查:%(t)s(%(s)s)") % {"t": q.question, "s": q.get_state_display()}
        for q in data["investigations"]
    ]
    for line in lines or [_("本年度未开展。")]:
        doc.paragraph(line)
    doc.heading(_("四、工作评议和述职评议"))
    if data["evaluations"]:
        doc.table(
            [_("类别"), _("评议对象"), _("测评人数"), _("平均分"), _("名次"), _("状态")],
            [[e.get_kind_display(), str(e).removeprefix(f"{year}年"), e.score_count, e.average or "—",
              e.rank or "—", e.get_state_display()] for e in data["evaluations"]],
        )  # fmt: skip
    else:
        doc.paragraph(_("本年度未开展评议。"))
    r = data["rectification"]
    doc.heading(_("五、整改落实"))
    doc.paragraph(
        _("共提出整改事项%(n)s项,已销号%(c)s项,销号率%(p)s%%。")
        % {"n": r["total"], "c": r["closed"], "p": r["percent"]}
    )
    doc.signature(_("%(c)s常务委员会") % {"c": congress.name}, f"{year}年")
    return doc.to_bytes()
