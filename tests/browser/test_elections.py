"""The demo by-election's pages at phone width: nothing wider than the screen, no console errors,
and the composition chart drawn on the results page."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from renda.demo.accounts import ACCOUNTS
from renda.demo.elections import NAME, load_elections_demo
from renda.elections.models import Election
from tests.browser.test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["", "settings/", "committee/", "constituencies/", "voters/", "voters/import/", "appeals/", "candidates/",
         "ballot/", "results/", "review/"]  # fmt: skip


def test_election_pages_fit_a_phone(phone_page):
    call_command("load_demo", "--core-only", verbosity=0)
    load_elections_demo()
    election = Election.objects.get(name=NAME)
    phone_page.set_default_timeout(60000)  # the shared machine is slow under load
    errors: list[str] = []
    phone_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(phone_page, next(a for a in ACCOUNTS if a.username == "staff"))
    phone_page.goto("/elections/")
    assert NAME in phone_page.inner_text("main")
    for tail in PAGES:
        phone_page.goto(f"/elections/{election.pk}/{tail}")
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 391, (tail, width)
    phone_page.goto(f"/elections/{election.pk}/results/")
    phone_page.wait_for_selector(".elections-chart[data-rendered='1']")
    assert "马玉梅" in phone_page.inner_text("#results-table")
    assert not errors, errors
