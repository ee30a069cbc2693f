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
        from django.db.models.signals import post_save

        from renda.cases.services.summary import CHANGE_LISTENERS
        from renda.suggestions.models import Suggestion

        from .selectors import invalidate_published

        if invalidate_published not in CHANGE_LISTENERS:
            CHANGE_LISTENERS.append(invalidate_published)
        post_save.connect(
            lambda sender, instance, **kw: invalidate_published([instance.case_id]),
            sender=Suggestion,
            dispatch_uid="portal-published-suggestion",
            weak=False,
        )
