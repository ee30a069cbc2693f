from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "renda.suggestions"
    label = "suggestions"
    verbose_name = _("代表建议和议案")

    def ready(self) -> None:
        from renda.cases.policies import register_policy
        from renda.core.choices import Role
        from renda.web.navigation import register_nav, register_shortcut
        from renda.web.todo import register_todo

        from . import todo
        from .policy import POLICY

        register_policy(POLICY)
        register_nav(
            _("代表建议"),
            "suggestions:list",
            roles=[Role.STAFF, Role.LEADER, Role.DEPUTY, Role.UNIT_CLERK, Role.UNIT_LEADER],
            icon="lightbulb",
            order=20,
            active_prefixes=["/suggestions/"],
        )
        register_shortcut(
            _("提出建议"), "suggestions:create", roles=[Role.DEPUTY], icon="plus-circle", order=5
        )
        register_shortcut(
            _("建议审查"), "suggestions:review_queue", roles=[Role.STAFF], icon="inbox", order=6
        )
        register_shortcut(_("交办会"), "suggestions:assign_bulk", roles=[Role.STAFF], icon="send", order=7)
        register_shortcut(
            _("建议办理"),
            "suggestions:list",
            roles=[Role.UNIT_CLERK, Role.UNIT_LEADER],
            icon="list-check",
        )
        register_shortcut(_("重点建议督办"), "suggestions:key_list", roles=[Role.LEADER], icon="star")
        for provider in todo.PROVIDERS:
            register_todo(provider)
        from . import inbox

        inbox.register()
        from renda.web.figures import register_figures

        from . import figures

        register_figures(figures.leader_figures)
        from . import summary

        summary.connect()
