"""What area `plans` adds to the shared registries: the case kind ``rectification_item``, the agenda
kind that points an agenda item at a plan item, the menu, the to-do, audit names and R09 / R27."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

AUDIT_LABELS = {
    "oversight_plan.create": _("新建监督工作计划"),
    "oversight_plan.adopt": _("监督工作计划经主任会议通过"),
    "oversight_plan.publish": _("公开监督工作计划"),
    "oversight_plan_item.add": _("增加监督计划事项"),
    "oversight_plan_item.remove": _("删除监督计划事项"),
    "oversight_plan_item.status": _("更新监督计划事项状态"),
    "oversight_plan.export": _("导出监督工作计划"),
    "oversight_summary.export": _("导出年度监督工作总结"),
    "rectification.create": _("提出整改事项"),
    "rectification.export": _("导出整改事项"),
    "inspection.create": _("新建执法检查"),
    "inspection.member_add": _("增加执法检查组成员"),
    "inspection.visit_add": _("登记执法检查行程"),
    "inspection.findings": _("记录执法检查发现的问题"),
    "inspection.report": _("执法检查报告提交常委会"),
    "inspection.close": _("执法检查整改完成"),
    "inspection.export": _("导出执法检查"),
    "inquiry.create": _("新建专题询问"),
    "inquiry.question": _("登记询问问题"),
    "inquiry.answer": _("记录应询回答"),
    "inquiry.close": _("结束专题询问"),
    "inquiry.export": _("导出专题询问"),
    "interpellation.export": _("导出质询案"),
    "investigation.export": _("导出特定问题调查"),
    "interpellation.create": _("提出质询案"),
    "interpellation.sign": _("质询案联名"),
    "interpellation.admit": _("受理质询案"),
    "interpellation.reject": _("质询案不予受理"),
    "interpellation.answer": _("记录质询答复和满意度"),
    "investigation.create": _("成立特定问题调查委员会"),
    "investigation.hearing": _("登记特定问题调查"),
    "investigation.report": _("提出特定问题调查报告"),
    "investigation.resolve": _("就特定问题调查作出决议"),
    "evaluation.create": _("确定评议对象"),
    "evaluation.self_report": _("登记自查报告或述职报告"),
    "evaluation.activity": _("登记评议调查视察"),
    "evaluation.open_scoring": _("开始满意度测评"),
    "evaluation.score": _("参加满意度测评"),
    "evaluation.score_paper": _("录入纸质测评表"),
    "evaluation.close_scoring": _("结束满意度测评"),
    "evaluation.publish": _("公开评议结果"),
    "evaluation.export": _("导出评议结果"),
}


def _plan_item_choices(user: Any, meeting: Any) -> list[tuple[str, str]]:
    from .models.plans import ItemStatus, PlanItem
    from .selectors_plans import AGENDA_SUBJECT

    items = (
        PlanItem.objects.filter(plan__congress_id=meeting.congress_id, plan__year=meeting.starts_at.year)
        .exclude(status=ItemStatus.CANCELLED)
        .order_by("order")
    )
    return [(f"{AGENDA_SUBJECT}:{i.pk}", f"{i.get_instrument_display()}:{i.title}") for i in items]


def _plan_item_label(pk: int) -> str:
    from .models.plans import PlanItem

    item = PlanItem.objects.filter(pk=pk).first()
    return f"{item.get_instrument_display()}:{item.title}" if item else ""


def _plan_item_url(pk: int) -> str:
    from .models.plans import PlanItem

    item = PlanItem.objects.filter(pk=pk).only("plan_id").first()
    return reverse("oversight:plan_detail", args=[item.plan_id]) + f"#item-{pk}" if item else ""


def _plan_item_minutes(agenda_item: Any) -> str:
    from .models.plans import PlanItem

    item = PlanItem.objects.filter(pk=agenda_item.subject_id).select_related("committee").first()
    if item is None:
        return ""
    return f"本议题为年度监督工作计划事项({item.get_instrument_display()}),责任委员会:{item.committee.name}。"


def register_all() -> None:
    from renda.audit.labels import ACTION_LABELS
    from renda.cases.policies import register_policy
    from renda.core.choices import Role
    from renda.meetings.agenda import AgendaKind, register_agenda_kind
    from renda.web.navigation import register_nav
    from renda.web.todo import register_todo

    from . import rules_plans  # noqa: F401  (registers R09, R27)
    from .policy_plans import RECTIFICATION_POLICY
    from .selectors_plans import AGENDA_KIND
    from .todo_plans import PROVIDERS

    ACTION_LABELS.update(AUDIT_LABELS)
    register_policy(RECTIFICATION_POLICY)
    register_agenda_kind(
        AgendaKind(
            code=AGENDA_KIND,
            label=_("监督计划事项"),
            subject_choices=_plan_item_choices,
            subject_label=_plan_item_label,
            subject_url=_plan_item_url,
            minutes_text=_plan_item_minutes,
            order=15,
        )
    )
    register_nav(
        _("监督计划"), "oversight:plan_list", roles=[Role.STAFF, Role.LEADER], icon="binoculars",
        group="oversight", order=10,
        active_prefixes=["/oversight/plans/", "/oversight/inspections/", "/oversight/inquiries/",
                         "/oversight/interpellations/", "/oversight/investigations/"],
    )  # fmt: skip
    register_nav(
        _("工作评议"), "oversight:evaluation_list", roles=[Role.STAFF, Role.LEADER],
        icon="clipboard-check", group="oversight", order=11, active_prefixes=["/oversight/evaluations/"],
    )  # fmt: skip
    register_nav(
        _("整改事项"), "oversight:rectification_list",
        roles=[Role.STAFF, Role.LEADER, Role.UNIT_CLERK, Role.UNIT_LEADER], icon="tools", group="oversight",
        order=12, active_prefixes=["/oversight/rectifications/"],
    )  # fmt: skip
    # members and deputies score on their own page (staff and leaders reach it from the to-do)
    register_nav(
        _("满意度测评"), "oversight:evaluation_mine", roles=[Role.DEPUTY], icon="clipboard-check",
        group="oversight", order=13, active_prefixes=["/oversight/evaluations/mine/"],
    )  # fmt: skip
    for provider in PROVIDERS:
        register_todo(provider)
