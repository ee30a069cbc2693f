from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import IssuerKind, Recurrence

USER = settings.AUTH_USER_MODEL


class TaskNotice(models.Model):
    """A notice whose tasks are decomposed (e.g. 关于分解落实……重点任务的通知)."""

    congress = models.ForeignKey("core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT,
                                 related_name="task_notices")  # fmt: skip
    title = models.CharField(_("通知标题"), max_length=200)
    issuer_kind = models.CharField(_("发文机关类别"), max_length=30, choices=IssuerKind.choices,
                                   default=IssuerKind.PARTY_COMMITTEE)  # fmt: skip
    issuer = models.CharField(_("发文机关"), max_length=100)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("印发日期"))
    text = models.TextField(_("通知正文"), blank=True)
    created_by = models.ForeignKey(USER, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("任务通知")
        verbose_name_plural = _("任务通知")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """The task's own data beside its case (the engine keeps state, units, deadline and history)."""

    case = models.OneToOneField("cases.Case", verbose_name=_("案件"), on_delete=models.CASCADE,
                                related_name="task")  # fmt: skip
    notice = models.ForeignKey(TaskNotice, verbose_name=_("所属通知"), on_delete=models.PROTECT,
                               related_name="tasks")  # fmt: skip
    section = models.CharField(_("序号"), max_length=40, blank=True)  # e.g. "(二)1"
    heading = models.CharField(_("所属部分"), max_length=120, blank=True)
    expected_result = models.TextField(_("预期成果"), blank=True)
    lead_as_written = models.CharField(_("牵头单位(原文)"), max_length=300, blank=True)
    cooperating_as_written = models.TextField(_("配合单位(原文)"), blank=True)
    due_on = models.DateField(_("完成时限"), null=True, blank=True)
    recurrence = models.CharField(
        _("周期"), max_length=20, choices=Recurrence.choices, default=Recurrence.NONE
    )
    occurrence = models.PositiveSmallIntegerField(_("第几次"), default=1)
    previous = models.OneToOneField("self", verbose_name=_("上一次"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="next_occurrence")  # fmt: skip
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("分解任务")
        verbose_name_plural = _("分解任务")
        ordering = ["notice", "sort_order", "id"]

    def __str__(self) -> str:
        return f"{self.section} {self.case.title}".strip()


class TaskSetting(models.Model):
    """Per congress: how long without a progress report a task counts as stalled."""

    congress = models.OneToOneField("core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE,
                                    related_name="task_setting")  # fmt: skip
    stall_days = models.PositiveSmallIntegerField(_("无进展视为停滞(天)"), default=30)
    deadline_days = models.PositiveSmallIntegerField(_("默认完成时限(天)"), default=90)

    class Meta:
        verbose_name = _("任务分解设置")
        verbose_name_plural = _("任务分解设置")

    def __str__(self) -> str:
        return str(self.congress)
