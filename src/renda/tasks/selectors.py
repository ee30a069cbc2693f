"""Reads of decomposed tasks: the list (one selector for the page, its export, the to-do and the
summary), stalled and overdue tasks, a notice's progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateTimeField, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from renda.cases.models import Assignment, Case, ProgressReport
from renda.core import clock
from renda.core.scopes import scope_of

from .choices import KIND, TaskState
from .models import Task, TaskNotice

HANDLING_STATES = [TaskState.ASSIGNED, TaskState.HANDLING, TaskState.REHANDLING, TaskState.FOLLOWING]


def visible_tasks(user: Any) -> QuerySet[Task]:
    """Tasks whose case the user may read (staff: their congress; a unit: what is assigned to it)."""
    cases = Case.objects.visible_to(user).of_kind(KIND)
    return Task.objects.filter(case__in=cases)


def with_activity(qs: QuerySet[Task]) -> QuerySet[Task]:
    """Annotate the last progress report (or, without any, the assignment) and the latest percent."""
    last_report = ProgressReport.objects.filter(assignment__case_id=OuterRef("case_id")).order_by(
        "-reported_at", "-id"
    )
    first_assigned = Assignment.objects.filter(case_id=OuterRef("case_id")).order_by("assigned_at", "id")
    return qs.annotate(
        last_report_at=Subquery(last_report.values("reported_at")[:1], output_field=DateTimeField()),
        percent=Subquery(
            ProgressReport.objects.filter(
                assignment__case_id=OuterRef("case_id"), assignment__role="lead", percent_done__isnull=False
            )
            .order_by("-reported_at", "-id")
            .values("percent_done")[:1]
        ),
        last_activity=Coalesce(
            Subquery(last_report.values("reported_at")[:1], output_field=DateTimeField()),
            Subquery(first_assigned.values("assigned_at")[:1], output_field=DateTimeField()),
        ),
    )


def stalled_q(stall_days: int, now: dt.datetime | None = None) -> Q:
    now = now or clock.now()
    return Q(case__state__in=HANDLING_STATES, last_activity__lt=now - dt.timedelta(days=stall_days))


def overdue_q(today: dt.date | None = None) -> Q:
    today = today or clock.today()
    return Q(case__closed_at__isnull=True, case__state__in=[*HANDLING_STATES, TaskState.REGISTERED],
             due_on__lt=today)  # fmt: skip


def stall_days_of(congress_id: int) -> int:
    from .models import TaskSetting

    setting = TaskSetting.objects.filter(congress_id=congress_id).first()
    return setting.stall_days if setting else 30


def task_rows(user: Any, notice: TaskNotice | None = None) -> QuerySet[Task]:
    qs = visible_tasks(user)
    if notice is not None:
        qs = qs.filter(notice=notice)
    return (
        with_activity(qs)
        .select_related("case", "notice", "case__congress")
        .order_by("notice__issued_on", "notice_id", "sort_order", "id")
    )


def lead_units(tasks: list[Task]) -> dict[int, list[Any]]:
    """case id → its assignments (lead first), read in one query."""
    out: dict[int, list[Any]] = {}
    for a in (
        Assignment.objects.filter(case_id__in=[t.case_id for t in tasks])
        .select_related("organization")
        .order_by("case_id", "role", "id")
    ):
        out.setdefault(a.case_id, []).append(a)
    return out


@dataclass(frozen=True)
class NoticeProgress:
    total: int
    closed: int
    reported: int
    handling: int
    registered: int
    overdue: int
    stalled: int

    @property
    def percent_closed(self) -> int:
        return round(100 * self.closed / self.total) if self.total else 0


def notice_progress(user: Any, notice: TaskNotice) -> NoticeProgress:
    qs = with_activity(visible_tasks(user).filter(notice=notice))
    stall = stall_days_of(notice.congress_id)
    agg = qs.aggregate(
        total=Count("pk"),
        closed=Count("pk", filter=Q(case__state=TaskState.CLOSED)),
        reported=Count("pk", filter=Q(case__state=TaskState.REPORTED)),
        handling=Count("pk", filter=Q(case__state__in=HANDLING_STATES)),
        registered=Count("pk", filter=Q(case__state=TaskState.REGISTERED)),
        overdue=Count("pk", filter=overdue_q()),
        stalled=Count("pk", filter=stalled_q(stall)),
    )
    return NoticeProgress(**agg)


def notices_for(user: Any) -> QuerySet[TaskNotice]:
    scope = scope_of(user)
    ids = visible_tasks(user).values("notice_id")
    return (
        TaskNotice.objects.filter(Q(congress_id__in=scope.staff_read_congress_ids) | Q(pk__in=ids))
        .annotate(n_tasks=Count("tasks"), last=Max("tasks__case__closed_at"))
        .order_by("-issued_on", "-id")
    )


def notice_for(user: Any, pk: int) -> TaskNotice:
    """A notice the user may read (staff of its congress, or a unit with a task of it) — the page's and
    the API's one rule; anything else is not found."""
    from django.http import Http404

    notice = TaskNotice.objects.select_related("congress").filter(pk=pk).first()
    if notice is not None and (
        notice.congress_id in scope_of(user).staff_read_congress_ids
        or visible_tasks(user).filter(notice=notice).exists()
    ):
        return notice
    raise Http404("通知不存在。")
