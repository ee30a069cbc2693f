"""Kinds and states of the deputies app, as constants (Chinese labels on screen)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class PoliticalAffiliation(models.TextChoices):
    """政治面貌."""

    CPC = "cpc", _("中共党员")
    CPC_PROBATIONARY = "cpc_probationary", _("中共预备党员")
    CYL = "cyl", _("共青团员")
    DEMOCRATIC_PARTY = "democratic_party", _("民主党派")
    NON_PARTY = "non_party", _("无党派人士")
    MASSES = "masses", _("群众")


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
