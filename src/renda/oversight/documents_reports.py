"""Word documents of the `reports` area: the yearly list of major matters reported to the party
committee (R40), and a resolution or decision as printed."""

from __future__ import annotations

from renda.documents.word import WordDocument, date_cn

from .models.reports import MajorMatterList, MatterState, Resolution
from .selectors_reports import vote_counts_text


def matter_list_docx(matter_list: MajorMatterList) -> bytes:
    congress = matter_list.congress
    doc = WordDocument().letterhead(f"{congress.region_name or congress.name}人大常委会党组")
    doc.title(f"关于{matter_list.year}年度重大事项清单的报告")
    doc.paragraph("县委:", indent=False)
    listed = [m for m in matter_list.matters.all() if m.state != MatterState.EXCLUDED]
    doc.paragraph(
        f"{matter_list.submitted_by.name}于{date_cn(matter_list.submitted_on) if matter_list.submitted_on else '—'}"
        f"报送{matter_list.year}年度拟提请人大常委会讨论决定重大事项的建议清单。常委会征求意见后,"
        f"确定列入{matter_list.year}年度工作要点的重大事项共{len(listed)}项,现报告如下:"
    )
    doc.table(
        ["序号", "事项名称", "类别", "决定机关", "计划提请时间"],
        [[i, m.title, m.get_category_display(), m.get_decision_body_display(),
          f"第{m.planned_quarter}季度" if m.planned_quarter else "待定"] for i, m in enumerate(listed, start=1)],
    )  # fmt: skip
    if matter_list.committee_comments:
        doc.heading("常委会意见")
        doc.paragraph(matter_list.committee_comments)
    day = matter_list.party_reported_on or matter_list.agreed_on
    doc.signature(f"{congress.region_name or congress.name}人大常委会党组", date_cn(day) if day else "")
    return doc.to_bytes()


def resolution_docx(resolution: Resolution) -> bytes:
    congress = resolution.congress
    doc = WordDocument().letterhead(f"{congress.region_name or congress.name}人民代表大会常务委员会")
    doc.reference(resolution.number)
    doc.title(resolution.title)
    adopted = f"({date_cn(resolution.adopted_on)}"
    if resolution.meeting_id:
        adopted += f"{resolution.meeting.title}"
    doc.paragraph(adopted + "通过)", indent=False, align="center")
    for line in resolution.text.splitlines():
        if line.strip():
            doc.paragraph(line.strip())
    counts = vote_counts_text(resolution.vote)
    if counts:
        doc.paragraph(f"表决结果:{counts}。")
    return doc.to_bytes()
