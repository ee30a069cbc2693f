from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "renda.ops"
    label = "ops"
    verbose_name = _("运行监控")

    def ready(self) -> None:
        from django.core import checks as django_checks

        from . import checks, metrics

        metrics.connect_signals()
        django_checks.register(checks.metrics_settings)
