"""Rates in the liaison and portal APIs are text with the congress's decimal places (``"50.00"``),
never a float that drops them (``50.0``)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from renda.cases.models import CaseSetting
from renda.liaison import services
from tests.api.conftest import token_client

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _commit_hooks(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda fn, using=None, robust=False: fn())


def _rated(w, value, title):
    from renda.core.models import User
    from tests.factories import make_user

    # The township has a clerk and no unit leader: the clerk's reply goes out directly.
    clerk = User.objects.filter(username="towncl").first() or make_user("towncl", w.township, "unit_clerk")
    s = submit(w, title=title, body=f"{title}的具体情况")
    o = services.opinion_screen(actor=w.staff, opinion=s.opinion, accept=True)
    o = services.opinion_route(actor=w.staff, opinion=o, unit=w.township)
    services.opinion_unit_reply(
        actor=clerk, assignment=o.case.assignments.get(), classification="A", text="已处理。", signing_leader="镇长"
    )  # fmt: skip
    services.opinion_rate(tracking_number=o.tracking_number, code=s.code, value=value)


@pytest.mark.parametrize(("places", "rate"), [(1, "50.0"), (2, "50.00")])
def test_liaison_stats_rates_are_text_with_the_congress_places(w, places, rate):
    CaseSetting.objects.update_or_create(congress=w.congress, defaults={"percent_places": places})
    _rated(w, "satisfied", "路灯不亮")
    _rated(w, "dissatisfied", "道路破损")
    body = token_client(w.staff).get("/api/v1/liaison/stats?year=2026").json()
    assert body["satisfaction_rate"] == rate and body["on_time_rate"] == (
        "100.0" if places == 1 else "100.00"
    )
    assert body["received"] == 2 and body["ratings"]["满意"] == 1
    # The portal's open data says the same.
    from renda.portal.selectors import opinion_stats

    assert str(opinion_stats(w.congress, 2026)["satisfaction_rate"]) == rate


def test_no_base_gives_null(w):
    body = token_client(w.staff).get("/api/v1/liaison/stats?year=2026").json()
    assert body["satisfaction_rate"] is None and body["on_time_rate"] is None and body["received"] == 0
    assert Client().get("/api/v1/liaison/stats?year=2026").status_code == 401
