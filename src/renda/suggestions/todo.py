"""Home-page to-do providers: what each role has to do about suggestions."""

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

from .choices import KIND, SuggestionState
from .selectors import invitations_for, pending_requests, replies_to_rate


def deputy_todos(user: Any) -> list[TodoItem]:
    if not scope_of(user).has(Role.DEPUTY):
        return []
    mine = reverse("suggestions:list")
    drafts = Case.objects.filter(
        kind=KIND,
        suggestion__lead_user_id=user.pk,
        state__in=[SuggestionState.DRAFT, SuggestionState.RETURNED],
    ).count()
    return [
        TodoItem(title=_("未提交的建议草稿"), count=drafts, url=mine + "?state=draft", icon="pencil"),
        TodoItem(
            title=_("待确认的附议邀请"),
            count=invitations_for(user).count(),
            url=reverse("suggestions:invitations"),
        ),
        TodoItem(
            title=_("待测评的答复"),
            count=replies_to_rate(user).count(),
            url=reverse("suggestions:to_rate"),
            urgency=Urgency.SOON,
            icon="star-half",
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
    total = qs.count()
    overdue = qs.filter(deadline__lt=clock.today()).count()
    url = reverse("suggestions:unit_todo")
    items = [TodoItem(title=_("待办理的代表建议"), count=total - overdue, url=url, icon="list-check")]
    items.append(TodoItem(title=_("已超期的代表建议"), count=overdue, url=url, urgency=Urgency.OVERDUE))
    return items


def staff_todos(user: Any) -> list[TodoItem]:
    scope = scope_of(user)
    congresses = scope.congress_ids_with(Role.STAFF)
    if not congresses:
        return []
    base = Case.objects.filter(kind=KIND, congress_id__in=congresses)
    requests = pending_requests(user)
    return [
        TodoItem(
            title=_("待审查的建议"),
            count=base.filter(state=SuggestionState.SUBMITTED).count(),
            url=reverse("suggestions:review_queue"),
            icon="inbox",
        ),
        TodoItem(
            title=_("待交办的建议"),
            count=base.filter(state=SuggestionState.ACCEPTED).count(),
            url=reverse("suggestions:assign_bulk"),
            icon="send",
        ),
        TodoItem(
            title=_("待审批的延期和退回申请"),
            count=requests["extensions"].count() + requests["returns"].count(),
            url=reverse("suggestions:requests"),
            urgency=Urgency.SOON,
        ),
    ]


def leader_todos(user: Any) -> list[TodoItem]:
    if not scope_of(user).has(Role.LEADER):
        return []
    n = Case.objects.filter(kind=KIND, supervising_leader_id=user.pk, closed_at__isnull=True).count()
    return [
        TodoItem(title=_("领衔督办的重点建议"), count=n, url=reverse("suggestions:key_list"), icon="star")
    ]


PROVIDERS = [deputy_todos, unit_todos, staff_todos, leader_todos]
