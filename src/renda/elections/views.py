"""Pages of the elections app. Thin: forms read the input, services decide, selectors read."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from renda.audit.services import record_export
from renda.compliance.registry import PeriodRange, evaluate
from renda.core import clock
from renda.core.choices import Role
from renda.core.errors import NotFoundError, RendaError
from renda.core.forms import apply_service_error
from renda.core.models import Term
from renda.core.scopes import scope_of
from renda.deputies.roster import mask_sample
from renda.documents import mapping as colmap
from renda.documents.imports import import_dir
from renda.documents.pdf import pdf_response
from renda.documents.uploads import check_file

from . import ballot, byelection, candidates, law, records, register, review, selectors, services
from . import forms as f
from .access import get_election_for, is_staff_of, runs
from .choices import AppealDecision, CandidateStage, ElectionState, ImportState, RoundState, VoterStatus
from .models import Constituency, CourtCase, Election, ElectionSetting, ReviewReport, Round
from .timetable import STATUS_CSS, stages

IMPORT_SESSION = "renda_import_voter_register"


def _election(request: HttpRequest, pk: int) -> Election:
    try:
        return get_election_for(request.user, pk)
    except NotFoundError:
        raise Http404 from None


def _runner(request: HttpRequest, election: Election) -> None:
    if not runs(request.user, election):
        raise PermissionDenied(_("只有本级人大常委会工作人员和选举委员会组成人员可以办理选举事务。"))


def _base(request: HttpRequest, election: Election, tab: str, **extra: Any) -> dict[str, Any]:
    return {"election": election, "tab": tab, "can_run": runs(request.user, election),
            "is_staff": is_staff_of(request.user, election.congress_id), **extra}  # fmt: skip


def _constituency_choices(election: Election) -> list[tuple[str, str]]:
    return [(str(c.pk), c.name) for c in election.constituencies.all()]


def _get_constituency(election: Election, value: Any) -> Constituency:
    c = election.constituencies.filter(
        pk=int(value) if str(value).isdigit() and len(str(value)) < 19 else 0
    ).first()
    if c is None:
        raise Http404
    return c


def _page(request: HttpRequest, qs: Any, per: int = 50) -> Any:
    return Paginator(qs, per).get_page(request.GET.get("page"))


def _render(request: HttpRequest, template: str, ctx: dict[str, Any], bad: bool) -> HttpResponse:
    return render(request, template, ctx, status=400 if bad else 200)


# --- elections ---------------------------------------------------------------------------------------


@login_required
@require_GET
def election_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not scope.has(Role.STAFF, Role.LEADER) and not request.user.election_committee_seats.exists():
        raise PermissionDenied
    q = request.GET.get("q", "").strip()[:100]
    state = request.GET.get("state", "")
    qs = selectors.elections_for(request.user, q=q, state=state if state in ElectionState.values else "")
    return render(request, "elections/list.html", {
        "page": _page(request, qs, 20), "q": q, "state": state, "states": ElectionState.choices,
        "can_create": bool(scope.congress_ids_with(Role.STAFF)),
        "vacancies": byelection.vacancies(scope.congress_ids_with(Role.STAFF)).count()
        if scope.congress_ids_with(Role.STAFF) else 0,
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def election_create(request: HttpRequest) -> HttpResponse:
    staff_ids = scope_of(request.user).congress_ids_with(Role.STAFF)
    if not staff_ids:
        raise PermissionDenied
    terms = list(Term.objects.filter(congress_id__in=staff_ids, congress__level__in=["county", "township"])
                 .select_related("congress").order_by("congress__name", "-number"))  # fmt: skip
    form = f.ElectionForm(request.POST or None, terms=terms)
    if request.method == "POST" and form.is_valid():
        term = form.terms[form.cleaned_data["term"]]
        try:
            election = services.election_create(
                actor=request.user, congress=term.congress, term=term, name=form.cleaned_data["name"],
                election_day=form.cleaned_data["election_day"], kind=form.cleaned_data["kind"],
            )  # fmt: skip
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已创建选举,时间表已按选举日生成。"))
            return redirect("elections:detail", election.pk)
    return _render(request, "elections/create.html", {"form": form}, request.method == "POST")


@login_required
@require_GET
def vacancies(request: HttpRequest) -> HttpResponse:
    """Deputies whose mandate ended within the term: each a seat to fill by a by-election."""
    staff_ids = scope_of(request.user).congress_ids_with(Role.STAFF)
    if not staff_ids:
        raise PermissionDenied
    return render(request, "elections/vacancies.html", {"items": list(byelection.vacancies(staff_ids)[:200])})


@login_required
@require_http_methods(["GET", "POST"])
def by_election_start(request: HttpRequest, mandate: int) -> HttpResponse:
    """The by-election for one vacated mandate, its form prefilled from the mandate."""
    staff_ids = scope_of(request.user).congress_ids_with(Role.STAFF)
    item = byelection.vacancies(staff_ids).filter(pk=mandate).first()
    if item is None:
        raise Http404
    form = f.ByElectionForm(request.POST or None, initial=byelection.prefill(item))
    if request.method == "POST" and form.is_valid():
        try:
            election = byelection.by_election_start(actor=request.user, mandate=item, **form.cleaned_data)
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已发起补选,选区和名额已按出缺代表设置。"))
            return redirect("elections:detail", election.pk)
    return _render(request, "elections/by_election.html", {"form": form, "mandate": item},
                   request.method == "POST")  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk)
    if request.method == "POST":
        _runner(request, election)
        try:
            if request.POST.get("action") == "publish_register":
                register.register_publish(actor=request.user, election=election)
                messages.success(request, _("选民名单已公布。"))
        except RendaError as exc:
            messages.error(request, exc.message)
        return redirect("elections:detail", election.pk)
    today = clock.today()
    rows = [{"stage": s, "status": s.status(today), "label": s.status_label(today), "css": STATUS_CSS[s.status(today)]}
            for s in stages(election)]  # fmt: skip
    seat_rows, seat_summary = services.seat_table(election)
    return render(request, "elections/detail.html", _base(request, election, "overview", stages=rows,
                  seat_summary=seat_summary, voters=election.voters.filter(status=VoterStatus.ELIGIBLE).count(),
                  committee=list(election.committee.all()), today=today))  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def election_settings(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk)
    _runner(request, election)
    params = law.params_of(election)
    form = f.SettingsForm(request.POST or None, params=params, targets=election.targets,
                          initial={"election_day": election.election_day})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            own = {
                k: v
                for k, v in form.params().items()
                if str(v) != str(law.defaults()[k]) or k in election.params
            }
            services.election_configure(actor=request.user, election=election,
                                        election_day=form.cleaned_data["election_day"], params=own,
                                        targets=form.targets())  # fmt: skip
        except RendaError as exc:
            field = next(iter(getattr(exc, "fields", {}) or {}), "")
            exc.fields = {(f"p_{field}" if field in law.LAW else field): exc.message}  # type: ignore[attr-defined]
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("elections:detail", election.pk)
    return _render(request, "elections/settings.html", _base(request, election, "settings", form=form),
                   request.method == "POST")  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def congress_settings(request: HttpRequest) -> HttpResponse:
    """The congress-wide values of the law's numbers (staff of a county or township congress)."""
    from renda.core.models import Congress

    staff_ids = scope_of(request.user).congress_ids_with(Role.STAFF)
    congresses = list(
        Congress.objects.filter(pk__in=staff_ids, level__in=["county", "township"]).order_by("path")
    )
    if not congresses:
        raise PermissionDenied
    raw = request.POST.get("congress") or request.GET.get("congress", "")
    congress = next((c for c in congresses if str(c.pk) == raw), congresses[0])
    setting = ElectionSetting.objects.filter(congress=congress).first()
    current = dict(setting.params) if setting else {}
    form = f.CongressSettingsForm(request.POST or None, current=current)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.election_setting_update(actor=request.user, congress=congress, params=form.params())
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已保存%(c)s的选举参数。") % {"c": congress.name})
                return redirect(reverse("elections:congress_settings") + f"?congress={congress.pk}")
    return _render(request, "elections/congress_settings.html", {
        "form": form, "congress": congress, "congresses": congresses, "setting": setting,
    }, request.method == "POST")  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def committee(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk)
    form = f.CommitteeForm(request.POST or None)
    if request.method == "POST":
        _runner(request, election)
        if request.POST.get("remove"):
            member = election.committee.filter(
                pk=int(request.POST["remove"]) if request.POST["remove"].isdigit() else 0
            ).first()
            if member is None:
                raise Http404
            try:
                services.committee_member_remove(actor=request.user, member=member)
            except RendaError as exc:
                messages.error(request, exc.message)
            return redirect("elections:committee", election.pk)
        if form.is_valid():
            try:
                data = dict(form.cleaned_data)
                services.committee_member_add(
                    actor=request.user, election=election, user=data.pop("username"), **data
                )
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已增加选举委员会组成人员。"))
                return redirect("elections:committee", election.pk)
    return _render(request, "elections/committee.html",
                   _base(request, election, "committee", form=form, members=list(election.committee.all())),
                   request.method == "POST")  # fmt: skip


# --- constituencies --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def constituencies(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk)
    form = f.ConstituencyForm(request.POST if request.POST.get("action") == "save" else None)
    allocate = f.AllocateForm(request.POST if request.POST.get("action") == "allocate" else None)
    editing = None
    if request.GET.get("edit", "").isdigit():
        editing = election.constituencies.filter(pk=int(request.GET["edit"])).first()
        if editing and request.method == "GET":
            form = f.ConstituencyForm(
                initial={k: getattr(editing, k) for k in ("name", "kind", "area", "population", "seats")}
            )
    if request.method == "POST":
        _runner(request, election)
        if request.POST.get("action") == "save" and form.is_valid():
            try:
                services.constituency_save(
                    actor=request.user, election=election, constituency=editing, **form.cleaned_data
                )
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已保存选区。"))
                return redirect("elections:constituencies", election.pk)
        elif request.POST.get("action") == "allocate" and allocate.is_valid():
            try:
                services.seats_allocate(
                    actor=request.user, election=election, total_seats=allocate.cleaned_data["total_seats"]
                )
            except RendaError as exc:
                apply_service_error(allocate, exc)
            else:
                messages.success(request, _("已按人口分配代表名额。"))
                return redirect("elections:constituencies", election.pk)
    rows, summary = services.seat_table(election)
    if request.GET.get("flagged") == "1":
        rows = [r for r in rows if r.flagged]
    return _render(request, "elections/constituencies.html", _base(
        request, election, "constituencies", rows=rows, summary=summary, form=form, allocate=allocate, editing=editing,
        params=law.params_of(election), flagged_only=request.GET.get("flagged") == "1",
    ), request.method == "POST")  # fmt: skip


# --- voters ----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def voters(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk)
    form = f.VoterForm(request.POST or None)
    form.fields["constituency"].choices = _constituency_choices(election)
    if request.method == "POST":
        _runner(request, election)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                register.voter_add(actor=request.user, election=election,
                                   constituency=_get_constituency(election, data.pop("constituency")), **data)  # fmt: skip
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已登记选民。"))
                return redirect("elections:voters", election.pk)
    q = request.GET.get("q", "").strip()[:50]
    constituency = request.GET.get("constituency", "")
    status = request.GET.get("status", "")
    qs = selectors.voters_of(election, q=q, constituency=constituency, status=status)
    return _render(request, "elections/voters.html", _base(
        request, election, "voters", form=form, page=_page(request, qs), q=q, constituency=constituency,
        status=status, statuses=VoterStatus.choices, constituencies=list(election.constituencies.all()),
        act_form=f.VoterActForm(), imports=list(election.imports.all()[:5]),
    ), request.method == "POST")  # fmt: skip


@login_required
@require_http_methods(["POST"])
def voter_act(request: HttpRequest, pk: int, voter: int) -> HttpResponse:
    election = _election(request, pk)
    _runner(request, election)
    obj = election.voters.filter(pk=voter).first()
    if obj is None:
        raise Http404
    form = f.VoterActForm(request.POST)
    try:
        if not form.is_valid():
            raise RendaError(_("请完整填写。"))
        if form.cleaned_data["action"] == "remove":
            register.voter_remove(actor=request.user, voter=obj, reason=form.cleaned_data["removal_reason"],
                                  note=form.cleaned_data["note"])  # fmt: skip
        else:
            register.voter_exclude(actor=request.user, voter=obj, reason=form.cleaned_data["exclusion_reason"],
                                   note=form.cleaned_data["note"])  # fmt: skip
        messages.success(request, _("已更新“%(n)s”的登记。") % {"n": obj.full_name})
    except RendaError as exc:
        messages.error(request, _("“%(n)s”:%(m)s") % {"n": obj.full_name, "m": exc.message})
    return redirect(reverse("elections:voters", args=[election.pk]) + f"?q={obj.full_name}")


def _stashed(request: HttpRequest) -> tuple[Path, str] | None:
    data = request.session.get(IMPORT_SESSION)
    if not isinstance(data, dict):
        return None
    token, ext = str(data.get("token", "")), str(data.get("ext", ""))
    if len(token) != 32 or not token.isalnum() or ext not in (".csv", ".xlsx"):
        return None
    path = import_dir() / f"stash-{token}{ext}"
    return (path, str(data.get("name", ""))) if path.is_file() else None


@login_required
@require_http_methods(["GET", "POST"])
def voter_import(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk)
    _runner(request, election)
    upload_form = f.ImportUploadForm()
    mapping_form = None
    error = ""
    stashed = _stashed(request)
    if request.method == "POST" and request.POST.get("step") == "upload":
        upload_form = f.ImportUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            name = upload.name or ""
            ext = Path(name).suffix.lower()
            try:
                if ext == ".csv":
                    if upload.size > 200 * 1024 * 1024:
                        raise RendaError(_("文件不能超过200MB。"))
                else:
                    check_file(upload, max_mb=200, allowed={".xlsx"})
                token = secrets.token_hex(16)
                path = import_dir() / f"stash-{token}{ext}"
                with open(path, "wb") as fh:
                    for chunk in upload.chunks():
                        fh.write(chunk)
                register.read_file(path)  # readable at all
            except (RendaError, register.FileProblem) as exc:
                upload_form.add_error("file", getattr(exc, "message", str(exc)))
            else:
                request.session[IMPORT_SESSION] = {"token": token, "ext": ext, "name": Path(name).name[:200]}
                return redirect("elections:voter_import", election.pk)
        return _render(
            request,
            "elections/voter_import.html",
            _base(request, election, "voters", upload_form=upload_form),
            True,
        )
    if stashed is not None:
        path, name = stashed
        try:
            sheet = register.read_file(path)
        except register.FileProblem as exc:
            error = str(exc)
        else:
            remembered = colmap.remembered_for(election.congress, register.IMPORT_KIND, sheet.headings)
            initial = colmap.suggest(sheet.headings, register.FIELDS, remembered=remembered)
            mapping_form = colmap.MappingForm(
                request.POST if request.POST.get("step") == "map" else None, sheet=sheet, fields=register.FIELDS,
                initial_mapping=initial, sample_filter=mask_sample,
            )  # fmt: skip
            if request.method == "POST" and request.POST.get("step") == "map" and mapping_form.is_valid():
                try:
                    job = register.register_import_start(
                        actor=request.user, election=election, source=path, file_name=name,
                        mapping=mapping_form.cleaned_data["mapping"], headings=sheet.headings,
                    )  # fmt: skip
                except RendaError as exc:
                    mapping_form.add_error(None, exc.message)
                else:
                    request.session.pop(IMPORT_SESSION, None)
                    return redirect("elections:voter_import_status", election.pk, job.pk)
            if request.method == "POST" and request.POST.get("step") == "cancel":
                path.unlink(missing_ok=True)
                request.session.pop(IMPORT_SESSION, None)
                return redirect("elections:voter_import", election.pk)
    return _render(request, "elections/voter_import.html", _base(
        request, election, "voters", upload_form=upload_form, mapping_form=mapping_form, error=error,
        file_name=stashed[1] if stashed else "", required=[x.label for x in register.FIELDS if x.required],
    ), bool(mapping_form is not None and mapping_form.errors))  # fmt: skip


@login_required
@require_GET
def voter_import_status(request: HttpRequest, pk: int, job: int) -> HttpResponse:
    election = _election(request, pk)
    _runner(request, election)
    item = election.imports.filter(pk=job).first()
    if item is None:
        raise Http404
    running = item.state in (ImportState.QUEUED, ImportState.CHECKING, ImportState.WRITING)
    if request.GET.get("format") == "json":
        return JsonResponse({"state": item.state, "state_label": item.get_state_display(), "total": item.total,
                             "processed": item.processed, "percent": item.percent, "message": item.message})  # fmt: skip
    return render(request, "elections/voter_import_status.html", _base(
        request, election, "voters", job=item, running=running, errors=_page(request, item.errors or [], 100),
    ))  # fmt: skip


@login_required
@require_GET
def register_pdf(request: HttpRequest, pk: int, constituency: int) -> HttpResponse:
    election = _election(request, pk)
    c = _get_constituency(election, constituency)
    if not election.register_published_on and not runs(request.user, election):
        raise PermissionDenied
    record_export(request, action="voter_register.export")
    return pdf_response(register.register_pdf(election, c), f"{election.name}-{c.name}选民名单.pdf")


@login_required
@require_GET
def register_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The register to print, per constituency (``?constituency=``) or all (a sheet each), masked."""
    from renda.documents.excel import xlsx_response

    election = _election(request, pk)
    raw = request.GET.get("constituency", "")
    c = _get_constituency(election, raw) if raw else None
    content, rows = register.register_xlsx(election, c)
    record_export(request, action="voter_register.export", rows=rows, congress=election.congress)
    name = f"{election.name}-{c.name if c else '全部选区'}选民名单.xlsx"
    return xlsx_response(content, name)


# --- appeals ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def appeals(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk)
    form = f.AppealForm(request.POST if request.POST.get("action") == "file" else None)
    form.fields["constituency"].choices = _constituency_choices(election)
    decide_forms: dict[int, Any] = {}
    court_forms: dict[int, Any] = {}
    if request.method == "POST":
        _runner(request, election)
        if request.POST.get("action") == "file" and form.is_valid():
            data = form.cleaned_data
            voter = (
                selectors.voter_by_id_number(election, data["voter_id_number"])
                if data["voter_id_number"]
                else None
            )
            try:
                if data["voter_id_number"] and voter is None:
                    from renda.core.errors import ValidationFailed

                    raise ValidationFailed(_("选民名单上没有这个身份证号。"), field="voter_id_number")
                register.appeal_file(actor=request.user, election=election,
                                     constituency=_get_constituency(election, data["constituency"]),
                                     appellant=data["appellant"], kind=data["kind"], subject_name=data["subject_name"],
                                     claim=data["claim"], voter=voter)  # fmt: skip
            except RendaError as exc:
                if "voter" in (getattr(exc, "fields", {}) or {}):
                    exc.fields = {"voter_id_number": exc.message}  # type: ignore[attr-defined]
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已登记申诉。"))
                return redirect("elections:appeals", election.pk)
        elif request.POST.get("action") in ("court_file", "court_judge"):
            appeal = election.appeals.filter(
                pk=int(request.POST["appeal"]) if request.POST.get("appeal", "").isdigit() else 0
            ).first()
            if appeal is None:
                raise Http404
            judge = request.POST["action"] == "court_judge"
            cform = (f.CourtJudgeForm if judge else f.CourtFileForm)(request.POST, prefix=f"k{appeal.pk}")
            court_forms[appeal.pk] = cform
            if cform.is_valid():
                try:
                    if judge:
                        case = CourtCase.objects.filter(appeal=appeal).first()
                        if case is None:
                            raise Http404
                        records.court_case_judge(actor=request.user, case=case, **cform.cleaned_data)
                    else:
                        records.court_case_file(actor=request.user, appeal=appeal, **cform.cleaned_data)
                except RendaError as exc:
                    apply_service_error(cform, exc)
                else:
                    messages.success(request, _("已登记人民法院判决。") if judge else _("已登记起诉。"))
                    return redirect("elections:appeals", election.pk)
        elif request.POST.get("action") == "decide":
            appeal = election.appeals.filter(
                pk=int(request.POST.get("appeal", "0") or 0)
                if request.POST.get("appeal", "").isdigit()
                else 0
            ).first()
            if appeal is None:
                raise Http404
            dform = f.AppealDecideForm(request.POST, prefix=f"a{appeal.pk}")
            decide_forms[appeal.pk] = dform
            if dform.is_valid():
                try:
                    register.appeal_decide(actor=request.user, appeal=appeal, **dform.cleaned_data)
                except RendaError as exc:
                    apply_service_error(dform, exc)
                else:
                    messages.success(request, _("已记录处理决定。"))
                    return redirect("elections:appeals", election.pk)
    items = list(election.appeals.select_related("constituency", "voter", "court_case"))
    for a in items:
        a.form = decide_forms.get(a.pk) or f.AppealDecideForm(prefix=f"a{a.pk}")
        a.case = getattr(a, "court_case", None) if hasattr(a, "court_case") else None
        a.court_form = court_forms.get(a.pk) or (
            f.CourtJudgeForm(prefix=f"k{a.pk}") if a.case else f.CourtFileForm(prefix=f"k{a.pk}")
        )
    state = request.GET.get("state", "")
    if state == "pending":
        items = [a for a in items if not a.decision]
    elif state == "decided":
        items = [a for a in items if a.decision]
    first = last = None
    if election.register_published_on:
        from .timetable import appeal_window

        first, last = appeal_window(election)
    return _render(request, "elections/appeals.html", _base(
        request, election, "appeals", form=form, page=_page(request, items, 20), state=state,
        window=(first, last), pending=AppealDecision.PENDING,
    ), request.method == "POST")  # fmt: skip


# --- candidates ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def candidates_view(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk)
    action = request.POST.get("action", "")
    form = f.NominationForm(request.POST if action == "nominate" else None)
    form.fields["constituency"].choices = _constituency_choices(election)
    list_error = ""
    if request.method == "POST":
        _runner(request, election)
        try:
            if action == "nominate" and form.is_valid():
                data = dict(form.cleaned_data)
                data["signer_id_numbers"] = [x for x in data["signer_id_numbers"].splitlines() if x.strip()]
                candidates.candidate_nominate(actor=request.user, election=election,
                                              constituency=_get_constituency(election, data.pop("constituency")), **data)  # fmt: skip
                messages.success(request, _("已登记推荐。"))
                return redirect("elections:candidates", election.pk)
            if action == "preliminary":
                candidates.preliminary_publish(actor=request.user, election=election)
                messages.success(request, _("初步候选人名单已公布。"))
                return redirect("elections:candidates", election.pk)
            if action == "prevote":
                c = _get_constituency(election, request.POST.get("constituency"))
                votes = {}
                for cand in c.candidates.filter(stage=CandidateStage.PRELIMINARY):
                    raw = request.POST.get(f"v_{cand.pk}", "")
                    votes[cand.pk] = int(raw) if raw.isdigit() else -1
                candidates.preliminary_vote(actor=request.user, constituency=c, votes=votes)
                messages.success(request, _("已录入预选结果。"))
                return redirect("elections:candidates", election.pk)
            if action == "final":
                ids = [int(x) for x in request.POST.getlist("formal") if x.isdigit()]
                candidates.final_publish(actor=request.user, election=election, formal_ids=ids)
                messages.success(request, _("正式代表候选人名单已公布。"))
                return redirect("elections:candidates", election.pk)
        except RendaError as exc:
            if action == "nominate":
                apply_service_error(form, exc)
            else:
                list_error = exc.message
    params = law.params_of(election)
    groups = []
    for c in election.constituencies.all():
        active = list(
            c.candidates.exclude(stage=CandidateStage.WITHDRAWN).order_by("-preliminary_votes", "pk")
        )
        counted = (
            [x for x in active if x.stage in (CandidateStage.FORMAL,)]
            if election.final_published_on
            else active
        )
        fewest, most = law.candidate_range(c.seats, params)
        groups.append({"constituency": c, "candidates": active, "fewest": fewest, "most": most,
                       "problem": candidates.margin_problem(len(counted), c.seats, params)})  # fmt: skip
    runners = candidates.front_runners(election)
    return _render(request, "elections/candidates.html", _base(
        request, election, "candidates", form=form, groups=groups, list_error=list_error,
        targets=candidates.against_targets(election, runners), runners=len(runners),
        min_signatures=params["min_signatures"],
    ), request.method == "POST")  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def consultations(request: HttpRequest, pk: int) -> HttpResponse:
    """酝酿、讨论、协商 of each constituency's preliminary candidates: recorded, and listed."""
    election = _election(request, pk)
    open_ = bool(election.preliminary_published_on) and not election.final_published_on
    groups = []
    bad = False
    for c in election.constituencies.all():
        pool = list(c.candidates.filter(stage__in=[CandidateStage.PRELIMINARY, CandidateStage.FORMAL,
                                                   CandidateStage.NOT_SELECTED]).order_by("pk"))  # fmt: skip
        posted = request.method == "POST" and request.POST.get("constituency") == str(c.pk)
        form = f.ConsultationRecordForm(request.POST if posted else None, candidates=pool, prefix=f"c{c.pk}")
        if posted:
            _runner(request, election)
            if form.is_valid():
                d = form.cleaned_data
                try:
                    records.consultation_record(
                        actor=request.user, constituency=c, form=d["form"], held_on=d["held_on"],
                        participants=d["participants"], participant_count=d["participant_count"],
                        outcomes=form.outcomes(), notes=form.notes(), summary=d["summary"],
                    )  # fmt: skip
                except RendaError as exc:
                    if "outcomes" in (getattr(exc, "fields", {}) or {}):
                        exc.fields = {}  # type: ignore[attr-defined]
                    apply_service_error(form, exc)
                else:
                    messages.success(request, _("已记录%(c)s的酝酿协商情况。") % {"c": c.name})
                    return redirect("elections:consultations", election.pk)
            bad = True
        items = list(c.consultations.prefetch_related("results__candidate").order_by("held_on", "pk"))
        groups.append({"constituency": c, "candidates": pool, "form": form, "items": items})
    return _render(request, "elections/consultations.html", _base(
        request, election, "candidates", groups=groups, open=open_,
    ), bad)  # fmt: skip


# --- ballot and results ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def ballot_view(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk)
    action = request.POST.get("action", "")
    station_form = f.StationForm(request.POST if action == "station" else None)
    station_form.fields["constituency"].choices = _constituency_choices(election)
    proxy_form = f.ProxyForm(request.POST if action == "proxy" else None)
    error = ""
    if request.method == "POST":
        _runner(request, election)
        try:
            if action == "station" and station_form.is_valid():
                ballot.station_save(actor=request.user, constituency=_get_constituency(election, station_form.cleaned_data["constituency"]),
                                    name=station_form.cleaned_data["name"], kind=station_form.cleaned_data["kind"])  # fmt: skip
                return redirect("elections:ballot", election.pk)
            if action == "proxy" and proxy_form.is_valid():
                d = proxy_form.cleaned_data
                principal = selectors.voter_by_id_number(election, d["principal_id_number"])
                proxy = selectors.voter_by_id_number(election, d["proxy_id_number"])
                from renda.core.errors import ValidationFailed

                if principal is None:
                    raise ValidationFailed(_("选民名单上没有这个身份证号。"), field="principal_id_number")
                if proxy is None:
                    raise ValidationFailed(_("选民名单上没有这个身份证号。"), field="proxy_id_number")
                ballot.proxy_register(
                    actor=request.user, principal=principal, proxy=proxy, written_on=d["written_on"]
                )
                messages.success(request, _("已登记委托投票。"))
                return redirect("elections:ballot", election.pk)
            if action == "open":
                r = ballot.round_open(
                    actor=request.user,
                    constituency=_get_constituency(election, request.POST.get("constituency")),
                )
                return redirect("elections:round", election.pk, r.pk)
        except RendaError as exc:
            fields = getattr(exc, "fields", {}) or {}
            if action == "proxy" and fields:
                mapped = {"principal": "principal_id_number", "proxy": "proxy_id_number"}
                exc.fields = {mapped.get(k, k): v for k, v in fields.items()}  # type: ignore[attr-defined]
                apply_service_error(proxy_form, exc)
            elif action == "station":
                apply_service_error(station_form, exc)
            else:
                error = exc.message
    rows = []
    for c in election.constituencies.prefetch_related("stations", "rounds"):
        rows.append({"constituency": c, "stations": list(c.stations.all()), "rounds": list(c.rounds.all()),
                     "elected": c.candidates.filter(elected_round__isnull=False).count()})  # fmt: skip
    proxies = list(election.proxies.select_related("principal", "proxy")[:200])
    return _render(request, "elections/ballot.html", _base(
        request, election, "ballot", rows=rows, station_form=station_form, proxy_form=proxy_form, error=error,
        proxies=proxies, proxy_max=law.params_of(election)["proxy_max"],
    ), request.method == "POST")  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request: HttpRequest, pk: int, round: int) -> HttpResponse:
    election = _election(request, pk)
    item = (
        Round.objects.filter(constituency__election=election, pk=round).select_related("constituency").first()
    )
    if item is None:
        raise Http404
    cands = list(item.candidates.all())
    station_action = request.POST.get("action") == "ballots"
    form = f.TallyForm(
        request.POST if request.method == "POST" and not station_action else None, candidates=cands
    )
    outcome = None
    station_error = ""
    if request.method == "POST" and station_action:
        _runner(request, election)
        station = item.constituency.stations.filter(
            pk=int(request.POST["station"]) if request.POST.get("station", "").isdigit() else 0
        ).first()
        if station is None:
            raise Http404
        bf = f.BallotsForm(request.POST)
        try:
            if not bf.is_valid():
                raise RendaError(_("“%(s)s”:发出和收回选票数应为非负整数。") % {"s": station.name})
            ballot.station_ballots(actor=request.user, station=station, round=item,
                                   issued=bf.cleaned_data["ballots_issued"], returned=bf.cleaned_data["ballots_returned"])  # fmt: skip
        except RendaError as exc:
            station_error = exc.message
        else:
            item.refresh_from_db()
            if item.state != RoundState.OPEN:
                messages.success(request, _("选票数已核对一致,已确定结果:%(o)s") % {"o": item.outcome})
            return redirect("elections:round", election.pk, item.pk)
    elif request.method == "POST":
        _runner(request, election)
        if form.is_valid():
            try:
                outcome = ballot.tally_enter(actor=request.user, round=item, teller=int(form.cleaned_data["teller"]),
                                             voted=form.cleaned_data["voted"], ballots_cast=form.cleaned_data["ballots_cast"],
                                             votes=form.votes())  # fmt: skip
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                if outcome.agreed:
                    messages.success(
                        request, _("两名计票人的结果一致,已确定结果:%(o)s") % {"o": outcome.round.outcome}
                    )
                    return redirect("elections:round", election.pk, item.pk)
                if outcome.waiting:
                    messages.info(request, _("已录入,等待另一名计票人录入。"))
                    return redirect("elections:round", election.pk, item.pk)
                if outcome.held:
                    messages.warning(request, _("两名计票人的结果一致,但与各投票站的选票数不符,暂缓确定结果:")
                                     + ";".join(outcome.differences))  # fmt: skip
                    return redirect("elections:round", election.pk, item.pk)
                form.add_error(
                    None,
                    _("两名计票人的结果不一致,未确定结果。请核对后重新录入:") + ";".join(outcome.differences),
                )
        item.refresh_from_db()
    tallies = list(item.tallies.select_related("entered_by"))
    returns = {r.station_id: r for r in item.station_returns.all()}
    stations = list(item.constituency.stations.order_by("pk"))
    for st in stations:
        st.ret = returns.get(st.pk)
    totals = {"issued": sum(r.ballots_issued for r in returns.values()),
              "returned": sum(r.ballots_returned for r in returns.values())}  # fmt: skip
    return _render(request, "elections/round.html", _base(
        request, election, "ballot", round=item, form=form, candidates=cands, tallies=tallies,
        open=item.state == RoundState.OPEN, stations=stations, totals=totals, station_error=station_error,
    ), request.method == "POST")  # fmt: skip


def _composition_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "names": [r["label"] for r in rows],
        "values": [r["value"] for r in rows],
        "targets": [r["target"] for r in rows],
    }


@login_required
@require_http_methods(["GET", "POST"])
def results(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk)
    error = ""
    if request.method == "POST":
        _runner(request, election)
        try:
            ballot.results_publish(actor=request.user, election=election)
            messages.success(request, _("选举结果已公布。"))
            return redirect("elections:results", election.pk)
        except RendaError as exc:
            error = exc.message
    rows, whole = ballot.results(election)
    elected = list(election.candidates.filter(elected_round__isnull=False))
    targets = candidates.against_targets(election, elected)
    checks = evaluate(
        election.congress, PeriodRange.for_term(election.term), rule_ids=["R13", "R14", "R15", "E01"]
    )
    return _render(request, "elections/results.html", _base(
        request, election, "results", rows=rows, whole=whole, targets=targets, checks=checks, error=error,
        chart=_composition_chart(targets),
    ), bool(error))  # fmt: skip


@login_required
@require_GET
def composition_data(request: HttpRequest, pk: int) -> JsonResponse:
    election = _election(request, pk)
    elected = list(election.candidates.filter(elected_round__isnull=False))
    people = elected or candidates.front_runners(election)
    return JsonResponse(_composition_chart(candidates.against_targets(election, people)))


@login_required
@require_http_methods(["GET", "POST"])
def review_view(request: HttpRequest, pk: int) -> HttpResponse:
    election = _election(request, pk)
    forms_by: dict[int, Any] = {}
    report = ReviewReport.objects.filter(election=election).first()
    report_form = f.ReviewReportForm(
        request.POST if request.POST.get("action") == "report" else None,
        request.FILES if request.POST.get("action") == "report" else None,
        initial={"adopted_on": report.adopted_on, "text": report.text}
        if report
        else {"adopted_on": clock.today()},
    )
    if request.method == "POST" and request.POST.get("action") == "report":
        if not is_staff_of(request.user, election.congress_id):
            raise PermissionDenied
        if report_form.is_valid():
            d = report_form.cleaned_data
            try:
                records.review_report_save(actor=request.user, election=election, adopted_on=d["adopted_on"],
                                           text=d["text"], upload=d["file"])  # fmt: skip
            except RendaError as exc:
                apply_service_error(report_form, exc)
            else:
                messages.success(request, _("已保存代表资格审查报告。"))
                return redirect("elections:review", election.pk)
        forms_by[0] = report_form
    elif request.method == "POST":
        if not is_staff_of(request.user, election.congress_id):
            raise PermissionDenied
        cand = election.candidates.filter(
            pk=int(request.POST.get("candidate", "0") or 0)
            if request.POST.get("candidate", "").isdigit()
            else 0
        ).first()
        if cand is None:
            raise Http404
        form = f.ReviewForm(request.POST, prefix=f"c{cand.pk}")
        forms_by[cand.pk] = form
        if form.is_valid():
            try:
                review.candidate_review(actor=request.user, candidate=cand, **form.cleaned_data)
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已记录“%(n)s”的审查结论。") % {"n": cand.full_name})
                return redirect("elections:review", election.pk)
    elected = list(
        election.candidates.filter(elected_round__isnull=False).select_related("constituency", "mandate")
    )
    for c in elected:
        c.form = forms_by.get(c.pk) or f.ReviewForm(prefix=f"c{c.pk}")
    return _render(request, "elections/review.html", _base(request, election, "review", elected=elected,
                   report=report, report_form=report_form), bool(forms_by))  # fmt: skip


@login_required
@require_GET
def review_report_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed report, to those who see the election."""
    from renda.documents.serving import file_response

    election = _election(request, pk)
    report = ReviewReport.objects.filter(election=election).first()
    if report is None or not report.file:
        raise Http404
    return file_response(report.file, name=report.original_name, content_type=report.content_type)
