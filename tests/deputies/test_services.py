"""Deputy, group and mandate services: who may, what is checked, what is written."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction

from renda.audit.models import Event
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.deputies import selectors, services
from renda.deputies.choices import MandateEndReason
from renda.deputies.models import DeputyMandate

from .conftest import STARTED


def test_create_writes_audit_events(world):
    w = world
    assert Event.objects.for_target(w.d1).filter(action="deputy.create").exists()
    event = Event.objects.for_target(w.m1_county).get(action="deputy_mandate.create")
    assert event.actor == w.staff
    assert event.congress == w.county
    assert event.after["constituency"] == "丙镇第1选区"
    assert w.m1_county.is_grassroots  # derived from the farmer category


@pytest.mark.parametrize(
    "who", ["unitclerk", "keeper", "deputy_user", "leader", "sysadmin", "auditadmin", "neighbor"]
)
def test_only_staff_of_the_congress_register(world, who):
    w = world
    with pytest.raises(PermissionDeniedError):
        services.deputy_create(actor=getattr(w, who), congress=w.county, full_name="某某", gender="male")
    with pytest.raises(PermissionDeniedError):
        services.deputy_mandate_create(
            actor=getattr(w, who), deputy=w.d2, term=w.township_term, started_on=STARTED
        )


def test_county_staff_does_not_write_in_the_township(world):
    w = world
    with pytest.raises(PermissionDeniedError):
        services.deputy_mandate_create(actor=w.staff, deputy=w.d2, term=w.township_term, started_on=STARTED)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"full_name": "  "}, "full_name"),
        ({"gender": "x"}, "gender"),
        ({"party": "nope"}, "party"),
        ({"education": "nope"}, "education"),
        ({"ethnicity": ""}, "ethnicity"),
    ],
)
def test_deputy_create_validates(world, kwargs, field):
    data = {"full_name": "某某", "gender": "male", **kwargs}
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_create(actor=world.staff, congress=world.county, **data)
    assert exc.value.field == field


def test_one_active_mandate_per_person_congress_and_term(world):
    w = world
    with pytest.raises(ConflictError):
        services.deputy_mandate_create(actor=w.staff, deputy=w.d1, term=w.county_term, started_on=STARTED)
    # Enforced by the database too.
    with pytest.raises(IntegrityError), transaction.atomic():
        DeputyMandate.objects.create(deputy=w.d1, congress=w.county, term=w.county_term, started_on=STARTED)


def test_end_then_seat_again(world):
    w = world
    ended = services.deputy_mandate_end(
        actor=w.staff, mandate=w.m2, ended_on=datetime.date(2023, 6, 1), reason=MandateEndReason.RESIGNATION
    )
    assert not ended.is_active and ended.end_reason == "resignation"
    event = Event.objects.for_target(ended).get(action="deputy_mandate.end")
    assert event.before["ended_on"] is None and event.after["end_reason"] == "resignation"
    with pytest.raises(ConflictError):
        services.deputy_mandate_end(
            actor=w.staff, mandate=ended, ended_on=datetime.date(2023, 6, 2), reason=MandateEndReason.DEATH
        )
    again = services.deputy_mandate_create(
        actor=w.staff, deputy=w.d2, term=w.county_term, started_on=datetime.date(2024, 1, 1)
    )
    assert again.is_active
    assert w.d2.mandates.count() == 2
    assert set(DeputyMandate.objects.filter(deputy=w.d2).active()) == {again}


def test_end_validates(world):
    w = world
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_mandate_end(
            actor=w.staff, mandate=w.m2, ended_on=datetime.date(2023, 1, 1), reason="x"
        )
    assert exc.value.field == "end_reason"
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_mandate_end(
            actor=w.staff, mandate=w.m2, ended_on=datetime.date(2020, 1, 1), reason=MandateEndReason.RECALL
        )
    assert exc.value.field == "ended_on"
    with pytest.raises(PermissionDeniedError):
        services.deputy_mandate_end(
            actor=w.neighbor, mandate=w.m2, ended_on=datetime.date(2023, 1, 1), reason=MandateEndReason.RECALL
        )


def test_ended_mandate_needs_a_reason_in_the_database(world):
    w = world
    with pytest.raises(IntegrityError), transaction.atomic():
        DeputyMandate.objects.filter(pk=w.m2.pk).update(ended_on=datetime.date(2023, 1, 1))


def test_mandate_checks_group_station_and_level(world):
    w = world
    other_group = services.deputy_group_create(actor=w.neighbor, congress=w.sibling, name="丁县代表小组")
    d = services.deputy_create(actor=w.staff, congress=w.county, full_name="某某", gender="male")
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_mandate_create(
            actor=w.staff, deputy=d, term=w.county_term, started_on=STARTED, group=other_group
        )
    assert exc.value.field == "group"
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_mandate_create(
            actor=w.staff, deputy=d, term=w.county_term, started_on=STARTED, station=w.education
        )
    assert exc.value.field == "station"
    sibling_station = w.sibling_office.__class__.objects.create(
        congress=w.sibling, name="丁县联络站", kind="liaison_station"
    )
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_mandate_create(
            actor=w.staff, deputy=d, term=w.county_term, started_on=STARTED, station=sibling_station
        )
    assert exc.value.field == "station"
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_mandate_create(
            actor=w.township_staff,
            deputy=d,
            term=w.township_term,
            started_on=STARTED,
            is_standing_committee_member=True,
        )
    assert exc.value.field == "is_standing_committee_member"
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_mandate_create(
            actor=w.staff, deputy=d, term=w.county_term, started_on=STARTED, occupation_category="astronaut"
        )
    assert exc.value.field == "occupation_category"


def test_group_create_validates(world):
    w = world
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_group_create(actor=w.staff, congress=w.county, name="丙镇代表小组")
    assert exc.value.field == "name"
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_group_create(actor=w.staff, congress=w.county, name=" ")
    assert exc.value.field == "name"
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_group_create(actor=w.staff, congress=w.county, name="新组", area=w.sibling_office)
    assert exc.value.field == "area"


def test_selectors(world):
    w = world
    assert selectors.deputy_for_user(w.deputy_user) == w.d1
    assert selectors.deputy_for_user(w.staff) is None
    assert set(selectors.mandates_for(w.staff, congress=w.county)) == {w.m1_county, w.m2}
    structure = selectors.mandate_structure(w.county)
    assert structure["total"] == 2
    assert structure["grassroots"] == 1
    assert structure["by_category"] == {"farmer": 1, "other": 1}
