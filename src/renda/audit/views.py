"""The audit trail viewer: audit administrators only (三员分立)."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from renda.core import clock
from renda.core.choices import Role
from renda.core.permissions import role_required
from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

from .filtersets import EventFilterSet
from .labels import target_labels
from .models import ChainHead, Event
from .selectors import LAST_VERIFY_CACHE_KEY, event_diff, event_list
from .services import record_audit_read, record_audit_verify, record_export, request_filters, verify_chain

PAGE_SIZE = 50
EXPORT_LIMIT = 50000


def _filterset(request: HttpRequest) -> EventFilterSet:
    return EventFilterSet(request.GET, event_list(viewer=request.user), user=request.user)


@role_required(Role.AUDIT_ADMIN)
@require_GET
def event_list_view(request: HttpRequest) -> HttpResponse:
    record_audit_read(request.user, filters=request_filters(request) | {"page": request.GET.get("page", "1")})
    filterset = _filterset(request)
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = _labelled(list(page.object_list))
    return render(
        request,
        "audit/event_list.html",
        {
            "form": filterset.form,
            "page": page,
            "filtered": any(
                v not in ("", None) for v in getattr(filterset.form, "cleaned_data", {}).values()
            ),
            "last_verify": cache.get(LAST_VERIFY_CACHE_KEY),
        },
    )


@role_required(Role.AUDIT_ADMIN)
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.visible_to(request.user).select_related("congress", "actor"), pk=pk
    )
    record_audit_read(request.user, event=event)
    (event,) = _labelled([event])
    return render(request, "audit/event_detail.html", {"event": event, "diff": event_diff(event)})


def _labelled(events: list[Event]) -> list[Event]:
    """Chinese names for the screen (the codes stay in the export and the API)."""
    targets = target_labels(events)
    for e in events:
        e.target_label = targets.get(e.pk, "")  # type: ignore[attr-defined]
    return events


@role_required(Role.AUDIT_ADMIN)
@require_GET
def event_export(request: HttpRequest) -> HttpResponse:
    filterset = _filterset(request)
    if filterset.field_errors():
        return redirect(f"{reverse('audit:event_list')}?{request.GET.urlencode()}")
    record_export(request, action="audit.export")
    events = filterset.qs[:EXPORT_LIMIT]
    rows = (
        [
            e.pk,
            e.created_at,
            e.actor_name,
            e.action,
            e.target_type,
            e.target_id,
            e.target_repr,
            e.congress.name if e.congress else "",
            e.ip_address or "",
            _dump(e.before),
            _dump(e.after),
            e.hash,
        ]
        for e in events.iterator(chunk_size=2000)
    )
    sheet = Sheet(
        title=_("审计日志"),
        headers=[
            _("编号"),
            _("时间"),
            _("操作人"),
            _("操作"),
            _("对象类型"),
            _("对象编号"),
            _("对象"),
            _("人大"),
            _("客户端地址"),
            _("变更前"),
            _("变更后"),
            _("哈希"),
        ],
        rows=rows,
        widths=[8, 20, 14, 22, 18, 10, 24, 20, 16, 40, 40, 20],
    )
    return xlsx_response(workbook_bytes([sheet]), timestamped(_("审计日志")))


def _dump(value: object) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@role_required(Role.AUDIT_ADMIN)
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """GET shows the last result; POST walks the whole chain now."""
    report = None
    if request.method == "POST":
        report = verify_chain()
        record_audit_verify(request.user, report)
        cache.set(
            LAST_VERIFY_CACHE_KEY,
            {
                "ok": report.ok,
                "checked": report.checked,
                "broken_event_id": report.broken_event_id,
                "reason": report.reason,
                "at": clock.now(),
                "by": request.user.display_name,
            },
            timeout=None,
        )
    broken = None
    if report is not None and report.broken_event_id:
        broken = Event.objects.visible_to(request.user).filter(pk=report.broken_event_id).first()
    return render(
        request,
        "audit/verify.html",
        {
            "report": report,
            "broken": broken,
            "last_verify": cache.get(LAST_VERIFY_CACHE_KEY),
            "head": ChainHead.objects.order_by("pk").first(),
        },
    )
