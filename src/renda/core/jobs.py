"""Background work: the task queue (django-tasks, database backend) and daily scheduled jobs.

Apps declare a daily job with ``@daily_job("name", hour=6)``; the worker (``make worker``, i.e.
``manage.py renda_worker``) enqueues each due job once per day across all worker machines and runs
the queue. A job is a plain function of no arguments, run as a task.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from renda.core import clock


@dataclass(frozen=True)
class DailyJob:
    name: str
    func: Callable[[], object]
    hour: int
    minute: int


DAILY_JOBS: dict[str, DailyJob] = {}


def daily_job(
    name: str, *, hour: int = 6, minute: int = 0
) -> Callable[[Callable[[], object]], Callable[[], object]]:
    """Register ``func`` to run once a day at hour:minute (Asia/Shanghai)."""

    def register(func: Callable[[], object]) -> Callable[[], object]:
        DAILY_JOBS[name] = DailyJob(name=name, func=func, hour=hour, minute=minute)
        return func

    return register


def load_job_modules() -> None:
    """Import ``<app>.jobs`` of every installed Renda app so their daily jobs register."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("renda."):
            continue
        module = f"{config.name}.jobs"
        if find_spec(module) is not None:
            import_module(module)


def due_jobs(now: datetime) -> list[DailyJob]:
    local = timezone.localtime(now)
    return [job for job in DAILY_JOBS.values() if (local.hour, local.minute) >= (job.hour, job.minute)]


def enqueue_due_jobs(now: datetime | None = None) -> list[str]:
    """Enqueue each daily job that is due today and not yet enqueued by any worker; return their names."""
    from django.db import IntegrityError, transaction

    from .models import ScheduledRun
    from .tasks import run_daily_job

    load_job_modules()
    now = now or clock.now()
    today = timezone.localdate(now)
    enqueued = []
    for job in due_jobs(now):
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job_name=job.name, run_date=today)
                run_daily_job.enqueue(job.name, run.pk)
        except IntegrityError:
            continue  # another worker got there first
        enqueued.append(job.name)
    return enqueued
