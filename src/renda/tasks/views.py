"""Pages of task decomposition: notices, their tasks and progress, the notice's text or an Excel
table read into tasks (previewed, nothing saved until every task is right), the summary as Word.

Each task's own page is the engine's case page (``/cases/<pk>/``): signing, progress with percent and
evidence files, the lead unit's completion report and the verification (销号) are its steps."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from renda.audit.services import record_export
from renda.core.errors import RendaError
from renda.core.forms import apply_service_error
from renda.core.scopes import scope_of, working_congress
from renda.documents import imports as stash
from renda.documents import mapping as colmap
from renda.documents.excel import ExcelError, Sheet, timestamped, workbook_bytes, xlsx_response
from renda.documents.word import docx_response

from . import documents, imports, selectors, services
from .forms import NoticeForm, SettingForm, TaskFilterForm, UploadForm
from .models import TaskNotice

PAGE_SIZE = 30


def _staff_congress(request: HttpRequest) -> Any:
    return working_congress(request.user, "staff", wanted=request.GET.get("congress") or request.POST.get("congress"),
                            message=_("只有人大工作人员可以管理任务分解。"))  # fmt: skip


def _notice_for(request: HttpRequest, pk: int) -> TaskNotice:
    return selectors.notice_for(request.user, pk)


def _is_staff_of(request: HttpRequest, notice: TaskNotice) -> bool:
    return scope_of(request.user).has_in(notice.congress_id, "staff", "leader")


@login_required
@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()
    qs = selectors.notices_for(request.user)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(issuer__icontains=q) | Q(document_number__icontains=q))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    can_create = bool(scope_of(request.user).congress_ids_with("staff"))
    return render(request, "tasks/list.html", {"page": page, "q": q, "can_create": can_create})


@login_required
@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest) -> HttpResponse:
    congress = _staff_congress(request)
    form = NoticeForm(request.POST or None)
    planned: list[services.PlannedTask] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["text"].strip():
                planned = services.plan_notice_text(congress, data["text"])
            if "confirm" in request.POST and not any(p.errors for p in planned):
                from django.db import transaction

                with transaction.atomic():
                    notice = services.notice_create(actor=request.user, congress=congress, **data)
                    services.tasks_create(actor=request.user, notice=notice, planned=planned)
                messages.success(request, _("已登记通知,分解任务 %(n)s 项并交办。") % {"n": len(planned)})
                return redirect("tasks:detail", pk=notice.pk)
        except RendaError as exc:
            apply_service_error(form, exc)
    return render(request, "tasks/form.html", {
        "form": form, "congress": congress, "planned": planned,
        "has_errors": any(p.errors for p in planned),
    })  # fmt: skip


def _filtered(request: HttpRequest, notice: TaskNotice) -> tuple[Any, TaskFilterForm]:
    form = TaskFilterForm(request.GET or None)
    qs = selectors.task_rows(request.user, notice)
    if form.is_valid():
        d = form.cleaned_data
        if d["q"]:
            qs = qs.filter(
                Q(case__title__icontains=d["q"]) | Q(case__body__icontains=d["q"])
                | Q(lead_as_written__icontains=d["q"]) | Q(cooperating_as_written__icontains=d["q"])
                | Q(case__assignments__organization__name__icontains=d["q"])
            ).distinct()  # fmt: skip
        if d["state"]:
            qs = qs.filter(case__state=d["state"])
        if d["flag"] == "overdue":
            qs = qs.filter(selectors.overdue_q())
        elif d["flag"] == "stalled":
            qs = qs.filter(selectors.stalled_q(selectors.stall_days_of(notice.congress_id)))
    return qs, form


@login_required
@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice_for(request, pk)
    qs, form = _filtered(request, notice)
    if request.GET.get("export") == "xlsx":
        return _export(request, notice, list(qs))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    units = selectors.lead_units(rows)
    stall = selectors.stall_days_of(notice.congress_id)
    from renda.core import clock

    now, today = clock.now(), clock.today()
    items = [
        {
            "task": t,
            "lead": [a.organization for a in units.get(t.case_id, []) if a.role == "lead"],
            "co": [a.organization for a in units.get(t.case_id, []) if a.role != "lead"],
            "overdue": t.case.closed_at is None and t.due_on is not None and t.due_on < today
            and t.case.state != "reported",
            "stalled": t.case.state in selectors.HANDLING_STATES and t.last_activity is not None
            and (now - t.last_activity).days > stall,
        }
        for t in rows
    ]  # fmt: skip
    progress = selectors.notice_progress(request.user, notice)
    return render(request, "tasks/detail.html", {
        "notice": notice, "page": page, "items": items, "form": form, "progress": progress,
        "is_staff": _is_staff_of(request, notice), "stall_days": stall,
        "chart": {"labels": [_("已销号"), _("待核验"), _("落实中"), _("待交办")],
                  "values": [progress.closed, progress.reported, progress.handling, progress.registered]},
    })  # fmt: skip


def _export(request: HttpRequest, notice: TaskNotice, tasks: list[Any]) -> HttpResponse:
    units = selectors.lead_units(tasks)
    rows = [
        [
            t.section, t.case.number, t.case.title,
            "、".join(a.organization.name for a in units.get(t.case_id, []) if a.role == "lead") or t.lead_as_written,
            "、".join(a.organization.name for a in units.get(t.case_id, []) if a.role != "lead")
            or t.cooperating_as_written,
            t.due_on.isoformat() if t.due_on else "", t.get_recurrence_display(),
            "" if t.percent is None else t.percent, t.case.get_state_display(),
            t.last_activity.strftime("%Y-%m-%d") if t.last_activity else "",
        ]
        for t in tasks
    ]  # fmt: skip
    sheet = Sheet(
        title=_("分解任务"),
        headers=[_("序号"), _("编号"), _("任务"), _("牵头单位"), _("配合单位"), _("完成时限"), _("周期"),
                 _("进度(%)"), _("状态"), _("最近进展")],
        rows=rows, widths=[8, 16, 40, 24, 36, 12, 10, 8, 12, 12],
    )  # fmt: skip
    record_export(request, action="task.export", rows=len(rows), congress=notice.congress)
    return xlsx_response(workbook_bytes([sheet]), timestamped(_("分解任务")))


@login_required
@require_GET
def notice_summary(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice_for(request, pk)
    if not _is_staff_of(request, notice):
        raise PermissionDenied(_("只有本级人大工作人员可以导出落实情况汇总。"))
    record_export(request, action="task_summary.export", rows=notice.tasks.count(), congress=notice.congress)
    return docx_response(documents.summary_docx(request.user, notice), _("任务落实情况汇总"))


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    congress = _staff_congress(request)
    setting = services.task_setting(congress)
    form = SettingForm(request.POST or None, initial={"stall_days": setting.stall_days,
                                                       "deadline_days": setting.deadline_days})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.task_setting_update(actor=request.user, congress=congress, **form.cleaned_data)
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("设置已保存。"))
            return redirect("tasks:settings")
    return render(request, "tasks/settings.html", {"form": form, "congress": congress})


# --- Excel import --------------------------------------------------------------------------------------


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    sheet = Sheet(title=_("任务分解表"), headers=[f.label for f in imports.FIELDS], rows=imports.TEMPLATE_ROWS,
                  widths=[8, 30, 50, 24, 36, 12, 10, 30])  # fmt: skip
    return xlsx_response(workbook_bytes([sheet]), _("任务分解导入模板.xlsx"))


def _staff_notice(request: HttpRequest, pk: int) -> TaskNotice:
    notice = _notice_for(request, pk)
    if not _is_staff_of(request, notice):
        raise PermissionDenied(_("只有本级人大工作人员可以导入任务。"))
    return notice


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _staff_notice(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet = colmap.read_sheet(upload, imports.FIELDS)
            if not sheet.rows:
                raise ExcelError(_("文件中没有数据行。"))
        except ExcelError as exc:
            form.add_error("file", exc.message)
        else:
            upload.seek(0)
            stash.stash(request, f"{imports.IMPORT_KIND}-{notice.pk}", upload)
            return redirect("tasks:import_check", pk=notice.pk)
    return render(request, "tasks/import.html", {"form": form, "notice": notice})


@login_required
@require_http_methods(["GET", "POST"])
def import_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The columns matched to the fields (remembered per layout), every row checked and shown; the
    tasks are created only when every row is right and the user confirms."""
    notice = _staff_notice(request, pk)
    kind = f"{imports.IMPORT_KIND}-{notice.pk}"
    found = stash.stashed(request, kind)
    if found is None:
        messages.error(request, _("导入文件已失效,请重新上传。"))
        return redirect("tasks:import", pk=notice.pk)
    path, filename = found
    try:
        sheet = colmap.read_sheet(str(path), imports.FIELDS)
    except ExcelError:
        messages.error(request, _("导入文件已失效,请重新上传。"))
        return redirect("tasks:import", pk=notice.pk)
    remembered = colmap.remembered_for(notice.congress, imports.IMPORT_KIND, sheet.headings)
    initial = colmap.suggest(sheet.headings, imports.FIELDS, remembered=remembered)
    form = colmap.MappingForm(
        request.POST or None, sheet=sheet, fields=imports.FIELDS, initial_mapping=initial
    )
    mapping = initial
    planned: list[services.PlannedTask] = []
    if request.method == "POST":
        if form.is_valid():
            mapping = form.cleaned_data["mapping"]
        else:
            mapping = []
    if mapping and not colmap.check_mapping(mapping, sheet.headings, imports.FIELDS):
        table, _skipped = colmap.apply_mapping(sheet, mapping, imports.FIELDS)
        planned = imports.plan_rows(notice.congress, table)
        if request.method == "POST" and "confirm" in request.POST and not any(p.errors for p in planned):
            try:
                colmap.remember(actor=request.user, congress=notice.congress, kind=imports.IMPORT_KIND,
                                headings=sheet.headings, mapping=mapping)  # fmt: skip
                created = services.tasks_create(actor=request.user, notice=notice, planned=planned)
            except RendaError as exc:
                messages.error(request, _("导入失败:%(m)s 未导入任何任务。") % {"m": exc.message})
            else:
                stash.discard(request, kind)
                messages.success(request, _("已导入 %(n)s 项任务并交办。") % {"n": len(created)})
                return redirect("tasks:detail", pk=notice.pk)
    return render(request, "tasks/import_check.html", {
        "notice": notice, "form": form, "planned": planned, "filename": filename,
        "has_errors": any(p.errors for p in planned), "n_errors": sum(1 for p in planned if p.errors),
        "detail_url": reverse("tasks:detail", args=[notice.pk]),
    })  # fmt: skip
