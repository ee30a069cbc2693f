from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "renda.cases"
    label = "cases"
    verbose_name = _("案件办理")

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the daily deadline job)
