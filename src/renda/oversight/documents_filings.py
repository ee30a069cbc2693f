"""Documents of filing review and appointments: the yearly work report (Word), the certificate of
appointment (PDF, reportlab with the built-in Chinese CID font of ``renda.documents.pdf``) and the
composition of those appointed (Excel)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.utils.translation import gettext as _

from renda.core import clock
from renda.documents.word import WordDocument, date_cn

from .models.filings import FilingOutcome, RequesterKind


def committee_name(congress: Any) -> str:
    """示例县人民代表大会常务委员会 (a township congress has a presidium, 主席团)."""
    if congress.level == "township":
        return _("%(r)s人民代表大会主席团") % {"r": congress.region_name}
    return _("%(r)s人民代表大会常务委员会") % {"r": congress.region_name}


def yearly_report_docx(congress: Any, figures: dict[str, Any]) -> bytes:
    """关于{year}年度规范性文件备案审查工作情况的报告 (heard by the standing committee every year)."""
    year = figures["year"]
    outcome = figures["by_outcome"]
    doc = WordDocument()
    doc.title(_("关于%(y)d年度规范性文件备案审查工作情况的报告") % {"y": year})
    doc.paragraph(_("%(c)s法制工作委员会") % {"c": committee_name(congress)}, indent=False, align="center")
    doc.heading(_("一、备案工作基本情况"))
    doc.paragraph(
        _(
            "%(y)d年,共收到报送备案的规范性文件%(n)d件,其中逾期报送%(late)d件。坚持有件必备、有备必审、"
            "有错必纠,已完成审查%(r)d件,尚在审查中%(p)d件(其中超过审查期限%(o)d件)。"
        )
        % {
            "y": year,
            "n": figures["filed"],
            "late": figures["late"],
            "r": figures["reviewed"],
            "p": figures["pending"],
            "o": figures["overdue_review"],
        }  # fmt: skip
    )
    rows = [[r["filing_body__name"], r["n"], r["late"]] for r in figures["by_body"]]
    if rows:
        doc.table([_("报备机关"), _("报备件数"), _("其中逾期")], rows)
    doc.heading(_("二、审查结果"))
    doc.paragraph(
        _(
            "经审查,予以备案%(f)d件,要求补正备案材料%(a)d件,不予备案退回%(ret)d件,要求纠正%(c)d件、"
            "要求撤销%(v)d件;审查辅助共提示涉及行政处罚、许可、强制、收费或限制公民权利条款的文件%(fl)d件。"
            "纠正、撤销的文件中,已纠正%(done)d件,正在纠正%(doing)d件。"
        )
        % {
            "f": outcome[FilingOutcome.FILED],
            "a": outcome[FilingOutcome.CORRECTION_ASKED],
            "ret": outcome[FilingOutcome.RETURNED],
            "c": outcome[FilingOutcome.CORRECT],
            "v": outcome[FilingOutcome.REVOKE],
            "fl": figures["flagged"],
            "done": figures["corrected"],
            "doing": figures["correcting"],
        }  # fmt: skip
    )
    corrections = figures["corrections"]
    if corrections:
        doc.table(
            [_("文件"), _("报备机关"), _("审查结论"), _("处理情况")],
            [
                [
                    f"{f.title}({f.document_number})",
                    f.filing_body.name,
                    f.get_outcome_display(),
                    f.get_state_display(),
                ]
                for f in corrections
            ],  # fmt: skip
        )
    doc.heading(_("三、审查建议的研究处理"))
    kinds = figures["requests_by_kind"]
    doc.paragraph(
        _("共收到审查建议%(n)d件(%(k)s),已研究处理并反馈%(a)d件,其中移送有权机关处理%(t)d件。")
        % {
            "n": figures["requests"],
            "k": "、".join(f"{label}{kinds.get(code, 0)}件" for code, label in RequesterKind.choices),
            "a": figures["requests_answered"],
            "t": figures["requests_transferred"],
        }  # fmt: skip
    )
    doc.heading(_("四、专项审查"))
    specials = figures["special_reviews"]
    if specials:
        for s in specials:
            doc.paragraph(
                _("围绕“%(t)s”开展专项审查,审查文件%(n)d件。%(c)s")
                % {"t": s.theme, "n": s.n, "c": s.conclusion or _("审查正在进行。")}
            )
    else:
        doc.paragraph(_("本年度未开展专项审查。"))
    doc.heading(_("五、下一步工作"))
    doc.paragraph(_("进一步健全备案审查信息平台,规范审查程序,加强对审查建议的研究处理和反馈,做到有错必纠。"))
    doc.signature(date_cn(clock.today()))
    return doc.to_bytes()


def certificate_pdf(appointment: Any) -> bytes:
    """任命书: the standing committee appoints the person to the post, with its number and date."""
    import io

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from renda.documents.pdf import FONT, _register, _style, _text

    _register()
    congress = appointment.congress
    issued = appointment.certificate_issued_on or clock.today()
    story = [
        Paragraph(_text(_("任命书")), _style("cert-title", 40, alignment=TA_CENTER, textColor=colors.red)),
        Spacer(1, 6 * mm),
        Paragraph(_text(appointment.certificate_number), _style("cert-no", 14, alignment=TA_CENTER)),
        Spacer(1, 12 * mm),
        Paragraph(
            _text(
                _(
                    "根据《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》的规定,经%(c)s"
                    "%(d)s表决通过,任命%(n)s为%(e)s%(p)s。"
                )
                % {
                    "c": committee_name(congress),
                    "d": date_cn(appointment.decided_on) if appointment.decided_on else "",
                    "n": appointment.person_name,
                    "e": appointment.employer,
                    "p": appointment.post,
                }  # fmt: skip
            ),
            _style("cert-body", 20, firstLineIndent=40),
        ),
        Spacer(1, 20 * mm),
        Paragraph(_text(committee_name(congress)), _style("cert-sign", 18, alignment=TA_RIGHT)),
        Paragraph(_text(date_cn(issued)), _style("cert-date", 18, alignment=TA_RIGHT)),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=landscape(A4), leftMargin=30 * mm, rightMargin=30 * mm, topMargin=25 * mm,
        bottomMargin=20 * mm, title=_("任命书"), author="Renda",
    )  # fmt: skip
    assert FONT
    doc.build(story)
    return buffer.getvalue()


def composition_sheets(appointments: list[Any], day: dt.date | None = None) -> list[Any]:
    """The roster of those appointed and its composition by age, gender, education and party."""
    from renda.documents.excel import Sheet

    day = day or clock.today()
    roster = [
        [a.person_name, a.gender, a.birth_date, a.age_on(day), a.education, a.party, a.employer, a.post,
         a.decided_on, a.get_state_display()]
        for a in appointments
    ]  # fmt: skip
    bands = Counter()
    for a in appointments:
        age = a.age_on(day)
        bands[
            _("35岁及以下")
            if age <= 35
            else _("36至45岁")
            if age <= 45
            else _("46至55岁")
            if age <= 55
            else _("56岁及以上")
        ] += 1
    total = len(appointments) or 1

    def share(counter: Counter) -> list[list[Any]]:
        return [[k, v, f"{v * 100 / total:.1f}%"] for k, v in counter.most_common()]

    rows: list[list[Any]] = []
    for title, counter in (
        (_("年龄"), bands),
        (_("性别"), Counter(a.gender for a in appointments)),
        (_("学历"), Counter(a.education for a in appointments)),
        (_("政治面貌"), Counter(a.party for a in appointments)),
    ):
        rows.append([title, "", ""])
        rows += share(counter)
    return [
        Sheet(
            title=_("任命人员名单"),
            headers=[
                _("姓名"),
                _("性别"),
                _("出生日期"),
                _("年龄"),
                _("学历"),
                _("政治面貌"),
                _("任职机关"),
                _("职务"),
                _("表决通过日期"),
                _("状态"),
            ],  # fmt: skip
            rows=roster,
        ),
        Sheet(title=_("结构分析"), headers=[_("项目"), _("人数"), _("占比")], rows=rows),
    ]
