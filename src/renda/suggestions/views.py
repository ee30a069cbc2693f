"""Pages of deputies' suggestions. Thin: forms parse, services write, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.audit.services import record_export
from renda.cases import services as engine
from renda.cases.choices import AssignmentRole, AssignmentState
from renda.cases.policies import available_transitions
from renda.cases.selectors import case_detail_assignments, case_replies
from renda.core.choices import UNIT_ROLES, Role
from renda.core.errors import NotFoundError, PermissionDeniedError, RendaError
from renda.core.forms import apply_service_error
from renda.core.models import Organization
from renda.core.scopes import scope_of, working_congress
from renda.deputies.models import DeputyMandate
from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response
from renda.documents.serving import file_response

from . import forms as f
from . import services
from .choices import KIND, SuggestionState
from .filtersets import SORTS, SuggestionFilterSet
from .models import CoSignature, Suggestion
from .selectors import (
    get_attachment_for,
    get_suggestion_for,
    invitations_for,
    invite_candidates,
    pending_requests,
    public_item,
    public_reply_attachments,
    public_suggestions,
    replies_to_rate,
    reply_recipients,
    suggestion_timeline,
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
    return working_congress(request.user, Role.STAFF).pk


# --- lists ------------------------------------------------------------------------------------------


def _filterset(request: HttpRequest) -> SuggestionFilterSet:
    return SuggestionFilterSet(request.GET, suggestions_for(request.user), user=request.user)


@login_required
@require_GET
def suggestion_list(request: HttpRequest) -> HttpResponse:
    filterset = _filterset(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    scope = scope_of(request.user)
    return render(
        request,
        "suggestions/list.html",
        {
            "form": filterset.form,
            "page": page,
            "is_deputy": scope.has(Role.DEPUTY),
            "is_staff": scope.has(Role.STAFF),
            "can_configure": scope.has(Role.STAFF, Role.SYSTEM_ADMIN),
            # a unit's assignment letters (交办函), one per unit of the user
            "units": (
                Organization.objects.filter(pk__in=scope.unit_ids).order_by("name")
                if scope.has(*UNIT_ROLES)
                else []
            ),
        },
    )


@login_required
@require_GET
def suggestion_export(request: HttpRequest) -> HttpResponse:
    filterset = _filterset(request)
    if filterset.field_errors():
        return redirect(f"{reverse('suggestions:list')}?{request.GET.urlencode()}")
    rows = []
    for s in filterset.qs[:EXPORT_LIMIT]:
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
            return redirect("suggestions:detail", pk=s.pk)
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
            return redirect("suggestions:detail", pk=s.pk)
        except RendaError as exc:
            apply_service_error(form, exc)
    return render(request, "suggestions/form.html", {"form": form, "suggestion": s, "creating": False})


# --- the case page --------------------------------------------------------------------------------------


def _invite_choices(s: Suggestion, q: str = "") -> list[tuple[str, str]]:
    return [(str(m.pk), invite_label(m)) for m in invite_candidates(s, q)]


def invite_label(m: DeputyMandate) -> str:
    """姓名(代表小组 · 代表团 · 选区): enough to tell two deputies of the same name apart."""
    parts = [p for p in (m.group.name if m.group else "", m.delegation, m.constituency) if p]
    return f"{m.deputy.full_name}({' · '.join(parts)})" if parts else m.deputy.full_name


def _context(request: HttpRequest, s: Suggestion, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    user = request.user
    case = s.case
    scope = scope_of(user)
    transitions = {t.name for t in available_transitions(case, user)}
    is_staff = scope.has_in(case.congress_id, Role.STAFF)
    is_lead_deputy = user.pk == s.lead_user_id
    assignments = list(case_detail_assignments(case))
    mine = [
        a for a in assignments
        if a.organization_id in scope.unit_ids and a.state in (AssignmentState.PENDING_SIGN, AssignmentState.HANDLING)
    ]  # fmt: skip
    replies = list(case_replies(case))
    to_rate = [
        r for r in replies
        if is_lead_deputy and not hasattr(r, "rating") and r.assignment.state == AssignmentState.REPLIED
        and case.state == SuggestionState.REPLIED
    ]  # fmt: skip
    bound = bound or {}
    cid = case.congress_id
    forms_: dict[str, Any] = {}
    if is_lead_deputy and case.state in services.EDITABLE_STATES:
        forms_["invite"] = bound.get("invite") or f.InviteForm(
            choices=_invite_choices(s, request.GET.get("dq", ""))
        )
    if {"admit", "return", "refuse", "merge", "convert"} & transitions:
        forms_["review"] = bound.get("review") or f.ReviewForm(suggestion=s)
    if "assign" in transitions:
        forms_["assign"] = bound.get("assign") or f.AssignForm(congress_id=cid)
    if is_staff and case.state not in (SuggestionState.DRAFT,):
        forms_["key"] = bound.get("key") or f.KeyForm(
            congress_id=cid, initial={"is_key": True, "supervising_leader": case.supervising_leader_id}
        )
        forms_["withhold"] = bound.get("withhold") or f.ReasonForm()
    if engine_can_supervise(user, case) and case.assigned_at:
        forms_["supervise"] = bound.get("supervise") or f.SuperviseForm()
    unit_forms = []
    for a in mine:
        entry: dict[str, Any] = {"assignment": a}
        if a.state == AssignmentState.PENDING_SIGN:
            entry["sign"] = True
        else:
            key = f"{a.pk}"
            if a.role == AssignmentRole.CO_HANDLER:
                entry["opinion"] = bound.get("opinion" + key) or f.OpinionForm()
            else:
                entry["plan"] = bound.get("plan" + key) or f.PlanForm()
                entry["contact"] = bound.get("contact" + key) or f.ContactForm()
                entry["progress"] = bound.get("progress" + key) or f.ProgressForm()
                if "reply" in transitions:
                    entry["reply"] = bound.get("reply" + key) or f.ReplyForm()
        entry["extension"] = bound.get("extension" + str(a.pk)) or f.ExtensionForm()
        entry["return"] = bound.get("return" + str(a.pk)) or f.ReturnForm()
        unit_forms.append(entry)
    if to_rate:
        forms_["rate"] = bound.get("rate") or f.RateForm()
    merged_into_replies = []
    if s.merged_into_id:
        merged_into_replies = list(case_replies(s.merged_into.case))
    return {
        "s": s,
        "case": case,
        "transitions": transitions,
        "is_staff": is_staff,
        "is_lead_deputy": is_lead_deputy,
        "assignments": assignments,
        "unit_forms": unit_forms,
        "replies": replies,
        "to_rate": to_rate,
        "forms": forms_,
        "cosignatures": list(s.cosignatures.select_related("mandate__deputy")),
        "versions": list(s.versions.all()),
        "attachments": list(case.attachments.filter(reply__isnull=True)),
        "timeline": suggestion_timeline(s),
        "supervisions": list(case.supervisions.select_related("supervisor")),
        "merged": list(s.merged.select_related("case", "lead_mandate__deputy")),
        "merged_into_replies": merged_into_replies,
        "attach_form": bound.get("attach") or f.AttachForm(),
        "can_attach": engine_can_attach(user, case),
        "publishable": case.policy.is_publishable(case),
    }


def engine_can_supervise(user: Any, case: Any) -> bool:
    return case.policy.can_supervise(user, case, scope_of(user))


def engine_can_attach(user: Any, case: Any) -> bool:
    return case.policy.can_attach(user, case, scope_of(user))


@login_required
@require_GET
def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    s = _get(request.user, pk)
    return render(request, "suggestions/detail.html", _context(request, s))


def _assignment(s: Suggestion, request: HttpRequest) -> Any:
    try:
        aid = int(request.POST.get("assignment", ""))
    except ValueError:
        raise PermissionDeniedError(_("请选择交办事项。")) from None
    a = s.case.assignments.select_related("organization", "case").filter(pk=aid).first()
    if a is None:
        raise PermissionDeniedError(_("交办事项不存在。"))
    return a


@login_required
@require_POST
def suggestion_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Every step on the case page posts here; the service decides whether it is allowed."""
    s = _get(request.user, pk)
    user, case, post = request.user, s.case, request.POST
    form: Any = None
    key = action
    try:
        if action == "submit":
            services.suggestion_submit(actor=user, suggestion=s)
            messages.success(request, _("建议已提交。"))
        elif action == "resubmit":
            services.suggestion_resubmit(actor=user, suggestion=s)
            messages.success(request, _("建议已重新提交。"))
        elif action == "withdraw":
            form = f.ReasonForm(post)
            if form.is_valid():
                services.suggestion_withdraw(actor=user, suggestion=s, reason=form.cleaned_data["reason"])
        elif action == "invite":
            # the picked deputies may come from a search beyond the default list: accept any candidate
            picked = [int(v) for v in post.getlist("mandates") if v.isdigit() and len(v) < 19]
            choices = _invite_choices(s, post.get("dq", ""))
            shown = {c for c, _label in choices}
            choices += [
                (str(m.pk), invite_label(m))
                for m in invite_candidates(s, ids=picked)
                if str(m.pk) not in shown
            ]
            form = f.InviteForm(post, choices=choices)
            if form.is_valid():
                mandates = DeputyMandate.objects.filter(pk__in=form.cleaned_data["mandates"]).select_related(
                    "deputy"
                )
                services.cosigner_invite(actor=user, suggestion=s, mandates=mandates)
                messages.success(request, _("已发出附议邀请。"))
        elif action == "review":
            form = f.ReviewForm(post, suggestion=s)
            if form.is_valid():
                d = form.cleaned_data
                services.suggestion_review(
                    actor=user, suggestion=s, outcome=d["outcome"], note=d["note"],
                    exclusion_reason=d["exclusion_reason"], merge_into=d["merge_into"], category=d["category"],
                )  # fmt: skip
                messages.success(request, _("审查结果已保存。"))
        elif action == "assign":
            form = f.AssignForm(post, congress_id=case.congress_id)
            if form.is_valid():
                d = form.cleaned_data
                engine.case_assign(
                    actor=user, case=case, lead=d["lead"], co_handlers=list(d["co_handlers"]),
                    separate=list(d["separate"]), deadline=d["deadline"], note=d["note"],
                )  # fmt: skip
                messages.success(request, _("已交办。"))
        elif action == "key":
            form = f.KeyForm(post, congress_id=case.congress_id)
            if form.is_valid():
                d = form.cleaned_data
                engine.case_mark_key(
                    actor=user, case=case, is_key=d["is_key"], supervising_leader=d["supervising_leader"]
                )
                messages.success(request, _("重点督办设置已保存。"))
        elif action == "supervise":
            form = f.SuperviseForm(post)
            if form.is_valid():
                d = form.cleaned_data
                engine.supervision_record(
                    actor=user, case=case, mode=d["mode"], notes=d["notes"], visited_at=d["visited_at"]
                )
                messages.success(request, _("督办情况已记录。"))
        elif action == "publish":
            services.suggestion_publish(actor=user, suggestion=s)
            messages.success(request, _("已公开。"))
        elif action == "withhold":
            form = f.ReasonForm(post)
            if form.is_valid():
                services.suggestion_withhold(actor=user, suggestion=s, reason=form.cleaned_data["reason"])
                messages.success(request, _("已设为不公开。"))
        elif action == "allow_public":
            services.suggestion_allow_public(actor=user, suggestion=s)
        elif action == "attach":
            form = f.AttachForm(post, request.FILES)
            key = "attach"
            if form.is_valid():
                engine.attachment_add(actor=user, case=case, file=form.cleaned_data["file"])
                messages.success(request, _("附件已上传。"))
        elif action == "rate":
            form = f.RateForm(post)
            if form.is_valid():
                reply = replies_to_rate(user).filter(case=case).order_by("-replied_at").first()
                if reply is None:
                    raise PermissionDeniedError(_("没有需要您测评的答复。"))
                engine.case_rate(
                    actor=user,
                    reply=reply,
                    value=form.cleaned_data["value"],
                    comment=form.cleaned_data["comment"],
                )
                messages.success(request, _("测评结果已提交。"))
        elif action in ("sign", "plan", "contact", "progress", "opinion", "reply", "extension", "return"):
            a = _assignment(s, request)
            key = action + str(a.pk)
            if action == "sign":
                engine.assignment_sign(actor=user, assignment=a)
                messages.success(request, _("已签收。"))
            elif action == "plan":
                form = f.PlanForm(post)
                if form.is_valid():
                    engine.plan_submit(actor=user, assignment=a, **form.cleaned_data)
                    messages.success(request, _("办理工作方案已提交。"))
            elif action == "contact":
                form = f.ContactForm(post)
                if form.is_valid():
                    engine.contact_record(actor=user, assignment=a, **form.cleaned_data)
                    messages.success(request, _("沟通情况已记录。"))
            elif action == "progress":
                form = f.ProgressForm(post)
                if form.is_valid():
                    engine.progress_report(actor=user, assignment=a, **form.cleaned_data)
                    messages.success(request, _("办理进展已报告。"))
            elif action == "opinion":
                form = f.OpinionForm(post)
                if form.is_valid():
                    engine.co_handler_opinion_send(
                        actor=user, assignment=a, opinion=form.cleaned_data["opinion"]
                    )
                    messages.success(request, _("协办意见已送达主办单位。"))
            elif action == "reply":
                form = f.ReplyForm(post, request.FILES)
                if form.is_valid():
                    d = form.cleaned_data
                    final = {"1": True, "0": False}.get(d["is_final"])
                    reply = engine.reply_submit(
                        actor=user, assignment=a, classification=d["classification"], text=d["text"],
                        signing_leader=d["signing_leader"], is_final=final,
                        reason_without_contact=d["reason_without_contact"],
                    )  # fmt: skip
                    if d.get("attachment"):
                        engine.attachment_add(actor=user, case=case, file=d["attachment"], reply=reply)
                    messages.success(request, _("答复已提交。"))
            elif action == "extension":
                form = f.ExtensionForm(post)
                if form.is_valid():
                    engine.extension_request(actor=user, assignment=a, **form.cleaned_data)
                    messages.success(request, _("延期申请已提交。"))
            elif action == "return":
                form = f.ReturnForm(post)
                if form.is_valid():
                    engine.return_request(actor=user, assignment=a, reason=form.cleaned_data["reason"])
                    messages.success(request, _("退回申请已提交。"))
        else:
            raise Http404(_("未知的操作。"))
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from None
    except RendaError as exc:
        if form is None:
            messages.error(request, exc.message)
            return redirect("suggestions:detail", pk=s.pk)
        apply_service_error(form, exc)
    if form is not None and form.errors:
        s = _get(user, pk)
        ctx = _context(request, s, {key: form})
        ctx["error_form"] = key
        return render(request, "suggestions/detail.html", ctx, status=400)
    return redirect("suggestions:detail", pk=s.pk)


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
    """The replies to rate are a reason of the inbox (``renda.cases.inbox``)."""
    return redirect(f"{reverse('cases:inbox')}?kind={KIND}&reason=to_rate")


# --- staff --------------------------------------------------------------------------------------------


@login_required
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    _staff_congress(request)
    qs = suggestions_for(request.user).filter(case__state=SuggestionState.SUBMITTED).order_by(*SORTS["old"])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "suggestions/review_queue.html", {"page": page, "can_configure": True})


@login_required
@require_http_methods(["GET", "POST"])
def assign_bulk(request: HttpRequest) -> HttpResponse:
    """交办会: pick many accepted suggestions, give each a lead unit (and co-handlers), assign at once."""
    cid = _staff_congress(request)
    candidates = list(
        suggestions_for(request.user)
        .filter(case__state=SuggestionState.ACCEPTED)
        .order_by(*SORTS["old"])[:200]
    )
    form = f.AssignForm(congress_id=cid)
    error = ""
    if request.method == "POST":
        items = []
        units = {o.pk: o for o in f.handling_units(cid)}
        for s in candidates:
            if request.POST.get(f"pick-{s.pk}") != "1":
                continue
            lead_id = request.POST.get(f"lead-{s.pk}", "")
            co_ids = request.POST.getlist(f"co-{s.pk}")
            lead = units.get(int(lead_id)) if lead_id.isdigit() else None
            co = [units[int(c)] for c in co_ids if c.isdigit() and int(c) in units]
            items.append({"case": s.case, "lead": lead, "co_handlers": co})
        deadline_form = f.AssignForm(request.POST, congress_id=cid)
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
            "units": list(f.handling_units(cid)),
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
            "form": f.DecideForm(),
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
    form = f.DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择同意或不同意。"))
        return redirect("suggestions:requests")
    approve = form.cleaned_data["approve"] == "1"
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
    """A unit's suggestions to sign, handle and answer are in the inbox (``renda.cases.inbox``); the
    assignment letters are on the suggestions list."""
    if not scope_of(request.user).has(*UNIT_ROLES):
        raise PermissionDenied(_("您没有访问此页面的权限。"))
    return redirect(f"{reverse('cases:inbox')}?kind={KIND}")


@login_required
@require_GET
def key_list(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    if not scope.has(Role.LEADER, Role.STAFF):
        raise PermissionDenied(_("您没有访问此页面的权限。"))
    qs = suggestions_for(request.user).filter(case__is_key=True)
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
    """A case file, only for whoever may read the suggestion (or a published reply's file, for anyone)."""
    try:
        att = get_attachment_for(request.user, pk)
    except NotFoundError:
        raise Http404(_("附件不存在。")) from None
    return file_response(att.file, name=att.original_name, content_type=att.content_type)
