"""Background work: the task queue (django-tasks, database backend) and daily scheduled jobs.

Apps declare a daily job with ``@daily_job("name", hour=6)``; the worker (``make worker``, i.e.
``manage.py renda_worker``) enqueues each due job once per day across all worker machines and runs
the queue. A job is a plain function of no arguments, run as a task.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


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
