"""The due-date and status rules of the calendar, each at, before and after its boundary."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.oversight import calendar_reports as cal

D = dt.date


def test_periods_yearly_and_half_yearly():
    assert cal.periods("yearly", 2026) == [(0, D(2026, 1, 1), D(2026, 12, 31))]
    assert cal.periods("half_yearly", 2026) == [
        (1, D(2026, 1, 1), D(2026, 6, 30)),
        (2, D(2026, 7, 1), D(2026, 12, 31)),
    ]


@pytest.mark.parametrize(
    ("start", "month", "day", "expected"),
    [
        (D(2026, 1, 1), 3, 31, D(2026, 3, 31)),  # law-based administration: end of March
        (D(2026, 1, 1), 7, 31, D(2026, 7, 31)),  # debt, first half: the month after the half
        (D(2026, 7, 1), 7, 31, D(2027, 1, 31)),  # debt, second half: into next year
        (D(2026, 1, 1), 2, 31, D(2026, 2, 28)),  # day past the month's end: its last day
        (D(2028, 1, 1), 2, 31, D(2028, 2, 29)),  # leap year
        (D(2026, 1, 1), 12, 31, D(2026, 12, 31)),
        (D(2026, 1, 1), 1, 1, D(2026, 1, 1)),
    ],
)
def test_due_date(start, month, day, expected):
    assert cal.due_date(start, month, day) == expected


def test_closes_on_is_next_periods_due_date():
    assert cal.closes_on("half_yearly", D(2026, 1, 1), 7, 31) == D(2027, 1, 31)
    assert cal.closes_on("half_yearly", D(2026, 7, 1), 7, 31) == D(2027, 7, 31)
    assert cal.closes_on("yearly", D(2026, 1, 1), 3, 31) == D(2027, 3, 31)


DUE = D(2026, 7, 31)
CLOSES = D(2027, 1, 31)


def status(today=None, received=None, remind=15):
    return cal.status_for(
        due_on=DUE, closes=CLOSES, received_on=received, today=today or DUE, remind_days=remind
    )


def test_reminder_window_boundary():
    assert status(D(2026, 7, 15)) == cal.UPCOMING  # 16 days before
    assert status(D(2026, 7, 16)) == cal.DUE  # exactly 15 days before
    assert status(D(2026, 7, 17)) == cal.DUE
    assert status(D(2026, 7, 31), remind=0) == cal.DUE  # no window: only the due day itself
    assert status(D(2026, 7, 30), remind=0) == cal.UPCOMING


def test_due_date_boundary():
    assert status(D(2026, 7, 30)) == cal.DUE
    assert status(D(2026, 7, 31)) == cal.DUE  # on the due date: not late yet
    assert status(D(2026, 8, 1)) == cal.LATE  # the day after


def test_missing_boundary():
    assert status(D(2027, 1, 30)) == cal.LATE
    assert status(D(2027, 1, 31)) == cal.LATE  # on the next due date: still late
    assert status(D(2027, 2, 1)) == cal.MISSING


def test_received_on_time_or_late_boundary():
    assert status(D(2026, 9, 1), received=D(2026, 7, 30)) == cal.RECEIVED
    assert status(D(2026, 9, 1), received=D(2026, 7, 31)) == cal.RECEIVED  # on the due date
    assert status(D(2026, 9, 1), received=D(2026, 8, 1)) == cal.RECEIVED_LATE
    assert status(D(2028, 1, 1), received=D(2027, 3, 1)) == cal.RECEIVED_LATE  # received even after closing
