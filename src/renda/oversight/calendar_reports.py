"""The rules of the statutory reporting calendar: periods, due dates and the status of a report.

Pure functions of dates, so every boundary is tested at, before and after:

* a yearly obligation has one period per calendar year; a half-yearly one two (January–June, July–December);
* the due date is the ``due_month``-th month counted from the start of the period (1 = its first month;
  7 for a half year = the month after it ends), on ``due_day`` (a day past the month's end is its last day);
* a report is **缺报 (missing)** when it was not received by the next period's due date (``closes_on``).

Status on a day, for a report not received: ``upcoming`` before the reminder window, ``due`` from
``remind_days`` before the due date up to the due date itself, ``late`` the day after the due date up to
``closes_on``, ``missing`` after ``closes_on``. For a received report: ``received`` when received on or
before the due date, ``received_late`` after it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

UPCOMING = "upcoming"
DUE = "due"
LATE = "late"
MISSING = "missing"
RECEIVED = "received"
RECEIVED_LATE = "received_late"

STATUS_LABELS = {
    UPCOMING: _("未到期"),
    DUE: _("临近截止"),
    LATE: _("逾期未报"),
    MISSING: _("缺报"),
    RECEIVED: _("按时报送"),
    RECEIVED_LATE: _("逾期报送"),
}
STATUS_CSS = {
    UPCOMING: "secondary",
    DUE: "warning",
    LATE: "danger",
    MISSING: "dark",
    RECEIVED: "success",
    RECEIVED_LATE: "info",
}
NOT_RECEIVED = (UPCOMING, DUE, LATE, MISSING)


def periods(frequency: str, year: int) -> list[tuple[int, dt.date, dt.date]]:
    """``[(half, start, end)]`` of the year: half 0 for a yearly obligation, 1 and 2 for a half-yearly one."""
    if frequency == "half_yearly":
        return [
            (1, dt.date(year, 1, 1), dt.date(year, 6, 30)),
            (2, dt.date(year, 7, 1), dt.date(year, 12, 31)),
        ]
    return [(0, dt.date(year, 1, 1), dt.date(year, 12, 31))]


def add_months(start: dt.date, months: int, day: int) -> dt.date:
    """The ``day`` of the month ``months`` after ``start``'s month (clamped to the month's last day)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(max(day, 1), last))


def due_date(period_start: dt.date, due_month: int, due_day: int) -> dt.date:
    return add_months(period_start, due_month - 1, due_day)


def next_period_start(frequency: str, period_start: dt.date) -> dt.date:
    return add_months(period_start, 6 if frequency == "half_yearly" else 12, 1)


def closes_on(frequency: str, period_start: dt.date, due_month: int, due_day: int) -> dt.date:
    """The next period's due date: a report not received by then is 缺报."""
    return due_date(next_period_start(frequency, period_start), due_month, due_day)


def status_for(
    *, due_on: dt.date, closes: dt.date, received_on: dt.date | None, today: dt.date, remind_days: int
) -> str:
    if received_on is not None:
        return RECEIVED if received_on <= due_on else RECEIVED_LATE
    if today > closes:
        return MISSING
    if today > due_on:
        return LATE
    if today >= due_on - dt.timedelta(days=remind_days):
        return DUE
    return UPCOMING


def status_of(report: Any, today: dt.date) -> str:
    return status_for(
        due_on=report.due_on,
        closes=report.closes_on,
        received_on=report.received_on,
        today=today,
        remind_days=report.obligation.remind_days,
    )


def period_label(year: int, half: int) -> str:
    return {0: f"{year}年度", 1: f"{year}年上半年", 2: f"{year}年下半年"}[half]
