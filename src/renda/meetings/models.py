"""Meetings of a congress and its bodies: members, agenda, documents, sign-in and leave.

An agenda item points at the record it is about by ``(subject_type, subject_id)``: the module that
owns the record registers its kind in ``renda.meetings.agenda`` — no foreign keys to other apps here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from renda.core.scopes import scope_of

from .choices import (
    BEFORE_OPEN_STATES,
    DEFAULT_QUORUM,
    FINAL_STATES,
    NUMBER_WORDS,
    LeaveDecider,
    LeaveState,
    MeetingKind,
    MeetingState,
    MemberRole,
    PresidiumRole,
    SignInMethod,
)

USER = settings.AUTH_USER_MODEL


class MeetingKindSetting(models.Model):
    """Per congress and kind: the quorum and who decides leave (the seeds' defaults when no row exists)."""

    congress = models.ForeignKey(
        "core.Congress",
        verbose_name=_("人大"),
        on_delete=models.CASCADE,
        related_name="meeting_kind_settings",
    )
    kind = models.CharField(_("会议类别"), max_length=24, choices=MeetingKind.choices)
    quorum_numerator = models.PositiveSmallIntegerField(_("法定人数分子"), default=DEFAULT_QUORUM[0])
    quorum_denominator = models.PositiveSmallIntegerField(_("法定人数分母"), default=DEFAULT_QUORUM[1])
    quorum_strict = models.BooleanField(
        _("须超过该比例"), default=DEFAULT_QUORUM[2], help_text=_("选中为“超过”(过半数),不选为“达到”")
    )
    leave_decider = models.CharField(
        _("请假审批人"), max_length=16, choices=LeaveDecider.choices, default=LeaveDecider.CHAIR
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("会议类别设置")
        verbose_name_plural = _("会议类别设置")
        constraints = [
            models.UniqueConstraint(fields=["congress", "kind"], name="meeting_kind_setting_unique"),
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0)
                & Q(quorum_numerator__lte=models.F("quorum_denominator")),
                name="meeting_kind_setting_fraction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.congress} · {self.get_kind_display()}"


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> MeetingQuerySet:
        """Staff and leaders read their congresses' meetings (and those below); members and invitees
        the meetings they are on, once scheduled. Drafts only for the congress's staff and leaders."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        scope = scope_of(user)
        q = Q(pk__in=MeetingMember.objects.filter(user_id=user.pk).values("meeting_id")) & ~Q(
            state=MeetingState.DRAFT
        )
        if scope.staff_read_congress_ids:
            q |= Q(congress_id__in=scope.staff_read_congress_ids) & ~Q(state=MeetingState.DRAFT)
        if scope.staff_congress_ids:
            q |= Q(congress_id__in=scope.staff_congress_ids)
        return self.filter(q)

    def published(self) -> MeetingQuerySet:
        """Meetings with at least one public document (documents are published one at a time)."""
        return self.filter(documents_published=True).exclude(state=MeetingState.DRAFT)


class Meeting(models.Model):
    """会议: one sitting of a congress, its standing committee or one of their bodies."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("会议类别"), max_length=24, choices=MeetingKind.choices)
    term = models.ForeignKey(
        "core.Term", verbose_name=_("届"), on_delete=models.PROTECT, related_name="meetings"
    )
    number = models.PositiveSmallIntegerField(_("会次"))
    # The body that holds it (a special committee's meetings are numbered per committee).
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("召开机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("会议名称"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=120)
    state = models.CharField(
        _("状态"), max_length=16, choices=MeetingState.choices, default=MeetingState.DRAFT, db_index=True
    )
    chair = models.ForeignKey(
        USER, verbose_name=_("主持人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(_("会议说明"), blank=True)
    # Kept in step with the documents by the services: true while at least one document is public,
    # with the time the first one was published.
    documents_published = models.BooleanField(_("会议文件已公开"), default=False)
    documents_published_at = models.DateTimeField(_("文件公开时间"), null=True, blank=True)
    # Cancelled or postponed: the reason, when it was decided, and (postponed) the original start.
    change_reason = models.CharField(_("取消或延期原因"), max_length=300, blank=True)
    changed_at = models.DateTimeField(_("取消或延期时间"), null=True, blank=True)
    postponed_from = models.DateTimeField(_("原定开始时间"), null=True, blank=True)
    # R39: the attendance list (who attends, who is absent and why) announced before the meeting.
    attendance_announced_at = models.DateTimeField(_("出席情况通报时间"), null=True, blank=True)
    opened_at = models.DateTimeField(_("宣布开会时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("闭会时间"), null=True, blank=True)
    minutes_summary = models.TextField(_("会议纪要正文"), blank=True)
    # A delegation's or the presidium's meeting inside a plenary session.
    session = models.ForeignKey(
        "self",
        verbose_name=_("所属大会"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_meetings",
    )
    delegation = models.ForeignKey(
        "meetings.Delegation",
        verbose_name=_("代表团"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "kind", "term", "number"],
                condition=Q(organization__isnull=True) & Q(session__isnull=True),
                name="meeting_unique_number",
            ),
            models.UniqueConstraint(
                fields=["session", "delegation", "number"],
                condition=Q(delegation__isnull=False),
                name="meeting_unique_number_per_delegation",
            ),
            models.UniqueConstraint(
                fields=["session", "kind", "number"],
                condition=Q(session__isnull=False) & Q(delegation__isnull=True),
                name="meeting_unique_number_in_session",
            ),
            models.UniqueConstraint(
                fields=["congress", "kind", "term", "organization", "number"],
                condition=Q(organization__isnull=False),
                name="meeting_unique_number_per_body",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="meeting_times_ordered"
            ),
        ]
        indexes = [models.Index(fields=["congress", "kind", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def number_label(self) -> str:
        word = NUMBER_WORDS.get(self.kind, _("第%(n)s次会议"))
        return str(word) % {"n": self.number}

    @property
    def is_open_for_sign_in(self) -> bool:
        return self.state in (MeetingState.SCHEDULED, MeetingState.POSTPONED, MeetingState.IN_PROGRESS)

    @property
    def is_before_open(self) -> bool:
        return self.state in BEFORE_OPEN_STATES

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    @property
    def day(self) -> dt.date:
        from django.utils import timezone

        return timezone.localtime(self.starts_at).date()


class MeetingMember(models.Model):
    """Who sits: members with a vote, and invitees attending without one (列席) in their capacity."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        USER, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="meeting_seats"
    )
    role = models.CharField(_("身份"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    capacity = models.CharField(_("职务或列席身份"), max_length=120, blank=True)
    seat = models.CharField(_("座位"), max_length=20, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("参会人员")
        verbose_name_plural = _("参会人员")
        ordering = ["meeting", "role", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="meeting_member_unique")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.user}"

    @property
    def is_voting(self) -> bool:
        return self.role == MemberRole.MEMBER


class AgendaItem(models.Model):
    """议程: one item of a meeting, of a registered kind, about a record its owner module names."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="agenda"
    )
    order = models.PositiveSmallIntegerField(_("序号"))
    kind = models.CharField(_("议程类别"), max_length=40)
    title = models.CharField(_("议题"), max_length=300)
    subject_type = models.CharField(_("关联事项类型"), max_length=60, blank=True)
    subject_id = models.PositiveBigIntegerField(_("关联事项"), null=True, blank=True)
    presenter = models.CharField(_("汇报人"), max_length=120, blank=True)
    notes = models.TextField(_("说明"), blank=True)
    # What the minutes say about this item (entered by staff); owner modules add theirs through
    # ``AgendaKind.minutes_text``.
    minutes_text = models.TextField(_("纪要内容"), blank=True)

    class Meta:
        verbose_name = _("议程")
        verbose_name_plural = _("议程")
        ordering = ["meeting", "order", "pk"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    @property
    def kind_label(self) -> str:
        from .agenda import kind_label

        return kind_label(self.kind)


def _document_path(instance: MeetingDocument, filename: str) -> str:
    from renda.documents.uploads import random_name

    return f"meetings/{random_name(filename)}"


class MeetingDocument(models.Model):
    """会议文件: for members and invitees (and the congress's staff and leaders) until it is published."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="documents"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("所属议程"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    title = models.CharField(_("文件名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to=_document_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小"), default=0)
    uploaded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    # Each document is published on its own (the portal shows only the public ones).
    is_public = models.BooleanField(_("已公开"), default=False)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会议文件")
        verbose_name_plural = _("会议文件")
        ordering = ["meeting", "agenda_item__order", "pk"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """签到: one member's (or invitee's) sign-in; lateness counted from the meeting's start."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendances"
    )
    user = models.ForeignKey(
        USER, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="meeting_attendances"
    )
    signed_in_at = models.DateTimeField(_("签到时间"))
    method = models.CharField(_("签到方式"), max_length=8, choices=SignInMethod.choices)
    minutes_late = models.PositiveIntegerField(_("迟到分钟"), default=0)
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("签到")
        verbose_name_plural = _("签到")
        ordering = ["meeting", "signed_in_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="attendance_unique")]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.user}"

    @property
    def is_late(self) -> bool:
        return self.minutes_late > 0


class LeaveRequest(models.Model):
    """请假: asked before the meeting with a reason, decided by the chair or the configured role."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="leave_requests"
    )
    user = models.ForeignKey(
        USER, verbose_name=_("请假人"), on_delete=models.PROTECT, related_name="meeting_leaves"
    )
    reason = models.TextField(_("请假事由"))
    state = models.CharField(
        _("状态"), max_length=16, choices=LeaveState.choices, default=LeaveState.PENDING, db_index=True
    )
    requested_at = models.DateTimeField(_("申请时间"))
    decided_by = models.ForeignKey(
        USER, verbose_name=_("审批人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.CharField(_("审批意见"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("请假申请")
        verbose_name_plural = _("请假申请")
        ordering = ["meeting", "-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(state__in=[LeaveState.PENDING, LeaveState.APPROVED]),
                name="leave_request_one_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.user}"


class AttendanceReport(models.Model):
    """The yearly attendance report to the congress (R39): issued once a year, re-issuable."""

    congress = models.ForeignKey(
        "core.Congress", verbose_name=_("人大"), on_delete=models.CASCADE, related_name="attendance_reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    issued_at = models.DateTimeField(_("印发时间"))
    issued_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    meetings = models.PositiveIntegerField(_("会议数"), default=0)

    class Meta:
        verbose_name = _("年度出席情况报告")
        verbose_name_plural = _("年度出席情况报告")
        ordering = ["congress", "-year"]
        constraints = [models.UniqueConstraint(fields=["congress", "year"], name="attendance_report_unique")]

    def __str__(self) -> str:
        return f"{self.congress} {self.year}"


class Delegation(models.Model):
    """代表团: at a plenary session, the deputies of one township or constituency, with their head."""

    session = models.ForeignKey(
        Meeting, verbose_name=_("大会"), on_delete=models.CASCADE, related_name="delegations"
    )
    name = models.CharField(_("代表团名称"), max_length=100)
    head = models.ForeignKey(
        USER, verbose_name=_("团长"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deputy_head = models.ForeignKey(
        USER, verbose_name=_("副团长"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("代表团")
        verbose_name_plural = _("代表团")
        ordering = ["session", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "name"], name="delegation_unique_name")]

    def __str__(self) -> str:
        return self.name


class DelegationMember(models.Model):
    """A deputy in a delegation (one delegation per deputy and session)."""

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("代表团"), on_delete=models.CASCADE, related_name="members"
    )
    session = models.ForeignKey(Meeting, verbose_name=_("大会"), on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(USER, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("代表团成员")
        verbose_name_plural = _("代表团成员")
        ordering = ["delegation", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="delegation_member_one_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.delegation} · {self.user}"


class PresidiumMember(models.Model):
    """主席团: its members at a plenary session, the executive chairs and the secretary-general."""

    session = models.ForeignKey(
        Meeting, verbose_name=_("大会"), on_delete=models.CASCADE, related_name="presidium"
    )
    user = models.ForeignKey(USER, verbose_name=_("成员"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        _("职务"), max_length=20, choices=PresidiumRole.choices, default=PresidiumRole.MEMBER
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("主席团成员")
        verbose_name_plural = _("主席团成员")
        ordering = ["session", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="presidium_member_unique")]

    def __str__(self) -> str:
        return f"{self.session} · {self.user}"
