"""Models of the oversight area `opinions`: deliberation opinions (审议意见, a case kind), the bodies'
research-and-handling reports of each round, the satisfaction ratings with their raw counts, the
versioned rating rules of each congress and the area's deadlines.

The workflow lives on the case engine (``renda.cases``): an ``Opinion`` is the kind's one-to-one row
of a ``Case`` of kind ``deliberation_opinion``; its states are the policy's (``policy_opinions.py``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__: list[str] = [
    "OpinionReportKind",
    "OpinionInstrument",
    "OpinionRatingSource",
    "OpinionVerdict",
    "Opinion",
    "OpinionReport",
    "OpinionRating",
    "OpinionSetting",
    "OpinionRuleVersion",
]


class OpinionReportKind(models.TextChoices):
    SPECIAL_WORK = "special_work", _("专项工作报告")
    PLAN = "plan", _("国民经济和社会发展计划执行情况报告")
    BUDGET = "budget", _("预算执行情况报告")
    FINAL_ACCOUNTS = "final_accounts", _("决算报告")
    AUDIT = "audit", _("审计工作报告")
    INSPECTION = "inspection", _("执法检查报告")
    APPOINTEE = "appointee", _("被任命人员履职报告")


class OpinionInstrument(models.TextChoices):
    INQUIRY = "inquiry", _("专题询问")
    INTERPELLATION = "interpellation", _("质询")
    INVESTIGATION = "investigation", _("特定问题调查")


class OpinionRatingSource(models.TextChoices):
    VOTE = "vote", _("电子表决")
    COUNTS = "counts", _("工作人员录入票数")


class OpinionVerdict(models.TextChoices):
    PASS = "pass", _("满意,通过")
    RECTIFY = "rectify", _("继续整改后再次报告")
    ESCALATE = "escalate", _("通报并建议启动更有力的监督方式")


class Opinion(models.Model):
    """审议意见: what the standing committee concluded on a report, assigned to the reporting body."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="oversight_opinion", verbose_name=_("案件")
    )
    report_kind = models.CharField(_("报告类别"), max_length=30, choices=OpinionReportKind.choices)
    report_title = models.CharField(_("审议的报告"), max_length=200)
    reporting_body = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="deliberation_opinions",
        verbose_name=_("报告机关"),
    )
    responsible_committee = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_opinions",
        verbose_name=_("负责的专门委员会或工作机构"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliberation_opinions",
        verbose_name=_("审议的会议"),
    )
    deliberated_on = models.DateField(_("审议日期"))
    # Where the opinion came from, for later areas (``("statutory_report", 12)``); empty when entered here.
    source_kind = models.CharField(_("来源类别"), max_length=40, blank=True)
    source_id = models.PositiveBigIntegerField(_("来源编号"), null=True, blank=True)
    remarks = models.TextField(_("组成人员审议发言摘要"), blank=True)
    text = models.TextField(_("审议意见正文"), blank=True)
    compile_due = models.DateField(_("整理期限"))
    submitted_at = models.DateTimeField(_("送签时间"), null=True, blank=True)
    signed_off_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签发人"),
    )
    letter_number = models.CharField(_("交办函文号"), max_length=60, blank=True)
    committee_comment = models.TextField(_("委员会对办理情况报告的意见"), blank=True)
    committee_commented_at = models.DateTimeField(_("提出意见时间"), null=True, blank=True)
    # A circular (通报) after a rating below the escalation line or a second failure, with the stronger
    # instrument proposed.
    circular_due = models.BooleanField(_("应予通报"), default=False)
    circular_text = models.TextField(_("通报内容"), blank=True)
    circular_issued_at = models.DateTimeField(_("通报时间"), null=True, blank=True)
    proposed_instrument = models.CharField(
        _("建议启动的监督方式"), max_length=20, choices=OpinionInstrument.choices, blank=True
    )

    class Meta:
        verbose_name = _("审议意见")
        verbose_name_plural = _("审议意见")
        ordering = ["-deliberated_on", "-pk"]
        indexes = [models.Index(fields=["source_kind", "source_id"])]

    def __str__(self) -> str:
        return self.case.title


class OpinionReport(models.Model):
    """One round's research-and-handling report (研究处理情况报告): the engine's reply, with the round,
    the deadline of that round and whether it came in late."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="reports")
    reply = models.OneToOneField(
        "cases.Reply", on_delete=models.CASCADE, related_name="opinion_report", verbose_name=_("报告")
    )
    round = models.PositiveSmallIntegerField(_("轮次"))
    deadline = models.DateField(_("报告期限"))
    reported_on = models.DateField(_("报告日期"))
    is_late = models.BooleanField(_("逾期报告"), default=False)

    class Meta:
        verbose_name = _("研究处理情况报告")
        verbose_name_plural = _("研究处理情况报告")
        ordering = ["opinion", "round", "pk"]

    def __str__(self) -> str:
        return f"{self.opinion_id}#{self.round}"

    @property
    def days_late(self) -> int:
        return max(0, (self.reported_on - self.deadline).days)


class OpinionRating(models.Model):
    """满意度测评 of a report: the raw counts, the rule and its version at the time, and the outcome, so
    any year's figures can be recomputed."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="ratings")
    report = models.ForeignKey(
        OpinionReport, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("测评的报告")
    )
    case_rating = models.OneToOneField(
        "cases.Rating", on_delete=models.PROTECT, related_name="opinion_rating", verbose_name=_("案件测评")
    )
    round = models.PositiveSmallIntegerField(_("轮次"))
    source = models.CharField(_("测评方式"), max_length=10, choices=OpinionRatingSource.choices)
    vote = models.ForeignKey(
        "voting.Vote",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("表决"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    satisfied = models.PositiveIntegerField(_("满意"))
    basically = models.PositiveIntegerField(_("基本满意"))
    dissatisfied = models.PositiveIntegerField(_("不满意"))
    blank = models.PositiveIntegerField(_("弃权或无效"))
    members = models.PositiveIntegerField(_("全体组成人员"))
    present = models.PositiveIntegerField(_("出席人数"))
    rule_code = models.CharField(_("测评规则"), max_length=40)
    rule_version = models.PositiveIntegerField(_("规则版本"))
    rule_params = models.JSONField(_("规则参数"), default=dict)
    verdict = models.CharField(_("测评结果"), max_length=10, choices=OpinionVerdict.choices)
    level = models.CharField(_("满意程度"), max_length=12, blank=True)
    percent = models.DecimalField(_("满意率(%)"), max_digits=5, decimal_places=2)
    escalated = models.BooleanField(_("通报并建议启动更有力监督"), default=False)
    rated_on = models.DateField(_("测评日期"))
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("录入人")
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("满意度测评")
        verbose_name_plural = _("满意度测评")
        ordering = ["-rated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.opinion_id}#{self.round} {self.percent}%"

    @property
    def cast(self) -> int:
        return self.satisfied + self.basically + self.dissatisfied + self.blank


class OpinionSetting(models.Model):
    """The area's deadlines for one congress (each a default the seeds name)."""

    congress = models.OneToOneField(
        "core.Congress", on_delete=models.CASCADE, related_name="opinion_setting", verbose_name=_("人大")
    )
    compile_working_days = models.PositiveSmallIntegerField(_("会后整理审议意见的工作日数"), default=7)
    report_months = models.PositiveSmallIntegerField(_("报告研究处理情况的期限(月)"), default=3)
    rehandle_months = models.PositiveSmallIntegerField(_("继续整改后再次报告的期限(月)"), default=2)

    class Meta:
        verbose_name = _("审议意见工作参数")
        verbose_name_plural = _("审议意见工作参数")

    def __str__(self) -> str:
        return f"{self.congress_id}"


class OpinionRuleVersion(models.Model):
    """The rating rule a congress applies from a date on: a registered rule (``ratingrules_opinions``)
    with its thresholds. A change is a new version; ratings keep the version they were made under."""

    congress = models.ForeignKey(
        "core.Congress",
        on_delete=models.CASCADE,
        related_name="opinion_rule_versions",
        verbose_name=_("人大"),
    )
    version = models.PositiveIntegerField(_("版本"))
    rule_code = models.CharField(_("测评规则"), max_length=40)
    params = models.JSONField(_("参数"), default=dict)
    effective_from = models.DateField(_("起用日期"))
    note = models.CharField(_("修订说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("设置人")
    )
    created_at = models.DateTimeField(_("设置时间"))

    class Meta:
        verbose_name = _("满意度测评规则版本")
        verbose_name_plural = _("满意度测评规则版本")
        ordering = ["congress", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "version"], name="oversight_opinion_rule_version")
        ]

    def __str__(self) -> str:
        return f"{self.rule_code} v{self.version}"
