from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "renda.liaison"
    label = "liaison"
    verbose_name = _("代表联络站与社情民意")

    def ready(self) -> None:
        from renda.cases.policies import register_policy
        from renda.core.choices import Role
        from renda.core.navigation import register_nav, register_shortcut
        from renda.core.todo import register_todo

        from . import (
            rules,  # noqa: F401  (registers L01)
            todo,
        )
        from .policy import POLICY

        register_policy(POLICY)
        register_nav(
            _("联络站"),
            "liaison:station_list",
            roles=[Role.STAFF, Role.LEADER],
            icon="house-heart",
            order=40,
            active_prefixes=["/liaison/stations/", "/liaison/settings/"],
        )
        register_nav(
            _("社情民意"),
            "liaison:opinion_list",
            roles=[Role.STAFF, Role.LEADER, Role.STATION_KEEPER, Role.DEPUTY],
            icon="chat-heart",
            order=41,
            active_prefixes=["/liaison/opinions/"],
        )
        register_nav(
            _("我的联络站"),
            "liaison:my_station",
            roles=[Role.STATION_KEEPER],
            icon="house-heart",
            order=39,
            active_prefixes=["/liaison/my-station/", "/liaison/days/", "/liaison/receptions/"],
        )
        register_nav(
            _("群众意见办理"),
            "liaison:unit_list",
            roles=[Role.UNIT_CLERK, Role.UNIT_LEADER],
            icon="chat-left-text",
            order=42,
            active_prefixes=["/liaison/unit/"],
        )
        register_nav(
            _("民意统计"), "liaison:stats", roles=[Role.STAFF, Role.LEADER], icon="bar-chart", order=43
        )
        register_shortcut(
            _("接待记录"),
            "liaison:reception_list",
            roles=[Role.STATION_KEEPER],
            icon="journal-text",
            order=45,
        )
        register_shortcut(
            _("记录接待"), "liaison:reception_create", roles=[Role.STATION_KEEPER], icon="journal-plus"
        )
        register_shortcut(
            _("接待日安排"), "liaison:calendar", roles=[Role.STATION_KEEPER], icon="calendar-event"
        )
        register_shortcut(
            _("群众意见甄别"), "liaison:opinion_list", roles=[Role.STAFF], icon="funnel", order=8
        )
        for provider in todo.PROVIDERS:
            register_todo(provider)
