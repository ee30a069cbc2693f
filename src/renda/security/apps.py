from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "renda.security"
    label = "security"
    verbose_name = _("安全")

    def ready(self) -> None:
        from renda.core.choices import Role
        from renda.web.navigation import register_nav, register_shortcut

        from . import checks  # noqa: F401 - registers the key checks

        register_nav(
            _("角色授权"),
            "security_users",
            roles=[Role.SECURITY_ADMIN],
            icon="shield-lock",
            order=920,
            group="admin",
        )
        register_shortcut(
            _("角色授权"), "security_users", roles=[Role.SECURITY_ADMIN], icon="shield-lock", order=40
        )
