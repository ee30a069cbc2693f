"""Writing and verifying the audit trail. Services call ``record_event``; nothing else writes events.

Each event carries the HMAC (``renda.audit.chain``) of its content and of the previous event's
HMAC, under ``settings.RENDA_AUDIT_KEY``, which is not in the database: rewriting, deleting or
inserting rows needs the key. The head row carries the count and its own HMAC, and the daily
anchors (``renda.audit.anchors``) pin the chain outside the database.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from renda.core import clock
from renda.core.context import current_ip

from . import anchors as anchor_files
from . import chain
from .models import GENESIS_HASH, ChainHead, Event, PendingEvent

logger = logging.getLogger("renda.audit")


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, default=str))


def _event_fields(
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
) -> dict[str, Any]:
    """The stored fields of one event (everything but its place in the chain)."""
    if congress is None and target is not None:
        congress = (
            getattr(target, "congress", None)
            if hasattr(target, "congress_id") or hasattr(target, "congress")
            else None
        )
    actor_obj = actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None
    if congress is None:
        congress = _home_congress(target) or _home_congress(actor_obj)
    return {
        "congress": congress if congress is not None and getattr(congress, "pk", None) else None,
        "actor": actor_obj,
        "actor_name": (actor_name or (str(actor_obj) if actor_obj else ""))[:150],
        "action": action,
        "target_type": target._meta.label_lower if target is not None else "",
        "target_id": str(target.pk) if target is not None and target.pk is not None else "",
        "target_repr": (target_repr or (str(target) if target is not None else ""))[:255],
        "before": _jsonable(before),
        "after": _jsonable(after),
        "created_at": clock.now(),
        "ip_address": ip_address if ip_address is not None else current_ip(),
    }


def _lock_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().order_by("pk").first()
    if head is None:
        head = ChainHead.objects.create(last_hash=GENESIS_HASH)
        head = ChainHead.objects.select_for_update().get(pk=head.pk)
    return head


def _append(head: ChainHead, events: list[Event], scheme: chain.Scheme) -> None:
    """Chain ``events`` after ``head`` (locked by the caller) in list order, and move the head once."""
    if not events:
        return
    prev = head.last_hash
    for event in events:
        event.prev_hash = prev
        event.hash = event.compute_hash(scheme)
        prev = event.hash
    if len(events) == 1 or not connection.features.can_return_rows_from_bulk_insert:
        for event in events:
            event.save()
    else:
        Event.objects.bulk_create(events, batch_size=500)
    ids = [e.pk for e in events]
    # the chain is walked in id order: the ids must follow the chain (the head lock keeps every other
    # writer of events out, so a database that numbers a multi-row insert out of order is refused)
    if any(b <= a for a, b in zip([head.last_event_id or 0, *ids], ids, strict=False)):
        raise RuntimeError("audit events were numbered out of chain order; nothing recorded")
    head.last_hash = prev
    head.last_event_id = ids[-1]
    head.event_count += len(events)
    head.mac = head.compute_mac(scheme)
    head.save(update_fields=["last_hash", "last_event_id", "event_count", "mac"])


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
    """Append one event to the chain (inside the caller's transaction when there is one).

    Events recorded write-behind (``record_event_deferred``) and already committed are chained first,
    under the same head lock, so the chain keeps the order in which things were recorded."""
    fields = _event_fields(
        actor=actor,
        action=action,
        target=target,
        congress=congress,
        before=before,
        after=after,
        ip_address=ip_address,
        actor_name=actor_name,
        target_repr=target_repr,
    )
    with transaction.atomic():
        head = _lock_head()
        scheme = chain.scheme()
        if write_behind_enabled():
            _chain_pending_locked(head, scheme, PENDING_BATCH)
        event = Event(**fields)
        _append(head, [event], scheme)
    return event


def record_events(items: list[dict[str, Any]]) -> list[Event]:
    """Append many events (each a dict of ``record_event``'s arguments) under one head update."""
    rows = [_event_fields(**item) for item in items]
    with transaction.atomic():
        head = _lock_head()
        scheme = chain.scheme()
        events = [Event(**fields) for fields in rows]
        _append(head, events, scheme)
    return events


# --- write-behind: record now, chain a moment later -----------------------------------------------

PENDING_BATCH = 2000
PENDING_FIELDS = (
    "congress_id",
    "actor_id",
    "actor_name",
    "action",
    "target_type",
    "target_id",
    "target_repr",
    "before",
    "after",
    "created_at",
    "ip_address",
)


def write_behind_enabled() -> bool:
    """``settings.RENDA_AUDIT_WRITE_BEHIND``: casts record their events unchained (off by default)."""
    return bool(getattr(settings, "RENDA_AUDIT_WRITE_BEHIND", False))


def record_event_deferred(
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
) -> None:
    """Record an event for a burst of writes (the ballots of a vote) without waiting for the chain.

    With ``RENDA_AUDIT_WRITE_BEHIND`` on, the event is stored unchained (:class:`PendingEvent`) in the
    caller's transaction — it commits or rolls back with the record it is about, and takes no lock
    that another writer waits for — and after commit this process's flusher chains it (with every
    other committed pending event, in id order, under one head update) within
    ``RENDA_AUDIT_FLUSH_SECONDS`` (0.1 s). Any ``record_event``, ``verify_audit`` and the anchor
    chain what is pending first, so events left by a crashed process are chained by the next writer.
    With it off, this is ``record_event``."""
    kwargs = {
        "actor": actor,
        "action": action,
        "target": target,
        "congress": congress,
        "before": before,
        "after": after,
        "ip_address": ip_address,
        "actor_name": actor_name,
        "target_repr": target_repr,
    }
    if not write_behind_enabled():
        record_event(**kwargs)
        return
    PendingEvent.objects.create(**_event_fields(**kwargs))
    transaction.on_commit(flusher.wake)


def _chain_pending_locked(head: ChainHead, scheme: chain.Scheme, limit: int) -> int:
    rows = list(PendingEvent.objects.order_by("pk").values("pk", *PENDING_FIELDS)[:limit])
    if not rows:
        return 0
    events = [Event(**{k: row[k] for k in PENDING_FIELDS}) for row in rows]
    _append(head, events, scheme)
    PendingEvent.objects.filter(pk__in=[row["pk"] for row in rows]).delete()
    return len(rows)


def chain_pending(batch_size: int = PENDING_BATCH) -> int:
    """Move every committed pending event into the chain (in id order, ``batch_size`` per
    transaction, one head update each); the number chained."""
    total = 0
    while PendingEvent.objects.exists():
        with transaction.atomic():
            head = _lock_head()
            n = _chain_pending_locked(head, chain.scheme(), batch_size)
        total += n
        if n < batch_size:
            break
    return total


class Flusher:
    """One thread per process that chains pending events shortly after they commit."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wakeup = threading.Event()
        self._thread: threading.Thread | None = None

    def interval(self) -> float:
        return float(getattr(settings, "RENDA_AUDIT_FLUSH_SECONDS", 0.1))

    def wake(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="audit-flush", daemon=True)
                self._thread.start()
        self._wakeup.set()

    def _run(self) -> None:
        retry = False
        while True:
            self._wakeup.wait(timeout=1.0 if retry else None)
            time.sleep(self.interval())  # gather the burst
            self._wakeup.clear()
            try:
                chain_pending()
                retry = False
            except Exception:  # the database went away: the events wait, nothing is lost
                logger.exception("audit write-behind: chaining pending events failed; retrying")
                retry = True
            finally:
                connection.close()  # back to the pool (or closed): an idle flusher holds none


flusher = Flusher()


def record_export(request: Any, *, action: str, rows: int | None = None, congress: Any = None) -> Event:
    """Record a bulk export (``action`` is ``<what>.export``, written as a literal so it has a label)
    by the signed-in user, with the filters used."""
    if not action.endswith(".export"):
        raise ValueError(f"an export's action ends in .export: {action!r}")
    return record_event(
        actor=request.user,
        action=action,
        congress=congress,
        after={"filters": request_filters(request), "rows": rows},
    )


def record_audit_read(
    actor: Any, *, filters: dict[str, Any] | None = None, event: Event | None = None
) -> Event:
    """Reading the audit trail is itself audited (``audit.read``): the list with its filters, or one event."""
    return record_event(
        actor=actor,
        action="audit.read",
        congress=_home_congress(actor),
        target=event,
        after={"filters": filters or {}} if event is None else {"event": event.pk},
    )


def record_audit_verify(actor: Any, report: ChainReport) -> Event:
    return record_event(
        actor=actor,
        action="audit.verify",
        congress=_home_congress(actor),
        after={
            "ok": report.ok,
            "checked": report.checked,
            "anchors": report.anchors_checked,
            "broken_event_id": report.broken_event_id,
            "reason": report.reason,
        },
    )


def request_filters(request: Any) -> dict[str, Any]:
    return {k: v for k, v in request.GET.items() if k not in ("page", "csrfmiddlewaretoken")}


def _home_congress(obj: Any) -> Any:
    """The congress of a user's first active membership (for events about or by people); one query."""
    from django.db.models import Subquery

    from renda.core.models import Congress, User

    if not isinstance(obj, User):
        return None
    first = obj.memberships.filter(is_active=True).order_by("pk").values("organization__congress_id")[:1]
    return Congress.objects.filter(pk=Subquery(first)).first()


# --- verification ---------------------------------------------------------------------------------


@dataclass
class ChainReport:
    ok: bool
    checked: int
    broken_event_id: int | None = None
    reason: str = ""
    anchors_checked: int = 0
    anchor_name: str = ""
    # the head that was verified (what an anchor written now may name)
    head_event_id: int | None = None
    head_hash: str = GENESIS_HASH
    head_time: str = ""
    # events recorded write-behind and not yet chained (they are checked once chained)
    pending: int = 0


ANCHOR_PROBLEMS = {
    "unreadable": "锚点文件 {name} 无法读取(格式不符)",
    "other_key": "锚点文件 {name} 不是用当前审计密钥签名的(密钥或算法已更换,或文件是伪造的)",
    "bad_signature": "锚点文件 {name} 的签名不符(文件被改动或伪造)",
}


class RekeyRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class _Walk:
    """State of one pass over the chain in id order."""

    scheme: chain.Scheme
    accept: tuple[chain.Scheme, ...] = ()
    anchors: list[anchor_files.Anchor] = field(default_factory=list)
    checked: int = 0
    expected_prev: str = GENESIS_HASH
    last_id: int = 0
    last_time: str = ""
    anchor_index: int = 0
    anchor_events: list[tuple[str, int]] = field(default_factory=list)
    failure: ChainReport | None = None

    def fail(self, event_id: int | None, reason: str, anchor: str = "") -> None:
        self.failure = ChainReport(False, self.checked, event_id, reason, anchor_name=anchor)

    def step(self, event: Event, legacy_hint: bool = False) -> bool:
        """Check one event; False (with ``failure`` set) at the first one that does not hold."""
        pending = self.anchors
        while self.anchor_index < len(pending) and pending[self.anchor_index].event_id < event.pk:
            a = pending[self.anchor_index]
            self.fail(a.event_id, f"锚点 {a.name} 记录的事件 #{a.event_id} 已不存在(记录被删除)", a.name)
            return False
        if event.prev_hash != self.expected_prev:
            self.fail(event.pk, "前一条记录的哈希不符(记录被删除、插入或顺序被改动)")
            return False
        if not any(chain.same(event.compute_hash(s), event.hash) for s in (self.scheme, *self.accept)):
            reason = "记录内容与其哈希不符(记录被篡改)"
            if legacy_hint and chain.same(event.compute_hash(chain.LEGACY), event.hash):
                reason += ";若本系统刚从未加密钥的版本升级,请运行一次 manage.py audit_rekey"
            self.fail(event.pk, reason)
            return False
        self.checked += 1
        while self.anchor_index < len(pending) and pending[self.anchor_index].event_id == event.pk:
            a = pending[self.anchor_index]
            if not chain.same(a.hash, event.hash):
                self.fail(
                    event.pk, f"与锚点 {a.name} 不符:此记录或其之前的记录被改写后重新计算了哈希", a.name
                )
                return False
            if a.event_count != self.checked:
                self.fail(
                    event.pk,
                    f"与锚点 {a.name} 不符:锚点记录到此共有 {a.event_count} 条,现有 {self.checked} 条"
                    "(之前的记录被删除或插入)",
                    a.name,
                )
                return False
            self.anchor_index += 1
        if event.action == "audit.anchor" and isinstance(event.after, dict):
            self.anchor_events.append((str(event.after.get("file", "")), event.pk))
        self.expected_prev = event.hash
        self.last_id = event.pk
        self.last_time = event.created_at.isoformat(timespec="microseconds")
        return True


def _events_up_to(limit: int | None, batch_size: int):
    last_id = 0
    while True:
        qs = Event.objects.filter(pk__gt=last_id).order_by("pk")
        if limit is not None:
            qs = qs.filter(pk__lte=limit)
        batch = list(qs[:batch_size])
        if not batch:
            return
        yield batch
        last_id = batch[-1].pk


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the chain in id order under the audit key; report the first event whose link or HMAC
    does not hold, a head that does not match the chain's end, or a disagreement with an anchor."""
    scheme = chain.scheme()
    head = ChainHead.objects.order_by("pk").first()
    anchors = anchor_files.read_anchors(scheme)
    for a in anchors:
        if not a.valid:
            return ChainReport(
                False, 0, None, ANCHOR_PROBLEMS[a.problem].format(name=a.name), anchor_name=a.name
            )
    walk = _Walk(scheme=scheme, anchors=anchors)
    legacy_hint = head is not None and not head.mac and not anchors
    limit = head.last_event_id if head is not None else None
    if head is None and Event.objects.exists():
        return ChainReport(False, 0, None, "链头记录缺失")
    if head is not None and limit is None and Event.objects.exists():
        return ChainReport(False, 0, None, "链头记录与审计记录不符(链头被改动)")
    for batch in _events_up_to(limit, batch_size) if head is not None else ():
        for event in batch:
            if not walk.step(event, legacy_hint=legacy_hint):
                return walk.failure  # type: ignore[return-value]
    if walk.anchor_index < len(anchors):
        a = anchors[walk.anchor_index]
        return ChainReport(
            False,
            walk.checked,
            a.event_id,
            f"锚点 {a.name} 记录的事件 #{a.event_id} 已不存在(链尾被删除)",
            anchor_name=a.name,
        )
    if head is not None:
        if (head.last_event_id or 0) != walk.last_id or not chain.same(head.last_hash, walk.expected_prev):
            return ChainReport(False, walk.checked, None, "链尾与链头记录不符(最新记录被删除)")
        if head.event_count != walk.checked or not chain.same(head.compute_mac(scheme), head.mac):
            reason = "链头记录的签名不符(链头被改动,最新记录可能被删除)"
            if legacy_hint:
                reason += ";若本系统刚从未加密钥的版本升级,请运行一次 manage.py audit_rekey"
            return ChainReport(False, walk.checked, None, reason)
    for name, event_id in walk.anchor_events:
        if not anchor_files.anchor_file_exists(name):
            return ChainReport(
                False,
                walk.checked,
                event_id,
                f"锚点文件 {name or '?'} 缺失(锚点目录被改动)",
                anchor_name=name,
            )
    return ChainReport(
        True,
        walk.checked,
        anchors_checked=len(anchors),
        head_event_id=walk.last_id or None,
        head_hash=walk.expected_prev,
        head_time=walk.last_time,
        pending=PendingEvent.objects.count(),
    )


# --- anchors and re-keying ------------------------------------------------------------------------


class ChainBroken(RuntimeError):
    def __init__(self, report: ChainReport):
        super().__init__(f"审计日志校验失败,未写锚点:{report.reason}")
        self.report = report


def anchor_write(*, actor: Any = None) -> anchor_files.Anchor | None:
    """Check the whole chain, then write a signed anchor of its head outside the database and
    record ``audit.anchor``. Refuses (``ChainBroken``) to anchor a chain that does not verify."""
    chain_pending()  # what is recorded but not yet chained belongs in the anchored chain
    report = verify_chain()
    if not report.ok:
        logger.critical("audit chain broken, no anchor written: %s", report.reason)
        raise ChainBroken(report)
    if report.head_event_id is None:
        return None  # nothing to anchor yet
    anchor = anchor_files.write_anchor_file(
        event_id=report.head_event_id,
        event_hash=report.head_hash,
        event_count=report.checked,
        event_time=report.head_time,
    )
    record_event(
        actor=actor,
        action="audit.anchor",
        target_repr=anchor.name,
        after={
            "file": anchor.name,
            "event_id": anchor.event_id,
            "hash": anchor.hash,
            "event_count": anchor.event_count,
        },
    )
    return anchor


@dataclass
class RekeyResult:
    events: int
    source: str
    target: str
    superseded: str


def chain_rekey(*, source: str, old_key: str | None = None, batch_size: int = 2000) -> RekeyResult:
    """Re-compute every event's HMAC (and the head's) under the current key and algorithm, once.

    ``source="legacy"``: the chain was written before it was keyed (plain SHA-256); allowed only
    while it has never been keyed (no head HMAC, no anchor). ``source="sha256"``/``"sm3"``: the
    chain is keyed with that algorithm and ``old_key`` (default: the current key). The chain must
    verify under the source first (anchors included), so re-keying never launders a tampered row.
    """
    target = chain.scheme()
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().order_by("pk").first()
        if head is None:
            raise RekeyRefused("审计日志为空,无需重新计算。")
        if source == "legacy":
            if (
                head.mac
                or anchor_files.read_anchors(target)
                or any(anchor_files.anchor_dir().glob("anchor-*.json"))
            ):
                raise RekeyRefused("审计链已经加密钥(链头已签名或已有锚点),不能再按旧格式重新计算。")
            old = chain.LEGACY
            accept: tuple[chain.Scheme, ...] = (target,)  # events appended after the upgrade
            anchors: list[anchor_files.Anchor] = []
        elif source in chain.ALGORITHMS:
            old = chain.scheme(key=old_key, algo=source)
            if old == target:
                raise RekeyRefused("源算法与密钥与当前设置相同,无需重新计算。")
            accept = ()
            anchors = anchor_files.read_anchors(old)
            bad = next((a for a in anchors if not a.valid), None)
            if bad is not None:
                raise RekeyRefused(ANCHOR_PROBLEMS[bad.problem].format(name=bad.name))
            if not chain.same(head.compute_mac(old), head.mac):
                raise RekeyRefused("链头记录的签名在原密钥下不符,不能重新计算。")
        else:
            raise RekeyRefused(f"未知的源格式:{source}")
        walk = _Walk(scheme=old, accept=accept, anchors=anchors)
        new_prev = GENESIS_HASH
        base = models.QuerySet(model=Event)  # the append-only guard is lifted for this one pass
        for batch in _events_up_to(head.last_event_id or 0, batch_size):
            for event in batch:
                if not walk.step(event):
                    raise RekeyRefused(
                        f"审计链在原格式下校验失败(事件 #{walk.failure.broken_event_id}):{walk.failure.reason}"
                    )  # type: ignore[union-attr]
                event.prev_hash = new_prev
                event.hash = event.compute_hash(target)
                new_prev = event.hash
            base.bulk_update(batch, ["prev_hash", "hash"])
        if walk.anchor_index < len(anchors) or not chain.same(head.last_hash, walk.expected_prev):
            raise RekeyRefused("审计链尾与链头或锚点不符,不能重新计算。")
        head.last_hash = new_prev
        head.event_count = walk.checked
        head.mac = head.compute_mac(target)
        head.save(update_fields=["last_hash", "event_count", "mac"])
        superseded = anchor_files.supersede_anchors()
        record_event(
            actor=None,
            action="audit.rekey",
            actor_name="manage.py audit_rekey",
            after={"from": old.label, "to": target.label, "events": walk.checked, "superseded": superseded},
        )
    return RekeyResult(walk.checked, old.label, target.label, superseded)
