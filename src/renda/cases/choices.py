"""Constants of the case engine: the vocabulary every case kind shares."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("主办")
    CO_HANDLER = "co_handler", _("协办")
    SEPARATE = "separate", _("分别办理")


# Roles that write the formal reply (答复) themselves.
ANSWERING_ROLES = {AssignmentRole.LEAD, AssignmentRole.SEPARATE}


class AssignmentState(models.TextChoices):
    PENDING_SIGN = "pending_sign", _("待签收")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已答复")
    RETURNED = "returned", _("已退回")
    WITHDRAWN = "withdrawn", _("已撤回")
    CLOSED = "closed", _("已办结")


# Assignments still expected to act (to-do lists, reminders).
OPEN_ASSIGNMENT_STATES = {AssignmentState.PENDING_SIGN, AssignmentState.HANDLING}
# Assignments that still count as the case's units (not returned or withdrawn).
ACTIVE_ASSIGNMENT_STATES = {
    AssignmentState.PENDING_SIGN,
    AssignmentState.HANDLING,
    AssignmentState.REPLIED,
    AssignmentState.CLOSED,
}


class ReplyClass(models.TextChoices):
    A = "A", _("A 已解决或采纳")
    B = "B", _("B 正在解决或列入计划")
    C = "C", _("C 因条件限制暂不能解决")
    D = "D", _("D 留作参考")


# Replies of these classes keep the case under follow-up until a final reply.
FOLLOW_UP_CLASSES = {ReplyClass.B, ReplyClass.C}


class DraftState(models.TextChoices):
    """A unit's reply draft (答复稿): drafted by the clerk, signed off (签发) or sent back by the leader."""

    PENDING_SIGN_OFF = "pending_sign_off", _("待签发")
    SENT_BACK = "sent_back", _("已退回修改")
    SIGNED_OFF = "signed_off", _("已签发")


class ReminderSubject(models.TextChoices):
    DEADLINE = "deadline", _("办理期限")
    CO_OPINION = "co_opinion", _("协办意见期限")


class ContactMode(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("当面沟通")
    PHONE = "phone", _("电话沟通")
    ON_SITE = "on_site", _("现场察看")
    OTHER = "other", _("其他方式")


class ContactPhase(models.TextChoices):
    BEFORE = "before", _("办前沟通")
    DURING = "during", _("办中沟通")
    AFTER = "after", _("办后回访")


class RatingValue(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")
    PERCENT = "percent", _("百分比测评")
    VERIFIED = "verified", _("核验通过")
    NOT_VERIFIED = "not_verified", _("核验未通过")


class RatingOutcome(models.TextChoices):
    PASS = "pass", _("通过")
    REHANDLE = "rehandle", _("重新办理")
    ESCALATE = "escalate", _("升级督办")


class SupervisionMode(models.TextChoices):
    LEADER_LED = "leader_led", _("领衔督办")
    KEY = "key", _("重点督办")
    ON_SITE = "on_site", _("现场督办")
    FOLLOW_UP = "follow_up", _("跟踪督办")


class RequestState(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REJECTED = "rejected", _("未同意")


class PartyRole(models.TextChoices):
    AUTHOR = "author", _("提出人")
    CO_SIGNER = "co_signer", _("附议人")
    RATER = "rater", _("测评人")
    FOLLOWER = "follower", _("关注人")


class DeadlineStatus(models.TextChoices):
    GREEN = "green", _("正常")
    YELLOW = "yellow", _("临近期限")
    RED = "red", _("已超期")


class ParentRelation(models.TextChoices):
    MERGED_INTO = "merged_into", _("并入")
    DERIVED_FROM = "derived_from", _("转自")


class DeadlineUnit(models.TextChoices):
    MONTHS = "months", _("个月")
    WORKING_DAYS = "working_days", _("个工作日")
