"""Legislation (立法): plans, projects, draft versions kept article by article, readings, votes on
drafts, public comment periods and comments, approval and filing.

A project (立法项目) is the record from its proposal to the regulation in force: the body of law is the
projects whose state is ``in_force`` or ``amended``. Versions are append-only: an edited text is a new
``DraftVersion`` with its own ``Article`` rows, never an update of an earlier one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import (
    IN_FORCE_STATES,
    Adoption,
    ApprovalState,
    CampaignState,
    CleanupProposal,
    CommentSource,
    CommentStatus,
    ConsultationKind,
    EvaluationState,
    PlanKind,
    PlanState,
    ProjectCategory,
    ProjectSource,
    ProjectState,
    ReadingOrdinal,
    ReadingState,
    SolicitationKind,
    VoteOutcome,
    VoteScope,
)

USER = settings.AUTH_USER_MODEL


class LegislativePlan(models.Model):
    """立法规划 (several years) or 年度立法计划 (one year)."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="legislative_plans"
    )
    kind = models.CharField(_("类别"), max_length=12, choices=PlanKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("起始年度"))
    end_year = models.PositiveSmallIntegerField(_("截止年度"))
    parent = models.ForeignKey(
        "self", verbose_name=_("所属立法规划"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="yearly_plans",
    )  # fmt: skip
    description = models.TextField(_("编制说明"), blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=PlanState.choices, default=PlanState.DRAFT)
    meeting_id = models.PositiveBigIntegerField(_("提请表决的会议"), null=True, blank=True)
    adopted_on = models.DateField(_("通过日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("立法规划/计划")
        verbose_name_plural = _("立法规划/计划")
        ordering = ["-start_year", "kind", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def year_label(self) -> str:
        if self.start_year == self.end_year:
            return f"{self.start_year}年"
        return f"{self.start_year}—{self.end_year}年"


class LegislativeProject(models.Model):
    """立法项目: from its proposal to the regulation in force (and its amendment or repeal)."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="legislative_projects"
    )
    title = models.CharField(_("项目名称"), max_length=200)
    source = models.CharField(_("项目来源"), max_length=12, choices=ProjectSource.choices)
    proposer_name = models.CharField(_("提出人/单位"), max_length=100)
    proposer_contact = models.CharField(_("联系方式"), max_length=60, blank=True)  # never public
    reason = models.TextField(_("立项理由和主要内容"))
    drafting_body = models.CharField(_("起草单位"), max_length=120, blank=True)
    responsible_committee = models.ForeignKey(
        "core.Organization", verbose_name=_("牵头委员会"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="legislative_projects",
    )  # fmt: skip
    target_readings = models.PositiveSmallIntegerField(_("计划审议次数"), default=3)
    plan = models.ForeignKey(
        LegislativePlan, verbose_name=_("年度立法计划"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="projects",
    )  # fmt: skip
    program = models.ForeignKey(
        LegislativePlan, verbose_name=_("立法规划"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="program_projects",
    )  # fmt: skip
    category = models.CharField(_("项目类别"), max_length=12, choices=ProjectCategory.choices, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=ProjectState.choices, default=ProjectState.PROPOSED
    )
    needs_approval = models.BooleanField(_("须报请批准"), default=True)
    study_note = models.TextField(_("立项论证意见"), blank=True)
    passed_on = models.DateField(_("通过日期"), null=True, blank=True)
    promulgated_on = models.DateField(_("公布日期"), null=True, blank=True)
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    amended_on = models.DateField(_("修正日期"), null=True, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    change_note = models.TextField(_("修改或废止说明"), blank=True)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("立法项目")
        verbose_name_plural = _("立法项目")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["congress", "state"])]

    def __str__(self) -> str:
        return self.title

    @property
    def in_force(self) -> bool:
        return self.state in IN_FORCE_STATES

    def latest_version(self) -> DraftVersion | None:
        return self.versions.order_by("-number").first()


class DraftVersion(models.Model):
    """One version of the draft text (征求意见稿、一审稿……), never changed once saved."""

    project = models.ForeignKey(
        LegislativeProject, verbose_name=_("立法项目"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("版本号"))
    label = models.CharField(_("版本名称"), max_length=60)
    text = models.TextField(_("草案文本"))
    explanation = models.TextField(_("起草说明"), blank=True)
    review_report = models.TextField(_("审查报告/审议结果报告"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("草案版本")
        verbose_name_plural = _("草案版本")
        ordering = ["project", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="draft_version_unique")]

    def __str__(self) -> str:
        return f"{self.project.title}({self.label})"


class Article(models.Model):
    """One article (第N条) of a version; ``number`` 0 is the text before the first article."""

    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="articles")
    number = models.PositiveSmallIntegerField(_("条号"))
    heading = models.CharField(_("条目"), max_length=20)
    chapter = models.CharField(_("章节"), max_length=100, blank=True)
    text = models.TextField(_("条文"))

    class Meta:
        verbose_name = _("条文")
        verbose_name_plural = _("条文")
        ordering = ["version", "number"]
        constraints = [models.UniqueConstraint(fields=["version", "number"], name="article_unique")]

    def __str__(self) -> str:
        return self.heading


class Reading(models.Model):
    """一审、二审、三审: the draft on a standing-committee meeting's agenda."""

    project = models.ForeignKey(LegislativeProject, on_delete=models.CASCADE, related_name="readings")
    ordinal = models.PositiveSmallIntegerField(_("审次"), choices=ReadingOrdinal.choices)
    version = models.ForeignKey(DraftVersion, verbose_name=_("审议稿"), on_delete=models.PROTECT)
    meeting_id = models.PositiveBigIntegerField(_("会议"))
    agenda_item_id = models.PositiveBigIntegerField(_("议程"), unique=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=ReadingState.choices, default=ReadingState.SCHEDULED
    )
    unified_report = models.TextField(_("法制委员会统一审议报告"), blank=True)
    held_on = models.DateField(_("审议日期"), null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("审议")
        verbose_name_plural = _("审议")
        ordering = ["project", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["project", "ordinal"], name="reading_unique")]

    def __str__(self) -> str:
        return f"{self.project.title}·{self.get_ordinal_display()}"


class ReadingRemark(models.Model):
    """A member's remark at a reading, on the whole draft (article empty) or on one article."""

    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="remarks")
    member = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    article_number = models.PositiveSmallIntegerField(_("条号"), null=True, blank=True)
    text = models.TextField(_("审议意见"))
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("审议意见")
        verbose_name_plural = _("审议意见")
        ordering = ["reading", "article_number", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:30]


class DraftVote(models.Model):
    """A vote on a draft at a reading: the whole text, or one article voted on separately."""

    reading = models.ForeignKey(Reading, on_delete=models.CASCADE, related_name="votes")
    scope = models.CharField(_("表决范围"), max_length=8, choices=VoteScope.choices)
    article_number = models.PositiveSmallIntegerField(_("条号"), null=True, blank=True)
    basis = models.CharField(_("单独表决的依据"), max_length=200, blank=True)
    vote_id = models.PositiveBigIntegerField(_("表决"), null=True, blank=True)
    outcome = models.CharField(
        _("表决结果"), max_length=8, choices=VoteOutcome.choices, default=VoteOutcome.PENDING
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("草案表决")
        verbose_name_plural = _("草案表决")
        ordering = ["reading", "pk"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}:{self.get_outcome_display()}"


class CommentPeriod(models.Model):
    """开门立法: a version published on the portal for comment from ``opens_on`` to ``closes_on``."""

    project = models.ForeignKey(LegislativeProject, on_delete=models.CASCADE, related_name="comment_periods")
    version = models.ForeignKey(DraftVersion, verbose_name=_("征求意见稿"), on_delete=models.PROTECT)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    notice = models.TextField(_("征求意见公告"), blank=True)
    answer = models.TextField(_("意见采纳情况的总体说明"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("征求意见")
        verbose_name_plural = _("征求意见")
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.project.title}(征求意见)"

    def window(self) -> tuple[dt.datetime, dt.datetime]:
        """The first and the moment after the last instant of the period, local time."""
        from django.utils import timezone

        tz = timezone.get_default_timezone()
        start = dt.datetime.combine(self.opens_on, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.closes_on + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return start, end

    def is_open_at(self, moment: dt.datetime) -> bool:
        start, end = self.window()
        return start <= moment < end


class Comment(models.Model):
    """One comment on a draft: from the public (portal), a deputy, a contact point, an organisation."""

    period = models.ForeignKey(CommentPeriod, on_delete=models.CASCADE, related_name="comments")
    source = models.CharField(_("来源"), max_length=16, choices=CommentSource.choices)
    article_number = models.PositiveSmallIntegerField(_("条号"), null=True, blank=True)
    author_name = models.CharField(_("姓名或单位"), max_length=100, blank=True)
    author_contact = models.CharField(_("联系方式"), max_length=60, blank=True)  # never public
    body = models.TextField(_("意见内容"))
    status = models.CharField(
        _("筛选"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    adoption = models.CharField(
        _("采纳情况"), max_length=12, choices=Adoption.choices, blank=True, default=""
    )
    adoption_note = models.TextField(_("采纳说明"), blank=True)
    client_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("立法意见")
        verbose_name_plural = _("立法意见")
        ordering = ["period", "article_number", "created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:30]


class Approval(models.Model):
    """报请批准 and 备案 of a regulation passed by a city or an autonomous county's congress."""

    project = models.OneToOneField(LegislativeProject, on_delete=models.CASCADE, related_name="approval")
    state = models.CharField(_("状态"), max_length=10, choices=ApprovalState.choices)
    approving_body = models.CharField(_("批准机关"), max_length=100)
    reported_on = models.DateField(_("报请日期"))
    report_document = models.CharField(_("报请文件(文号)"), max_length=120)
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    approval_document = models.CharField(_("批准文件(文号)"), max_length=120, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    filing_document = models.CharField(_("备案报告(文号)"), max_length=120, blank=True)
    filed_with = models.CharField(_("备案机关"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("报批备案")
        verbose_name_plural = _("报批备案")

    def __str__(self) -> str:
        return f"{self.project.title}(报批)"


class ContactPoint(models.Model):
    """基层立法联系点: a village, a community, an enterprise or an association that collects opinions."""

    congress = models.ForeignKey(
        "core.Congress", on_delete=models.PROTECT, related_name="legislative_contact_points"
    )
    name = models.CharField(_("名称"), max_length=100)
    host = models.CharField(_("依托单位"), max_length=120)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    established_on = models.DateField(_("设立日期"), null=True, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("基层立法联系点")
        verbose_name_plural = _("基层立法联系点")
        ordering = ["congress", "name"]
        constraints = [models.UniqueConstraint(fields=["congress", "name"], name="contact_point_unique")]

    def __str__(self) -> str:
        return self.name


class ContactPointMember(models.Model):
    """A member of a contact point (信息员、联络员): the phone is never public."""

    point = models.ForeignKey(ContactPoint, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    capacity = models.CharField(_("身份"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("联系点成员")
        verbose_name_plural = _("联系点成员")
        ordering = ["point", "pk"]

    def __str__(self) -> str:
        return self.name


class Solicitation(models.Model):
    """A draft sent for opinions: to a contact point, to an organisation by letter, to a deputy."""

    period = models.ForeignKey(CommentPeriod, on_delete=models.CASCADE, related_name="solicitations")
    kind = models.CharField(_("对象类别"), max_length=16, choices=SolicitationKind.choices)
    point = models.ForeignKey(
        ContactPoint, null=True, blank=True, on_delete=models.PROTECT, related_name="solicitations"
    )
    addressee = models.CharField(_("征求对象"), max_length=120)
    sent_on = models.DateField(_("发出日期"))
    due_on = models.DateField(_("反馈期限"))
    returned_on = models.DateField(_("反馈日期"), null=True, blank=True)
    return_note = models.TextField(_("反馈情况"), blank=True)

    class Meta:
        verbose_name = _("书面征求意见")
        verbose_name_plural = _("书面征求意见")
        ordering = ["period", "kind", "addressee"]

    def __str__(self) -> str:
        return self.addressee


class Expert(models.Model):
    """专家顾问 / 智库: the congress's registry of experts (contact kept private)."""

    congress = models.ForeignKey(
        "core.Congress", on_delete=models.PROTECT, related_name="legislative_experts"
    )
    name = models.CharField(_("姓名"), max_length=50)
    field = models.CharField(_("专业领域"), max_length=100)
    affiliation = models.CharField(_("工作单位"), max_length=120)
    title = models.CharField(_("职称职务"), max_length=60, blank=True)
    term_start = models.DateField(_("聘期开始"))
    term_end = models.DateField(_("聘期结束"))
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.CharField(_("电子邮箱"), max_length=100, blank=True)
    is_active = models.BooleanField(_("在聘"), default=True)

    class Meta:
        verbose_name = _("立法专家")
        verbose_name_plural = _("立法专家")
        ordering = ["congress", "field", "name"]

    def __str__(self) -> str:
        return self.name


class Consultation(models.Model):
    """A hearing, an expert consultation meeting, a written consultation or a third-party evaluation."""

    project = models.ForeignKey(LegislativeProject, on_delete=models.CASCADE, related_name="consultations")
    kind = models.CharField(_("方式"), max_length=16, choices=ConsultationKind.choices)
    subject = models.CharField(_("议题"), max_length=200)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=120, blank=True)
    commissioned = models.CharField(_("受托第三方"), max_length=120, blank=True)
    fee = models.DecimalField(_("委托费用(元)"), max_digits=10, decimal_places=2, default=0)
    summary = models.TextField(_("情况和结论"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("立法协商论证")
        verbose_name_plural = _("立法协商论证")
        ordering = ["project", "held_on", "pk"]

    def __str__(self) -> str:
        return self.subject


class ExpertOpinion(models.Model):
    """An expert's written opinion in a consultation, and the fee paid for it (咨询费)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="opinions")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="opinions")
    text = models.TextField(_("书面意见"))
    fee = models.DecimalField(_("咨询费(元)"), max_digits=8, decimal_places=2, default=0)
    received_on = models.DateField(_("收到日期"))

    class Meta:
        verbose_name = _("专家意见")
        verbose_name_plural = _("专家意见")
        ordering = ["consultation", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "expert"], name="expert_opinion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.expert.name}:{self.text[:20]}"


class CleanupCampaign(models.Model):
    """法规清理: a review of the regulations in force; its conclusions repeal or list for amendment."""

    congress = models.ForeignKey(
        "core.Congress", on_delete=models.PROTECT, related_name="legislative_cleanups"
    )
    title = models.CharField(_("名称"), max_length=200)
    reason = models.TextField(_("清理依据"), blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=CampaignState.choices, default=CampaignState.OPEN
    )
    started_on = models.DateField(_("开始日期"))
    concluded_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("法规清理")
        verbose_name_plural = _("法规清理")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class CleanupItem(models.Model):
    campaign = models.ForeignKey(CleanupCampaign, on_delete=models.CASCADE, related_name="items")
    regulation = models.ForeignKey(LegislativeProject, on_delete=models.PROTECT, related_name="cleanup_items")
    proposal = models.CharField(_("清理意见"), max_length=8, choices=CleanupProposal.choices)
    reason = models.TextField(_("理由"))

    class Meta:
        verbose_name = _("清理意见")
        verbose_name_plural = _("清理意见")
        ordering = ["campaign", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "regulation"], name="cleanup_item_unique")]

    def __str__(self) -> str:
        return f"{self.regulation.title}:{self.get_proposal_display()}"


class PostEvaluation(models.Model):
    """立法后评估 of a regulation in force (by the committee, or commissioned to a third party)."""

    regulation = models.ForeignKey(LegislativeProject, on_delete=models.PROTECT, related_name="evaluations")
    evaluator = models.CharField(_("评估主体"), max_length=120)
    started_on = models.DateField(_("开始日期"))
    state = models.CharField(
        _("状态"), max_length=10, choices=EvaluationState.choices, default=EvaluationState.ONGOING
    )
    finished_on = models.DateField(_("完成日期"), null=True, blank=True)
    conclusion = models.TextField(_("评估结论"), blank=True)
    recommendation = models.CharField(
        _("评估建议"), max_length=8, choices=CleanupProposal.choices, blank=True
    )

    class Meta:
        verbose_name = _("立法后评估")
        verbose_name_plural = _("立法后评估")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.regulation.title}(立法后评估)"


def article_label(number: int | None) -> Any:
    from .articles import heading_of

    return heading_of(number) if number else _("草案整体")
