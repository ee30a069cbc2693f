"""Word documents of deliberation opinions: the assignment letter (交办函) with the opinion's text, and
the circular (通报) after a failing rating."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import clock
from renda.documents.word import WordDocument, date_cn

from .models.opinions import Opinion


def _committee_name(opinion: Opinion) -> str:
    return f"{opinion.case.congress.name}常务委员会"


def letter_docx(opinion: Opinion) -> bytes:
    case = opinion.case
    doc = WordDocument().letterhead(_committee_name(opinion))
    if opinion.letter_number:
        doc.reference(opinion.letter_number)
    doc.title(_("关于交办《%(title)s》的函") % {"title": case.title})
    doc.paragraph(f"{opinion.reporting_body.name}:", indent=False)
    meeting = opinion.meeting.title if opinion.meeting else _("常委会会议")
    doc.paragraph(
        _(
            "%(date)s,%(meeting)s听取和审议了《%(report)s》。现将常委会组成人员的审议意见交由你单位研究处理,"
            "请认真研究,切实整改,并于%(due)s前将研究处理情况书面报告%(committee)s。常委会将听取和审议研究处理情况报告,"
            "并进行满意度测评。"
        )
        % {
            "date": date_cn(opinion.deliberated_on),
            "meeting": meeting,
            "report": opinion.report_title,
            "due": date_cn(case.due_at) if case.due_at else _("规定期限"),
            "committee": _committee_name(opinion),
        }
    )
    doc.heading(_("审议意见"))
    for para in (opinion.text or case.body or "").splitlines():
        if para.strip():
            doc.paragraph(para.strip())
    if opinion.responsible_committee_id:
        doc.paragraph(_("联系单位:%(c)s") % {"c": opinion.responsible_committee.name}, indent=False)
    signed = timezone.localtime(opinion.signed_off_at).date() if opinion.signed_off_at else clock.today()
    doc.signature(_committee_name(opinion), date_cn(signed))
    return doc.to_bytes()


def circular_docx(opinion: Opinion) -> bytes:
    case = opinion.case
    doc = WordDocument().letterhead(_committee_name(opinion))
    doc.title(_("关于《%(title)s》研究处理情况满意度测评结果的通报") % {"title": case.title})
    doc.paragraph(_("各有关单位:"), indent=False)
    rows = []
    for r in opinion.ratings.order_by("round", "pk"):
        rows.append(
            [
                _("第%(n)d轮") % {"n": r.round},
                date_cn(r.rated_on),
                r.members,
                r.present,
                r.satisfied,
                r.basically,
                r.dissatisfied,
                r.blank,
                f"{r.percent:.2f}%",
                r.get_verdict_display(),
            ]
        )
    doc.paragraph(
        _("%(body)s关于《%(title)s》的研究处理情况报告,经常委会会议满意度测评,结果如下:")
        % {"body": opinion.reporting_body.name, "title": case.title}
    )
    doc.table(
        [
            _("轮次"),
            _("测评日期"),
            _("组成人员"),
            _("出席"),
            _("满意"),
            _("基本满意"),
            _("不满意"),
            _("弃权或无效"),
            _("满意率"),
            _("结果"),
        ],
        rows,
    )
    for para in (opinion.circular_text or "").splitlines():
        if para.strip():
            doc.paragraph(para.strip())
    if opinion.proposed_instrument:
        doc.paragraph(
            _("根据测评结果,建议依法启动%(i)s。") % {"i": opinion.get_proposed_instrument_display()}
        )
    issued = (
        timezone.localtime(opinion.circular_issued_at).date() if opinion.circular_issued_at else clock.today()
    )
    doc.signature(_committee_name(opinion), date_cn(issued))
    return doc.to_bytes()
