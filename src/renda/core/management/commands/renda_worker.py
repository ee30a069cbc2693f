"""The worker: runs the task queue and, beside it, the daily job scheduler (``make worker``)."""

from __future__ import annotations

import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from renda.core.jobs import DAILY_JOBS, enqueue_due_jobs, load_job_modules

logger = logging.getLogger("renda.jobs")


class Command(BaseCommand):
    help = "运行后台任务队列和每日定时任务(可在多台机器上各运行一个,共用同一个 PostgreSQL)"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="队列空闲时的轮询间隔(秒)")
        parser.add_argument("--schedule-interval", type=float, default=30.0, help="检查定时任务的间隔(秒)")
        parser.add_argument("--batch", action="store_true", help="排入到期的定时任务,处理完队列后退出")

    def handle(self, *args, **options):
        load_job_modules()
        self.stdout.write(f"已注册的每日任务:{', '.join(sorted(DAILY_JOBS)) or '无'}")
        if options["batch"]:
            names = enqueue_due_jobs()
            self.stdout.write(f"已排入:{', '.join(names) or '无'}")
            call_command(
                "db_worker", queue_name="*", batch=True, reload=False, startup_delay=False, verbosity=0
            )
            return
        stop = threading.Event()

        def schedule_loop() -> None:
            while not stop.is_set():
                try:
                    names = enqueue_due_jobs()
                    if names:
                        logger.info("enqueued daily jobs: %s", ", ".join(names))
                except Exception:
                    logger.exception("scheduler tick failed")
                finally:
                    close_old_connections()
                stop.wait(options["schedule_interval"])

        thread = threading.Thread(target=schedule_loop, name="renda-scheduler", daemon=True)
        thread.start()
        try:
            call_command(
                "db_worker",
                queue_name="*",
                interval=options["interval"],
                reload=False,
                verbosity=options["verbosity"],
            )
        finally:
            stop.set()
