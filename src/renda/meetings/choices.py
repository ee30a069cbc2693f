"""Kinds and states of meetings, membership, sign-in and leave."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    PLENARY = "plenary", _("人民代表大会会议")
    STANDING_COMMITTEE = "standing_committee", _("常委会会议")
    CHAIRPERSONS = "chairpersons", _("主任会议")
    SPECIAL_COMMITTEE = "special_committee", _("专门委员会会议")
    TOWNSHIP_SESSION = "township_session", _("乡镇人民代表大会会议")
    PARTY_CONFERENCE = "party_conference", _("党委人大工作会议")
    LAW_LECTURE = "law_lecture", _("会前学法")
    THEMED_FORUM = "themed_forum", _("专题论坛")
    DEPUTY_BRIEFING = "deputy_briefing", _("代表情况通报会")
    # Sittings inside a plenary session (``Meeting.session``): a delegation's or the presidium's.
    DELEGATION_MEETING = "delegation_meeting", _("代表团会议")
    PRESIDIUM_MEETING = "presidium_meeting", _("主席团会议")


# Kinds held inside a plenary session (they name the session; a delegation meeting its delegation).
SESSION_KINDS = (MeetingKind.DELEGATION_MEETING, MeetingKind.PRESIDIUM_MEETING)
PLENARY_KINDS = (MeetingKind.PLENARY, MeetingKind.TOWNSHIP_SESSION)


# Kinds whose sittings carry a number in the term (第N次会议); the others are numbered per term too,
# but read "第N期" / "第N场" on screen.
NUMBER_WORDS = {
    MeetingKind.LAW_LECTURE: _("第%(n)s期"),
    MeetingKind.THEMED_FORUM: _("第%(n)s期"),
    MeetingKind.DEPUTY_BRIEFING: _("第%(n)s次"),
    MeetingKind.PARTY_CONFERENCE: _("第%(n)s次"),
}


class MeetingState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SCHEDULED = "scheduled", _("已安排")
    IN_PROGRESS = "in_progress", _("进行中")
    CLOSED = "closed", _("已结束")
    POSTPONED = "postponed", _("已延期")
    CANCELLED = "cancelled", _("已取消")


# Announced and not yet opened: members see it, may ask leave and sign in (a postponed meeting at
# its new time).
BEFORE_OPEN_STATES = (MeetingState.SCHEDULED, MeetingState.POSTPONED)
# Over one way or another: nothing changes any more.
FINAL_STATES = (MeetingState.CLOSED, MeetingState.CANCELLED)


class MemberRole(models.TextChoices):
    MEMBER = "member", _("出席(有表决权)")
    INVITEE = "invitee", _("列席")


class SignInMethod(models.TextChoices):
    QR = "qr", _("扫码签到")
    SELF = "self", _("本人签到")
    DESK = "desk", _("工作人员代签")


class PresidiumRole(models.TextChoices):
    EXECUTIVE_CHAIR = "executive_chair", _("常务主席")
    SECRETARY_GENERAL = "secretary_general", _("秘书长")
    MEMBER = "member", _("主席团成员")


class LeaveState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已准假")
    REFUSED = "refused", _("不准假")
    WITHDRAWN = "withdrawn", _("已撤回")


class LeaveDecider(models.TextChoices):
    CHAIR = "chair", _("会议主持人")
    LEADER = "leader", _("人大领导")
    STAFF = "staff", _("人大工作人员")


class AbsenceKind(models.TextChoices):
    PRESENT = "present", _("出席")
    LATE = "late", _("迟到")
    LEAVE = "leave", _("请假")
    ABSENT = "absent", _("缺席")
    PENDING = "pending", _("未签到")


# Default quorum: more than half of all members (过半数).
DEFAULT_QUORUM = (1, 2, True)
