"""Home-page to-do of deliberation opinions: what staff compile, leaders sign off, committees comment
on and the committee rates; circulars due. (A body's own work — to sign, to report, overdue — is the
engine's inbox.)"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core import clock
from renda.core.choices import Role
from renda.core.scopes import scope_of
from renda.web.todo import TodoItem, Urgency

from .policy_opinions import OpinionState


def _mine(user: Any) -> Any:
    from .selectors_opinions import opinions_for

    return opinions_for(user)


def staff_todos(user: Any) -> list[TodoItem]:
    scope = scope_of(user)
    if not scope.has(Role.STAFF):
        return []
    qs = _mine(user).filter(case__congress_id__in=scope.congress_ids_with(Role.STAFF))
    base = reverse("oversight:opinion_list")
    items = []
    drafting = qs.filter(case__state=OpinionState.DRAFTING)
    late = drafting.filter(compile_due__lt=clock.today()).count()
    n = drafting.count()
    if n:
        items.append(
            TodoItem(
                title=_("待整理的审议意见"), count=n, url=f"{base}?state=drafting",
                urgency=Urgency.OVERDUE if late else Urgency.SOON, icon="journal-text",
                hint=_("其中%(n)d件已超过整理期限") % {"n": late} if late else "",
            )
        )  # fmt: skip
    for state, title in (
        (OpinionState.REPORTED, _("待委员会提出意见的办理情况报告")),
        (OpinionState.REVIEWED, _("待满意度测评的审议意见")),
    ):
        n = qs.filter(case__state=state).count()
        if n:
            items.append(TodoItem(title=title, count=n, url=f"{base}?state={state}", icon="clipboard-check"))
    n = qs.filter(circular_due=True, circular_issued_at__isnull=True).count()
    if n:
        items.append(
            TodoItem(
                title=_("应予通报的审议意见"), count=n, url=f"{base}?circular=due",
                urgency=Urgency.SOON, icon="megaphone",
            )
        )  # fmt: skip
    return items


def leader_todos(user: Any) -> list[TodoItem]:
    scope = scope_of(user)
    if not scope.has(Role.LEADER):
        return []
    n = (
        _mine(user)
        .filter(case__congress_id__in=scope.congress_ids_with(Role.LEADER), case__state=OpinionState.SIGNING)
        .count()
    )
    if not n:
        return []
    return [
        TodoItem(
            title=_("待签发的审议意见"), count=n, url=reverse("oversight:opinion_list") + "?state=signing",
            urgency=Urgency.SOON, icon="pen",
        )
    ]  # fmt: skip


PROVIDERS = [staff_todos, leader_todos]
