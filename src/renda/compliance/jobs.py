"""The nightly compliance check: every active congress, for this year, this half year and this term."""

from __future__ import annotations

import logging

from renda.core.jobs import daily_job
from renda.core.models import Congress

from .checks import PeriodError, parse_period, run_check

logger = logging.getLogger("renda.compliance")


@daily_job("compliance_nightly_check", hour=2, minute=30)
def nightly_check() -> int:
    """Run and store the whole check of every active congress; returns the number of runs."""
    runs = 0
    for congress in Congress.objects.filter(is_active=True).order_by("path"):
        for kind in ("year", "half_year", "term"):
            try:
                report = parse_period(congress, kind, None)
            except PeriodError:
                continue
            run_check(congress, report, trigger="nightly")
            runs += 1
    logger.info("compliance nightly check: %s runs", runs)
    return runs
