"""States and kinds of deputies' suggestions and motions, as constants."""

from django.db import models
from django.utils.translation import gettext_lazy as _

KIND = "suggestion"


class SuggestionType(models.TextChoices):
    SUGGESTION = "suggestion", _("建议")
    CRITICISM = "criticism", _("批评")
    OPINION = "opinion", _("意见")
    MOTION = "motion", _("议案")


class SuggestionState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审查")
    RETURNED = "returned", _("退回修改")
    ACCEPTED = "accepted", _("已立案")
    REFUSED = "refused", _("不予立案")
    MERGED = "merged", _("已并案")
    ASSIGNED = "assigned", _("已交办")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已答复")
    FOLLOWING = "following", _("跟踪落实")
    REHANDLING = "rehandling", _("重新办理")
    CLOSED = "closed", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")


class CoSignState(models.TextChoices):
    INVITED = "invited", _("待确认")
    CONFIRMED = "confirmed", _("已附议")
    DECLINED = "declined", _("已谢绝")


class ReviewOutcome(models.TextChoices):
    ACCEPT = "accept", _("立案")
    RETURN = "return", _("退回修改")
    REFUSE = "refuse", _("不予立案")
    MERGE = "merge", _("并案办理")
    CONVERT = "convert", _("议案转为建议")


DEFAULT_CATEGORIES = ["教育", "交通", "医疗卫生", "农业农村", "城乡建设", "生态环境", "社会保障", "其他"]

DEFAULT_EXCLUSIONS = [
    ("personal", "涉及个人私事"),
    ("litigation", "正在诉讼、仲裁或行政复议"),
    ("petition", "属于信访件"),
    ("beyond_power", "超出本级人大及其常委会职权范围"),
    ("no_content", "无具体内容"),
    ("secret", "涉及国家秘密"),
]

DEFAULT_MOTION_MIN_COSIGNERS = 10
