"""Home-page to-do providers of the liaison app."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.cases.choices import AssignmentState
from renda.cases.models import Assignment, Case
from renda.core import clock
from renda.core.choices import UNIT_ROLES, Role
from renda.core.scopes import scope_of
from renda.web.todo import TodoItem, Urgency

from .choices import KIND, OpinionState, ReceptionDayState
from .models import ReceptionDay


def keeper_todos(user: Any) -> list[TodoItem]:
    scope = scope_of(user)
    if not scope.station_ids:
        return []
    base = Case.objects.filter(kind=KIND, origin_organization_id__in=scope.station_ids)
    url = reverse("liaison:opinion_list")
    planned = ReceptionDay.objects.filter(
        station_id__in=scope.station_ids, state=ReceptionDayState.PLANNED, date__gte=clock.today()
    ).count()
    return [
        TodoItem(
            title=_("待受理的群众意见"),
            count=base.filter(state=OpinionState.RECEIVED).count(),
            url=url + "?state=received",
            icon="inbox",
        ),
        TodoItem(
            title=_("待处理的群众意见"),
            count=base.filter(state=OpinionState.ACCEPTED).count(),
            url=url + "?state=accepted",
            icon="signpost-split",
        ),
        TodoItem(
            title=_("待公布的接待日"),
            count=planned,
            url=reverse("liaison:calendar"),
            icon="calendar-event",
            urgency=Urgency.SOON,
        ),
    ]


def staff_todos(user: Any) -> list[TodoItem]:
    congresses = scope_of(user).congress_ids_with(Role.STAFF)
    if not congresses:
        return []
    base = Case.objects.filter(kind=KIND, congress_id__in=congresses)
    url = reverse("liaison:opinion_list")
    return [
        TodoItem(
            title=_("待甄别的群众意见"),
            count=base.filter(state=OpinionState.RECEIVED).count(),
            url=url + "?state=received",
            icon="funnel",
        ),
        TodoItem(
            title=_("待转办的群众意见"),
            count=base.filter(state=OpinionState.ACCEPTED).count(),
            url=url + "?state=accepted",
            icon="send",
        ),
    ]


def unit_todos(user: Any) -> list[TodoItem]:
    scope = scope_of(user)
    if not scope.has(*UNIT_ROLES) or not scope.unit_ids:
        return []
    qs = Assignment.objects.filter(
        case__kind=KIND,
        organization_id__in=scope.unit_ids,
        state__in=[AssignmentState.PENDING_SIGN, AssignmentState.HANDLING],
        case__closed_at__isnull=True,
    )
    overdue = qs.filter(deadline__lt=clock.today()).count()
    url = reverse("liaison:unit_list")
    return [
        TodoItem(title=_("待办理的群众意见"), count=qs.count() - overdue, url=url, icon="chat-left-text"),
        TodoItem(title=_("已超期的群众意见"), count=overdue, url=url, urgency=Urgency.OVERDUE),
    ]


PROVIDERS = [keeper_todos, staff_todos, unit_todos]
