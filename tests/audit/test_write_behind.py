"""Write-behind audit events: stored unchained with the record they are about, chained in order in
batches (one head update each), never lost, never chained twice, and the chain still verifies."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection, transaction

from renda.audit import services
from renda.audit.models import ChainHead, Event, PendingEvent
from renda.audit.services import (
    chain_pending,
    record_event,
    record_event_deferred,
    record_events,
    verify_chain,
)


@pytest.fixture
def write_behind(settings):
    settings.RENDA_AUDIT_WRITE_BEHIND = True
    settings.RENDA_AUDIT_FLUSH_SECONDS = 0.01


def _head() -> ChainHead:
    return ChainHead.objects.order_by("pk").get()


@pytest.mark.django_db
def test_off_by_default_it_is_record_event(twin_counties):
    staff = twin_counties.county.users["staff"]
    record_event_deferred(actor=staff, action="vote.cast", target=twin_counties.county.education)
    assert PendingEvent.objects.count() == 0
    assert Event.objects.filter(action="vote.cast", actor=staff).count() == 1
    assert verify_chain().ok


@pytest.mark.django_db
def test_pending_events_are_chained_in_order_under_one_head_update(twin_counties, write_behind):
    staff = twin_counties.county.users["staff"]
    record_event(actor=staff, action="user.create", target=twin_counties.county.users["deputy"])
    for i in range(25):
        record_event_deferred(actor=staff, action="vote.cast", after={"n": i})
    assert PendingEvent.objects.count() == 25
    assert Event.objects.filter(action="vote.cast").count() == 0
    report = verify_chain()
    assert report.ok and report.checked == 1 and report.pending == 25

    head_saves = []
    real_save = ChainHead.save

    def counting_save(self, *args, **kwargs):
        head_saves.append(self.event_count)
        return real_save(self, *args, **kwargs)

    ChainHead.save = counting_save
    try:
        assert chain_pending(batch_size=10) == 25
    finally:
        ChainHead.save = real_save
    assert head_saves == [11, 21, 26]  # three batches of at most 10: one head update each
    assert PendingEvent.objects.count() == 0
    casts = list(Event.objects.filter(action="vote.cast").order_by("pk"))
    assert [e.after["n"] for e in casts] == list(range(25))  # the order they were recorded in
    assert all(e.actor_id == staff.pk and e.congress_id is not None for e in casts)
    report = verify_chain()
    assert report.ok and report.checked == 26 and report.pending == 0
    assert _head().event_count == 26 and _head().last_event_id == casts[-1].pk
    assert chain_pending() == 0  # nothing is chained twice


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_no_pending_event(twin_counties, write_behind):
    staff = twin_counties.county.users["staff"]
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event_deferred(actor=staff, action="vote.cast", after={"n": 1})
        raise RuntimeError("the ballot failed")
    assert PendingEvent.objects.count() == 0


@pytest.mark.django_db
def test_record_event_chains_what_is_pending_first(twin_counties, write_behind):
    staff = twin_counties.county.users["staff"]
    record_event_deferred(actor=staff, action="vote.cast", after={"n": 1})
    record_event_deferred(actor=staff, action="vote.cast", after={"n": 2})
    closing = record_event(actor=staff, action="vote.close", after={"voted": 2})
    actions = list(Event.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["vote.cast", "vote.cast", "vote.close"]
    assert Event.objects.order_by("pk").last().pk == closing.pk
    assert PendingEvent.objects.count() == 0 and verify_chain().ok


@pytest.mark.django_db
def test_verify_command_chains_pending_then_verifies(twin_counties, write_behind):
    staff = twin_counties.county.users["staff"]
    record_event(actor=staff, action="user.create", target=twin_counties.county.users["deputy"])
    record_event_deferred(actor=staff, action="vote.cast", after={"n": 1})
    call_command("verify_audit")
    assert PendingEvent.objects.count() == 0
    assert verify_chain().checked == 2


@pytest.mark.django_db
def test_tampering_with_a_batch_chained_event_is_caught(twin_counties, write_behind):
    staff = twin_counties.county.users["staff"]
    for i in range(5):
        record_event_deferred(actor=staff, action="vote.cast", after={"choices": ["yes"], "n": i})
    chain_pending()
    victim = Event.objects.order_by("pk")[2]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Event._meta.db_table} SET after = %s WHERE id = %s",
            ['{"choices": ["no"], "n": 2}', victim.pk],
        )
    report = verify_chain()
    assert not report.ok and report.broken_event_id == victim.pk


@pytest.mark.django_db
def test_record_events_appends_a_batch(twin_counties):
    staff = twin_counties.county.users["staff"]
    first = record_event(actor=staff, action="user.create", target=twin_counties.county.users["deputy"])
    events = record_events(
        [{"actor": staff, "action": "vote.cast", "after": {"n": i}} for i in range(3)]
        + [{"actor": None, "action": "auth.login_failed", "actor_name": "unknown"}]
    )
    assert [e.prev_hash for e in events] == [first.hash, *[e.hash for e in events[:-1]]]
    assert events[0].pk > first.pk and [e.pk for e in events] == sorted(e.pk for e in events)
    assert _head().event_count == 5 and _head().last_hash == events[-1].hash
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_the_flusher_chains_after_commit(twin_counties, write_behind):
    staff = twin_counties.county.users["staff"]
    record_event(actor=staff, action="user.create", target=twin_counties.county.users["deputy"])
    with transaction.atomic():
        record_event_deferred(actor=staff, action="vote.cast", after={"n": 1})
    deadline = time.monotonic() + 10
    while PendingEvent.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not PendingEvent.objects.exists()
    assert Event.objects.filter(action="vote.cast").count() == 1
    assert verify_chain().ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_and_flushers_on_real_connections(twin_counties, write_behind):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks across real connections)")
    staff = twin_counties.county.users["staff"]
    record_event(actor=staff, action="user.create", target=twin_counties.county.users["deputy"])
    writers, per_writer = 8, 30
    barrier = threading.Barrier(writers + 2)
    errors: list[Exception] = []

    def writer(w: int) -> None:
        try:
            barrier.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    record_event_deferred(actor=staff, action="vote.cast", after={"w": w, "i": i})
                if i % 10 == 9:  # an ordinary audited action in between: chains what is pending
                    record_event(actor=staff, action="audit.read", after={"w": w, "i": i})
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    def flusher() -> None:
        try:
            barrier.wait()
            for _ in range(40):
                chain_pending(batch_size=7)
                time.sleep(0.005)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
    threads += [threading.Thread(target=flusher) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    services.flusher._wakeup.clear()
    chain_pending()
    casts = Event.objects.filter(action="vote.cast")
    assert casts.count() == writers * per_writer
    assert {(e["w"], e["i"]) for e in casts.values_list("after", flat=True)} == {
        (w, i) for w in range(writers) for i in range(per_writer)
    }
    assert PendingEvent.objects.count() == 0
    report = verify_chain()
    assert report.ok and report.checked == 1 + writers * per_writer + writers * 3
