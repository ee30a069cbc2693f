"""The working-day calendar: Monday to Friday, minus holidays, plus make-up working days (调休).

Exceptions live in ``CalendarDay`` (national rows, and a congress's own rows which win), so staff
can correct them. ``seed_national_calendar()`` loads the State Council's holidays for 2025–2027
(2027 estimated until it is published).
"""

from __future__ import annotations

import calendar as _pycal
import datetime as dt
from collections.abc import Iterable

from django.db.models import Q

# (first day, last day, name) of the holidays and the make-up working days, per year.
# 2025 and 2026: the State Council's notices (国办发明电〔2024〕12号, 〔2025〕7号).
# 2027: estimated from the usual pattern; marked ``is_estimated`` so staff check it when published.
HOLIDAYS: dict[int, dict[str, list]] = {
    2025: {
        "off": [
            ("2025-01-01", "2025-01-01", "元旦"),
            ("2025-01-28", "2025-02-04", "春节"),
            ("2025-04-04", "2025-04-06", "清明节"),
            ("2025-05-01", "2025-05-05", "劳动节"),
            ("2025-05-31", "2025-06-02", "端午节"),
            ("2025-10-01", "2025-10-08", "国庆节、中秋节"),
        ],
        "work": [
            ("2025-01-26", "春节调休"),
            ("2025-02-08", "春节调休"),
            ("2025-04-27", "劳动节调休"),
            ("2025-09-28", "国庆节调休"),
            ("2025-10-11", "国庆节调休"),
        ],
    },
    2026: {
        "off": [
            ("2026-01-01", "2026-01-03", "元旦"),
            ("2026-02-15", "2026-02-23", "春节"),
            ("2026-04-04", "2026-04-06", "清明节"),
            ("2026-05-01", "2026-05-05", "劳动节"),
            ("2026-06-19", "2026-06-21", "端午节"),
            ("2026-09-25", "2026-09-27", "中秋节"),
            ("2026-10-01", "2026-10-07", "国庆节"),
        ],
        "work": [
            ("2026-01-04", "元旦调休"),
            ("2026-02-14", "春节调休"),
            ("2026-02-28", "春节调休"),
            ("2026-05-09", "劳动节调休"),
            ("2026-09-20", "国庆节调休"),
            ("2026-10-10", "国庆节调休"),
        ],
    },
    2027: {
        "estimated": True,
        "off": [
            ("2027-01-01", "2027-01-03", "元旦"),
            ("2027-02-05", "2027-02-13", "春节"),
            ("2027-04-03", "2027-04-05", "清明节"),
            ("2027-05-01", "2027-05-05", "劳动节"),
            ("2027-06-09", "2027-06-09", "端午节"),
            ("2027-09-15", "2027-09-15", "中秋节"),
            ("2027-10-01", "2027-10-07", "国庆节"),
        ],
        "work": [
            ("2027-02-20", "春节调休"),
            ("2027-04-25", "劳动节调休"),
            ("2027-09-26", "国庆节调休"),
            ("2027-10-09", "国庆节调休"),
        ],
    },
}


def national_calendar_rows() -> Iterable[tuple[dt.date, bool, str, bool]]:
    """(date, is_workday, name, is_estimated) for every exception in ``HOLIDAYS``."""
    for _year, spec in sorted(HOLIDAYS.items()):
        estimated = bool(spec.get("estimated", False))
        for first, last, name in spec["off"]:
            day = dt.date.fromisoformat(first)
            end = dt.date.fromisoformat(last)
            while day <= end:
                yield day, False, name, estimated
                day += dt.timedelta(days=1)
        for date, name in spec["work"]:
            yield dt.date.fromisoformat(date), True, name, estimated


def seed_national_calendar(calendar_day_model=None) -> int:
    """Create the national rows that do not exist yet (never overwrites staff corrections)."""
    if calendar_day_model is None:
        from .models import CalendarDay as calendar_day_model  # noqa: N813
    existing = set(calendar_day_model.objects.filter(congress__isnull=True).values_list("date", flat=True))
    new = [
        calendar_day_model(date=d, is_workday=w, name=n, is_estimated=e, congress=None)
        for d, w, n, e in national_calendar_rows()
        if d not in existing
    ]
    calendar_day_model.objects.bulk_create(new)
    return len(new)


class WorkCalendar:
    """Answers working-day questions for one congress, loading its exceptions once."""

    def __init__(self, congress_id: int | None = None):
        from .models import CalendarDay

        self.congress_id = congress_id
        rows = CalendarDay.objects.filter(Q(congress__isnull=True) | Q(congress_id=congress_id)).values_list(
            "date", "is_workday", "congress_id"
        )
        national: dict[dt.date, bool] = {}
        local: dict[dt.date, bool] = {}
        for date, is_workday, cid in rows:
            (local if cid else national)[date] = is_workday
        self.exceptions = {**national, **local}

    def is_workday(self, day: dt.date) -> bool:
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    def next_workday(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
        day = start
        counted = 0
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end <= start``)."""
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_workday(day):
                count += 1
        return count

    def add_months(self, start: dt.date, months: int) -> dt.date:
        """``start`` plus calendar months, moved forward to a working day when it falls on a rest day."""
        return self.next_workday(add_months(start, months))


def add_months(start: dt.date, months: int) -> dt.date:
    """Calendar months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, _pycal.monthrange(year, month)[1])
    return dt.date(year, month, day)
