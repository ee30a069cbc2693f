from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "renda.analytics"
    label = "analytics"
    verbose_name = _("全文检索")

    def ready(self) -> None:
        from renda.core.choices import Role
        from renda.web.navigation import register_nav

        from . import registrations, signals

        registrations.register_default_sources()
        from renda.core.backup import restored

        restored.connect(_rebuild_after_restore, dispatch_uid="analytics-rebuild-after-restore")
        signals.connect()
        # One menu group for search and the year's topics, so the staff top bar fits 1,280 px.
        register_nav(
            _("全文检索"),
            "analytics:search",
            icon="search",
            order=90,
            group="analytics",
            active_prefixes=["/search/"],
        )
        from . import routing, topics

        routing.install()
        topics.install()
        register_nav(
            _("年度热点"),
            "insight:topics",
            roles=(Role.STAFF, Role.LEADER),  # who the page serves (text_views.topics_page)
            icon="bar-chart",
            order=91,
            group="analytics",
            active_prefixes=["/analytics/topics/"],
        )


def _rebuild_after_restore(**_kwargs) -> None:
    """A restored database gets its search index rebuilt from the restored rows."""
    from .index import rebuild_all

    rebuild_all()
