"""What the documents app keeps: the column mappings users confirmed for their Excel layouts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportMapping(models.Model):
    """A confirmed column mapping of one spreadsheet layout, per congress and import kind, so the
    next upload of the same layout is pre-mapped (see ``renda.documents.mapping``)."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="import_mappings"
    )
    kind = models.CharField(_("导入类别"), max_length=40)
    # sha256 of the normalised headings in order (mapping.layout_signature).
    signature = models.CharField(_("表头特征"), max_length=64)
    headings = models.JSONField(_("表头"), default=list)
    # normalised heading → field key ("" = not imported), for other layouts with these headings
    mapping = models.JSONField(_("列对应"), default=dict)
    # the field key of each column in order (this layout exactly, repeated headings included)
    columns = models.JSONField(_("各列对应"), default=list)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("确认时间"), auto_now=True)

    class Meta:
        verbose_name = _("导入列对应")
        verbose_name_plural = _("导入列对应")
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "kind", "signature"], name="importmapping_unique_layout"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {'、'.join(self.headings)[:60]}"
