"""The navigation registry: apps add menu entries and home-page shortcuts, filtered by role.

Apps register in their ``AppConfig.ready()``::

    from renda.web.navigation import register_nav, register_shortcut
    register_nav(_("代表建议"), "suggestions:list", roles=[Role.STAFF, Role.DEPUTY], icon="lightbulb", order=20)
    register_shortcut(_("提出建议"), "suggestions:create", roles=[Role.DEPUTY], icon="plus-circle")

An entry whose url cannot be reversed (its app is not installed yet) is silently left out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from renda.core.choices import Role
from renda.core.permissions import GRANT_ROLES, RESOURCES
from renda.core.scopes import scope_of

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NavEntry:
    label: Any
    url_name: str
    roles: frozenset[str] = field(default_factory=frozenset)
    icon: str = ""
    order: int = 100
    group: Any = ""
    # Extra url names (or prefixes ending with ":") under which the entry counts as active.
    active_prefixes: tuple[str, ...] = ()
    # Also shown to a user without the roles when this says so (e.g. an election committee member).
    also_for: Callable[[Any], bool] | None = None

    def allowed_for(self, roles: frozenset[str] | set[str]) -> bool:
        """Empty ``roles`` means every signed-in user with at least one role."""
        return bool(roles) and (not self.roles or bool(self.roles & set(roles)))

    def resolve(self) -> str | None:
        if self.url_name.startswith("/"):
            return self.url_name
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


@dataclass(frozen=True)
class NavLink:
    label: Any
    url: str
    icon: str
    active: bool
    group: Any = ""
    # A menu group: the links under it (the group itself has no url of its own).
    children: tuple[NavLink, ...] = ()


# Menu groups: entries of one app (the url namespace) or with the same ``group`` fold into one
# dropdown when a user sees more than one of them, so the top bar stays one line.
GROUP_LABELS: dict[str, Any] = {
    "suggestions": _("建议议案"),
    "suggestion_stats": _("建议议案"),
    "deputies": _("代表工作"),
    "liaison": _("联络站"),
    "portal": _("门户网站"),
    "meetings": _("会议"),
    "oversight": _("监督"),
    "legislation": _("立法"),
    "analytics": _("检索分析"),
    "admin": _("系统管理"),
}
GROUP_ICONS: dict[str, str] = {
    "suggestions": "lightbulb",
    "suggestion_stats": "lightbulb",
    "deputies": "person-vcard",
    "liaison": "house-heart",
    "portal": "newspaper",
    "meetings": "calendar-event",
    "oversight": "binoculars",
    "legislation": "journal-text",
    "analytics": "search",
    "admin": "gear",
}


_NAV: dict[str, NavEntry] = {}
_SHORTCUTS: dict[str, NavEntry] = {}


def register_nav(
    label: Any,
    url_name: str,
    *,
    roles: Iterable[str] = (),
    icon: str = "",
    order: int = 100,
    group: Any = "",
    active_prefixes: Iterable[str] = (),
    also_for: Callable[[Any], bool] | None = None,
) -> NavEntry:
    """Add (or replace, by ``url_name``) a menu entry. ``url_name`` may also be an absolute path."""
    entry = NavEntry(
        label=label,
        url_name=url_name,
        roles=frozenset(str(r) for r in roles),
        icon=icon,
        order=order,
        group=group,
        active_prefixes=tuple(active_prefixes),
        also_for=also_for,
    )
    _NAV[url_name] = entry
    return entry


def register_shortcut(
    label: Any, url_name: str, *, roles: Iterable[str] = (), icon: str = "", order: int = 100
) -> NavEntry:
    """Add a shortcut button shown on the home page to users holding one of ``roles``."""
    entry = NavEntry(
        label=label, url_name=url_name, roles=frozenset(str(r) for r in roles), icon=icon, order=order
    )
    _SHORTCUTS[url_name] = entry
    return entry


def unregister_nav(url_name: str) -> None:
    _NAV.pop(url_name, None)


# Where a group stands in the top bar whatever the order of its first entry: oversight and
# legislation after the meetings (their entries keep their order inside the dropdown).
GROUP_MIN_ORDER: dict[str, int] = {"oversight": 45, "legislation": 47}


def _group_of(entry: NavEntry) -> str:
    return str(entry.group or (entry.url_name.split(":", 1)[0] if ":" in entry.url_name else ""))


def _sort_key(entry: NavEntry) -> tuple[int, int, str]:
    return (max(entry.order, GROUP_MIN_ORDER.get(_group_of(entry), 0)), entry.order, str(entry.label))


def _links(
    entries: Iterable[NavEntry], roles: frozenset[str], current: str, user: Any = None
) -> list[NavLink]:
    out: list[NavLink] = []
    for entry in sorted(entries, key=_sort_key):
        if not entry.allowed_for(roles) and not (
            entry.also_for and user is not None and entry.also_for(user)
        ):
            continue
        url = entry.resolve()
        if url is None:
            continue
        active = _is_active(entry, url, current)
        group = _group_of(entry)
        out.append(NavLink(label=entry.label, url=url, icon=entry.icon, active=active, group=group))
    return out


def _grouped(links: list[NavLink]) -> list[NavLink]:
    """Fold links of one group into a dropdown where a group has several links."""
    keys = [str(GROUP_LABELS.get(link.group, "")) for link in links]
    counts: dict[str, int] = {}
    for key in keys:
        if key:
            counts[key] = counts.get(key, 0) + 1
    out: list[NavLink] = []
    seen: dict[str, int] = {}
    for link, key in zip(links, keys, strict=True):
        if not key or counts[key] < 2:
            out.append(link)
            continue
        if key in seen:
            group = out[seen[key]]
            out[seen[key]] = NavLink(
                label=group.label,
                url="",
                icon=group.icon,
                active=group.active or link.active,
                group=group.group,
                children=(*group.children, link),
            )
            continue
        seen[key] = len(out)
        out.append(
            NavLink(
                label=GROUP_LABELS[link.group],
                url="",
                icon=GROUP_ICONS.get(link.group, ""),
                active=link.active,
                group=link.group,
                children=(link,),
            )
        )
    return out


def _is_active(entry: NavEntry, url: str, current: str) -> bool:
    if url == "/":
        return current == "/"
    if current.startswith(url):
        return True
    return any(current.startswith(p) for p in entry.active_prefixes if p.startswith("/"))


def nav_for(user: Any, current_path: str = "") -> list[NavLink]:
    """The menu of ``user`` (empty for anonymous or role-less users, except the home link)."""
    if not getattr(user, "is_authenticated", False):
        return []
    roles = scope_of(user).roles
    links = _grouped(_links(_NAV.values(), roles, current_path, user))
    home = NavLink(label=_("首页"), url=reverse("home"), icon="house", active=current_path == "/")
    return [home, *links]


def shortcuts_for(user: Any, roles: Iterable[str] | None = None) -> list[NavLink]:
    """Home-page shortcuts of ``user`` (optionally only those registered for ``roles``)."""
    held = scope_of(user).roles
    entries: Iterable[NavEntry] = _SHORTCUTS.values()
    if roles is not None:
        wanted = {str(r) for r in roles}
        entries = [e for e in entries if e.roles & wanted]
    return _links(entries, held, "")


# --- the shell's own entries (its pages: users, organisations) --------------------------------

# The chair's screen: in the leaders' menu; the staff (who set up the meeting-room screen) reach it from
# a home shortcut, so their longer menu still fits 1280px.
register_nav(_("领导驾驶舱"), "dashboard", roles=[Role.LEADER], icon="speedometer2", order=5)
register_shortcut(_("领导驾驶舱"), "dashboard", roles=[Role.STAFF], icon="speedometer2", order=3)
register_nav(_("用户管理"), "user_list", roles=RESOURCES["users"], icon="people", order=900, group="admin")
register_nav(
    _("机构管理"),
    "organization_list",
    roles=RESOURCES["organizations"],
    icon="diagram-3",
    order=910,
    group="admin",
)
register_shortcut(_("新建用户"), "user_create", roles=GRANT_ROLES, icon="person-plus", order=10)
register_shortcut(
    _("从Excel导入用户"),
    "user_import",
    roles=GRANT_ROLES,
    icon="file-earmark-spreadsheet",
    order=20,
)
register_shortcut(
    _("新建机构"), "organization_create", roles=[Role.SYSTEM_ADMIN, Role.STAFF], icon="building-add", order=30
)
