"""Home-page to-do: leave requests to decide; the meetings I sit in this week."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core import clock
from renda.core.scopes import scope_of
from renda.web.todo import TodoItem, Urgency

from .choices import MeetingState
from .models import Meeting


def leave_todos(user: Any) -> list[TodoItem]:
    if scope_of(user).only_administers:
        return []
    from .selectors import pending_leave_ids_for

    ids = pending_leave_ids_for(user)
    if not ids:
        return []
    return [
        TodoItem(
            title=_("待审批的会议请假"), count=len(ids), url=reverse("meetings:list") + "?leave=pending",
            urgency=Urgency.SOON, icon="calendar-x",
        )
    ]  # fmt: skip


def week_todos(user: Any) -> list[TodoItem]:
    if scope_of(user).only_administers:
        return []
    now = clock.now()
    n = (
        Meeting.objects.filter(
            members__user_id=user.pk,
            state__in=[MeetingState.SCHEDULED, MeetingState.POSTPONED, MeetingState.IN_PROGRESS],
            ends_at__gte=now,
            starts_at__lt=now + dt.timedelta(days=7),
        )
        .distinct()
        .count()
    )
    if not n:
        return []
    return [
        TodoItem(
            title=_("本周要参加的会议"), count=n, url=reverse("meetings:list") + "?mine=on&upcoming=1",
            icon="calendar-event", hint=_("请按时签到,不能出席的请提前请假"),
        )
    ]  # fmt: skip


PROVIDERS = [leave_todos, week_todos]
