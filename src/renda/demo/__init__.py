"""The demo county (示例县): a realistic tenancy for trying Renda out and for tests.

An app at the top of the house (``renda.demo``): it imports every domain, and nothing but tests and
its own commands imports it. ``manage.py load_demo`` builds it; ``manage.py demo_logins`` prints the
accounts. See ``builder.py`` for what is created and ``accounts.py`` for the logins.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

# The day the demo county's story is told up to: its two years of records (2025–2026) are complete
# up to here. Tests that read the demo set the clock to this day (``@pytest.mark.clock(DEMO_AS_OF)``).
DEMO_AS_OF = dt.date(2026, 11, 20)

# Loaded on first use, so that Django can import this app's package before the models are ready.
_LAZY = {
    "ACCOUNTS": ".accounts",
    "ADMIN_ACCOUNTS": ".accounts",
    "DemoAccount": ".accounts",
    "LoadResult": ".builder",
    "demo_loaded": ".builder",
    "load_demo": ".builder",
}

__all__ = ["DEMO_AS_OF", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name], __name__), name)
    raise AttributeError(name)
