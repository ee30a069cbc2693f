from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "renda.cases"
    label = "cases"
    verbose_name = _("案件办理")

    def ready(self) -> None:
        from renda.audit.labels import register_target_namer

        from . import (
            jobs,  # noqa: F401  (registers the daily deadline job)
            signoff_actions,  # noqa: F401  (registers the 签发 steps as engine actions)
        )
        from .labels import case_names

        register_target_namer("cases.case", case_names)
