"""A warning becomes an inquiry to the finance bureau on the case engine, answered and closed there."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.test import Client

from renda.budget.models import BudgetLine, ClassificationCode, Execution
from renda.budget.warnings import warnings_for
from renda.cases import services as engine
from renda.cases.models import Case
from renda.core.choices import OrganizationKind as K
from renda.core.choices import Role
from renda.core.models import Organization
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-07-06 09:30")]


@pytest.fixture
def setup(twin_counties):
    c = twin_counties.county
    gov = c.government
    bureau = Organization.objects.create(congress=c.congress, name="示例县财政局", kind=K.GOVERNMENT_DEPARTMENT,
                                         parent=gov)  # fmt: skip
    clerk = make_user("czclerk", bureau, Role.UNIT_CLERK, "孙丽")
    ln = BudgetLine.objects.create(
        congress=c.congress, year=2026, budget_type="general", department=c.transport,
        function_code=ClassificationCode.objects.get(scheme="function", code="21401"),
        economic_code=ClassificationCode.objects.get(scheme="economic", code="31005"),
        project="农村公路提质改造工程", is_key_project=True, budgeted=D("35000000"),
    )  # fmt: skip
    other = BudgetLine.objects.create(
        congress=c.congress, year=2026, budget_type="general", department=c.education,
        function_code=ClassificationCode.objects.get(scheme="function", code="20502"),
        project="义务教育学校办公经费", budgeted=D("1000000"),
    )  # fmt: skip
    Execution.objects.create(line=other, month=6, amount=D("500000"))
    return c, bureau, clerk, ln


def test_inquiry_from_a_warning_is_answered_and_closed_on_the_engine(setup):
    c, bureau, clerk, ln = setup
    warning = next(w for w in warnings_for(c.congress, 2026) if w.rule == "key_idle")
    cl = Client()
    cl.force_login(c.users["staff"])
    page = cl.get("/budget/warnings/?year=2026").content.decode()
    assert "发出询问" in page and "示例县财政局" in page
    r = cl.post("/budget/warnings/inquire/", {"year": "2026", "key": warning.key, "bureau": bureau.pk})
    case = Case.objects.get(kind="budget_inquiry")
    assert r.status_code == 302 and r["Location"] == f"/cases/{case.pk}/"
    assert case.state == "assigned" and "没有任何支出" in case.body and "农村公路提质改造工程" in case.title
    lead = case.assignments.get(role="lead")
    assert lead.organization == bureau
    engine.assignment_sign(actor=clerk, assignment=lead)
    engine.reply_submit(actor=clerk, assignment=lead, classification="A",
                        text="该项目因征地延后,已于7月开工,预计三季度支出2000万元。", signing_leader="钱局长")  # fmt: skip
    case.refresh_from_db()
    assert case.state == "closed" and cl.get(f"/cases/{case.pk}/").status_code == 200


def test_only_staff_sends_an_inquiry(setup):
    c, bureau, clerk, ln = setup
    warning = warnings_for(c.congress, 2026)[0]
    cl = Client()
    cl.force_login(c.users["deputy"])
    r = cl.post("/budget/warnings/inquire/", {"year": "2026", "key": warning.key, "bureau": bureau.pk})
    assert r.status_code == 403 and not Case.objects.filter(kind="budget_inquiry").exists()
    cl.force_login(c.users["staff"])
    r = cl.post("/budget/warnings/inquire/", {"year": "2026", "key": "lagging:0:", "bureau": bureau.pk})
    assert r.status_code == 302 and not Case.objects.filter(kind="budget_inquiry").exists()
