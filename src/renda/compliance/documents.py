"""The check as a Word report (the one a congress office sends up) and as Excel workbooks."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from renda.core import clock
from renda.documents.excel import Sheet, workbook_bytes, xlsx_response
from renda.documents.word import WordDocument, date_cn, docx_response

from .checks import Line, ReportPeriod
from .models import CheckRun
from .registry import STATUS_LABELS, Status


def _summary(lines: list[Line]) -> dict[str, int]:
    return {s.value: sum(1 for x in lines if x.status == s.value) for s in Status}


def _join(items: list[dict[str, str]], limit: int = 30) -> str:
    texts = [i["text"] for i in items[:limit]]
    more = len(items) - limit
    return "、".join(texts) + (f"等{len(items)}项" if more > 0 else "")


def check_docx(congress: Any, report: ReportPeriod, run: CheckRun, lines: list[Line]) -> HttpResponse:
    counts = _summary(lines)
    doc = WordDocument()
    doc.letterhead(congress.name)
    doc.title(f"关于{report.label}制度落实情况的报告")
    doc.paragraph(
        f"按照有关制度规定,对{report.label}{len(lines)}项制度要求的落实情况进行了检查"
        f"(检查时间:{timezone.localtime(run.ran_at):%Y年%m月%d日 %H:%M})。其中达标{counts['met']}项,"
        f"未达标{counts['not_met']}项,暂无数据{counts['no_data']}项,不适用{counts['not_applicable']}项。"
        "暂无数据的项目尚未纳入平台统计,不计为达标。"
    )
    doc.heading("一、检查结果一览")
    doc.table(
        ["编号", "制度要求", "检查期间", "状态", "实际", "要求"],
        [[x.rule_id, x.title, x.period_label, x.status_label, x.value, x.threshold] for x in lines],
        size=9,
    )
    doc.heading("二、未达标事项及差距")
    failing = [x for x in lines if x.status == Status.NOT_MET]
    if not failing:
        doc.paragraph("本期检查无未达标事项。")
    for i, x in enumerate(failing, start=1):
        text = f"({i}){x.rule_id} {x.title}:实际{x.value or '—'},要求{x.threshold or '—'}。"
        if x.shortfall:
            text += f"未达到的有:{_join(x.shortfall)}。"
        if x.note:
            text += x.note
        doc.paragraph(text)
    doc.heading("三、暂无数据事项")
    missing = [x for x in lines if x.status == Status.NO_DATA]
    if not missing:
        doc.paragraph("无。")
    for x in missing:
        doc.paragraph(f"{x.rule_id} {x.title}:{x.note or '暂无数据'}")
    doc.signature(congress.name, date_cn(clock.today()))
    return docx_response(doc.to_bytes(), f"{congress.name}{report.label}制度落实情况报告.docx")


def check_xlsx(congress: Any, report: ReportPeriod, run: CheckRun, lines: list[Line]) -> HttpResponse:
    sheet = Sheet(
        title="制度落实检查",
        headers=[
            "编号",
            "制度要求",
            "依据",
            "采集模块",
            "检查期间",
            "状态",
            "实际",
            "要求",
            "未达到",
            "已达到",
            "说明",
        ],
        rows=[
            [
                x.rule_id,
                x.title,
                x.source,
                x.module_label,
                x.period_label,
                x.status_label,
                x.value,
                x.threshold,
                _join(x.shortfall, 200),
                _join(x.evidence, 200),
                x.note,
            ]
            for x in lines
        ],  # fmt: skip
        widths=[8, 40, 14, 12, 14, 10, 14, 20, 50, 50, 30],
        note=f"{congress.name} {report.label} 检查时间 {timezone.localtime(run.ran_at):%Y-%m-%d %H:%M}",
    )
    return xlsx_response(workbook_bytes([sheet]), f"{congress.name}{report.label}制度落实检查.xlsx")


def matrix_xlsx(top: Any, rows: list[Any], rule_ids: list[str]) -> HttpResponse:
    sheet = Sheet(
        title="下级人大对比",
        headers=["人大", "期间", *rule_ids],
        rows=[
            [
                c.name,
                report.label,
                *[STATUS_LABELS[Status(s)] if (s := statuses.get(r)) else "未检查" for r in rule_ids],
            ]
            for c, report, statuses in rows
        ],  # fmt: skip
        widths=[18, 14, *[8] * len(rule_ids)],
        note=f"{top.name} 制度落实检查对比",
    )
    return xlsx_response(workbook_bytes([sheet]), f"{top.name}制度落实检查对比.xlsx")
