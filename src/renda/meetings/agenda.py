"""The extension point of agenda items: other apps register the kinds of item they own.

An agenda item is about a record of another module (a report to hear, a draft resolution, an
appointment, a satisfaction vote …). That module registers an ``AgendaKind`` in its
``AppConfig.ready()``; ``meetings`` never imports it::

    from renda.meetings.agenda import AgendaKind, register_agenda_kind

    register_agenda_kind(AgendaKind(
        code="vote", label=_("表决事项"),
        subject_choices=lambda user, meeting: [("voting.vote:3", "关于……的决定(草案)")],
        subject_label=lambda pk: ..., subject_url=lambda pk: ...,
        panel_template="voting/_agenda_panel.html",
        panel_context=lambda request, item: {...},
        minutes_text=lambda item: "表决结果:赞成 25 票……",
    ))

Registering a code again replaces the earlier kind (``meetings`` registers the seven base kinds
with labels only; the owner replaces its own with the hooks filled in).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("renda.meetings")


@dataclass(frozen=True)
class AgendaKind:
    code: str  # "report", "draft_resolution", "appointment", "satisfaction_vote", "livelihood_ballot", "vote", "other"
    label: Any  # Chinese
    # (user, meeting) -> [(value, label)] of the records the owner offers for an item of this kind;
    # value is "<subject_type>:<subject_id>".
    subject_choices: Callable[[Any, Any], list[tuple[str, str]]] | None = None
    subject_label: Callable[[int], str] | None = None
    subject_url: Callable[[int], str] | None = None
    panel_template: str | None = None  # rendered on the agenda item (e.g. the vote panel)
    panel_context: Callable[[Any, Any], dict] | None = None  # (request, agenda_item) -> context
    minutes_text: Callable[[Any], str] | None = None  # (agenda_item) -> the item's text in the minutes
    order: int = 100


_KINDS: dict[str, AgendaKind] = {}


def register_agenda_kind(kind: AgendaKind) -> None:
    """Add (or replace, by code) an agenda item kind."""
    _KINDS[kind.code] = kind


def agenda_kinds() -> list[AgendaKind]:
    return sorted(_KINDS.values(), key=lambda k: (k.order, k.code))


def get_kind(code: str) -> AgendaKind | None:
    return _KINDS.get(code)


def kind_label(code: str) -> str:
    kind = _KINDS.get(code)
    return str(kind.label) if kind is not None else str(_("其他事项"))


def kind_choices() -> list[tuple[str, str]]:
    return [(k.code, str(k.label)) for k in agenda_kinds()]


def _safe(func: Callable[..., Any] | None, *args: Any, default: Any = None) -> Any:
    if func is None:
        return default
    try:
        return func(*args)
    except Exception:  # an owner's broken hook must not break the meeting page
        logger.exception("agenda kind hook failed")
        return default


def subject_choices_for(code: str, user: Any, meeting: Any) -> list[tuple[str, str]]:
    kind = _KINDS.get(code)
    return list(_safe(kind.subject_choices if kind else None, user, meeting, default=[]) or [])


def subject_label(item: Any) -> str:
    if not item.subject_id:
        return ""
    kind = _KINDS.get(item.kind)
    return str(_safe(kind.subject_label if kind else None, item.subject_id, default="") or "")


def subject_url(item: Any) -> str:
    if not item.subject_id:
        return ""
    kind = _KINDS.get(item.kind)
    return str(_safe(kind.subject_url if kind else None, item.subject_id, default="") or "")


def minutes_text(item: Any) -> str:
    """The owner's contribution to the minutes for this item ("" when none)."""
    kind = _KINDS.get(item.kind)
    return str(_safe(kind.minutes_text if kind else None, item, default="") or "")


def panel(request: Any, item: Any) -> tuple[str, dict] | None:
    kind = _KINDS.get(item.kind)
    if kind is None or not kind.panel_template:
        return None
    context = _safe(kind.panel_context, request, item, default={}) if kind.panel_context else {}
    return kind.panel_template, dict(context or {})


BASE_KINDS = [
    AgendaKind("report", _("听取和审议工作报告"), order=10),
    AgendaKind("draft_resolution", _("审议决议、决定草案"), order=20),
    AgendaKind("appointment", _("人事任免"), order=30),
    AgendaKind("satisfaction_vote", _("审议意见满意度测评"), order=40),
    AgendaKind("livelihood_ballot", _("民生实事项目票决"), order=50),
    AgendaKind("vote", _("表决事项"), order=60),
    AgendaKind("other", _("其他事项"), order=90),
]


def register_base_kinds() -> None:
    for kind in BASE_KINDS:
        _KINDS.setdefault(kind.code, kind)
