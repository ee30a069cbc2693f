"""What the database says, read at each scrape: the task queue, overdue cases, failed sign-ins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Min
from prometheus_client.core import GaugeMetricFamily, Metric

from renda.core import clock

RECENT_LOGIN_WINDOW = dt.timedelta(minutes=15)


def queue_metrics(now: dt.datetime) -> Iterator[Metric]:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    depth = GaugeMetricFamily(
        "renda_task_queue_depth", "Tasks waiting in the queue (ready, not yet claimed).", labels=["queue"]
    )
    age = GaugeMetricFamily(
        "renda_task_queue_oldest_age_seconds",
        "Age of the oldest task that is due and not yet claimed (0 when none): a stuck worker shows here.",
        labels=["queue"],
    )
    rows = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        .values("queue_name")
        .annotate(n=Count("id"))
        .order_by("queue_name")
    )
    due = dict(
        DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lte=now)
        .values("queue_name")
        .annotate(oldest=Min("enqueued_at"))
        .values_list("queue_name", "oldest")
    )
    queues = {"default", "scheduled"} | {row["queue_name"] for row in rows}
    counts = {row["queue_name"]: row["n"] for row in rows}
    for queue in sorted(queues):
        depth.add_metric([queue], counts.get(queue, 0))
        oldest = due.get(queue)
        age.add_metric([queue], max(0.0, (now - oldest).total_seconds()) if oldest else 0.0)
    yield depth
    yield age

    by_status = GaugeMetricFamily(
        "renda_tasks_by_status",
        "Tasks in the queue's table by status (running, failed, …).",
        labels=["status"],
    )
    for status, n in DBTaskResult.objects.values("status").annotate(n=Count("id")).values_list("status", "n"):
        by_status.add_metric([str(status).lower()], n)
    yield by_status


def overdue_metrics(today: dt.date) -> Iterator[Metric]:
    from renda.cases.choices import AssignmentState
    from renda.cases.models import Assignment

    overdue = GaugeMetricFamily(
        "renda_cases_overdue",
        "Open cases with at least one unit's assignment past its deadline, by case kind.",
        labels=["kind"],
    )
    rows = (
        Assignment.objects.filter(
            state__in=[AssignmentState.PENDING_SIGN, AssignmentState.HANDLING],
            deadline__lt=today,
            case__closed_at__isnull=True,
        )
        .values("case__kind")
        .annotate(n=Count("case", distinct=True))
        .order_by("case__kind")
    )
    for row in rows:
        overdue.add_metric([row["case__kind"]], row["n"])
    yield overdue


def login_metrics(now: dt.datetime) -> Iterator[Metric]:
    from renda.security.models import LoginAttempt

    recent = GaugeMetricFamily(
        "renda_login_failures_recent",
        "Failed sign-in attempts of the last 15 minutes, all processes (blocked: refused while locked).",
        labels=["outcome"],
    )
    rows = dict(
        LoginAttempt.objects.filter(created_at__gte=now - RECENT_LOGIN_WINDOW, succeeded=False)
        .values("blocked")
        .annotate(n=Count("id"))
        .values_list("blocked", "n")
    )
    recent.add_metric(["failed"], rows.get(False, 0))
    recent.add_metric(["blocked"], rows.get(True, 0))
    yield recent


class DatabaseCollector:
    def collect(self) -> Iterator[Metric]:
        now = clock.now()
        yield from queue_metrics(now)
        yield from overdue_metrics(clock.today())
        yield from login_metrics(now)
