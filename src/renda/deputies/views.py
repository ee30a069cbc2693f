"""Pages of the deputies app. Thin: services write, selectors read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.audit.services import record_export
from renda.compliance.registry import RULES, PeriodRange, evaluate, load_rule_modules
from renda.core import clock
from renda.core.choices import Role
from renda.core.errors import RendaError, ValidationFailed
from renda.core.forms import ImportUploadForm
from renda.core.models import Congress, Term
from renda.core.permissions import RESOURCES, resource_required, role_required
from renda.core.scopes import scope_of
from renda.documents import imports
from renda.documents import mapping as colmap
from renda.documents.excel import ExcelError, Sheet, timestamped, workbook_bytes, xlsx_response
from renda.documents.serving import file_response
from renda.documents.uploads import pop_upload_error, remember_upload_error

from . import docs, meeting_services, roster, selectors, services
from .choices import (
    DEFAULT_POINTS,
    GENERATED_KINDS,
    Attendance,
    Verification,
    point_rule_labels,
)
from .forms import (
    ActivityForm,
    FundForm,
    MandateEndForm,
    MandateForm,
    MeetingRequestForm,
    RegisterFilterForm,
    SelfReportForm,
    VoterReportForm,
    VoterReportRecordForm,
)
from .models import DeputyMandate
from .records import (
    Activity,
    ActivityAttachment,
    ActivityParticipation,
    ExitWarning,
    RankingPublication,
    VoterReport,
)

# The register holds personal data: congress staff and leaders (not the administrators).
STAFFLIKE = RESOURCES["deputies.register"]
IMPORT_KIND = roster.IMPORT_KIND
DEPUTY_RULES = ["R13", "R14", "R16", "R19", "R20", "R21", "R22", "R23", "R28", "R34", "R36", "D01", "D02",
                "D03"]  # fmt: skip


def _congress(request: HttpRequest) -> Congress:
    """The congress a staff page works on: ?congress= among those the user reads, else their own."""
    scope = scope_of(request.user)
    wanted = request.GET.get("congress") or request.POST.get("congress")
    if wanted and str(wanted).isdigit() and int(wanted) in scope.staff_read_congress_ids:
        return Congress.objects.get(pk=int(wanted))
    own = sorted(scope.congress_ids_with(*STAFFLIKE))
    if not own:
        raise PermissionDenied(_("您没有访问此页面的权限。"))
    return Congress.objects.get(pk=own[0])


def _congress_choices(request: HttpRequest) -> list[Congress]:
    return list(
        Congress.objects.filter(pk__in=scope_of(request.user).staff_read_congress_ids).order_by("path")
    )


def _manages(request: HttpRequest, congress: Congress) -> bool:
    return scope_of(request.user).has_in(congress.pk, Role.STAFF)


def _error(request: HttpRequest, exc: RendaError, form: Any = None) -> None:
    if form is not None and exc.field and exc.field in getattr(form, "fields", {}):
        form.add_error(exc.field, exc.message)
    else:
        messages.error(request, exc.message)


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return clock.today().year


def _mandate(request: HttpRequest, pk: int) -> DeputyMandate:
    try:
        return selectors.get_mandate_for(request.user, pk)
    except RendaError:
        raise Http404 from None


# --- the register -------------------------------------------------------------------------------------


def _register_filters(
    request: HttpRequest, congress: Congress
) -> tuple[RegisterFilterForm, selectors.RegisterFilters]:
    form = RegisterFilterForm(request.GET or None, congress=congress)
    f = selectors.RegisterFilters(congress=congress.pk)
    if form.is_valid():
        d = form.cleaned_data
        f.q = d.get("q") or ""
        f.constituency = d.get("constituency") or ""
        f.group = d.get("group")
        f.station = d.get("station")
        f.occupation_category = d.get("occupation_category") or ""
        f.grassroots = {"1": True, "0": False}.get(d.get("grassroots") or "")
        f.gender = d.get("gender") or ""
        f.party = d.get("party") or ""
        f.incomplete = {"1": True, "0": False}.get(d.get("incomplete") or "")
        f.status = d.get("status") or "active"
        f.term = d.get("term")
        f.activity_year = d.get("activity_year")
        f.activity_below = d.get("activity_below")
    return form, f


@resource_required("deputies.register")
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    congress = _congress(request)
    form, f = _register_filters(request, congress)
    page = Paginator(selectors.register(request.user, f), 50).get_page(request.GET.get("page"))
    return render(request, "deputies/register.html", {
        "congress": congress, "congresses": _congress_choices(request), "form": form, "page": page,
        "manages": _manages(request, congress),
    })  # fmt: skip


@resource_required("deputies.register")
@require_GET
def register_export(request: HttpRequest) -> HttpResponse:
    congress = _congress(request)
    _form, f = _register_filters(request, congress)
    rows = []
    for m in selectors.register(request.user, f).iterator(chunk_size=2000):
        d = m.deputy
        full = selectors.can_see_id_number(request.user, m)
        rows.append([
            d.full_name, d.id_number if full else d.id_number_masked, d.get_gender_display(), d.ethnicity,
            f"{d.birth_date:%Y-%m}" if d.birth_day_unknown and d.birth_date else d.birth_date,
            d.get_party_display(), d.get_education_display(), d.occupation, d.phone,
            m.constituency, m.delegation, m.group.name if m.group else "", m.station.name if m.station else "",
            m.get_occupation_category_display(), m.is_grassroots, m.is_reelected, m.is_standing_committee_member,
            m.is_full_time, m.has_legal_practice, m.holds_leadership_post, not d.has_fixed_income, m.started_on,
            m.remarks, m.ended_on, m.get_end_reason_display() if m.end_reason else "", "、".join(m.missing_info),
        ])  # fmt: skip
    headers = [c.header for c in roster.COLUMNS if c.key != "nominated_by_committee"] + [
        _("终止日期"),
        _("终止原因"),
        _("待补录"),
    ]
    sheet = Sheet(title=_("代表名册"), headers=headers, rows=rows,
                  note=f"{congress.name} 导出时间 {timezone.localtime():%Y-%m-%d %H:%M}")  # fmt: skip
    record_export(request, action="deputy_register.export", rows=len(rows), congress=congress)
    return xlsx_response(workbook_bytes([sheet]), timestamped(_("代表名册")))


@resource_required("deputies.mandate")
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = _mandate(request, pk)
    rec = selectors.deputy_record(mandate)
    year = clock.today().year
    rank, out_of = selectors.rank_of(mandate.congress, mandate, year)
    manages = _manages(request, mandate.congress)
    from .completeness import missing_of

    return render(request, "deputies/detail.html", {
        "m": mandate, "rec": rec, "missing": missing_of(mandate), "rank": rank, "out_of": out_of, "year": year, "manages": manages,
        "show_id": selectors.can_see_id_number(request.user, mandate),
        "end_form": MandateEndForm(), "fund_form": FundForm(), "report_form": VoterReportForm(),
        "fund_totals": selectors.fund_totals(mandate),
        "reports": [(r, selectors.satisfaction(r)) for r in rec.reports],
        "record_form": VoterReportRecordForm(),
    })  # fmt: skip


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = _mandate(request, pk)
    if not _manages(request, mandate.congress):
        raise PermissionDenied(_("您没有管理该代表的权限。"))
    d = mandate.deputy
    initial = {
        **{k: getattr(d, k) for k in services.DEPUTY_EDITABLE},
        **{k: getattr(mandate, k) for k in services.MANDATE_EDITABLE if k not in ("group", "station")},
        "group": mandate.group_id, "station": mandate.station_id,
    }  # fmt: skip
    form = MandateForm(request.POST or None, initial=initial, congress=mandate.congress)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        id_number = data.pop("id_number") or None
        from renda.core.models import Organization

        from .models import DeputyGroup

        data["group"] = (
            DeputyGroup.objects.filter(pk=data["group"], congress=mandate.congress).first()
            if data["group"]
            else None
        )
        data["station"] = Organization.objects.filter(pk=data["station"]).first() if data["station"] else None
        try:
            services.deputy_mandate_update(actor=request.user, mandate=mandate, id_number=id_number, **data)
        except RendaError as exc:
            _error(request, exc, form)
        else:
            messages.success(request, _("已保存。"))
            return redirect("deputies:detail", pk=mandate.pk)
    return render(request, "deputies/edit.html", {"form": form, "m": mandate})


@role_required(Role.STAFF)
@require_POST
def end(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = _mandate(request, pk)
    form = MandateEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写终止日期和原因。"))
    else:
        try:
            services.deputy_mandate_end(
                actor=request.user, mandate=mandate, ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"], note=form.cleaned_data["note"],
            )  # fmt: skip
            messages.success(request, _("代表资格已终止。"))
        except RendaError as exc:
            _error(request, exc)
    return redirect("deputies:detail", pk=mandate.pk)


# --- roster import ------------------------------------------------------------------------------------


def _term_of(request: HttpRequest, congress: Congress) -> Term:
    raw = request.GET.get("term") or request.POST.get("term")
    term = None
    if raw and str(raw).isdigit():
        term = Term.objects.filter(pk=int(raw), congress=congress).first()
    term = term or selectors.current_term(congress)
    if term is None:
        raise Http404(_("该人大还没有届次。"))
    return term


@role_required(Role.STAFF)
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    congress = _congress(request)
    term = _term_of(request, congress)
    from .models import DeputyGroup

    main = Sheet(title=_("代表名册"), headers=[c.header for c in roster.COLUMNS], rows=roster.template_rows(term),
                 widths=[c.width for c in roster.COLUMNS])  # fmt: skip
    groups = [g.name for g in DeputyGroup.objects.filter(congress=congress)]
    stations = [s.name for s in roster.station_choices(term)]
    from .choices import OccupationCategory, PoliticalAffiliation

    lists = [
        groups,
        stations,
        [str(x) for x in OccupationCategory.labels],
        [str(x) for x in PoliticalAffiliation.labels],
    ]
    n = max(len(x) for x in lists)
    valid = Sheet(title=_("可选值"), headers=[_("代表小组"), _("联络站"), _("职业构成"), _("政治面貌")],
                  rows=[[col[i] if i < len(col) else "" for col in lists] for i in range(n)], widths=[20, 28, 16, 14])  # fmt: skip
    return xlsx_response(workbook_bytes([main, valid]), _("代表名册导入模板.xlsx"))


IMPORT_TERM_KEY = "renda_import_deputy_term"
IMPORT_MAPPING_KEY = "renda_import_deputy_mapping"


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def import_roster(request: HttpRequest) -> HttpResponse:
    """Step 1: upload. The file is read as it is (any layout) and kept for the mapping step."""
    congress = _congress(request)
    term = _term_of(request, congress)
    if not _manages(request, congress):
        raise PermissionDenied(_("您没有管理该人大代表的权限。"))
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet = colmap.read_sheet(upload, roster.FIELDS)
            if not sheet.rows:
                raise ExcelError(_("文件中没有数据行。"))
        except ExcelError as exc:
            form.add_error("file", exc.message)
        else:
            upload.seek(0)
            imports.stash(request, IMPORT_KIND, upload)
            request.session[IMPORT_TERM_KEY] = term.pk
            request.session.pop(IMPORT_MAPPING_KEY, None)
            return redirect("deputies:import_mapping")
    return render(request, "deputies/import.html", {"form": form, "congress": congress, "term": term})


def _stashed_roster(request: HttpRequest) -> tuple[Term, colmap.RawSheet, str] | None:
    found = imports.stashed(request, IMPORT_KIND)
    term = (
        Term.objects.filter(pk=request.session.get(IMPORT_TERM_KEY) or 0).select_related("congress").first()
    )
    if found is None or term is None or not _manages(request, term.congress):
        return None
    path, filename = found
    return term, colmap.read_sheet(str(path), roster.FIELDS), filename


def _render_check(request: HttpRequest, term: Term, sheet: colmap.RawSheet, mapping: list[str],
                  filename: str) -> HttpResponse:  # fmt: skip
    table, skipped = colmap.apply_mapping(sheet, mapping, roster.FIELDS)
    result = roster.check_roster(actor=request.user, term=term, table=table)
    labels = {f.key: f.label for f in roster.FIELDS}
    mapped = [(h, labels[k]) for h, k in zip(sheet.headings, mapping, strict=False) if k]
    return render(request, "deputies/import_result.html", {
        "result": result, "filename": filename, "congress": term.congress, "term": term,
        "skipped": skipped, "mapped": mapped,
    })  # fmt: skip


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def import_mapping(request: HttpRequest) -> HttpResponse:
    """Step 2: which uploaded column is which field. Pre-filled from the mapping this congress
    confirmed for the same layout, else from the headings; confirmed, it is remembered and the rows
    are checked (step 3, the preview)."""
    try:
        found = _stashed_roster(request)
    except ExcelError:
        found = None
    if found is None:
        messages.error(request, _("导入文件已失效,请重新上传。"))
        return redirect("deputies:import")
    term, sheet, filename = found
    remembered = colmap.remembered_for(term.congress, roster.IMPORT_KIND, sheet.headings)
    initial = colmap.suggest(sheet.headings, roster.FIELDS, remembered=remembered)
    form = colmap.MappingForm(
        request.POST or None,
        sheet=sheet,
        fields=roster.FIELDS,
        initial_mapping=initial,
        sample_filter=roster.mask_sample,
    )
    if request.method == "POST" and form.is_valid():
        mapping = form.cleaned_data["mapping"]
        try:
            roster.roster_mapping_save(
                actor=request.user, term=term, headings=sheet.headings, mapping=mapping
            )
        except RendaError as exc:
            _error(request, exc)
        else:
            request.session[IMPORT_MAPPING_KEY] = {"signature": sheet.signature, "mapping": mapping}
            return _render_check(request, term, sheet, mapping, filename)
    return render(request, "deputies/import_mapping.html", {
        "form": form, "congress": term.congress, "term": term, "filename": filename, "sheet": sheet,
        "pre_mapped": colmap.is_remembered(term.congress, roster.IMPORT_KIND, sheet.headings),
        "required": [f.label for f in roster.FIELDS if f.required],
    })  # fmt: skip


@role_required(Role.STAFF)
@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 4: the file and the confirmed mapping are read and checked again, then imported."""
    try:
        found = _stashed_roster(request)
    except ExcelError:
        found = None
    saved = request.session.get(IMPORT_MAPPING_KEY) or {}
    if found is None:
        imports.discard(request, IMPORT_KIND)
        messages.error(request, _("导入文件已失效,请重新上传。"))
        return redirect("deputies:import")
    term, sheet, filename = found
    mapping = [str(k) for k in saved.get("mapping", [])] if isinstance(saved, dict) else []
    if saved.get("signature") != sheet.signature or colmap.check_mapping(
        mapping, sheet.headings, roster.FIELDS
    ):
        messages.error(request, _("请先确认各列对应的字段。"))
        return redirect("deputies:import_mapping")
    table, _skipped = colmap.apply_mapping(sheet, mapping, roster.FIELDS)
    try:
        result = roster.check_roster(actor=request.user, term=term, table=table)
        if not result.ok:
            return _render_check(request, term, sheet, mapping, filename)
        created = roster.roster_import(actor=request.user, term=term, check=result)
    except RendaError as exc:
        imports.discard(request, IMPORT_KIND)
        messages.error(request, _("导入失败:%(m)s 未导入任何代表。") % {"m": exc.message})
        return redirect("deputies:import")
    imports.discard(request, IMPORT_KIND)
    request.session.pop(IMPORT_MAPPING_KEY, None)
    if result.incomplete:
        messages.warning(request, _("已导入 %(n)s 名代表,其中 %(i)s 名信息不完整,请在名册中筛选“信息不完整”补录。")
                         % {"n": len(created), "i": result.incomplete})  # fmt: skip
    else:
        messages.success(request, _("已导入 %(n)s 名代表。") % {"n": len(created)})
    return redirect(reverse("deputies:register") + f"?congress={term.congress_id}")


@role_required(Role.STAFF)
@require_POST
def import_cancel(request: HttpRequest) -> HttpResponse:
    imports.discard(request, IMPORT_KIND)
    messages.info(request, _("已取消导入,未导入任何代表。"))
    return redirect("deputies:import")


# --- composition --------------------------------------------------------------------------------------


@role_required(*STAFFLIKE)
@require_GET
def composition(request: HttpRequest) -> HttpResponse:
    congress = _congress(request)
    term = _term_of(request, congress)
    data = selectors.composition(congress, term)
    load_rule_modules()
    period = PeriodRange.for_term(term)
    checks = evaluate(congress, period, rule_ids=["R13", "R14", "R22", "R23"])
    chart = {
        "category": data["by_category"], "ethnicity": data["by_ethnicity"], "party": data["by_party"],
        "age": data["by_age"],
        "shares": [{"name": n, "value": data["shares"][k]} for k, n in (
            ("grassroots", "基层代表"), ("front_line", "一线工农技术人员"), ("women", "妇女"),
            ("reelected", "连任"), ("minority", "少数民族"))],
    }  # fmt: skip
    return render(request, "deputies/composition.html", {
        "congress": congress, "term": term, "data": data, "chart": chart, "checks": checks,
        "congresses": _congress_choices(request), "terms": Term.objects.filter(congress=congress),
    })  # fmt: skip


# --- activities ---------------------------------------------------------------------------------------


@role_required(*STAFFLIKE)
@require_GET
def activities(request: HttpRequest) -> HttpResponse:
    congress = _congress(request)
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() and 1949 <= int(raw_year) <= 2100 else None
    qs = selectors.activities_for(request.user, congress, request.GET.get("kind", "")[:24], year=year)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "deputies/activities.html", {"congress": congress, "page": page, "year": year,
                                                        "manages": _manages(request, congress)})  # fmt: skip


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def activity_create(request: HttpRequest) -> HttpResponse:
    congress = _congress(request)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            activity = services.activity_create(
                actor=request.user, congress=congress, kind=d["kind"], title=d["title"], occurred_on=d["occurred_on"],
                organiser=d["organiser"], organised_by_committee=d["organised_by_committee"], place=d["place"],
                description=d["description"], hours=d["hours"] or 0, is_initial_training=d["is_initial_training"],
            )  # fmt: skip
        except RendaError as exc:
            _error(request, exc, form)
        else:
            messages.success(request, _("活动已登记,请签到参加的代表。"))
            return redirect("deputies:activity_detail", pk=activity.pk)
    return render(request, "deputies/activity_form.html", {"form": form, "congress": congress})


@role_required(*STAFFLIKE)
@require_http_methods(["GET", "POST"])
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = Activity.objects.visible_to(request.user).select_related("congress").filter(pk=pk).first()
    if activity is None:
        raise Http404
    manages = _manages(request, activity.congress)
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        ids = [int(x) for x in request.POST.getlist("mandates") if x.isdigit()]
        mandates = list(
            DeputyMandate.objects.filter(pk__in=ids, congress=activity.congress).select_related("deputy")
        )
        try:
            if request.FILES.get("file") or "upload" in request.POST:
                try:
                    services.activity_attach(
                        actor=request.user, activity=activity, file=request.FILES.get("file")
                    )
                except ValidationFailed as exc:
                    remember_upload_error(request, f"activity-evidence-{activity.pk}", exc.message)
                else:
                    messages.success(request, _("已上传佐证材料。"))
            else:
                created = services.activity_sign_in(actor=request.user, activity=activity, mandates=mandates,
                                                    attendance=request.POST.get("attendance", Attendance.PRESENT))  # fmt: skip
                messages.success(request, _("已签到 %(n)s 名代表。") % {"n": len(created)})
        except RendaError as exc:
            _error(request, exc)
        return redirect("deputies:activity_detail", pk=activity.pk)
    participations = list(
        activity.participations.select_related("mandate__deputy", "mandate__group").order_by(
            "mandate__deputy__full_name"
        )
    )
    present = {p.mandate_id for p in participations}
    q = (request.GET.get("q") or "").strip()[:50]
    candidates = (
        DeputyMandate.objects.active()
        .filter(congress=activity.congress)
        .exclude(pk__in=present)
        .select_related("deputy", "group")
    )
    if q:
        candidates = candidates.filter(deputy__full_name__icontains=q) | candidates.filter(
            group__name__icontains=q
        )
    candidates = candidates.order_by("group__sort_order", "deputy__full_name")[:300]
    return render(request, "deputies/activity_detail.html", {
        "a": activity, "participations": participations, "candidates": candidates, "manages": manages,
        "attendance": Attendance.choices, "q": q, "generated": activity.kind in GENERATED_KINDS,
        "upload_error": pop_upload_error(request, f"activity-evidence-{activity.pk}"),
    })  # fmt: skip


@require_GET
def activity_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """One piece of evidence, only for those who may read its activity (404 for everyone else)."""
    att = (
        ActivityAttachment.objects.filter(pk=pk, activity__in=Activity.objects.visible_to(request.user))
        .select_related("activity")
        .first()
        if 0 < pk < 2**63
        else None
    )
    if att is None:
        raise Http404(_("文件不存在。"))
    return file_response(att.file, name=att.name)


@role_required(Role.STAFF)
@require_POST
def participation_action(request: HttpRequest, pk: int) -> HttpResponse:
    p = (
        ActivityParticipation.objects.visible_to(request.user)
        .select_related("activity")
        .filter(pk=pk)
        .first()
    )
    if p is None:
        raise Http404
    action = request.POST.get("action", "")
    try:
        if action == "verify":
            services.participation_verify(actor=request.user, participation=p, approve=True)
        elif action == "reject":
            services.participation_verify(actor=request.user, participation=p, approve=False,
                                          note=request.POST.get("note", ""))  # fmt: skip
        elif action == "remove":
            services.participation_remove(actor=request.user, participation=p)
        elif action == "attendance":
            services.participation_set_attendance(actor=request.user, participation=p,
                                                  attendance=request.POST.get("attendance", ""))  # fmt: skip
        else:
            messages.error(request, _("未知的操作。"))
        messages.success(request, _("已处理。")) if action in (
            "verify",
            "reject",
            "remove",
            "attendance",
        ) else None
    except RendaError as exc:
        _error(request, exc)
    nxt = request.POST.get("next", "")
    if nxt.startswith("/deputies/"):
        return redirect(nxt)
    return redirect("deputies:activity_detail", pk=p.activity_id)


@role_required(Role.STAFF)
@require_GET
def verify_queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.pending_self_reports(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "deputies/verify_queue.html", {"page": page})


# --- points and ranking -------------------------------------------------------------------------------


@role_required(*STAFFLIKE)
@require_GET
def ranking(request: HttpRequest) -> HttpResponse:
    congress = _congress(request)
    year = _year(request)
    whole_term = request.GET.get("scope") == "term"
    rows = selectors.ranking(congress, year=None if whole_term else year)
    if request.GET.get("format") == "xlsx":
        sheet = Sheet(title=_("积分排名"), headers=[_("名次"), _("姓名"), _("代表小组"), _("活动积分"), _("总积分"), _("活动次数"), _("无故缺席")],
                      rows=[[r.rank, r.name, r.group, r.points, r.total, r.activities, r.absences] for r in rows])  # fmt: skip
        record_export(request, action="deputy_ranking.export", rows=len(sheet.rows), congress=congress)
        return xlsx_response(workbook_bytes([sheet]), timestamped(_("代表履职积分排名")))
    # 50 a page: a county has some 200 deputies, a long table on a phone (the Excel has them all).
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "deputies/ranking.html", {
        "congress": congress, "year": year, "rows": page.object_list, "page": page, "whole_term": whole_term,
        "publications": RankingPublication.objects.filter(congress=congress)[:12],
        "manages": _manages(request, congress), "congresses": _congress_choices(request),
        "quarter": (clock.today().month - 1) // 3 + 1,
    })  # fmt: skip


@role_required(Role.STAFF)
@require_POST
def ranking_publish(request: HttpRequest) -> HttpResponse:
    congress = _congress(request)
    try:
        year = int(request.POST.get("year", ""))
        quarter = int(request.POST.get("quarter", ""))
        pub = services.ranking_publication_create(actor=request.user, congress=congress, year=year, quarter=quarter,
                                                  publish=request.POST.get("publish") == "1")  # fmt: skip
    except ValueError:
        messages.error(request, _("请选择年度和季度。"))
        return redirect(reverse("deputies:ranking") + f"?congress={congress.pk}")
    except RendaError as exc:
        _error(request, exc)
        return redirect(reverse("deputies:ranking") + f"?congress={congress.pk}")
    messages.success(request, _("已生成“%(t)s”。") % {"t": pub.title})
    return redirect(reverse("deputies:ranking") + f"?congress={congress.pk}&year={pub.year}")


@role_required(*STAFFLIKE)
@require_GET
def ranking_circular(request: HttpRequest, pk: int) -> HttpResponse:
    pub = RankingPublication.objects.filter(
        pk=pk, congress_id__in=scope_of(request.user).staff_read_congress_ids
    ).first()
    if pub is None:
        raise Http404
    return docs.docx_response(docs.ranking_circular_docx(pub), f"{pub.title}.docx")


@role_required(Role.STAFF)
@require_POST
def ranking_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    pub = RankingPublication.objects.filter(
        pk=pk, congress_id__in=scope_of(request.user).staff_read_congress_ids
    ).first()
    if pub is None:
        raise Http404
    try:
        services.ranking_publication_set_published(
            actor=request.user, publication=pub, published=not pub.published
        )
    except RendaError as exc:
        _error(request, exc)
    return redirect(reverse("deputies:ranking") + f"?congress={pub.congress_id}&year={pub.year}")


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def point_rules(request: HttpRequest) -> HttpResponse:
    from . import points

    congress = _congress(request)
    if not _manages(request, congress):
        raise PermissionDenied
    values = {k: str(v) for k, v in points.rules_for(congress.pk).items()}
    if request.method == "POST":
        posted = {k: request.POST.get(k, "") for k in DEFAULT_POINTS}
        values.update(posted)
        try:
            services.point_rules_update(actor=request.user, congress=congress, values=posted)
        except RendaError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("积分规则已保存,积分已重新计算。"))
            return redirect(reverse("deputies:point_rules") + f"?congress={congress.pk}")
    rows = [(k, label, values.get(k, "")) for k, label in point_rule_labels()]
    return render(request, "deputies/point_rules.html", {"congress": congress, "rows": rows})


# --- checks -------------------------------------------------------------------------------------------


@role_required(*STAFFLIKE)
@require_http_methods(["GET", "POST"])
def checks(request: HttpRequest) -> HttpResponse:
    congress = _congress(request)
    if request.method == "POST":
        w = ExitWarning.objects.filter(
            pk=request.POST.get("warning") or 0, mandate__congress=congress
        ).first()
        if w is None:
            raise Http404
        try:
            services.exit_warning_follow_up(actor=request.user, warning=w, follow_up=request.POST.get("follow_up", ""),
                                            close=request.POST.get("close") == "1")  # fmt: skip
            messages.success(request, _("已记录跟进情况。"))
        except RendaError as exc:
            _error(request, exc)
        return redirect(reverse("deputies:checks") + f"?congress={congress.pk}")
    term = _term_of(request, congress)
    year = _year(request)
    load_rule_modules()
    term_period, year_period = PeriodRange.for_term(term), PeriodRange.year(year)
    results = []
    for rid in DEPUTY_RULES:
        if rid not in RULES:
            continue
        period = year_period if RULES[rid].period.value == "year" else term_period
        results.extend(evaluate(congress, period, rule_ids=[rid]))
    warnings = ExitWarning.objects.filter(mandate__congress=congress).select_related("mandate__deputy")[:100]
    return render(request, "deputies/checks.html", {
        "congress": congress, "term": term, "year": year, "results": results, "warnings": warnings,
        "congresses": _congress_choices(request), "manages": _manages(request, congress),
    })  # fmt: skip


# --- funds and reports to voters ----------------------------------------------------------------------


@role_required(Role.STAFF)
@require_POST
def fund_add(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = _mandate(request, pk)
    form = FundForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "；".join(f"{form.fields[k].label}:{' '.join(v)}" for k, v in form.errors.items())
        )
    else:
        d = form.cleaned_data
        try:
            services.fund_entry_create(actor=request.user, mandate=mandate, kind=d["kind"], occurred_on=d["occurred_on"],
                                       amount=d["amount"] or 0, note=d["note"])  # fmt: skip
            messages.success(request, _("已登记。"))
        except RendaError as exc:
            _error(request, exc)
    return redirect("deputies:detail", pk=mandate.pk)


@role_required(Role.STAFF)
@require_POST
def report_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    mandate = _mandate(request, pk)
    form = VoterReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写述职日期和测评码数量。"))
    else:
        try:
            services.voter_report_schedule(actor=request.user, mandate=mandate, **form.cleaned_data)
            messages.success(request, _("已安排述职。"))
        except RendaError as exc:
            _error(request, exc)
    return redirect("deputies:detail", pk=mandate.pk)


def _report_for(request: HttpRequest, pk: int) -> VoterReport:
    report = VoterReport.objects.select_related("mandate__deputy", "mandate__congress").filter(pk=pk).first()
    if (
        report is None
        or not DeputyMandate.objects.visible_to(request.user).filter(pk=report.mandate_id).exists()
    ):
        raise Http404
    return report


@role_required(Role.STAFF)
@require_POST
def report_record(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    form = VoterReportRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写述职报告和票数。"))
    else:
        d = form.cleaned_data
        try:
            services.voter_report_record(actor=request.user, report=report, report_text=d["report"],
                                         paper_satisfied=d["paper_satisfied"], paper_basically=d["paper_basically"],
                                         paper_dissatisfied=d["paper_dissatisfied"])  # fmt: skip
            messages.success(request, _("已登记述职情况。"))
        except RendaError as exc:
            _error(request, exc)
    return redirect("deputies:detail", pk=report.mandate_id)


@role_required(*STAFFLIKE)
@require_GET
def report_qr(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    url = request.build_absolute_uri(reverse("deputies:rate", args=[report.token]))
    return HttpResponse(docs.qr_svg(url), content_type="image/svg+xml")


@role_required(Role.STAFF)
@require_GET
def report_codes(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_for(request, pk)
    url = request.build_absolute_uri(reverse("deputies:rate", args=[report.token]))
    sheet = Sheet(title=_("测评码"), headers=[_("测评码"), _("已使用")],
                  rows=[[c.code, c.used_at is not None] for c in report.codes.order_by("pk")],
                  note=_("扫码或打开 %(u)s ,输入测评码测评(每码一次)") % {"u": url})  # fmt: skip
    record_export(
        request, action="deputy_voter_codes.export", rows=len(sheet.rows), congress=report.mandate.congress
    )
    return xlsx_response(workbook_bytes([sheet]), timestamped(_("述职测评码")))


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, token: str) -> HttpResponse:
    """The public rating page behind the QR code: a one-time code and a three-level rating."""
    report = (
        VoterReport.objects.select_related("mandate__deputy", "mandate__congress")
        .filter(token=token[:32])
        .first()
    )
    if report is None:
        raise Http404
    done = False
    error = ""
    code = ""
    if request.method == "POST":
        code = (request.POST.get("code") or "")[:12]
        try:
            services.voter_rating_submit(report=report, code=code, value=request.POST.get("value", ""))
            done = True
        except RendaError as exc:
            error = exc.message
    from .choices import SatisfactionValue

    return render(request, "deputies/rate.html", {"report": report, "done": done, "error": error, "code": code,
                                                  "values": SatisfactionValue.choices,
                                                  "chosen": request.POST.get("value", "")})  # fmt: skip


# --- the deputy's own pages ---------------------------------------------------------------------------


def _maybe_url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@role_required(Role.DEPUTY)
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    mandates = list(selectors.mandates_for(request.user, active=True).filter(deputy__user=request.user))
    year = clock.today().year
    cards = []
    for m in mandates:
        rec = selectors.deputy_record(m, limit=10)
        rank, out_of = selectors.rank_of(m.congress, m, year)
        this_year = next((y for y in rec.years if y["year"] == year), None)
        upcoming = list(Activity.objects.filter(congress=m.congress, occurred_on__gte=clock.today(),
                                                source_key="").order_by("occurred_on")[:5])  # fmt: skip
        reception_days: list[Any] = []
        if m.station_id:
            try:
                from renda.liaison.selectors import upcoming_reception_days_for_station

                reception_days = list(upcoming_reception_days_for_station(m.station))[:5]
            except (ImportError, AttributeError):
                reception_days = []
        cards.append({"m": m, "rec": rec, "rank": rank, "out_of": out_of, "this_year": this_year,
                      "upcoming": upcoming, "reception_days": reception_days,
                      "base": rec.base})  # fmt: skip
    return render(request, "deputies/mine.html", {
        "cards": cards, "year": year, "suggestions_url": _maybe_url("suggestions:list"),
        "pending": ActivityParticipation.objects.filter(mandate__deputy__user=request.user,
                                                        verification=Verification.PENDING).count(),
    })  # fmt: skip


@role_required(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
def self_report(request: HttpRequest) -> HttpResponse:
    mandates = list(selectors.mandates_for(request.user, active=True).filter(deputy__user=request.user))
    if not mandates:
        raise PermissionDenied(_("您没有在任的代表资格。"))
    form = SelfReportForm(request.POST or None)
    chosen = request.POST.get("mandate", str(mandates[0].pk))
    if request.method == "POST" and form.is_valid():
        mandate = next((m for m in mandates if str(m.pk) == chosen), None)
        if mandate is None:
            messages.error(request, _("请选择代表资格。"))
        else:
            d = form.cleaned_data
            try:
                services.activity_self_report(actor=request.user, mandate=mandate, kind=d["kind"], title=d["title"],
                                              occurred_on=d["occurred_on"], place=d["place"],
                                              description=d["description"])  # fmt: skip
            except RendaError as exc:
                _error(request, exc, form)
            else:
                messages.success(request, _("已提交,工作人员确认后计入履职积分。"))
                return redirect("deputies:mine")
    return render(
        request, "deputies/self_report.html", {"form": form, "mandates": mandates, "chosen": chosen}
    )


# --- meeting requests (约见) ----------------------------------------------------------------------------


@role_required(Role.STAFF, Role.LEADER, Role.DEPUTY)
@require_GET
def meeting_requests(request: HttpRequest) -> HttpResponse:
    page = Paginator(meeting_services.meeting_requests_for(request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "deputies/meeting_requests.html", {"page": page,
                                                              "is_deputy": scope_of(request.user).has(Role.DEPUTY)})  # fmt: skip


@role_required(Role.DEPUTY)
@require_http_methods(["GET", "POST"])
def meeting_request_create(request: HttpRequest) -> HttpResponse:
    mandates = list(selectors.mandates_for(request.user, active=True).filter(deputy__user=request.user))
    if not mandates:
        raise PermissionDenied(_("您没有在任的代表资格。"))
    chosen = next(
        (m for m in mandates if str(m.pk) == request.POST.get("mandate", request.GET.get("mandate", ""))),
        mandates[0],
    )
    form = MeetingRequestForm(request.POST or None, congress=chosen.congress)
    if request.method == "POST" and form.is_valid():
        from renda.core.models import Organization

        d = form.cleaned_data
        try:
            mr = meeting_services.meeting_request_create(
                actor=request.user, mandate=chosen, organ=Organization.objects.get(pk=d["organ"]),
                title=d["title"], body=d["body"], organ_head=d["organ_head"],
            )  # fmt: skip
        except RendaError as exc:
            _error(request, exc, form)
        else:
            messages.success(request, _("约见申请已提交。"))
            return redirect("deputies:meeting_request_detail", pk=mr.case_id)
    return render(
        request, "deputies/meeting_request_form.html", {"form": form, "mandates": mandates, "chosen": chosen}
    )


@role_required(Role.STAFF, Role.LEADER, Role.DEPUTY)
@require_http_methods(["GET", "POST"])
def meeting_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from renda.cases import services as engine
    from renda.cases.policies import available_transitions

    mr = meeting_services.meeting_requests_for(request.user).filter(case_id=pk).first()
    if mr is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "arrange":
                when = dt.datetime.fromisoformat(request.POST.get("arranged_for", ""))
                meeting_services.meeting_request_arrange(
                    actor=request.user, request=mr, arranged_for=timezone.make_aware(when) if timezone.is_naive(when) else when,
                    place=request.POST.get("place", ""), organ_head=request.POST.get("organ_head", ""),
                )  # fmt: skip
            elif action == "hold":
                meeting_services.meeting_request_record(
                    actor=request.user, request=mr, outcome=request.POST.get("outcome", "")
                )
            elif action in ("decline", "withdraw"):
                engine.case_transition(
                    actor=request.user, case=mr.case, name=action, note=request.POST.get("note", "")
                )
            else:
                messages.error(request, _("未知的操作。"))
            messages.success(request, _("已处理。"))
        except ValueError:
            messages.error(request, _("请填写有效的约见时间。"))
        except RendaError as exc:
            _error(request, exc)
        return redirect("deputies:meeting_request_detail", pk=pk)
    actions = [t.name for t in available_transitions(mr.case, request.user)]
    return render(request, "deputies/meeting_request_detail.html", {"mr": mr, "actions": actions})
