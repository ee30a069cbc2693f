"""Home-page to-do of area `plans`: evaluations a member or deputy is to score (the rectification items'
work — sign, report, verify — is the engine's inbox)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.scopes import scope_of
from renda.web.todo import TodoItem, Urgency


def scoring_todos(user: Any) -> list[TodoItem]:
    if scope_of(user).only_administers:
        return []
    from .models.plans import EvaluationScore
    from .selectors_plans import my_scoring

    pending = my_scoring(user).exclude(
        pk__in=EvaluationScore.objects.filter(rater_id=user.pk).values("evaluation_id")
    )
    n = pending.count()
    if not n:
        return []
    return [
        TodoItem(
            title=_("待参加的满意度测评"), count=n, url=reverse("oversight:evaluation_mine"),
            urgency=Urgency.SOON, icon="clipboard-check",
        )
    ]  # fmt: skip


PROVIDERS = [scoring_todos]
