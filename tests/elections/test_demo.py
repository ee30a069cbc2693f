"""The demo county's by-election: built through the services, idempotent, its deputy seated."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.core.models import User
from renda.demo import DEMO_AS_OF
from renda.demo.builder import load_demo
from renda.demo.elections import NAME, load_elections_demo
from renda.deputies.models import DeputyMandate
from renda.elections.models import Election

pytestmark = pytest.mark.clock(DEMO_AS_OF)


@pytest.mark.django_db
def test_demo_by_election():
    load_demo()
    assert load_elections_demo() == {"elections": 1, "voters": 59}
    assert load_elections_demo() == {"elections": 0, "voters": 0}
    election = Election.objects.get(name=NAME)
    assert election.state == "closed" and election.voters.count() == 61
    winner = election.candidates.get(elected_round__isnull=False)
    mandate = DeputyMandate.objects.get(pk=winner.mandate_id)
    assert mandate.constituency == "城关镇第3选区" and mandate.term == election.term
    client = __import__("django.test", fromlist=["Client"]).Client()
    client.force_login(User.objects.get(username="staff"))
    for name in ("detail", "voters", "appeals", "candidates", "consultations", "ballot", "results", "review"):
        assert client.get(reverse(f"elections:{name}", args=[election.pk])).status_code == 200, name
    assert client.get(reverse("elections:list")).status_code == 200
    assert election.consultations.get().results.count() == 2
    assert (
        "确认马玉梅的代表资格有效"
        in client.get(reverse("elections:review", args=[election.pk])).content.decode()
    )
    # On the public portal: the results and the register, the numbers masked.
    client.logout()
    page = client.get(reverse("elections:public_results", args=[election.pk]) + f"?c={election.congress_id}")
    assert page.status_code == 200 and "马玉梅(34)" in page.content.decode()
