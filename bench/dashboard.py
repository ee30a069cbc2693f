#!/usr/bin/env python
"""Benchmark (not a test) of the leaders' dashboard (驾驶舱) of the demo county: the page and the
meeting-room screen, opened by the demo leader, every panel computed (suggestions, deputies, meetings,
compliance from its stored run, tasks).

    .venv/bin/python bench/dashboard.py               # SQLite file in bench/.data, load_demo first (minutes)
    .venv/bin/python bench/dashboard.py --repeat 15

Prints the median, the 95th percentile and the query count of each (the numbers in docs/performance.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def _ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args(argv)
    data = ROOT / "bench" / ".data"
    data.mkdir(exist_ok=True)
    db = data / "bench-dashboard.sqlite3"
    db.unlink(missing_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ.setdefault("RENDA_FIELD_KEY", "bench-only-field-key-" + "y" * 40)
    os.environ.setdefault("RENDA_AUDIT_KEY", "bench-only-audit-key-" + "z" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("MEDIA_ROOT", str(data / "media"))
    import django

    django.setup()
    import time_machine
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_otp.plugins.otp_totp.models import TOTPDevice

    call_command("migrate", verbosity=0)
    traveller = time_machine.travel(dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC), tick=True)
    traveller.start()
    call_command("load_demo", verbosity=0)

    from django_otp import DEVICE_ID_SESSION_KEY

    from renda.compliance import checks
    from renda.core.models import User
    from renda.web import dashboard

    leader = User.objects.get(username="leader")
    county = dashboard.congresses_for(leader)[0]
    checks.run_check(county, checks.parse_period(county, "year", "2026"), trigger="auto")
    client = Client()
    client.force_login(leader)
    device, _created = TOTPDevice.objects.get_or_create(
        user=leader, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    print(f"leaders' dashboard of {county.name}, SQLite, {args.repeat} repeats")
    for label, url in [("dashboard page", "/dashboard/"), ("meeting-room screen", "/dashboard/screen/")]:
        client.get(url, secure=True)  # warm up (templates, rule modules)
        times, queries = [], 0
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url, secure=True)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
            queries = len(captured.captured_queries)
        median, p95 = _ms(times)
        print(f"  {label:<22} median {median:7.1f} ms  p95 {p95:7.1f} ms  queries {queries}")
    traveller.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
