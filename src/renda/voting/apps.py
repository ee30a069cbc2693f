from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "renda.voting"
    label = "voting"
    verbose_name = _("电子表决")

    def ready(self) -> None:
        from renda.audit.labels import register_target_namer
        from renda.core.choices import Role
        from renda.web.navigation import register_nav
        from renda.web.todo import register_todo

        from . import rules, todo  # noqa: F401  (rules registers the built-in passing rules)
        from .models import Vote

        register_nav(
            _("表决"),
            "voting:list",
            roles=[Role.STAFF, Role.LEADER, Role.DEPUTY],
            icon="check2-square",
            order=46,
            active_prefixes=["/voting/"],
            group="meetings",  # in the 会议 menu: a vote is taken at a meeting
        )
        register_todo(todo.member_todos)

        def vote_names(ids: list[str]) -> dict[str, str]:
            titles = Vote.objects.filter(pk__in=[int(i) for i in ids if i.isdigit()]).values_list(
                "pk", "title"
            )
            return {str(pk): f"{_('表决')} {title}" for pk, title in titles}

        register_target_namer("voting.vote", vote_names)

        from django.apps import apps

        if apps.is_installed("renda.meetings"):
            from . import meetings_link

            meetings_link.register()
