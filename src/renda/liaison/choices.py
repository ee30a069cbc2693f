"""States and kinds of the liaison app (stations, reception days, constituent opinions), as constants."""

from django.db import models
from django.utils.translation import gettext_lazy as _

KIND = "constituent_opinion"


class OpinionState(models.TextChoices):
    RECEIVED = "received", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    EXCLUDED = "excluded", _("不予受理")
    SPOT_ANSWERED = "spot_answered", _("已当场答复")
    ASSIGNED = "assigned", _("已转办")
    HANDLING = "handling", _("办理中")
    REPLIED = "replied", _("已答复")
    FOLLOWING = "following", _("跟踪落实")
    REHANDLING = "rehandling", _("重新办理")
    CONVERTED = "converted", _("已转为代表建议")
    CLOSED = "closed", _("已办结")


class Channel(models.TextChoices):
    PORTAL = "portal", _("网上留言")
    STATION_QR = "station_qr", _("扫联络站二维码")
    DEPUTY_QR = "deputy_qr", _("扫代表二维码")
    RECEPTION = "reception", _("接待日当面反映")
    PHONE = "phone", _("电话")
    LETTER = "letter", _("来信")


PUBLIC_CHANNELS = {Channel.PORTAL, Channel.STATION_QR, Channel.DEPUTY_QR}
STAFF_CHANNELS = {Channel.RECEPTION, Channel.PHONE, Channel.LETTER}


class Route(models.TextChoices):
    SPOT = "spot", _("当场答复")
    TOWNSHIP = "township", _("乡镇(街道)办理")
    UNIT = "unit", _("转交政府部门办理")
    SUGGESTION = "suggestion", _("转为代表建议")


class RecurrenceKind(models.TextChoices):
    DAY_OF_MONTH = "day_of_month", _("每月固定日期")
    WEEKDAY_OF_MONTH = "weekday_of_month", _("每月第几个星期几")


class ReceptionDayState(models.TextChoices):
    PLANNED = "planned", _("待公布")
    PUBLISHED = "published", _("已公布")
    CANCELLED = "cancelled", _("已取消")


WEEKDAYS = [
    (0, _("星期一")),
    (1, _("星期二")),
    (2, _("星期三")),
    (3, _("星期四")),
    (4, _("星期五")),
    (5, _("星期六")),
    (6, _("星期日")),
]

# Seed defaults; each congress edits its own copy in ``LiaisonSetting``.
DEFAULT_TOPICS = [
    "教育",
    "医疗卫生",
    "交通出行",
    "社会保障",
    "就业创业",
    "住房和城乡建设",
    "生态环境",
    "农业农村",
    "社会治理",
    "其他",
]
DEFAULT_EXCLUSIONS = [
    {
        "code": "litigation",
        "label": "已进入诉讼、仲裁程序的事项",
        "public_reason": "您反映的事项已进入诉讼或仲裁程序,请依法通过相应程序解决。感谢您的信任。",
    },
    {
        "code": "petition",
        "label": "属于信访部门受理的信访事项",
        "public_reason": "您反映的事项属于信访事项,建议您向当地信访部门反映。感谢您的信任。",
    },
    {
        "code": "personal_dispute",
        "label": "个人之间的民事纠纷",
        "public_reason": "您反映的是个人之间的纠纷,建议通过人民调解或司法途径解决。感谢您的理解。",
    },
    {
        "code": "vague",
        "label": "内容不明确,无法办理",
        "public_reason": "您反映的内容不够具体,我们暂时无法办理。欢迎补充具体情况后重新提交。",
    },
]
DEFAULT_CHECKLIST = [
    {"code": "premises", "label": "有场所"},
    {"code": "signage", "label": "有标识"},
    {"code": "rules", "label": "有制度(上墙)"},
    {"code": "plan", "label": "有计划"},
    {"code": "records", "label": "有记录"},
    {"code": "archive", "label": "有档案"},
]
DEFAULT_SENSITIVE_WORDS = ["傻逼", "操你", "去死", "王八蛋", "法轮"]

# Tracking numbers: 12 characters from an alphabet without 0/O, 1/I/L, 2/Z, 5/S, 8/B.
TRACKING_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
TRACKING_LENGTH = 12
RATING_CODE_LENGTH = 6
