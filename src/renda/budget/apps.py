from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "renda.budget"
    label = "budget"
    verbose_name = _("预算监督")

    def ready(self) -> None:
        from . import rules  # noqa: F401  (registers B01)
        from .registrations import register_all

        register_all()
