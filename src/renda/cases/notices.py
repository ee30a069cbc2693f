"""What a case notification says: one sentence of what happened and one of what to do, per event.

Each function returns ``(title, body)`` for ``queue_notification``: the title says what happened to
which case ("您的代表建议《…》(JY2026-0032)已立案。"), the body what the reader should do next
("接下来将交办承办单位办理,请留意办理进展。"); the notification's link opens the case to act on it.
Numbers are never shown alone: the case is named by its kind, title and number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from .policies import get_policy

# What the party should do or expect after a transition, by transition name (kinds share names).
AFTER_TRANSITION: dict[str, Any] = {
    "submit": lambda: _("工作人员将进行审查,请留意审查结果。"),
    "resubmit": lambda: _("工作人员将重新审查,请留意审查结果。"),
    "admit": lambda: _("接下来将交办承办单位办理,请留意办理进展。"),
    "accept_opinion": lambda: _("接下来将转交有关单位办理,请留意办理进展。"),
    "return": lambda: _("请根据审查意见修改后重新提交。"),
    "refuse": lambda: _("如有疑问,请与人大常委会工作人员联系。"),
    "merge": lambda: _("将与同类案件合并办理,请在合并后的案件中查看办理进展。"),
    "convert": lambda: _("将作为建议交办,请留意办理进展。"),
    "accept": lambda: _("办理已结束,感谢您的参与。"),
    "spot_close": lambda: _("办理已结束,感谢您的参与。"),
    "follow": lambda: _("承办单位将继续跟踪落实,请留意后续进展。"),
    "rehandle": lambda: _("将重新交办办理,请留意办理进展。"),
}


def _kind(case: Any) -> str:
    try:
        return str(get_policy(case.kind).label)
    except LookupError:
        return _("案件")


def case_name(case: Any) -> str:
    """ "代表建议《关于…的建议》(JY2026-0032)"."""
    return _("%(k)s《%(t)s》(%(n)s)") % {"k": _kind(case), "t": case.title, "n": case.number}


def _own(case: Any) -> str:
    return _("您的%(k)s《%(t)s》(%(n)s)") % {"k": _kind(case), "t": case.title, "n": case.number}


def _day(value: dt.date | None) -> str:
    return value.strftime("%Y年%m月%d日").replace("年0", "年").replace("月0", "月") if value else ""


def _join(*parts: str) -> str:
    return "".join(p for p in parts if p)


def _note(label: str, text: str) -> str:
    text = (text or "").strip()
    return _("%(l)s:%(t)s。") % {"l": label, "t": text.rstrip("。")} if text else ""


# --- the case's own steps --------------------------------------------------------------------------


def transition_for_party(case: Any, transition: Any, note: str) -> tuple[str, str]:
    title = _("%(c)s已%(l)s。") % {"c": _own(case), "l": transition.label}
    hint = AFTER_TRANSITION.get(transition.name)
    return title, _join(_note(_("说明"), note), str(hint()) if hint else _("请留意办理进展。"))


def transition_for_staff(case: Any, transition: Any, note: str, actor: Any) -> tuple[str, str]:
    title = _("%(c)s已%(l)s。") % {"c": case_name(case), "l": transition.label}
    who = getattr(actor, "display_name", "") or ""
    by = _("操作人:%(u)s。") % {"u": who} if who else ""
    return title, _join(by, _note(_("说明"), note), _("可打开案件查看详情。"))


def assigned_to_unit(case: Any, due: dt.date) -> tuple[str, str]:
    title = _("%(c)s已交由本单位办理。") % {"c": case_name(case)}
    return title, _("请签收后与提出人沟通,并于%(d)s前答复。") % {"d": _day(due)}


def assigned_for_party(case: Any, units: list[str]) -> tuple[str, str]:
    title = _("%(c)s已交由%(u)s办理。") % {"c": _own(case), "u": "、".join(units)}
    return title, _("承办单位将与您沟通办理情况,请留意办理进展。")


def progress(case: Any, unit: Any, text: str) -> tuple[str, str]:
    title = _("%(u)s报告了%(c)s的办理进展。") % {"u": unit, "c": case_name(case)}
    return title, _join(_note(_("进展"), text[:200]), _("可打开案件查看详情。"))


def co_opinion(case: Any, unit: Any, text: str) -> tuple[str, str]:
    title = _("%(u)s已送达%(c)s的协办意见。") % {"u": unit, "c": case_name(case)}
    return title, _join(_note(_("协办意见"), text[:200]), _("请在答复时统筹考虑。"))


def draft_submitted(case: Any, unit: Any, clerk: Any, *, again: bool) -> tuple[str, str]:
    who = getattr(clerk, "display_name", "") or _("经办人")
    if again:
        title = _("%(w)s修改了%(c)s的答复稿,请您签发。") % {"w": who, "c": case_name(case)}
    else:
        title = _("%(w)s起草了%(c)s的答复稿,请您签发。") % {"w": who, "c": case_name(case)}
    return title, _("请打开案件审阅答复稿:同意的签发送出,需修改的退回经办人。")


def draft_signed_off(case: Any, leader: Any) -> tuple[str, str]:
    who = getattr(leader, "display_name", "") or _("单位负责人")
    title = _("您起草的%(c)s答复稿已由%(w)s签发。") % {"c": case_name(case), "w": who}
    return title, _("答复已送达提出人,请留意满意度测评结果。")


def draft_sent_back(case: Any, leader: Any, note: str) -> tuple[str, str]:
    who = getattr(leader, "display_name", "") or _("单位负责人")
    title = _("您起草的%(c)s答复稿被%(w)s退回修改。") % {"c": case_name(case), "w": who}
    return title, _join(_note(_("修改意见"), note), _("请按意见修改后重新送签。"))


def co_opinion_due(case: Any, deadline: dt.date, *, overdue: bool) -> tuple[str, str]:
    if overdue:
        title = _("%(c)s的协办意见已超过送达期限(%(d)s)。") % {"c": case_name(case), "d": _day(deadline)}
        return title, _("主办单位正等待本单位的协办意见后答复,请尽快送达。")
    title = _("%(c)s的协办意见须于%(d)s前送达主办单位。") % {"c": case_name(case), "d": _day(deadline)}
    return title, _("请抓紧研究,按期向主办单位送达协办意见。")


def replied(case: Any, unit: Any, classification: str, *, for_party: bool) -> tuple[str, str]:
    if for_party:
        title = _("%(u)s已答复%(c)s(%(k)s)。") % {"u": unit, "c": _own(case), "k": classification}
        return title, _("请打开案件阅读答复,并进行满意度测评。")
    title = _("%(u)s已答复%(c)s(%(k)s)。") % {"u": unit, "c": case_name(case), "k": classification}
    return title, _("可打开案件查看答复内容。")


def rated(case: Any, value_label: str, comment: str) -> tuple[str, str]:
    title = _("%(c)s的答复测评结果为“%(v)s”。") % {"c": case_name(case), "v": value_label}
    return title, _join(_note(_("代表意见"), comment), _("可打开案件查看测评详情。"))


def rehandle(case: Any, deadline: dt.date) -> tuple[str, str]:
    title = _("%(c)s的答复测评为不满意,需重新办理。") % {"c": case_name(case)}
    return title, _("请与提出人再次沟通,并于%(d)s前重新答复。") % {"d": _day(deadline)}


def special_inquiry(case: Any) -> tuple[str, str]:
    title = _("%(c)s两次测评不满意,已列入专题询问。") % {"c": case_name(case)}
    return title, _("请做好专题询问的准备。")


def key_supervision(case: Any) -> tuple[str, str]:
    title = _("%(c)s已列为重点督办,请您领衔督办。") % {"c": case_name(case)}
    return title, _("请打开案件了解办理情况并安排督办。")


def supervised(case: Any, notes: str) -> tuple[str, str]:
    title = _("%(c)s收到督办意见。") % {"c": case_name(case)}
    return title, _join(_note(_("督办意见"), notes), _("请按督办意见抓紧办理。"))


def extension_requested(case: Any, unit: Any, reason: str) -> tuple[str, str]:
    title = _("%(u)s申请延期办理%(c)s。") % {"u": unit, "c": case_name(case)}
    return title, _join(_note(_("理由"), reason), _("请打开案件审批延期申请。"))


def extension_approved_for_party(case: Any, deadline: dt.date, reason: str) -> tuple[str, str]:
    title = _("%(c)s的办理期限已延至%(d)s。") % {"c": _own(case), "d": _day(deadline)}
    return title, _join(_note(_("延期理由"), reason), _("请留意办理进展。"))


def extension_decided(case: Any, approve: bool, note: str) -> tuple[str, str]:
    if approve:
        title = _("%(c)s的延期申请已同意。") % {"c": case_name(case)}
        todo = _("请在新的期限前办理答复。")
    else:
        title = _("%(c)s的延期申请未获同意。") % {"c": case_name(case)}
        todo = _("请按原期限办理答复。")
    return title, _join(_note(_("审批意见"), note), todo)


def return_requested(case: Any, unit: Any, reason: str) -> tuple[str, str]:
    title = _("%(u)s申请退回%(c)s。") % {"u": unit, "c": case_name(case)}
    return title, _join(_note(_("理由"), reason), _("请打开案件审批退回申请。"))


def return_decided(case: Any, approve: bool, note: str) -> tuple[str, str]:
    if approve:
        title = _("%(c)s的退回申请已同意。") % {"c": case_name(case)}
        todo = _("本单位无需继续办理此案件。")
    else:
        title = _("%(c)s的退回申请未获同意。") % {"c": case_name(case)}
        todo = _("请继续办理并按期答复。")
    return title, _join(_note(_("审批意见"), note), todo)


# --- deadlines (the daily job) -----------------------------------------------------------------------


def deadline_warning(case: Any, deadline: dt.date) -> tuple[str, str]:
    title = _("%(c)s将于%(d)s到期。") % {"c": case_name(case), "d": _day(deadline)}
    return title, _("请抓紧办理,按期答复。")


def deadline_overdue(case: Any, days: int) -> tuple[str, str]:
    title = _("%(c)s已超过办理期限%(n)s天。") % {"c": case_name(case), "n": days}
    return title, _("请尽快办理并答复;如需延期,请提出延期申请。")


def deadline_escalated(case: Any, unit: Any, days: int) -> tuple[str, str]:
    title = _("%(u)s办理的%(c)s已超期%(n)s天。") % {"u": unit, "c": case_name(case), "n": days}
    return title, _("请督促承办单位尽快办理。")
