"""Home-page to-do providers of suggestions beyond the inbox (``renda.cases.inbox`` counts the cases to
sign, handle, review, assign, rate, the requests to decide and the co-sign invitations): a deputy's
unsubmitted drafts and a leader's key suggestions."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.cases.models import Case
from renda.core.choices import Role
from renda.core.scopes import scope_of
from renda.web.todo import TodoItem

from .choices import KIND, SuggestionState


def deputy_todos(user: Any) -> list[TodoItem]:
    if not scope_of(user).has(Role.DEPUTY):
        return []
    mine = reverse("suggestions:list")
    drafts = Case.objects.filter(
        kind=KIND,
        suggestion__lead_user_id=user.pk,
        state__in=[SuggestionState.DRAFT, SuggestionState.RETURNED],
    ).count()
    return [TodoItem(title=_("未提交的建议草稿"), count=drafts, url=mine + "?state=draft", icon="pencil")]


def leader_todos(user: Any) -> list[TodoItem]:
    if not scope_of(user).has(Role.LEADER):
        return []
    n = Case.objects.filter(kind=KIND, supervising_leader_id=user.pk, closed_at__isnull=True).count()
    return [
        TodoItem(title=_("领衔督办的重点建议"), count=n, url=reverse("suggestions:key_list"), icon="star")
    ]


PROVIDERS = [deputy_todos, leader_todos]
