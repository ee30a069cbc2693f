import datetime as dt

import pytest

from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.core.errors import ValidationFailed
from renda.oversight import services_plans as svc
from renda.oversight.models.plans import InspectionState, Instrument, ItemStatus
from renda.oversight.policy_plans import RectState

from .helpers import carry_out, make_inspection, make_plan, rectify


def _r09(w, year=2026):
    return evaluate_rule("R09", w.congress, PeriodRange.year(year)).result


def test_inspection_with_one_rectification_followed_to_closure(w):
    """Done-means: a law-enforcement inspection with one rectification item closed."""
    plan = make_plan(w)
    item = plan.items.get(instrument=Instrument.INSPECTION)
    inspection = make_inspection(w, plan_item=item)
    assert inspection.state == InspectionState.PREPARING
    with pytest.raises(ValidationFailed):  # no visit yet
        svc.inspection_report(
            actor=w.staff, inspection=inspection, report="报告", reported_on=dt.date(2026, 3, 9)
        )
    inspection = carry_out(w, inspection)
    assert inspection.state == InspectionState.INSPECTING
    assert [m.get_capacity_display() for m in inspection.members.all()] == ["组长", "特邀代表"]
    case = svc.inspection_rectification_add(
        actor=w.staff, inspection=inspection, title="补充农村教师编制", body="教师编制不足,请于半年内补充。",
        unit=w.education, deadline=dt.date(2026, 9, 30),
    )  # fmt: skip
    svc.inspection_report(
        actor=w.staff, inspection=inspection, report="关于检查《义务教育法》实施情况的报告……",
        reported_on=dt.date(2026, 3, 10), meeting=w.sc_meeting,
    )  # fmt: skip
    item.refresh_from_db()
    assert inspection.state == InspectionState.REPORTED and item.status == ItemStatus.DONE
    with pytest.raises(ValidationFailed) as e:
        svc.inspection_close(actor=w.staff, inspection=inspection)
    assert e.value.field == "rectifications" and case.number in e.value.message
    case = rectify(w, case)
    assert case.state == RectState.CLOSED
    svc.inspection_close(actor=w.staff, inspection=inspection)
    assert inspection.state == InspectionState.CLOSED
    with pytest.raises(ValidationFailed):
        svc.inspection_visit_add(
            actor=w.staff, inspection=inspection, visited_on=dt.date(2026, 3, 10), place="又去"
        )


def test_report_needs_findings_and_a_standing_committee_meeting(w):
    inspection = make_inspection(w)
    svc.inspection_visit_add(
        actor=w.staff, inspection=inspection, visited_on=dt.date(2026, 3, 2), place="县一中"
    )
    with pytest.raises(ValidationFailed) as e:
        svc.inspection_report(
            actor=w.staff, inspection=inspection, report="报告", reported_on=dt.date(2026, 3, 9)
        )
    assert e.value.field == "findings"
    svc.inspection_findings(actor=w.staff, inspection=inspection, findings="问题")
    with pytest.raises(ValidationFailed) as e:
        svc.inspection_report(actor=w.staff, inspection=inspection, report="报告", reported_on=dt.date(2026, 3, 9),
                              meeting=w.chair_meeting)  # fmt: skip
    assert e.value.field == "meeting"
    with pytest.raises(ValidationFailed) as e:
        svc.inspection_visit_add(
            actor=w.staff, inspection=inspection, visited_on=dt.date(2026, 3, 11), place="未来"
        )
    assert e.value.field == "visited_on"
    with pytest.raises(ValidationFailed) as e:
        svc.inspection_member_add(actor=w.staff, inspection=inspection, name="", capacity="member")
    assert e.value.field == "name"


def test_r09_below_at_and_above(w):
    plan = make_plan(w)
    result = _r09(w)
    assert result.status == Status.NOT_MET and result.value == 0
    assert any(
        "义务教育法" in line for line in result.shortfall
    )  # names the planned, not yet held inspection
    inspection = make_inspection(w, plan_item=plan.items.get(instrument=Instrument.INSPECTION))
    assert _r09(w).status == Status.NOT_MET  # prepared is not carried out
    carry_out(w, inspection)
    result = _r09(w)
    assert (
        result.status == Status.MET
        and result.value == 1
        and "《中华人民共和国义务教育法》" in result.evidence[0]
    )
    second = svc.inspection_create(actor=w.staff, congress=w.congress, year=2026, law="中华人民共和国食品安全法",
                                   committee=w.legal_committee)  # fmt: skip
    svc.inspection_visit_add(
        actor=w.staff, inspection=second, visited_on=dt.date(2026, 3, 5), place="县农贸市场"
    )
    assert _r09(w).value == 2
    assert _r09(w, 2025).status == Status.NOT_MET
