from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "renda.tasks"
    label = "tasks"
    verbose_name = _("任务分解")

    def ready(self) -> None:
        from .registrations import register_all

        register_all()
