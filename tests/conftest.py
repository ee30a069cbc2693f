"""Shared fixtures: a small realistic tenancy built through the real models and services.

The clock: code reads "now" and "today" from ``renda.core.clock`` only, which follows the
patched time here. ``@pytest.mark.clock("2026-11-20")`` (a date, a datetime or an ISO string) sets
the day a test runs on, the ``clock`` fixture moves it inside a test, and the environment variable
``RENDA_TEST_CLOCK_SHIFT_DAYS`` runs the whole suite that many days away from today (CI runs it a
year ahead, so a test that depends on the day it runs fails now rather than next year).
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")
_session_travel: list[time_machine.travel] = []


def _moment(value: object) -> dt.datetime:
    if isinstance(value, str):
        value = (
            dt.datetime.fromisoformat(value) if "T" in value or " " in value else dt.date.fromisoformat(value)
        )
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=SHANGHAI)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(10, 0), tzinfo=SHANGHAI)
    raise TypeError(f"cannot set the clock to {value!r}")


def pytest_configure(config):
    config.addinivalue_line("markers", "clock(when): run the test with the clock set to this day or moment")
    shift = os.environ.get("RENDA_TEST_CLOCK_SHIFT_DAYS")
    if shift and not _session_travel:
        start = dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=int(shift))
        traveller = time_machine.travel(start, tick=True)
        traveller.start()
        _session_travel.append(traveller)


def pytest_report_header(config):
    if _session_travel:
        return f"clock shifted by RENDA_TEST_CLOCK_SHIFT_DAYS={os.environ.get('RENDA_TEST_CLOCK_SHIFT_DAYS')}"
    return None


class Clock:
    """Moves the one clock inside a test: ``clock.set(day)``, ``clock.shift(days=3)``."""

    def __init__(self) -> None:
        self._travellers: list[time_machine.travel] = []

    def set(self, when: object, *, tick: bool = True) -> dt.datetime:
        moment = _moment(when)
        traveller = time_machine.travel(moment, tick=tick)
        traveller.start()
        self._travellers.append(traveller)
        return moment

    def shift(self, **delta: float) -> dt.datetime:
        return self.set(dt.datetime.now(tz=dt.UTC) + dt.timedelta(**delta))

    def stop(self) -> None:
        while self._travellers:
            self._travellers.pop().stop()


@pytest.fixture
def clock(request):
    c = Clock()
    marker = request.node.get_closest_marker("clock")
    if marker:
        c.set(marker.args[0])
    yield c
    c.stop()


@pytest.fixture(autouse=True)
def _clock_marker(request):
    """``@pytest.mark.clock(...)`` sets the day without asking for the fixture."""
    if request.node.get_closest_marker("clock") and "clock" not in request.fixturenames:
        request.getfixturevalue("clock")
    yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the portal caches per congress; ids repeat across tests)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _audit_anchor_dir(settings, tmp_path_factory):
    """Each test writes the audit chain's anchors to a folder of its own (never var/audit-anchors)."""
    settings.RENDA_AUDIT_ANCHOR_DIR = tmp_path_factory.mktemp("audit-anchors")


@pytest.fixture
def twin_counties(db):
    """A city congress with two sibling counties, each with its bodies, units, a station and one user per role."""
    from tests.factories import build_world

    return build_world()
