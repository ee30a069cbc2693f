"""The engine's face: one case page for every kind, and one URL per step that opens and takes it.

``/cases/<pk>/`` shows the case (the kind's subject panel, the handling, the timeline) and only the
actions open to the actor now (``renda.cases.actions.actions_for``). Each action's button opens its
form on demand: with HTMX the form is a fragment loaded into the page; without JavaScript the same
URL (``/cases/<pk>/do/<code>/?assignment=<id>``) is a page with the form. Posting there performs the
action through its service: success goes back to the case page with a message; a refusal answers
400 with the errors next to the fields and a summary on top, the user's input kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from renda.core.errors import NotFoundError, PermissionDeniedError, RendaError
from renda.core.forms import apply_service_error
from renda.documents.serving import file_response

from .actions import ActionContext, BoundAction, actions_for, actions_of_kind
from .choices import DeadlineStatus
from .models import Case
from .selectors import (
    case_detail_assignments,
    case_replies,
    case_reply_drafts,
    case_timeline_entries,
    co_handler_opinions,
    deadline_status,
    get_case_attachment_for,
    get_case_for,
)


def _case(user: Any, pk: Any) -> Case:
    try:
        return get_case_for(user, pk)
    except NotFoundError:
        raise Http404(_("案件不存在。")) from None


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def action_url(case: Case, bound: BoundAction) -> str:
    url = reverse("cases:act", args=[case.pk, bound.code])
    if bound.action.per_target and bound.target_id is not None:
        url += f"?{bound.action.param}={bound.target_id}"
    return url


def _buttons(request: HttpRequest, case: Case, bound: list[BoundAction]) -> list[dict[str, Any]]:
    ctx = ActionContext(actor=request.user, case=case, request=request)
    out = []
    for b in bound:
        link = b.action.link(ctx, b.target) if b.action.link else ""
        out.append(
            {
                "bound": b,
                "url": link or action_url(case, b),
                "link": bool(link),
                "has_form": b.action.form is not None,
            }
        )
    return out


def _deadline_colour(case: Case, assignments: list[Any]) -> str:
    if case.closed_at is not None or case.due_at is None:
        return ""
    open_ones = [a for a in assignments if a.state in ("pending_sign", "handling")]
    if not open_ones:
        return ""
    worst = DeadlineStatus.GREEN
    for a in open_ones:
        a.case = case
        status = deadline_status(a)
        if status == DeadlineStatus.RED:
            return status
        if status == DeadlineStatus.YELLOW:
            worst = status
    return worst


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request.user, pk)
    policy = case.policy
    bound = actions_for(case, request.user, request=request)
    assignments = list(case_detail_assignments(case))
    subject = {}
    if policy.subject_template:
        subject = policy.subject_context(case, request.user)
    context = {
        "case": case,
        "policy": policy,
        "kind_label": policy.label,
        "state_label": policy.state_label(case.state),
        "deadline_colour": _deadline_colour(case, assignments),
        "actions": _buttons(request, case, bound),
        "assignments": assignments,
        "replies": list(case_replies(case)),
        "supervisions": list(case.supervisions.select_related("supervisor").order_by("visited_at", "pk")),
        "attachments": list(
            case.attachments.filter(reply__isnull=True, draft__isnull=True).order_by("uploaded_at", "pk")
        ),
        "drafts": list(case_reply_drafts(case, request.user)),
        "readable_opinions": {a.pk for a in co_handler_opinions(case, request.user)},
        "timeline": case_timeline_entries(case),
        "subject": subject,
        **subject,
    }
    return render(request, "cases/detail.html", context)


def _find(request: HttpRequest, case: Case, code: str) -> BoundAction | None:
    """The action ``code`` on the target named in the request; when the actor has exactly one target
    for it and none is named, that one."""
    policy = case.policy
    action = next((a for a in actions_of_kind(policy) if a.code == code), None)
    if action is None:
        raise Http404(_("未知的操作。"))
    mine = [b for b in actions_for(case, request.user, request=request) if b.code == code]
    if not action.per_target:
        return mine[0] if mine else None
    raw = request.POST.get(action.param) or request.GET.get(action.param)
    if raw in (None, ""):
        return mine[0] if len(mine) == 1 else None
    return next((b for b in mine if str(b.target_id) == str(raw)), None)


def _render_form(
    request: HttpRequest, case: Case, bound: BoundAction, form: Any, *, status: int = 200
) -> HttpResponse:
    context = {
        "case": case,
        "policy": case.policy,
        "bound": bound,
        "form": form,
        "url": action_url(case, bound),
        "detail_url": reverse("cases:detail", args=[case.pk]),
    }
    template = "cases/_action_form.html" if _is_htmx(request) else "cases/action.html"
    return render(request, template, context, status=status)


def _back(request: HttpRequest, case: Case) -> HttpResponse:
    """Back to the case page (HTMX: ``HX-Redirect``, so the whole page shows the message)."""
    url = reverse("cases:detail", args=[case.pk])
    if _is_htmx(request):
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _done(request: HttpRequest, case: Case, message: Any) -> HttpResponse:
    messages.success(request, str(message))
    return _back(request, case)


def _refused(request: HttpRequest, case: Case, message: str) -> HttpResponse:
    messages.error(request, message)
    return _back(request, case)


@login_required
@require_http_methods(["GET", "POST"])
def case_act(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """GET: the action's form (a fragment for HTMX, a page without JS). POST: perform it."""
    case = _case(request.user, pk)
    bound = _find(request, case, code)
    if bound is None:
        if request.method == "POST":
            # A stale page or a second click: the step is no longer open (or never was) to this actor.
            return _refused(request, case, _("该操作当前不能办理,可能已经办理过,请查看最新情况。"))
        raise PermissionDenied(_("您当前不能办理此操作。"))
    action = bound.action
    ctx = ActionContext(actor=request.user, case=case, request=request)
    if action.link is not None:
        return redirect(action.link(ctx, bound.target))
    if request.method == "GET":
        form = action.form(ctx, bound.target) if action.form else None
        return _render_form(request, case, bound, form)
    form = action.form(ctx, bound.target, data=request.POST, files=request.FILES) if action.form else None
    try:
        if form is None:
            action.perform(ctx, {}, bound.target)
            return _done(request, case, action.success)
        if form.is_valid():
            action.perform(ctx, form.cleaned_data, bound.target)
            return _done(request, case, action.success)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from None
    except RendaError as exc:
        if form is None:
            return _refused(request, case, exc.message)
        apply_service_error(form, exc)
    return _render_form(request, case, bound, form, status=400)


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A case file, for whoever may read the case (or, for a file the kind makes public, anyone)."""
    try:
        att = get_case_attachment_for(request.user, pk)
    except NotFoundError:
        raise Http404(_("附件不存在。")) from None
    return file_response(att.file, name=att.original_name, content_type=att.content_type)
