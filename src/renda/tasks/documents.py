"""The summary of a notice's tasks for the party committee (梳理汇总), as Word."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from renda.core import clock
from renda.documents.word import WordDocument, date_cn

from . import selectors
from .models import TaskNotice


def summary_docx(user: Any, notice: TaskNotice) -> bytes:
    tasks = list(selectors.task_rows(user, notice))
    units = selectors.lead_units(tasks)
    progress = selectors.notice_progress(user, notice)
    doc = WordDocument()
    doc.title(_("关于《%(t)s》落实情况的报告") % {"t": notice.title})
    doc.paragraph(
        _("%(i)s于%(d)s印发的《%(t)s》共分解任务%(n)s项。截至%(today)s,已核验销号%(c)s项,待核验%(r)s项,"
          "正在落实%(h)s项,其中超期%(o)s项、停滞%(s)s项。现将落实情况汇总报告如下。")
        % {"i": notice.issuer, "d": date_cn(notice.issued_on), "t": notice.title, "n": progress.total,
           "today": date_cn(clock.today()), "c": progress.closed, "r": progress.reported,
           "h": progress.handling, "o": progress.overdue, "s": progress.stalled}
    )  # fmt: skip
    doc.table(
        [_("序号"), _("任务"), _("牵头单位"), _("配合单位"), _("完成时限"), _("进度"), _("状态")],
        [
            [
                t.section, t.case.title,
                "、".join(a.organization.name for a in units.get(t.case_id, []) if a.role == "lead")
                or t.lead_as_written,
                "、".join(a.organization.name for a in units.get(t.case_id, []) if a.role != "lead")
                or t.cooperating_as_written,
                t.due_on.isoformat() if t.due_on else "",
                f"{t.percent}%" if t.percent is not None else "",
                t.case.get_state_display(),
            ]
            for t in tasks
        ],
        size=9,
    )  # fmt: skip
    from renda.cases.models import ProgressReport

    for t in tasks:
        doc.heading(f"{t.section} {t.case.title}")
        reports = list(
            ProgressReport.objects.filter(assignment__case_id=t.case_id)
            .select_related("assignment__organization")
            .order_by("reported_at", "id")
        )
        reply = t.case.replies.order_by("-replied_at", "-id").first()
        if reply is not None:
            doc.paragraph(_("完成情况:%(t)s") % {"t": reply.text})
        for r in reports[-3:]:
            doc.paragraph(f"{r.assignment.organization.name}({r.reported_at:%Y-%m-%d}):{r.text}")
        if reply is None and not reports:
            doc.paragraph(_("尚未报送进展。"))
    doc.signature(notice.congress.name + _("常委会办公室"), date_cn(clock.today()))
    return doc.to_bytes()
