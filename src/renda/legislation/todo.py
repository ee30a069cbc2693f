"""Home-page to-do: proposals to study and comments to screen (legislative staff); drafts to read before a
reading (members of the meeting)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.choices import Role
from renda.core.scopes import scope_of
from renda.web.todo import TodoItem, Urgency

from . import permissions
from .choices import CommentStatus, ProjectState, ReadingState
from .models import Comment, LegislativeProject, Reading


def staff_todos(user: Any) -> list[TodoItem]:
    scope = scope_of(user)
    if scope.only_administers or not scope.has(Role.STAFF):
        return []
    ids = [cid for cid in scope.congress_ids_with(Role.STAFF) if permissions.is_legislative_staff(user, cid)]
    if not ids:
        return []
    items = []
    proposed = LegislativeProject.objects.filter(congress_id__in=ids, state=ProjectState.PROPOSED).count()
    if proposed:
        items.append(TodoItem(title=_("待论证的立法项目建议"), count=proposed, icon="journal-plus",
                              url=reverse("legislation:projects") + "?state=proposed"))  # fmt: skip
    pending = Comment.objects.filter(
        period__project__congress_id__in=ids, status=CommentStatus.PENDING
    ).count()
    if pending:
        items.append(TodoItem(title=_("待筛选的立法意见"), count=pending, icon="chat-square-text",
                              url=reverse("legislation:periods"), urgency=Urgency.SOON))  # fmt: skip
    return items


def member_todos(user: Any) -> list[TodoItem]:
    scope = scope_of(user)
    if scope.only_administers or not scope.has(Role.DEPUTY):
        return []
    from renda.meetings.models import MeetingMember

    meetings = MeetingMember.objects.filter(user_id=user.pk, role="member").values("meeting_id")
    reading = (
        Reading.objects.filter(meeting_id__in=meetings, state=ReadingState.SCHEDULED).order_by("-pk").first()
    )
    if reading is None:
        return []
    return [TodoItem(title=_("会前阅读法规草案"), count=1, icon="book", url=reverse("legislation:reading",
                     args=[reading.pk]), hint=_("请在会前阅读草案,可逐条提出审议意见"))]  # fmt: skip


PROVIDERS = [staff_todos, member_todos]
