"""What the budget app adds to the shared registries: its menu entry and its to-do."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from renda.cases.policies import register_policy
    from renda.core.choices import Role
    from renda.web.navigation import register_nav
    from renda.web.todo import register_todo

    from .policy import BudgetInquiryPolicy
    from .todo import warning_todos

    register_policy(BudgetInquiryPolicy())

    register_nav(_("预算监督"), "budget:overview", roles=[Role.STAFF, Role.LEADER], icon="cash-coin",
                 order=75, group="oversight", active_prefixes=["/budget/"])  # fmt: skip
    register_todo(warning_todos)
