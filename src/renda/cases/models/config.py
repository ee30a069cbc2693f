"""Per-congress settings of the engine, the working-day calendar, and the reminder log."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import DeadlineStatus, ReminderSubject


class CaseSetting(models.Model):
    """Deadlines and limits of one congress (the seeds' defaults when no row exists)."""

    congress = models.OneToOneField(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="case_setting"
    )
    reply_months = models.PositiveSmallIntegerField(_("答复期限(月)"), default=3)
    extension_max_total_months = models.PositiveSmallIntegerField(_("延期后最长期限(月,自交办起)"), default=6)
    co_handler_opinion_months = models.PositiveSmallIntegerField(_("协办意见期限(月)"), default=1)
    rehandle_months = models.PositiveSmallIntegerField(_("重新办理期限(月)"), default=1)
    return_request_working_days = models.PositiveSmallIntegerField(_("申请退回时限(工作日)"), default=7)
    warning_working_days = models.PositiveSmallIntegerField(_("到期预警(工作日)"), default=10)
    attachment_max_mb = models.PositiveSmallIntegerField(_("附件大小上限(MB)"), default=20)
    percent_places = models.PositiveSmallIntegerField(
        _("比率保留小数位数"),
        choices=[(1, _("一位小数(如 6.3%)")), (2, _("两位小数(如 6.25%)"))],
        default=1,
        help_text=_("统计页、导出表格、报告和接口中的各项比率均按四舍五入保留此位数"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("办理参数")
        verbose_name_plural = _("办理参数")

    def __str__(self) -> str:
        return str(_("%(c)s办理参数") % {"c": self.congress})


class CalendarDay(models.Model):
    """An exception to the Monday–Friday week: a holiday on a weekday, or a make-up working day (调休).

    A row with no congress is national; a congress's own row wins over the national one.
    """

    date = models.DateField(_("日期"))
    is_workday = models.BooleanField(_("工作日"))
    name = models.CharField(_("名称"), max_length=60, blank=True)
    congress = models.ForeignKey(
        "core.Congress",
        verbose_name=_("人大(空为全国)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_days",
    )
    is_estimated = models.BooleanField(
        _("推定"), default=False, help_text=_("国务院尚未公布时按惯例推定,公布后请核对修改")
    )

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(congress__isnull=True), name="calendarday_unique_national"
            ),
            models.UniqueConstraint(
                fields=["date", "congress"],
                condition=models.Q(congress__isnull=False),
                name="calendarday_unique_local",
            ),
        ]

    def __str__(self) -> str:
        kind = _("上班") if self.is_workday else _("休息")
        return f"{self.date:%Y-%m-%d} {self.name} {kind}"


class ReminderLog(models.Model):
    """One row per assignment, day and level: the daily job reminds or escalates at most once a day."""

    assignment = models.ForeignKey(
        "cases.Assignment", verbose_name=_("交办"), on_delete=models.CASCADE, related_name="reminders"
    )
    day = models.DateField(_("日期"))
    level = models.CharField(_("级别"), max_length=10, choices=DeadlineStatus.choices)
    subject = models.CharField(
        _("催办事项"),
        max_length=20,
        choices=ReminderSubject.choices,
        default=ReminderSubject.DEADLINE,
        db_default=ReminderSubject.DEADLINE,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("催办记录")
        verbose_name_plural = _("催办记录")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "day", "level", "subject"], name="reminderlog_unique_day_subject"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.day} {self.level}"
