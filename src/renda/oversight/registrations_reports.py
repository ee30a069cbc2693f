"""What the `reports` area adds to the shared registries (called by ``OversightConfig.ready``): the menu,
the to-do, audit names, the compliance rules, the agenda kinds, the vote owner and the daily job."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "report_obligation.create": _("新建法定报告事项"),
    "report_obligation.update": _("修改法定报告事项"),
    "report_calendar.generate": _("生成法定报告日历"),
    "statutory_report.receive": _("报送法定报告"),
    "statutory_report.schedule": _("法定报告列入会议议程"),
    "statutory_report.deliberate": _("记录法定报告审议情况"),
    "statutory_report.link_opinion": _("关联法定报告的审议意见"),
    "statutory_report.export": _("导出法定报告日历"),
    "major_matter_list.create": _("起草重大事项建议清单"),
    "major_matter_list.submit": _("报送重大事项建议清单"),
    "major_matter_list.comment": _("对重大事项建议清单提出意见"),
    "major_matter_list.agree": _("确定年度重大事项清单"),
    "major_matter_list.report_party": _("年度重大事项清单报县委"),
    "major_matter.add": _("添加重大事项"),
    "major_matter.report": _("重大事项决策前报告"),
    "major_matter.schedule": _("重大事项提请会议决定"),
    "major_matter.decide": _("记录重大事项表决结果"),
    "major_matter.progress": _("报告决议决定落实情况"),
    "major_matter.export": _("导出重大事项"),
    "resolution.create": _("登记决议决定"),
    "resolution.publish": _("公开决议决定"),
    "resolution.unpublish": _("撤回公开的决议决定"),
    "resolution.export": _("导出决议决定"),
}


def _namer(model_name: str, prefix: str):
    def names(ids: list[str]) -> dict[str, str]:
        from django.apps import apps

        model = apps.get_model("oversight", model_name)
        pks = [int(i) for i in ids if str(i).isdigit()]
        return {str(o.pk): f"{prefix} {o}" for o in model.objects.filter(pk__in=pks)}

    return names


def register_all() -> None:
    from renda.audit.labels import ACTION_LABELS, register_target_namer
    from renda.core.choices import Role
    from renda.web.navigation import register_nav
    from renda.web.todo import register_todo

    from . import hooks_reports, jobs_reports, rules_reports, todo_reports  # noqa: F401 - registers

    ACTION_LABELS.update(ACTIONS)
    register_target_namer("oversight.statutoryreport", _namer("StatutoryReport", "法定报告"))
    register_target_namer("oversight.reportobligation", _namer("ReportObligation", "法定报告事项"))
    register_target_namer("oversight.majormatterlist", _namer("MajorMatterList", "重大事项清单"))
    register_target_namer("oversight.majormatter", _namer("MajorMatter", "重大事项"))
    register_target_namer("oversight.resolution", _namer("Resolution", "决议决定"))
    roles = [Role.STAFF, Role.LEADER, Role.UNIT_CLERK, Role.UNIT_LEADER]
    register_nav(
        _("法定报告"), "oversight:report_calendar", roles=roles, icon="calendar-check", group="oversight", order=30,
        active_prefixes=["/oversight/reports/"],
    )  # fmt: skip
    register_nav(
        _("重大事项与决议决定"), "oversight:matter_lists", roles=roles, icon="bank", group="oversight", order=31,
        active_prefixes=["/oversight/matters/", "/oversight/resolutions/"],
    )  # fmt: skip
    hooks_reports.register()
    for provider in todo_reports.PROVIDERS:
        register_todo(provider)
