"""Budget pages: the overview with drill-down (year → department → project → months), the import
with its checks and differences, the template. Thin: rules live in imports/services/selectors."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from renda.core import clock
from renda.core.choices import Role
from renda.core.errors import RendaError
from renda.core.models import Organization
from renda.core.scopes import working_congress
from renda.documents import imports as stash
from renda.documents import mapping as colmap
from renda.documents.excel import ExcelError, Sheet, read_table, workbook_bytes, xlsx_response

from . import imports, selectors, services
from .forms import UploadForm
from .models import BudgetLine, ImportBatch

READ_ROLES = (Role.STAFF, Role.LEADER, Role.DEPUTY)


def _congress(request: HttpRequest, *roles: str) -> Any:
    return working_congress(request.user, *(roles or READ_ROLES), wanted=request.GET.get("congress"))


def _year(request: HttpRequest, congress: Any) -> int | None:
    years = selectors.years(congress)
    try:
        wanted = int(request.GET.get("year", ""))
    except ValueError:
        wanted = None
    return wanted if wanted in years else (years[0] if years else None)


def _figures(congress: Any, year: int, rows: list[selectors.Totals]) -> dict[str, Any]:
    month = selectors.latest_month(congress, year)
    last_rows = selectors.totals_by(congress, year - 1, "department")
    last = {r.key: r.executed for r in last_rows}
    for r in rows:
        r.last_year_executed = last.get(r.key)
    return {"month": month, "elapsed": selectors.elapsed_share(year, month),
            "last": selectors.sum_of(last_rows, str(year - 1), year - 1)}  # fmt: skip


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    congress = _congress(request)
    year = _year(request, congress)
    ctx: dict[str, Any] = {"congress": congress, "year": year, "years": selectors.years(congress),
                           "can_manage": services.can_manage(request.user, congress),
                           "is_deputy": not services.can_read_all(request.user, congress)}  # fmt: skip
    if year:
        rows = selectors.totals_by(congress, year, "department")
        tot = selectors.sum_of(rows, str(year), year)
        ctx |= {"rows": rows, "total": tot, **_figures(congress, year, rows)}
        cumulative, run = [], 0.0
        for v in tot.months:
            run += float(v)
            cumulative.append(round(run / float(tot.current) * 100, 1) if tot.current else 0)
        ctx["chart"] = {
            "curve": cumulative[: ctx["month"] or 12],
            "elapsed": [round(m / 12 * 100, 1) for m in range(1, 13)],
            "tree": selectors.function_tree(congress, year),
        }  # fmt: skip
    return render(request, "budget/overview.html", ctx)


@login_required
@require_GET
def department(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(request)
    org = get_object_or_404(Organization, pk=pk, congress=congress)
    year = _year(request, congress)
    if year is None:
        raise Http404
    rows = selectors.totals_by(congress, year, "project", department=org)
    return render(request, "budget/department.html", {
        "congress": congress, "year": year, "org": org, "rows": rows,
        "total": selectors.total(congress, year, department=org),
        "month": selectors.latest_month(congress, year),
    })  # fmt: skip


@login_required
@require_GET
def line_detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(request)
    line = get_object_or_404(BudgetLine.objects.select_related("department", "function_code", "economic_code"),
                             pk=pk, congress=congress)  # fmt: skip
    t = selectors.totals_by(congress, line.year, "project", pk=line.pk)[0]
    months = [(i + 1, v) for i, v in enumerate(t.months)]
    return render(request, "budget/line.html", {"line": line, "t": t, "months": months})


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    sheet = Sheet(title=_("预算执行表"), headers=imports.TEMPLATE_HEADINGS, rows=imports.TEMPLATE_ROWS,
                  widths=[22, 16, 14, 14, 30, 10, 14, 14, 8, 14, 10])  # fmt: skip
    return xlsx_response(workbook_bytes([sheet]), _("预算执行导入模板.xlsx"))


def _manager_congress(request: HttpRequest) -> Any:
    congress = _congress(request, Role.STAFF)
    if not services.can_manage(request.user, congress):
        raise PermissionDenied(_("只有本级人大工作人员可以导入预算数据。"))
    return congress


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    congress = _manager_congress(request)
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
            stash.stash(request, f"{imports.IMPORT_KIND}-{congress.pk}", upload)
            request.session["budget_import"] = {
                "year": form.cleaned_data["year"],
                "unit": form.cleaned_data["unit"],
            }
            return redirect("budget:import_check")
    return render(request, "budget/import.html", {"form": form, "congress": congress})


@login_required
@require_http_methods(["GET", "POST"])
def import_check(request: HttpRequest) -> HttpResponse:
    """Columns matched, every row checked; when the year's months are already held, the differences
    are listed and the user confirms the replacement. Nothing is written before that."""
    congress = _manager_congress(request)
    kind = f"{imports.IMPORT_KIND}-{congress.pk}"
    found = stash.stashed(request, kind)
    declared = request.session.get("budget_import")
    if found is None or not declared:
        messages.error(request, _("导入文件已失效,请重新上传。"))
        return redirect("budget:import")
    path, filename = found
    try:
        sheet = colmap.read_sheet(str(path), imports.FIELDS)
    except ExcelError:
        messages.error(request, _("导入文件已失效,请重新上传。"))
        return redirect("budget:import")
    year, unit = int(declared["year"]), declared["unit"]
    remembered = colmap.remembered_for(congress, imports.IMPORT_KIND, sheet.headings)
    initial = colmap.suggest(sheet.headings, imports.FIELDS, remembered=remembered)
    form = colmap.MappingForm(
        request.POST or None, sheet=sheet, fields=imports.FIELDS, initial_mapping=initial
    )
    mapping = initial
    if request.method == "POST":
        mapping = form.cleaned_data["mapping"] if form.is_valid() else []
    planned: list[imports.PlannedRow] = []
    diffs: list[services.Difference] = []
    replacing = False
    if mapping and not colmap.check_mapping(mapping, sheet.headings, imports.FIELDS):
        table, _skipped = colmap.apply_mapping(sheet, mapping, imports.FIELDS)
        planned = imports.plan_rows(congress, table, unit=unit, cells=imports.cells_of(mapping))
        if not any(p.errors for p in planned):
            months = sorted({p.month for p in planned if p.month})
            replacing = services.has_earlier_data(congress=congress, year=year, months=months)
            diffs = services.import_differences(congress=congress, year=year, planned=planned)
            if request.method == "POST" and "confirm" in request.POST:
                try:
                    colmap.remember(actor=request.user, congress=congress, kind=imports.IMPORT_KIND,
                                    headings=sheet.headings, mapping=mapping)  # fmt: skip
                    batch = services.import_apply(
                        actor=request.user, congress=congress, year=year, planned=planned, filename=filename,
                        replace_confirmed=request.POST.get("replace") == "1",
                    )  # fmt: skip
                except RendaError as exc:
                    messages.error(request, _("导入失败:%(m)s 未导入任何数据。") % {"m": exc.message})
                else:
                    stash.discard(request, kind)
                    request.session.pop("budget_import", None)
                    messages.success(request, _("已导入 %(n)s 行预算执行数据。") % {"n": batch.rows})
                    return redirect("budget:batch", pk=batch.pk)
    return render(request, "budget/import_check.html", {
        "form": form, "planned": planned, "filename": filename, "year": year, "unit": unit,
        "errors": [e for p in planned for e in p.errors], "n_errors": sum(1 for p in planned if p.errors),
        "has_errors": any(p.errors for p in planned), "diffs": diffs, "replacing": replacing,
    })  # fmt: skip


@login_required
@require_GET
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress = _congress(request)
    batch = get_object_or_404(ImportBatch, pk=pk, congress=congress)
    return render(request, "budget/batch.html", {"batch": batch})


@login_required
@require_GET
def warning_list(request: HttpRequest) -> HttpResponse:
    from .warnings import PARAM_LABELS, RULES, settings_for, warnings_for

    congress = _congress(request, Role.STAFF, Role.LEADER)
    conf = settings_for(congress)
    year = _year(request, congress)
    found = warnings_for(congress, year) if year else []
    return render(request, "budget/warnings.html", {
        "congress": congress, "year": year, "years": selectors.years(congress), "warnings": found,
        "month": selectors.latest_month(congress, year) if year else 0,
        "rules": [(r, conf[code], [(k, PARAM_LABELS[k], conf[code][k]) for k in r.defaults])
                  for code, r in RULES.items()],
        "can_inquire": services.can_manage(request.user, congress),
        "bureaus": _bureaus(congress),
    })  # fmt: skip


def _bureaus(congress: Any) -> list[Organization]:
    from renda.core.choices import HANDLING_UNIT_KINDS

    units = list(Organization.objects.filter(congress=congress, kind__in=HANDLING_UNIT_KINDS))
    return sorted(units, key=lambda o: (0 if "财政" in o.name else 1, o.sort_order, o.name))


@login_required
@require_http_methods(["POST"])
def warning_inquire(request: HttpRequest) -> HttpResponse:
    """询问: the warning (found again from its key, so its evidence is today's) sent to the finance bureau."""
    from .warnings import warnings_for

    congress = _manager_congress(request)
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        raise Http404 from None
    found = {w.key: w for w in warnings_for(congress, year)}
    warning = found.get(request.POST.get("key", ""))
    if warning is None:
        messages.error(request, _("该预警已不存在,请刷新页面。"))
        return redirect(f"{reverse('budget:warnings')}?year={year}")
    bureau = Organization.objects.filter(congress=congress, pk=request.POST.get("bureau") or 0).first()
    try:
        case = services.inquiry_create(actor=request.user, congress=congress, warning=warning, year=year,
                                       finance_bureau=bureau, question=request.POST.get("question", ""))  # fmt: skip
    except RendaError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('budget:warnings')}?year={year}")
    messages.success(request, _("已向%(u)s发出询问。") % {"u": bureau.name})
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_GET
def analysis_docx(request: HttpRequest) -> HttpResponse:
    from renda.documents.word import docx_response

    from .documents import yearly_analysis

    congress = _congress(request, Role.STAFF, Role.LEADER)
    year = _year(request, congress)
    if year is None:
        raise Http404
    return docx_response(yearly_analysis(congress, year), _("%(y)s年预算执行情况分析") % {"y": year})


@login_required
@require_http_methods(["POST"])
def warning_setting(request: HttpRequest) -> HttpResponse:
    from .warnings import RULES

    congress = _manager_congress(request)
    rule = request.POST.get("rule", "")
    params = {k: request.POST.get(k, "") for k in (RULES[rule].defaults if rule in RULES else {})}
    try:
        services.warning_setting_update(actor=request.user, congress=congress, rule=rule,
                                        enabled=request.POST.get("enabled") == "1", params=params)  # fmt: skip
    except RendaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("预警规则已保存。"))
    return redirect(f"{reverse('budget:warnings')}?year={request.POST.get('year', '')}")


def _publication_year(request: HttpRequest, congress: Any) -> int:
    try:
        wanted = int(request.GET.get("year", ""))
        if 2000 <= wanted <= 2100:
            return wanted
    except ValueError:
        pass
    years = selectors.years(congress)
    return years[0] if years else clock.today().year


@login_required
@require_http_methods(["GET", "POST"])
def publications(request: HttpRequest) -> HttpResponse:
    """预决算公开: the government's and each department's approval and publication dates of a year's
    budget or final accounts, late or missing ones marked; staff enter them one by one or from Excel."""
    from django.core.paginator import Paginator

    from . import publications as pubs
    from .forms import PublicationForm, PublicationUploadForm
    from .models import Publication
    from .warnings import settings_for

    congress = _congress(request, Role.STAFF, Role.LEADER)
    can_edit = services.can_manage(request.user, congress)
    year = _publication_year(request, congress)
    kind = (
        request.GET.get("kind")
        if request.GET.get("kind") in Publication.Kind.values
        else Publication.Kind.BUDGET
    )
    days = int(settings_for(congress)["not_published"]["days"])
    form = PublicationForm(congress=congress, initial={"year": year, "kind": kind})
    upload = PublicationUploadForm()
    upload_errors: list[str] = []
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("只有本级人大工作人员可以登记预决算公开情况。"))
        if request.POST.get("action") == "upload":
            upload = PublicationUploadForm(request.POST, request.FILES)
            if upload.is_valid():
                try:
                    table = read_table(upload.cleaned_data["file"], pubs.COLUMNS)
                    planned = pubs.plan_rows(congress, table, headers=table.headers)
                    upload_errors = [e for p in planned for e in p.errors]
                    if not upload_errors:
                        n = pubs.publications_import(actor=request.user, congress=congress, planned=planned)
                        messages.success(request, _("已导入 %(n)s 条预决算公开记录。") % {"n": n})
                        return redirect(f"{reverse('budget:publications')}?year={year}&kind={kind}")
                except ExcelError as exc:
                    upload.add_error("file", exc.message)
                except RendaError as exc:
                    upload.add_error("file", exc.message)
        else:
            form = PublicationForm(request.POST, congress=congress)
            if form.is_valid():
                d = form.cleaned_data
                try:
                    pubs.publication_save(actor=request.user, congress=congress, year=d["year"], kind=d["kind"],
                                          department=d["department"], approved_on=d["approved_on"],
                                          published_on=d["published_on"], url=d["url"], note=d["note"])  # fmt: skip
                except RendaError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                else:
                    messages.success(request, _("预决算公开情况已保存。"))
                    return redirect(f"{reverse('budget:publications')}?year={d['year']}&kind={d['kind']}")
    page = Paginator(pubs.statuses(congress, year, kind, days), 50).get_page(request.GET.get("page"))
    return render(request, "budget/publications.html", {
        "congress": congress, "year": year, "kind": kind, "kinds": Publication.Kind.choices, "days": days,
        "page": page, "form": form, "upload": upload, "upload_errors": upload_errors, "can_edit": can_edit,
        "years": sorted(set(selectors.years(congress)) | {year}, reverse=True),
    })  # fmt: skip


@login_required
@require_GET
def publication_template(request: HttpRequest) -> HttpResponse:
    from . import publications as pubs

    sheet = Sheet(title=_("预决算公开情况"), headers=[c.header for c in pubs.COLUMNS], rows=pubs.TEMPLATE_ROWS,
                  widths=[c.width for c in pubs.COLUMNS])  # fmt: skip
    return xlsx_response(workbook_bytes([sheet]), _("预决算公开情况导入模板.xlsx"))


@login_required
@require_GET
def overview_export(request: HttpRequest) -> HttpResponse:
    from . import exports

    congress = _congress(request)
    year = _year(request, congress)
    if year is None:
        raise Http404
    return xlsx_response(exports.year_overview(congress, year), _("%(y)s年预算执行情况.xlsx") % {"y": year})


@login_required
@require_GET
def department_export(request: HttpRequest, pk: int) -> HttpResponse:
    from . import exports

    congress = _congress(request)
    org = get_object_or_404(Organization, pk=pk, congress=congress)
    year = _year(request, congress)
    if year is None:
        raise Http404
    return xlsx_response(exports.department(congress, year, org), f"{year}年{org.name}预算执行情况.xlsx")


@login_required
@require_GET
def line_export(request: HttpRequest, pk: int) -> HttpResponse:
    from . import exports

    congress = _congress(request)
    line = get_object_or_404(
        BudgetLine.objects.select_related("department", "congress"), pk=pk, congress=congress
    )
    return xlsx_response(exports.line_months(line), f"{line.year}年{line.project}月度执行.xlsx")


@login_required
@require_GET
def warnings_export(request: HttpRequest) -> HttpResponse:
    from . import exports
    from .warnings import warnings_for

    congress = _congress(request, Role.STAFF, Role.LEADER)
    year = _year(request, congress)
    if year is None:
        raise Http404
    found = warnings_for(congress, year)
    return xlsx_response(
        exports.warnings_table(congress, year, found), _("%(y)s年预算执行预警.xlsx") % {"y": year}
    )
