"""Pages of deliberation opinions: the list (search, filters, export), registering one, the ratings
with their counts, the chart of satisfaction by body and year, the Word letter and circular, the
settings (deadlines and rating rule versions) and the satisfaction vote of an agenda item.

The case itself — every step, the timeline — is the engine's page ``/cases/<pk>/``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.audit.services import record_export
from renda.core import clock
from renda.core.choices import Role
from renda.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from renda.core.scopes import scope_of, working_congress
from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response
from renda.documents.word import docx_response

from . import forms_opinions as f
from . import ratingrules_opinions as rules
from . import services_opinions as services
from .documents_opinions import circular_docx, letter_docx
from .filtersets_opinions import OpinionFilterSet
from .models.opinions import Opinion, OpinionRuleVersion
from .selectors_opinions import (
    can_read_opinions,
    get_opinion_for,
    is_overdue,
    opinions_for,
    ratings_for,
    satisfaction_by_body_year,
)

PAGE_SIZE = 20
EXPORT_LIMIT = 20000


def _reader(request: HttpRequest) -> None:
    if not can_read_opinions(request.user):
        raise PermissionDenied(_("您没有访问此页面的权限。"))


def _get(user: Any, pk: Any) -> Opinion:
    try:
        return get_opinion_for(user, pk)
    except NotFoundError:
        raise Http404(_("审议意见不存在。")) from None


def _filterset(request: HttpRequest) -> OpinionFilterSet:
    return OpinionFilterSet(request.GET, opinions_for(request.user), user=request.user)


@login_required
@require_GET
def opinion_list(request: HttpRequest) -> HttpResponse:
    _reader(request)
    filterset = _filterset(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = clock.today()
    for o in page:
        o.overdue = is_overdue(o, today)
    scope = scope_of(request.user)
    return render(
        request,
        "oversight/opinions/list.html",
        {
            "form": filterset.form,
            "page": page,
            "is_staff": scope.has(Role.STAFF),
            "is_reader": scope.has(Role.STAFF, Role.LEADER),
        },
    )


@login_required
@require_GET
def opinion_export(request: HttpRequest) -> HttpResponse:
    _reader(request)
    filterset = _filterset(request)
    if filterset.field_errors():
        return redirect(f"{reverse('oversight:opinion_list')}?{request.GET.urlencode()}")
    rows = []
    for o in filterset.qs.prefetch_related("ratings", "reports")[:EXPORT_LIMIT]:
        c = o.case
        ratings = sorted(o.ratings.all(), key=lambda r: (r.rated_on, r.pk))
        last = ratings[-1] if ratings else None
        rows.append(
            [
                c.number, c.title, o.get_report_kind_display(), o.report_title, o.reporting_body.name,
                o.responsible_committee.name if o.responsible_committee else "", o.deliberated_on,
                c.get_state_display(), c.due_at, sum(1 for r in o.reports.all() if r.is_late),
                len(ratings), f"{last.percent:.2f}%" if last else "", last.get_verdict_display() if last else "",
                _("是") if o.circular_issued_at else "",
            ]
        )  # fmt: skip
    headers = [
        _("编号"), _("审议意见"), _("报告类别"), _("审议的报告"), _("报告机关"), _("负责的委员会"), _("审议日期"),
        _("状态"), _("报告期限"), _("逾期报告次数"), _("测评次数"), _("最近满意率"), _("最近测评结果"), _("已通报"),
    ]  # fmt: skip
    content = workbook_bytes([Sheet(title=_("审议意见"), headers=headers, rows=rows)])
    record_export(request, action="opinion.export", rows=len(rows))
    return xlsx_response(content, timestamped(_("审议意见办理情况")))


@login_required
@require_http_methods(["GET", "POST"])
def opinion_create(request: HttpRequest) -> HttpResponse:
    congress = working_congress(request.user, Role.STAFF, wanted=request.GET.get("congress"))
    form = f.OpinionCreateForm(request.POST or None, congress=congress)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            opinion = services.opinion_create(
                actor=request.user,
                congress=congress,
                report_kind=d["report_kind"],
                report_title=d["report_title"],
                reporting_body=d["reporting_body"],
                responsible_committee=d.get("responsible_committee"),
                meeting=d.get("meeting"),
                deliberated_on=d.get("deliberated_on"),
                remarks=d.get("remarks", ""),
                text=d.get("text", ""),
            )
        except ValidationFailed as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("已登记审议意见,请在期限内整理后送领导签发。"))
            return redirect("cases:detail", opinion.case_id)
    return render(request, "oversight/opinions/form.html", {"form": form, "congress": congress})


@login_required
@require_GET
def opinion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return redirect("cases:detail", _get(request.user, pk).case_id)


@login_required
@require_GET
def opinion_letter(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = _get(request.user, pk)
    if opinion.signed_off_at is None:
        raise Http404(_("审议意见尚未签发,没有交办函。"))
    return docx_response(letter_docx(opinion), f"{opinion.case.number}交办函")


@login_required
@require_GET
def opinion_circular(request: HttpRequest, pk: int) -> HttpResponse:
    opinion = _get(request.user, pk)
    if opinion.circular_issued_at is None:
        raise Http404(_("尚未发出通报。"))
    return docx_response(circular_docx(opinion), f"{opinion.case.number}测评结果通报")


# --- ratings and the chart -------------------------------------------------------------------------------


def _rating_rows(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    qs = ratings_for(request.user).order_by("-rated_on", "-pk")
    year = request.GET.get("year", "").strip()
    errors = {}
    if year:
        if year.isdigit() and 1949 <= int(year) <= 2100:
            qs = qs.filter(rated_on__year=int(year))
        else:
            errors["year"] = _("年度须为1949到2100之间的四位数字。")
    q = request.GET.get("q", "").strip()[:100]
    if q:
        qs = qs.filter(opinion__case__title__icontains=q) | qs.filter(
            opinion__reporting_body__name__icontains=q
        )
    return qs, {"year": year, "q": q, "errors": errors}


@login_required
@require_GET
def rating_list(request: HttpRequest) -> HttpResponse:
    _reader(request)
    qs, params = _rating_rows(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for r in page:
        r.recomputed = rules.recompute(r)
        rule = rules.get_rating_rule(r.rule_code)
        r.rule_label = rule.label if rule else r.rule_code
    return render(request, "oversight/opinions/ratings.html", {"page": page, **params})


@login_required
@require_GET
def rating_export(request: HttpRequest) -> HttpResponse:
    _reader(request)
    qs, _params = _rating_rows(request)
    rows = []
    for r in qs[:EXPORT_LIMIT]:
        v = rules.recompute(r)
        rule = rules.get_rating_rule(r.rule_code)
        rows.append(
            [
                r.opinion.case.number, r.opinion.case.title, r.opinion.reporting_body.name, r.round, r.rated_on,
                r.get_source_display(), r.members, r.present, r.satisfied, r.basically, r.dissatisfied, r.blank,
                str(rule.label) if rule else r.rule_code, r.rule_version, f"{v.percent:.2f}", r.get_verdict_display(),
            ]
        )  # fmt: skip
    headers = [
        _("编号"), _("审议意见"), _("报告机关"), _("轮次"), _("测评日期"), _("测评方式"), _("全体组成人员"), _("出席"),
        _("满意"), _("基本满意"), _("不满意"), _("弃权或无效"), _("测评规则"), _("规则版本"), _("满意率(%)"), _("结果"),
    ]  # fmt: skip
    content = workbook_bytes([Sheet(title=_("满意度测评"), headers=headers, rows=rows)])
    record_export(request, action="opinion.export", rows=len(rows))
    return xlsx_response(content, timestamped(_("审议意见满意度测评")))


@login_required
@require_GET
def opinion_stats(request: HttpRequest) -> HttpResponse:
    _reader(request)
    data = satisfaction_by_body_year(request.user)
    chart = {"bodies": data["bodies"], "series": data["series"]}
    return render(request, "oversight/opinions/stats.html", {"data": data, "chart": chart})


# --- settings ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def opinion_settings(request: HttpRequest) -> HttpResponse:
    congress = working_congress(request.user, Role.STAFF, wanted=request.GET.get("congress"))
    setting = services.opinion_setting(congress.pk)
    code, version, params = services.current_rule(congress.pk)
    setting_form = f.SettingForm(
        request.POST if request.POST.get("part") == "deadlines" else None,
        initial={name: getattr(setting, name) for name in services.SETTING_FIELDS},
    )
    rule_form = f.RuleForm(
        request.POST if request.POST.get("part") == "rule" else None,
        initial={"rule_code": code, "effective_from": clock.today(), **params},
    )
    if request.method == "POST":
        form = setting_form if request.POST.get("part") == "deadlines" else rule_form
        if form.is_valid():
            d = form.cleaned_data
            try:
                if form is setting_form:
                    services.opinion_setting_update(actor=request.user, congress=congress, **d)
                else:
                    services.rating_rule_set(
                        actor=request.user,
                        congress=congress,
                        rule_code=d["rule_code"],
                        params={
                            k: d.get(k)
                            for k in ("pass_at", "escalate_below", "count_basically", "basically_passes")
                            if d.get(k) is not None
                        },
                        effective_from=d["effective_from"],
                        note=d.get("note", ""),
                    )
            except ValidationFailed as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("已保存。"))
                return redirect("oversight:opinion_settings")
    rule = rules.get_rating_rule(code)
    return render(
        request,
        "oversight/opinions/settings.html",
        {
            "congress": congress,
            "setting_form": setting_form,
            "rule_form": rule_form,
            "current": {
                "label": rule.label if rule else code,
                "version": version,
                "text": rule.describe(params) if rule else "",
            },
            "versions": [
                _version_row(v)
                for v in OpinionRuleVersion.objects.filter(congress=congress).select_related("created_by")
            ],
        },
    )


def _version_row(v: OpinionRuleVersion) -> dict[str, Any]:
    rule = rules.get_rating_rule(v.rule_code)
    params = {**(rule.defaults if rule else {}), **(v.params or {})}
    return {
        "version": v.version,
        "label": rule.label if rule else _("已停用的规则"),
        "text": rule.describe(params) if rule else "",
        "effective_from": v.effective_from,
        "by": v.created_by.full_name or v.created_by.username,
        "note": v.note,
    }


# --- the satisfaction vote of an agenda item ---------------------------------------------------------


@login_required
@require_POST
def opinion_vote_create(request: HttpRequest, item_id: int) -> HttpResponse:
    from renda.meetings.models import AgendaItem

    item = get_object_or_404(AgendaItem.objects.select_related("meeting__congress"), pk=item_id)
    if not scope_of(request.user).has_in(item.meeting.congress_id, Role.STAFF, Role.LEADER):
        raise Http404(_("议程不存在。"))
    form = f.VoteCreateForm(request.POST)
    method = form.cleaned_data["method"] if form.is_valid() else "secret"
    try:
        vote = services.satisfaction_vote_create(actor=request.user, item=item, method=method)
    except (ValidationFailed, ConflictError, PermissionDeniedError) as exc:
        messages.error(request, exc.message)
        return redirect(reverse("meetings:detail", args=[item.meeting_id]) + f"#agenda-{item.pk}")
    messages.success(request, _("已建立满意度测评表决,请开始表决。"))
    return redirect("voting:control", vote.pk)
