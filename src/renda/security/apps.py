from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "renda.security"
    label = "security"
    verbose_name = _("安全")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the key checks
