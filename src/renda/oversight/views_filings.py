"""Pages of filing review and appointments (thin: forms in, services do the work, selectors read)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.audit.services import record_export
from renda.core import clock
from renda.core.context import client_ip
from renda.core.errors import NotFoundError, PermissionDeniedError, RendaError
from renda.core.forms import apply_service_error
from renda.core.models import Congress, Organization
from renda.core.scopes import scope_of, working_congress
from renda.documents.serving import file_response

from . import clauses_filings as clauses
from . import documents_filings as documents
from . import forms_filings as f
from . import policy_filings as policy
from . import selectors_filings as sel
from . import services_filings as services
from .filtersets_filings import (
    AppointmentFilterSet,
    FilingFilterSet,
    LibraryFilterSet,
    ReviewRequestFilterSet,
)
from .models.filings import AppointmentKind, AppointmentState, FilingState


def _page(check):
    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied(_("您没有访问此页面的权限。"))
            try:
                return view(request, *args, **kwargs)
            except NotFoundError as exc:
                raise Http404(exc.message) from None
            except PermissionDeniedError as exc:
                raise PermissionDenied(exc.message) from None

        return wrapped

    return decorator


filings_page = _page(policy.reads_filings)
reviewer_page = _page(lambda u: scope_of(u).has(*policy.REVIEW_ROLES))
appointments_page = _page(policy.reads_appointments)


def _status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


def _managed_congress(request: HttpRequest) -> Congress:
    return working_congress(request.user, *policy.MANAGE_ROLES, wanted=request.GET.get("congress"))


# --- filings ---------------------------------------------------------------------------------------


@filings_page
@require_GET
def filing_list(request: HttpRequest) -> HttpResponse:
    fs = FilingFilterSet(request.GET, queryset=sel.filings_for(request.user), user=request.user)
    qs = fs.qs
    if request.GET.get("export") == "xlsx":
        return _export_filings(request, qs)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/filings/filing_list.html",
        {
            "filter": fs, "form": fs.form, "page": page, "today": clock.today(),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
            "can_file": policy.filing_bodies_for(request.user).exists(),
            "can_manage": bool(scope_of(request.user).congress_ids_with(*policy.MANAGE_ROLES)),
        },
    )  # fmt: skip


def _export_filings(request: HttpRequest, qs: Any) -> HttpResponse:
    from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

    rows = [
        [x.filing_body.name, x.title, x.document_number, x.published_on, x.filed_at.date(), x.due_on,
         _("是") if x.is_late else _("否"), x.late_days, x.get_state_display(), x.review_due_on,
         x.get_outcome_display() if x.outcome else ""]
        for x in qs[:5000]
    ]  # fmt: skip
    sheet = Sheet(
        title=_("备案文件"),
        headers=[
            _("报备机关"),
            _("文件名称"),
            _("文号"),
            _("公布日期"),
            _("报备日期"),
            _("报备期限"),
            _("逾期"),
            _("逾期天数"),
            _("状态"),
            _("审查期限"),
            _("审查结论"),
        ],  # fmt: skip
        rows=rows,
    )
    record_export(request, action="filing.export", rows=len(rows))
    return xlsx_response(workbook_bytes([sheet]), timestamped(_("备案文件")))


@filings_page
@require_http_methods(["GET", "POST"])
def filing_create(request: HttpRequest) -> HttpResponse:
    bodies = policy.filing_bodies_for(request.user)
    if not bodies.exists():
        raise PermissionDenied(_("只有报备机关的工作人员可以报送备案。"))
    previous = sel.filings_for(request.user).filter(filing_body__in=bodies).order_by("-filed_at")
    form = f.FilingForm(request.POST or None, request.FILES or None, bodies=bodies, previous=previous)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            filing = services.filing_submit(
                actor=request.user, filing_body=d["filing_body"], title=d["title"],
                document_number=d["document_number"], published_on=d["published_on"],
                effective_on=d["effective_on"], text=d["text"], previous=d["previous"],
                files={k: request.FILES.get(k) for k in ("document", "report", "explanation")},
            )  # fmt: skip
        except PermissionDeniedError:
            raise
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            if filing.is_late:
                messages.warning(
                    request,
                    _("已报送备案。该文件超过报备期限%(n)d日报送,已记为逾期报备。") % {"n": filing.late_days},
                )
            else:
                messages.success(request, _("已报送备案,请等待审查。"))
            return redirect("oversight:filing_detail", pk=filing.pk)
    return render(request, "oversight/filings/filing_form.html", {"form": form}, status=_status(request))


@filings_page
@require_GET
def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filing = sel.get_filing_for(request.user, pk)
    manages = policy.reviews_filings(request.user, filing.congress_id)
    flags = [{"flag": x, "parts": clauses.highlighted(x)} for x in filing.flags.all()]
    return render(
        request,
        "oversight/filings/filing_detail.html",
        {
            "filing": filing, "files": list(filing.files.all()), "flags": flags, "manages": manages,
            "reviews": policy.reviews(request.user, filing.congress_id),
            "is_body": policy.may_file_for(request.user, filing.filing_body),
            "decide_form": f.DecideForm() if manages and filing.is_open else None,
            "supplement_form": f.SupplementForm() if filing.state == FilingState.CORRECTION_ASKED else None,
            "versions": sel.versions_of(filing, request.user),
            "later": list(sel.filings_for(request.user).filter(previous=filing)),
            "requests": list(filing.review_requests.all()) if manages else [],
            "today": clock.today(),
        },
    )  # fmt: skip


@filings_page
@require_POST
def filing_start(request: HttpRequest, pk: int) -> HttpResponse:
    filing = sel.get_filing_for(request.user, pk)
    try:
        services.filing_start_review(actor=request.user, filing=filing)
    except PermissionDeniedError:
        raise
    except RendaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已开始审查。"))
    return redirect("oversight:filing_detail", pk=filing.pk)


@filings_page
@require_POST
def filing_decide(request: HttpRequest, pk: int) -> HttpResponse:
    filing = sel.get_filing_for(request.user, pk)
    form = f.DecideForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            filing = services.filing_decide(
                actor=request.user,
                filing=filing,
                outcome=d["outcome"],
                opinion=d["opinion"],
                publish=d["publish"],
            )
        except PermissionDeniedError:
            raise
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("审查结论已记录:%(s)s。") % {"s": filing.get_state_display()})
            return redirect("oversight:filing_detail", pk=filing.pk)
    flags = [{"flag": x, "parts": clauses.highlighted(x)} for x in filing.flags.all()]
    return render(
        request,
        "oversight/filings/filing_detail.html",
        {"filing": filing, "files": list(filing.files.all()), "flags": flags, "manages": True, "reviews": True,
         "decide_form": form, "versions": sel.versions_of(filing, request.user), "today": clock.today()},
        status=400,
    )  # fmt: skip


@filings_page
@require_POST
def filing_supplement(request: HttpRequest, pk: int) -> HttpResponse:
    filing = sel.get_filing_for(request.user, pk)
    form = f.SupplementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.filing_supplement(
                actor=request.user,
                filing=filing,
                upload=request.FILES.get("file"),
                text=form.cleaned_data["text"],
            )
        except PermissionDeniedError:
            raise
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("补正材料已报送。"))
            return redirect("oversight:filing_detail", pk=filing.pk)
    return render(
        request,
        "oversight/filings/filing_detail.html",
        {"filing": filing, "files": list(filing.files.all()), "flags": [], "is_body": True,
         "supplement_form": form, "versions": [], "today": clock.today()},
        status=400,
    )  # fmt: skip


@filings_page
@require_POST
def filing_publish(request: HttpRequest, pk: int) -> HttpResponse:
    filing = sel.get_filing_for(request.user, pk)
    try:
        services.filing_publish(
            actor=request.user, filing=filing, published=request.POST.get("published") == "1"
        )
    except PermissionDeniedError:
        raise
    except RendaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已更新文件库公开状态。"))
    return redirect("oversight:filing_detail", pk=filing.pk)


@filings_page
@require_GET
def filing_file(request: HttpRequest, pk: int) -> HttpResponse:
    row = sel.get_filing_file_for(request.user, pk)
    return file_response(row.file, name=row.original_name, content_type=row.content_type)


@filings_page
@require_GET
def filing_compare(request: HttpRequest, pk: int) -> HttpResponse:
    filing = sel.get_filing_for(request.user, pk)
    other_id = request.GET.get("with") or (filing.previous_id or "")
    if not other_id:
        raise Http404(_("没有可比对的版本。"))
    other = sel.get_filing_for(request.user, other_id)
    diff = clauses.compare(other.text, filing.text)
    counts = {k: sum(1 for d in diff if d.change == k) for k in ("changed", "added", "removed", "same")}
    return render(
        request,
        "oversight/filings/compare.html",
        {"filing": filing, "other": other, "diff": diff, "counts": counts},
    )


# --- the public library ------------------------------------------------------------------------------


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    fs = LibraryFilterSet(request.GET, queryset=sel.library(), user=request.user)
    page = Paginator(fs.qs, 20).get_page(request.GET.get("page"))
    return render(request, "oversight/filings/library.html", {"form": fs.form, "page": page})


@require_GET
def library_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        filing = sel.get_library_document(pk)
    except NotFoundError:
        raise Http404(_("文件不存在。")) from None
    return render(request, "oversight/filings/library_detail.html", {"filing": filing})


# --- review requests -----------------------------------------------------------------------------------


def _public_congress(request: HttpRequest) -> Congress:
    pk = request.GET.get("congress") or request.POST.get("congress")
    congress = Congress.objects.filter(pk=pk, is_active=True).first() if str(pk or "").isdigit() else None
    if congress is None:
        congress = Congress.objects.filter(is_active=True, level="county").order_by("path").first()
    if congress is None:
        raise Http404(_("页面不存在。"))
    return congress


@never_cache
@require_http_methods(["GET", "POST"])
def request_submit(request: HttpRequest) -> HttpResponse:
    """The public form of 审查建议 (the portal's captcha and a rate limit per address)."""
    from renda.liaison import captcha

    congress = _public_congress(request)
    filing = None
    if str(request.GET.get("filing", "")).isdigit():
        filing = sel.library().filter(pk=request.GET["filing"], congress=congress).first()
    initial = {"document_title": f"{filing.title}({filing.document_number})"} if filing else {}
    form = f.ReviewRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if not captcha.check(request.session, d["captcha"]):
            form.add_error("captcha", _("验证码不正确,请重新计算图中的算式。"))
        else:
            if str(request.POST.get("filing", "")).isdigit():
                filing = sel.library().filter(pk=request.POST["filing"], congress=congress).first()
            try:
                req, code = services.review_request_submit(
                    actor=request.user, congress=congress, requester_kind=d["requester_kind"],
                    requester_name=d["requester_name"], requester_phone=d["requester_phone"],
                    document_title=d["document_title"], content=d["content"], filing=filing,
                    client_ip=client_ip(request),
                )  # fmt: skip
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                return render(request, "oversight/filings/request_done.html", {"req": req, "code": code})
    captcha.new_challenge(request.session)
    return render(
        request, "oversight/filings/request_form.html", {"form": form, "congress": congress, "filing": filing},
        status=_status(request),
    )  # fmt: skip


@never_cache
@require_http_methods(["GET", "POST"])
def request_track(request: HttpRequest) -> HttpResponse:
    form = f.TrackForm(request.POST or None)
    found = None
    looked = False
    if request.method == "POST" and form.is_valid():
        looked = True
        try:
            found = services.review_request_lookup(
                number=form.cleaned_data["number"],
                code=form.cleaned_data["code"],
                client_ip=client_ip(request),
            )
        except RendaError as exc:
            apply_service_error(form, exc)
            looked = False
    return render(
        request, "oversight/filings/request_track.html", {"form": form, "found": found, "looked": looked}
    )


@reviewer_page
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    fs = ReviewRequestFilterSet(request.GET, queryset=sel.requests_for(request.user), user=request.user)
    if request.GET.get("export") == "xlsx":
        from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

        rows = [
            [r.number, r.get_requester_kind_display(), r.requester_name, r.document_title, r.submitted_at.date(),
             r.answer_due_on, r.get_state_display(), r.answered_at.date() if r.answered_at else "", r.transferred_to]
            for r in fs.qs[:5000]
        ]  # fmt: skip
        sheet = Sheet(
            title=_("审查建议"),
            headers=[
                _("编号"),
                _("提出人类别"),
                _("提出人"),
                _("建议审查的文件"),
                _("提出日期"),
                _("反馈期限"),
                _("状态"),
                _("反馈日期"),
                _("移送机关"),
            ],  # fmt: skip
            rows=rows,
        )
        record_export(request, action="review_request.export", rows=len(rows))
        return xlsx_response(workbook_bytes([sheet]), timestamped(_("审查建议")))
    page = Paginator(fs.qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/filings/request_list.html",
        {"form": fs.form, "page": page, "today": clock.today()},
    )


@reviewer_page
@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = sel.get_request_for(request.user, pk)
    manages = policy.reviews_filings(request.user, req.congress_id)
    form = f.AnswerForm(request.POST or None) if manages and req.state == "received" else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("您不能反馈该审查建议。"))
        if form.is_valid():
            try:
                services.review_request_answer(
                    actor=request.user, request=req, answer=form.cleaned_data["answer"],
                    transferred_to=form.cleaned_data["transferred_to"],
                )  # fmt: skip
            except PermissionDeniedError:
                raise
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已反馈,提出人可凭查询编号和查询码查看。"))
                return redirect("oversight:request_detail", pk=req.pk)
    return render(
        request, "oversight/filings/request_detail.html", {"req": req, "form": form}, status=_status(request)
    )


# --- special reviews, the yearly report, settings ------------------------------------------------------


@reviewer_page
@require_http_methods(["GET", "POST"])
def special_reviews(request: HttpRequest) -> HttpResponse:
    rows = sel.special_reviews_for(request.user)
    form = None
    congress_ids = scope_of(request.user).congress_ids_with(*policy.MANAGE_ROLES)
    if congress_ids:
        congress = _managed_congress(request)
        candidates = sel.filings_for(request.user).filter(congress=congress).order_by("-filed_at")[:200]
        candidates = sel.filings_for(request.user).filter(pk__in=[c.pk for c in candidates])
        form = f.SpecialReviewForm(request.POST or None, filings=candidates)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                services.special_review_create(
                    actor=request.user, congress=congress, theme=d["theme"], description=d["description"],
                    started_on=d["started_on"], filings=list(d["filings"]),
                )  # fmt: skip
            except PermissionDeniedError:
                raise
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("专项审查已建立。"))
                return redirect("oversight:special_reviews")
    elif request.method == "POST":
        raise PermissionDenied(_("您没有执行此操作的权限。"))
    return render(
        request, "oversight/filings/special_reviews.html",
        {"rows": rows.order_by("-started_on"), "form": form, "finish_form": f.FinishForm()},
        status=_status(request),
    )  # fmt: skip


@reviewer_page
@require_POST
def special_review_finish(request: HttpRequest, pk: int) -> HttpResponse:
    review = sel.special_reviews_for(request.user).filter(pk=pk).first()
    if review is None:
        raise Http404(_("专项审查不存在。"))
    form = f.FinishForm(request.POST)
    if form.is_valid():
        try:
            services.special_review_finish(
                actor=request.user, review=review, conclusion=form.cleaned_data["conclusion"],
                finished_on=form.cleaned_data["finished_on"],
            )  # fmt: skip
        except PermissionDeniedError:
            raise
        except RendaError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("专项审查已完成。"))
    else:
        messages.error(request, " ".join(str(e[0]) for e in form.errors.values()))
    return redirect("oversight:special_reviews")


@reviewer_page
@require_GET
def yearly_report(request: HttpRequest) -> HttpResponse:
    congress = working_congress(request.user, *policy.REVIEW_ROLES, wanted=request.GET.get("congress"))
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    if not 2000 <= year <= 2100:
        year = clock.today().year
    figures = sel.year_figures(congress, year)
    if request.GET.get("format") == "docx":
        from renda.documents.word import docx_response

        record_export(request, action="filing_report.export", rows=figures["filed"], congress=congress)
        return docx_response(
            documents.yearly_report_docx(congress, figures), _("%(y)d年度备案审查工作情况报告") % {"y": year}
        )
    return render(
        request, "oversight/filings/report.html",
        {"congress": congress, "year": year, "figures": figures, "years": range(clock.today().year, 2019, -1)},
    )  # fmt: skip


@reviewer_page
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    congress = _managed_congress(request)
    setting = services.filing_setting(congress.pk)
    fields = list(f.SettingForm.base_fields)
    committees = Organization.objects.filter(congress=congress, kind="committee", is_active=True).order_by(
        "sort_order", "name"
    )
    form = f.SettingForm(
        request.POST or None, initial={k: getattr(setting, k) for k in fields}, committees=committees
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.setting_update(actor=request.user, congress=congress, values=form.cleaned_data)
        except PermissionDeniedError:
            raise
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("设置已保存。"))
            return redirect("oversight:filing_settings")
    return render(
        request,
        "oversight/filings/settings.html",
        {"form": form, "congress": congress},
        status=_status(request),
    )


# --- appointments ----------------------------------------------------------------------------------------


@appointments_page
@require_GET
def appointment_list(request: HttpRequest) -> HttpResponse:
    fs = AppointmentFilterSet(request.GET, queryset=sel.appointments_for(request.user), user=request.user)
    if request.GET.get("export") == "xlsx":
        from renda.documents.excel import timestamped, workbook_bytes, xlsx_response

        people = list(sel.appointed(fs.qs)[:5000])
        record_export(request, action="appointment.export", rows=len(people))
        return xlsx_response(
            workbook_bytes(documents.composition_sheets(people)), timestamped(_("任命人员结构"))
        )
    page = Paginator(fs.qs, 20).get_page(request.GET.get("page"))
    return render(
        request, "oversight/filings/appointment_list.html",
        {"form": fs.form, "page": page,
         "can_manage": bool(scope_of(request.user).congress_ids_with(*policy.MANAGE_ROLES))},
    )  # fmt: skip


@appointments_page
@require_http_methods(["GET", "POST"])
def appointment_create(request: HttpRequest) -> HttpResponse:
    congress = _managed_congress(request)
    bodies = Organization.objects.filter(congress=congress, is_active=True).order_by("sort_order", "name")
    form = f.AppointmentForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        try:
            appointment = services.appointment_nominate(
                actor=request.user, congress=congress, **form.cleaned_data
            )
        except PermissionDeniedError:
            raise
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("任免事项已登记。"))
            return redirect("oversight:appointment_detail", pk=appointment.pk)
    return render(request, "oversight/filings/appointment_form.html", {"form": form}, status=_status(request))


def _agenda_choices(appointment: Any) -> list[tuple[str, str]]:
    from renda.meetings.choices import MeetingState
    from renda.meetings.models import AgendaItem

    items = AgendaItem.objects.filter(
        kind="appointment", meeting__congress_id=appointment.congress_id,
        meeting__state__in=[MeetingState.DRAFT, MeetingState.SCHEDULED, MeetingState.IN_PROGRESS],
    ).select_related("meeting").order_by("meeting__starts_at", "order")  # fmt: skip
    return [(str(i.pk), f"{i.meeting.title} · {i.title}") for i in items]


STEP_FORMS = {
    "exam": f.ExamForm,
    "statement": f.StatementForm,
    "agenda": f.AgendaForm,
    "oath": f.OathForm,
    "withdraw": f.WithdrawForm,
}


def _step_forms(appointment: Any, bound: tuple[str, Any] | None = None) -> dict[str, Any]:
    s, kind = appointment.state, appointment.kind
    open_steps = []
    if kind == AppointmentKind.APPOINT and s in (AppointmentState.NOMINATED, AppointmentState.EXAM_FAILED):
        open_steps.append("exam")
    if s == AppointmentState.EXAMINED:
        open_steps.append("statement")
    if services.ready_for_vote(appointment):
        open_steps.append("agenda")
    if kind == AppointmentKind.APPOINT and s == AppointmentState.APPOINTED:
        open_steps.append("oath")
    if s in (
        AppointmentState.NOMINATED,
        AppointmentState.EXAMINED,
        AppointmentState.EXAM_FAILED,
        AppointmentState.STATED,
    ):
        open_steps.append("withdraw")
    out: dict[str, Any] = {}
    for step in open_steps:
        kwargs = {"items": _agenda_choices(appointment)} if step == "agenda" else {}
        if bound and bound[0] == step:
            out[step] = bound[1]
        else:
            out[step] = STEP_FORMS[step](**kwargs)
    return out


@appointments_page
@require_http_methods(["GET", "POST"])
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from renda.meetings.models import AgendaItem

    appointment = sel.get_appointment_for(request.user, pk)
    manages = policy.manages(request.user, appointment.congress_id)
    bound = None
    if request.method == "POST":
        if not manages:
            raise PermissionDenied(_("您没有执行此操作的权限。"))
        step = request.POST.get("step", "")
        if step == "certify":
            try:
                services.appointment_certify(actor=request.user, appointment=appointment)
            except RendaError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("任命书已颁发,可下载打印。"))
            return redirect("oversight:appointment_detail", pk=appointment.pk)
        if step not in STEP_FORMS:
            raise Http404(_("页面不存在。"))
        kwargs = {"items": _agenda_choices(appointment)} if step == "agenda" else {}
        form = STEP_FORMS[step](request.POST, request.FILES, **kwargs)
        if form.is_valid():
            d = form.cleaned_data
            try:
                if step == "exam":
                    services.appointment_exam(actor=request.user, appointment=appointment, exam_date=d["exam_date"],
                                              score=d["score"])  # fmt: skip
                elif step == "statement":
                    services.appointment_statement(actor=request.user, appointment=appointment,
                                                   statement_on=d["statement_on"], statement=d["statement"])  # fmt: skip
                elif step == "agenda":
                    item = AgendaItem.objects.select_related("meeting").get(pk=int(d["agenda_item"]))
                    services.appointment_link_agenda(
                        actor=request.user, appointment=appointment, agenda_item=item
                    )
                elif step == "oath":
                    services.appointment_oath(actor=request.user, appointment=appointment, oath_date=d["oath_date"],
                                              witnesses=d["witnesses"], recording=request.FILES.get("recording"))  # fmt: skip
                elif step == "withdraw":
                    services.appointment_withdraw(
                        actor=request.user, appointment=appointment, reason=d["reason"]
                    )
            except PermissionDeniedError:
                raise
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect("oversight:appointment_detail", pk=appointment.pk)
        bound = (step, form)
        appointment.refresh_from_db()
    from .meetings_filings import describe

    return render(
        request, "oversight/filings/appointment_detail.html",
        {"a": appointment, "label": describe(appointment), "manages": manages,
         "forms": _step_forms(appointment, bound) if manages else {}},
        status=400 if bound else 200,
    )  # fmt: skip


@appointments_page
@require_GET
def appointment_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    from renda.documents.pdf import pdf_response

    appointment = sel.get_appointment_for(request.user, pk)
    if appointment.state != AppointmentState.CERTIFIED:
        raise Http404(_("尚未颁发任命书。"))
    return pdf_response(
        documents.certificate_pdf(appointment), _("任命书-%(n)s") % {"n": appointment.person_name}
    )


@appointments_page
@require_GET
def appointment_recording(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = sel.get_appointment_for(request.user, pk)
    return file_response(
        appointment.oath_recording,
        name=appointment.oath_recording_name,
        content_type=appointment.oath_recording_type,
    )
