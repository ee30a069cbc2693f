"""Deputies (people), their mandates in a congress and term, and deputy groups.

A ``Deputy`` is a person; a ``DeputyMandate`` ties the person to one congress and term (a person
may hold mandates at several levels: 五级代表). The performance record (activities,
points, training, funds, reports to voters, meeting requests) lives in ``records.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.choices import OrganizationKind

from .choices import (
    Education,
    Gender,
    MandateEndReason,
    OccupationCategory,
    PoliticalAffiliation,
    StandingCommitteePosition,
)
from .querysets import DeputyGroupQuerySet, DeputyMandateQuerySet, DeputyQuerySet


class Deputy(models.Model):
    """人大代表: one person, whatever the number of their mandates."""

    full_name = models.CharField(_("姓名"), max_length=50)
    # Blank while unknown (a roster without the column): the deputy is then 信息不完整.
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, default="汉族", blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    # Rosters often give the birth year and month only (1963年11月): then the day is the 1st.
    birth_day_unknown = models.BooleanField(_("出生日期只知年月"), default=False)
    party = models.CharField(
        _("政治面貌"),
        max_length=24,
        choices=PoliticalAffiliation.choices,
        default=PoliticalAffiliation.MASSES,
        blank=True,
    )
    education = models.CharField(_("文化程度"), max_length=16, choices=Education.choices, blank=True)
    occupation = models.CharField(_("工作单位及职务"), max_length=120, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, db_index=True)
    # 身份证号: encrypted at rest, with a keyed hash for uniqueness and search (see identity.py).
    id_number_encrypted = models.TextField(_("身份证号(加密)"), blank=True, editable=False)
    id_number_hash = models.CharField(_("身份证号索引"), max_length=64, blank=True, editable=False)
    has_fixed_income = models.BooleanField(_("有固定收入"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = DeputyQuerySet.as_manager()

    class Meta:
        verbose_name = _("人大代表")
        verbose_name_plural = _("人大代表")
        ordering = ["full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"], condition=~Q(id_number_hash=""), name="deputy_unique_id_number"
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def id_number(self) -> str:
        from .identity import decrypt

        return decrypt(self.id_number_encrypted)

    @property
    def id_number_masked(self) -> str:
        from .identity import mask

        return mask(self.id_number)


class DeputyGroup(models.Model):
    """代表小组: deputies of one congress organised for activities between sessions."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("所属人大"), on_delete=models.PROTECT, related_name="deputy_groups"
    )
    name = models.CharField(_("名称"), max_length=100)
    # The township (or other area) the group is organised in, when it has one.
    area = models.ForeignKey(
        "core.Organization",
        verbose_name=_("所在乡镇"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = DeputyGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("代表小组")
        verbose_name_plural = _("代表小组")
        ordering = ["congress", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="deputygroup_unique_name")]

    def __str__(self) -> str:
        return self.name


class DeputyMandate(models.Model):
    """A deputy's seat in one congress for one term (代表资格)."""

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="mandates"
    )
    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="mandates"
    )
    term = models.ForeignKey(
        "core.Term", verbose_name=_("届"), on_delete=models.PROTECT, related_name="mandates"
    )
    constituency = models.CharField(_("选区"), max_length=100, blank=True)
    delegation = models.CharField(_("代表团"), max_length=100, blank=True)
    group = models.ForeignKey(
        DeputyGroup,
        verbose_name=_("代表小组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mandates",
    )
    station = models.ForeignKey(
        "core.Organization",
        verbose_name=_("代表联络站"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="station_mandates",
        limit_choices_to={"kind": OrganizationKind.LIAISON_STATION},
    )
    occupation_category = models.CharField(
        _("职业构成"),
        max_length=16,
        choices=OccupationCategory.choices,
        default=OccupationCategory.OTHER,
        blank=True,  # not yet known (imported from a roster without it)
    )
    is_grassroots = models.BooleanField(_("基层代表"), default=False)
    is_reelected = models.BooleanField(_("连任代表"), default=False)
    # R13: a re-elected deputy proposed by the standing committee or the presidium (三分之一连任代表).
    nominated_by_committee = models.BooleanField(_("常委会(主席团)建议连任人选"), default=False)
    is_standing_committee_member = models.BooleanField(_("常委会组成人员"), default=False)
    is_full_time = models.BooleanField(_("专职"), default=False)
    has_legal_practice = models.BooleanField(_("有法治实践经验"), default=False)
    holds_leadership_post = models.BooleanField(_("担任领导职务"), default=False)
    sc_position = models.CharField(
        _("常委会职务"), max_length=24, choices=StandingCommitteePosition.choices, blank=True
    )
    # Unknown until filled in (a roster without it): the mandate then counts from the term's start.
    started_on = models.DateField(_("当选日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=16, choices=MandateEndReason.choices, blank=True)
    end_note = models.CharField(_("终止说明"), max_length=300, blank=True)
    remarks = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = DeputyMandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("代表资格")
        verbose_name_plural = _("代表资格")
        ordering = ["congress", "term", "deputy__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "congress", "term"],
                condition=Q(ended_on__isnull=True),
                name="mandate_unique_active",
            ),
            # An ended mandate says why; an active one has no reason.
            models.CheckConstraint(
                condition=(Q(ended_on__isnull=True) & Q(end_reason=""))
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="mandate_end_reason_with_end",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="mandate_dates_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["congress", "term"]),
            models.Index(fields=["station"]),
        ]

    def __str__(self) -> str:
        return f"{self.deputy} · {self.congress}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    @property
    def missing_info(self) -> list[str]:
        """信息不完整: what this mandate and its person still lack (see ``completeness``)."""
        from .completeness import missing_of

        return missing_of(self)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.term_id and self.congress_id and self.term.congress_id != self.congress_id:
            errors["term"] = _("届次必须属于该人大。")
        if self.group_id and self.congress_id and self.group.congress_id != self.congress_id:
            errors["group"] = _("代表小组必须属于该人大。")
        if self.station_id and self.station.kind != OrganizationKind.LIAISON_STATION:
            errors["station"] = _("所选机构不是代表联络站。")
        if errors:
            raise ValidationError(errors)


from .records import (  # noqa: E402,F401 - the record models belong to this app's models module
    Activity,
    ActivityAttachment,
    ActivityParticipation,
    ExitWarning,
    FundEntry,
    MeetingRequest,
    PointBalance,
    PointRule,
    RankingPublication,
    VoterRatingCode,
    VoterReport,
)
