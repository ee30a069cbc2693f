import datetime as dt

import pytest

from renda.audit.models import Event
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.meetings import services as meetings
from renda.oversight import services_plans as svc
from renda.oversight.models.plans import Instrument, ItemStatus, PlanState
from renda.oversight.selectors_plans import AGENDA_KIND, AGENDA_SUBJECT, agenda_item_of, plan_progress

from .helpers import make_inspection, make_plan


def test_plan_created_once_a_year(w):
    plan = make_plan(w)
    assert plan.state == PlanState.DRAFT and plan.items.count() == 3
    assert Event.objects.filter(action="oversight_plan.create").count() == 1
    with pytest.raises(ValidationFailed) as e:
        svc.plan_create(actor=w.staff, congress=w.congress, year=2026, title="重复")
    assert e.value.field == "year" and "已经存在" in e.value.message
    with pytest.raises(ValidationFailed) as e:
        svc.plan_create(actor=w.staff, congress=w.congress, year=1999, title="太早")
    assert e.value.field == "year"


def test_only_staff_of_the_congress_write(w):
    with pytest.raises(PermissionDeniedError):
        svc.plan_create(actor=w.leader, congress=w.congress, year=2026, title="计划")
    with pytest.raises(PermissionDeniedError):
        svc.plan_create(actor=w.sibling_staff, congress=w.congress, year=2026, title="计划")


def test_item_validation_names_the_field(w):
    plan = make_plan(w, items=False)
    with pytest.raises(ValidationFailed) as e:
        svc.plan_item_add(
            actor=w.staff,
            plan=plan,
            instrument=Instrument.INSPECTION,
            title="执法检查",
            committee=w.edu_committee,
        )
    assert e.value.field == "laws" and "法律法规" in e.value.message
    with pytest.raises(ValidationFailed) as e:
        svc.plan_item_add(
            actor=w.staff, plan=plan, instrument=Instrument.INQUIRY, title="询问", committee=w.education
        )
    assert e.value.field == "committee"
    for month, ok in ((0, False), (1, True), (12, True), (13, False)):
        if ok:
            svc.plan_item_add(actor=w.staff, plan=plan, instrument=Instrument.INQUIRY, title=f"询问{month}",
                              committee=w.edu_committee, planned_month=month)  # fmt: skip
        else:
            with pytest.raises(ValidationFailed) as e:
                svc.plan_item_add(actor=w.staff, plan=plan, instrument=Instrument.INQUIRY, title="询问",
                                  committee=w.edu_committee, planned_month=month)  # fmt: skip
            assert e.value.field == "planned_month"


def test_adopt_by_chairpersons_meeting_then_publish(w):
    empty = make_plan(w, year=2027, items=False)
    with pytest.raises(ValidationFailed):
        svc.plan_adopt(actor=w.staff, plan=empty, adopted_on=dt.date(2026, 2, 20), meeting=w.chair_meeting)
    plan = make_plan(w)
    with pytest.raises(ValidationFailed) as e:
        svc.plan_publish(actor=w.staff, plan=plan)
    assert "主任会议通过" in e.value.message
    with pytest.raises(ValidationFailed) as e:
        svc.plan_adopt(actor=w.staff, plan=plan, adopted_on=dt.date(2026, 3, 11), meeting=w.chair_meeting)
    assert e.value.field == "adopted_on"
    with pytest.raises(ValidationFailed) as e:
        svc.plan_adopt(actor=w.staff, plan=plan, adopted_on=dt.date(2026, 2, 20), meeting=w.sc_meeting)
    assert e.value.field == "meeting"
    with pytest.raises(ValidationFailed) as e:
        svc.plan_adopt(actor=w.staff, plan=plan, adopted_on=dt.date(2026, 2, 20))
    assert e.value.field == "meeting"
    svc.plan_adopt(actor=w.staff, plan=plan, adopted_on=dt.date(2026, 2, 20), meeting=w.chair_meeting)
    assert plan.state == PlanState.ADOPTED and plan.adopted_meeting_name == w.chair_meeting.title
    with pytest.raises(ValidationFailed):
        svc.plan_item_add(
            actor=w.staff, plan=plan, instrument=Instrument.INQUIRY, title="再加", committee=w.edu_committee
        )
    with pytest.raises(ValidationFailed):
        svc.plan_item_remove(actor=w.staff, item=plan.items.first())
    svc.plan_publish(actor=w.staff, plan=plan)
    assert plan.state == PlanState.PUBLISHED and plan.published_at is not None


def test_item_status_and_progress(w):
    plan = make_plan(w)
    items = list(plan.items.all())
    with pytest.raises(ValidationFailed) as e:
        svc.plan_item_set_status(actor=w.staff, item=items[2], status=ItemStatus.CANCELLED)
    assert e.value.field == "note"
    svc.plan_item_set_status(actor=w.staff, item=items[2], status=ItemStatus.CANCELLED, note="并入明年计划")
    svc.plan_item_set_status(actor=w.staff, item=items[1], status=ItemStatus.DONE)
    progress = plan_progress(plan)
    assert progress == {**progress, "total": 2, "done": 1, "percent": 50, "cancelled": 1}
    # an inspection carries its plan item forward
    make_inspection(w, plan_item=items[0])
    items[0].refresh_from_db()
    assert items[0].status == ItemStatus.IN_PROGRESS


def test_agenda_item_points_at_plan_item(w):
    plan = make_plan(w)
    item = plan.items.get(instrument=Instrument.SPECIAL_REPORT)
    agenda = meetings.agenda_item_add(
        actor=w.staff,
        meeting=w.sc_meeting,
        kind=AGENDA_KIND,
        title=item.title,
        subject=f"{AGENDA_SUBJECT}:{item.pk}",
    )
    assert agenda_item_of(item) == agenda
    from renda.meetings import agenda as registry

    assert "年度监督工作计划事项" in registry.minutes_text(agenda)
    assert registry.subject_url(agenda).endswith(f"#item-{item.pk}")
    with pytest.raises(ValidationFailed):  # another congress's item is not offered
        meetings.agenda_item_add(actor=w.staff, meeting=w.sc_meeting, kind=AGENDA_KIND, title="x",
                                 subject=f"{AGENDA_SUBJECT}:999999")  # fmt: skip


def test_remove_an_item_while_draft(w):
    plan = make_plan(w)
    item = plan.items.first()
    svc.plan_item_remove(actor=w.staff, item=item)
    assert plan.items.count() == 2
    assert Event.objects.filter(action="oversight_plan_item.remove").count() == 1
