"""Stages of a programme, states of a candidate project, who proposed it, how ties are broken."""

from django.db import models
from django.utils.translation import gettext_lazy as _

KIND = "livelihood_followup"
OWNER_BALLOT = "livelihood_programme"
OWNER_EVALUATION = "livelihood_evaluation"
AGENDA_KIND = "livelihood_ballot"


class Stage(models.TextChoices):
    COLLECTING = "collecting", _("征集候选项目")
    SHORTLISTING = "shortlisting", _("政府初定候选项目")
    PRESIDIUM = "presidium", _("主席团审议")
    VOTING = "voting", _("代表大会票决")
    IMPLEMENTING = "implementing", _("监督实施")
    EVALUATING = "evaluating", _("年终满意度测评")
    FINISHED = "finished", _("已完成")


STAGE_ORDER = [s.value for s in Stage]


class ProjectState(models.TextChoices):
    PROPOSED = "proposed", _("已征集")
    NOT_ADOPTED = "not_adopted", _("未列入候选")
    SHORTLISTED = "shortlisted", _("列入候选")
    PRESIDIUM_AGREED = "presidium_agreed", _("主席团同意提交票决")
    PRESIDIUM_DROPPED = "presidium_dropped", _("主席团未同意")
    TIED = "tied", _("票数相同待定")
    PASSED = "passed", _("票决通过")
    FAILED = "failed", _("未通过")
    IMPLEMENTING = "implementing", _("实施中")
    COMPLETED = "completed", _("已完成待测评")
    EVALUATED = "evaluated", _("已测评")


# The states of a project the deputies chose (the portal's progress list).
CHOSEN_STATES = [
    ProjectState.PASSED,
    ProjectState.IMPLEMENTING,
    ProjectState.COMPLETED,
    ProjectState.EVALUATED,
]


class ProposerKind(models.TextChoices):
    PUBLIC = "public", _("群众(门户网站)")
    STATION = "station", _("代表联络站")
    DEPUTY = "deputy", _("人大代表")
    GOVERNMENT = "government", _("人民政府")


class TieRule(models.TextChoices):
    RUNOFF = "runoff", _("对票数相同的项目再次投票")
    PRESIDIUM = "presidium", _("由主席团研究决定")
