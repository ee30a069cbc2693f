"""The audit trail is a hash chain: any change behind the app's back is found."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from renda.audit.models import AppendOnlyError, Event
from renda.audit.services import record_event, verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(twin_counties):
    staff = twin_counties.county.users["staff"]
    events = [
        record_event(
            actor=staff,
            action="organization.update",
            target=twin_counties.county.education,
            before={"phone": ""},
            after={"phone": "0931-1234567"},
        ),
        record_event(actor=staff, action="user.create", target=twin_counties.county.users["deputy"]),
        record_event(actor=None, action="auth.login_failed", actor_name="unknown", ip_address="10.1.2.3"),
    ]
    return events


def test_events_link_to_their_predecessor(chain):
    assert chain[1].prev_hash == chain[0].hash
    assert chain[2].prev_hash == chain[1].hash
    assert chain[0].congress_id is not None  # taken from the target
    report = verify_chain()
    assert report.ok and report.checked == 3
    call_command("verify_audit")


def test_model_refuses_updates_and_deletes(chain):
    event = chain[0]
    event.action = "x"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(action="x")


def test_tampered_row_is_caught(chain):
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Event._meta.db_table} SET after = %s WHERE id = %s", ['{"phone": "110"}', chain[0].pk]
        )
    report = verify_chain()
    assert not report.ok
    assert report.broken_event_id == chain[0].pk
    with pytest.raises(CommandError, match=f"#{chain[0].pk}"):
        call_command("verify_audit")


def test_deleted_row_is_caught(chain):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Event._meta.db_table} WHERE id = %s", [chain[1].pk])
    report = verify_chain()
    assert not report.ok
    assert report.broken_event_id == chain[2].pk


def test_deleted_last_row_is_caught(chain):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Event._meta.db_table} WHERE id = %s", [chain[2].pk])
    assert not verify_chain().ok
