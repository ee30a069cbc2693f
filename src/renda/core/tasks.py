"""Tasks of the core app, run by the worker (``make worker``)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

from renda.core import clock

logger = logging.getLogger("renda.jobs")


@task(queue_name="default")
def send_email_task(subject: str, body: str, recipients: list[str]) -> int:
    """Send one email in the background; returns the number sent."""
    return send_mail(subject, body, None, recipients, fail_silently=False)


@task(queue_name="scheduled")
def run_daily_job(job_name: str, run_id: int) -> str:
    """Run a registered daily job and record its outcome on its ScheduledRun row."""
    from .jobs import DAILY_JOBS, load_job_modules
    from .models import ScheduledRun

    load_job_modules()
    run = ScheduledRun.objects.get(pk=run_id)
    ScheduledRun.objects.filter(pk=run_id).update(started_at=clock.now())
    job = DAILY_JOBS.get(job_name)
    if job is None:
        ScheduledRun.objects.filter(pk=run.pk).update(
            finished_at=clock.now(), succeeded=False, message=f"未注册的任务:{job_name}"
        )
        return "missing"
    try:
        with transaction.atomic():
            result = job.func()
    except Exception as exc:
        logger.exception("daily job %s failed", job_name)
        ScheduledRun.objects.filter(pk=run.pk).update(
            finished_at=clock.now(), succeeded=False, message=repr(exc)[:2000]
        )
        raise
    message = "" if result is None else str(result)[:2000]
    ScheduledRun.objects.filter(pk=run.pk).update(finished_at=clock.now(), succeeded=True, message=message)
    return message
