"""The one clock: every "now" and "today" in Renda is read here.

Tests set it with ``time_machine`` (see ``tests/conftest.py``: the ``clock`` fixture, and
``RENDA_TEST_CLOCK_SHIFT_DAYS`` to run the whole suite on another day), so no other code asks
the datetime module or django.utils.timezone for the current time.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    """The current moment, timezone-aware (UTC)."""
    return timezone.now()


def today() -> dt.date:
    """Today's date in the deployment's time zone (Asia/Shanghai by default)."""
    return timezone.localdate(timezone.now())
