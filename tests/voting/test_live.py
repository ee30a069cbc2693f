"""Server push: the hub wakes threads and coroutines; the event stream sends a message after a cast."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest

from renda.voting import live, services
from tests.factories import PASSWORD

from .conftest import key

pytestmark = pytest.mark.clock("2026-11-20 09:30")


def test_hub_wakes_a_waiting_thread():
    hub = live.Hub()
    got = {}

    def waiter():
        got["result"] = hub.wait(7, 0, timeout=5)

    t = threading.Thread(target=waiter)
    t.start()
    hub.publish(7, {"voted": 1})
    t.join(5)
    assert got["result"] == (1, {"voted": 1})


def test_hub_wakes_coroutines_of_another_loop():
    hub = live.Hub()
    results = []
    ready = threading.Event()

    async def main():
        async def one():
            results.append(await hub.wait_async(9, 0, timeout=5))

        tasks = [asyncio.create_task(one()) for _ in range(50)]
        await asyncio.sleep(0.05)
        ready.set()
        await asyncio.gather(*tasks)

    t = threading.Thread(target=lambda: asyncio.run(main()))
    t.start()
    ready.wait(5)
    hub.publish(9, {"voted": 2})
    t.join(5)
    assert len(results) == 50 and all(r == (1, {"voted": 2}) for r in results)


def test_wait_times_out_without_change():
    hub = live.Hub()
    assert hub.wait(3, 0, timeout=0.01) == (0, None)


def _messages(chunks):
    for chunk in chunks:
        text = chunk.decode()
        if text.startswith("id:"):
            data = [line for line in text.splitlines() if line.startswith("data: ")][0]
            yield json.loads(data[len("data: ") :])


@pytest.mark.django_db(transaction=True)
def test_event_stream_delivers_a_message_after_a_cast(hall, client, settings):
    settings.VOTING_LIVE_MIN_INTERVAL = 0
    vote = hall.opened()
    client.login(username=hall.chair.username, password=PASSWORD)
    response = client.get(f"/voting/{vote.pk}/events/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    stream = _messages(iter(response.streaming_content))
    first = next(stream)
    assert first["state"] == "open" and first["voted"] == 0 and first["eligible"] == 7
    services.vote_cast(actor=hall.members[0], vote=vote, choices=["yes"], idempotency_key=key())
    second = next(stream)
    assert second["voted"] == 1 and second["voted_ids"] == [hall.members[0].pk]
    assert "counts" not in json.dumps(second)  # how anyone voted is never on a live screen while open
    services.vote_close(actor=hall.chair, vote=vote)
    third = next(stream)
    assert third["state"] == "closed" and third["result"]["verdict"] == "未通过"
    response.close()


@pytest.mark.django_db(transaction=True)
def test_member_page_learns_that_the_vote_opened(hall, client, settings):
    settings.VOTING_LIVE_MIN_INTERVAL = 0
    vote = hall.vote()
    member = hall.members[2]
    # a member sees a vote once it is open; the chair opens while the member's stream is connected
    services.vote_open(actor=hall.chair, vote=vote)
    client.login(username=member.username, password=PASSWORD)
    response = client.get(f"/voting/{vote.pk}/events/")
    stream = _messages(iter(response.streaming_content))
    assert next(stream)["state"] == "open"
    services.vote_cast(actor=hall.members[1], vote=vote, choices=["no"], idempotency_key=key())
    # the open may still be announced once more (its NOTIFY can reach the listener after the page
    # connected); the cast must follow it
    seen = [next(stream)["voted"]]
    if seen[0] == 0:
        seen.append(next(stream)["voted"])
    assert seen[-1] == 1
    response.close()


def test_stranger_gets_no_stream(hall, client, twin_counties):
    vote = hall.opened()
    client.login(username=twin_counties.sibling.users["deputy"].username, password=PASSWORD)
    assert client.get(f"/voting/{vote.pk}/events/").status_code == 404


def test_sse_message_format():
    assert live.sse_message(3, {"a": "表决"}) == 'id: 3\nevent: vote\ndata: {"a":"表决"}\n\n'.encode()


def test_member_pages_are_paced_below_a_second_and_the_projector_faster(settings):
    settings.VOTING_LIVE_MEMBER_INTERVAL = 0.9
    hub = live.Hub()
    token = live._pace.set(hub.member_interval())
    try:
        member = hub.stream_sync(5, (1, {"state": "open"}))
    finally:
        live._pace.reset(token)
    projector = hub.stream_sync(5, (1, {"state": "open"}))
    assert member.gi_frame.f_locals["self"].min_interval() == 0.9
    assert projector.gi_frame.f_locals["self"].min_interval() == 0.3
    assert next(member) == b"retry: 2000\n\n"
    member.close()
    projector.close()
