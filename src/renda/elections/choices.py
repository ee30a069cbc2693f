"""Choices of the elections app (换届选举)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ElectionLevel(models.TextChoices):
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇级")


class ElectionKind(models.TextChoices):
    GENERAL = "general", _("换届选举")
    BY_ELECTION = "by_election", _("补选")


class ElectionState(models.TextChoices):
    PREPARING = "preparing", _("筹备中")
    REGISTERING = "registering", _("选民登记")
    NOMINATING = "nominating", _("提名确定候选人")
    VOTING = "voting", _("投票选举")
    REVIEWING = "reviewing", _("代表资格审查")
    CLOSED = "closed", _("已结束")


STATE_ORDER = [s.value for s in ElectionState]


class CommitteePost(models.TextChoices):
    CHAIR = "chair", _("主任")
    VICE_CHAIR = "vice_chair", _("副主任")
    MEMBER = "member", _("委员")


class ConstituencyKind(models.TextChoices):
    TOWNSHIP = "township", _("乡镇")
    VILLAGE = "village", _("村")
    RESIDENTS = "residents", _("居民委员会")
    WORK_UNIT = "work_unit", _("单位")


class VoterStatus(models.TextChoices):
    ELIGIBLE = "eligible", _("有选举权")
    EXCLUDED = "excluded", _("不列入名单")
    REMOVED = "removed", _("已除名")


class ExclusionReason(models.TextChoices):
    DEPRIVED = "deprived", _("依法被剥夺政治权利")
    UNABLE = "unable", _("经确认无法行使选举权利的精神病患者")


class RemovalReason(models.TextChoices):
    DECEASED = "deceased", _("死亡")
    MOVED = "moved", _("迁出")
    WRONGLY_LISTED = "wrongly_listed", _("错列")
    APPEAL = "appeal", _("申诉决定")


class VoterSource(models.TextChoices):
    IMPORT = "import", _("名册导入")
    MANUAL = "manual", _("手工登记")
    APPEAL = "appeal", _("申诉决定补登")


class ImportState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    CHECKING = "checking", _("检查中")
    WRITING = "writing", _("写入中")
    DONE = "done", _("已完成")
    REFUSED = "refused", _("有错误,未导入")
    FAILED = "failed", _("出错")


class AppealKind(models.TextChoices):
    OMITTED = "omitted", _("应登记而未登记")
    WRONGLY_LISTED = "wrongly_listed", _("不应登记而登记")
    PARTICULARS = "particulars", _("登记信息有误")


class AppealDecision(models.TextChoices):
    PENDING = "", _("待处理")
    UPHELD = "upheld", _("申诉成立")
    REJECTED = "rejected", _("申诉不成立")


class NominatorKind(models.TextChoices):
    PARTY = "party", _("政党、人民团体推荐")
    VOTERS = "voters", _("选民十人以上联名推荐")


class CandidateStage(models.TextChoices):
    NOMINATED = "nominated", _("已提名")
    PRELIMINARY = "preliminary", _("初步候选人")
    FORMAL = "formal", _("正式候选人")
    NOT_SELECTED = "not_selected", _("未列为正式候选人")
    WITHDRAWN = "withdrawn", _("已撤回")


class StationKind(models.TextChoices):
    STATION = "station", _("投票站")
    MOBILE = "mobile", _("流动票箱")
    MEETING = "meeting", _("选举大会")


class RoundKind(models.TextChoices):
    FIRST = "first", _("投票选举")
    FURTHER = "further", _("另行选举")


class RoundState(models.TextChoices):
    OPEN = "open", _("计票中")
    VOID = "void", _("选举无效")
    DECIDED = "decided", _("已确定结果")


class ReviewState(models.TextChoices):
    PENDING = "pending", _("待审查")
    CONFIRMED = "confirmed", _("确认有效")
    INVALID = "invalid", _("确认无效")


class ConsultationForm(models.TextChoices):
    DELIBERATION = "deliberation", _("酝酿")
    DISCUSSION = "discussion", _("讨论")
    CONSULTATION = "consultation", _("协商")


class ConsultationOutcome(models.TextChoices):
    SUPPORTED = "supported", _("多数意见同意列为正式候选人")
    OPPOSED = "opposed", _("多数意见不同意列为正式候选人")
    DIVIDED = "divided", _("意见不一致,须预选")


class CourtOutcome(models.TextChoices):
    PENDING = "", _("待判决")
    FOR_APPELLANT = "for_appellant", _("支持起诉人")
    AGAINST_APPELLANT = "against_appellant", _("驳回起诉")
