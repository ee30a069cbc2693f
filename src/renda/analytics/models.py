"""The search index: one row per searchable record (a case, a deputy's mandate, an article …)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One indexed record. Written only by ``renda.analytics.index``.

    ``segmented`` holds the jieba tokens of title and body separated by spaces: the FTS5 table
    (SQLite) and the GIN index over ``to_tsvector('simple', segmented)`` (PostgreSQL) read it.
    """

    source = models.CharField(_("类别"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("记录"))
    title = models.CharField(_("标题"), max_length=300)
    text = models.TextField(_("正文"), blank=True)
    segmented = models.TextField(_("分词文本"), blank=True)
    length = models.PositiveIntegerField(_("词数"), default=0)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=40, blank=True)
    state_label = models.CharField(_("状态名称"), max_length=60, blank=True)
    # ",3,17," — the units the record is assigned to, for the unit filter.
    unit_ids = models.CharField(_("承办单位"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="search_entry_unique")]
        indexes = [models.Index(fields=["source", "year"])]

    def __str__(self) -> str:
        return self.title


class UserWord(models.Model):
    """A word of the user dictionary (地名、单位名、政策术语) that jieba keeps whole."""

    word = models.CharField(_("词语"), max_length=40, unique=True)
    note = models.CharField(_("说明"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("添加人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("检索词典词语")
        verbose_name_plural = _("检索词典词语")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


# 敏感词筛查 (screen): the word lists and what they flagged
from .models_screening import ScreeningResult, SensitiveWord  # noqa: E402, F401
