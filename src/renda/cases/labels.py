"""Chinese labels of the audit actions written on cases, and readable details of each event.

``ACTION_LABELS`` (the audit registry, ``renda.audit.labels``) names every action code the engine's
services and the case kinds write (the timeline shows these instead of the raw ``case.rate``; a
``case.transition`` reads as the kind's own transition label, "立案"). ``describe_event`` turns an event's
``after`` into short Chinese phrases ("答复类别:A 已解决或采纳", "主办单位:县教育局"); the names it
needs (units, people) come from a ``Names`` lookup filled in bulk by the selector, so a timeline
costs a fixed number of queries. A kind may pass describers for its own actions
(``case_timeline_entries(case, describers=...)``); the engine never imports a kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from renda.audit.labels import ACTION_LABELS as AUDIT_ACTION_LABELS
from renda.audit.labels import action_label as audit_action_label

from .choices import (
    AssignmentRole,
    ContactMode,
    ContactPhase,
    PartyRole,
    RatingOutcome,
    RatingValue,
    ReplyClass,
    SupervisionMode,
)

# The Chinese names of the actions live in the one registry of all audit events.
ACTION_LABELS = AUDIT_ACTION_LABELS


def action_label(code: str) -> str:
    """The Chinese name of an action code; an unknown code still reads as Chinese."""
    return audit_action_label(code)


def entry_label(code: str, after: dict[str, Any] | None, policy: Any) -> str:
    """What a timeline entry says happened: a transition by the kind's label ("立案", "办结")."""
    transition = str((after or {}).get("transition") or "")
    if code == "case.transition" and transition:
        return _transition(policy, transition)
    return action_label(code)


def case_names(ids: list[str]) -> dict[str, str]:
    """Audit targets of type ``cases.case`` by kind and number: "代表建议 JY2026-0032"."""
    from .models import Case
    from .policies import get_policy

    out: dict[str, str] = {}
    pks = [int(i) for i in ids if str(i).isdigit()]
    for pk, kind, number in Case.objects.filter(pk__in=pks).values_list("pk", "kind", "number"):
        try:
            label = str(get_policy(kind).label)
        except (KeyError, LookupError):
            label = _("案件")
        out[str(pk)] = f"{label} {number}".strip()
    return out


@dataclass
class Names:
    """Names the describers may need, looked up in bulk before describing."""

    units: dict[int, str] = field(default_factory=dict)  # organisation id → name
    assignment_units: dict[int, str] = field(default_factory=dict)  # assignment id → unit name
    users: dict[int, str] = field(default_factory=dict)  # user id → display name
    extra: dict[str, dict[Any, str]] = field(default_factory=dict)  # a kind's own lookups

    def unit(self, org_id: Any) -> str:
        return self.units.get(_int(org_id), "") if org_id is not None else ""

    def unit_of(self, assignment_id: Any) -> str:
        return self.assignment_units.get(_int(assignment_id), "") if assignment_id is not None else ""

    def user(self, user_id: Any) -> str:
        return self.users.get(_int(user_id), "") if user_id is not None else ""


Describer = Callable[[dict[str, Any], Names, Any], list[str]]


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _choice(choices: Any, value: Any) -> str:
    if value in (None, ""):
        return ""
    for code, label in choices.choices:
        if code == value:
            return str(label)
    return str(value)


def _date(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d")
            if timezone.is_aware(value)
            else f"{value:%Y-%m-%d}"
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        parsed = parse_date(value[:10])
        return parsed.isoformat() if parsed else value
    return ""


def _yes_no(value: Any, yes: str, no: str) -> str:
    return yes if value else no


def _state(policy: Any, code: Any) -> str:
    if not code:
        return ""
    try:
        return str(policy.state_label(code)) if policy is not None else str(code)
    except (KeyError, AttributeError):
        return str(code)


def _transition(policy: Any, name: str) -> str:
    for t in getattr(policy, "transitions", ()) or ():
        if t.name == name:
            return str(t.label)
    # a transition the kind no longer declares keeps the label the kind gives it
    found = (getattr(policy, "transition_labels", None) or {}).get(name)
    return str(found) if found is not None else _("状态变更")


def _note(after: dict[str, Any], key: str = "note", label: str | None = None) -> list[str]:
    text = str(after.get(key) or "").strip()
    if not text:
        return []
    return [_("%(l)s:%(t)s") % {"l": label or _("说明"), "t": text[:200]}]


def _unit_line(after: dict[str, Any], names: Names) -> list[str]:
    unit = names.unit_of(after.get("assignment_id"))
    return [_("承办单位:%(u)s") % {"u": unit}] if unit else []


# --- the engine's actions -------------------------------------------------------------------------------


def _create(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = []
    if after.get("number"):
        out.append(_("编号:%(n)s") % {"n": after["number"]})
    if after.get("state"):
        out.append(_("状态:%(s)s") % {"s": _state(policy, after["state"])})
    return out


def _party_add(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    who = names.user(after.get("user"))
    role = _choice(PartyRole, after.get("role"))
    return [_("%(r)s:%(u)s") % {"r": role or _("当事人"), "u": who or _("(已删除的用户)")}]


def _transition_details(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = [_("操作:%(t)s") % {"t": _transition(policy, str(after.get("transition") or ""))}]
    if after.get("state"):
        out.append(_("状态变为:%(s)s") % {"s": _state(policy, after["state"])})
    return out + _note(after)


def _assign(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    by_role: dict[str, list[str]] = {}
    for row in after.get("assignments") or []:
        try:
            _pk, org_id, role = row
        except (TypeError, ValueError):
            continue
        by_role.setdefault(role, []).append(names.unit(org_id) or _("(未知单位)"))
    out = []
    titles = {
        AssignmentRole.LEAD: _("主办单位"),
        AssignmentRole.CO_HANDLER: _("协办单位"),
        AssignmentRole.SEPARATE: _("分别办理单位"),
    }
    for role in (AssignmentRole.LEAD, AssignmentRole.CO_HANDLER, AssignmentRole.SEPARATE):
        if by_role.get(role):
            out.append(_("%(r)s:%(u)s") % {"r": titles[role], "u": "、".join(by_role[role])})
    if after.get("deadline"):
        out.append(_("办理期限:%(d)s") % {"d": _date(after["deadline"])})
    return out + _note(after, label=_("交办意见"))


def _sign(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    unit = names.unit(after.get("organization")) or names.unit_of(after.get("assignment_id"))
    return [_("承办单位:%(u)s") % {"u": unit}] if unit else []


def _contact(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = _unit_line(after, names)
    parts = [
        p for p in (_choice(ContactPhase, after.get("phase")), _choice(ContactMode, after.get("mode"))) if p
    ]
    if parts:
        out.append(" · ".join(parts))
    return out


def _progress(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = _unit_line(after, names)
    if after.get("percent_done") is not None:
        out.append(_("完成进度:%(p)s%%") % {"p": after["percent_done"]})
    return out


def _reply(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = _unit_line(after, names)
    if after.get("classification"):
        out.append(_("答复类别:%(c)s") % {"c": _choice(ReplyClass, after["classification"])})
    if "is_final" in after:
        out.append(_yes_no(after.get("is_final"), _("最终答复"), _("阶段性答复")))
    if after.get("without_contact"):
        out.append(_("未与提出人沟通即答复"))
    if after.get("without_co_handler"):
        out.append(_("未待协办意见即答复"))
        out += _note(after, "reason_without_co_handler", _("理由"))
    author = names.user(after.get("author"))
    if after.get("signed_off_by"):
        if author:
            out.append(_("起草人:%(u)s") % {"u": author})
        leader = names.user(after.get("signed_off_by"))
        if leader:
            out.append(_("签发人:%(u)s") % {"u": leader})
    if after.get("state"):
        out.append(_("状态变为:%(s)s") % {"s": _state(policy, after["state"])})
    return out


def _draft(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = _unit_line(after, names)
    if after.get("classification"):
        out.append(_("答复类别:%(c)s") % {"c": _choice(ReplyClass, after["classification"])})
    if "is_final" in after:
        out.append(_yes_no(after.get("is_final"), _("最终答复"), _("阶段性答复")))
    return out


def _sign_off(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = _unit_line(after, names)
    author = names.user(after.get("drafted_by"))
    if author:
        out.append(_("起草人:%(u)s") % {"u": author})
    return out


def _rate(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    value = after.get("value")
    if value == RatingValue.PERCENT and after.get("percent") is not None:
        shown = _("满意率%(p)s%%") % {"p": after["percent"]}
    else:
        shown = _choice(RatingValue, value)
    out = [_("测评结果:%(v)s") % {"v": shown}] if shown else []
    if after.get("outcome"):
        out.append(_("结论:%(o)s") % {"o": _choice(RatingOutcome, after["outcome"])})
    if after.get("state"):
        out.append(_("状态变为:%(s)s") % {"s": _state(policy, after["state"])})
    if after.get("on_special_inquiry"):
        out.append(_("列入专题询问"))
    return out


def _mark_key(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    if not after.get("is_key"):
        return [_("取消重点督办")]
    leader = names.user(after.get("supervising_leader"))
    out = [_("列为重点督办")]
    if leader:
        out.append(_("督办领导:%(u)s") % {"u": leader})
    return out


def _supervise(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = []
    if after.get("mode"):
        out.append(_("督办方式:%(m)s") % {"m": _choice(SupervisionMode, after["mode"])})
    who = names.user(after.get("supervisor"))
    if who:
        out.append(_("督办人:%(u)s") % {"u": who})
    return out


def _publish(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    return [_("按规定自动公开")] if after.get("auto") else []


def _withhold(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    return _note(after, "reason", _("理由"))


def _attach(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = [_("文件:%(n)s") % {"n": after["name"]}] if after.get("name") else []
    if after.get("reply_id"):
        out.append(_("答复附件"))
    return out


def _extension_request(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = _unit_line(after, names)
    if after.get("requested_deadline"):
        out.append(_("申请延至:%(d)s") % {"d": _date(after["requested_deadline"])})
    return out


def _decision(after: dict[str, Any]) -> str:
    return _yes_no(after.get("approved"), _("同意"), _("不同意"))


def _extension_decide(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = _unit_line(after, names) + [_("审批结果:%(r)s") % {"r": _decision(after)}]
    if after.get("approved") and after.get("deadline"):
        out.append(_("新办理期限:%(d)s") % {"d": _date(after["deadline"])})
    return out + _note(after, label=_("审批意见"))


def _return_decide(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = _unit_line(after, names) + [_("审批结果:%(r)s") % {"r": _decision(after)}]
    if after.get("reassigned_to"):
        out.append(_("改由:%(u)s") % {"u": names.unit(after["reassigned_to"]) or _("(未知单位)")})
    if after.get("state"):
        out.append(_("状态变为:%(s)s") % {"s": _state(policy, after["state"])})
    return out + _note(after, label=_("审批意见"))


ENGINE_DESCRIBERS: dict[str, Describer] = {
    "case.create": _create,
    "case.party_add": _party_add,
    "case.transition": _transition_details,
    "case.assign": _assign,
    "assignment.sign": _sign,
    "assignment.plan": lambda a, n, p: _unit_line(a, n),
    "assignment.contact": _contact,
    "assignment.progress": _progress,
    "assignment.co_opinion": lambda a, n, p: _unit_line(a, n),
    "case.reply": _reply,
    "case.rate": _rate,
    "reply_draft.submit": _draft,
    "reply_draft.update": _draft,
    "reply_draft.resubmit": _draft,
    "reply_draft.sign_off": _sign_off,
    "reply_draft.send_back": lambda a, n, p: _unit_line(a, n) + _note(a, label=_("修改意见")),
    "case.mark_key": _mark_key,
    "case.supervise": _supervise,
    "case.publish": _publish,
    "case.withhold": _withhold,
    "case.attach": _attach,
    "extension.request": _extension_request,
    "extension.decide": _extension_decide,
    "return.request": lambda a, n, p: _unit_line(a, n),
    "return.decide": _return_decide,
}


def describe_event(
    action: str,
    after: dict[str, Any] | None,
    names: Names,
    policy: Any = None,
    describers: dict[str, Describer] | None = None,
) -> list[str]:
    """Readable Chinese details of one event; never raises on an odd payload."""
    data = after if isinstance(after, dict) else {}
    describer = (describers or {}).get(action) or ENGINE_DESCRIBERS.get(action)
    if describer is None:
        return []
    try:
        return [line for line in describer(data, names, policy) if line]
    except (KeyError, TypeError, ValueError, AttributeError):
        return []


# ids the describers look up in bulk: (key in ``after``, which lookup)
UNIT_KEYS = ("organization", "reassigned_to")
USER_KEYS = ("user", "supervising_leader", "supervisor", "author", "signed_off_by", "drafted_by")


def referenced_ids(after: dict[str, Any] | None) -> tuple[set[int], set[int], set[int]]:
    """(organisation ids, assignment ids, user ids) an event's details mention."""
    data = after if isinstance(after, dict) else {}
    units = {_int(data[k]) for k in UNIT_KEYS if data.get(k) is not None}
    for row in data.get("assignments") or []:
        if isinstance(row, list | tuple) and len(row) == 3:
            units.add(_int(row[1]))
    assignments = {_int(data["assignment_id"])} if data.get("assignment_id") is not None else set()
    users = {_int(data[k]) for k in USER_KEYS if data.get(k) is not None}
    return units - {-1}, assignments - {-1}, users - {-1}
