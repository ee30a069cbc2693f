from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "renda.cases"
    label = "cases"
    verbose_name = _("案件办理")

    def ready(self) -> None:
        from renda.audit.labels import register_target_namer

        from . import (  # noqa: F401  (the engine's steps, the 签发 steps; the daily jobs)
            engine_actions,
            jobs,
            signoff_actions,
        )
        from .labels import case_names

        register_target_namer("cases.case", case_names)

        from renda.core.choices import Role
        from renda.web.navigation import register_nav, register_shortcut
        from renda.web.todo import register_todo

        from .inbox import inbox_todos

        register_nav(
            _("我的待办"),
            "cases:inbox",
            roles=[
                Role.UNIT_CLERK,
                Role.UNIT_LEADER,
                Role.STAFF,
                Role.LEADER,
                Role.DEPUTY,
                Role.STATION_KEEPER,
            ],
            icon="inbox",
            order=10,
        )
        register_shortcut(
            _("我的待办"),
            "cases:inbox",
            roles=[Role.UNIT_CLERK, Role.UNIT_LEADER, Role.STATION_KEEPER],
            icon="inbox",
        )
        # one to-do provider for every case kind: the inbox's counts, each linking to the inbox
        register_todo(inbox_todos)
