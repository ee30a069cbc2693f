from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "renda.ops"
    label = "ops"
    verbose_name = _("运行监控")

    def ready(self) -> None:
        from . import metrics

        metrics.connect_signals()
