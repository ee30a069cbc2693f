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


class UnitProfile(models.Model):
    """What the routing model knows of a handling unit besides its past cases: its responsibilities
    (职能, the prior for a unit without history) and the other names people write it by (别名)."""

    organization = models.OneToOneField(
        "core.Organization", verbose_name=_("单位"), on_delete=models.CASCADE, related_name="routing_profile"
    )
    responsibilities = models.TextField(_("职能"), blank=True, max_length=5000)
    aliases = models.TextField(_("别名"), blank=True, max_length=2000, help_text=_("每行一个,或以顿号分隔"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("单位职能与别名")
        verbose_name_plural = _("单位职能与别名")

    def __str__(self) -> str:
        return str(self.organization)

    def alias_list(self) -> list[str]:
        import re

        return [a for a in (x.strip() for x in re.split(r"[\n、,，;；]+", self.aliases or "")) if a]


class RoutingModel(models.Model):
    """The trained routing model of one congress: per unit a TF-IDF centroid (top words), the idf."""

    congress = models.OneToOneField(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="routing_model"
    )
    trained_at = models.DateTimeField(_("训练时间"))
    cases = models.PositiveIntegerField(_("训练案件数"), default=0)
    assignments = models.PositiveIntegerField(_("训练交办数"), default=0)
    seconds = models.FloatField(_("训练耗时(秒)"), default=0)
    payload = models.JSONField(_("模型"), default=dict)
    queued = models.BooleanField(_("已排队重新训练"), default=False)

    class Meta:
        verbose_name = _("交办单位推荐模型")
        verbose_name_plural = _("交办单位推荐模型")

    def __str__(self) -> str:
        return f"{self.congress_id}@{self.trained_at:%Y-%m-%d %H:%M}"


class TopicSnapshot(models.Model):
    """The hot topics of one congress and year (overall, by township, unit and category), computed in
    the background so the pages read one row."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="topic_snapshots"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    computed_at = models.DateTimeField(_("计算时间"))
    cases = models.PositiveIntegerField(_("案件数"), default=0)
    data = models.JSONField(_("热点"), default=dict)
    stale = models.BooleanField(_("待重新计算"), default=False)

    class Meta:
        verbose_name = _("年度热点")
        verbose_name_plural = _("年度热点")
        constraints = [models.UniqueConstraint(fields=["congress", "year"], name="topic_snapshot_unique")]

    def __str__(self) -> str:
        return f"{self.congress_id}/{self.year}"


# 敏感词筛查 (screen): the word lists and what they flagged
from .models_screening import ScreeningResult, SensitiveWord  # noqa: E402, F401
