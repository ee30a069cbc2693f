from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

AREAS = ("opinions", "plans", "reports", "filings")


class OversightConfig(AppConfig):
    name = "renda.oversight"
    label = "oversight"
    verbose_name = _("监督工作")

    def ready(self) -> None:
        # each area registers its case kinds, navigation, to-do, audit names and compliance rules
        for area in AREAS:
            module = f"{self.name}.registrations_{area}"
            if find_spec(module) is not None:
                import_module(module).register_all()
