"""The audit chain is keyed (HMAC under RENDA_AUDIT_KEY) and anchored outside the database.

Each attack is done as the outside test did it: straight on the database, re-hashing what it
touched — without the key (plain SHA-256, as the unkeyed chain was) or, where said, with it.
"""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from django.core.management import CommandError, call_command
from django.db import connection

from renda.audit import anchors, chain
from renda.audit.models import ChainHead, Event
from renda.audit.services import ChainBroken, anchor_write, record_event, verify_chain

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(twin_counties):
    staff = twin_counties.county.users["staff"]
    out = []
    for i in range(5):
        out.append(
            record_event(
                actor=staff,
                action="organization.update",
                target=twin_counties.county.education,
                before={"phone": f"0931-000000{i}"},
                after={"phone": f"0931-100000{i}"},
            )
        )
    return out


def _rows() -> list[Event]:
    return list(Event.objects.order_by("pk"))


def _write(event: Event) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Event._meta.db_table} SET after = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [json.dumps(event.after), event.prev_hash, event.hash, event.pk],
        )


def _delete(*ids: int) -> None:
    with connection.cursor() as cursor:
        for pk in ids:
            cursor.execute(f"DELETE FROM {Event._meta.db_table} WHERE id = %s", [pk])


def _rehash_from(start_id: int, scheme: chain.Scheme | None) -> None:
    """Re-link and re-hash every row from ``start_id`` on; ``scheme=None``: plain SHA-256 (no key).
    The head row is moved to the new end (its HMAC recomputed with ``scheme``, or SHA-256)."""
    rows = _rows()
    for i, event in enumerate(rows):
        if event.pk < start_id:
            continue
        event.prev_hash = rows[i - 1].hash if i else "0" * 64
        event.hash = (
            hashlib.sha256(event.canonical().encode()).hexdigest()
            if scheme is None
            else event.compute_hash(scheme)
        )
        _write(event)
    _move_head(rows[-1] if rows else None, len(rows), scheme)


def _move_head(last: Event | None, count: int, scheme: chain.Scheme | None) -> None:
    head = ChainHead.objects.get()
    head.last_hash = last.hash if last else "0" * 64
    head.last_event_id = last.pk if last else None
    head.event_count = count
    message = f"{head.last_event_id or 0}|{head.last_hash}|{count}"
    head.mac = hashlib.sha256(message.encode()).hexdigest() if scheme is None else head.compute_mac(scheme)
    head.save()


def _broken(expected_id: int | None = None, match: str = "") -> None:
    report = verify_chain()
    assert not report.ok, report
    if expected_id is not None:
        assert report.broken_event_id == expected_id, report
    assert match in report.reason, report.reason
    with pytest.raises(CommandError, match="审计日志被篡改"):
        call_command("verify_audit")


# --- the key ---------------------------------------------------------------------------------------


def test_hash_is_an_hmac_under_the_audit_key(events, settings):
    event = events[0]
    expected = hmac.new(
        settings.RENDA_AUDIT_KEY.encode(), chain.EVENT + event.canonical().encode(), hashlib.sha256
    ).hexdigest()
    assert event.hash == expected
    assert event.hash != hashlib.sha256(event.canonical().encode()).hexdigest()
    assert verify_chain().ok
    settings.RENDA_AUDIT_KEY = "another-key-" + "x" * 40
    assert not verify_chain().ok  # the chain only holds under its own key


def test_edited_row_rehashed_without_the_key_is_detected(events):
    row = Event.objects.get(pk=events[1].pk)
    row.after = {"phone": "110"}
    _write(row)
    _rehash_from(row.pk, scheme=None)
    _broken(row.pk, "篡改")


def test_deleted_row_relinked_without_the_key_is_detected(events):
    _delete(events[2].pk)
    _rehash_from(events[3].pk, scheme=None)
    _broken(events[3].pk)


def test_deleted_tail_with_head_moved_back_without_the_key_is_detected(events):
    _delete(events[3].pk, events[4].pk)
    _move_head(Event.objects.get(pk=events[2].pk), 3, scheme=None)
    _broken(None, "链头")


def test_deleted_tail_is_detected_by_the_head(events):
    _delete(events[4].pk)
    _broken(None, "链尾")


# --- anchors ---------------------------------------------------------------------------------------


def test_tail_deleted_after_an_anchor_is_detected_by_the_anchor(events):
    """Even with the key and the head put back as it was, the anchor names events that are gone."""
    anchor = anchor_write()
    assert anchor is not None and anchor.event_id == events[-1].pk and anchor.event_count == 5
    assert verify_chain().ok and verify_chain().anchors_checked == 1
    head_then = ChainHead.objects.get()
    # the anchor event itself came after; now drop it and the last two events, and restore a head
    # for event 3, signed with the key
    anchor_event = Event.objects.get(action="audit.anchor")
    _delete(anchor_event.pk, events[4].pk, events[3].pk)
    _move_head(Event.objects.get(pk=events[2].pk), 3, scheme=chain.scheme())
    assert head_then.last_event_id == anchor_event.pk
    _broken(events[4].pk, "已不存在")


def test_rewritten_row_rehashed_with_the_key_is_detected_by_the_anchor(events):
    anchor_write()
    row = Event.objects.get(pk=events[0].pk)
    row.after = {"phone": "110"}
    _write(row)
    _rehash_from(row.pk, scheme=chain.scheme())  # the chain itself holds again …
    _broken(events[-1].pk, "锚点")  # … but not against the anchor


def test_deleted_row_relinked_with_the_key_is_detected_by_the_anchor(events):
    anchor_write()
    _delete(events[1].pk)
    _rehash_from(events[2].pk, scheme=chain.scheme())
    _broken(events[-1].pk, "锚点")


def test_forged_or_deleted_anchor_files_are_detected(events):
    anchor = anchor_write()
    path = anchors.anchor_dir() / anchor.name
    data = json.loads(path.read_text())
    assert set(data) == {*anchors.FIELDS, "signature"} and data["algorithm"] == "hmac-sha256"
    data["event_count"] = 4
    path.write_text(json.dumps(data))
    _broken(None, "签名不符")
    path.unlink()
    _broken(None, "缺失")


def test_anchor_files_are_never_overwritten_and_a_broken_chain_is_not_anchored(events, clock):
    clock.set("2026-11-20 00:20")
    first = anchor_write()
    clock.set("2026-11-21 00:20")
    second = anchor_write()
    assert first.name != second.name and second.event_count == first.event_count + 1
    assert [a.name for a in anchors.published_anchors()] == [second.name, first.name]
    _delete(events[1].pk)
    with pytest.raises(ChainBroken):
        anchor_write()
    assert len(list(anchors.anchor_dir().glob("anchor-*.json"))) == 2


def test_daily_job_writes_the_anchor(events):
    from renda.core.jobs import DAILY_JOBS, load_job_modules

    load_job_modules()
    job = DAILY_JOBS["audit.anchor"]
    assert "event #" in job.func()
    assert Event.objects.filter(action="audit.anchor").count() == 1
    assert len(anchors.published_anchors()) == 1


# --- 国密 and re-keying -------------------------------------------------------------------------------


def test_sm3_is_the_gb_t_32905_sm3():
    h = hashes.Hash(hashes.SM3())
    h.update(b"abc")
    assert h.finalize().hex() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_chain_with_hmac_sm3(twin_counties, settings):
    settings.RENDA_AUDIT_HASH = "sm3"
    staff = twin_counties.county.users["staff"]
    event = record_event(actor=staff, action="user.update", target=twin_counties.county.users["deputy"])
    mac = crypto_hmac.HMAC(settings.RENDA_AUDIT_KEY.encode(), hashes.SM3())
    mac.update(chain.EVENT + event.canonical().encode())
    assert event.hash == mac.finalize().hex()
    anchor = anchor_write()
    assert anchor.algorithm == "hmac-sm3" and verify_chain().ok
    # switching the algorithm needs a re-key; until then the chain does not verify
    settings.RENDA_AUDIT_HASH = "sha256"
    assert not verify_chain().ok
    call_command("audit_rekey", "--from", "sm3")
    report = verify_chain()
    assert report.ok and report.anchors_checked == 1  # the old anchors were put aside, a new one written
    assert Event.objects.filter(action="audit.rekey").exists()


def _make_legacy() -> None:
    """What a chain written by the unkeyed version looks like: plain SHA-256, no head HMAC."""
    _rehash_from(0, scheme=None)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {ChainHead._meta.db_table} SET mac = ''")


def test_rekey_of_an_unkeyed_chain_once(events):
    _make_legacy()
    report = verify_chain()
    assert not report.ok and "audit_rekey" in report.reason
    call_command("audit_rekey")
    report = verify_chain()
    assert report.ok and report.checked == 7 and report.anchors_checked == 1  # + audit.rekey, audit.anchor
    assert Event.objects.get(action="audit.rekey").after["from"] == "sha256-unkeyed"
    # once keyed, a chain that merely looks unkeyed again (re-hashed by someone without the key)
    # is not re-keyed
    _make_legacy()
    with pytest.raises(CommandError, match="已经加密钥"):
        call_command("audit_rekey")


def test_rekey_refuses_a_tampered_unkeyed_chain(events):
    _make_legacy()
    row = Event.objects.get(pk=events[2].pk)
    row.after = {"phone": "110"}
    _write(row)
    hashes_before = list(Event.objects.order_by("pk").values_list("hash", flat=True))
    with pytest.raises(CommandError, match=f"#{events[2].pk}"):
        call_command("audit_rekey")
    assert list(Event.objects.order_by("pk").values_list("hash", flat=True)) == hashes_before


def test_key_rotation(events, settings, monkeypatch):
    anchor_write()
    old = settings.RENDA_AUDIT_KEY
    settings.RENDA_AUDIT_KEY = "new-audit-key-" + "y" * 40
    assert not verify_chain().ok
    monkeypatch.setenv("RENDA_AUDIT_OLD_KEY", old)
    call_command("audit_rekey", "--from", "sha256", "--old-key-env", "RENDA_AUDIT_OLD_KEY")
    assert verify_chain().ok
    assert list(anchors.anchor_dir().glob("superseded-*/anchor-*.json"))


def test_configuration_check(settings):
    from renda.audit.checks import audit_chain_configured

    assert audit_chain_configured() == []
    settings.RENDA_AUDIT_HASH = "md5"
    assert [e.id for e in audit_chain_configured()] == ["renda.audit.E001"]
    settings.RENDA_AUDIT_HASH = "sm3"
    settings.RENDA_AUDIT_KEY = ""
    assert [e.id for e in audit_chain_configured()] == ["renda.audit.E001"]
