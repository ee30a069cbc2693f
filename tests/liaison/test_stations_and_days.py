"""Stations, the “六有” checklist, reception rules and days, receptions and rule L01."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from renda.compliance.registry import PeriodRange, evaluate_rule
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.liaison import selectors, services
from renda.liaison.choices import ReceptionDayState
from renda.liaison.models import ReceptionDay, ReceptionRule
from renda.notifications.models import Notification

from .conftest import TZ

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _commit_hooks(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda fn, using=None, robust=False: fn())


def test_checklist_needs_a_note_when_not_met_and_is_scoped(w):
    with pytest.raises(ValidationFailed):
        services.checklist_update(actor=w.keeper, station=w.station, code="archive", is_met=False)
    entry = services.checklist_update(
        actor=w.keeper, station=w.station, code="archive", is_met=False, note="档案柜待配"
    )
    assert not entry.is_met
    services.checklist_update(actor=w.staff, station=w.station, code="premises", is_met=True)
    with pytest.raises(PermissionDeniedError):
        services.checklist_update(actor=w.clerk, station=w.station, code="premises", is_met=True)
    items = services.checklist_for(w.station)
    assert [i.code for i in items] == ["premises", "signage", "rules", "plan", "records", "archive"]
    assert sum(i.is_met for i in items) == 1


def test_rule_dates_day_of_month_and_weekday():
    rule = ReceptionRule(kind="day_of_month", day=15, months=[1, 3, 5, 7, 9, 11])
    assert services.rule_dates(rule, dt.date(2026, 1, 1), dt.date(2026, 6, 30)) == [
        dt.date(2026, 1, 15),
        dt.date(2026, 3, 15),
        dt.date(2026, 5, 15),
    ]
    last_friday = ReceptionRule(
        kind="weekday_of_month", weekday=4, week_of_month=-1, months=list(range(1, 13))
    )
    assert services.rule_dates(last_friday, dt.date(2026, 3, 1), dt.date(2026, 4, 30)) == [
        dt.date(2026, 3, 27),
        dt.date(2026, 4, 24),
    ]


def test_publishing_within_the_notice_period_is_refused(w):
    soon = services.reception_day_create(
        actor=w.keeper,
        station=w.station,
        date=dt.date(2026, 3, 4),
        start_time=dt.time(9),
        end_time=dt.time(11),
        deputies=[w.deputy],
    )
    with pytest.raises(ConflictError) as e:
        services.reception_day_publish(actor=w.keeper, day=soon)
    assert "提前3天" in e.value.message
    later = services.reception_day_create(
        actor=w.keeper,
        station=w.station,
        date=dt.date(2026, 3, 5),
        start_time=dt.time(9),
        end_time=dt.time(11),
        deputies=[w.deputy],
    )
    services.reception_day_publish(actor=w.keeper, day=later)
    assert later.state == ReceptionDayState.PUBLISHED
    assert Notification.objects.filter(recipient=w.deputy_user, verb="reception_day.duty").exists()
    days = selectors.public_reception_days(w.congress, dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    assert [d.pk for d in days] == [later.pk]
    assert selectors.upcoming_reception_days_for_station(w.station) == [later]


def test_duty_deputies_must_be_attached_and_times_ordered(w):
    with pytest.raises(ValidationFailed) as e:
        services.reception_day_create(
            actor=w.keeper,
            station=w.station,
            date=dt.date(2026, 3, 20),
            start_time=dt.time(9),
            end_time=dt.time(11),
            deputies=[w.outsider],
        )
    assert e.value.field == "deputies"
    with pytest.raises(ValidationFailed):
        services.reception_day_create(
            actor=w.keeper,
            station=w.station,
            date=dt.date(2026, 3, 20),
            start_time=dt.time(11),
            end_time=dt.time(9),
        )


def test_daily_job_generates_publishes_and_reminds_once(w):
    services.reception_rule_create(
        actor=w.keeper,
        station=w.station,
        kind="day_of_month",
        day=15,
        months=[3, 5],
        start_time=dt.time(9),
        end_time=dt.time(11, 30),
        deputies=[w.deputy, w.deputy2],
    )
    counts = services.reception_days_generate(today=dt.date(2026, 3, 2))
    assert counts == {"created": 1, "published": 1}
    day = ReceptionDay.objects.get(date=dt.date(2026, 3, 15))
    assert day.state == ReceptionDayState.PUBLISHED and day.deputies.count() == 2
    assert services.reception_days_generate(today=dt.date(2026, 3, 2)) == {"created": 0, "published": 0}
    assert services.reception_days_remind(today=dt.date(2026, 3, 10)) == 0
    assert services.reception_days_remind(today=dt.date(2026, 3, 14)) == 1
    assert services.reception_days_remind(today=dt.date(2026, 3, 14)) == 0
    assert Notification.objects.filter(recipient=w.deputy_user, verb="reception_day.reminder").count() == 1


def test_reception_records_issues_as_opinions_and_l01_lists_who_falls_short(w):
    r = services.reception_record(
        actor=w.keeper,
        station=w.station,
        received_at=dt.datetime(2026, 3, 1, 10, tzinfo=TZ),
        deputies=[w.deputy],
        summary="接待村民3人",
        visitor_name="",
        visitor_count=3,
        issues=[{"title": "灌溉渠破损", "body": "东干渠多处破损漏水。", "topic": "农业农村"}],
    )
    opinion = r.opinions.get()
    assert opinion.channel == "reception" and opinion.deputy == w.deputy and opinion.case.state == "received"
    services.reception_record(
        actor=w.keeper,
        station=w.station,
        received_at=dt.datetime(2026, 3, 2, 9, tzinfo=TZ),
        deputies=[w.deputy],
        summary="接待1人",
    )
    from renda.deputies.records import ActivityParticipation

    assert ActivityParticipation.objects.filter(mandate__deputy=w.deputy).count() == 2
    result = evaluate_rule("L01", w.congress, PeriodRange.year(2026)).result
    assert result.status == "not_met"
    assert any("李卫东" in s for s in result.shortfall) and any("张秀英" in s for s in result.evidence)
    with pytest.raises(ValidationFailed):
        services.reception_record(
            actor=w.keeper,
            station=w.station,
            received_at=dt.datetime(2026, 3, 2, 9, tzinfo=TZ),
            deputies=[],
            summary="x",
        )
    with pytest.raises(PermissionDeniedError):
        services.reception_record(
            actor=w.clerk,
            station=w.station,
            received_at=dt.datetime(2026, 3, 2, 9, tzinfo=TZ),
            deputies=[w.deputy],
            summary="x",
        )


def test_public_selectors(w):
    stations = list(selectors.public_stations(w.congress))
    assert stations == [w.station]
    assert {m.deputy.full_name for m in stations[0].public_mandates} == {"张秀英", "李卫东"}
    stats = selectors.public_opinion_stats(w.congress, 2026)
    assert stats["received"] == 0 and stats["satisfaction_rate"] is None
