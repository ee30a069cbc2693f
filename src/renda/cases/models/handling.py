"""What happens to a case: assignments to units, plans, contacts, progress, replies, ratings,
supervision, extension and return requests, attachments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.documents.uploads import random_name

from ..choices import (
    AssignmentRole,
    AssignmentState,
    ContactMode,
    ContactPhase,
    DraftState,
    RatingOutcome,
    RatingValue,
    ReplyClass,
    RequestState,
    SupervisionMode,
)
from .case import Case

USER = settings.AUTH_USER_MODEL


class Assignment(models.Model):
    """交办: one unit handling one case, as lead, co-handler or separate unit, with a deadline."""

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="assignments"
    )
    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("承办方式"), max_length=20, choices=AssignmentRole.choices)
    state = models.CharField(
        _("状态"), max_length=20, choices=AssignmentState.choices, default=AssignmentState.PENDING_SIGN
    )
    deadline = models.DateField(_("办理期限"))
    # The first round's deadline, moved only by an approved extension of that round (re-handling
    # overwrites ``deadline``, not this): what "replied on time" is measured against.
    first_deadline = models.DateField(_("首轮办理期限"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    assigned_at = models.DateTimeField(_("交办时间"))
    assigned_by = models.ForeignKey(
        USER, verbose_name=_("交办人"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_by = models.ForeignKey(
        USER, verbose_name=_("签收人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    opinion = models.TextField(_("协办意见"), blank=True)
    opinion_sent_at = models.DateTimeField(_("协办意见送达时间"), null=True, blank=True)
    opinion_deadline = models.DateField(_("协办意见期限"), null=True, blank=True)
    extended = models.BooleanField(_("已延期"), default=False)
    version = models.PositiveIntegerField(_("版本"), default=1)
    # Kept by ``renda.cases.services.summary`` with each reply and rating of this assignment.
    first_reply_class = models.CharField(
        _("首次答复类别"), max_length=1, blank=True, default="", db_default=""
    )
    first_reply_on_time = models.BooleanField(_("首次答复按期"), null=True, blank=True)
    latest_reply_class = models.CharField(
        _("最新答复类别"), max_length=1, blank=True, default="", db_default=""
    )
    latest_rating_value = models.CharField(
        _("最新测评结果"), max_length=20, blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["case", "role", "id"]
        indexes = [
            models.Index(fields=["organization", "state", "deadline"]),
            models.Index(fields=["case", "state"]),
            models.Index(fields=["state", "deadline"]),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.organization} ({self.get_role_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.first_deadline is None and self.deadline is not None:
            self.first_deadline = self.deadline
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "first_deadline"}
        super().save(*args, **kwargs)

    @property
    def is_answering(self) -> bool:
        return self.role in (AssignmentRole.LEAD, AssignmentRole.SEPARATE)


class HandlingPlan(models.Model):
    """办理工作方案."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="plans"
    )
    text = models.TextField(_("方案内容"))
    responsible_person = models.CharField(_("责任人"), max_length=50, blank=True)
    planned_finish = models.DateField(_("计划完成日期"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, verbose_name=_("提交人"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("办理工作方案")
        verbose_name_plural = _("办理工作方案")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return str(_("办理方案 %(id)s") % {"id": self.pk})


class Contact(models.Model):
    """办前、办中、办后沟通: a unit talking with the deputy or citizen."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="contacts"
    )
    contacted_at = models.DateTimeField(_("沟通时间"))
    mode = models.CharField(_("沟通方式"), max_length=20, choices=ContactMode.choices)
    phase = models.CharField(_("沟通阶段"), max_length=10, choices=ContactPhase.choices)
    unit_person = models.CharField(_("单位沟通人"), max_length=100)
    counterpart = models.CharField(_("沟通对象"), max_length=100)
    summary = models.TextField(_("沟通内容"))
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("沟通记录")
        verbose_name_plural = _("沟通记录")
        ordering = ["contacted_at"]

    def __str__(self) -> str:
        return f"{self.get_phase_display()} {self.contacted_at:%Y-%m-%d}"


class ProgressReport(models.Model):
    """办理进展."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="progress_reports"
    )
    text = models.TextField(_("进展情况"))
    percent_done = models.PositiveSmallIntegerField(_("完成进度(%)"), null=True, blank=True)
    reported_by = models.ForeignKey(
        USER, verbose_name=_("报告人"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("报告时间"))

    class Meta:
        verbose_name = _("办理进展")
        verbose_name_plural = _("办理进展")
        ordering = ["reported_at"]

    def __str__(self) -> str:
        return f"{self.reported_at:%Y-%m-%d}"


class Reply(models.Model):
    """答复: the answering unit's formal reply, classified A/B/C/D."""

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="replies")
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.PROTECT, related_name="replies"
    )
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    classification = models.CharField(_("答复类别"), max_length=1, choices=ReplyClass.choices)
    text = models.TextField(_("答复内容"))
    signing_leader = models.CharField(_("签发领导"), max_length=50)
    is_final = models.BooleanField(_("最终答复"), default=True)
    reason_without_contact = models.TextField(_("未经沟通即答复的理由"), blank=True)
    reason_without_co_handler = models.TextField(_("未待协办意见即答复的理由"), blank=True)
    # The author of the reply: the clerk who drafted it, or the unit member who replied directly.
    replied_by = models.ForeignKey(USER, verbose_name=_("答复人"), on_delete=models.PROTECT, related_name="+")
    replied_at = models.DateTimeField(_("答复时间"))
    # The unit leader who signed the draft off (签发), when the reply went through a draft.
    signed_off_by = models.ForeignKey(
        USER, verbose_name=_("签发人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A fact stored once when it happens (见面率): a contact of the same assignment on or before
    # ``replied_at``. Set by ``write_reply``; a contact recorded later with an earlier date sets it on the
    # replies it precedes (``contact_record``). Migration ``cases/0009_reply_contacted_before_reply``.
    contacted_before_reply = models.BooleanField(_("答复前已沟通"), default=False)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["replied_at", "id"]
        indexes = [models.Index(fields=["case", "replied_at"]), models.Index(fields=["classification"])]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_classification_display()}"


class ReplyDraft(models.Model):
    """答复稿: a unit's reply drafted by its clerk, waiting for the unit leader's sign-off (签发).

    Signed off, it becomes the formal ``Reply`` (``reply``); sent back, the clerk edits and resubmits it.
    Attachments uploaded with the draft move to the reply when it is signed off.
    """

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="reply_drafts"
    )
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="reply_drafts"
    )
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    classification = models.CharField(_("答复类别"), max_length=1, choices=ReplyClass.choices)
    text = models.TextField(_("答复内容"))
    is_final = models.BooleanField(_("最终答复"), default=True)
    reason_without_contact = models.TextField(_("未经沟通即答复的理由"), blank=True)
    reason_without_co_handler = models.TextField(_("未待协办意见即答复的理由"), blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=DraftState.choices, default=DraftState.PENDING_SIGN_OFF
    )
    drafted_by = models.ForeignKey(USER, verbose_name=_("起草人"), on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(_("起草时间"))
    submitted_at = models.DateTimeField(_("送签时间"))
    decided_by = models.ForeignKey(
        USER, verbose_name=_("签发人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("签发或退回时间"), null=True, blank=True)
    send_back_note = models.TextField(_("退回修改意见"), blank=True)
    reply = models.OneToOneField(
        Reply,
        verbose_name=_("正式答复"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="draft",
    )
    version = models.PositiveIntegerField(_("版本"), default=1)

    class Meta:
        verbose_name = _("答复稿")
        verbose_name_plural = _("答复稿")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["assignment", "state"]),
            models.Index(fields=["state", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_classification_display()} {self.get_state_display()}"


class Rating(models.Model):
    """满意度测评 of one reply by the policy's rater, from the rater's own session."""

    reply = models.OneToOneField(
        Reply, verbose_name=_("答复"), on_delete=models.PROTECT, related_name="rating"
    )
    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(USER, verbose_name=_("测评人"), on_delete=models.PROTECT, related_name="+")
    value = models.CharField(_("测评结果"), max_length=20, choices=RatingValue.choices)
    percent = models.DecimalField(_("满意率(%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(_("处理结果"), max_length=20, choices=RatingOutcome.choices)
    comment = models.TextField(_("意见"), blank=True)
    rated_at = models.DateTimeField(_("测评时间"))

    class Meta:
        verbose_name = _("满意度测评")
        verbose_name_plural = _("满意度测评")
        ordering = ["rated_at"]
        indexes = [models.Index(fields=["case", "value"])]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_value_display()}"


class Supervision(models.Model):
    """督办: a supervision act on a case."""

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="supervisions"
    )
    supervisor = models.ForeignKey(USER, verbose_name=_("督办人"), on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(_("督办方式"), max_length=20, choices=SupervisionMode.choices)
    notes = models.TextField(_("督办情况"))
    visited_at = models.DateTimeField(_("督办时间"))
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("记录人"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["visited_at"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_mode_display()}"


class ExtensionRequest(models.Model):
    """延期申请: one per assignment, never beyond the policy's maximum."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    previous_deadline = models.DateField(_("原期限"))
    requested_deadline = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    state = models.CharField(
        _("状态"), max_length=20, choices=RequestState.choices, default=RequestState.PENDING
    )
    requested_by = models.ForeignKey(
        USER, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(
        USER, verbose_name=_("审批人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    deputy_told_at = models.DateTimeField(_("告知提出人时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.requested_deadline}"


class ReturnRequest(models.Model):
    """退回申请 (申请调整承办单位): within N working days of assignment."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("交办"), on_delete=models.CASCADE, related_name="return_requests"
    )
    reason = models.TextField(_("退回理由"))
    suggested_unit = models.ForeignKey(
        "core.Organization",
        verbose_name=_("建议承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=RequestState.choices, default=RequestState.PENDING
    )
    requested_by = models.ForeignKey(
        USER, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(
        USER, verbose_name=_("审批人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)
    reassigned_to = models.ForeignKey(
        Assignment,
        verbose_name=_("改交办至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("退回申请")
        verbose_name_plural = _("退回申请")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.assignment} {self.get_state_display()}"


def attachment_path(instance: Attachment, filename: str) -> str:
    """A random stored name (the original stays in ``original_name``): no path can be guessed."""
    return f"cases/{instance.case.congress_id}/{instance.case_id}/{random_name(filename)}"


class Attachment(models.Model):
    """A file on a case (or on one reply): PDF, Word, Excel or an image, checked in full on upload and
    served only by an access-checked view (``cases:attachment``)."""

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="attachments"
    )
    reply = models.ForeignKey(
        Reply,
        verbose_name=_("答复"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    # Uploaded with a reply draft: moves to the reply when the draft is signed off.
    draft = models.ForeignKey(
        ReplyDraft,
        verbose_name=_("答复稿"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=120)
    size = models.PositiveBigIntegerField(_("大小(字节)"))
    uploaded_by = models.ForeignKey(
        USER, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name
