"""What bench/dashboard.py and bench/compliance_check.py share: the database (SQLite file or a
PostgreSQL database of one's own), Django's settings for a benchmark, and timing each measured thing
beside the bare SQL of its main rows in the same run (``bench.common.measure``: median, p95, queries)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def setup(name: str, database_url: str | None) -> str:
    """Point Django at ``database_url`` (default: a fresh SQLite file ``bench/.data/<name>.sqlite3``; a
    PostgreSQL database is dropped and created afresh) and start it. Returns the URL."""
    from bench.common import prepare_database

    data = ROOT / "bench" / ".data"
    data.mkdir(exist_ok=True)
    url = database_url or f"sqlite:///{data / f'{name}.sqlite3'}"
    prepare_database(url, create=True, fresh=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ.setdefault("RENDA_FIELD_KEY", "bench-only-field-key-" + "y" * 40)
    os.environ.setdefault("RENDA_AUDIT_KEY", "bench-only-audit-key-" + "z" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("MEDIA_ROOT", str(data / "media"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def vendor() -> str:
    from django.db import connection

    return "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"


def timed(label: str, func: Callable[[], Any], *, repeat: int, bare: Callable[[], Any] | None = None,
          before: Callable[[], Any] | None = None) -> Any:  # fmt: skip
    """Time ``func`` (after a warm-up) and the bare SQL ``bare`` of its main rows; print one line."""
    from bench.common import measure

    if before is None:
        m = measure(label, func, repeat=repeat, bare=bare)
    else:

        def wrapped() -> Any:
            before()
            return func()

        m = measure(label, wrapped, repeat=repeat, bare=bare)
    print(m.line(), flush=True)
    return m


def sql(statement: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple]:
    from bench.common import fetch

    return fetch(statement, params)


def leader_client(user: Any) -> Any:
    """A test client signed in as ``user`` with a confirmed second factor (as a leader's session is)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _created = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
