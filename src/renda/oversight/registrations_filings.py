"""What the `filings` area adds to the shared registries: the case kind ``filing_correction``, the menu,
the to-do, the audit names, the compliance rules (BA01–BA05, RM01), the agenda kind "appointment" and
the vote owner ``oversight_appointment``. Called by ``OversightConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "filing.submit": _("报送规范性文件备案"),
    "filing.supplement": _("补正备案材料"),
    "filing.review_start": _("开始审查备案文件"),
    "filing.decide": _("作出备案审查结论"),
    "filing.corrected": _("备案文件纠正完毕"),
    "filing.publish": _("在文件库公开备案文件"),
    "filing.unpublish": _("取消公开备案文件"),
    "filing.export": _("导出备案文件列表"),
    "filing_report.export": _("导出备案审查工作报告"),
    "filing_setting.update": _("修改备案审查设置"),
    "review_request.submit": _("提出审查建议"),
    "review_request.answer": _("反馈审查建议"),
    "review_request.export": _("导出审查建议列表"),
    "special_review.create": _("开展专项审查"),
    "special_review.finish": _("完成专项审查"),
    "appointment.nominate": _("提请人事任免"),
    "appointment.exam": _("登记任前法律考试成绩"),
    "appointment.statement": _("登记供职发言"),
    "appointment.agenda": _("任免事项列入会议议程"),
    "appointment.decide": _("记录任免表决结果"),
    "appointment.oath": _("登记宪法宣誓"),
    "appointment.certify": _("颁发任命书"),
    "appointment.withdraw": _("撤回任免事项"),
    "appointment.export": _("导出任免人员结构"),
}

TARGET_TYPES = {
    "oversight.filing": _("备案文件"),
    "oversight.reviewrequest": _("审查建议"),
    "oversight.specialreview": _("专项审查"),
    "oversight.appointment": _("人事任免"),
    "oversight.filingsetting": _("备案审查设置"),
}


def register_all() -> None:
    from renda.audit.labels import ACTION_LABELS, TARGET_TYPE_LABELS
    from renda.cases.policies import register_policy
    from renda.core.choices import Role
    from renda.web.navigation import register_nav
    from renda.web.todo import register_todo

    from . import meetings_filings, rules_filings, todo_filings  # noqa: F401  (rules register on import)
    from .policy_filings import POLICY

    register_policy(POLICY)
    for code, label in ACTIONS.items():
        ACTION_LABELS.setdefault(code, label)
    for code, label in TARGET_TYPES.items():
        TARGET_TYPE_LABELS.setdefault(code, label)
    reviewers = [Role.STAFF, Role.LEADER]
    register_nav(
        _("备案审查"), "oversight:filing_list", roles=[*reviewers, Role.UNIT_CLERK, Role.UNIT_LEADER],
        icon="file-earmark-ruled", order=60, group="oversight", active_prefixes=["/oversight/filings/"],
    )  # fmt: skip
    register_nav(_("审查建议"), "oversight:request_list", roles=reviewers, icon="envelope-paper", order=61,
                 group="oversight")  # fmt: skip
    register_nav(_("规范性文件库"), "oversight:library", roles=reviewers, icon="journal-bookmark", order=62,
                 group="oversight")  # fmt: skip
    register_nav(
        _("人事任免"), "oversight:appointment_list", roles=reviewers, icon="person-badge", order=63, group="oversight",
        active_prefixes=["/oversight/appointments/"],
    )  # fmt: skip
    for provider in todo_filings.PROVIDERS:
        register_todo(provider)
    meetings_filings.register()
