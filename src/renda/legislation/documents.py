"""Word documents: the draft with its explanation, and the report on the comments of a period."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from renda.documents.word import WordDocument, date_cn

from .choices import CommentSource
from .selectors import comments_by_article, period_stats


def draft_docx(version: Any) -> bytes:
    project = version.project
    doc = WordDocument().letterhead(project.congress.name + _("常务委员会"))
    doc.title(_("%(t)s(%(v)s)") % {"t": project.title, "v": version.label})
    chapter = ""
    for art in version.articles.all():
        if art.chapter and art.chapter != chapter:
            chapter = art.chapter
            doc.heading(chapter)
        if art.number == 0:
            for line in art.text.splitlines():
                if line.strip():
                    doc.paragraph(line.strip(), indent=False, align="center")
            continue
        lines = art.text.splitlines() or [""]
        doc.paragraph(f"{art.heading} {lines[0]}")
        for line in lines[1:]:
            if line.strip():
                doc.paragraph(line.strip())
    if version.explanation:
        doc.title(_("关于《%(t)s》的说明") % {"t": project.title})
        for line in version.explanation.splitlines():
            if line.strip():
                doc.paragraph(line.strip())
    if version.review_report:
        doc.title(_("审查报告"))
        for line in version.review_report.splitlines():
            if line.strip():
                doc.paragraph(line.strip())
    return doc.to_bytes()


def comment_report_docx(period: Any) -> bytes:
    project = period.project
    stats = period_stats(period)
    doc = WordDocument().letterhead(project.congress.name + _("常务委员会"))
    doc.title(_("《%(t)s》公开征求意见情况报告") % {"t": project.title})
    doc.paragraph(
        _("%(a)s至%(b)s,%(t)s(%(v)s)在门户网站公开征求意见,共收到意见%(n)s条,其中有效意见%(ok)s条,"
          "涉及%(arts)s个条文;已采纳%(ad)s条,部分采纳%(pa)s条,未采纳%(na)s条。")
        % {
            "a": date_cn(period.opens_on), "b": date_cn(period.closes_on), "t": project.title,
            "v": period.version.label, "n": stats["total"], "ok": stats["accepted"], "arts": stats["articles"],
            "ad": stats["adopted"], "pa": stats["partly"], "na": stats["not_adopted"],
        }
    )  # fmt: skip
    sources = dict(CommentSource.choices)
    doc.table(
        [_("意见来源"), _("条数")],
        [[str(sources.get(k, k)), str(v)] for k, v in sorted(stats["by_source"].items())],
    )
    for group in comments_by_article(period, accepted_only=True):
        doc.heading(f"{group['heading']}({group['count']}条)")
        rows = [
            [str(i), c.body, c.get_adoption_display(), c.adoption_note or "—"]
            for i, c in enumerate(group["comments"], start=1)
        ]
        doc.table([_("序号"), _("意见内容"), _("采纳情况"), _("说明")], rows)
    if period.answer:
        doc.heading(_("意见采纳情况的总体说明"))
        for line in period.answer.splitlines():
            if line.strip():
                doc.paragraph(line.strip())
    return doc.to_bytes()
