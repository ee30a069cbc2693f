"""Home-page to-dos of those who run an election: the stages open or overdue, pending appeals."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core import clock
from renda.core.choices import Role
from renda.core.scopes import scope_of
from renda.web.todo import TodoItem, Urgency

from .choices import AppealDecision, ElectionState, RoundState
from .models import Appeal, Election, Round
from .timetable import stages


def _running(user: Any) -> list[Election]:
    scope = scope_of(user)
    staff_ids = scope.congress_ids_with(Role.STAFF)
    if not staff_ids and not user.election_committee_seats.exists():
        return []
    return list(
        Election.objects.exclude(state=ElectionState.CLOSED)
        .filter(Q(congress_id__in=staff_ids) | Q(committee__user=user))
        .distinct()
    )


def election_todos(user: Any) -> list[TodoItem]:
    if scope_of(user).only_administers:
        return []
    today = clock.today()
    items: list[TodoItem] = []
    for election in _running(user):
        url = reverse("elections:detail", args=[election.pk])
        due = [s for s in stages(election) if s.status(today) in ("open", "overdue") and s.closes is not None]
        for s in due[:2]:
            items.append(TodoItem(
                title=_("%(e)s:%(s)s") % {"e": election.name, "s": s.label}, count=1, url=url,
                urgency=Urgency.OVERDUE if s.status(today) == "overdue" else Urgency.SOON
                if (s.closes - today).days <= 3 else Urgency.NORMAL,
                icon="calendar-check", hint=_("截止 %(d)s,由%(w)s办理") % {"d": s.closes.isoformat(), "w": s.who},
            ))  # fmt: skip
        pending = Appeal.objects.filter(election=election, decision=AppealDecision.PENDING)
        overdue = pending.filter(due_on__lt=today).count()
        if pending.exists():
            items.append(TodoItem(
                title=_("%(e)s:待处理的选民名单申诉") % {"e": election.name}, count=pending.count(),
                url=reverse("elections:appeals", args=[election.pk]),
                urgency=Urgency.OVERDUE if overdue else Urgency.SOON, icon="exclamation-diamond",
            ))  # fmt: skip
        held = Round.objects.filter(constituency__election=election, state=RoundState.OPEN).exclude(
            hold_reason=""
        )
        for r in held.select_related("constituency")[:3]:
            items.append(TodoItem(
                title=_("%(e)s:%(c)s选票数核对不符,暂缓确定结果") % {"e": election.name, "c": r.constituency.name},
                count=1, url=reverse("elections:round", args=[election.pk, r.pk]), urgency=Urgency.OVERDUE,
                icon="exclamation-triangle", hint=r.hold_reason[:120],
            ))  # fmt: skip
    return items


PROVIDERS = [election_todos]
