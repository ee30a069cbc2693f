"""The demo county (示例县): a realistic tenancy for trying Renda out and for tests.

``manage.py load_demo`` builds it; ``manage.py demo_logins`` prints the accounts. See
``builder.py`` for what is created and ``accounts.py`` for the logins.
"""

import datetime as dt

from .accounts import ACCOUNTS, ADMIN_ACCOUNTS, DemoAccount
from .builder import LoadResult, demo_loaded, load_demo

# The day the demo county's story is told up to: its two years of records (2025–2026) are complete
# up to here. Tests that read the demo set the clock to this day (``@pytest.mark.clock(DEMO_AS_OF)``).
DEMO_AS_OF = dt.date(2026, 11, 20)

__all__ = ["DEMO_AS_OF", "ACCOUNTS", "ADMIN_ACCOUNTS", "DemoAccount", "LoadResult", "demo_loaded", "load_demo"]
