"""What the meetings app adds to the shared registries: navigation, shortcuts, to-do, audit names."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from renda.audit.labels import register_target_namer
    from renda.core.choices import Role
    from renda.core.permissions import resource_roles
    from renda.web.navigation import register_nav, register_shortcut
    from renda.web.todo import register_todo

    from . import todo
    from .labels import meeting_names

    register_target_namer("meetings.meeting", meeting_names)
    register_nav(
        _("会议"), "meetings:list", roles=resource_roles("meetings"), icon="calendar-event", order=40,
        active_prefixes=["/meetings/"],
    )  # fmt: skip
    register_nav(
        _("会议日历"), "meetings:calendar", roles=resource_roles("meetings"), icon="calendar3", order=41
    )
    register_nav(
        _("出席情况报告"), "meetings:attendance_year", roles=[Role.STAFF, Role.LEADER], icon="clipboard-data",
        order=42,
    )  # fmt: skip
    register_nav(_("会议设置"), "meetings:settings", roles=[Role.STAFF], icon="sliders", order=43)
    register_shortcut(_("安排会议"), "meetings:create", roles=[Role.STAFF], icon="calendar-plus", order=8)
    for provider in todo.PROVIDERS:
        register_todo(provider)
