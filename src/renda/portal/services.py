"""The only writes of the portal: articles (draft → in review → published / unpublished) and files.

Staff of a congress write articles; a leader of that congress, or another staff member than the
author (four eyes), reviews and publishes. Every step is audited inside its transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.choices import Role
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.core.models import Congress
from renda.core.scopes import scope_of
from renda.documents.uploads import check_upload, random_name

from .choices import ATTACHMENT_MAX_MB, COVER_EXTENSIONS, COVER_MAX_MB, ArticleState, Channel
from .models import Article, ArticleAttachment
from .sanitize import plain_text, sanitize_html

EDITABLE_STATES = {ArticleState.DRAFT, ArticleState.UNPUBLISHED}


def can_write(actor: Any, congress_id: int) -> bool:
    return scope_of(actor).has_in(congress_id, Role.STAFF, Role.LEADER)


def can_review(actor: Any, article: Article) -> bool:
    """A leader of the congress, or a staff member who is not the author."""
    scope = scope_of(actor)
    if scope.has_in(article.congress_id, Role.LEADER):
        return True
    return scope.has_in(article.congress_id, Role.STAFF) and actor.pk != article.author_id


def _ensure_writer(actor: Any, congress_id: int) -> None:
    if not can_write(actor, congress_id):
        raise PermissionDeniedError(_("只有本级人大工作人员可以编辑门户文章。"))


def _ensure_reviewer(actor: Any, article: Article) -> None:
    if not can_review(actor, article):
        raise PermissionDeniedError(_("须由人大领导或撰稿人以外的工作人员审核发布。"))


def _snapshot(a: Article) -> dict[str, Any]:
    return {
        "channel": a.channel,
        "title": a.title,
        "state": a.state,
        "published_at": a.published_at,
        "version": a.version,
    }


def _lock(article: Article, version: int | None) -> Article:
    locked = Article.objects.select_for_update().get(pk=article.pk)
    if version is not None and locked.version != version:
        raise ConflictError(_("文章已被他人修改,请刷新后重试。"))
    return locked


def _clean_fields(*, channel: str, title: str, summary: str, body: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = (title or "").strip()
    summary = (summary or "").strip()
    if channel not in Channel.values:
        errors["channel"] = _("请选择栏目。")
    if not title:
        errors["title"] = _("请填写标题。")
    elif len(title) > 200:
        errors["title"] = _("标题不能超过200字。")
    if len(summary) > 500:
        errors["summary"] = _("摘要不能超过500字。")
    clean_body = sanitize_html(body or "")
    if len(clean_body) > 200_000:
        errors["body"] = _("正文过长。")
    if errors:
        first = next(iter(errors.values()))
        raise ValidationFailed(first, fields=errors)
    if not summary:
        summary = plain_text(clean_body)[:120]
    return {"channel": channel, "title": title, "summary": summary, "body": clean_body}


def _check_cover(cover: Any) -> None:
    check_upload(cover, COVER_MAX_MB, allowed=COVER_EXTENSIONS, field="cover")


def _stored_name(name: str) -> str:
    return random_name(name)


def article_create(
    *,
    actor: Any,
    congress: Congress,
    channel: str,
    title: str,
    summary: str = "",
    body: str = "",
    cover: Any = None,
) -> Article:
    _ensure_writer(actor, congress.pk)
    values = _clean_fields(channel=channel, title=title, summary=summary, body=body)
    if cover:
        try:
            _check_cover(cover)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, field="cover") from None
    with transaction.atomic():
        article = Article(congress=congress, author=actor, state=ArticleState.DRAFT, **values)
        if cover:
            article.cover.save(_stored_name(cover.name), cover, save=False)
        article.save()
        record_event(
            actor=actor, action="article.create", target=article, congress=congress, after=_snapshot(article)
        )
    return article


def article_update(
    *,
    actor: Any,
    article: Article,
    channel: str,
    title: str,
    summary: str = "",
    body: str = "",
    cover: Any = None,
    remove_cover: bool = False,
    version: int | None = None,
) -> Article:
    _ensure_writer(actor, article.congress_id)
    values = _clean_fields(channel=channel, title=title, summary=summary, body=body)
    if cover:
        try:
            _check_cover(cover)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, field="cover") from None
    with transaction.atomic():
        locked = _lock(article, version)
        if locked.state not in EDITABLE_STATES:
            raise ConflictError(_("只有草稿或已撤回的文章可以修改;送审中的请先退回。"))
        before = _snapshot(locked)
        for key, value in values.items():
            setattr(locked, key, value)
        if remove_cover and locked.cover:
            locked.cover = ""
        if cover:
            locked.cover.save(_stored_name(cover.name), cover, save=False)
        locked.version += 1
        locked.save()
        record_event(
            actor=actor, action="article.update", target=locked, before=before, after=_snapshot(locked)
        )
    return locked


def article_submit(*, actor: Any, article: Article, version: int | None = None) -> Article:
    """Send a draft for review."""
    _ensure_writer(actor, article.congress_id)
    with transaction.atomic():
        locked = _lock(article, version)
        if locked.state not in EDITABLE_STATES:
            raise ConflictError(_("该文章不能送审。"))
        before = _snapshot(locked)
        locked.state = ArticleState.IN_REVIEW
        locked.review_note = ""
        locked.version += 1
        locked.save()
        record_event(
            actor=actor, action="article.submit", target=locked, before=before, after=_snapshot(locked)
        )
    return locked


def article_return(*, actor: Any, article: Article, note: str, version: int | None = None) -> Article:
    """Send an article in review back to its author with the reviewer's note."""
    note = (note or "").strip()
    if not note:
        raise ValidationFailed(_("请填写退回理由。"), field="note")
    if len(note) > 500:
        raise ValidationFailed(_("退回理由不能超过500字。"), field="note")
    _ensure_reviewer(actor, article)
    with transaction.atomic():
        locked = _lock(article, version)
        if locked.state != ArticleState.IN_REVIEW:
            raise ConflictError(_("只有待审核的文章可以退回。"))
        before = _snapshot(locked)
        locked.state = ArticleState.DRAFT
        locked.reviewer = actor
        locked.review_note = note
        locked.version += 1
        locked.save()
        record_event(
            actor=actor, action="article.return", target=locked, before=before, after=_snapshot(locked)
        )
    return locked


def article_publish(
    *, actor: Any, article: Article, publish_at: dt.datetime | None = None, version: int | None = None
) -> Article:
    """Publish now, or at ``publish_at`` (a scheduled article shows once its time has come)."""
    _ensure_reviewer(actor, article)
    if publish_at is not None and timezone.is_naive(publish_at):
        raise ValidationFailed(_("发布时间须带时区。"), field="publish_at")
    with transaction.atomic():
        locked = _lock(article, version)
        if locked.state != ArticleState.IN_REVIEW:
            raise ConflictError(_("只有待审核的文章可以发布。"))
        before = _snapshot(locked)
        locked.state = ArticleState.PUBLISHED
        locked.reviewer = actor
        locked.published_at = publish_at or clock.now()
        locked.version += 1
        locked.save()
        record_event(
            actor=actor, action="article.publish", target=locked, before=before, after=_snapshot(locked)
        )
    return locked


def article_unpublish(
    *, actor: Any, article: Article, reason: str = "", version: int | None = None
) -> Article:
    """Take a published (or scheduled) article off the portal."""
    _ensure_writer(actor, article.congress_id)
    with transaction.atomic():
        locked = _lock(article, version)
        if locked.state != ArticleState.PUBLISHED:
            raise ConflictError(_("只有已发布的文章可以撤回。"))
        before = _snapshot(locked)
        locked.state = ArticleState.UNPUBLISHED
        locked.review_note = (reason or "").strip()[:500]
        locked.version += 1
        locked.save()
        record_event(
            actor=actor,
            action="article.unpublish",
            target=locked,
            before=before,
            after={**_snapshot(locked), "reason": locked.review_note},
        )
    return locked


def article_attachment_add(*, actor: Any, article: Article, file: Any) -> ArticleAttachment:
    _ensure_writer(actor, article.congress_id)
    name, content_type = check_upload(file, ATTACHMENT_MAX_MB)
    with transaction.atomic():
        locked = _lock(article, None)
        if locked.state not in EDITABLE_STATES:
            raise ConflictError(_("只有草稿或已撤回的文章可以增加附件。"))
        att = ArticleAttachment(
            article=locked, original_name=name, content_type=content_type, size=file.size, uploaded_by=actor
        )
        att.file.save(_stored_name(name), file, save=False)
        att.save()
        record_event(
            actor=actor,
            action="article.attachment_add",
            target=locked,
            after={"attachment": att.pk, "name": name, "size": att.size},
        )
    return att


def article_attachment_remove(*, actor: Any, attachment: ArticleAttachment) -> None:
    article = attachment.article
    _ensure_writer(actor, article.congress_id)
    with transaction.atomic():
        locked = _lock(article, None)
        if locked.state not in EDITABLE_STATES:
            raise ConflictError(_("只有草稿或已撤回的文章可以删除附件。"))
        record_event(
            actor=actor,
            action="article.attachment_remove",
            target=locked,
            before={"attachment": attachment.pk, "name": attachment.original_name},
        )
        attachment.file.delete(save=False)
        attachment.delete()
