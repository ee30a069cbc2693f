from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "renda.legislation"
    label = "legislation"
    verbose_name = _("立法工作")

    def ready(self) -> None:
        from . import registrations

        registrations.register()
