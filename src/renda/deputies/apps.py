from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "renda.deputies"
    label = "deputies"
    verbose_name = _("人大代表")

    def ready(self) -> None:
        from renda.cases.policies import register_policy
        from renda.core.choices import Role
        from renda.web.navigation import register_nav, register_shortcut
        from renda.web.todo import register_todo

        from . import todo
        from .policies import POLICY

        register_policy(POLICY)
        staff = [Role.STAFF, Role.LEADER]
        register_nav(_("代表名册"), "deputies:register", roles=staff, icon="person-vcard", order=30,
                     active_prefixes=["/deputies/"])  # fmt: skip
        register_nav(_("我的履职"), "deputies:mine", roles=[Role.DEPUTY], icon="person-badge", order=25)
        register_shortcut(_("登记履职活动"), "deputies:activity_create", roles=[Role.STAFF], icon="calendar-plus",
                          order=12)  # fmt: skip
        register_shortcut(_("代表结构分析"), "deputies:composition", roles=staff, icon="pie-chart", order=13)
        register_shortcut(_("履职积分排名"), "deputies:ranking", roles=staff, icon="trophy", order=14)
        register_shortcut(_("代表履职体检"), "deputies:checks", roles=staff, icon="clipboard-check", order=15)
        register_shortcut(_("我的履职"), "deputies:mine", roles=[Role.DEPUTY], icon="person-badge", order=4)
        register_todo(todo.pending_self_reports)
        register_todo(todo.open_exit_warnings)
        from renda.web.figures import register_figures

        from . import figures

        register_figures(figures.leader_figures)
