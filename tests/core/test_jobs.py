"""The task queue and the daily scheduler, with real tasks run by the real worker command."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from renda.core import jobs
from renda.core.models import ScheduledRun
from renda.core.tasks import send_email_task

TZ = ZoneInfo("Asia/Shanghai")
pytestmark = pytest.mark.django_db(transaction=True)

RUNS: list[str] = []


@pytest.fixture
def registered_job():
    @jobs.daily_job("test.collect", hour=6, minute=30)
    def collect():
        RUNS.append("ran")
        return "收集完成"

    RUNS.clear()
    yield collect
    jobs.DAILY_JOBS.pop("test.collect", None)


def test_email_task_runs_in_worker():
    result = send_email_task.enqueue("交办通知", "您有新的建议待签收。", ["clerk@example.org"])
    assert mail.outbox == []
    call_command("db_worker", queue_name="*", batch=True, reload=False, startup_delay=False, verbosity=0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "交办通知"
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1


def test_daily_job_not_due_before_its_hour(registered_job):
    early = datetime(2026, 11, 23, 6, 0, tzinfo=TZ)
    assert "test.collect" not in jobs.enqueue_due_jobs(early)
    assert not ScheduledRun.objects.filter(job_name="test.collect").exists()


def test_daily_job_enqueued_once_per_day_and_run(registered_job):
    now = datetime(2026, 11, 23, 7, 0, tzinfo=TZ)
    assert "test.collect" in jobs.enqueue_due_jobs(now)
    # A second worker (or a second tick) the same day enqueues nothing more.
    assert "test.collect" not in jobs.enqueue_due_jobs(now)
    call_command("db_worker", queue_name="*", batch=True, reload=False, startup_delay=False, verbosity=0)
    assert RUNS == ["ran"]
    run = ScheduledRun.objects.get(job_name="test.collect")
    assert run.succeeded is True
    assert run.message == "收集完成"
    assert run.finished_at is not None
    # The next day it is due again.
    tomorrow = datetime(2026, 11, 24, 7, 0, tzinfo=TZ)
    assert "test.collect" in jobs.enqueue_due_jobs(tomorrow)
    assert ScheduledRun.objects.filter(job_name="test.collect").count() == 2


def test_failed_job_is_recorded(registered_job):
    @jobs.daily_job("test.fails", hour=0)
    def fails():
        raise ValueError("数据源不可用")

    try:
        jobs.enqueue_due_jobs(datetime(2026, 11, 23, 1, 0, tzinfo=TZ))
        call_command("db_worker", queue_name="*", batch=True, reload=False, startup_delay=False, verbosity=0)
        run = ScheduledRun.objects.get(job_name="test.fails")
        assert run.succeeded is False
        assert "数据源不可用" in run.message
    finally:
        jobs.DAILY_JOBS.pop("test.fails", None)


def test_worker_command_batch_mode(registered_job, capsys):
    call_command("renda_worker", batch=True)
    out = capsys.readouterr().out
    assert "test.collect" in out
