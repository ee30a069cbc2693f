"""States, methods and option sets of a vote, as constants."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VoteState(models.TextChoices):
    DRAFT = "draft", _("未开始")
    OPEN = "open", _("表决中")
    CLOSED = "closed", _("已结束")


class VoteMethod(models.TextChoices):
    ROLL_CALL = "roll_call", _("记名表决")
    SECRET = "secret", _("无记名表决")


class OptionSet(models.TextChoices):
    YES_NO_ABSTAIN = "yes_no_abstain", _("赞成/反对/弃权")
    SATISFACTION = "satisfaction", _("满意/基本满意/不满意")
    ELECTION = "election", _("选举")


class BallotSource(models.TextChoices):
    DEVICE = "device", _("电子表决")
    PAPER = "paper", _("纸质选票")


# The options of each fixed option set, in the order they are shown.
OPTIONS: dict[str, list[tuple[str, object]]] = {
    OptionSet.YES_NO_ABSTAIN: [("yes", _("赞成")), ("no", _("反对")), ("abstain", _("弃权"))],
    OptionSet.SATISFACTION: [
        ("satisfied", _("满意")),
        ("basic", _("基本满意")),
        ("unsatisfied", _("不满意")),
    ],
}


def option_label(option_set: str, code: str) -> str:
    for key, label in OPTIONS.get(option_set, []):
        if key == code:
            return str(label)
    return ""
