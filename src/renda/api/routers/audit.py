"""The audit trail, for audit administrators only: events and chain verification."""

from datetime import datetime
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from renda.api.schemas import DateTimeIn, ErrorOut, Id, PageParams, page_of, paginate, text
from renda.audit.models import Event
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


class EventFilters(PageParams):
    action: text(80) | None = Field(None, description="按操作筛选,如 user.create")  # type: ignore[valid-type]
    target_type: text(80) | None = Field(None, description="按对象类型筛选,如 core.user")  # type: ignore[valid-type]
    target_id: text(64) | None = Field(None, description="按对象编号筛选")  # type: ignore[valid-type]
    actor: Id | None = Field(None, description="按操作人编号筛选")
    congress: Id | None = Field(None, description="按人大编号筛选")
    since: DateTimeIn | None = Field(None, description="起始时间(含)")
    until: DateTimeIn | None = Field(None, description="截止时间(不含)")


class ChainReportOut(Schema):
    ok: bool = Field(..., description="审计链是否完好")
    checked: int = Field(..., description="已核验的记录数")
    broken_event_id: int | None = Field(None, description="第一条不符的记录编号")
    reason: str = Field("", description="不符的原因")


@router.get("/events", response={200: EventPage, 403: ErrorOut}, summary="审计事件")
def list_events(request, filters: Query[EventFilters]):
    """审计管理员查看其所辖人大的审计事件,新的在前。"""
    ensure_can_view(request.auth, "audit.events")
    record_audit_read(request.auth, filters=filters.model_dump(exclude_none=True))
    qs = Event.objects.visible_to(request.auth)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.target_type:
        qs = qs.filter(target_type=filters.target_type)
    if filters.target_id:
        qs = qs.filter(target_id=filters.target_id)
    if filters.actor:
        qs = qs.filter(actor_id=filters.actor)
    if filters.congress:
        qs = qs.filter(congress_id=filters.congress)
    if filters.since:
        qs = qs.filter(created_at__gte=filters.since)
    if filters.until:
        qs = qs.filter(created_at__lt=filters.until)
    return paginate(qs.order_by("-id"), filters)


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
