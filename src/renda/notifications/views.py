"""In-app notifications: the signed-in user's own list, opening one marks it read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.errors import NotFoundError

from .models import Notification
from .services import notification_mark_read, notifications_mark_all_read


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    qs = Notification.objects.visible_to(request.user).order_by("-created_at", "-pk")
    show = request.GET.get("show", "")
    if show == "unread":
        qs = qs.unread()
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        qs = qs.filter(title__icontains=q)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "show": show,
            "q": q,
            "unread": Notification.objects.visible_to(request.user).unread().count(),
        },
    )


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        note = notification_mark_read(actor=request.user, notification_id=pk)
    except NotFoundError as exc:
        raise Http404(str(exc)) from exc
    target = note.url or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(actor=request.user)
    messages.success(request, _("已将 %(n)d 条通知标为已读。") % {"n": count})
    return redirect("notifications:list")
