"""A signed-in GET does not write the session row: the idle timer's last activity is stamped at most
once a minute (issue 18), and the idle timeout still ends the session after the configured time."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renda.audit.models import Event
from renda.security.middleware import ACTIVITY_STAMP_SECONDS
from renda.security.services import LAST_ACTIVITY_KEY

from .conftest import PASSWORD
from .test_login import post_login

pytestmark = pytest.mark.django_db


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]


def test_a_get_within_the_minute_writes_nothing(client, staff, clock):
    clock.set("2026-11-20 09:00", tick=False)
    post_login(client, "gongzuo", PASSWORD)
    client.get("/")  # the first page after signing in
    key = client.session.session_key
    row = Session.objects.get(session_key=key)
    clock.set("2026-11-20 09:00:50", tick=False)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    assert _writes(ctx.captured_queries) == []
    after = Session.objects.get(session_key=key)
    assert (after.session_data, after.expire_date) == (row.session_data, row.expire_date)


def test_after_a_minute_the_activity_is_stamped_once(client, staff, clock):
    clock.set("2026-11-20 09:00", tick=False)
    post_login(client, "gongzuo", PASSWORD)
    client.get("/")
    key = client.session.session_key
    before = Session.objects.get(session_key=key).expire_date
    later = clock.set("2026-11-20 09:01:05", tick=False)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    writes = _writes(ctx.captured_queries)
    assert len(writes) == 1 and "django_session" in writes[0]
    assert client.session[LAST_ACTIVITY_KEY] == later.timestamp()
    assert Session.objects.get(session_key=key).expire_date > before  # the expiry moves on too
    clock.set("2026-11-20 09:01:30", tick=False)
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
    assert _writes(ctx.captured_queries) == []


def test_the_idle_timeout_still_ends_the_session(client, staff, policy, clock):
    policy.idle_timeout_minutes = 5
    policy.save()
    start = clock.set("2026-11-20 09:00", tick=False).timestamp()
    post_login(client, "gongzuo", PASSWORD)
    # Pages every 40 s (within the stamp's minute half the time) keep the session alive for 10 min.
    for step in range(1, 16):
        clock.set(f"2026-11-20 09:{step * 40 // 60:02d}:{step * 40 % 60:02d}", tick=False)
        assert client.get("/").status_code == 200, step
    assert not Event.objects.filter(action="auth.timeout").exists()
    # The last stamp is at most a minute old; five idle minutes after the last page the session ends.
    stamp = client.session[LAST_ACTIVITY_KEY]
    assert 0 <= 10 * 60 - (stamp - start) < ACTIVITY_STAMP_SECONDS
    clock.set("2026-11-20 09:15:01", tick=False)
    response = client.get("/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert Event.objects.filter(action="auth.timeout").count() == 1
