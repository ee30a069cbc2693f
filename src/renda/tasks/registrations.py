"""What the tasks app adds to the shared registries: its case kind, menu, to-do and daily job."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from renda.cases.policies import register_policy
    from renda.core.choices import Role
    from renda.web.navigation import register_nav
    from renda.web.todo import register_todo

    from . import (
        jobs,  # noqa: F401  (registers the daily job)
        todo,
    )
    from .policy import TaskPolicy

    register_policy(TaskPolicy())
    register_nav(_("任务分解"), "tasks:list", roles=[Role.STAFF, Role.LEADER, Role.UNIT_CLERK, Role.UNIT_LEADER],
                 icon="list-task", order=70, group="oversight", active_prefixes=["/tasks/"])  # fmt: skip
    register_todo(todo.task_todos)
