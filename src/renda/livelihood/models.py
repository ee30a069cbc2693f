"""A yearly programme of livelihood projects (民生实事项目) and its candidate projects.

The follow-up of each passed project is a case of kind ``livelihood_followup`` on the engine
(``CandidateProject.case``): the responsible unit's progress reports (percent done), the deputies'
inspection visits (``InspectionVisit``, photos as the case's attachments), the year-end report (the
unit's reply) and the deputies' satisfaction vote (rated into the case).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.models import Congress, Organization

from .choices import ProjectState, ProposerKind, Stage, TieRule


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> ProgrammeQuerySet:
        """Staff and leaders of the congress (and above), its deputies and the responsible units."""
        from renda.core.scopes import scope_of

        scope = scope_of(user)
        if scope.is_empty:
            return self.none()
        q = Q(congress_id__in=scope.staff_read_congress_ids)
        q |= Q(congress_id__in=scope.congress_ids_with("deputy"))
        if scope.unit_ids:
            q |= Q(projects__responsible_unit_id__in=scope.unit_ids)
        if scope.station_ids:
            q |= Q(congress__organizations__pk__in=scope.station_ids)
        return self.filter(q).distinct()


class LivelihoodProgramme(models.Model):
    congress = models.ForeignKey(
        Congress, verbose_name=_("人大"), on_delete=models.PROTECT, related_name="livelihood_programmes"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=200)
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices, default=Stage.COLLECTING)
    collect_starts_on = models.DateField(_("征集开始日期"), null=True, blank=True)
    collect_ends_on = models.DateField(_("征集截止日期"), null=True, blank=True)
    shortlisted_on = models.DateField(_("政府初定日期"), null=True, blank=True)
    presidium_on = models.DateField(_("主席团审议日期"), null=True, blank=True)
    voted_on = models.DateField(_("票决日期"), null=True, blank=True)
    implementation_started_on = models.DateField(_("开始实施日期"), null=True, blank=True)
    evaluation_on = models.DateField(_("满意度测评日期"), null=True, blank=True)
    finished_on = models.DateField(_("完成日期"), null=True, blank=True)
    seats = models.PositiveSmallIntegerField(_("票决项目数"), default=10)
    shortlist_size = models.PositiveSmallIntegerField(_("候选项目数"), default=15)
    pass_rule = models.CharField(_("通过规则"), max_length=40, default="majority_present")
    tie_rule = models.CharField(
        _("票数相同时"), max_length=20, choices=TieRule.choices, default=TieRule.RUNOFF
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("票决议程"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ballot = models.ForeignKey(
        "voting.Vote",
        verbose_name=_("票决"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    runoff = models.ForeignKey(
        "voting.Vote",
        verbose_name=_("再次投票"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    presidium_note = models.TextField(_("主席团审议意见"), blank=True)
    tie_note = models.TextField(_("票数相同的处理"), blank=True)
    created_at = models.DateTimeField(_("创建时间"))

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("民生实事项目年度票决")
        verbose_name_plural = _("民生实事项目年度票决")
        ordering = ["-year", "congress_id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "year"], name="livelihood_programme_unique_year")
        ]

    def __str__(self) -> str:
        return self.title

    def stage_date(self, stage: str) -> Any:
        """The day a stage took place (collection: its opening day; the range is on the page)."""
        return {
            Stage.COLLECTING: self.collect_starts_on,
            Stage.SHORTLISTING: self.shortlisted_on,
            Stage.PRESIDIUM: self.presidium_on,
            Stage.VOTING: self.voted_on,
            Stage.IMPLEMENTING: self.implementation_started_on,
            Stage.EVALUATING: self.evaluation_on,
            Stage.FINISHED: self.finished_on,
        }.get(stage)


class CandidateProject(models.Model):
    programme = models.ForeignKey(
        LivelihoodProgramme, verbose_name=_("年度票决"), on_delete=models.CASCADE, related_name="projects"
    )
    title = models.CharField(_("项目名称"), max_length=50)
    description = models.TextField(_("项目内容"))
    proposer_kind = models.CharField(_("提出方"), max_length=20, choices=ProposerKind.choices)
    proposer_name = models.CharField(_("提出人"), max_length=100, blank=True)
    proposer_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    proposer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    station = models.ForeignKey(
        Organization,
        verbose_name=_("联络站"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_unit = models.ForeignKey(
        Organization,
        verbose_name=_("责任单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="livelihood_projects",
    )
    budget = models.DecimalField(_("计划投资(万元)"), max_digits=12, decimal_places=2, default=Decimal("0"))
    state = models.CharField(
        _("状态"), max_length=20, choices=ProjectState.choices, default=ProjectState.PROPOSED
    )
    screening_note = models.CharField(_("甄别意见"), max_length=500, blank=True)
    votes = models.PositiveIntegerField(_("得票数"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("得票排名"), null=True, blank=True)
    is_major = models.BooleanField(_("列为重大民生议案"), default=False)
    case = models.OneToOneField(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="livelihood_project"
    )
    evaluation = models.ForeignKey(
        "voting.Vote",
        verbose_name=_("满意度测评"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    satisfaction = models.DecimalField(_("满意率(%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("提出时间"))
    client_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("民生实事候选项目")
        verbose_name_plural = _("民生实事候选项目")
        ordering = ["programme", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "title"], name="livelihood_project_unique_title")
        ]

    def __str__(self) -> str:
        return self.title


class InspectionVisit(models.Model):
    """代表视察: deputies visit a project under way; photos are the follow-up case's attachments."""

    project = models.ForeignKey(
        CandidateProject, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="inspections"
    )
    visited_on = models.DateField(_("视察日期"))
    deputies = models.CharField(_("参加代表"), max_length=300)
    findings = models.TextField(_("视察意见"))
    photos = models.ManyToManyField("cases.Attachment", blank=True, related_name="+", verbose_name=_("照片"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("代表视察")
        verbose_name_plural = _("代表视察")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.project.title} {self.visited_on}"
