"""Models of the oversight area `reports`: the statutory reporting calendar (法定报告), major matters
(重大事项) and the resolutions and decisions (决议、决定) of the congress and its standing committee.

* ``ReportObligation`` — who must report what to whom, how often and by when (data per congress);
* ``StatutoryReport`` — one expected report of one period, generated from its obligation;
* ``ReportReminder`` — one reminder or escalation sent for a report on a day (the daily job's log);
* ``MajorMatterList`` — the government's yearly list of proposed major matters (建议清单);
* ``MajorMatter`` — one matter on it, from proposal to decision and implementation;
* ``MatterProgress`` — a report back on a decided matter's implementation;
* ``Resolution`` — a resolution or decision: number, text, date, vote, published on the portal.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.scopes import scope_of

__all__ = [
    "Frequency",
    "ReportMode",
    "ReportState",
    "ReportObligation",
    "StatutoryReport",
    "ReportReminder",
    "MatterListState",
    "MatterState",
    "MatterCategory",
    "DecisionBody",
    "MajorMatterList",
    "MajorMatter",
    "MatterProgress",
    "ResolutionKind",
    "Resolution",
]

USER = settings.AUTH_USER_MODEL


class Frequency(models.TextChoices):
    YEARLY = "yearly", _("每年")
    HALF_YEARLY = "half_yearly", _("每半年")


class ReportMode(models.TextChoices):
    HEARING = "hearing", _("提请常委会会议听取审议")
    WRITTEN = "written", _("书面报告")


class ReportState(models.TextChoices):
    EXPECTED = "expected", _("待报送")
    RECEIVED = "received", _("已收到")
    SCHEDULED = "scheduled", _("已列入会议议程")
    DELIBERATED = "deliberated", _("已审议")


def _report_path(instance: Any, filename: str) -> str:
    from renda.documents.uploads import random_name

    return f"oversight/reports/{random_name(filename)}"


class ReportObligation(models.Model):
    """法定报告事项: the rule, as data, of one report a body owes the congress."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="report_obligations"
    )
    title = models.CharField(_("报告事项"), max_length=120)
    reporting_body = models.ForeignKey(
        "core.Organization", verbose_name=_("报告机关"), on_delete=models.PROTECT, related_name="+"
    )
    recipient = models.CharField(_("报告对象"), max_length=120)
    frequency = models.CharField(_("报告周期"), max_length=16, choices=Frequency.choices)
    # Due in the N-th month counted from the start of the period (1 = its first month; 7 for a half
    # year is the month after it), on day D (31 = the month's last day).
    due_month = models.PositiveSmallIntegerField(_("截止月份(自周期起算第几个月)"))
    due_day = models.PositiveSmallIntegerField(_("截止日"))
    remind_days = models.PositiveSmallIntegerField(_("提前提醒天数"), default=15)
    mode = models.CharField(
        _("报告方式"), max_length=16, choices=ReportMode.choices, default=ReportMode.HEARING
    )
    rule_code = models.CharField(_("对应制度检查"), max_length=8, blank=True)
    basis = models.CharField(_("依据"), max_length=300, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("法定报告事项")
        verbose_name_plural = _("法定报告事项")
        ordering = ["congress", "due_month", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "title", "reporting_body"], name="uniq_report_obligation"
            )
        ]

    def __str__(self) -> str:
        return self.title


class StatutoryReportQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> StatutoryReportQuerySet:
        """Staff and leaders of the congress (and above); a reporting body its own reports."""
        scope = scope_of(user)
        if scope.is_empty:
            return self.none()
        q = Q(congress_id__in=scope.staff_read_congress_ids) | Q(
            obligation__reporting_body_id__in=scope.unit_ids
        )
        return self.filter(q)


class StatutoryReport(models.Model):
    """One expected report of one period (generated from its obligation, idempotently)."""

    obligation = models.ForeignKey(
        ReportObligation, verbose_name=_("报告事项"), on_delete=models.PROTECT, related_name="reports"
    )
    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    half = models.PositiveSmallIntegerField(_("半年"), default=0)  # 0 yearly, 1 first half, 2 second half
    title = models.CharField(_("报告名称"), max_length=200)
    period_start = models.DateField(_("周期开始"))
    period_end = models.DateField(_("周期结束"))
    due_on = models.DateField(_("报送截止日"))
    closes_on = models.DateField(_("缺报认定日"))  # the next period's due date: never received by then = 缺报
    state = models.CharField(
        _("状态"), max_length=16, choices=ReportState.choices, default=ReportState.EXPECTED
    )
    received_on = models.DateField(_("收到日期"), null=True, blank=True)
    received_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    file = models.FileField(_("报告文件"), upload_to=_report_path, max_length=200, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("大小"), default=0)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", verbose_name=_("会议议程"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    deliberated_on = models.DateField(_("审议日期"), null=True, blank=True)
    deliberation_summary = models.TextField(_("审议情况"), blank=True)
    # The deliberation opinion (审议意见) the standing committee formed on the report: a case of the
    # opinions area's kind; set when that case is created.
    opinion_case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("审议意见"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = StatutoryReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("法定报告")
        verbose_name_plural = _("法定报告")
        ordering = ["due_on", "obligation__title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["obligation", "year", "half"], name="uniq_statutory_report")
        ]

    def __str__(self) -> str:
        return self.title

    def calendar_status(self, today: dt.date) -> str:
        from renda.oversight.calendar_reports import status_of

        return status_of(self, today)


class ReportReminder(models.Model):
    """One reminder (before the due date) or escalation (after it) of one report on one day."""

    report = models.ForeignKey(StatutoryReport, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField(_("日期"))
    level = models.CharField(_("级别"), max_length=16)  # due / late / missing
    recipients = models.PositiveIntegerField(_("通知人数"), default=0)

    class Meta:
        verbose_name = _("法定报告提醒")
        verbose_name_plural = _("法定报告提醒")
        constraints = [models.UniqueConstraint(fields=["report", "day"], name="uniq_report_reminder_day")]

    def __str__(self) -> str:
        return f"{self.report} {self.day} {self.level}"


# --- major matters ---------------------------------------------------------------------------------


class MatterListState(models.TextChoices):
    DRAFT = "draft", _("政府起草中")
    SUBMITTED = "submitted", _("已报常委会征求意见")
    COMMENTED = "commented", _("常委会已提出意见")
    AGREED = "agreed", _("已确定")
    REPORTED = "reported", _("已报县委")


class MatterState(models.TextChoices):
    PROPOSED = "proposed", _("建议事项")
    LISTED = "listed", _("已列入年度工作要点")
    EXCLUDED = "excluded", _("未列入清单")
    REPORTED = "reported", _("决策前已报告")
    SCHEDULED = "scheduled", _("已列入会议议程")
    DECIDED = "decided", _("已作出决议决定")
    NOT_ADOPTED = "not_adopted", _("表决未通过")
    IMPLEMENTED = "implemented", _("落实情况已报告")


class MatterCategory(models.TextChoices):
    PLAN_BUDGET = "plan_budget", _("计划、预算及其调整")
    REFORM = "reform", _("重大改革举措")
    LIVELIHOOD = "livelihood", _("重大民生工程")
    PROJECT = "project", _("重大建设项目")
    RULE_OF_LAW = "rule_of_law", _("民主法治建设重大措施")
    OTHER = "other", _("其他重大事项")


class DecisionBody(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", _("人大常委会")
    CONGRESS = "congress", _("人民代表大会")


class MatterQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> MatterQuerySet:
        scope = scope_of(user)
        if scope.is_empty:
            return self.none()
        field = "submitted_by_id" if self.model is MajorMatterList else "matter_list__submitted_by_id"
        return self.filter(
            Q(congress_id__in=scope.staff_read_congress_ids) | Q(**{f"{field}__in": scope.unit_ids})
        )


class MajorMatterList(models.Model):
    """重大事项建议清单: the government's list for next year, commented and agreed by the committee
    and reported to the party committee at the start of the year."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("清单年度"))
    submitted_by = models.ForeignKey(
        "core.Organization", verbose_name=_("提出机关"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=MatterListState.choices, default=MatterListState.DRAFT
    )
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    committee_comments = models.TextField(_("常委会意见"), blank=True)
    commented_on = models.DateField(_("提出意见日期"), null=True, blank=True)
    agreed_on = models.DateField(_("确定日期"), null=True, blank=True)
    party_reported_on = models.DateField(_("报县委日期"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = MatterQuerySet.as_manager()

    class Meta:
        verbose_name = _("重大事项建议清单")
        verbose_name_plural = _("重大事项建议清单")
        ordering = ["-year", "pk"]
        constraints = [models.UniqueConstraint(fields=["congress", "year"], name="uniq_major_matter_list")]

    def __str__(self) -> str:
        return f"{self.year}年度重大事项清单"


class MajorMatter(models.Model):
    """重大事项: one matter, decided by a resolution or decision after the government reported it."""

    matter_list = models.ForeignKey(
        MajorMatterList, verbose_name=_("清单"), on_delete=models.CASCADE, related_name="matters"
    )
    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("事项名称"), max_length=200)
    category = models.CharField(_("类别"), max_length=16, choices=MatterCategory.choices)
    description = models.TextField(_("事项说明"), blank=True)
    decision_body = models.CharField(
        _("决定机关"), max_length=20, choices=DecisionBody.choices, default=DecisionBody.STANDING_COMMITTEE
    )
    planned_quarter = models.PositiveSmallIntegerField(_("计划提请季度"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=MatterState.choices, default=MatterState.PROPOSED
    )
    reported_on = models.DateField(_("决策前报告日期"), null=True, blank=True)
    report_summary = models.TextField(_("报告情况"), blank=True)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", verbose_name=_("会议议程"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    vote = models.ForeignKey(
        "voting.Vote",
        verbose_name=_("表决"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)

    objects = MatterQuerySet.as_manager()

    class Meta:
        verbose_name = _("重大事项")
        verbose_name_plural = _("重大事项")
        ordering = ["matter_list", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class MatterProgress(models.Model):
    """决议决定落实情况: a report back on the implementation of a decided matter."""

    matter = models.ForeignKey(MajorMatter, on_delete=models.CASCADE, related_name="progress")
    reported_on = models.DateField(_("报告日期"))
    text = models.TextField(_("落实情况"))
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("落实情况报告")
        verbose_name_plural = _("落实情况报告")
        ordering = ["matter", "reported_on", "pk"]

    def __str__(self) -> str:
        return f"{self.matter} {self.reported_on}"


# --- resolutions and decisions ----------------------------------------------------------------------


class ResolutionKind(models.TextChoices):
    RESOLUTION = "resolution", _("决议")
    DECISION = "decision", _("决定")


class ResolutionQuerySet(models.QuerySet):
    def published(self) -> ResolutionQuerySet:
        return self.filter(is_published=True)

    def visible_to(self, user: Any) -> ResolutionQuerySet:
        scope = scope_of(user)
        if scope.is_empty:
            return self.published()
        return self.filter(Q(congress_id__in=scope.staff_read_congress_ids) | Q(is_published=True))


class Resolution(models.Model):
    """决议、决定 of the congress or its standing committee: text, number, date and vote."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=ResolutionKind.choices)
    adopted_by = models.CharField(
        _("通过机关"), max_length=20, choices=DecisionBody.choices, default=DecisionBody.STANDING_COMMITTEE
    )
    number = models.CharField(_("文号"), max_length=60)
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"))
    adopted_on = models.DateField(_("通过日期"))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("会议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    vote = models.ForeignKey(
        "voting.Vote",
        verbose_name=_("表决"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    matter = models.OneToOneField(
        MajorMatter, verbose_name=_("重大事项"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="resolution",
    )  # fmt: skip
    is_published = models.BooleanField(_("已公开"), default=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("决议决定")
        verbose_name_plural = _("决议决定")
        ordering = ["-adopted_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["congress", "number"], name="uniq_resolution_number")]

    def __str__(self) -> str:
        return self.title
