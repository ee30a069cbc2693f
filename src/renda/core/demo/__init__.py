"""The demo county (示例县): a realistic tenancy for trying Renda out and for tests.

``manage.py load_demo`` builds it; ``manage.py demo_logins`` prints the accounts. See
``builder.py`` for what is created and ``accounts.py`` for the logins.
"""

from .accounts import ACCOUNTS, ADMIN_ACCOUNTS, DemoAccount
from .builder import LoadResult, demo_loaded, load_demo

__all__ = ["ACCOUNTS", "ADMIN_ACCOUNTS", "DemoAccount", "LoadResult", "demo_loaded", "load_demo"]
