from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "renda.compliance"
    label = "compliance"
    verbose_name = _("制度落实体检")

    def ready(self) -> None:
        from .registry import load_rule_modules

        load_rule_modules()
