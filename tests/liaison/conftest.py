"""A county with a station, a township, deputies attached to the station, and a fixed clock."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from renda.cases.calendar import seed_national_calendar
from renda.core.choices import OrganizationKind
from renda.core.models import Organization, Term
from renda.deputies.models import Deputy, DeputyMandate
from renda.liaison import services
from tests.factories import build_world

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def freeze(monkeypatch):
    def set_now(moment):
        utc = moment.astimezone(dt.UTC)
        monkeypatch.setattr(timezone, "now", lambda: utc)
        return moment

    set_now(dt.datetime(2026, 3, 2, 10, tzinfo=TZ))
    return set_now


@pytest.fixture
def w(db, freeze):
    seed_national_calendar()
    world = build_world()
    c = world.county
    ns = SimpleNamespace(world=world, county=c, congress=c.congress, station=c.station, users=c.users)
    ns.staff = c.users["staff"]
    ns.keeper = c.users["station_keeper"]
    ns.clerk = c.users["unit_clerk"]
    ns.other_clerk = c.users["other_clerk"]
    ns.deputy_user = c.users["deputy"]
    ns.township = Organization.objects.create(
        congress=c.congress, name="城关镇", kind=OrganizationKind.TOWNSHIP
    )
    term = Term.objects.get(congress=c.congress)
    ns.deputy = Deputy.objects.create(
        full_name="张秀英", gender="female", user=ns.deputy_user, phone="13900000001"
    )
    ns.deputy2 = Deputy.objects.create(full_name="李卫东", gender="male")
    ns.outsider = Deputy.objects.create(full_name="王外站", gender="male")
    for d in (ns.deputy, ns.deputy2):
        DeputyMandate.objects.create(
            deputy=d, congress=c.congress, term=term, station=c.station, started_on=dt.date(2021, 1, 10)
        )
    DeputyMandate.objects.create(
        deputy=ns.outsider, congress=c.congress, term=term, started_on=dt.date(2021, 1, 10)
    )
    services.station_profile_update(
        actor=ns.keeper, station=c.station, address="城关镇人民路1号", township=ns.township
    )
    return ns


def submit(w, *, ip="10.0.0.1", **kw):
    fields = {
        "channel": "portal",
        "station": w.station,
        "title": "路灯不亮",
        "body": "人民路北段路灯坏了两周,晚上出行不便。",
        "topic": "交通出行",
        "submitter_phone": "13800000000",
        "client_ip": ip,
    }
    fields.update(kw)
    return services.opinion_submit(**fields)
