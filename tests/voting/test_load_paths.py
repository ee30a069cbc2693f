"""What the cast path does less of under load: no session write on the cast API, one member's
presence asked instead of the whole set (owners that offer ``is_present``; others unchanged)."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session

from renda.voting import services
from renda.voting.owners import VoteOwner
from renda.voting.services import VoteRefused
from tests.factories import PASSWORD

from .conftest import key

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20 09:30")]


def test_cast_api_leaves_the_session_row_alone_but_pages_still_write_it(hall, client, clock):
    vote = hall.opened()
    client.login(username=hall.members[0].username, password=PASSWORD)
    client.get("/voting/")  # a page: the session (last activity) is written
    sid = client.cookies["sessionid"].value
    before = Session.objects.get(session_key=sid).session_data
    body = {"choices": ["yes"], "idempotency_key": key()}
    r1 = client.post(f"/api/v1/voting/votes/{vote.pk}/cast", body, content_type="application/json")
    assert r1.status_code == 200 and r1.json()["replayed"] is False
    assert Session.objects.get(session_key=sid).session_data == before  # not written by the cast
    again = client.post(f"/api/v1/voting/votes/{vote.pk}/cast", body, content_type="application/json")
    assert again.json()["replayed"] is True  # the session still authenticates; idempotency unchanged
    clock.shift(seconds=61)  # the idle timer's stamp is rewritten at most once a minute
    client.get("/voting/")
    assert Session.objects.get(session_key=sid).session_data != before  # pages keep the idle timer


def test_owner_presence_one_member_or_the_whole_set():
    calls = []
    whole = VoteOwner(code="x", label="x", member_user_ids=lambda o: {1, 2},
                      present_user_ids=lambda o: calls.append(o) or {1},
                      subject_label=str, subject_url=str)  # fmt: skip
    assert whole.present(5, 1) and not whole.present(5, 2) and calls == [5, 5]
    one = VoteOwner(code="y", label="y", member_user_ids=lambda o: {1, 2},
                    present_user_ids=lambda o: pytest.fail("the whole set was read"),
                    subject_label=str, subject_url=str, is_present=lambda o, u: u == 2)  # fmt: skip
    assert one.present(5, 2) and not one.present(5, 1)


def test_cast_refused_when_the_owner_says_absent(hall):
    vote = hall.opened()
    hall.roster.present[1].discard(hall.members[3].pk)
    with pytest.raises(VoteRefused) as exc:
        services.vote_cast(actor=hall.members[3], vote=vote, choices=["yes"], idempotency_key=key())
    assert exc.value.code == "not_present"


@pytest.mark.django_db(transaction=True)
def test_event_stream_leaves_the_session_row_alone(hall, client, settings):
    settings.VOTING_LIVE_MIN_INTERVAL = 0
    vote = hall.opened()
    client.login(username=hall.members[1].username, password=PASSWORD)
    client.get("/voting/")
    sid = client.cookies["sessionid"].value
    before = Session.objects.get(session_key=sid).session_data
    response = client.get(f"/voting/{vote.pk}/events/")
    assert next(iter(response.streaming_content)).startswith(b"retry:")
    response.close()
    assert Session.objects.get(session_key=sid).session_data == before


def test_casts_queue_behind_one_gate_on_sqlite(hall, monkeypatch):
    from django.db import connection

    vote = hall.opened()
    seen = []
    real = services._cast

    def spy(**kw):
        seen.append(services._SQLITE_CAST_GATE._is_owned())
        return real(**kw)

    monkeypatch.setattr(services, "_cast", spy)
    services.vote_cast(actor=hall.members[0], vote=vote, choices=["yes"], idempotency_key=key())
    assert seen == [connection.vendor == "sqlite"]
    assert not services._SQLITE_CAST_GATE._is_owned()  # released after the cast
