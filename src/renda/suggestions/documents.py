"""Documents of deputies' suggestions: the assignment letter (交办函) and the annual handling summary as
Word, the statistics and the full register as Excel, a reply letter (答复函) as PDF.

Each builder returns bytes; the figures come from ``statistics`` so a number in a document is the number
on the page. Every builder runs a bounded number of queries whatever the number of suggestions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from renda.cases.choices import (
    ACTIVE_ASSIGNMENT_STATES,
    ANSWERING_ROLES,
    AssignmentRole,
    RatingValue,
    ReplyClass,
)
from renda.cases.models import Assignment, Rating, Reply
from renda.core import clock
from renda.core.choices import OrganizationKind
from renda.core.models import Congress, Organization
from renda.documents.excel import Sheet, workbook_bytes
from renda.documents.pdf import PdfDocument
from renda.documents.word import WordDocument, date_cn

from .choices import KIND, SuggestionState
from .models import Suggestion
from .statistics import Figures, Rate, Report, StatsScope, key_suggestions, suggestion_cases

RULES_TEXT = [
    _l(
        "一、办理期限。承办单位应当自交办之日起三个月内答复代表;情况复杂、确需延期的,应当在期限届满前书面申请延期并说明理由,经同意后告知代表。"
    ),
    _l(
        "二、办前沟通。承办单位在办理过程中应当加强同代表的联系沟通,原则上每件建议都与代表沟通后再答复;未经沟通即答复的,应当在答复中说明理由。"
    ),
    _l(
        "三、答复分类。答复应当注明类别:A类为所提问题已经解决或者采纳;B类为正在解决或者已列入计划逐步解决;C类为因条件限制暂时不能解决;D类为留作参考。B类、C类答复的,应当继续跟踪落实,问题解决后再次答复。"
    ),
    _l("四、主办和协办。主办单位负责答复代表,协办单位应当在一个月内向主办单位提出协办意见。"),
    _l("五、满意度测评。代表对答复不满意的,承办单位应当重新办理,并在一个月内再次答复。"),
]


def _local(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def office_name(congress: Congress) -> str:
    """The letterhead: the congress office (or the standing committee, or the presidium)."""
    for kind in (
        OrganizationKind.CONGRESS_OFFICE,
        OrganizationKind.STANDING_COMMITTEE,
        OrganizationKind.PRESIDIUM,
    ):
        found = (
            Organization.objects.filter(congress=congress, kind=kind, is_active=True)
            .order_by("sort_order", "id")
            .values_list("name", flat=True)
            .first()
        )
        if found:
            return found
    return congress.name


def percent(rate: Rate) -> str:
    return f"{rate.label}({rate.num}/{rate.den})" if rate.den else "—"


# --- the assignment letter (交办函) ---------------------------------------------------------------------------


def unit_assignments(organization: Organization, *, year: int | None = None) -> QuerySet[Assignment]:
    qs = Assignment.objects.filter(
        organization=organization, case__kind=KIND, state__in=list(ACTIVE_ASSIGNMENT_STATES)
    ).select_related("case__suggestion__lead_mandate__deputy")
    if year:
        qs = qs.filter(case__year=year)
    return qs.order_by("deadline", "case__number", "id")


def assignment_letter_docx(*, organization: Organization, year: int | None = None) -> bytes:
    congress = organization.congress
    items = list(unit_assignments(organization, year=year))
    today = clock.today()
    doc = WordDocument()
    doc.letterhead(office_name(congress))
    doc.reference(_("交办函〔%(y)s〕%(n)s号") % {"y": year or today.year, "n": organization.pk})
    doc.title(_("关于交办%(y)s代表建议、批评和意见的函") % {"y": _("%(y)s年") % {"y": year} if year else ""})
    doc.paragraph(_("%(unit)s:") % {"unit": organization.name}, indent=False)
    doc.paragraph(
        _(
            "现将代表提出的建议、批评和意见共%(n)s件交由你单位办理(其中主办或分别办理%(lead)s件,协办%(co)s件),清单如下。请按照下列要求认真研究办理,按期答复代表。"
        )
        % {
            "n": len(items),
            "lead": sum(1 for a in items if a.role in ANSWERING_ROLES),
            "co": sum(1 for a in items if a.role == AssignmentRole.CO_HANDLER),
        }
    )
    rows = []
    for i, a in enumerate(items, start=1):
        s = a.case.suggestion
        rows.append(
            [
                i,
                a.case.number,
                a.case.title,
                s.lead_mandate.deputy.full_name,
                a.get_role_display(),
                a.deadline.isoformat(),
            ]
        )
    doc.table([_("序号"), _("建议号"), _("标题"), _("领衔代表"), _("承办方式"), _("办理期限")], rows)
    doc.heading(_("办理要求"))
    for text in RULES_TEXT:
        doc.paragraph(text)
    doc.signature(office_name(congress), date_cn(today))
    return doc.to_bytes()


# --- the annual handling summary (办理情况总结) -----------------------------------------------------------------


def annual_summary_docx(report: Report) -> bytes:
    scope = report.scope
    t = report.total
    c = t.counts
    doc = WordDocument()
    doc.letterhead(office_name(scope.congress))
    period = _("%(y)s年") % {"y": scope.year} if scope.year else ""
    doc.title(_("%(c)s%(p)s代表建议办理情况报告") % {"c": scope.congress.name, "p": period})
    doc.heading(_("一、总体情况"))
    doc.paragraph(
        _(
            "共收到代表建议、批评和意见%(received)s件,立案%(accepted)s件,并案%(merged)s件,不予立案%(refused)s件,尚待审查%(pending)s件。"
            "已交办%(assigned)s件,已办复%(replied)s件,办复率%(reply)s,按期办复率%(on_time)s。"
        )
        % {
            "received": c.received,
            "accepted": c.accepted,
            "merged": c.merged,
            "refused": c.refused,
            "pending": c.pending,
            "assigned": c.assigned,
            "replied": c.replied,
            "reply": percent(t.reply_rate),
            "on_time": percent(t.on_time_rate),
        }  # fmt: skip
    )
    shares = t.class_shares
    doc.paragraph(
        _(
            "按答复类别,A类(已解决或采纳)%(a)s,B类(正在解决或列入计划)%(b)s,C类(因条件限制暂不能解决)%(c)s,D类(留作参考)%(d)s。"
            "实际办结率(所提问题实际解决的比例)%(res)s,与办复率%(reply)s并列报告。"
        )
        % {
            "a": percent(shares["A"]),
            "b": percent(shares["B"]),
            "c": percent(shares["C"]),
            "d": percent(shares["D"]),
            "res": percent(t.resolution_rate),
            "reply": percent(t.reply_rate),
        }  # fmt: skip
    )
    r = t.rating_shares
    doc.paragraph(
        _(
            "答复前与代表沟通的见面率%(contact)s。代表测评满意%(s)s,基本满意%(b)s,不满意%(d)s。目前超期未答复%(overdue)s件,重点督办建议%(key)s件。"
        )
        % {
            "contact": percent(t.contact_rate),
            "s": percent(r["satisfied"]),
            "b": percent(r["basically"]),
            "d": percent(r["dissatisfied"]),
            "overdue": c.overdue,
            "key": c.key,
        }  # fmt: skip
    )
    if report.lower:
        doc.heading(_("二、下级人大情况"))
        doc.table(
            [_("人大"), _("收到"), _("立案"), _("办复率"), _("按期办复率"), _("实际办结率"), _("满意率")],
            [
                [
                    f.label,
                    f.counts.received,
                    f.counts.accepted,
                    percent(f.reply_rate),
                    percent(f.on_time_rate),
                    percent(f.resolution_rate),
                    percent(f.satisfaction_rate),
                ]
                for f in report.lower
            ],  # fmt: skip
        )
    doc.heading(_("三、承办单位办理情况") if report.lower else _("二、承办单位办理情况"))
    doc.table(
        [
            _("排名"),
            _("承办单位"),
            _("交办"),
            _("办复率"),
            _("按期办复率"),
            _("实际办结率"),
            _("见面率"),
            _("满意率"),
            _("超期"),
        ],
        [
            [
                u.rank,
                u.name,
                u.assigned,
                percent(u.reply_rate),
                percent(u.on_time_rate),
                percent(u.resolution_rate),
                percent(u.contact_rate),
                percent(u.satisfaction_rate),
                u.overdue,
            ]
            for u in report.units
        ],  # fmt: skip
        size=9,
    )
    doc.heading(_("四、重点建议办理情况") if report.lower else _("三、重点建议办理情况"))
    keys = key_suggestions(scope)
    if keys:
        doc.table(
            [_("建议号"), _("标题"), _("主办单位"), _("督办领导"), _("状态"), _("答复类别")],
            [
                [k["number"], k["title"], k["lead_unit"], k["leader"], k["state"], k["reply_class"]]
                for k in keys
            ],
            size=9,
        )
    else:
        doc.paragraph(_("本期无重点督办建议。"))
    doc.signature(office_name(scope.congress), date_cn(clock.today()))
    return doc.to_bytes()


# --- Excel: the statistics and the full register ----------------------------------------------------------------


def _figure_row(f: Figures) -> list[Any]:
    c = f.counts
    row: list[Any] = [f.label, c.received, c.accepted, c.merged, c.refused, c.pending, c.assigned, c.replied]
    for rate in (f.reply_rate, f.on_time_rate, *f.class_shares.values(), f.contact_rate, *f.rating_shares.values(),
                 f.resolution_rate):  # fmt: skip
        row += [rate.num, rate.den, rate.percent]
    row.append(c.overdue)
    return row


def _rate_headers(*names: str) -> list[str]:
    out: list[str] = []
    for n in names:
        out += [_("%(n)s分子") % {"n": n}, _("%(n)s分母") % {"n": n}, _("%(n)s(%%)") % {"n": n}]
    return out


def figure_headers() -> list[str]:
    return [
        _("范围"), _("收到"), _("立案"), _("并案"), _("不予立案"), _("待审查"), _("交办"), _("已办复"),
        *_rate_headers(_("办复率"), _("按期办复率"), _("A类"), _("B类"), _("C类"), _("D类"), _("见面率"),
                       _("满意"), _("基本满意"), _("不满意"), _("实际办结率")),
        _("超期"),
    ]  # fmt: skip


def statistics_xlsx(report: Report) -> bytes:
    scope = report.scope
    note = _("%(c)s 代表建议统计 · 生成于 %(t)s") % {
        "c": scope.label,
        "t": f"{timezone.localtime(report.generated_at):%Y-%m-%d %H:%M}",
    }
    figures = [report.total]
    if report.lower:
        own = report.own
        own.label = _("%(c)s(本级)") % {"c": scope.congress.name}
        figures += [own, *report.lower]
    unit_headers = [
        _("排名"), _("承办单位"), _("所属人大"), _("交办"), _("超期"), _("不满意"),
        *_rate_headers(_("办复率"), _("按期办复率"), _("A类"), _("实际办结率"), _("见面率"), _("满意率")),
    ]  # fmt: skip
    unit_rows = []
    for u in report.units:
        row: list[Any] = [u.rank, u.name, u.congress_name, u.assigned, u.overdue, u.dissatisfied]
        for rate in (
            u.reply_rate,
            u.on_time_rate,
            u.a_rate,
            u.resolution_rate,
            u.contact_rate,
            u.satisfaction_rate,
        ):
            row += [rate.num, rate.den, rate.percent]
        unit_rows.append(row)
    return workbook_bytes(
        [
            Sheet(
                title=_("总体情况"),
                headers=figure_headers(),
                rows=[_figure_row(f) for f in figures],
                note=note,
            ),
            Sheet(title=_("承办单位"), headers=unit_headers, rows=unit_rows, note=note),
        ]
    )


REGISTER_HEADERS = [
    _l("建议号"), _l("标题"), _l("类型"), _l("人大"), _l("届次"), _l("领衔代表"), _l("状态"), _l("主办(分别办理)单位"),
    _l("协办单位"), _l("提交时间"), _l("交办时间"), _l("答复期限"), _l("首次答复时间"), _l("首次答复类别"),
    _l("最终答复类别"), _l("测评结果"), _l("办结时间"), _l("重点"), _l("已公开"), _l("不公开理由"),
]  # fmt: skip


def register_queryset(scope: StatsScope) -> QuerySet[Suggestion]:
    """Every suggestion of ``scope`` (drafts excluded) with what a register row needs: three queries in all
    (the suggestions with their subquery columns, their assignments, the units)."""
    first = Reply.objects.filter(case_id=OuterRef("case_id")).order_by("replied_at", "id")
    latest = Reply.objects.filter(case_id=OuterRef("case_id")).order_by("-replied_at", "-id")
    rating = Rating.objects.filter(case_id=OuterRef("case_id")).order_by("-rated_at", "-id")
    return (
        Suggestion.objects.filter(
            case_id__in=suggestion_cases(scope).exclude(state=SuggestionState.DRAFT).values("pk")
        )
        .select_related("case__congress", "case__term", "lead_mandate__deputy")
        .annotate(
            first_reply_at=Subquery(first.values("replied_at")[:1]),
            first_class=Subquery(first.values("classification")[:1]),
            last_class=Subquery(latest.values("classification")[:1]),
            last_rating=Subquery(rating.values("value")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "case__assignments",
                queryset=Assignment.objects.filter(state__in=list(ACTIVE_ASSIGNMENT_STATES))
                .select_related("organization")
                .order_by("id"),
                to_attr="active_assignments",
            )
        )
        .order_by("case__congress_id", "case__year", "case__serial")
    )


def register_rows(scope: StatsScope, *, limit: int | None = None) -> Iterator[list[Any]]:
    states = dict(SuggestionState.choices)
    ratings = dict(RatingValue.choices)
    qs = register_queryset(scope)
    if limit:
        qs = qs[:limit]
    for s in qs:
        c = s.case
        units = c.active_assignments
        yield [
            c.number,
            c.title,
            s.get_type_display(),
            c.congress.name,
            _("第%(n)s届") % {"n": c.term.number} if c.term_id else "",
            s.lead_mandate.deputy.full_name,
            str(states.get(c.state, c.state)),
            "、".join(a.organization.name for a in units if a.role in ANSWERING_ROLES),
            "、".join(a.organization.name for a in units if a.role == AssignmentRole.CO_HANDLER),
            c.submitted_at,
            c.assigned_at,
            c.due_at,
            s.first_reply_at,
            s.first_class or "",
            s.last_class or "",
            str(ratings.get(s.last_rating, "")) if s.last_rating else "",
            c.closed_at,
            c.is_key,
            c.is_public,
            s.not_public_reason,
        ]


def register_xlsx(scope: StatsScope, *, limit: int | None = None) -> bytes:
    """The register as .xlsx (streamed by xlsxwriter: ``renda.suggestions.exports``)."""
    from .exports import register_xlsx as streamed

    return streamed(scope, limit=limit)


# --- the reply letter (答复函) --------------------------------------------------------------------------------


def reply_letter_pdf(reply: Reply) -> bytes:
    reply = Reply.objects.select_related(
        "case__congress", "assignment__organization", "case__suggestion__lead_mandate__deputy"
    ).get(pk=reply.pk)
    case = reply.case
    unit = reply.assignment.organization
    suggestion = case.suggestion
    replied_on = _local(reply.replied_at) or clock.today()
    doc = PdfDocument(title=_("答复函 %(n)s") % {"n": case.number})
    doc.letterhead(unit.name)
    doc.reference(
        _("%(u)s复〔%(y)s〕%(n)s号")
        % {"u": unit.short_name or unit.name, "y": replied_on.year, "n": reply.pk}
    )
    doc.line(_("答复类别"), ReplyClass(reply.classification).label)
    doc.title(_("关于对%(c)s第%(n)s号建议的答复") % {"c": case.congress.name, "n": case.number})
    doc.paragraph(_("%(name)s代表:") % {"name": suggestion.lead_mandate.deputy.full_name}, indent=False)
    doc.paragraph(_("您提出的《%(t)s》收悉。现答复如下:") % {"t": case.title})
    doc.paragraph(reply.text)
    doc.paragraph(_("感谢您对我们工作的关心和支持。"))
    doc.line(_("签发领导"), reply.signing_leader)
    doc.signature(unit.name, date_cn(replied_on))
    doc.line(_("抄送"), office_name(case.congress))
    return doc.to_bytes()
