"""Portal content: news, notices, the standing committee's gazette, work rules and reports."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core import clock
from renda.documents.uploads import random_name

from .choices import ArticleState, Channel

USER = settings.AUTH_USER_MODEL


class ArticleQuerySet(models.QuerySet):
    def published(self, now: Any = None) -> ArticleQuerySet:
        """What the public sees: published, and its publication time has come (scheduled ones wait)."""
        return self.filter(state=ArticleState.PUBLISHED, published_at__lte=now or clock.now())

    def visible_to(self, user: Any) -> ArticleQuerySet:
        """Staff and leaders read every article of their congresses; nobody else reads drafts."""
        from renda.core.choices import CONGRESS_ROLES
        from renda.core.scopes import scope_of

        scope = scope_of(user)
        ids = scope.congress_ids_with(*CONGRESS_ROLES)
        if not ids:
            return self.none()
        return self.filter(Q(congress_id__in=ids))


def cover_path(instance: Article, filename: str) -> str:
    return f"portal/{instance.congress_id}/covers/{random_name(filename)}"


class Article(models.Model):
    """One piece of published content of one congress. Written only by ``renda.portal.services``."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="articles"
    )
    channel = models.CharField(_("栏目"), max_length=16, choices=Channel.choices)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.CharField(_("摘要"), max_length=500, blank=True)
    body = models.TextField(_("正文"), blank=True, help_text=_("保存时按白名单清理 HTML 标签"))
    cover = models.FileField(_("封面图片"), upload_to=cover_path, max_length=255, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=ArticleState.choices, default=ArticleState.DRAFT
    )
    author = models.ForeignKey(USER, verbose_name=_("撰稿人"), on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        USER, verbose_name=_("审核人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.CharField(_("审核意见"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["congress", "channel", "state", "published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_scheduled(self) -> bool:
        return (
            self.state == ArticleState.PUBLISHED
            and self.published_at is not None
            and self.published_at > clock.now()
        )

    @property
    def is_live(self) -> bool:
        return (
            self.state == ArticleState.PUBLISHED
            and self.published_at is not None
            and self.published_at <= clock.now()
        )


def attachment_path(instance: ArticleAttachment, filename: str) -> str:
    return f"portal/{instance.article.congress_id}/{instance.article_id}/{random_name(filename)}"


class ArticleAttachment(models.Model):
    """A file of an article: PDF, Word, Excel or an image, checked in full on upload, stored under a
    random name and served only by ``portal:attachment`` (public once the article is live)."""

    article = models.ForeignKey(
        Article, verbose_name=_("文章"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=120)
    size = models.PositiveBigIntegerField(_("大小(字节)"))
    uploaded_by = models.ForeignKey(
        USER, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("文章附件")
        verbose_name_plural = _("文章附件")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
