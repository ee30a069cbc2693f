from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "renda.meetings"
    label = "meetings"
    verbose_name = _("会议与考勤")

    def ready(self) -> None:
        from . import agenda

        agenda.register_base_kinds()
        from .registrations import register_all

        register_all()
