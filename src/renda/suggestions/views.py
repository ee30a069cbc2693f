"""Pages of deputies' suggestions. Thin: forms parse, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.audit.services import record_export
from renda.cases import forms as cf
from renda.cases import services as engine
from renda.cases.selectors import assignments_todo
from renda.core.choices import UNIT_ROLES, Role
from renda.core.errors import NotFoundError, PermissionDeniedError, RendaError
from renda.core.forms import apply_service_error
from renda.core.models import Organization
from renda.core.scopes import scope_of
from renda.deputies.models import DeputyMandate
from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

from . import forms as f
from . import services
from .choices import SuggestionState
from .models import CoSignature, Suggestion
from .selectors import (
    SuggestionFilters,
    get_suggestion_for,
    invitations_for,
    pending_requests,
    public_item,
    public_reply_attachments,
    public_suggestions,
    replies_to_rate,
    reply_recipients,
    suggestions_for,
)

PAGE_SIZE = 20
EXPORT_LIMIT = 20000


def _get(user: Any, pk: Any) -> Suggestion:
    try:
        return get_suggestion_for(user, pk)
    except NotFoundError:
        raise Http404(_("建议不存在。")) from None


def _staff_congress(request: HttpRequest) -> int:
    ids = sorted(scope_of(request.user).congress_ids_with(Role.STAFF))
    if not ids:
        raise PermissionDenied(_("您没有访问此页面的权限。"))
    return ids[0]


# --- lists ------------------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> tuple[f.FilterForm, SuggestionFilters]:
    scope = scope_of(request.user)
    form = f.FilterForm(request.GET or None, congress_ids=scope.read_congress_ids)
    filters = SuggestionFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = SuggestionFilters(
            q=d["q"].strip(),
            session=d["session"].pk if d["session"] else None,
            category=d["category"].pk if d["category"] else None,
            unit=d["unit"].pk if d["unit"] else None,
            state=d["state"],
            type=d["type"],
            reply_class=d["reply_class"],
            rating=d["rating"],
            overdue=d["overdue"],
            key=d["key"],
            sort=d["sort"] or "new",
            year=d["year"],
            congress=d["congress"].pk if d["congress"] else None,
            stat=d["stat"],
        )
    return form, filters


@login_required
@require_GET
def suggestion_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    qs = suggestions_for(request.user, filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    scope = scope_of(request.user)
    return render(
        request,
        "suggestions/list.html",
        {
            "form": form,
            "page": page,
            "is_deputy": scope.has(Role.DEPUTY),
            "is_staff": scope.has(Role.STAFF),
            "can_configure": scope.has(Role.STAFF, Role.SYSTEM_ADMIN),
        },
    )


@login_required
@require_GET
def suggestion_export(request: HttpRequest) -> HttpResponse:
    _form, filters = _filters(request)
    rows = []
    for s in suggestions_for(request.user, filters)[:EXPORT_LIMIT]:
        c = s.case
        rows.append(
            [
                c.number,
                c.title,
                s.get_type_display(),
                s.category.name if s.category else "",
                s.lead_mandate.deputy.full_name,
                s.cosigner_count,
                str(s.session) if s.session else _("闭会期间"),
                c.get_state_display(),
                s.lead_unit_name or "",
                c.due_at,
                s.reply_class or "",
                s.rating_value or "",
                c.is_key,
                c.is_public,
            ]
        )
    headers = [
        _("编号"), _("标题"), _("类型"), _("分类"), _("领衔代表"), _("附议人数"), _("提出时间"),
        _("状态"), _("主办单位"), _("答复期限"), _("答复类别"), _("测评结果"), _("重点"), _("已公开"),
    ]  # fmt: skip
    content = workbook_bytes([Sheet(title=_("代表建议"), headers=headers, rows=rows)])
    record_export(request, action="suggestion.export", rows=len(rows))
    return xlsx_response(content, timestamped(_("代表建议登记表")))


# --- drafts -------------------------------------------------------------------------------------------


def _deputy_congress(user: Any) -> Any:
    mandate = (
        DeputyMandate.objects.active().filter(deputy__user_id=user.pk).select_related("congress").first()
    )
    if mandate is None:
        raise PermissionDenied(_("只有人大代表可以提出建议。"))
    return mandate.congress


def _form_kwargs(form: f.SuggestionForm) -> dict[str, Any]:
    d = form.cleaned_data
    return {
        k: d[k]
        for k in (
            "title", "body", "type", "category", "session", "by_delegation", "delegation_name",
            "not_public", "not_public_reason",
        )
    }  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_create(request: HttpRequest) -> HttpResponse:
    congress = _deputy_congress(request.user)
    services.suggestion_config_ensure(congress=congress)
    form = f.SuggestionForm(request.POST or None, request.FILES or None, congress_id=congress.pk)
    if request.method == "POST" and form.is_valid():
        try:
            s = services.suggestion_draft_create(actor=request.user, congress=congress, **_form_kwargs(form))
            if form.cleaned_data.get("attachment"):
                engine.attachment_add(actor=request.user, case=s.case, file=form.cleaned_data["attachment"])
            messages.success(request, _("草稿已保存,可以邀请附议代表或直接提交。"))
            return redirect("cases:detail", pk=s.case_id)
        except RendaError as exc:
            apply_service_error(form, exc)
    return render(request, "suggestions/form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    s = _get(request.user, pk)
    if request.user.pk != s.lead_user_id or s.case.state not in services.EDITABLE_STATES:
        raise PermissionDenied(_("该建议不能修改。"))
    initial = {
        "title": s.case.title, "body": s.case.body, "type": s.type, "category": s.category_id,
        "session": s.session_id, "by_delegation": s.by_delegation, "delegation_name": s.delegation_name,
        "not_public": s.not_public, "not_public_reason": s.not_public_reason,
    }  # fmt: skip
    form = f.SuggestionForm(
        request.POST or None, request.FILES or None, initial=initial, congress_id=s.case.congress_id
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.suggestion_draft_update(
                actor=request.user, suggestion=s, reason=form.cleaned_data["reason"], **_form_kwargs(form)
            )
            if form.cleaned_data.get("attachment"):
                engine.attachment_add(actor=request.user, case=s.case, file=form.cleaned_data["attachment"])
            messages.success(request, _("修改已保存。"))
            return redirect("cases:detail", pk=s.case_id)
        except RendaError as exc:
            apply_service_error(form, exc)
    return render(request, "suggestions/form.html", {"form": form, "suggestion": s, "creating": False})


# --- the case page (the engine's: /cases/<pk>/) ------------------------------------------------------------


@login_required
@require_GET
def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Old links to a suggestion open its case page."""
    s = _get(request.user, pk)
    return redirect("cases:detail", pk=s.case_id)


@login_required
@require_GET
def reply_letters(request: HttpRequest, pk: int, reply_id: int) -> HttpResponse:
    """答复函: one formal letter per deputy to be answered (lead, co-signers, deputies of merged ones)."""
    s = _get(request.user, pk)
    reply = s.case.replies.select_related("assignment__organization").filter(pk=reply_id).first()
    if reply is None:
        raise Http404(_("答复不存在。"))
    return render(
        request, "suggestions/letters.html", {"s": s, "reply": reply, "recipients": reply_recipients(s)}
    )


# --- deputies -------------------------------------------------------------------------------------------


@login_required
@require_GET
def invitations(request: HttpRequest) -> HttpResponse:
    return render(request, "suggestions/invitations.html", {"items": list(invitations_for(request.user))})


@login_required
@require_POST
def invitation_answer(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    sig = CoSignature.objects.filter(pk=pk, user_id=request.user.pk).first()
    if sig is None or answer not in ("confirm", "decline"):
        raise Http404(_("附议邀请不存在。"))
    try:
        services.cosigner_respond(actor=request.user, cosignature=sig, confirm=answer == "confirm")
        messages.success(request, _("已确认附议。") if answer == "confirm" else _("已谢绝附议。"))
    except RendaError as exc:
        messages.error(request, exc.message)
    return redirect("suggestions:invitations")


@login_required
@require_GET
def to_rate(request: HttpRequest) -> HttpResponse:
    return render(request, "suggestions/to_rate.html", {"items": list(replies_to_rate(request.user))})


# --- staff --------------------------------------------------------------------------------------------


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    _staff_congress(request)
    qs = suggestions_for(request.user, SuggestionFilters(state=SuggestionState.SUBMITTED, sort="old"))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "suggestions/review_queue.html", {"page": page, "can_configure": True})


@login_required
@require_http_methods(["GET", "POST"])
def assign_bulk(request: HttpRequest) -> HttpResponse:
    """交办会: pick many accepted suggestions, give each a lead unit (and co-handlers), assign at once."""
    cid = _staff_congress(request)
    candidates = list(
        suggestions_for(request.user, SuggestionFilters(state=SuggestionState.ACCEPTED, sort="old"))[:200]
    )
    form = cf.AssignForm(congress_id=cid)
    error = ""
    if request.method == "POST":
        items = []
        units = {o.pk: o for o in cf.handling_units(cid)}
        for s in candidates:
            if request.POST.get(f"pick-{s.pk}") != "1":
                continue
            lead_id = request.POST.get(f"lead-{s.pk}", "")
            co_ids = request.POST.getlist(f"co-{s.pk}")
            lead = units.get(int(lead_id)) if lead_id.isdigit() else None
            co = [units[int(c)] for c in co_ids if c.isdigit() and int(c) in units]
            items.append({"case": s.case, "lead": lead, "co_handlers": co})
        deadline_form = cf.AssignForm(request.POST, congress_id=cid)
        deadline = deadline_form.cleaned_data.get("deadline") if deadline_form.is_valid() else None
        if deadline_form.errors.get("deadline"):
            error = _("办理期限日期格式无效。")
        else:
            for item in items:
                item["deadline"] = deadline
            try:
                done = engine.case_assign_bulk(actor=request.user, items=items)
                messages.success(request, _("已交办%(n)s件建议。") % {"n": len(done)})
                return redirect("suggestions:assign_bulk")
            except PermissionDeniedError as exc:
                raise PermissionDenied(exc.message) from None
            except RendaError as exc:
                error = exc.message
        form = deadline_form
    return render(
        request,
        "suggestions/assign_bulk.html",
        {
            "candidates": candidates,
            "units": list(cf.handling_units(cid)),
            "form": form,
            "error": error,
            "post": request.POST,
        },
    )


@login_required
@require_GET
def requests_list(request: HttpRequest) -> HttpResponse:
    _staff_congress(request)
    pending = pending_requests(request.user)
    return render(
        request,
        "suggestions/requests.html",
        {
            "extensions": list(pending["extensions"]),
            "returns": list(pending["returns"]),
            "form": cf.DecideForm(),
        },
    )


@login_required
@require_POST
def request_decide(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    _staff_congress(request)
    pending = pending_requests(request.user)
    key = {"extension": "extensions", "return": "returns"}.get(kind)
    obj = pending[key].filter(pk=pk).first() if key else None
    if obj is None:
        raise Http404(_("申请不存在或已处理。"))
    form = cf.DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择同意或不同意。"))
        return redirect("suggestions:requests")
    approve = bool(form.cleaned_data["approve"])
    try:
        if kind == "extension":
            engine.extension_decide(
                actor=request.user, request=obj, approve=approve, note=form.cleaned_data["note"]
            )
        else:
            engine.return_decide(
                actor=request.user, request=obj, approve=approve, note=form.cleaned_data["note"]
            )
        messages.success(request, _("审批结果已保存。"))
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from None
    except RendaError as exc:
        messages.error(request, exc.message)
    return redirect("suggestions:requests")


# --- units and leaders -------------------------------------------------------------------------------------


@login_required
@require_GET
def unit_todo(request: HttpRequest) -> HttpResponse:
    if not scope_of(request.user).has(*UNIT_ROLES):
        raise PermissionDenied(_("您没有访问此页面的权限。"))
    items = [i for i in assignments_todo(request.user) if i.assignment.case.kind == "suggestion"]
    ids = {i.assignment.case_id: None for i in items}
    by_case = {s.case_id: s.pk for s in Suggestion.objects.filter(case_id__in=list(ids))}
    rows = [(i, by_case.get(i.assignment.case_id)) for i in items]
    units = Organization.objects.filter(pk__in=scope_of(request.user).unit_ids).order_by("name")
    return render(request, "suggestions/unit_todo.html", {"rows": rows, "units": units})


@login_required
@require_GET
def key_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not scope.has(Role.LEADER, Role.STAFF):
        raise PermissionDenied(_("您没有访问此页面的权限。"))
    qs = suggestions_for(request.user, SuggestionFilters(key=True))
    if not scope.has(Role.STAFF):
        qs = qs.filter(case__supervising_leader_id=request.user.pk)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "suggestions/key_list.html", {"page": page})


# --- the public pages ----------------------------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    qs = public_suggestions()
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(case__title__icontains=q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "suggestions/public_list.html", {"page": page, "q": q})


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = public_suggestions().filter(pk=pk).first() if 0 < pk < 2**63 else None
    if s is None:
        raise Http404(_("建议不存在或未公开。"))
    return render(
        request,
        "suggestions/public_detail.html",
        {"item": public_item(s), "attachments": list(public_reply_attachments(s))},
    )


# --- files ----------------------------------------------------------------------------------------------


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The old address of a case file: the engine serves it (``cases:attachment``, access-checked)."""
    return redirect("cases:attachment", pk=pk)
