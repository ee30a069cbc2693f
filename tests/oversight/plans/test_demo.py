"""The demo county's supervision plan: made through the services, idempotent, telling R09's and R27's story."""

from __future__ import annotations

import pytest

from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.core.models import Congress
from renda.demo import DEMO_AS_OF
from renda.demo.builder import load_demo
from renda.demo.meetings import load_meetings_demo
from renda.demo.oversight_plans import load_oversight_plans_demo
from renda.oversight.models.plans import Evaluation, Inspection, SupervisionPlan
from renda.oversight.selectors_plans import plan_progress, ranking

pytestmark = [pytest.mark.clock(DEMO_AS_OF), pytest.mark.django_db]


def test_oversight_plans_demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    load_meetings_demo()
    counts = load_oversight_plans_demo()
    assert counts["supervision_plans"] == 1 and counts["plan_items"] == 9 and counts["inspections"] == 2
    county = Congress.objects.get(name="示例县人大")
    plan = SupervisionPlan.objects.get(congress=county, year=2026)
    assert plan.state == "published" and plan_progress(plan)["done"] >= 5
    assert Inspection.objects.get(law="中华人民共和国义务教育法").state == "closed"
    six = ranking(county.pk, 2026)
    assert len(six) == 6 and [e.rank for e in six] == sorted(e.rank for e in six)
    assert Evaluation.objects.filter(congress=county, state="published").count() == 12
    assert evaluate_rule("R09", county, PeriodRange.year(2026)).result.status == Status.MET
    term = county.terms.get(is_current=True)
    r27 = evaluate_rule("R27", county, PeriodRange.for_term(term)).result
    assert r27.status == Status.NOT_MET and any("县公安局" in line for line in r27.shortfall)
    assert load_oversight_plans_demo()["supervision_plans"] == 0  # idempotent
