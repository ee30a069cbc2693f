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
