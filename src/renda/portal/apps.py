from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "renda.portal"
    label = "portal"
    verbose_name = _("门户网站")

    def ready(self) -> None:
        from renda.core.choices import Role
        from renda.web.navigation import register_nav

        register_nav(
            _("门户文章"), "portal:editor_list", roles=[Role.STAFF, Role.LEADER], icon="newspaper", order=700
        )
