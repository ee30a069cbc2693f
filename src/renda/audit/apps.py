from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "renda.audit"
    label = "audit"
    verbose_name = _("审计日志")

    def ready(self) -> None:
        from renda.core.choices import Role
        from renda.web.navigation import register_nav, register_shortcut

        from . import checks  # noqa: F401 - registers the configuration check

        register_nav(
            _("审计日志"),
            "audit:event_list",
            roles=[Role.AUDIT_ADMIN],
            icon="journal-check",
            order=930,
            group="admin",
        )
        register_shortcut(
            _("查看审计日志"), "audit:event_list", roles=[Role.AUDIT_ADMIN], icon="journal-check", order=50
        )
