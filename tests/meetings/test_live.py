"""The quorum is pushed (server-sent events on the shared hub), not polled."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from renda.meetings import live, services
from renda.meetings.choices import SignInMethod
from renda.meetings.selectors import quorum_snapshot

from .conftest import login, make_meeting

pytestmark = pytest.mark.clock("2026-11-24 08:30")


def _messages(chunks):
    for chunk in chunks:
        text = chunk.decode()
        if text.startswith("id:"):
            assert "event: quorum" in text
            data = [line for line in text.splitlines() if line.startswith("data: ")][0]
            yield json.loads(data[len("data: ") :])


@pytest.mark.django_db(transaction=True)
def test_stream_pushes_the_quorum_after_each_sign_in_and_ends_at_close(w, settings):
    settings.MEETINGS_LIVE_MIN_INTERVAL = 0
    meeting = make_meeting(w)
    response = login(w.staff).get(reverse("meetings:events", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/event-stream")
    stream = _messages(iter(response.streaming_content))
    first = next(stream)
    assert (first["present"], first["members"], first["required"], first["reached"]) == (0, 7, 4, False)
    for n, user in enumerate(w.sc[:4], start=1):
        services.sign_in(actor=user, meeting=meeting, method=SignInMethod.SELF)
        snap = next(stream)
        assert snap["present"] == n
    assert snap["reached"] is True  # four of seven: more than half
    services.meeting_open(actor=w.staff, meeting=meeting)
    assert next(stream)["state"] == "in_progress"
    services.meeting_close(actor=w.staff, meeting=meeting)
    assert next(stream)["state"] == "closed"
    assert next(stream, None) is None  # the stream ends with the meeting
    response.close()


@pytest.mark.django_db
def test_page_subscribes_instead_of_polling(w):
    meeting = make_meeting(w)
    page = login(w.sc[0]).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert f'data-quorum-live="/meetings/{meeting.pk}/events/"' in page and "live-quorum.js" in page
    assert "hx-trigger" not in page
    assert login(w.outsider).get(reverse("meetings:events", args=[meeting.pk])).status_code == 404


@pytest.mark.django_db
def test_snapshot_counts_leave_and_cancel(w):
    meeting = make_meeting(w)
    leave = services.leave_request(actor=w.sc[0], meeting=meeting, reason="赴省里参加培训")
    services.leave_decide(actor=w.leader, leave=leave, approve=True)
    assert quorum_snapshot(meeting.pk)["present"] == 0
    services.meeting_cancel(actor=w.staff, meeting=meeting, reason="因防汛工作需要取消")
    snap = quorum_snapshot(meeting.pk)
    assert snap["state"] == "cancelled" and live.hub.final(snap)
    assert quorum_snapshot(10**9) is None
