from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "renda.elections"
    label = "elections"
    verbose_name = _("换届选举")

    def ready(self) -> None:
        from renda.core.choices import Role
        from renda.web.navigation import register_nav
        from renda.web.todo import register_todo

        from . import (
            rules,  # noqa: F401  (registers R15 and E01)
            todo,
        )
        from .access import sits_on_a_committee

        register_nav(_("换届选举"), "elections:list", roles=[Role.STAFF, Role.LEADER], icon="box2-heart",
                     order=35, active_prefixes=["/elections/"], group="deputies",
                     also_for=sits_on_a_committee)  # fmt: skip
        for provider in todo.PROVIDERS:
            register_todo(provider)
