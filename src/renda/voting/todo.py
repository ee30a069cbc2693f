"""Home-page to-do: a member has an open vote they have not voted in."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.scopes import scope_of
from renda.web.todo import TodoItem, Urgency

from .selectors import open_votes_for_member


def member_todos(user: Any) -> list[TodoItem]:
    if scope_of(user).only_administers:
        return []
    votes = list(open_votes_for_member(user).values_list("pk", flat=True)[:2])
    if not votes:
        return []
    n = open_votes_for_member(user).count()
    url = reverse("voting:ballot", args=[votes[0]]) if n == 1 else reverse("voting:list") + "?state=open"
    return [TodoItem(title=_("待投票的表决"), count=n, url=url, urgency=Urgency.SOON, icon="check2-square")]
