"""Pages and downloads of suggestion statistics and documents. Thin: parse the filters, check the scope,
call ``statistics`` and ``documents``.

Who may: the statistics page and its exports — staff and leaders, for the congresses they read
(``scope_of(user).staff_read_congress_ids``: their own and those below); the assignment letter — staff
of the unit's congress (or above) and the unit itself; the reply letter — everyone who may read the
suggestion (the deputies, the assigned units, staff).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from renda.audit.services import record_export
from renda.cases.models import Reply
from renda.core import clock, numbers
from renda.core.choices import CONGRESS_ROLES
from renda.core.models import Congress, Organization, Session, Term
from renda.core.scopes import scope_of
from renda.documents.excel import timestamped, xlsx_response
from renda.documents.pdf import pdf_response
from renda.documents.word import docx_response

from . import documents
from .choices import KIND
from .models import Suggestion
from .statistics import StatsScope, suggestion_statistics, years_with_suggestions

REGISTER_LIMIT = 200_000
# the unit ranking shows the best this many (a province has thousands of units); ``?units=all`` shows all
UNITS_SHOWN = 100


def _int(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


@dataclass
class Filters:
    congresses: list[Congress]
    congress: Congress
    terms: list[Term]
    sessions: list[Session]
    years: list[int]
    term: Term | None
    session: Session | None
    year: int | None
    rollup: bool
    errors: list[str]

    def query(self) -> str:
        from urllib.parse import urlencode

        params: dict[str, Any] = {"congress": self.congress.pk}
        if self.term:
            params["term"] = self.term.pk
        if self.session:
            params["session"] = self.session.pk
        if self.year:
            params["year"] = self.year
        if not self.rollup:
            params["rollup"] = "0"
        return urlencode(params)

    @property
    def scope(self) -> StatsScope:
        return StatsScope(
            congress=self.congress,
            term_id=self.term.pk if self.term else None,
            session_id=self.session.pk if self.session else None,
            year=self.year,
            rollup=self.rollup,
        )


def readable_congresses(user: Any) -> list[Congress]:
    """The congresses whose statistics ``user`` reads; denied (403) for everyone but staff and leaders."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("请先登录。"))
    scope = scope_of(user)
    if not scope.has(*CONGRESS_ROLES) or not scope.staff_read_congress_ids:
        raise PermissionDenied(_("只有人大工作人员和领导可以查看建议统计。"))
    return list(Congress.objects.filter(pk__in=scope.staff_read_congress_ids).order_by("path"))


def parse_filters(user: Any, params: Any) -> Filters:
    """Read the filters; a congress outside the user's scope is 'not found', malformed values are ignored
    with a message."""
    congresses = readable_congresses(user)
    errors: list[str] = []
    raw = params.get("congress")
    congress = None
    if raw not in (None, ""):
        pk = _int(raw)
        if pk is None:
            errors.append(_("人大参数无效,已显示默认范围。"))
        else:
            congress = next((c for c in congresses if c.pk == pk), None)
            if congress is None:
                raise Http404(_("该人大不存在或不在您的查看范围内。"))
    if congress is None:
        own = scope_of(user).staff_congress_ids
        congress = next((c for c in congresses if c.pk in own), congresses[0])
    terms = list(Term.objects.filter(congress=congress).select_related("congress").order_by("-number"))
    term = None
    if params.get("term"):
        term = next((t for t in terms if t.pk == _int(params.get("term"))), None)
        if term is None:
            errors.append(_("所选届次无效,已忽略。"))
    sessions = list(
        Session.objects.filter(term__congress=congress)
        .select_related("term__congress")
        .order_by("-start_date")
    )
    session = None
    if params.get("session"):
        session = next((s for s in sessions if s.pk == _int(params.get("session"))), None)
        if session is None:
            errors.append(_("所选会议无效,已忽略。"))
    year = None
    if params.get("year"):
        year = _int(params.get("year"))
        if year is None or not 1949 <= year <= 2100:
            errors.append(_("年度须为四位数字,已忽略。"))
            year = None
    rollup = params.get("rollup", "1") not in ("0", "false", "off")
    years = years_with_suggestions(c.pk for c in congresses if c.path.startswith(congress.path))
    if not years:
        years = [clock.today().year]
    return Filters(congresses, congress, terms, sessions, years, term, session, year, rollup, errors)


def chart_data(report: Any) -> dict[str, Any]:
    """The numbers of the page's charts: rounded like the tables (``renda.core.numbers``), as JSON numbers."""
    t = report.total
    n = numbers.as_number
    return {
        "classes": {k: v.num for k, v in t.class_shares.items()},
        "ratings": {
            _("满意"): t.rating_shares["satisfied"].num,
            _("基本满意"): t.rating_shares["basically"].num,
            _("不满意"): t.rating_shares["dissatisfied"].num,
        },
        "rates": {
            _("办复率"): n(t.reply_rate.percent),
            _("按期办复率"): n(t.on_time_rate.percent),
            _("见面率"): n(t.contact_rate.percent),
            _("实际办结率"): n(t.resolution_rate.percent),
            _("满意率"): n(t.satisfaction_rate.percent),
        },
        "units": [
            {"name": u.name, "reply": n(u.reply_rate.percent), "resolution": n(u.resolution_rate.percent)}
            for u in report.units[:20]
        ],
        "lower": [
            {"name": f.label, "reply": n(f.reply_rate.percent), "resolution": n(f.resolution_rate.percent)}
            for f in report.lower
        ],
        "labels": {"reply": _("办复率"), "resolution": _("实际办结率"), "empty": _("暂无数据")},
        "places": report.places,
    }


@login_required
@require_GET
def stats_index(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.user, request.GET)
    report = suggestion_statistics(filters.scope)
    t = report.total
    rate_rows = [
        (_("办复率"), _("已办复 / 已交办"), t.reply_rate),
        (_("按期办复率"), _("按期答复 / 已交办"), t.on_time_rate),
        (_("A类占比"), _("首次答复A类 / 已办复"), t.class_shares["A"]),
        (_("B类占比"), _("首次答复B类 / 已办复"), t.class_shares["B"]),
        (_("C类占比"), _("首次答复C类 / 已办复"), t.class_shares["C"]),
        (_("D类占比"), _("首次答复D类 / 已办复"), t.class_shares["D"]),
        (_("见面率"), _("答复前有沟通记录的答复 / 全部答复"), t.contact_rate),
        (_("满意"), _("最近一次测评满意 / 已测评"), t.rating_shares["satisfied"]),
        (_("基本满意"), _("最近一次测评基本满意 / 已测评"), t.rating_shares["basically"]),
        (_("不满意"), _("最近一次测评不满意 / 已测评"), t.rating_shares["dissatisfied"]),
        (_("实际办结率"), _("问题已解决(最终答复A类) / 立案"), t.resolution_rate),
    ]
    all_units = request.GET.get("units") == "all"
    units_shown = report.units if all_units else report.units[:UNITS_SHOWN]
    return render(
        request,
        "suggestions/stats/index.html",
        {
            "filters": filters,
            "report": report,
            "units_shown": units_shown,
            "units_hidden": len(report.units) - len(units_shown),
            "shown": len(units_shown),
            "rate_rows": rate_rows,
            "chart_data": chart_data(report),
            "query": filters.query(),
        },
    )


@login_required
@require_GET
def stats_export(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.user, request.GET)
    report = suggestion_statistics(filters.scope)
    record_export(request, action="suggestion_statistics.export")
    return xlsx_response(documents.statistics_xlsx(report), timestamped(_("代表建议统计")))


@login_required
@require_GET
def register_export(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.user, request.GET)
    content = documents.register_xlsx(filters.scope, limit=REGISTER_LIMIT)
    record_export(request, action="suggestion.export")
    return xlsx_response(content, timestamped(_("代表建议登记表")))


@login_required
@require_GET
def summary_docx(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.user, request.GET)
    report = suggestion_statistics(filters.scope)
    name = _("%(c)s%(y)s代表建议办理情况报告") % {
        "c": filters.congress.name,
        "y": f"{filters.year}年" if filters.year else "",
    }
    return docx_response(documents.annual_summary_docx(report), name)


@login_required
@require_GET
def assignment_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """交办函 of one unit: staff who read the unit's congress, or the unit's own clerks and leaders."""
    organization = Organization.objects.select_related("congress").filter(pk=pk).first()
    scope = scope_of(request.user)
    if organization is None:
        raise Http404(_("承办单位不存在。"))
    is_staff = scope.has(*CONGRESS_ROLES) and organization.congress_id in scope.staff_read_congress_ids
    if not is_staff and organization.pk not in scope.unit_ids:
        raise Http404(_("承办单位不存在。"))
    year = _int(request.GET.get("year"))
    content = documents.assignment_letter_docx(organization=organization, year=year)
    return docx_response(content, _("交办函-%(u)s") % {"u": organization.name})


@login_required
@require_GET
def reply_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """答复函 as PDF: for whoever may read the suggestion (the deputies, the units, staff)."""
    reply = Reply.objects.filter(pk=pk, case__kind=KIND).select_related("case").first()
    if (
        reply is None
        or not Suggestion.objects.visible_to(request.user).filter(case_id=reply.case_id).exists()
    ):
        raise Http404(_("答复不存在。"))
    content = documents.reply_letter_pdf(reply)
    return pdf_response(content, _("答复函-%(n)s") % {"n": reply.case.number})
