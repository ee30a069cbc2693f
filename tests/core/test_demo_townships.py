"""The townships' own year in the demo: suggestions by township deputies at their congress session, handled by
the township government's offices, replied and rated through the real services; deterministic and
idempotent; and the county's statistics roll them up."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from renda.audit.models import Event
from renda.cases.models import Assignment, Case, Rating, Reply
from renda.core.choices import CongressLevel, OrganizationKind
from renda.core.models import Congress
from renda.demo import DEMO_AS_OF
from renda.demo.builder import load_demo
from renda.demo.suggestions import load_suggestions_demo
from renda.demo.townships import township_specs
from renda.demo.units import COUNTY_CONGRESS, TOWNSHIPS
from renda.suggestions.statistics import StatsScope, suggestion_statistics

pytestmark = pytest.mark.clock(DEMO_AS_OF)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo with its suggestions, loaded once for the module at ``DEMO_AS_OF`` and rolled back after."""
    moment = dt.datetime.combine(DEMO_AS_OF, dt.time(10), tzinfo=ZoneInfo("Asia/Shanghai"))
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        with time_machine.travel(moment, tick=False), transaction.atomic():
            load_demo()
            counts = load_suggestions_demo()
            yield counts
            transaction.set_rollback(True)


@pytest.fixture
def demo(loaded, db):
    return {"counts": loaded, "county": Congress.objects.get(name=COUNTY_CONGRESS)}


def _township_cases(county):
    return Case.objects.filter(
        kind="suggestion", congress__parent=county, congress__level=CongressLevel.TOWNSHIP
    )


def test_every_township_has_a_year_of_its_own_suggestions(demo):
    county = demo["county"]
    townships = list(Congress.objects.filter(parent=county).order_by("path"))
    assert len(townships) == 12
    expected = {s.title for i, (name, _s) in enumerate(TOWNSHIPS) for s in township_specs(i, name)}
    cases = _township_cases(county)
    assert set(cases.values_list("title", flat=True)) == expected
    assert demo["counts"]["township_suggestions"] == len(expected) == 36
    for township in townships:
        mine = cases.filter(congress=township)
        assert mine.count() == 3, township.name
        # put forward by the township's own deputies, at its own 5th session (or between sessions)
        for case in mine.select_related("suggestion__lead_mandate", "session__term"):
            assert case.suggestion.lead_mandate.congress_id == township.pk
            assert case.session is None or case.session.term.congress_id == township.pk
        assert mine.filter(session__number=5).count() == 2
        # assigned to the township government's offices, never to a county department
        leads = Assignment.objects.filter(case__in=mine, role="lead").select_related("organization")
        assert {a.organization.congress_id for a in leads} == {township.pk}
        assert {a.organization.kind for a in leads} == {OrganizationKind.GOVERNMENT_DEPARTMENT}
        assert all(a.signed_by_id for a in leads)
    replies = Reply.objects.filter(case__in=cases)
    assert set(replies.values_list("classification", flat=True)) >= set("ABC")
    assert Rating.objects.filter(case__in=cases).values("value").distinct().count() >= 2
    states = set(cases.values_list("state", flat=True))
    assert {"closed", "following", "handling", "replied"} <= states
    today = DEMO_AS_OF
    assert Assignment.objects.filter(case__in=cases, state="handling", deadline__lt=today).exists()
    assert not Event.objects.filter(created_at__date__gt=today).exists()


def test_the_county_roll_up_shows_the_townships(demo):
    county = demo["county"]
    report = suggestion_statistics(StatsScope(congress=county))
    lower = {f.label: f for f in report.lower}
    assert len(lower) == 12
    for name, _street in TOWNSHIPS:
        figures = lower[f"{name}人大"]
        assert figures.counts.received == 3 and figures.counts.replied >= 2, name
        assert figures.reply_rate.den == 3
    assert report.total.counts.received == report.own.counts.received + 36
    staff = Client()
    assert staff.login(username="staff", password=settings.RENDA["DEMO_PASSWORD"])
    page = staff.get(reverse("suggestion_stats:index"), {"congress": county.pk})
    data = page.context["chart_data"]["lower"]
    assert len(data) == 12 and all(row["reply"] is not None for row in data)


def test_township_logins_work_and_the_second_run_creates_nothing(demo):
    client = Client()
    assert client.login(username="tw01staff", password=settings.RENDA["DEMO_PASSWORD"])
    assert client.get(reverse("suggestions:list")).context["page"].paginator.count == 3
    clerk = Client()
    assert clerk.login(username="tw01clerk1", password=settings.RENDA["DEMO_PASSWORD"])
    assert clerk.get(reverse("cases:inbox")).status_code == 200
    events, cases = Event.objects.count(), Case.objects.count()
    again = load_suggestions_demo()
    assert not any(again.values())
    assert (Event.objects.count(), Case.objects.count()) == (events, cases)


def test_the_demo_leader_home_agrees_with_the_lists(demo):
    leader = Client()
    assert leader.login(username="leader", password=settings.RENDA["DEMO_PASSWORD"])
    home = leader.get(reverse("home"))
    panels = home.context["figure_panels"]
    assert panels, "the leader sees the figures"
    main = next(p for p in panels if p.key.startswith("suggestions-"))
    report = leader.get(main.link).context["report"]
    shown = {str(f.title): f for f in main.figures}
    assert shown["收到建议"].value == report.total.counts.received > 0
    assert shown["实际办结率"].value == report.total.resolution_rate.label
    for panel in panels:
        for figure in panel.figures:
            assert leader.get(figure.url).context["page"].paginator.count == figure.count, figure.title
        for row in panel.rows:
            assert leader.get(row.url).context["page"].paginator.count == row.count, row.label
