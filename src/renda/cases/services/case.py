"""Creating a case, generic transitions, key marking and supervision, publication."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from renda.core import clock
from renda.core.choices import Role
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.core.models import Congress, Organization, Session, Term
from renda.core.scopes import scope_of

from .. import notices
from ..choices import ParentRelation, PartyRole, SupervisionMode
from ..models import Case, CaseParty, Supervision
from ..policies import get_policy
from ._common import (
    apply_transition,
    audit,
    ensure,
    lock_case,
    queue_notification,
    require_text,
    save_case,
    staff_user_ids,
    sync,
    unit_user_ids,
)


def _can_create(actor: Any, congress: Congress) -> bool:
    scope = scope_of(actor)
    return bool(scope.roles_by_congress.get(congress.pk))


def _lock_numbering(congress_id: int) -> None:
    """Serialise case numbering per congress: concurrent creates wait here instead of colliding on the
    serial. On PostgreSQL a transaction-level advisory lock, not a lock on the congress row: every
    insert that references the congress (an audit event, checked at commit under the chain-head lock)
    takes a KEY SHARE lock on that row, and two app servers then deadlocked (tests/scaleout). SQLite
    already serialises writers; other engines lock the row."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x52444E43, int(congress_id)])
        return
    Congress.objects.select_for_update().filter(pk=congress_id).values_list("pk", flat=True).first()


def case_create(
    *,
    actor: Any,
    congress: Congress,
    kind: str,
    title: str,
    body: str = "",
    parties: Iterable[tuple[Any, str]] = (),
    term: Term | None = None,
    session: Session | None = None,
    origin_organization: Organization | None = None,
    parent: Case | None = None,
    parent_relation: str = "",
    submitted: bool = False,
    year: int | None = None,
) -> Case:
    """Register a case of ``kind`` in its initial state. Kinds call this from their own create service.

    ``parties`` are (user, role) pairs: the author, co-signers, the rater.
    """
    try:
        policy = get_policy(kind)
    except LookupError:
        raise ValidationFailed(_("案件类别无效。"), field="kind") from None
    can_create = getattr(policy, "can_create", None)
    allowed = can_create(actor, congress) if can_create else _can_create(actor, congress)
    if not allowed:
        raise PermissionDeniedError(_("您不能在该人大登记此类案件。"))
    title = require_text(title, "title", _("标题"), 200)
    if term is not None and term.congress_id != congress.pk:
        raise ValidationFailed(_("所选届次不属于该人大。"), field="term")
    if session is not None and session.term.congress_id != congress.pk:
        raise ValidationFailed(_("所选会议不属于该人大。"), field="session")
    if session is not None and term is None:
        term = session.term
    if origin_organization is not None and origin_organization.congress_id != congress.pk:
        raise ValidationFailed(_("来源机构不属于该人大。"), field="origin_organization")
    if parent is not None:
        if parent.congress_id != congress.pk:
            raise ValidationFailed(_("关联案件不属于该人大。"), field="parent")
        if parent_relation not in ParentRelation.values:
            raise ValidationFailed(_("请选择关联方式。"), field="parent_relation")
    parties = list(parties)
    for _user, role in parties:
        if role not in PartyRole.values:
            raise ValidationFailed(_("当事人身份无效。"), field="parties")
    now = clock.now()
    year = year or clock.today().year
    prefix = policy.number_prefix
    for _attempt in range(5):
        try:
            with transaction.atomic():
                _lock_numbering(congress.pk)
                last = Case.objects.filter(congress=congress, kind=kind, year=year).aggregate(
                    m=Max("serial")
                )["m"]
                serial = (last or 0) + 1
                case = Case.objects.create(
                    congress=congress,
                    kind=kind,
                    year=year,
                    serial=serial,
                    number=f"{prefix}{year}-{serial:04d}",
                    title=title,
                    body=(body or "").strip(),
                    state=policy.initial_state,
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                    submitted_at=now if submitted else None,
                    term=term,
                    session=session,
                    origin_organization=origin_organization,
                    parent=parent,
                    parent_relation=parent_relation if parent is not None else "",
                )
                seen: set[tuple[int, str]] = set()
                for user, role in parties:
                    if (user.pk, role) in seen:
                        continue
                    seen.add((user.pk, role))
                    CaseParty.objects.create(case=case, user=user, role=role)
                audit(
                    actor,
                    "case.create",
                    case,
                    after={
                        "kind": kind,
                        "number": case.number,
                        "title": title,
                        "state": case.state,
                        "parties": [[u.pk, r] for u, r in parties],
                    },
                )
            return case
        except IntegrityError:  # pragma: no cover - a concurrent create took the serial; try the next one
            continue
    raise ConflictError(_("编号分配冲突,请重试。"))  # pragma: no cover


def case_party_add(*, actor: Any, case: Case, user: Any, role: str) -> CaseParty:
    """Staff add a party (e.g. a co-signer or the rater) to a case."""
    policy = get_policy(case.kind)
    ensure(policy.can_assign, actor, case, _("只有本级人大工作人员可以修改案件当事人。"))
    if role not in PartyRole.values:
        raise ValidationFailed(_("当事人身份无效。"), field="role")
    with transaction.atomic():
        locked = lock_case(case)
        party, created = CaseParty.objects.get_or_create(case=locked, user=user, role=role)
        if not created:
            raise ValidationFailed(_("该用户已是本案当事人。"), field="user")
        save_case(locked, [])
        audit(actor, "case.party_add", locked, after={"user": user.pk, "role": role})
    sync(case, locked)
    return party


def case_transition(*, actor: Any, case: Case, name: str, note: str = "") -> Case:
    """Take a generic transition of the kind's policy (submit, accept, withdraw, merge …)."""
    policy = get_policy(case.kind)
    transition = policy.find_transition(name, case.state)
    if transition is None:
        if policy.has_transition(name):
            raise ConflictError(
                _("案件当前状态为“%(state)s”,不能执行此操作。") % {"state": policy.state_label(case.state)}
            )
        raise ValidationFailed(_("未知的操作。"), field="name")
    if transition.service != "case_transition":
        raise ValidationFailed(
            _("“%(label)s”需要在专门的页面办理。") % {"label": transition.label}, field="name"
        )
    note = (note or "").strip()
    if transition.requires_note and not note:
        raise ValidationFailed(_("请填写“%(label)s”的说明。") % {"label": transition.label}, field="note")
    with transaction.atomic():
        locked = lock_case(case)
        before = locked.state
        apply_transition(locked, name, actor)
        fields = ["state", "closed_at"]
        if name == "submit" and locked.submitted_at is None:
            locked.submitted_at = clock.now()
            fields.append("submitted_at")
        save_case(locked, fields)
        audit(
            actor,
            "case.transition",
            locked,
            before={"state": before},
            after={"transition": name, "state": locked.state, "note": note},
        )
        parties = policy.party_user_ids(locked)
        title, body = notices.transition_for_party(locked, transition, note)
        queue_notification(
            parties, case=locked, verb="case.transition", title=title, body=body, exclude=actor
        )
        title, body = notices.transition_for_staff(locked, transition, note, actor)
        queue_notification(
            staff_user_ids(locked.congress_id) - parties,
            case=locked,
            verb="case.transition",
            title=title,
            body=body,
            exclude=actor,
        )
    sync(case, locked)
    return case


def case_mark_key(*, actor: Any, case: Case, is_key: bool = True, supervising_leader: Any = None) -> Case:
    """Mark (or unmark) a case as key (重点) and name the leader who leads its supervision."""
    policy = get_policy(case.kind)
    ensure(policy.can_supervise, actor, case, _("只有本级人大工作人员或领导可以确定重点督办。"))
    if supervising_leader is not None and not scope_of(supervising_leader).has_in(
        case.congress_id, Role.LEADER
    ):
        raise ValidationFailed(_("督办领导须为本级人大领导。"), field="supervising_leader")
    with transaction.atomic():
        locked = lock_case(case)
        before = {"is_key": locked.is_key, "supervising_leader": locked.supervising_leader_id}
        locked.is_key = is_key
        locked.supervising_leader = supervising_leader if is_key else None
        save_case(locked, ["is_key", "supervising_leader"])
        audit(
            actor,
            "case.mark_key",
            locked,
            before=before,
            after={"is_key": is_key, "supervising_leader": locked.supervising_leader_id},
        )
        if is_key and supervising_leader is not None:
            title, body = notices.key_supervision(locked)
            queue_notification(
                [supervising_leader.pk], case=locked, verb="case.key", title=title, body=body, exclude=actor
            )
    sync(case, locked)
    return case


def supervision_record(
    *,
    actor: Any,
    case: Case,
    mode: str,
    notes: str,
    visited_at: dt.datetime | None = None,
    supervisor: Any = None,
) -> Supervision:
    """Record a supervision act (leader-led, key, on-site, follow-up)."""
    policy = get_policy(case.kind)
    ensure(policy.can_supervise, actor, case, _("只有本级人大工作人员或领导可以记录督办。"))
    if mode not in SupervisionMode.values:
        raise ValidationFailed(_("请选择督办方式。"), field="mode")
    notes = require_text(notes, "notes", _("督办情况"))
    visited_at = visited_at or clock.now()
    if visited_at > clock.now() + dt.timedelta(minutes=5):
        raise ValidationFailed(_("督办时间不能晚于现在。"), field="visited_at")
    supervisor = supervisor or actor
    if supervisor.pk != actor.pk and not scope_of(supervisor).has_in(
        case.congress_id, Role.LEADER, Role.STAFF
    ):
        raise ValidationFailed(_("督办人须为本级人大领导或工作人员。"), field="supervisor")
    with transaction.atomic():
        locked = lock_case(case, check_version=False)
        record = Supervision.objects.create(
            case=locked,
            supervisor=supervisor,
            mode=mode,
            notes=notes,
            visited_at=visited_at,
            recorded_by=actor,
        )
        save_case(locked, [])
        audit(
            actor,
            "case.supervise",
            locked,
            after={"supervision_id": record.pk, "mode": mode, "supervisor": supervisor.pk},
        )
        units = locked.assignments.values_list("organization_id", flat=True)
        title, body = notices.supervised(locked, notes)
        queue_notification(
            unit_user_ids(units), case=locked, verb="case.supervise", title=title, body=body, exclude=actor
        )
    sync(case, locked)
    return record


def case_publish(*, actor: Any, case: Case, confirm_sensitive: bool = False) -> Case:
    """Publish the case and its handling (the portal shows published cases only)."""
    policy = get_policy(case.kind)
    ensure(policy.can_publish, actor, case, _("只有本级人大工作人员可以公开案件。"))
    if not policy.is_publishable(case):
        raise ConflictError(_("案件尚未办结,暂不能公开。"))
    from renda.analytics.screening import check_publication  # 敏感词: held unless staff confirm

    check_publication(actor=actor, case=case, confirmed=confirm_sensitive)
    with transaction.atomic():
        locked = lock_case(case)
        locked.is_public = True
        locked.published_at = clock.now()
        locked.not_public_reason = ""
        save_case(locked, ["is_public", "published_at", "not_public_reason"])
        audit(actor, "case.publish", locked, after={"is_public": True})
    sync(case, locked)
    return case


def case_withhold(*, actor: Any, case: Case, reason: str) -> Case:
    """Keep the case out of public view, with the reason (e.g. personal data, state secrets)."""
    policy = get_policy(case.kind)
    ensure(policy.can_publish, actor, case, _("只有本级人大工作人员可以决定不公开。"))
    reason = require_text(reason, "reason", _("不公开理由"), 300)
    with transaction.atomic():
        locked = lock_case(case)
        before = {"is_public": locked.is_public}
        locked.is_public = False
        locked.published_at = None
        locked.not_public_reason = reason
        save_case(locked, ["is_public", "published_at", "not_public_reason"])
        audit(actor, "case.withhold", locked, before=before, after={"is_public": False, "reason": reason})
    sync(case, locked)
    return case


__all__ = [
    "case_create",
    "case_mark_key",
    "case_party_add",
    "case_publish",
    "case_transition",
    "case_withhold",
    "supervision_record",
]
