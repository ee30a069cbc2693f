"""Kinds and states of the deputies app, as constants (Chinese labels on screen)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class PoliticalAffiliation(models.TextChoices):
    """政治面貌 (GB/T 4762): the eight democratic parties each their own choice."""

    CPC = "cpc", _("中共党员")
    CPC_PROBATIONARY = "cpc_probationary", _("中共预备党员")
    CYL = "cyl", _("共青团员")
    RCCK = "rcck", _("民革会员")
    CDL = "cdl", _("民盟盟员")
    CNDCA = "cndca", _("民建会员")
    CAPD = "capd", _("民进会员")
    CPWDP = "cpwdp", _("农工党党员")
    CZGP = "czgp", _("致公党党员")
    JIUSAN = "jiusan", _("九三学社社员")
    TDSL = "tdsl", _("台盟盟员")
    NON_PARTY = "non_party", _("无党派人士")
    MASSES = "masses", _("群众")
    # Before the parties were told apart: kept for old rows until someone names the party.
    DEMOCRATIC_PARTY = "democratic_party", _("民主党派(未注明党派)")


DEMOCRATIC_PARTIES = {
    PoliticalAffiliation.RCCK,
    PoliticalAffiliation.CDL,
    PoliticalAffiliation.CNDCA,
    PoliticalAffiliation.CAPD,
    PoliticalAffiliation.CPWDP,
    PoliticalAffiliation.CZGP,
    PoliticalAffiliation.JIUSAN,
    PoliticalAffiliation.TDSL,
}
# The choices offered when a party is entered or corrected (not the unspecified legacy value).
PARTY_CHOICES = [c for c in PoliticalAffiliation.choices if c[0] != PoliticalAffiliation.DEMOCRATIC_PARTY]

# Every way a roster writes a political affiliation, full names and abbreviations (compared after
# removing spaces). ``party_of`` also strips a trailing 党员/会员/盟员/社员/团员.
PARTY_ALIASES: dict[str, str] = {
    **{
        a: PoliticalAffiliation.CPC
        for a in (
            "中国共产党",
            "中共",
            "中共党员",
            "共产党员",
            "中国共产党党员",
            "党员",
            "中共正式党员",
            "中国共产党员",
        )
    },
    **{a: PoliticalAffiliation.CPC_PROBATIONARY for a in ("中共预备党员", "预备党员", "中国共产党预备党员")},
    **{
        a: PoliticalAffiliation.CYL
        for a in ("共青团员", "团员", "中国共产主义青年团", "中国共产主义青年团团员", "共青团")
    },
    **{a: PoliticalAffiliation.RCCK for a in ("中国国民党革命委员会", "民革", "民革中央")},
    **{a: PoliticalAffiliation.CDL for a in ("中国民主同盟", "民盟")},
    **{a: PoliticalAffiliation.CNDCA for a in ("中国民主建国会", "民建")},
    **{a: PoliticalAffiliation.CAPD for a in ("中国民主促进会", "民进")},
    **{a: PoliticalAffiliation.CPWDP for a in ("中国农工民主党", "农工党", "农工民主党", "农工")},
    **{a: PoliticalAffiliation.CZGP for a in ("中国致公党", "致公党", "致公")},
    **{a: PoliticalAffiliation.JIUSAN for a in ("九三学社", "九三")},
    **{a: PoliticalAffiliation.TDSL for a in ("台湾民主自治同盟", "台盟")},
    **{a: PoliticalAffiliation.NON_PARTY for a in ("无党派人士", "无党派", "无党派民主人士")},
    **{a: PoliticalAffiliation.MASSES for a in ("群众", "无", "普通群众")},
    "民主党派": PoliticalAffiliation.DEMOCRATIC_PARTY,
}


def party_of(text: str) -> str | None:
    """The affiliation a roster's text means (``民进``, ``中国致公党``, ``中共党员`` …), or None."""
    import re

    t = re.sub(r"[\s\u3000]+", "", text or "")
    if not t:
        return None
    for label_value, label in PoliticalAffiliation.choices:
        PARTY_ALIASES.setdefault(str(label), label_value)
    if t in PARTY_ALIASES:
        return PARTY_ALIASES[t]
    if t in PoliticalAffiliation.values:
        return t
    stripped = re.sub(r"(党员|会员|盟员|社员|团员|成员)$", "", t)
    return PARTY_ALIASES.get(stripped)


class Education(models.TextChoices):
    """文化程度 (highest completed)."""

    DOCTORATE = "doctorate", _("博士研究生")
    MASTER = "master", _("硕士研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY = "secondary", _("高中/中专")
    JUNIOR = "junior", _("初中及以下")


class OccupationCategory(models.TextChoices):
    """代表结构中的职业构成 (how election statistics group deputies)."""

    WORKER = "worker", _("工人")
    FARMER = "farmer", _("农民(牧民)")
    TECHNICAL = "technical", _("专业技术人员")
    CIVIL_SERVANT = "civil_servant", _("党政领导干部")
    BUSINESS = "business", _("企业负责人")
    MILITARY = "military", _("解放军和武警")
    OTHER = "other", _("其他")


# 基层代表: the front-line workers, farmers and technical staff the seeds ask to raise the share of.
GRASSROOTS_CATEGORIES = {
    OccupationCategory.WORKER,
    OccupationCategory.FARMER,
    OccupationCategory.TECHNICAL,
}


class MandateEndReason(models.TextChoices):
    TERM_END = "term_end", _("任期届满")
    RESIGNATION = "resignation", _("辞职")
    RECALL = "recall", _("罢免")
    TERMINATION = "termination", _("代表资格终止")
    DEATH = "death", _("去世")


# Ethnic groups offered first in forms; any of the 56 may be typed.
COMMON_ETHNICITIES = ["汉族", "回族", "藏族", "裕固族", "蒙古族", "土族", "东乡族", "保安族", "撒拉族"]


class StandingCommitteePosition(models.TextChoices):
    """常委会职务 (for R36: resident vice-chairs receive deputies every month, the chair at year end)."""

    CHAIR = "chair", _("主任")
    RESIDENT_VICE_CHAIR = "resident_vice_chair", _("驻会副主任")
    VICE_CHAIR = "vice_chair", _("副主任")
    MEMBER = "member", _("委员")


class ActivityKind(models.TextChoices):
    PLENARY = "plenary", _("出席代表大会会议")
    SC_MEETING = "sc_meeting", _("列席常委会会议")
    INSPECTION = "inspection", _("视察")
    RESEARCH = "research", _("专题调研")
    LAW_ENFORCEMENT = "law_enforcement", _("执法检查")
    RECEPTION = "reception", _("联络站接待选民")
    GROUP_ACTIVITY = "group_activity", _("代表小组活动")
    TRAINING = "training", _("履职学习培训")
    VOTER_REPORT = "voter_report", _("向选民述职")
    MEDIATION = "mediation", _("矛盾调解")
    CHARITY = "charity", _("公益活动")
    RECEIVE_DEPUTIES = "receive_deputies", _("常委会领导接待代表")
    SUGGESTION_SUBMITTED = "suggestion_submitted", _("提出建议")
    SUGGESTION_COSIGNED = "suggestion_cosigned", _("附议建议")
    SUGGESTION_RATED = "suggestion_rated", _("测评建议办理")
    OTHER = "other", _("其他履职活动")


# Kinds that only the hook generates (never entered by hand).
GENERATED_KINDS = {
    ActivityKind.SUGGESTION_SUBMITTED,
    ActivityKind.SUGGESTION_COSIGNED,
    ActivityKind.SUGGESTION_RATED,
}
# Meetings: attendance is taken and an absence is recorded (with or without leave).
MEETING_KINDS = {ActivityKind.PLENARY, ActivityKind.SC_MEETING}
# R34: inspections and research activities.
INSPECTION_KINDS = {ActivityKind.INSPECTION, ActivityKind.RESEARCH, ActivityKind.LAW_ENFORCEMENT}
# Kinds that count as "taking part between sessions" for deputies holding leadership posts.
BETWEEN_SESSIONS_KINDS = {k for k in ActivityKind.values if k not in {ActivityKind.PLENARY}} - {
    str(k) for k in GENERATED_KINDS
}


class ParticipationSource(models.TextChoices):
    SIGN_IN = "sign_in", _("工作人员签到")
    SELF_REPORT = "self_report", _("代表自报")
    GENERATED = "generated", _("系统生成")


class Verification(models.TextChoices):
    PENDING = "pending", _("待审核")
    VERIFIED = "verified", _("已确认")
    REJECTED = "rejected", _("未通过")


class Attendance(models.TextChoices):
    PRESENT = "present", _("出席")
    ABSENT_WITH_LEAVE = "absent_with_leave", _("请假缺席")
    ABSENT_WITHOUT_LEAVE = "absent_without_leave", _("无故缺席")


# Point-rule keys beyond the activity kinds.
POINT_BASE = "base"
POINT_ABSENT_WITHOUT_LEAVE = "absent_without_leave"
POINT_ABSENT_WITH_LEAVE = "absent_with_leave"

DEFAULT_POINTS: dict[str, int] = {
    POINT_BASE: 60,
    POINT_ABSENT_WITHOUT_LEAVE: -10,
    POINT_ABSENT_WITH_LEAVE: 0,
    ActivityKind.PLENARY: 10,
    ActivityKind.SC_MEETING: 5,
    ActivityKind.INSPECTION: 4,
    ActivityKind.RESEARCH: 4,
    ActivityKind.LAW_ENFORCEMENT: 5,
    ActivityKind.RECEPTION: 3,
    ActivityKind.GROUP_ACTIVITY: 2,
    ActivityKind.TRAINING: 3,
    ActivityKind.VOTER_REPORT: 5,
    ActivityKind.MEDIATION: 2,
    ActivityKind.CHARITY: 2,
    ActivityKind.RECEIVE_DEPUTIES: 2,
    ActivityKind.SUGGESTION_SUBMITTED: 5,
    ActivityKind.SUGGESTION_COSIGNED: 2,
    ActivityKind.SUGGESTION_RATED: 1,
    ActivityKind.OTHER: 1,
}


def point_rule_labels() -> list[tuple[str, str]]:
    return [
        (POINT_BASE, str(_("基础分(每年)"))),
        (POINT_ABSENT_WITHOUT_LEAVE, str(_("无故缺席会议(扣分填负数)"))),
        (POINT_ABSENT_WITH_LEAVE, str(_("请假缺席会议"))),
        *[(k, str(label)) for k, label in ActivityKind.choices],
    ]


class FundKind(models.TextChoices):
    ACTIVITY_FUND = "activity_fund", _("代表活动经费")
    LOST_EARNINGS = "lost_earnings", _("误工补贴")
    ALLOWANCE = "allowance", _("履职补助")
    HEALTH_CHECK = "health_check", _("免费健康体检")


class VoterReportState(models.TextChoices):
    SCHEDULED = "scheduled", _("已安排")
    HELD = "held", _("已述职")
    CANCELLED = "cancelled", _("已取消")


class SatisfactionValue(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class ExitWarningState(models.TextChoices):
    OPEN = "open", _("待跟进")
    FOLLOWED_UP = "followed_up", _("已跟进")
    CLOSED = "closed", _("已结束")


MEETING_REQUEST_KIND = "meeting_request"
