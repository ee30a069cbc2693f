"""Audit gaps closed: bulk exports, reading the audit trail, and sign-in failures tied to no
congress (seen by every audit administrator). Voters' ratings and exit warnings: tests/deputies/test_records.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from renda.audit.labels import ACTION_LABELS, action_label
from renda.audit.models import Event
from renda.audit.services import record_event
from renda.core.models import Term
from renda.deputies.models import Deputy, DeputyMandate

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    """Signed in as after a full sign-in (password and, for administrators, two-factor)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    c = Client()
    c.force_login(user)
    device, _created = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = c.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return c


def _last(action: str) -> Event:
    return Event.objects.filter(action=action).order_by("-pk").first()


@pytest.fixture
def county(twin_counties):
    c = twin_counties.county
    term = Term.objects.filter(congress=c.congress).first() or Term.objects.create(
        congress=c.congress, number=18, start_year=2021, end_year=2026, is_current=True
    )
    deputy = Deputy.objects.create(full_name="张秀英", gender="female", phone="13900000001")
    DeputyMandate.objects.create(
        deputy=deputy, congress=c.congress, term=term, station=c.station, started_on=dt.date(2021, 1, 10)
    )
    return c


@pytest.mark.parametrize(
    ("role", "url", "query", "action"),
    [
        ("staff", "user_export", {"q": "李"}, "user.export"),
        ("staff", "deputies:export", {}, "deputy_register.export"),
        ("staff", "deputies:ranking", {"format": "xlsx"}, "deputy_ranking.export"),
        ("staff", "suggestions:export", {}, "suggestion.export"),
        ("staff", "suggestion_stats:register", {}, "suggestion.export"),
        ("staff", "suggestion_stats:export", {}, "suggestion_statistics.export"),
        ("staff", "liaison:station_list", {"export": "xlsx"}, "liaison_station.export"),
        ("staff", "liaison:opinion_list", {"export": "xlsx"}, "opinion.export"),
        ("staff", "liaison:stats", {"export": "xlsx"}, "opinion_statistics.export"),
        ("audit_admin", "audit:event_export", {"action": "user."}, "audit.export"),
    ],
)
def test_bulk_exports_are_audited(county, role, url, query, action):
    user = county.users[role]
    response = _client(user).get(reverse(url), query)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxml")
    event = _last(action)
    assert event is not None and event.actor == user and event.congress == county.congress
    assert event.after["filters"] == query
    assert action_label(action) == str(ACTION_LABELS[action])


def test_deputy_register_export_counts_rows(county):
    _client(county.users["staff"]).get(reverse("deputies:export"))
    assert _last("deputy_register.export").after["rows"] == 1


def test_reading_and_verifying_the_audit_trail_is_audited(county):
    admin = county.users["audit_admin"]
    c = _client(admin)
    target = record_event(actor=county.users["staff"], action="user.update", target=county.users["deputy"])
    assert c.get(reverse("audit:event_list"), {"actor": "李明", "page": "1"}).status_code == 200
    read = _last("audit.read")
    assert read.actor == admin and read.after == {"filters": {"actor": "李明", "page": "1"}}
    assert c.get(reverse("audit:event_detail", args=[target.pk])).status_code == 200
    read = _last("audit.read")
    assert read.after == {"event": target.pk} and read.target_id == str(target.pk)
    c.post(reverse("audit:verify"))
    verify = _last("audit.verify")
    assert verify.actor == admin and verify.after["ok"] is True
    # and the viewer names the actions in Chinese
    html = c.get(reverse("audit:event_list")).content.decode()
    assert "查阅审计日志" in html and "校验审计日志" in html


def test_sign_in_failures_of_unknown_names_reach_every_audit_admin(twin_counties):
    county_admin = twin_counties.county.users["audit_admin"]
    sibling_admin = twin_counties.sibling.users["audit_admin"]
    from renda.security.models import SecurityPolicy

    threshold = SecurityPolicy.current().lockout_threshold
    for i in range(threshold):
        Client().post(
            reverse("login"), {"username": f"guess{i}", "password": "Wrong#2026pass"}, REMOTE_ADDR="10.9.8.7"
        )
    failed = Event.objects.filter(action="auth.login_failed", congress__isnull=True)
    lockout = Event.objects.get(action="auth.lockout")
    assert failed.count() == threshold and lockout.congress is None
    for admin in (county_admin, sibling_admin):
        visible = Event.objects.visible_to(admin)
        assert visible.filter(pk=lockout.pk).exists()
        assert visible.filter(pk__in=failed.values("pk")).count() == threshold
        page = _client(admin).get(reverse("audit:event_list"), {"action": "auth."}).context["page"]
        assert lockout in page.object_list
    # other events tied to no congress stay with the top level
    settings_event = record_event(actor=None, action="security.policy_update", actor_name="x")
    assert not Event.objects.visible_to(county_admin).filter(pk=settings_event.pk).exists()
