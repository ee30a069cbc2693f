from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The shell: home page, menu, to-do and leader-figure registries, the account and organisation pages.

    It sits above the domain apps (it may read any of them); the domain apps import it only to register
    their menu entries, shortcuts, to-do providers and figures (``renda.web.navigation``, ``.todo``,
    ``.figures``). ``renda.core`` never imports it.
    """

    name = "renda.web"
    label = "web"
    verbose_name = _("工作台")

    def ready(self) -> None:
        from . import navigation  # noqa: F401  (the shell's own menu entries)
