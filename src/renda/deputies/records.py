"""The performance record (履职档案): activities and participations, points, rankings, training
hours (activities of kind ``training``), funds and care, reports to voters, exit warnings and
meeting requests (a case kind)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.scopes import scope_of
from renda.documents.uploads import random_name

from .choices import (
    ActivityKind,
    Attendance,
    ExitWarningState,
    FundKind,
    ParticipationSource,
    SatisfactionValue,
    Verification,
    VoterReportState,
)


def _signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ActivityQuerySet:
        """Staff-like roles: activities of their congresses and below; a deputy: those they took part in."""
        if not _signed_in(user):
            return self.none()
        scope = scope_of(user)
        q = Q(pk__in=[])
        if scope.staff_read_congress_ids:
            q |= Q(congress_id__in=scope.staff_read_congress_ids)
        if scope.has("deputy"):
            q |= Q(
                pk__in=ActivityParticipation.objects.filter(mandate__deputy__user_id=user.pk).values(
                    "activity_id"
                )
            )
        return self.filter(q)


class Activity(models.Model):
    """履职活动: a meeting, inspection, training … organised for (or reported by) deputies."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="deputy_activities"
    )
    kind = models.CharField(_("活动类别"), max_length=24, choices=ActivityKind.choices)
    title = models.CharField(_("活动名称"), max_length=200)
    occurred_on = models.DateField(_("活动日期"))
    organiser = models.CharField(_("组织单位"), max_length=120, blank=True)
    # R16: organised by the standing committee (or its bodies), as the seeds count it.
    organised_by_committee = models.BooleanField(_("常委会组织"), default=False)
    place = models.CharField(_("地点"), max_length=120, blank=True)
    description = models.TextField(_("内容"), blank=True)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, default=0)
    is_initial_training = models.BooleanField(_("初任培训"), default=False)
    # Generated activities point at the object they come from ("cases.case:42"); unique per kind.
    source_key = models.CharField(_("来源"), max_length=80, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("履职活动")
        verbose_name_plural = _("履职活动")
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "kind", "source_key"],
                condition=~Q(source_key=""),
                name="activity_unique_source",
            )
        ]
        indexes = [models.Index(fields=["congress", "kind", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.title}"


def _evidence_path(instance: Any, filename: str) -> str:
    """A random stored name (the original stays in ``name``): no path can be guessed."""
    return f"deputies/activities/{instance.activity_id}/{random_name(filename)}"


class ActivityAttachment(models.Model):
    """Evidence of an activity, checked in full on upload and served only by
    ``deputies:activity_attachment`` to those who may read the activity."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("佐证材料"), upload_to=_evidence_path)
    name = models.CharField(_("文件名"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("活动佐证材料")
        verbose_name_plural = _("活动佐证材料")

    def __str__(self) -> str:
        return self.name


class ParticipationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ParticipationQuerySet:
        if not _signed_in(user):
            return self.none()
        scope = scope_of(user)
        q = Q(pk__in=[])
        if scope.staff_read_congress_ids:
            q |= Q(mandate__congress_id__in=scope.staff_read_congress_ids)
        if scope.has("deputy"):
            q |= Q(mandate__deputy__user_id=user.pk)
        if scope.station_ids:
            q |= Q(mandate__station_id__in=scope.station_ids)
        return self.filter(q)

    def counting(self) -> ParticipationQuerySet:
        """Rows that count: verified (sign-ins and generated rows are verified when made)."""
        return self.filter(verification=Verification.VERIFIED)


class ActivityParticipation(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    mandate = models.ForeignKey(
        "deputies.DeputyMandate",
        verbose_name=_("代表"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    source = models.CharField(_("来源"), max_length=16, choices=ParticipationSource.choices)
    verification = models.CharField(
        _("审核"), max_length=16, choices=Verification.choices, default=Verification.VERIFIED
    )
    attendance = models.CharField(
        _("出席情况"), max_length=24, choices=Attendance.choices, default=Attendance.PRESENT
    )
    # Denormalised for the per-year balance and the ranking (one indexed range per year).
    year = models.PositiveSmallIntegerField(_("年度"))
    points = models.DecimalField(_("积分"), max_digits=7, decimal_places=1, default=0)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动参加记录")
        verbose_name_plural = _("活动参加记录")
        ordering = ["-year", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "mandate"], name="participation_once"),
        ]
        indexes = [
            models.Index(fields=["mandate", "year"]),
            models.Index(fields=["verification", "source"]),
        ]

    def __str__(self) -> str:
        return f"{self.mandate_id} · {self.activity_id}"


class PointRule(models.Model):
    """履职积分规则: points per activity kind (and the base and deductions) for one congress."""

    congress = models.ForeignKey("core.Congress", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("项目"), max_length=32)
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("积分规则")
        verbose_name_plural = _("积分规则")
        constraints = [models.UniqueConstraint(fields=["congress", "key"], name="pointrule_once")]

    def __str__(self) -> str:
        return f"{self.key}={self.points}"


class PointBalance(models.Model):
    """A mandate's activity points in one year, kept in step with every participation change."""

    mandate = models.ForeignKey(
        "deputies.DeputyMandate", on_delete=models.CASCADE, related_name="point_balances"
    )
    congress = models.ForeignKey("core.Congress", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    points = models.DecimalField(_("活动积分"), max_digits=8, decimal_places=1, default=0)
    activities = models.PositiveIntegerField(_("活动次数"), default=0)
    absences = models.PositiveIntegerField(_("无故缺席次数"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("积分汇总")
        verbose_name_plural = _("积分汇总")
        constraints = [models.UniqueConstraint(fields=["mandate", "year"], name="pointbalance_once")]
        indexes = [models.Index(fields=["congress", "year", "points"])]

    def __str__(self) -> str:
        return f"{self.mandate_id} {self.year}: {self.points}"


class RankingPublication(models.Model):
    """A quarterly circular of the ranking (履职积分通报); optionally shown on the portal."""

    congress = models.ForeignKey("core.Congress", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    title = models.CharField(_("标题"), max_length=200)
    rows = models.JSONField(_("排名"), default=list)
    published = models.BooleanField(_("在门户公开"), default=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("积分排名通报")
        verbose_name_plural = _("积分排名通报")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "year", "quarter"], name="ranking_publication_once")
        ]

    def __str__(self) -> str:
        return self.title


class FundEntry(models.Model):
    """Ledger of activity funds, allowances and care (health checks) per mandate."""

    mandate = models.ForeignKey(
        "deputies.DeputyMandate", on_delete=models.PROTECT, related_name="fund_entries"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=FundKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    amount = models.DecimalField(_("金额(元)"), max_digits=10, decimal_places=2, default=0)
    occurred_on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("经费与关爱")
        verbose_name_plural = _("经费与关爱")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["mandate", "kind", "year"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class VoterReport(models.Model):
    """述职评议: a deputy reports to the voters of their constituency; voters rate it."""

    mandate = models.ForeignKey(
        "deputies.DeputyMandate", on_delete=models.PROTECT, related_name="voter_reports"
    )
    scheduled_on = models.DateField(_("述职日期"))
    place = models.CharField(_("地点"), max_length=120, blank=True)
    report = models.TextField(_("述职报告"), blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=VoterReportState.choices, default=VoterReportState.SCHEDULED
    )
    # Paper ballots counted by staff.
    paper_satisfied = models.PositiveIntegerField(_("纸质:满意"), default=0)
    paper_basically = models.PositiveIntegerField(_("纸质:基本满意"), default=0)
    paper_dissatisfied = models.PositiveIntegerField(_("纸质:不满意"), default=0)
    # The public rating page (QR code) is found by this token; each voter needs a one-time code.
    token = models.CharField(max_length=32, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("向选民述职")
        verbose_name_plural = _("向选民述职")
        ordering = ["-scheduled_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.mandate_id} {self.scheduled_on}"


class VoterRatingCode(models.Model):
    report = models.ForeignKey(VoterReport, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("测评码"), max_length=12)
    value = models.CharField(_("测评结果"), max_length=16, choices=SatisfactionValue.choices, blank=True)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("述职测评码")
        verbose_name_plural = _("述职测评码")
        constraints = [models.UniqueConstraint(fields=["report", "code"], name="ratingcode_once")]

    def __str__(self) -> str:
        return self.code


class ExitWarning(models.Model):
    """代表退出预警: e.g. absent twice without leave from plenary sessions; staff record the follow-up."""

    mandate = models.ForeignKey(
        "deputies.DeputyMandate", on_delete=models.CASCADE, related_name="exit_warnings"
    )
    reason = models.CharField(_("预警原因"), max_length=200)
    detected_on = models.DateField(_("发现日期"))
    state = models.CharField(
        _("状态"), max_length=16, choices=ExitWarningState.choices, default=ExitWarningState.OPEN
    )
    follow_up = models.TextField(_("跟进情况"), blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    followed_up_at = models.DateTimeField(_("跟进时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("退出预警")
        verbose_name_plural = _("退出预警")
        ordering = ["-detected_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["mandate", "reason"], name="exitwarning_once")]

    def __str__(self) -> str:
        return self.reason


class MeetingRequest(models.Model):
    """约见: a deputy asks to meet the head of a state organ on a matter (case kind ``meeting_request``)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="meeting_request")
    mandate = models.ForeignKey(
        "deputies.DeputyMandate", verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+"
    )
    organ = models.ForeignKey(
        "core.Organization", verbose_name=_("约见机关"), on_delete=models.PROTECT, related_name="+"
    )
    organ_head = models.CharField(_("约见负责人"), max_length=60, blank=True)
    arranged_for = models.DateTimeField(_("约定时间"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=120, blank=True)
    outcome = models.TextField(_("约见情况"), blank=True)

    class Meta:
        verbose_name = _("约见国家机关负责人")
        verbose_name_plural = _("约见国家机关负责人")

    def __str__(self) -> str:
        return f"{self.case_id} {self.organ_id}"
