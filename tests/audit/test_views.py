"""The audit trail viewer: audit administrators only; filters, diff, chain verification, export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from renda.audit.models import Event
from renda.audit.services import record_event
from renda.core.choices import Role
from renda.core.services import user_update
from tests.core.conftest import ROLES, login, world  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.mark.parametrize("role", ROLES)
def test_only_audit_admin_may_read(world, login, role):  # noqa: F811
    client = login(world[role])
    event = Event.objects.first()
    expected = 200 if role == Role.AUDIT_ADMIN else 403
    assert client.get(reverse("audit:event_list")).status_code == expected
    assert client.get(reverse("audit:event_detail", args=[event.pk])).status_code == expected
    assert client.get(reverse("audit:event_export")).status_code == expected
    assert client.post(reverse("audit:verify")).status_code == expected


def test_anonymous_and_roleless(client, world, login):  # noqa: F811
    response = client.get(reverse("audit:event_list"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert login(world.nobody).get(reverse("audit:event_list")).status_code == 403


def test_filters(world, login):  # noqa: F811
    client = login(world[Role.AUDIT_ADMIN])
    user_update(actor=world[Role.STAFF], user=world[Role.DEPUTY], full_name="赵代表二")
    page = client.get(reverse("audit:event_list"), {"action": "user.update"}).context["page"]
    assert [e.action for e in page] == ["user.update"]
    page = client.get(reverse("audit:event_list"), {"actor": "王工作"}).context["page"]
    assert {e.actor_name for e in page} == {"王工作"}
    page = client.get(reverse("audit:event_list"), {"actor": "staff1"}).context["page"]
    assert len(page.object_list) == 1
    page = client.get(reverse("audit:event_list"), {"target_type": "core.membership"}).context["page"]
    assert page.paginator.count == 6 and all(e.action == "permission.grant" for e in page)
    page = client.get(reverse("audit:event_list"), {"congress": world.city.pk}).context["page"]
    assert page.paginator.count >= 12
    page = client.get(reverse("audit:event_list"), {"congress": world.county.pk}).context["page"]
    assert page.paginator.count == 0
    today = timezone.localdate()
    page = client.get(reverse("audit:event_list"), {"date_from": today, "date_to": today}).context["page"]
    assert page.paginator.count == Event.objects.count()
    tomorrow = today + dt.timedelta(days=1)
    page = client.get(reverse("audit:event_list"), {"date_from": tomorrow}).context["page"]
    assert page.paginator.count == 0
    record_event(actor=world[Role.STAFF], action="test.ip", ip_address="10.1.2.3")
    page = client.get(reverse("audit:event_list"), {"ip": "10.1.2.3"}).context["page"]
    assert [e.action for e in page] == ["test.ip"]


def test_bad_filters_show_errors_not_500(world, login):  # noqa: F811
    client = login(world[Role.AUDIT_ADMIN])
    response = client.get(
        reverse("audit:event_list"),
        {"ip": "not-an-ip", "date_from": "2026-13-45", "congress": "x", "page": "9999"},
    )
    assert response.status_code == 200
    assert "ip" in response.context["form"].errors
    response = client.get(reverse("audit:event_list"), {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert "date_to" in response.context["form"].errors


def test_pagination_and_query_count(world, login, django_assert_max_num_queries):  # noqa: F811
    for i in range(120):
        record_event(actor=world[Role.STAFF], action="test.bulk", congress=world.city, after={"i": i})
    client = login(world[Role.AUDIT_ADMIN])
    # +1: the unread-notification bell, +1: the target types filter, +6: the audit.read event
    with django_assert_max_num_queries(24):
        response = client.get(reverse("audit:event_list"))
    page = response.context["page"]
    assert len(page.object_list) == 50
    assert page.paginator.num_pages == 3
    last = client.get(reverse("audit:event_list"), {"page": 3, "action": "test.bulk"}).context["page"]
    assert len(last.object_list) == 20


def test_detail_shows_readable_diff(world, login):  # noqa: F811
    user_update(actor=world[Role.STAFF], user=world[Role.DEPUTY], full_name="赵代表二", phone="13700000000")
    event = Event.objects.get(action="user.update")
    response = login(world[Role.AUDIT_ADMIN]).get(reverse("audit:event_detail", args=[event.pk]))
    diff = {row.key: row for row in response.context["diff"]}
    assert (
        diff["full_name"].changed
        and diff["full_name"].before == "赵代表"
        and diff["full_name"].after == "赵代表二"
    )
    assert not diff["username"].changed
    html = response.content.decode()
    assert "renda-changed" in html and "赵代表二" in html
    assert event.hash in html


def test_verify_chain_ok_and_broken(world, login):  # noqa: F811
    client = login(world[Role.AUDIT_ADMIN])
    response = client.post(reverse("audit:verify"))
    assert response.context["report"].ok
    assert "哈希链完整" in response.content.decode()
    home = client.get(reverse("home"))
    assert home.context["audit_last_verify"]["ok"] is True
    # Tamper with a row behind the model's back.
    victim = Event.objects.order_by("id")[3]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Event._meta.db_table} SET actor_name = %s WHERE id = %s", ["篡改者", victim.pk]
        )
    response = client.post(reverse("audit:verify"))
    report = response.context["report"]
    assert not report.ok and report.broken_event_id == victim.pk
    html = response.content.decode()
    assert "哈希链被破坏" in html and f"#{victim.pk}" in html
    assert client.get(reverse("home")).context["audit_last_verify"]["ok"] is False


def test_export_reads_back(world, login):  # noqa: F811
    user_update(actor=world[Role.STAFF], user=world[Role.DEPUTY], full_name='=HYPERLINK("x")')
    response = login(world[Role.AUDIT_ADMIN]).get(reverse("audit:event_export"), {"action": "user."})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("编号", "时间", "操作人", "操作")
    actions = [r[3] for r in rows[1:]]
    assert actions and all(a.startswith("user.") for a in actions)
    assert len(actions) == Event.objects.filter(action__startswith="user.").count()
    update = next(r for r in rows[1:] if r[3] == "user.update")
    assert "赵代表" in update[9]
