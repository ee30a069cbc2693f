from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivelihoodConfig(AppConfig):
    name = "renda.livelihood"
    label = "livelihood"
    verbose_name = _("民生实事项目")

    def ready(self) -> None:
        from .registrations import register_all

        register_all()
