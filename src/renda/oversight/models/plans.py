"""Models of the oversight area `plans`: the yearly supervision plan and its instruments.

- ``SupervisionPlan`` / ``PlanItem`` — 年度监督工作计划 and its items by instrument;
- ``RectificationItem`` — 整改事项, the one-to-one data of the case kind ``rectification_item``;
- ``Inspection`` (+ members, visits) — 执法检查;
- ``Inquiry`` (+ questions) — 专题询问;
- ``Interpellation`` (+ signatures) — 质询;
- ``Investigation`` (+ hearings) — 特定问题调查;
- ``Evaluation`` (+ activities, scores) — 工作评议 of departments and 述职评议 of appointees.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "Evaluation",
    "EvaluationActivity",
    "EvaluationScore",
    "Inquiry",
    "InquiryQuestion",
    "Inspection",
    "InspectionMember",
    "InspectionVisit",
    "Interpellation",
    "InterpellationSignature",
    "Investigation",
    "InvestigationHearing",
    "PlanItem",
    "RectificationItem",
    "SupervisionPlan",
]

USER = settings.AUTH_USER_MODEL


class PlanState(models.TextChoices):
    DRAFT = "draft", _("草拟")
    ADOPTED = "adopted", _("主任会议通过")
    PUBLISHED = "published", _("已公开")


class Instrument(models.TextChoices):
    SPECIAL_REPORT = "special_report", _("听取审议专项工作报告")
    PLAN_BUDGET = "plan_budget", _("计划、预算、决算和审计工作报告")
    INSPECTION = "inspection", _("执法检查")
    INQUIRY = "inquiry", _("专题询问")
    EVALUATION = "evaluation", _("工作评议")
    INVESTIGATION = "investigation", _("特定问题调查")
    INTERPELLATION = "interpellation", _("质询")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class SupervisionPlan(models.Model):
    """年度监督工作计划: one per congress and year, adopted by the chairpersons' meeting."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="supervision_plans"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("说明"), blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=PlanState.choices, default=PlanState.DRAFT)
    adopted_on = models.DateField(_("通过日期"), null=True, blank=True)
    adopted_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("通过会议"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    adopted_meeting_name = models.CharField(_("通过会议名称"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("监督工作计划")
        verbose_name_plural = _("监督工作计划")
        ordering = ["-year", "congress_id"]
        constraints = [models.UniqueConstraint(fields=["congress", "year"], name="oversight_plan_one_a_year")]

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    """One item of the plan: an instrument applied to a subject by a committee at a target meeting."""

    plan = models.ForeignKey(
        SupervisionPlan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    instrument = models.CharField(_("监督方式"), max_length=20, choices=Instrument.choices)
    title = models.CharField(_("事项"), max_length=300)
    laws = models.CharField(_("检查的法律法规"), max_length=300, blank=True)
    committee = models.ForeignKey(
        "core.Organization", verbose_name=_("责任委员会"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        "core.Organization",
        verbose_name=_("监督对象"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    planned_month = models.PositiveSmallIntegerField(_("计划月份"), null=True, blank=True)
    target_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("拟提请会议"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("监督计划事项")
        verbose_name_plural = _("监督计划事项")
        ordering = ["plan_id", "order", "id"]

    def __str__(self) -> str:
        return self.title


class RectificationItem(models.Model):
    """整改事项: the one-to-one data of a ``rectification_item`` case, raised by any oversight instrument."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="rectification")
    origin_kind = models.CharField(_("来源类别"), max_length=40, db_index=True)
    origin_id = models.PositiveBigIntegerField(_("来源"), null=True, blank=True)
    unit = models.ForeignKey(
        "core.Organization", verbose_name=_("整改单位"), on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(_("整改期限"))

    class Meta:
        verbose_name = _("整改事项")
        verbose_name_plural = _("整改事项")
        indexes = [models.Index(fields=["origin_kind", "origin_id"])]

    def __str__(self) -> str:
        return self.case.title


class InspectionState(models.TextChoices):
    PREPARING = "preparing", _("准备")
    INSPECTING = "inspecting", _("检查中")
    REPORTED = "reported", _("已向常委会报告")
    CLOSED = "closed", _("整改完成")


class Inspection(models.Model):
    """执法检查 of one law (and the articles in focus)."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("计划事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
    )
    law = models.CharField(_("检查的法律法规"), max_length=200)
    articles = models.CharField(_("重点条款"), max_length=300, blank=True)
    committee = models.ForeignKey(
        "core.Organization", verbose_name=_("牵头委员会"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.ForeignKey(
        "core.Organization", verbose_name=_("被检查单位"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    findings = models.TextField(_("发现的问题"), blank=True)
    report = models.TextField(_("执法检查报告"), blank=True)
    report_meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("报告会议"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    reported_on = models.DateField(_("报告日期"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=InspectionState.choices, default=InspectionState.PREPARING
    )
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("执法检查")
        verbose_name_plural = _("执法检查")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return f"{self.year}年《{self.law}》执法检查"


class MemberCapacity(models.TextChoices):
    LEADER = "leader", _("组长")
    MEMBER = "member", _("组成人员")
    DEPUTY = "deputy", _("特邀代表")
    EXPERT = "expert", _("专家")


class InspectionMember(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("姓名"), max_length=50)
    user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    capacity = models.CharField(_("身份"), max_length=16, choices=MemberCapacity.choices)

    class Meta:
        verbose_name = _("检查组成员")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.name)


class InspectionVisit(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200)
    notes = models.TextField(_("情况"), blank=True)

    class Meta:
        verbose_name = _("检查行程")
        ordering = ["visited_on", "id"]

    def __str__(self) -> str:
        return str(self.place)


class InquiryState(models.TextChoices):
    PREPARING = "preparing", _("准备")
    HELD = "held", _("已询问")
    CLOSED = "closed", _("已结束")


class Inquiry(models.Model):
    """专题询问 at a standing-committee meeting."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("计划事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inquiries",
    )
    topic = models.CharField(_("询问主题"), max_length=200)
    body = models.ForeignKey(
        "core.Organization", verbose_name=_("被询问单位"), on_delete=models.PROTECT, related_name="+"
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("询问会议"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    held_on = models.DateField(_("询问日期"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=InquiryState.choices, default=InquiryState.PREPARING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("专题询问")
        verbose_name_plural = _("专题询问")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.topic


class InquiryQuestion(models.Model):
    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="questions")
    asker_name = models.CharField(_("提问人"), max_length=50)
    asker_capacity = models.CharField(_("提问人身份"), max_length=16, choices=MemberCapacity.choices)
    question = models.TextField(_("问题"))
    answerer = models.CharField(_("应询人"), max_length=100, blank=True)
    answer = models.TextField(_("回答"), blank=True)
    answered_at = models.DateTimeField(_("回答时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("询问问题")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.asker_name)


class InterpellationState(models.TextChoices):
    SUBMITTED = "submitted", _("已提出")
    ADMITTED = "admitted", _("已交受质询机关")
    REJECTED = "rejected", _("不予受理")
    ANSWERED = "answered", _("已答复")
    REANSWERING = "reanswering", _("再次答复")
    CLOSED = "closed", _("已办结")


class Interpellation(models.Model):
    """质询案: a motion signed by members or deputies, the body questioned, the answer, satisfaction."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("计划事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(_("质询案"), max_length=200)
    body = models.ForeignKey(
        "core.Organization", verbose_name=_("受质询机关"), on_delete=models.PROTECT, related_name="+"
    )
    questions = models.TextField(_("质询的问题和内容"))
    at_plenary = models.BooleanField(_("在代表大会会议期间提出"), default=False)
    state = models.CharField(
        _("状态"), max_length=16, choices=InterpellationState.choices, default=InterpellationState.SUBMITTED
    )
    rejected_reason = models.CharField(_("不予受理理由"), max_length=300, blank=True)
    answer_meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("答复会议"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    answer = models.TextField(_("答复"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    satisfied = models.PositiveSmallIntegerField(_("满意人数"), null=True, blank=True)
    dissatisfied = models.PositiveSmallIntegerField(_("不满意人数"), null=True, blank=True)
    second_answer = models.TextField(_("再次答复"), blank=True)
    second_answered_on = models.DateField(_("再次答复日期"), null=True, blank=True)
    second_satisfied = models.PositiveSmallIntegerField(_("再次答复满意人数"), null=True, blank=True)
    second_dissatisfied = models.PositiveSmallIntegerField(_("再次答复不满意人数"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("质询案")
        verbose_name_plural = _("质询案")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.subject


class InterpellationSignature(models.Model):
    interpellation = models.ForeignKey(Interpellation, on_delete=models.CASCADE, related_name="signatures")
    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(_("联名时间"))

    class Meta:
        verbose_name = _("质询联名")
        constraints = [
            models.UniqueConstraint(
                fields=["interpellation", "user"], name="oversight_interpellation_sign_once"
            )
        ]

    def __str__(self) -> str:
        return str(str(self.user_id))


class InvestigationState(models.TextChoices):
    ESTABLISHED = "established", _("调查委员会成立")
    INVESTIGATING = "investigating", _("调查中")
    REPORTED = "reported", _("已提出调查报告")
    RESOLVED = "resolved", _("已作出决议")


class Investigation(models.Model):
    """特定问题调查: a committee of inquiry with its mandate, hearings, report and the resolution."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("计划事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    question = models.CharField(_("调查的特定问题"), max_length=200)
    committee_name = models.CharField(_("调查委员会"), max_length=100)
    chair_name = models.CharField(_("主任委员"), max_length=50)
    committee_members = models.TextField(_("委员"), blank=True)
    mandate = models.TextField(_("调查任务和权限"))
    established_on = models.DateField(_("成立日期"))
    report = models.TextField(_("调查报告"), blank=True)
    reported_on = models.DateField(_("报告日期"), null=True, blank=True)
    resolution = models.TextField(_("决议"), blank=True)
    resolved_on = models.DateField(_("决议日期"), null=True, blank=True)
    resolution_meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("决议会议"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    state = models.CharField(
        _("状态"), max_length=16, choices=InvestigationState.choices, default=InvestigationState.ESTABLISHED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("特定问题调查")
        verbose_name_plural = _("特定问题调查")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.question


class InvestigationHearing(models.Model):
    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField(_("日期"))
    witness = models.CharField(_("陈述人"), max_length=100)
    summary = models.TextField(_("情况"))

    class Meta:
        verbose_name = _("调查听证")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return str(self.witness)


class EvaluationKind(models.TextChoices):
    DEPARTMENT = "department", _("工作评议")
    APPOINTEE = "appointee", _("述职评议")


class EvaluationState(models.TextChoices):
    PREPARING = "preparing", _("准备")
    SURVEYING = "surveying", _("调查视察")
    SCORING = "scoring", _("满意度测评中")
    SCORED = "scored", _("测评结束")
    PUBLISHED = "published", _("结果已公开")


class Evaluation(models.Model):
    """工作评议 of a government department, or 述职评议 of an appointee, in a year."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类别"), max_length=16, choices=EvaluationKind.choices)
    plan_item = models.ForeignKey(
        PlanItem,
        verbose_name=_("计划事项"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    department = models.ForeignKey(
        "core.Organization", verbose_name=_("被评议部门"), on_delete=models.PROTECT, related_name="+"
    )
    appointee_name = models.CharField(_("述职人"), max_length=50, blank=True)
    appointee_post = models.CharField(_("职务"), max_length=100, blank=True)
    appointee_user = models.ForeignKey(
        USER, verbose_name=_("述职人账号"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    self_report = models.TextField(_("自查报告/述职报告"), blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("评议会议"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    meeting_on = models.DateField(_("评议日期"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=EvaluationState.choices, default=EvaluationState.PREPARING
    )
    average = models.DecimalField(_("平均分"), max_digits=5, decimal_places=2, null=True, blank=True)
    score_count = models.PositiveIntegerField(_("测评人数"), default=0)
    rank = models.PositiveSmallIntegerField(_("名次"), null=True, blank=True)
    result_note = models.TextField(_("评议意见"), blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("工作评议")
        verbose_name_plural = _("工作评议")
        ordering = ["-year", "rank", "id"]

    def __str__(self) -> str:
        if self.kind == EvaluationKind.APPOINTEE:
            return f"{self.year}年{self.appointee_name}({self.appointee_post})述职评议"
        return f"{self.year}年{self.department.name}工作评议"


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("代表走访视察")
    SURVEY = "survey", _("问卷调查")
    HEARING = "hearing", _("座谈听取意见")


class EvaluationActivity(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("方式"), max_length=16, choices=ActivityKind.choices)
    held_on = models.DateField(_("日期"))
    participants = models.PositiveIntegerField(_("参加人数"), default=0)
    summary = models.TextField(_("情况和意见"))

    class Meta:
        verbose_name = _("评议调查")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class ScoreSource(models.TextChoices):
    SELF = "self", _("本人测评")
    PAPER = "paper", _("纸质录入")


class EvaluationScore(models.Model):
    """One member's or deputy's satisfaction score (0–100), on their own page or entered from paper."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    rater = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    rater_name = models.CharField(_("测评人"), max_length=50)
    sheet_number = models.CharField(_("测评表编号"), max_length=30, blank=True)
    score = models.PositiveSmallIntegerField(_("分数"))
    source = models.CharField(_("来源"), max_length=8, choices=ScoreSource.choices)
    entered_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    entered_at = models.DateTimeField(_("录入时间"))

    class Meta:
        verbose_name = _("测评分")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "rater"], condition=models.Q(rater__isnull=False),
                name="oversight_evaluation_score_once",
            ),
            models.UniqueConstraint(
                fields=["evaluation", "sheet_number"], condition=~models.Q(sheet_number=""),
                name="oversight_evaluation_sheet_once",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return str(self.rater_name)
