"""Home-page to-do providers of the liaison app beyond the inbox (``renda.cases.inbox`` counts the
opinions to accept, to assign and to handle): the station's reception days to publish."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core import clock
from renda.core.scopes import scope_of
from renda.web.todo import TodoItem, Urgency

from .choices import ReceptionDayState
from .models import ReceptionDay


def keeper_todos(user: Any) -> list[TodoItem]:
    scope = scope_of(user)
    if not scope.station_ids:
        return []
    planned = ReceptionDay.objects.filter(
        station_id__in=scope.station_ids, state=ReceptionDayState.PLANNED, date__gte=clock.today()
    ).count()
    return [
        TodoItem(
            title=_("待公布的接待日"),
            count=planned,
            url=reverse("liaison:calendar"),
            icon="calendar-event",
            urgency=Urgency.SOON,
        ),
    ]


PROVIDERS = [keeper_todos]
