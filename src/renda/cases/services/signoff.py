"""签发: a unit's reply drafted by its clerk and signed off by its unit leader before it goes out.

Where a kind sets ``CasePolicy.reply_requires_sign_off`` the clerk submits a draft
(``reply_draft_submit``); the unit's leaders are told; one of them signs it off
(``reply_sign_off``: the formal ``Reply`` is issued through the same path as a direct reply, the clerk
as its author and the leader's name as the signing leader) or sends it back with a note
(``reply_send_back``); the clerk edits and resubmits it (``reply_draft_update``). An assignment has at
most one open draft (pending sign-off or sent back) at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import clock
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.core.scopes import scope_of

from .. import notices
from ..choices import ANSWERING_ROLES, DraftState
from ..models import Assignment, Attachment, Reply, ReplyDraft
from ._common import (
    audit,
    ensure_unit_member,
    policy_of,
    queue_notification,
    require_text,
    sync,
    unit_leader_ids,
)
from .attachments import attachment_add
from .handling import check_reply_preconditions, clean_reply_fields, issue_reply, lock_handling

OPEN_DRAFT_STATES = (DraftState.PENDING_SIGN_OFF, DraftState.SENT_BACK)


def _assignment_of(draft: ReplyDraft) -> Assignment:
    """The draft's assignment as it is now (the draft's own version is what the caller holds)."""
    return Assignment.objects.select_related("case", "organization").get(pk=draft.assignment_id)


def _check_kind(assignment: Assignment) -> None:
    if not policy_of(assignment.case).reply_requires_sign_off:
        raise ValidationFailed(_("此类案件的答复无需签发,请直接答复。"), field="assignment")
    if assignment.role not in ANSWERING_ROLES:
        raise PermissionDeniedError(_("只有主办单位可以答复,协办单位请提交协办意见。"))


def _lock_draft(draft: ReplyDraft) -> ReplyDraft:
    try:
        fresh = ReplyDraft.objects.select_for_update().get(pk=draft.pk)
    except ReplyDraft.DoesNotExist:
        raise ConflictError(_("该答复稿已不存在,请刷新页面。")) from None
    if fresh.version != draft.version:
        raise ConflictError(_("该答复稿已被他人修改,请刷新页面后重试。"))
    return fresh


def _save_draft(draft: ReplyDraft, fields: Iterable[str]) -> None:
    draft.version += 1
    draft.save(update_fields=[*set(fields), "version"])


def _ensure_leader(actor: Any, assignment: Assignment) -> None:
    if assignment.organization_id not in scope_of(actor).led_unit_ids:
        raise PermissionDeniedError(
            _("只有承办单位“%(u)s”的负责人可以签发或退回本单位的答复稿。") % {"u": assignment.organization}
        )


def _add_files(actor: Any, draft: ReplyDraft, files: Iterable[Any]) -> None:
    for file in files or ():
        attachment = attachment_add(actor=actor, case=draft.case, file=file)
        Attachment.objects.filter(pk=attachment.pk).update(draft=draft)


def _tell_leaders(draft: ReplyDraft, locked: Assignment, actor: Any, *, again: bool) -> None:
    title, body = notices.draft_submitted(locked.case, locked.organization, actor, again=again)
    queue_notification(
        unit_leader_ids([locked.organization_id]),
        case=locked.case,
        verb="reply_draft.submit",
        title=title,
        body=body,
        exclude=actor,
    )


def reply_draft_submit(
    *,
    actor: Any,
    assignment: Assignment,
    classification: str,
    text: str,
    is_final: bool | None = None,
    reason_without_contact: str = "",
    reason_without_co_handler: str = "",
    files: Iterable[Any] = (),
) -> ReplyDraft:
    """The clerk submits the unit's reply for the leader's sign-off. The same rules as a reply apply
    now (contact, co-handlers' opinions), so the leader is not handed a draft that cannot go out."""
    _check_kind(assignment)
    ensure_unit_member(actor, assignment)
    fields = clean_reply_fields(
        classification=classification,
        text=text,
        signing_leader=None,
        is_final=is_final,
        reason_without_contact=reason_without_contact,
        reason_without_co_handler=reason_without_co_handler,
    )
    fields.pop("signing_leader")
    with transaction.atomic():
        locked = lock_handling(actor, assignment)
        open_draft = locked.reply_drafts.filter(state__in=OPEN_DRAFT_STATES).first()
        if open_draft is not None:
            raise ConflictError(
                _("本单位已有一份“%(s)s”的答复稿,请在该稿上修改。") % {"s": open_draft.get_state_display()}
            )
        check_reply_preconditions(
            locked,
            reason_without_contact=fields["reason_without_contact"],
            reason_without_co_handler=fields["reason_without_co_handler"],
        )
        now = clock.now()
        draft = ReplyDraft.objects.create(
            case=locked.case,
            assignment=locked,
            round=locked.round,
            drafted_by=actor,
            drafted_at=now,
            submitted_at=now,
            **fields,
        )
        _add_files(actor, draft, files)
        audit(
            actor,
            "reply_draft.submit",
            locked.case,
            after={
                "assignment_id": locked.pk,
                "draft_id": draft.pk,
                "classification": fields["classification"],
                "is_final": fields["is_final"],
            },
        )
        _tell_leaders(draft, locked, actor, again=False)
    return draft


def reply_draft_update(
    *,
    actor: Any,
    draft: ReplyDraft,
    classification: str,
    text: str,
    is_final: bool | None = None,
    reason_without_contact: str = "",
    reason_without_co_handler: str = "",
    files: Iterable[Any] = (),
) -> ReplyDraft:
    """The clerk edits an open draft; a sent-back draft goes to the leaders again (resubmitted)."""
    assignment = _assignment_of(draft)
    _check_kind(assignment)
    ensure_unit_member(actor, assignment)
    fields = clean_reply_fields(
        classification=classification,
        text=text,
        signing_leader=None,
        is_final=is_final,
        reason_without_contact=reason_without_contact,
        reason_without_co_handler=reason_without_co_handler,
    )
    fields.pop("signing_leader")
    with transaction.atomic():
        locked = lock_handling(actor, assignment)
        fresh = _lock_draft(draft)
        if fresh.state not in OPEN_DRAFT_STATES:
            raise ConflictError(_("该答复稿已签发,不能再修改。"))
        check_reply_preconditions(
            locked,
            reason_without_contact=fields["reason_without_contact"],
            reason_without_co_handler=fields["reason_without_co_handler"],
        )
        resubmitted = fresh.state == DraftState.SENT_BACK
        for name, value in fields.items():
            setattr(fresh, name, value)
        fresh.state = DraftState.PENDING_SIGN_OFF
        fresh.submitted_at = clock.now()
        changed = [*fields, "state", "submitted_at"]
        _save_draft(fresh, changed)
        _add_files(actor, fresh, files)
        audit(
            actor,
            "reply_draft.resubmit" if resubmitted else "reply_draft.update",
            locked.case,
            after={
                "assignment_id": locked.pk,
                "draft_id": fresh.pk,
                "classification": fields["classification"],
                "is_final": fields["is_final"],
            },
        )
        if resubmitted:
            _tell_leaders(fresh, locked, actor, again=True)
    sync(draft, fresh)
    return draft


def reply_sign_off(*, actor: Any, draft: ReplyDraft, signing_leader: str = "") -> Reply:
    """签发: the unit leader signs the draft off; the formal reply goes out (to the rater) with the
    clerk as its author and the leader's name (or the name given) as the signing leader."""
    assignment = _assignment_of(draft)
    _ensure_leader(actor, assignment)
    signing_leader = (signing_leader or "").strip() or getattr(actor, "display_name", "")
    signing_leader = require_text(signing_leader, "signing_leader", _("签发领导"), 50)
    with transaction.atomic():
        locked = lock_handling(actor, assignment)
        fresh = _lock_draft(draft)
        if fresh.state != DraftState.PENDING_SIGN_OFF:
            raise ConflictError(_("该答复稿当前为“%(s)s”,不能签发。") % {"s": fresh.get_state_display()})
        if fresh.round != locked.round:
            raise ConflictError(_("该答复稿属于上一轮办理,请重新起草。"))
        reply = issue_reply(
            actor=actor,
            locked=locked,
            author=fresh.drafted_by,
            signed_off_by=actor,
            classification=fresh.classification,
            text=fresh.text,
            signing_leader=signing_leader,
            is_final=fresh.is_final,
            reason_without_contact=fresh.reason_without_contact,
            reason_without_co_handler=fresh.reason_without_co_handler,
        )
        fresh.attachments.update(reply=reply)
        fresh.state = DraftState.SIGNED_OFF
        fresh.decided_by = actor
        fresh.decided_at = reply.replied_at
        fresh.reply = reply
        _save_draft(fresh, ["state", "decided_by", "decided_at", "reply"])
        audit(
            actor,
            "reply_draft.sign_off",
            locked.case,
            after={
                "assignment_id": locked.pk,
                "draft_id": fresh.pk,
                "reply_id": reply.pk,
                "drafted_by": fresh.drafted_by_id,
            },
        )
        title, body = notices.draft_signed_off(locked.case, actor)
        queue_notification(
            {fresh.drafted_by_id},
            case=locked.case,
            verb="reply_draft.sign_off",
            title=title,
            body=body,
            exclude=actor,
        )
    sync(draft, fresh)
    return reply


def reply_send_back(*, actor: Any, draft: ReplyDraft, note: str) -> ReplyDraft:
    """The unit leader sends the draft back to the clerk with what to change."""
    assignment = _assignment_of(draft)
    _ensure_leader(actor, assignment)
    note = require_text(note, "note", _("退回修改意见"), 2000)
    with transaction.atomic():
        locked = lock_handling(actor, assignment)
        fresh = _lock_draft(draft)
        if fresh.state != DraftState.PENDING_SIGN_OFF:
            raise ConflictError(_("该答复稿当前为“%(s)s”,不能退回。") % {"s": fresh.get_state_display()})
        fresh.state = DraftState.SENT_BACK
        fresh.decided_by = actor
        fresh.decided_at = clock.now()
        fresh.send_back_note = note
        _save_draft(fresh, ["state", "decided_by", "decided_at", "send_back_note"])
        audit(
            actor,
            "reply_draft.send_back",
            locked.case,
            after={"assignment_id": locked.pk, "draft_id": fresh.pk, "note": note},
        )
        title, body = notices.draft_sent_back(locked.case, actor, note)
        queue_notification(
            {fresh.drafted_by_id},
            case=locked.case,
            verb="reply_draft.send_back",
            title=title,
            body=body,
            exclude=actor,
        )
    sync(draft, fresh)
    return draft
