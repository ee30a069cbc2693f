"""Writing and verifying the audit trail. Services call ``record_event``; nothing else writes events."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from renda.core import clock
from renda.core.context import current_ip

from .models import GENESIS_HASH, ChainHead, Event


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, default=str))


def record_event(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    congress: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    ip_address: str | None = None,
    actor_name: str = "",
    target_repr: str = "",
) -> Event:
    """Append one event to the chain (inside the caller's transaction when there is one)."""
    if congress is None and target is not None:
        congress = (
            getattr(target, "congress", None)
            if hasattr(target, "congress_id") or hasattr(target, "congress")
            else None
        )
    actor_obj = actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None
    if congress is None:
        congress = _home_congress(target) or _home_congress(actor_obj)
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().order_by("pk").first()
        if head is None:
            head = ChainHead.objects.create(last_hash=GENESIS_HASH)
            head = ChainHead.objects.select_for_update().get(pk=head.pk)
        event = Event(
            congress=congress if congress is not None and getattr(congress, "pk", None) else None,
            actor=actor_obj,
            actor_name=(actor_name or (str(actor_obj) if actor_obj else ""))[:150],
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None and target.pk is not None else "",
            target_repr=(target_repr or (str(target) if target is not None else ""))[:255],
            before=_jsonable(before),
            after=_jsonable(after),
            created_at=clock.now(),
            ip_address=ip_address if ip_address is not None else current_ip(),
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save()
        head.last_hash = event.hash
        head.last_event_id = event.pk
        head.save(update_fields=["last_hash", "last_event_id"])
    return event


def _home_congress(obj: Any) -> Any:
    """The congress of a user's first active membership (for events about or by people)."""
    from renda.core.models import Congress, User

    if not isinstance(obj, User):
        return None
    congress_id = (
        obj.memberships.filter(is_active=True)
        .order_by("pk")
        .values_list("organization__congress_id", flat=True)
        .first()
    )
    return Congress.objects.filter(pk=congress_id).first() if congress_id else None


@dataclass
class ChainReport:
    ok: bool
    checked: int
    broken_event_id: int | None = None
    reason: str = ""


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the chain in id order; report the first event whose link or content does not hold."""
    expected_prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        batch = list(Event.objects.filter(pk__gt=last_id).order_by("pk")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != expected_prev:
                return ChainReport(False, checked, event.pk, "前一条记录的哈希不符(记录被删除或顺序被改动)")
            if event.compute_hash() != event.hash:
                return ChainReport(False, checked, event.pk, "记录内容与其哈希不符(记录被篡改)")
            expected_prev = event.hash
            checked += 1
            last_id = event.pk
    head = ChainHead.objects.order_by("pk").first()
    if head is not None and head.last_hash != expected_prev:
        return ChainReport(False, checked, None, "链尾与链头记录不符(最新记录被删除)")
    return ChainReport(True, checked)
