import datetime as dt

import pytest

from renda.cases.services import assignment_sign, case_rate, reply_submit
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.oversight import services_plans as svc
from renda.oversight.policy_plans import RectState

from .helpers import rectify


def _raise(w, **kw):
    args = dict(actor=w.staff, congress=w.congress, origin_kind="inspection", origin_id=1, title="改善农村寄宿条件",
                body="农村学校寄宿条件差,请于年内整改。", unit=w.education, deadline=dt.date(2026, 9, 30))  # fmt: skip
    args.update(kw)
    return svc.rectification_create(**args)


def test_raised_and_assigned_to_the_body(w):
    case = _raise(w)
    assert case.kind == "rectification_item" and case.state == RectState.ASSIGNED
    assert case.rectification.origin_kind == "inspection" and case.rectification.unit == w.education
    assignment = case.assignments.get()
    assert assignment.organization_id == w.education.pk and assignment.deadline == dt.date(2026, 9, 30)
    assert case.number.startswith("ZG2026-")


@pytest.mark.parametrize(
    ("kw", "field"),
    [({"title": ""}, "title"), ({"body": " "}, "body"), ({"deadline": None}, "deadline"),
     ({"deadline": dt.date(2026, 3, 9)}, "deadline"), ({"unit": None}, "unit"), ({"origin_kind": ""}, "origin_kind")],
)  # fmt: skip
def test_bad_input_names_the_field(w, kw, field):
    with pytest.raises(ValidationFailed) as e:
        _raise(w, **kw)
    assert e.value.field == field


def test_deadline_today_is_accepted_and_other_congress_unit_refused(w):
    assert _raise(w, deadline=dt.date(2026, 3, 10)).state == RectState.ASSIGNED
    with pytest.raises(ValidationFailed) as e:
        _raise(w, unit=w.world.sibling.education)
    assert e.value.field == "unit"
    with pytest.raises(PermissionDeniedError):
        _raise(w, actor=w.clerk)


def test_report_verify_rehandle_and_close(w):
    case = _raise(w)
    case = rectify(w, case, value="dissatisfied")
    assert case.state == RectState.REHANDLING
    case = rectify(w, case, value="basically", classification="B")
    assert case.state == RectState.FOLLOWING
    case = rectify(w, case, value="satisfied", classification="A")
    assert case.state == RectState.CLOSED and case.closed_at is not None


def test_only_the_raiser_verifies(w):
    case = _raise(w)
    assignment = case.assignments.get()
    assignment_sign(actor=w.clerk, assignment=assignment)
    reply = reply_submit(
        actor=w.unit_leader, assignment=assignment, classification="A", text="已整改", signing_leader="刘强"
    )
    with pytest.raises(PermissionDeniedError):
        case_rate(actor=w.clerk, reply=reply, value="satisfied")
    case.refresh_from_db()
    assert case.state == RectState.REPORTED


def test_case_page_and_inbox_serve_the_kind(w):
    from .conftest import login

    case = _raise(w)
    page = login(w.clerk).get(f"/cases/{case.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and "整改事项" in body and "示例县教育局" in body and "执法检查" in body
    assert "签收" in body  # the engine's step for the unit
    inbox = login(w.clerk).get("/cases/inbox/")
    assert inbox.status_code == 200 and case.title in inbox.content.decode()
    assert login(w.u["other_clerk"]).get(f"/cases/{case.pk}/").status_code == 404
