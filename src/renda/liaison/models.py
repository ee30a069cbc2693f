"""Liaison stations (代表联络站), reception days (接待日), receptions, and constituent opinions
(社情民意, a case kind on the engine: ``ConstituentOpinion`` is its one-to-one data)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.scopes import scope_of

from .choices import (
    DEFAULT_CHECKLIST,
    DEFAULT_EXCLUSIONS,
    DEFAULT_SENSITIVE_WORDS,
    DEFAULT_TOPICS,
    WEEKDAYS,
    Channel,
    ReceptionDayState,
    RecurrenceKind,
    Route,
)

USER = settings.AUTH_USER_MODEL


def _topics() -> list[str]:
    return list(DEFAULT_TOPICS)


def _exclusions() -> list[dict[str, str]]:
    return [dict(x) for x in DEFAULT_EXCLUSIONS]


def _checklist() -> list[dict[str, str]]:
    return [dict(x) for x in DEFAULT_CHECKLIST]


def _words() -> list[str]:
    return list(DEFAULT_SENSITIVE_WORDS)


class LiaisonSetting(models.Model):
    """Per-congress rules of the liaison work (the defaults when no row exists)."""

    congress = models.OneToOneField(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="liaison_setting"
    )
    notice_days = models.PositiveSmallIntegerField(_("接待日提前公告天数"), default=3)
    generate_days_ahead = models.PositiveSmallIntegerField(_("按规则生成接待日的天数"), default=45)
    remind_days_before = models.PositiveSmallIntegerField(_("提前提醒值班代表天数"), default=1)
    require_name = models.BooleanField(_("提交意见须留姓名"), default=False)
    require_phone = models.BooleanField(_("提交意见须留手机号"), default=False)
    body_max_length = models.PositiveIntegerField(_("意见内容字数上限"), default=2000)
    submit_limit = models.PositiveSmallIntegerField(_("同一地址提交次数上限"), default=5)
    submit_window_minutes = models.PositiveSmallIntegerField(_("提交限流时段(分钟)"), default=10)
    track_limit = models.PositiveSmallIntegerField(_("同一地址查询次数上限"), default=20)
    track_window_minutes = models.PositiveSmallIntegerField(_("查询限流时段(分钟)"), default=10)
    duplicate_window_minutes = models.PositiveSmallIntegerField(_("重复提交合并时段(分钟)"), default=10)
    reply_working_days = models.PositiveSmallIntegerField(_("转办答复期限(工作日)"), default=15)
    rehandle_working_days = models.PositiveSmallIntegerField(_("重新办理期限(工作日)"), default=10)
    receptions_per_year = models.PositiveSmallIntegerField(_("代表每年接待选民次数下限"), default=2)
    topics = models.JSONField(_("意见分类"), default=_topics, blank=True)
    exclusions = models.JSONField(_("不予受理情形"), default=_exclusions, blank=True)
    checklist = models.JSONField(_("“六有”检查项"), default=_checklist, blank=True)
    sensitive_words = models.JSONField(_("敏感词"), default=_words, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("联络站工作参数")
        verbose_name_plural = _("联络站工作参数")

    def __str__(self) -> str:
        return str(self.congress)

    def exclusion(self, code: str) -> dict[str, str] | None:
        for item in self.exclusions or []:
            if item.get("code") == code:
                return item
        return None


class StationQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> StationQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        scope = scope_of(user)
        return self.filter(
            Q(organization__congress_id__in=scope.staff_read_congress_ids)
            | Q(organization_id__in=scope.station_ids)
        )


class StationProfile(models.Model):
    """The public profile of a liaison station (an ``Organization`` of kind ``liaison_station``).

    Deputies attached to the station are those whose active mandate names it
    (``DeputyMandate.station``), whatever the level of the mandate: one source, kept by the deputies app.
    """

    organization = models.OneToOneField(
        "core.Organization",
        verbose_name=_("联络站"),
        on_delete=models.CASCADE,
        related_name="station_profile",
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    keeper_name = models.CharField(_("联络员"), max_length=50, blank=True)
    keeper_phone = models.CharField(_("联络电话"), max_length=30, blank=True)
    township = models.ForeignKey(
        "core.Organization",
        verbose_name=_("所在乡镇(街道)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opening_hours = models.CharField(_("开放时间"), max_length=200, blank=True)
    introduction = models.TextField(_("简介"), blank=True)
    is_public = models.BooleanField(_("在门户公开"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StationQuerySet.as_manager()

    class Meta:
        verbose_name = _("联络站信息")
        verbose_name_plural = _("联络站信息")

    def __str__(self) -> str:
        return str(self.organization)


class ChecklistEntry(models.Model):
    """One “六有” item of a station: met or not, since when, with a note."""

    station = models.ForeignKey(
        "core.Organization",
        verbose_name=_("联络站"),
        on_delete=models.CASCADE,
        related_name="checklist_entries",
    )
    code = models.CharField(_("检查项"), max_length=40)
    label = models.CharField(_("名称"), max_length=60)
    is_met = models.BooleanField(_("已达标"), default=False)
    checked_on = models.DateField(_("核查日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        USER, verbose_name=_("更新人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("“六有”检查项")
        verbose_name_plural = _("“六有”检查项")
        ordering = ["station", "id"]
        constraints = [models.UniqueConstraint(fields=["station", "code"], name="checklist_unique_code")]

    def __str__(self) -> str:
        return f"{self.station} {self.label}"


class ReceptionRule(models.Model):
    """A recurring reception day of a station: the Nth day of chosen months, or the Nth weekday."""

    station = models.ForeignKey(
        "core.Organization",
        verbose_name=_("联络站"),
        on_delete=models.CASCADE,
        related_name="reception_rules",
    )
    kind = models.CharField(_("规则"), max_length=20, choices=RecurrenceKind.choices)
    day = models.PositiveSmallIntegerField(_("日期(几号)"), null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=WEEKDAYS, null=True, blank=True)
    week_of_month = models.SmallIntegerField(_("第几周(-1为最后一周)"), null=True, blank=True)
    months = models.JSONField(_("月份"), default=list)
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"))
    deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("值班代表"), blank=True, related_name="+"
    )
    auto_publish = models.BooleanField(_("自动公布"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("接待日规则")
        verbose_name_plural = _("接待日规则")
        ordering = ["station", "id"]

    def __str__(self) -> str:
        return f"{self.station} {self.describe()}"

    def describe(self) -> str:
        months = self.months or []
        if sorted(months) == list(range(1, 13)):
            m = str(_("每月"))
        elif sorted(months) == [1, 3, 5, 7, 9, 11]:
            m = str(_("单月"))
        elif sorted(months) == [2, 4, 6, 8, 10, 12]:
            m = str(_("双月"))
        else:
            m = "、".join(f"{x}月" for x in sorted(months))
        if self.kind == RecurrenceKind.DAY_OF_MONTH:
            return f"{m}{self.day}日"
        week = str(_("最后一个")) if self.week_of_month == -1 else f"第{self.week_of_month}个"
        return f"{m}{week}{dict(WEEKDAYS).get(self.weekday, '')}"


class ReceptionDayQuerySet(models.QuerySet):
    def published(self) -> ReceptionDayQuerySet:
        return self.filter(state=ReceptionDayState.PUBLISHED)

    def visible_to(self, user: Any) -> ReceptionDayQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        scope = scope_of(user)
        q = Q(station__congress_id__in=scope.staff_read_congress_ids) | Q(station_id__in=scope.station_ids)
        if scope.has("deputy"):
            q |= Q(deputies__user_id=user.pk)
        return self.filter(q).distinct()


class ReceptionDay(models.Model):
    """接待日: a day a station receives voters, with the deputies on duty."""

    station = models.ForeignKey(
        "core.Organization", verbose_name=_("联络站"), on_delete=models.CASCADE, related_name="reception_days"
    )
    date = models.DateField(_("日期"))
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"))
    theme = models.CharField(_("主题"), max_length=100, blank=True)
    deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("值班代表"), blank=True, related_name="reception_days"
    )
    rule = models.ForeignKey(
        ReceptionRule,
        verbose_name=_("生成规则"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="days",
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=ReceptionDayState.choices, default=ReceptionDayState.PLANNED
    )
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReceptionDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("接待日")
        verbose_name_plural = _("接待日")
        ordering = ["date", "start_time", "id"]
        constraints = [models.UniqueConstraint(fields=["station", "date"], name="receptionday_unique_date")]
        indexes = [models.Index(fields=["state", "date"])]

    def __str__(self) -> str:
        return f"{self.station} {self.date:%Y-%m-%d}"


class ReceptionQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ReceptionQuerySet:
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        scope = scope_of(user)
        q = Q(station__congress_id__in=scope.staff_read_congress_ids) | Q(station_id__in=scope.station_ids)
        if scope.has("deputy"):
            q |= Q(deputies__user_id=user.pk)
        return self.filter(q).distinct()


class Reception(models.Model):
    """接待选民: one visit (a person or a group) received by deputies at a station."""

    station = models.ForeignKey(
        "core.Organization", verbose_name=_("联络站"), on_delete=models.PROTECT, related_name="receptions"
    )
    reception_day = models.ForeignKey(
        ReceptionDay,
        verbose_name=_("接待日"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="receptions",
    )
    received_at = models.DateTimeField(_("接待时间"))
    deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("接待代表"), related_name="receptions"
    )
    visitor_name = models.CharField(_("来访人"), max_length=50, blank=True)
    visitor_phone = models.CharField(_("来访人电话(不公开)"), max_length=20, blank=True)
    visitor_count = models.PositiveSmallIntegerField(_("来访人数"), default=1)
    summary = models.TextField(_("接待情况"))
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReceptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("接待记录")
        verbose_name_plural = _("接待记录")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["station", "received_at"])]

    def __str__(self) -> str:
        return f"{self.station} {self.received_at:%Y-%m-%d}"


class ConstituentOpinion(models.Model):
    """社情民意: the kind data of a ``cases.Case`` of kind ``constituent_opinion``."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("案件"), on_delete=models.CASCADE, related_name="constituent_opinion"
    )
    channel = models.CharField(_("来源渠道"), max_length=20, choices=Channel.choices)
    station = models.ForeignKey(
        "core.Organization",
        verbose_name=_("联络站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("代表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="constituent_opinions",
    )
    township = models.ForeignKey(
        "core.Organization",
        verbose_name=_("乡镇(街道)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    topic = models.CharField(_("分类"), max_length=40, blank=True)
    submitter_name = models.CharField(_("姓名"), max_length=50, blank=True)
    submitter_phone = models.CharField(_("手机号(不公开)"), max_length=20, blank=True)
    tracking_number = models.CharField(_("查询码"), max_length=16, unique=True)
    rating_code_hash = models.CharField(max_length=128, blank=True, editable=False)
    reception = models.ForeignKey(
        Reception,
        verbose_name=_("接待记录"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opinions",
    )
    route = models.CharField(_("处理方式"), max_length=20, choices=Route.choices, blank=True)
    exclusion_code = models.CharField(_("不予受理情形"), max_length=40, blank=True)
    public_reason = models.TextField(_("告知群众的说明"), blank=True)
    spot_answer = models.TextField(_("当场答复"), blank=True)
    spot_answered_by = models.ForeignKey(
        USER, verbose_name=_("答复人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    spot_answered_at = models.DateTimeField(_("当场答复时间"), null=True, blank=True)
    related_case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("转成的代表建议"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_opinions",
    )
    citizen_rating = models.CharField(_("群众评价"), max_length=20, blank=True)
    citizen_rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    client_key = models.CharField(max_length=64, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("社情民意")
        verbose_name_plural = _("社情民意")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client_key", "content_hash", "created_at"])]

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.case.title}"


class PublicHit(models.Model):
    """One public request (submission, tracking look-up) of a hashed client address, for rate limits."""

    action = models.CharField(max_length=20)
    client_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("公众访问记录")
        verbose_name_plural = _("公众访问记录")
        indexes = [models.Index(fields=["action", "client_key", "created_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.created_at:%Y-%m-%d %H:%M}"
