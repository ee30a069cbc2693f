from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "renda.audit"
    label = "audit"
    verbose_name = _("审计日志")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the configuration check
