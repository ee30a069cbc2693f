"""Ballots with the audit trail written behind: each ballot's event is stored with the ballot and
chained before the vote's close, in order; the chain verifies; a secret ballot's event names no choice."""

from __future__ import annotations

import pytest

from renda.audit.models import Event, PendingEvent
from renda.audit.services import verify_chain
from renda.voting import services
from renda.voting.models import Ballot

from .conftest import key

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20 09:30")]


@pytest.fixture(autouse=True)
def _write_behind(settings):
    settings.RENDA_AUDIT_WRITE_BEHIND = True


def test_ballot_events_wait_with_the_ballot_and_are_chained_before_the_close(hall):
    vote = hall.opened()
    for m, choice in zip(hall.members[:5], ["yes", "yes", "no", "yes", "abstain"], strict=True):
        services.vote_cast(actor=m, vote=vote, choices=[choice], idempotency_key=key())
    assert Ballot.objects.filter(vote=vote).count() == 5
    pending = list(PendingEvent.objects.filter(action="vote.cast").order_by("pk"))
    assert [p.actor_id for p in pending] == [m.pk for m in hall.members[:5]]
    assert pending[2].after == {"source": "device", "choices": ["no"]}
    with pytest.raises(services.VoteRefused):  # a refusal is recorded write-behind as well
        services.vote_cast(actor=hall.members[0], vote=vote, choices=["no"], idempotency_key=key())
    assert PendingEvent.objects.filter(action="vote.cast_refused").count() == 1

    services.vote_close(actor=hall.chair, vote=vote)
    assert PendingEvent.objects.count() == 0
    actions = list(
        Event.objects.filter(target_id=str(vote.pk)).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["vote.create", "vote.open", *["vote.cast"] * 5, "vote.cast_refused", "vote.close"]
    assert verify_chain().ok


def test_secret_ballot_events_carry_no_choice(hall):
    vote = hall.opened(method="secret")
    services.vote_cast(actor=hall.members[0], vote=vote, choices=["no"], idempotency_key=key())
    assert PendingEvent.objects.get(action="vote.cast").after == {"source": "device"}
    services.vote_close(actor=hall.chair, vote=vote)
    assert Event.objects.get(action="vote.cast").after == {"source": "device"}
    assert verify_chain().ok
