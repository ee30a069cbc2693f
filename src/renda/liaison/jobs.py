"""Daily job: generate the coming reception days from the stations' rules and remind the deputies."""

from __future__ import annotations

import logging

from renda.core.jobs import daily_job

from .services import reception_days_generate, reception_days_remind

logger = logging.getLogger("renda.liaison.jobs")


@daily_job("liaison.reception_days", hour=6, minute=30)
def reception_days_job() -> dict[str, int]:
    counts = reception_days_generate()
    counts["reminded"] = reception_days_remind()
    logger.info("reception days: %s", counts)
    return counts
