"""Screening (敏感词筛查): the sensitive-word list of each congress and what it flagged."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class WordCategory(models.TextChoices):
    POLITICAL = "political", _("政治")
    PORN = "porn", _("色情")
    VIOLENCE = "violence", _("暴力")
    AD = "ad", _("广告")
    PERSONAL = "personal", _("个人信息")
    OTHER = "other", _("其他")


class ScreeningSource(models.TextChoices):
    SUBMISSION = "submission", _("群众提交")
    PUBLICATION = "publication", _("公开内容")


class SensitiveWord(models.Model):
    """One word of a congress's list. Deactivated rather than deleted, so the history stays readable."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="+"
    )
    word = models.CharField(_("敏感词"), max_length=50)
    category = models.CharField(
        _("类别"), max_length=20, choices=WordCategory.choices, default=WordCategory.OTHER
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("添加人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")
        ordering = ["category", "word"]
        constraints = [models.UniqueConstraint(fields=["congress", "word"], name="sensitive_word_unique")]

    def __str__(self) -> str:
        return self.word


class ScreeningResult(models.Model):
    """The matches found in one record's text (a submission, or what was to be published).

    The record itself is never changed: staff read the matches here, highlighted, and mark them
    reviewed (已复核), or confirm a publication (仍然公开).
    """

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, verbose_name=_("记录类型"), on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField(_("记录"))
    source = models.CharField(_("来源"), max_length=20, choices=ScreeningSource.choices)
    kind_label = models.CharField(_("类别"), max_length=60, blank=True)
    title = models.CharField(_("标题"), max_length=300, blank=True)
    # {"title": "…", "body": "…"}: the text screened, as it was (the offsets refer to it)
    texts = models.JSONField(_("筛查文本"), default=dict)
    # [{"field": "body", "word": "加微信", "category": "ad", "start": 3, "end": 6}, …]
    matches = models.JSONField(_("命中"), default=list)
    words = models.CharField(_("命中词语"), max_length=500, blank=True)
    # ",ad,personal,": the categories matched, for the category filter
    categories = models.CharField(_("命中类别"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("筛查时间"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    review_note = models.CharField(_("复核说明"), max_length=300, blank=True)
    publish_confirmed = models.BooleanField(_("已确认公开"), default=False)

    class Meta:
        verbose_name = _("敏感词筛查结果")
        verbose_name_plural = _("敏感词筛查结果")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "source"], name="screening_result_unique"
            )
        ]
        indexes = [models.Index(fields=["congress", "reviewed_at"])]

    def __str__(self) -> str:
        return self.title
