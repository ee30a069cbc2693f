from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "renda.cases"
    label = "cases"
    verbose_name = _("案件办理")

    def ready(self) -> None:
        from renda.audit.labels import register_target_namer

        from . import (  # noqa: F401  (the engine's steps, the 签发 steps; the daily jobs)
            engine_actions,
            jobs,
            signoff_actions,
        )
        from .labels import case_names

        register_target_namer("cases.case", case_names)
