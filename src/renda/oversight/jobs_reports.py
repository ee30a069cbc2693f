"""The daily job of the statutory reporting calendar (registered when ``registrations_reports`` runs).

At 07:15 (after the case engine's ``cases.deadlines`` and ``cases.co_opinions``): generate this
year's expected reports of every congress (idempotent), then remind the reporting bodies of reports
nearing their due date and escalate those past it (``services_reports.run_report_reminders``)."""

from __future__ import annotations

from renda.core import clock
from renda.core.jobs import daily_job


@daily_job("oversight.statutory_reports", hour=7, minute=15)
def statutory_reports_job() -> dict[str, int]:
    from .services_reports import calendar_generate_system, run_report_reminders

    today = clock.today()
    created = calendar_generate_system(today.year)
    counts = run_report_reminders(today)
    return {"generated": created, **counts}
