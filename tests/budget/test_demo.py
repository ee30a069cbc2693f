"""The demo county's budgets trigger one warning of each kind (2026, and the year-end surge in 2025)."""

from __future__ import annotations

import pytest

from renda.budget.models import BudgetLine, ImportBatch
from renda.budget.warnings import warnings_for
from renda.core.choices import OrganizationKind as K
from renda.core.choices import Role
from renda.core.models import Congress, Organization
from renda.demo.budget import LINES, load_budget_demo
from tests.factories import make_user

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20 09:30")]


def test_demo_budgets_tell_the_story():
    county = Congress.objects.create(name="示例县人大", region_name="示例县", level="county")
    office = Organization.objects.create(
        congress=county, name="示例县人大常委会办公室", kind=K.CONGRESS_OFFICE
    )
    make_user("staff", office, Role.STAFF, "李明")
    for name in {row[0] for row in LINES}:
        Organization.objects.create(congress=county, name=name, kind=K.GOVERNMENT_DEPARTMENT)
    counts = load_budget_demo()
    assert counts == {"budget_lines": 3 * len(LINES), "budget_imports": 34}
    assert load_budget_demo() == {"budget_lines": 0, "budget_imports": 0}
    found_2026 = sorted((w.rule, w.subject) for w in warnings_for(county, 2026))
    assert found_2026 == [
        ("key_idle", "县交通运输局 · 农村公路提质改造工程"),
        ("lagging", "县交通运输局"),  # dragged down by its idle key project
        ("lagging", "县农业农村局"),
        ("not_published", "县农业农村局 · 2026年预算"),
        ("overspend", "县卫生健康局 · 基本公共卫生服务项目"),
        ("three_public", "县公安局"),
        ("transfer_idle", "县教育局 · 义务教育薄弱环节改善补助资金"),
    ]
    assert [(w.rule, w.subject) for w in warnings_for(county, 2025)] == [
        ("year_end_surge", "县住房和城乡建设局")
    ]
    assert warnings_for(county, 2024) == []
    # One warning of each of the seven kinds across the demo years.
    from renda.budget.warnings import RULES

    kinds = {w.kind for y in (2024, 2025, 2026) for w in warnings_for(county, y)}
    assert kinds == set(RULES)
    late = next(w for w in warnings_for(county, 2026) if w.rule == "not_published")
    assert "2026-02-10才公开" in late.evidence and "9天" in late.evidence
    assert BudgetLine.objects.filter(budget_type="social_insurance").count() == 3
    # The July import adjusted the public-health budget: the difference is on that batch.
    july = ImportBatch.objects.get(year=2026, months=[7])
    assert any(d["field"] == "调整后预算" for d in july.differences)
