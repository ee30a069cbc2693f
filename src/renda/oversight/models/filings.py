"""Models of the oversight area `filings`: filing review of normative documents (备案审查) and
appointments and removals (人事任免). See ``docs/oversight-filings.md``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__: list[str] = [
    "FilingSetting",
    "Filing",
    "FilingFile",
    "ClauseRule",
    "ClauseFlag",
    "ReviewRequest",
    "SpecialReview",
    "Appointment",
]


class FilingSetting(models.Model):
    """Per congress: the filing and review periods and the appointment exam's pass mark."""

    congress = models.OneToOneField(
        "core.Congress", on_delete=models.CASCADE, related_name="filing_setting", verbose_name=_("人大")
    )
    filing_days = models.PositiveSmallIntegerField(_("公布后报送备案期限(日)"), default=30)
    review_days = models.PositiveSmallIntegerField(_("主动审查期限(日)"), default=60)
    request_answer_days = models.PositiveSmallIntegerField(_("审查建议反馈期限(日)"), default=60)
    correction_days = models.PositiveSmallIntegerField(_("纠正期限(日)"), default=60)
    exam_pass_mark = models.PositiveSmallIntegerField(_("任前法律考试合格分"), default=60)
    exam_full_mark = models.PositiveSmallIntegerField(_("任前法律考试满分"), default=100)
    # The body whose staff review filings (法制工作委员会); empty: every staff member of the congress.
    legal_committee = models.ForeignKey(
        "core.Organization", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("负责备案审查的工作机构"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("备案审查与任免设置")
        verbose_name_plural = _("备案审查与任免设置")

    def __str__(self) -> str:
        return f"{self.congress} 备案审查与任免设置"


class FilingState(models.TextChoices):
    SUBMITTED = "submitted", _("待审查")
    REVIEWING = "reviewing", _("审查中")
    FILED = "filed", _("予以备案")
    CORRECTION_ASKED = "correction_asked", _("要求补正")
    RETURNED = "returned", _("退回")
    CORRECTION_DEMANDED = "correction_demanded", _("要求纠正或撤销")
    CORRECTED = "corrected", _("已纠正")


OPEN_FILING_STATES = (FilingState.SUBMITTED, FilingState.REVIEWING)


class FilingOutcome(models.TextChoices):
    FILED = "filed", _("予以备案")
    CORRECTION_ASKED = "correction_asked", _("要求补正备案材料")
    RETURNED = "returned", _("不予备案,退回")
    CORRECT = "correct", _("要求纠正")
    REVOKE = "revoke", _("要求撤销")


class Filing(models.Model):
    """One normative document filed by the government, a department or a township congress."""

    congress = models.ForeignKey(
        "core.Congress", on_delete=models.PROTECT, related_name="filings", verbose_name=_("审查机关")
    )
    filing_body = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="filings", verbose_name=_("报备机关")
    )
    title = models.CharField(_("文件名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=60)
    published_on = models.DateField(_("公布日期"))
    effective_on = models.DateField(_("施行日期"), null=True, blank=True)
    text = models.TextField(_("正文"))
    filed_at = models.DateTimeField(_("报备时间"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("报备人")
    )
    due_on = models.DateField(_("报备期限"))
    is_late = models.BooleanField(_("逾期报备"), default=False)
    late_days = models.PositiveIntegerField(_("逾期天数"), default=0)
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="later_versions",
        verbose_name=_("此前版本"),
    )  # fmt: skip
    state = models.CharField(
        _("状态"), max_length=24, choices=FilingState.choices, default=FilingState.SUBMITTED
    )
    review_due_on = models.DateField(_("审查期限"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("审查人"),
    )  # fmt: skip
    review_started_at = models.DateTimeField(_("开始审查"), null=True, blank=True)
    outcome = models.CharField(_("审查结论"), max_length=20, choices=FilingOutcome.choices, blank=True)
    opinion = models.TextField(_("审查意见"), blank=True)
    decided_at = models.DateTimeField(_("审查完成时间"), null=True, blank=True)
    correction_case = models.OneToOneField(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="filing",
        verbose_name=_("纠正督办"),
    )  # fmt: skip
    corrected_at = models.DateTimeField(_("纠正完成时间"), null=True, blank=True)
    is_published = models.BooleanField(_("在文件库公开"), default=False)
    special_reviews = models.ManyToManyField(
        "oversight.SpecialReview", blank=True, related_name="filings", verbose_name=_("专项审查")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("备案文件")
        verbose_name_plural = _("备案文件")
        ordering = ["-filed_at", "-pk"]
        indexes = [
            models.Index(fields=["congress", "state"]),
            models.Index(fields=["congress", "published_on"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_FILING_STATES

    def review_overdue_on(self, day: dt.date) -> bool:
        return self.is_open and day > self.review_due_on


class FilingFileRole(models.TextChoices):
    DOCUMENT = "document", _("规范性文件文本")
    REPORT = "report", _("备案报告")
    EXPLANATION = "explanation", _("起草说明")
    SUPPLEMENT = "supplement", _("补充材料")


def _filing_file_path(instance: FilingFile, filename: str) -> str:
    from renda.documents.uploads import random_name

    return f"oversight/filings/{random_name(filename)}"


class FilingFile(models.Model):
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="files", verbose_name=_("备案"))
    role = models.CharField(_("材料类别"), max_length=20, choices=FilingFileRole.choices)
    file = models.FileField(_("文件"), upload_to=_filing_file_path, max_length=255)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("备案材料")
        verbose_name_plural = _("备案材料")
        ordering = ["filing", "role", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ClauseCategory(models.TextChoices):
    PENALTY = "penalty", _("设定行政处罚")
    LICENCE = "licence", _("设定行政许可")
    COMPULSORY = "compulsory", _("设定行政强制措施")
    FEE = "fee", _("设定收费")
    RIGHTS = "rights", _("限制公民权利或增加义务")


class ClauseRule(models.Model):
    """A rule the reviewer's help applies to a document's text: a regular expression, as data.
    ``congress`` empty: the default rules every congress uses; a congress may add its own."""

    congress = models.ForeignKey(
        "core.Congress",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("人大"),
    )
    code = models.SlugField(_("代码"), max_length=40)
    category = models.CharField(_("类别"), max_length=20, choices=ClauseCategory.choices)
    label = models.CharField(_("提示"), max_length=200)
    pattern = models.CharField(_("匹配规则(正则表达式)"), max_length=500)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("条款审查规则")
        verbose_name_plural = _("条款审查规则")
        ordering = ["category", "code"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "code"], name="oversight_clause_rule_code")
        ]

    def __str__(self) -> str:
        return self.label


class ClauseFlag(models.Model):
    """A clause of a filing that a rule flagged, with where it is in the text."""

    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="flags", verbose_name=_("备案"))
    rule_code = models.CharField(_("规则"), max_length=40)
    category = models.CharField(_("类别"), max_length=20, choices=ClauseCategory.choices)
    label = models.CharField(_("提示"), max_length=200)
    article = models.CharField(_("条款"), max_length=40)
    clause = models.TextField(_("条款内容"))
    match_start = models.PositiveIntegerField(default=0)  # within ``clause``
    match_end = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("条款提示")
        verbose_name_plural = _("条款提示")
        ordering = ["filing", "pk"]

    def __str__(self) -> str:
        return f"{self.article} {self.label}"


class RequesterKind(models.TextChoices):
    DEPUTY = "deputy", _("人大代表")
    ORGANISATION = "organisation", _("国家机关、社会团体、企业事业组织")
    CITIZEN = "citizen", _("公民")


class ReviewRequestState(models.TextChoices):
    RECEIVED = "received", _("待研究")
    ANSWERED = "answered", _("已反馈")
    TRANSFERRED = "transferred", _("已移送并告知")


class ReviewRequest(models.Model):
    """审查建议: a request from a deputy, an organisation or a citizen to review a document."""

    congress = models.ForeignKey(
        "core.Congress", on_delete=models.PROTECT, related_name="review_requests", verbose_name=_("人大")
    )
    number = models.CharField(_("查询编号"), max_length=30, unique=True)
    code_hash = models.CharField(max_length=64, editable=False)
    requester_kind = models.CharField(_("提出人类别"), max_length=20, choices=RequesterKind.choices)
    requester_name = models.CharField(_("提出人"), max_length=100)
    requester_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    filing = models.ForeignKey(
        Filing, on_delete=models.SET_NULL, null=True, blank=True, related_name="review_requests",
        verbose_name=_("所涉备案文件"),
    )  # fmt: skip
    document_title = models.CharField(_("建议审查的文件"), max_length=200)
    content = models.TextField(_("审查建议内容"))
    submitted_at = models.DateTimeField(_("提出时间"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    client_key = models.CharField(max_length=64, blank=True, editable=False)
    answer_due_on = models.DateField(_("反馈期限"))
    state = models.CharField(
        _("状态"), max_length=20, choices=ReviewRequestState.choices, default=ReviewRequestState.RECEIVED
    )
    answer = models.TextField(_("研究处理情况及反馈"), blank=True)
    transferred_to = models.CharField(_("移送机关"), max_length=120, blank=True)
    answered_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("审查建议")
        verbose_name_plural = _("审查建议")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.document_title}"


class SpecialReview(models.Model):
    """专项审查: a theme (e.g. 涉及营商环境的规范性文件) and the filings reviewed under it."""

    congress = models.ForeignKey(
        "core.Congress", on_delete=models.PROTECT, related_name="special_reviews", verbose_name=_("人大")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    theme = models.CharField(_("审查主题"), max_length=200)
    description = models.TextField(_("审查重点"), blank=True)
    started_on = models.DateField(_("开始日期"))
    finished_on = models.DateField(_("完成日期"), null=True, blank=True)
    conclusion = models.TextField(_("审查结论"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("专项审查")
        verbose_name_plural = _("专项审查")
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return self.theme


# --- appointments ---------------------------------------------------------------------------------


class AppointmentKind(models.TextChoices):
    APPOINT = "appoint", _("任命")
    REMOVE = "remove", _("免职")
    RESIGN = "resign", _("辞职")


class AppointmentState(models.TextChoices):
    NOMINATED = "nominated", _("已提请")
    EXAMINED = "examined", _("法律考试合格")
    EXAM_FAILED = "exam_failed", _("法律考试不合格")
    STATED = "stated", _("已作供职发言")
    ON_AGENDA = "on_agenda", _("已列入会议议程")
    APPOINTED = "appointed", _("表决通过")
    REJECTED = "rejected", _("表决未通过")
    SWORN = "sworn", _("已宪法宣誓")
    CERTIFIED = "certified", _("已颁发任命书")
    WITHDRAWN = "withdrawn", _("已撤回")


def _recording_path(instance: Appointment, filename: str) -> str:
    from renda.documents.uploads import random_name

    return f"oversight/oaths/{random_name(filename)}"


class Appointment(models.Model):
    """One appointment, removal or resignation put to the standing committee."""

    congress = models.ForeignKey(
        "core.Congress", on_delete=models.PROTECT, related_name="appointments", verbose_name=_("人大")
    )
    kind = models.CharField(_("类别"), max_length=10, choices=AppointmentKind.choices)
    person_name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=2, choices=[("男", _("男")), ("女", _("女"))])
    birth_date = models.DateField(_("出生日期"))
    education = models.CharField(_("学历"), max_length=30)
    party = models.CharField(_("政治面貌"), max_length=30)
    post = models.CharField(_("职务"), max_length=120)
    employer = models.CharField(_("任职机关"), max_length=120)
    nominating_body = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("提请机关")
    )
    nominated_on = models.DateField(_("提请日期"))
    reason = models.TextField(_("提请理由"), blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=AppointmentState.choices, default=AppointmentState.NOMINATED
    )
    exam_date = models.DateField(_("考试日期"), null=True, blank=True)
    exam_score = models.DecimalField(_("考试成绩"), max_digits=5, decimal_places=1, null=True, blank=True)
    exam_pass_mark = models.PositiveSmallIntegerField(_("合格分"), null=True, blank=True)
    statement_on = models.DateField(_("供职发言日期"), null=True, blank=True)
    statement = models.TextField(_("供职发言"), blank=True)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("会议议程"),
    )  # fmt: skip
    vote = models.ForeignKey(
        "voting.Vote",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("表决"),
    )
    decided_on = models.DateField(_("表决日期"), null=True, blank=True)
    vote_summary = models.CharField(_("表决结果"), max_length=200, blank=True)
    oath_date = models.DateField(_("宣誓日期"), null=True, blank=True)
    oath_witnesses = models.CharField(_("监誓人"), max_length=200, blank=True)
    oath_recording = models.FileField(
        _("宣誓录像/录音"), upload_to=_recording_path, max_length=255, blank=True
    )
    oath_recording_name = models.CharField(max_length=255, blank=True)
    oath_recording_type = models.CharField(max_length=120, blank=True)
    certificate_number = models.CharField(_("任命书编号"), max_length=40, blank=True)
    certificate_issued_on = models.DateField(_("任命书颁发日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("人事任免")
        verbose_name_plural = _("人事任免")
        ordering = ["-nominated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person_name} {self.get_kind_display()}{self.post}"

    def age_on(self, day: dt.date) -> int:
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))

    @property
    def exam_passed(self) -> bool:
        return (
            self.exam_score is not None
            and self.exam_pass_mark is not None
            and self.exam_score >= self.exam_pass_mark
        )
