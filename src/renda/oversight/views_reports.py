"""Pages of the `reports` area: the statutory reporting calendar, obligations, reports, major matters,
resolutions (and their public pages). Thin: reads through ``selectors_reports``, writes through
``services_reports``; every service error shows on the field it names and nothing is half-saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.audit.services import record_export
from renda.core import clock
from renda.core.errors import RendaError
from renda.core.forms import apply_service_error
from renda.core.models import Congress, Organization
from renda.core.permissions import role_required
from renda.core.scopes import scope_of

from . import calendar_reports as cal
from . import forms_reports as f
from . import selectors_reports as sel
from . import services_reports as svc
from .models.reports import MatterListState, MatterState, ReportMode, ReportState, Resolution

READ_ROLES = ("staff", "leader", "unit_clerk", "unit_leader")
reports_page = role_required(*READ_ROLES)


def _managed(user: Any) -> list[Congress]:
    return list(
        Congress.objects.filter(pk__in=scope_of(user).congress_ids_with(*svc.MANAGE_ROLES)).order_by("path")
    )


def _run(form: Any, action: Callable[[], Any]) -> Any:
    """Call the service; a refusal goes onto the form (None is returned)."""
    try:
        return action()
    except RendaError as exc:
        apply_service_error(form, exc)
        return None


# --- the calendar ----------------------------------------------------------------------------------


@reports_page
@require_GET
def report_calendar(request: HttpRequest) -> HttpResponse:
    from .filtersets_reports import CalendarFilterSet

    today = clock.today()
    visible = sel.reports_for(request.user)
    fs = CalendarFilterSet(request.GET, queryset=visible, user=request.user)
    year = fs.form.cleaned_data.get("year") if fs.form.is_valid() else None
    year = year or today.year
    qs = fs.qs if fs.form.is_valid() else visible.none()
    if not fs.form.cleaned_data.get("year"):
        qs = qs.filter(year=year)
    all_rows = sel.calendar_rows(qs, today)
    rows = [r for r in all_rows if r.status == fs.chosen_status] if fs.chosen_status else all_rows
    if request.GET.get("export") == "xlsx":
        return _export_calendar(request, rows, year)
    managed = _managed(request.user)
    filtered = (
        any(v not in (None, "") for k, v in fs.form.cleaned_data.items() if k != "year")
        if fs.form.is_valid()
        else True
    )
    return render(request, "oversight/reports/calendar.html", {
        "form": fs.form, "rows": rows, "year": year, "counts": sel.status_counts(all_rows),
        "labels": cal.STATUS_LABELS, "css": cal.STATUS_CSS, "managed": managed, "today": today,
        "filtered": filtered,
    })  # fmt: skip


def _export_calendar(request: HttpRequest, rows: list[sel.CalendarRow], year: int) -> HttpResponse:
    from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

    values = [
        [r.report.congress.name, r.report.title, r.report.obligation.reporting_body.name, r.report.obligation.recipient,
         r.report.obligation.get_mode_display(), r.report.due_on, r.report.received_on, r.status_label,
         r.days_late or "", r.report.get_state_display()]
        for r in rows
    ]  # fmt: skip
    sheet = Sheet(
        title=_("法定报告日历"),
        headers=[
            _("人大"),
            _("报告名称"),
            _("报告机关"),
            _("报告对象"),
            _("报告方式"),
            _("截止日期"),
            _("收到日期"),
            _("报送情况"),
            _("逾期天数"),
            _("办理状态"),
        ],  # fmt: skip
        rows=values,
    )
    record_export(request, action="statutory_report.export", rows=len(values))
    return xlsx_response(workbook_bytes([sheet]), timestamped(_("%(y)d年法定报告日历") % {"y": year}))


@reports_page
@require_POST
def report_generate(request: HttpRequest) -> HttpResponse:
    congress = next((c for c in _managed(request.user) if str(c.pk) == request.POST.get("congress")), None)
    congress = congress or (_managed(request.user) or [None])[0]
    if congress is None:
        raise PermissionDenied(_("只有人大工作人员可以生成报告日历。"))
    try:
        made = svc.calendar_generate(actor=request.user, congress=congress, year=request.POST.get("year"))
        messages.success(request, _("已生成 %(n)d 份待报送的法定报告。") % {"n": len(made)})
    except RendaError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("oversight:report_calendar") + f"?year={request.POST.get('year', '')}")


# --- obligations -----------------------------------------------------------------------------------


@reports_page
@require_GET
def obligation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "oversight/reports/obligations.html", {
        "obligations": sel.obligations_for(request.user), "managed": _managed(request.user),
    })  # fmt: skip


@reports_page
@require_http_methods(["GET", "POST"])
def obligation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    obligation = sel.get_obligation_for(request.user, pk) if pk else None
    managed = _managed(request.user)
    congress = obligation.congress if obligation else (managed[0] if managed else None)
    if congress is None or not svc.can_manage(request.user, congress.pk):
        raise PermissionDenied(_("只有人大工作人员可以设置法定报告事项。"))
    initial = {}
    if obligation is not None:
        initial = {k: getattr(obligation, k) for k in f.ObligationForm.base_fields if k != "reporting_body"}
        initial["reporting_body"] = obligation.reporting_body_id
    form = f.ObligationForm(request.POST or None, initial=initial, congress=congress)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["reporting_body"] = data["reporting_body"].pk
        done = _run(form, lambda: svc.obligation_save(actor=request.user, congress=congress, data=data,
                                                      obligation=obligation))  # fmt: skip
        if done is not None:
            messages.success(request, _("已保存报告事项“%(t)s”。") % {"t": done.title})
            return redirect("oversight:report_obligations")
    return render(request, "oversight/reports/obligation_form.html", {"form": form, "obligation": obligation})


@reports_page
@require_POST
def obligation_defaults(request: HttpRequest) -> HttpResponse:
    managed = _managed(request.user)
    if not managed:
        raise PermissionDenied(_("只有人大工作人员可以设置法定报告事项。"))
    made = svc.obligations_install_defaults(actor=request.user, congress=managed[0])
    messages.success(request, _("已按示范清单新建 %(n)d 项报告事项。") % {"n": len(made)})
    return redirect("oversight:report_obligations")


# --- one report ------------------------------------------------------------------------------------


def _meetings_for(report_or_matter: Any) -> Any:
    from renda.meetings.models import Meeting

    return Meeting.objects.filter(
        congress_id=report_or_matter.congress_id, state__in=["draft", "scheduled"]
    ).order_by("starts_at")


@reports_page
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = sel.get_report_for(request.user, pk)
    staff = svc.can_manage(request.user, report.congress_id)
    is_body = svc.is_body_user(request.user, report.obligation.reporting_body_id)
    step = request.POST.get("step", "")
    receive = f.ReceiveForm(
        request.POST if step == "receive" else None, request.FILES if step == "receive" else None
    )
    schedule = f.ScheduleForm(request.POST if step == "schedule" else None, meetings=_meetings_for(report))
    deliberate = f.DeliberateForm(request.POST if step == "deliberate" else None,
                                  initial={"deliberated_on": clock.today()})  # fmt: skip
    done = None
    if step == "receive" and receive.is_valid():
        done = _run(receive, lambda: svc.report_receive(
            actor=request.user, report=report, upload=receive.cleaned_data["file"],
            received_on=receive.cleaned_data.get("received_on")))  # fmt: skip
        message = _("报告已报送。")
    elif step == "schedule" and schedule.is_valid():
        done = _run(schedule, lambda: svc.report_schedule(
            actor=request.user, report=report, meeting=schedule.cleaned_data["meeting"],
            presenter=schedule.cleaned_data.get("presenter", "")))  # fmt: skip
        message = _("已列入会议议程。")
    elif step == "deliberate" and deliberate.is_valid():
        done = _run(deliberate, lambda: svc.report_deliberate(
            actor=request.user, report=report, deliberated_on=deliberate.cleaned_data["deliberated_on"],
            summary=deliberate.cleaned_data["summary"]))  # fmt: skip
        message = _("已记录审议情况。")
    elif step == "opinion" and staff:
        try:
            opinion = svc.report_open_opinion(actor=request.user, report=report)
        except RendaError as exc:
            messages.error(request, exc.message)
            return redirect("oversight:report_detail", pk=report.pk)
        messages.success(request, _("已形成审议意见,请整理组成人员审议意见后报送签发。"))
        return redirect("cases:detail", pk=opinion.case_id)
    elif step and step not in ("receive", "schedule", "deliberate"):
        raise Http404
    if done is not None:
        messages.success(request, message)
        return redirect("oversight:report_detail", pk=report.pk)
    today = clock.today()
    status = cal.status_of(report, today)
    return render(request, "oversight/reports/report_detail.html", {
        "report": report, "status": status, "status_label": cal.STATUS_LABELS[status], "css": cal.STATUS_CSS[status],
        "staff": staff, "is_body": is_body, "receive": receive, "schedule": schedule, "deliberate": deliberate,
        "can_receive": (staff or is_body) and report.state in (ReportState.EXPECTED, ReportState.RECEIVED),
        "can_schedule": staff and report.state == ReportState.RECEIVED,
        "can_deliberate": staff and (report.state == ReportState.SCHEDULED or (
            report.state == ReportState.RECEIVED and report.obligation.mode == ReportMode.WRITTEN)),
        "reminders": report.reminders.order_by("-day")[:10], "step": step,
        "can_open_opinion": staff and report.state == ReportState.DELIBERATED and not report.opinion_case_id,
    })  # fmt: skip


@reports_page
@require_GET
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    from renda.documents.serving import file_response

    report = sel.get_report_for(request.user, pk)
    return file_response(report.file, name=report.original_name, content_type=report.content_type)


# --- major matters ---------------------------------------------------------------------------------


@reports_page
@require_http_methods(["GET", "POST"])
def matter_lists(request: HttpRequest) -> HttpResponse:
    managed = _managed(request.user)
    scope = scope_of(request.user)
    congress = managed[0] if managed else None
    if congress is None and scope.unit_ids:
        gov = Organization.objects.filter(pk__in=scope.unit_ids, kind="government").first()
        congress = gov.congress if gov else None
    form = f.MatterListCreateForm(request.POST or None, congress=congress,
                                  initial={"year": clock.today().year + 1})  # fmt: skip
    if request.method == "POST":
        if congress is None:
            raise PermissionDenied(_("只有本级人民政府或人大工作人员可以起草重大事项清单。"))
        if form.is_valid():
            done = _run(form, lambda: svc.matter_list_create(
                actor=request.user, congress=congress, year=form.cleaned_data["year"],
                submitted_by=form.cleaned_data["submitted_by"]))  # fmt: skip
            if done is not None:
                return redirect("oversight:matter_list_detail", pk=done.pk)
    return render(request, "oversight/reports/matter_lists.html", {
        "lists": sel.matter_lists_for(request.user), "form": form, "can_create": congress is not None,
    })  # fmt: skip


@reports_page
@require_http_methods(["GET", "POST"])
def matter_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matter_list = sel.get_matter_list_for(request.user, pk)
    staff = svc.can_manage(request.user, matter_list.congress_id)
    is_gov = svc.is_body_user(request.user, matter_list.submitted_by_id)
    step = request.POST.get("step", "")
    bound = request.POST if request.method == "POST" else None
    add = f.MatterForm(bound if step == "add" else None)
    comment = f.CommentForm(bound if step == "comment" else None)
    agree = f.DateForm(bound if step == "agree" else None, initial={"day": clock.today()})
    party = f.DateForm(bound if step == "party" else None, initial={"day": clock.today()})
    done, message = None, ""
    if step == "add" and add.is_valid():
        done = _run(
            add, lambda: svc.matter_add(actor=request.user, matter_list=matter_list, **add.cleaned_data)
        )
        message = _("已添加事项。")
    elif step == "submit":
        try:
            done = svc.matter_list_submit(actor=request.user, matter_list=matter_list)
        except RendaError as exc:
            messages.error(request, exc.message)
        message = _("清单已报送常委会。")
    elif step == "comment" and comment.is_valid():
        done = _run(comment, lambda: svc.matter_list_comment(
            actor=request.user, matter_list=matter_list, comments=comment.cleaned_data["comments"]))  # fmt: skip
        message = _("已提出意见。")
    elif step == "agree" and agree.is_valid():
        done = _run(agree, lambda: svc.matter_list_agree(
            actor=request.user, matter_list=matter_list, included=request.POST.getlist("included"),
            agreed_on=agree.cleaned_data["day"]))  # fmt: skip
        message = _("清单已确定,事项已列入年度工作要点。")
    elif step == "party" and party.is_valid():
        done = _run(party, lambda: svc.matter_list_report_party(
            actor=request.user, matter_list=matter_list, reported_on=party.cleaned_data["day"]))  # fmt: skip
        message = _("已记录报县委。")
    if done is not None:
        messages.success(request, message)
        return redirect("oversight:matter_list_detail", pk=matter_list.pk)
    editable = matter_list.state in (MatterListState.DRAFT, MatterListState.COMMENTED)
    return render(request, "oversight/reports/matter_list_detail.html", {
        "ml": matter_list, "matters": matter_list.matters.all(), "staff": staff, "is_gov": is_gov,
        "add": add, "comment": comment, "agree": agree, "party": party, "step": step,
        "can_edit": (staff or is_gov) and editable,
        "can_comment": staff and matter_list.state == MatterListState.SUBMITTED,
        "can_agree": staff and bool(matter_list.committee_comments)
        and matter_list.state in (MatterListState.SUBMITTED, MatterListState.COMMENTED),
        "can_party": staff and matter_list.state == MatterListState.AGREED,
    })  # fmt: skip


@reports_page
@require_GET
def matter_list_word(request: HttpRequest, pk: int) -> HttpResponse:
    from renda.documents.word import docx_response

    from .documents_reports import matter_list_docx

    matter_list = sel.get_matter_list_for(request.user, pk)
    return docx_response(matter_list_docx(matter_list), f"{matter_list.year}年度重大事项清单")


@reports_page
@require_GET
def matter_list(request: HttpRequest) -> HttpResponse:
    from .filtersets_reports import MatterFilterSet

    fs = MatterFilterSet(request.GET, queryset=sel.matters_for(request.user), user=request.user)
    qs = fs.qs if fs.form.is_valid() else sel.matters_for(request.user).none()
    form = fs.form
    data = {k: v for k, v in fs.form.cleaned_data.items() if v not in (None, "") and k != "sort"}
    if request.GET.get("export") == "xlsx":
        from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

        rows = [[m.matter_list.year, m.order, m.title, m.get_category_display(), m.get_decision_body_display(),
                 m.get_state_display(), m.reported_on, m.decided_on] for m in qs[:5000]]  # fmt: skip
        record_export(request, action="major_matter.export", rows=len(rows))
        sheet = Sheet(
            title=_("重大事项"),
            rows=rows,
            headers=[
                _("年度"),
                _("序号"),
                _("事项名称"),
                _("类别"),
                _("决定机关"),
                _("状态"),
                _("决策前报告"),
                _("决定日期"),
            ],
        )
        return xlsx_response(workbook_bytes([sheet]), timestamped(_("重大事项")))
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request, "oversight/reports/matters.html", {"form": form, "page": page, "filtered": bool(data)}
    )


@reports_page
@require_http_methods(["GET", "POST"])
def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matter = sel.get_matter_for(request.user, pk)
    staff = svc.can_manage(request.user, matter.congress_id)
    is_gov = svc.is_body_user(request.user, matter.matter_list.submitted_by_id)
    step = request.POST.get("step", "")
    bound = request.POST if request.method == "POST" else None
    report = f.MatterReportForm(bound if step == "report" else None, initial={"reported_on": clock.today()})
    schedule = f.ScheduleForm(bound if step == "schedule" else None, meetings=_meetings_for(matter))
    progress = f.ProgressForm(bound if step == "progress" else None, initial={"reported_on": clock.today()})
    done, message = None, ""
    if step == "report" and report.is_valid():
        done = _run(
            report, lambda: svc.matter_report(actor=request.user, matter=matter, **report.cleaned_data)
        )
        message = _("已记录决策前报告。")
    elif step == "schedule" and schedule.is_valid():
        done = _run(schedule, lambda: svc.matter_schedule(
            actor=request.user, matter=matter, meeting=schedule.cleaned_data["meeting"]))  # fmt: skip
        message = _("已提请会议讨论决定。")
    elif step == "progress" and progress.is_valid():
        done = _run(progress, lambda: svc.matter_progress_add(actor=request.user, matter=matter,
                                                             **progress.cleaned_data))  # fmt: skip
        message = _("已报告落实情况。")
    if done is not None:
        messages.success(request, message)
        return redirect("oversight:matter_detail", pk=matter.pk)
    party = staff or is_gov
    resolution = getattr(matter, "resolution", None) if hasattr(matter, "resolution") else None
    return render(request, "oversight/reports/matter_detail.html", {
        "matter": matter, "staff": staff, "report": report, "schedule": schedule, "progress": progress,
        "can_report": party and matter.state == MatterState.LISTED,
        "can_schedule": staff and matter.state == MatterState.REPORTED,
        "can_progress": party and matter.state in (MatterState.DECIDED, MatterState.IMPLEMENTED),
        "vote_text": sel.vote_counts_text(matter.vote), "resolution": resolution,
        "progress_rows": matter.progress.all(),
    })  # fmt: skip


# --- resolutions -----------------------------------------------------------------------------------


@reports_page
@require_GET
def resolution_list(request: HttpRequest) -> HttpResponse:
    from .filtersets_reports import ResolutionFilterSet

    visible = sel.resolutions_for(request.user).filter(
        congress_id__in=scope_of(request.user).staff_read_congress_ids
    )
    fs = ResolutionFilterSet(request.GET, queryset=visible, user=request.user)
    qs = fs.qs if fs.form.is_valid() else visible.none()
    form = fs.form
    data = {k: v for k, v in fs.form.cleaned_data.items() if v not in (None, "") and k != "sort"}
    if request.GET.get("export") == "xlsx":
        from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

        rows = [[r.number, r.title, r.get_kind_display(), r.get_adopted_by_display(), r.adopted_on,
                 sel.vote_counts_text(r.vote), _("是") if r.is_published else _("否")] for r in qs[:5000]]  # fmt: skip
        record_export(request, action="resolution.export", rows=len(rows))
        sheet = Sheet(
            title=_("决议决定"),
            rows=rows,
            headers=[
                _("文号"),
                _("标题"),
                _("类别"),
                _("通过机关"),
                _("通过日期"),
                _("表决结果"),
                _("已公开"),
            ],
        )
        return xlsx_response(workbook_bytes([sheet]), timestamped(_("决议决定")))
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "oversight/reports/resolutions.html", {
        "form": form, "page": page, "filtered": bool(data), "can_create": bool(_managed(request.user)),
    })  # fmt: skip


@reports_page
@require_http_methods(["GET", "POST"])
def resolution_create(request: HttpRequest) -> HttpResponse:
    managed = _managed(request.user)
    if not managed:
        raise PermissionDenied(_("只有人大工作人员可以登记决议决定。"))
    form = f.ResolutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _run(
            form, lambda: svc.resolution_create(actor=request.user, congress=managed[0], **form.cleaned_data)
        )
        if done is not None:
            messages.success(request, _("已登记%(n)s。") % {"n": done.number})
            return redirect("oversight:resolution_detail", pk=done.pk)
    return render(request, "oversight/reports/resolution_form.html", {"form": form})


@reports_page
@require_http_methods(["GET", "POST"])
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = sel.get_resolution_for(request.user, pk)
    staff = svc.can_manage(request.user, resolution.congress_id)
    if request.method == "POST":
        try:
            svc.resolution_publish(actor=request.user, resolution=resolution,
                                   published=request.POST.get("publish") == "1")  # fmt: skip
            messages.success(request, _("已更新公开状态。"))
        except RendaError as exc:
            messages.error(request, exc.message)
        return redirect("oversight:resolution_detail", pk=resolution.pk)
    return render(request, "oversight/reports/resolution_detail.html", {
        "r": resolution, "staff": staff, "vote_text": sel.vote_counts_text(resolution.vote),
    })  # fmt: skip


@require_GET
def resolution_word(request: HttpRequest, pk: int) -> HttpResponse:
    from renda.documents.word import docx_response

    from .documents_reports import resolution_docx

    resolution = sel.get_resolution_for(request.user, pk)
    return docx_response(resolution_docx(resolution), resolution.title)


# --- public pages (anonymous visitors: published resolutions only) ---------------------------------


def _portal(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    from renda.core.errors import NotFoundError
    from renda.portal.selectors import portal_congress

    raw = request.GET.get("c")
    try:
        congress = portal_congress(int(raw) if raw and raw.isdigit() else None)
    except NotFoundError:
        raise Http404(_("门户不存在。")) from None
    return congress, {"congress": congress, "portal_cid": congress.pk if raw else None}


@require_GET
def resolution_public_list(request: HttpRequest) -> HttpResponse:
    from .filtersets_reports import ResolutionFilterSet

    congress, ctx = _portal(request)
    query = request.GET.copy()
    query.pop("published", None)
    fs = ResolutionFilterSet(query, queryset=sel.public_resolutions(congress.pk), user=request.user)
    qs = fs.qs if fs.form.is_valid() else Resolution.objects.none()
    ctx.update(form=fs.form, page=Paginator(qs, 20).get_page(request.GET.get("page")))
    response = render(request, "oversight/reports/public_list.html", ctx)
    response["Cache-Control"] = "public, max-age=60"
    return response


@require_GET
def resolution_public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress, ctx = _portal(request)
    resolution = sel.public_resolutions(congress.pk).filter(pk=pk).first()
    if resolution is None:
        raise Http404(_("决议决定不存在。"))
    ctx.update(r=resolution, vote_text=sel.vote_counts_text(resolution.vote))
    response = render(request, "oversight/reports/public_detail.html", ctx)
    response["Cache-Control"] = "public, max-age=60"
    return response
