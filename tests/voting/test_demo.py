"""The demo county's votes: made through the services on the meetings' "表决" items, idempotent."""

from __future__ import annotations

import pytest

from renda.demo import DEMO_AS_OF
from renda.demo.builder import load_demo
from renda.demo.meetings import load_meetings_demo
from renda.demo.voting import load_voting_demo
from renda.voting import selectors
from renda.voting.models import Vote

pytestmark = [pytest.mark.clock(DEMO_AS_OF), pytest.mark.django_db]


def test_voting_demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    load_meetings_demo()
    counts = load_voting_demo()
    assert counts["votes"] == 2 and counts["ballots"] > 10
    votes = list(Vote.objects.order_by("pk"))
    assert [v.state for v in votes] == ["closed", "closed"]
    assert votes[0].result["voted"] == votes[0].result["ballots"] > 10
    assert selectors.published_receipts(votes[1])
    assert "《" in selectors.result_text(votes[0])
    assert load_voting_demo() == {"votes": 0, "ballots": 0}
