"""Home-page to-do and the inbox: tasks overdue and tasks stalled (no progress for the configured
number of days), for the staff of the congress and for the units that handle them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.scopes import scope_of
from renda.web.todo import TodoItem, Urgency

from . import selectors
from .models import TaskNotice


def _counts(user: Any) -> tuple[int, int, TaskNotice | None]:
    scope = scope_of(user)
    if scope.only_administers or not (scope.staff_congress_ids or scope.handling_unit_ids):
        return 0, 0, None
    qs = selectors.with_activity(selectors.visible_tasks(user).filter(case__closed_at__isnull=True))
    if not scope.staff_congress_ids:  # a unit: the tasks it leads or cooperates on
        qs = qs.filter(case__assignments__organization_id__in=scope.handling_unit_ids).distinct()
    overdue = qs.filter(selectors.overdue_q()).count()
    stall = min((selectors.stall_days_of(c) for c in scope.staff_congress_ids), default=30)
    stalled = qs.filter(selectors.stalled_q(stall)).count()
    latest = qs.order_by("-notice__issued_on").values_list("notice_id", flat=True).first()
    return overdue, stalled, TaskNotice.objects.filter(pk=latest).first() if latest else None


def task_todos(user: Any) -> list[TodoItem]:
    overdue, stalled, notice = _counts(user)
    if notice is None:
        return []
    url = reverse("tasks:detail", args=[notice.pk])
    return [
        TodoItem(title=_("超期未完成的分解任务"), count=overdue, url=url + "?flag=overdue",
                 urgency=Urgency.OVERDUE, icon="list-task"),
        TodoItem(title=_("停滞无进展的分解任务"), count=stalled, url=url + "?flag=stalled",
                 urgency=Urgency.SOON, icon="hourglass-split"),
    ]  # fmt: skip
