"""Word and PDF of a meeting: its agenda, its minutes (会议纪要), its attendance list, and the yearly
attendance report to the congress. Built on ``renda.documents.word`` / ``renda.documents.pdf``."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from renda.documents.pdf import FONT, PdfDocument, _style, _text
from renda.documents.word import WordDocument, date_cn

from . import agenda as agenda_registry
from .choices import MemberRole
from .selectors import attendance_rows, quorum


def _when(meeting: Any) -> str:
    start = timezone.localtime(meeting.starts_at)
    end = timezone.localtime(meeting.ends_at)
    if start.date() == end.date():
        return f"{date_cn(start.date())} {start:%H:%M}—{end:%H:%M}"
    return f"{date_cn(start.date())} {start:%H:%M} 至 {date_cn(end.date())} {end:%H:%M}"


def _agenda_rows(meeting: Any) -> list[list[str]]:
    return [[str(i.order), i.title, i.kind_label, i.presenter or "—"] for i in meeting.agenda.all()]


def _body_name(meeting: Any) -> str:
    return meeting.organization.name if meeting.organization_id else meeting.congress.name


def _attendance_summary(meeting: Any) -> tuple[str, list[list[str]]]:
    rows = attendance_rows(meeting)
    q = quorum(meeting)
    members = [r for r in rows if r.member.role == MemberRole.MEMBER]
    leave = [r for r in members if r.status == "leave"]
    absent = [r for r in members if r.status in ("absent", "pending")]
    late = [r for r in members if r.status == "late"]
    text = _(
        "应出席 %(m)s 人,实到 %(p)s 人(其中迟到 %(l)s 人),请假 %(v)s 人,缺席 %(a)s 人;"
        "法定人数为%(rule)s即 %(r)s 人,%(ok)s。"
    ) % {
        "m": q.members, "p": q.present, "l": len(late), "v": len(leave), "a": len(absent),
        "rule": q.rule_label, "r": q.required, "ok": _("符合法定人数") if q.reached else _("未达到法定人数"),
    }  # fmt: skip
    table = [
        [r.member.user.display_name, r.member.capacity or "—", r.status_label,
         timezone.localtime(r.signed_in_at).strftime("%H:%M") if r.signed_in_at else "—",
         r.reason or "—"]
        for r in rows
    ]  # fmt: skip
    return text, table


ATTENDANCE_HEADERS = [_("姓名"), _("职务或列席身份"), _("出席情况"), _("签到时间"), _("请假事由")]


# --- agenda ---------------------------------------------------------------------------------------


def agenda_docx(meeting: Any) -> bytes:
    doc = WordDocument().letterhead(_body_name(meeting)).title(_("%(t)s议程") % {"t": meeting.title})
    doc.paragraph(_("时间:%(w)s") % {"w": _when(meeting)}, indent=False)
    doc.paragraph(_("地点:%(p)s") % {"p": meeting.place}, indent=False)
    if meeting.chair_id:
        doc.paragraph(_("主持人:%(c)s") % {"c": meeting.chair.display_name}, indent=False)
    doc.table([_("序号"), _("议题"), _("类别"), _("汇报人")], _agenda_rows(meeting))
    return doc.to_bytes()


def _pdf_table(pdf: PdfDocument, headers: list[str], rows: list[list[str]], widths: list[float]) -> None:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    cell = _style("cell", 10)
    data = [[Paragraph(_text(h), cell) for h in headers]] + [
        [Paragraph(_text(v), cell) for v in row] for row in rows
    ]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    pdf.story.append(Spacer(1, 3 * mm))
    pdf.story.append(table)
    pdf.story.append(Spacer(1, 3 * mm))


def agenda_pdf(meeting: Any) -> bytes:
    pdf = (
        PdfDocument(title=meeting.title)
        .letterhead(_body_name(meeting))
        .title(_("%(t)s议程") % {"t": meeting.title})
    )
    pdf.line(_("时间"), _when(meeting)).line(_("地点"), meeting.place)
    if meeting.chair_id:
        pdf.line(_("主持人"), meeting.chair.display_name)
    _pdf_table(pdf, [_("序号"), _("议题"), _("类别"), _("汇报人")], _agenda_rows(meeting), [12, 95, 30, 20])
    return pdf.to_bytes()


# --- minutes --------------------------------------------------------------------------------------


def _minutes_sections(meeting: Any) -> list[tuple[str, list[str]]]:
    """Per agenda item: its heading and paragraphs (staff's text, then the owner module's, e.g. the vote result)."""
    sections = []
    for item in meeting.agenda.all():
        paragraphs = []
        if item.presenter:
            paragraphs.append(_("%(p)s作了汇报(说明)。") % {"p": item.presenter})
        subject = agenda_registry.subject_label(item)
        if subject:
            paragraphs.append(_("关联事项:%(s)s") % {"s": subject})
        if item.minutes_text:
            paragraphs.append(item.minutes_text)
        contributed = agenda_registry.minutes_text(item)
        if contributed:
            paragraphs.append(contributed)
        if not paragraphs:
            paragraphs.append(_("(本议程暂无纪要内容。)"))
        sections.append((f"{_cn_number(item.order)}、{item.title}", paragraphs))
    return sections


CN_DIGITS = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _minutes_intro(meeting: Any) -> str:
    chair = _(",由%(c)s主持") % {"c": meeting.chair.display_name} if meeting.chair_id else ""
    return _("%(t)s于%(w)s在%(p)s举行%(c)s。") % {
        "t": meeting.title,
        "w": _when(meeting),
        "p": meeting.place,
        "c": chair,
    }


def minutes_docx(meeting: Any) -> bytes:
    doc = WordDocument().letterhead(_body_name(meeting)).title(_("%(t)s纪要") % {"t": meeting.title})
    doc.paragraph(_minutes_intro(meeting))
    text, table = _attendance_summary(meeting)
    doc.paragraph(text)
    if meeting.minutes_summary:
        doc.paragraph(meeting.minutes_summary)
    doc.paragraph(_("会议议定事项如下:"))
    for heading, paragraphs in _minutes_sections(meeting):
        doc.heading(heading)
        for p in paragraphs:
            doc.paragraph(p)
    doc.heading(_("出席、列席和请假人员"))
    doc.table(ATTENDANCE_HEADERS, table)
    doc.signature(_body_name(meeting), date_cn(timezone.localtime(meeting.ends_at).date()))
    return doc.to_bytes()


def minutes_pdf(meeting: Any) -> bytes:
    pdf = (
        PdfDocument(title=meeting.title)
        .letterhead(_body_name(meeting))
        .title(_("%(t)s纪要") % {"t": meeting.title})
    )
    pdf.paragraph(_minutes_intro(meeting))
    text, table = _attendance_summary(meeting)
    pdf.paragraph(text)
    if meeting.minutes_summary:
        pdf.paragraph(meeting.minutes_summary)
    pdf.paragraph(_("会议议定事项如下:"))
    heading = _style("h", 13)
    from reportlab.platypus import Paragraph

    for title, paragraphs in _minutes_sections(meeting):
        pdf.story.append(Paragraph(_text(title), heading))
        for p in paragraphs:
            pdf.paragraph(p)
    pdf.story.append(Paragraph(_text(_("出席、列席和请假人员")), heading))
    _pdf_table(pdf, ATTENDANCE_HEADERS, table, [24, 40, 20, 18, 54])
    pdf.signature(_body_name(meeting), date_cn(timezone.localtime(meeting.ends_at).date()))
    return pdf.to_bytes()


# --- the attendance list announced before a standing-committee meeting (R39) ----------------------


def attendance_docx(meeting: Any) -> bytes:
    doc = WordDocument().title(_("%(t)s组成人员出席情况") % {"t": meeting.title})
    doc.paragraph(_("时间:%(w)s  地点:%(p)s") % {"w": _when(meeting), "p": meeting.place}, indent=False)
    text, table = _attendance_summary(meeting)
    doc.paragraph(text)
    from .choices import PLENARY_KINDS

    if meeting.kind in PLENARY_KINDS:
        from .selectors import delegation_attendance

        rows = delegation_attendance(meeting)
        if rows:
            doc.heading(_("各代表团出席情况"))
            doc.table(
                [_("代表团"), _("团长"), _("应到"), _("实到"), _("迟到"), _("请假"), _("未到"), _("出席率")],
                [
                    [r.name, r.head or "—", r.members, r.present, r.late, r.leave, r.absent, r.rate]
                    for r in rows
                ],
            )
            doc.heading(_("代表出席情况"))
    doc.table(ATTENDANCE_HEADERS, table)
    return doc.to_bytes()


# --- the yearly report to the congress -------------------------------------------------------------


def yearly_docx(congress: Any, year: int, meetings: list[Any], rows: list[Any]) -> bytes:
    doc = (
        WordDocument()
        .letterhead(congress.name)
        .title(_("关于%(y)s年度常委会组成人员出席常委会会议情况的报告") % {"y": year})
    )
    total_seats = sum(r.meetings for r in rows)
    present = sum(r.present for r in rows)
    rate = f"{present * 100 / total_seats:.1f}%" if total_seats else "—"
    doc.paragraph(
        _("%(y)s年,常委会共举行会议 %(n)s 次,组成人员应出席 %(s)s 人次,实际出席 %(p)s 人次,出席率 %(r)s;"
          "请假 %(v)s 人次,缺席 %(a)s 人次。现将各组成人员出席情况报告如下。")
        % {"y": year, "n": len(meetings), "s": total_seats, "p": present, "r": rate,
           "v": sum(r.leave for r in rows), "a": sum(r.absent for r in rows)}
    )  # fmt: skip
    doc.heading(_("一、历次会议"))
    doc.table(
        [_("会次"), _("日期"), _("应到"), _("实到"), _("请假")],
        [
            [m.number_label, date_cn(timezone.localtime(m.starts_at).date()), *_meeting_counts(m)]
            for m in meetings
        ],
    )
    doc.heading(_("二、组成人员出席情况"))
    doc.table(
        [_("姓名"), _("应出席"), _("出席"), _("迟到"), _("请假"), _("缺席"), _("出席率"), _("请假事由")],
        [
            [
                r.name,
                r.meetings,
                r.present,
                r.late,
                r.leave,
                r.absent,
                r.rate,
                ";".join(r.reasons or []) or "—",
            ]
            for r in rows
        ],
    )
    doc.signature(_("%(c)s常务委员会") % {"c": congress.name}, f"{year}年")
    return doc.to_bytes()


def _meeting_counts(meeting: Any) -> list[int]:
    rows = [r for r in attendance_rows(meeting) if r.member.role == MemberRole.MEMBER]
    return [
        len(rows),
        sum(r.status in ("present", "late") for r in rows),
        sum(r.status == "leave" for r in rows),
    ]
