"""To-do items of the deputies app on the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.choices import Role
from renda.core.scopes import scope_of
from renda.web.todo import TodoItem


def _staff_congresses(user: Any) -> set[int]:
    return scope_of(user).congress_ids_with(Role.STAFF)


def pending_self_reports(user: Any) -> list[TodoItem]:
    from .selectors import pending_self_reports as pending

    if not _staff_congresses(user):
        return []
    n = pending(user).count()
    return [
        TodoItem(
            title=_("待审核的代表自报活动"), count=n, url=reverse("deputies:verify_queue"), icon="patch-check"
        )
    ]


def open_exit_warnings(user: Any) -> list[TodoItem]:
    from .choices import ExitWarningState
    from .records import ExitWarning

    ids = _staff_congresses(user)
    if not ids:
        return []
    n = ExitWarning.objects.filter(mandate__congress_id__in=ids, state=ExitWarningState.OPEN).count()
    return [
        TodoItem(
            title=_("待跟进的代表退出预警"),
            count=n,
            url=reverse("deputies:checks"),
            icon="exclamation-triangle",
            urgency="soon",
        )
    ]
