"""States and kinds of the legislation app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanKind(models.TextChoices):
    MULTI_YEAR = "multi_year", _("立法规划")
    YEARLY = "yearly", _("年度立法计划")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("编制中")
    VOTING = "voting", _("提请表决")
    ADOPTED = "adopted", _("已通过")
    PUBLISHED = "published", _("已公布")


class ProjectSource(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    COMMITTEE = "committee", _("专门委员会/工作委员会")
    DEPUTY = "deputy", _("人大代表")
    PUBLIC = "public", _("社会公众")


class ProjectCategory(models.TextChoices):
    FORMAL = "formal", _("正式项目(审议项目)")
    PREPARATORY = "preparatory", _("预备项目")
    RESEARCH = "research", _("调研项目")


class ProjectState(models.TextChoices):
    PROPOSED = "proposed", _("已提出")
    UNDER_STUDY = "under_study", _("论证中")
    IN_PLAN = "in_plan", _("已列入计划")
    DRAFTING = "drafting", _("起草中")
    UNDER_DELIBERATION = "under_deliberation", _("审议中")
    PASSED = "passed", _("已通过")
    APPROVED = "approved", _("已批准")
    IN_FORCE = "in_force", _("施行中")
    AMENDED = "amended", _("已修正")
    REPEALED = "repealed", _("已废止")


# States whose regulation belongs to the body of law in force.
IN_FORCE_STATES = (ProjectState.IN_FORCE, ProjectState.AMENDED)


class ReadingOrdinal(models.IntegerChoices):
    FIRST = 1, _("一审")
    SECOND = 2, _("二审")
    THIRD = 3, _("三审")


class ReadingState(models.TextChoices):
    SCHEDULED = "scheduled", _("已列入议程")
    HELD = "held", _("已审议")


class VoteScope(models.TextChoices):
    WHOLE = "whole", _("法规草案全文")
    ARTICLE = "article", _("单独表决条款")


class VoteOutcome(models.TextChoices):
    PENDING = "pending", _("待表决")
    PASSED = "passed", _("通过")
    FAILED = "failed", _("未通过")


class CommentSource(models.TextChoices):
    PUBLIC = "public", _("社会公众")
    DEPUTY = "deputy", _("人大代表")
    CONTACT_POINT = "contact_point", _("基层立法联系点")
    ORGANISATION = "organisation", _("书面征求意见单位")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("待筛选")
    ACCEPTED = "accepted", _("有效意见")
    REJECTED = "rejected", _("无效意见")


class Adoption(models.TextChoices):
    NONE = "", _("未处理")
    ADOPTED = "adopted", _("已采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


class ApprovalState(models.TextChoices):
    REPORTED = "reported", _("已报请批准")
    APPROVED = "approved", _("已批准")
    FILED = "filed", _("已备案")


class SolicitationKind(models.TextChoices):
    CONTACT_POINT = "contact_point", _("基层立法联系点")
    ORGANISATION = "organisation", _("书面征求意见单位")
    DEPUTY = "deputy", _("人大代表")


class ConsultationKind(models.TextChoices):
    HEARING = "hearing", _("立法听证会")
    EXPERT_MEETING = "expert_meeting", _("立法论证会")
    WRITTEN = "written", _("专家书面咨询")
    THIRD_PARTY = "third_party", _("委托第三方评估")


class CleanupProposal(models.TextChoices):
    KEEP = "keep", _("继续有效")
    AMEND = "amend", _("予以修改")
    REPEAL = "repeal", _("予以废止")


class CampaignState(models.TextChoices):
    OPEN = "open", _("清理中")
    CONCLUDED = "concluded", _("已完成")


class EvaluationState(models.TextChoices):
    ONGOING = "ongoing", _("评估中")
    FINISHED = "finished", _("已完成")
