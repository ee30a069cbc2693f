from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "renda.compliance"
    label = "compliance"
    verbose_name = _("制度落实体检")

    def ready(self) -> None:
        from renda.core.choices import Role
        from renda.web.navigation import register_nav

        from . import jobs  # noqa: F401 - registers the nightly check
        from .registry import load_rule_modules

        load_rule_modules()
        register_nav(
            _("制度落实体检"), "compliance:check", roles=[Role.STAFF, Role.LEADER], icon="clipboard-check",
            order=90, group="oversight", active_prefixes=["/compliance/"],
        )  # fmt: skip
