from django.db import models
from django.utils.translation import gettext_lazy as _

KIND = "task"


class TaskState(models.TextChoices):
    REGISTERED = "registered", _("待交办")
    ASSIGNED = "assigned", _("待签收")
    HANDLING = "handling", _("落实中")
    REPORTED = "reported", _("待核验销号")
    FOLLOWING = "following", _("跟踪落实")
    REHANDLING = "rehandling", _("核验未通过,继续落实")
    CLOSED = "closed", _("已销号")


class Recurrence(models.TextChoices):
    NONE = "none", _("一次性")
    HALF_YEARLY = "half_yearly", _("每半年")
    YEARLY = "yearly", _("每年")
    PER_TERM = "per_term", _("每届")
    EACH_MEETING = "each_meeting", _("每次常委会会议")


class IssuerKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("党委")
    STANDING_COMMITTEE = "standing_committee", _("人大常委会")
    OTHER = "other", _("其他")
