"""Per-congress configuration of the rules' thresholds and periods."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleSetting(models.Model):
    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="+"
    )
    rule_id = models.CharField(_("规则编号"), max_length=8)
    enabled = models.BooleanField(_("启用"), default=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("规则设置")
        verbose_name_plural = _("规则设置")
        constraints = [models.UniqueConstraint(fields=["congress", "rule_id"], name="rule_setting_once")]

    def __str__(self) -> str:
        return f"{self.congress} {self.rule_id}"


class CheckTrigger(models.TextChoices):
    NIGHTLY = "nightly", _("每日自动检查")
    MANUAL = "manual", _("手动重新检查")
    AUTO = "auto", _("首次查看时检查")


class CheckStatus(models.TextChoices):
    MET = "met", _("达标")
    NOT_MET = "not_met", _("未达标")
    NO_DATA = "no_data", _("暂无数据")
    NOT_APPLICABLE = "not_applicable", _("不适用")


class CheckRun(models.Model):
    """One run of the whole check for a congress and a period (nightly, on demand or on first view)."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="+"
    )
    period_key = models.CharField(_("期间"), max_length=32)  # year:2026, half_year:2026-2, term:<pk>
    period_label = models.CharField(_("期间名称"), max_length=40)
    trigger = models.CharField(_("触发方式"), max_length=16, choices=CheckTrigger.choices)
    actor = models.ForeignKey(
        "core.User",
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ran_at = models.DateTimeField(_("检查时间"), db_index=True)
    met = models.PositiveSmallIntegerField(_("达标"), default=0)
    not_met = models.PositiveSmallIntegerField(_("未达标"), default=0)
    no_data = models.PositiveSmallIntegerField(_("暂无数据"), default=0)
    not_applicable = models.PositiveSmallIntegerField(_("不适用"), default=0)

    class Meta:
        verbose_name = _("制度落实检查")
        verbose_name_plural = _("制度落实检查")
        indexes = [models.Index(fields=["congress", "period_key", "-ran_at"])]

    def __str__(self) -> str:
        return f"{self.congress} {self.period_label} {self.ran_at:%Y-%m-%d %H:%M}"


class CheckResultRecord(models.Model):
    """One rule's result in a run: kept so the history shows each rule's trend."""

    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="records")
    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="+"
    )
    period_key = models.CharField(_("期间"), max_length=32)
    rule_id = models.CharField(_("规则编号"), max_length=8)
    status = models.CharField(_("状态"), max_length=16, choices=CheckStatus.choices)
    value = models.CharField(_("实际值"), max_length=200, blank=True)
    threshold = models.CharField(_("要求"), max_length=200, blank=True)
    evidence = models.JSONField(_("已达到"), default=list, blank=True)  # [{"text": …, "url": …}]
    shortfall = models.JSONField(_("未达到"), default=list, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    rule_period_label = models.CharField(_("检查期间"), max_length=40, blank=True)
    checked_at = models.DateTimeField(_("检查时间"))

    class Meta:
        verbose_name = _("规则检查结果")
        verbose_name_plural = _("规则检查结果")
        indexes = [models.Index(fields=["congress", "period_key", "rule_id", "checked_at"])]

    def __str__(self) -> str:
        return f"{self.rule_id} {self.status}"
