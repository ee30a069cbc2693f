"""The audit trail, for audit administrators only: events and chain verification."""

from datetime import datetime
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from renda.api.filters import filter_params, filtered
from renda.api.schemas import ErrorOut, Id, page_of, paginate
from renda.audit.filtersets import EventFilterSet
from renda.audit.models import Event
from renda.audit.selectors import event_list
from renda.audit.services import record_audit_read, record_audit_verify, verify_chain
from renda.core.permissions import ensure_can_view

router = Router(tags=["审计"])


class EventOut(Schema):
    id: int = Field(..., description="编号")
    created_at: datetime = Field(..., description="时间")
    action: str = Field(..., description="操作,如 user.create")
    actor_id: int | None = Field(None, description="操作人编号")
    actor_name: str = Field(..., description="操作人")
    target_type: str = Field(..., description="对象类型,如 core.user")
    target_id: str = Field(..., description="对象编号")
    target_repr: str = Field(..., description="对象")
    congress_id: int | None = Field(None, description="人大编号")
    before: Any = Field(None, description="变更前")
    after: Any = Field(None, description="变更后")
    ip_address: str | None = Field(None, description="客户端地址")
    prev_hash: str = Field(..., description="前一条记录的哈希")
    hash: str = Field(..., description="本条记录的哈希")


EventPage = page_of(EventOut, "EventPage")


EventQuery = filter_params(EventFilterSet, "EventQuery")


class ChainReportOut(Schema):
    ok: bool = Field(..., description="审计链是否完好")
    checked: int = Field(..., description="已核验的记录数")
    broken_event_id: int | None = Field(None, description="第一条不符的记录编号")
    reason: str = Field("", description="不符的原因")


@router.get("/events", response={200: EventPage, 400: ErrorOut, 403: ErrorOut}, summary="审计事件")
def list_events(request, filters: Query[EventQuery]):
    """审计管理员查看其所辖人大的审计事件,新的在前。"""
    ensure_can_view(request.auth, "audit.events")
    record_audit_read(request.auth, filters=filters.model_dump(exclude_none=True))
    return paginate(
        filtered(EventFilterSet, filters, event_list(viewer=request.auth), user=request.auth), filters
    )


@router.get("/events/{id}", response={200: EventOut, 403: ErrorOut, 404: ErrorOut}, summary="审计事件详情")
def get_event(request, id: Id):
    """一条审计事件。"""
    ensure_can_view(request.auth, "audit.events")
    event = get_object_or_404(Event.objects.visible_to(request.auth), pk=id)
    record_audit_read(request.auth, event=event)
    return event


@router.get("/verify", response={200: ChainReportOut, 403: ErrorOut}, summary="核验审计链")
def verify(request):
    """逐条核验审计链的哈希,报告第一条被改动或删除的记录。"""
    ensure_can_view(request.auth, "audit.events")
    report = verify_chain()
    record_audit_verify(request.auth, report)
    return {
        "ok": report.ok,
        "checked": report.checked,
        "broken_event_id": report.broken_event_id,
        "reason": report.reason,
    }
