"""Every warning rule at its threshold and just past it; configuration per congress over the defaults."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.test import Client

from renda.budget.models import BudgetLine, ClassificationCode, Execution, WarningSetting
from renda.budget.warnings import warnings_for

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20 09:30")]


def _line(county, *, year=2026, budget="10000", project="义务教育学校办公经费", econ="30201", key=False, org=None,
          months=None, adjusted=None):  # fmt: skip
    ln = BudgetLine.objects.create(
        congress=county.congress, year=year, budget_type="general", department=org or county.education,
        function_code=ClassificationCode.objects.get(scheme="function", code="20502"),
        economic_code=ClassificationCode.objects.get(scheme="economic", code=econ),
        project=project, is_key_project=key, budgeted=D(budget), adjusted=D(adjusted) if adjusted else None,
    )  # fmt: skip
    for m, v in (months or {}).items():
        Execution.objects.create(line=ln, month=m, amount=D(v))
    return ln


def _rules(county, year=2026, month=None):
    return [w.rule for w in warnings_for(county.congress, year, month)]


def test_lagging_at_the_tolerance_is_no_warning_just_below_is(twin_counties):
    c = twin_counties.county
    ln = _line(c, months={6: "3500"})  # 35 % at end of June: elapsed 50 % − 15 = 35 %
    assert "lagging" not in _rules(c)
    Execution.objects.filter(line=ln).update(amount=D("3499.99"))
    found = [w for w in warnings_for(c.congress, 2026) if w.rule == "lagging"]
    assert len(found) == 1 and "时间进度50.0%" in found[0].evidence and found[0].subject == "示例县教育局"


def test_lagging_by_end_of_november_and_adjusted_budget_counts(twin_counties):
    c = twin_counties.county
    _line(c, budget="8000", adjusted="10000", months={11: "7666.67"})  # 91.67 − 15 = 76.67
    assert "lagging" not in _rules(c)
    Execution.objects.update(amount=D("7600"))
    assert "lagging" in _rules(c)


def test_lagging_tolerance_is_configured_per_congress(twin_counties):
    c = twin_counties.county
    _line(c, months={6: "3400"})
    assert "lagging" in _rules(c)
    WarningSetting.objects.create(congress=c.congress, rule="lagging", params={"tolerance": 20})
    assert "lagging" not in _rules(c)
    WarningSetting.objects.filter(rule="lagging").update(params={}, enabled=False)
    assert "lagging" not in _rules(c)


def test_year_end_surge_at_share_and_above(twin_counties):
    c = twin_counties.county
    ln = _line(c, months={6: "7500", 12: "2500"})  # December 25 % of the year
    assert "year_end_surge" not in _rules(c)
    Execution.objects.filter(line=ln, month=12).update(amount=D("2500.01"))
    assert "year_end_surge" in _rules(c)


def test_overspend_at_budget_and_above(twin_counties):
    c = twin_counties.county
    ln = _line(c, budget="10000", months={3: "10000"})
    assert "overspend" not in _rules(c)
    Execution.objects.filter(line=ln).update(amount=D("10000.01"))
    found = [w for w in warnings_for(c.congress, 2026) if w.rule == "overspend"]
    assert found and found[0].line_id == ln.pk


def test_three_public_above_budget(twin_counties):
    c = twin_counties.county
    ln = _line(c, budget="100", econ="30217", project="公务接待费", months={3: "100"})
    assert "three_public" not in _rules(c)
    Execution.objects.filter(line=ln).update(amount=D("100.01"))
    assert "three_public" in _rules(c)


def test_three_public_above_last_year_to_the_same_month(twin_counties):
    c = twin_counties.county
    _line(c, year=2025, budget="1000", econ="30231", project="公务用车运行维护费", months={3: "80", 9: "500"})
    ln = _line(c, budget="1000", econ="30231", project="公务用车运行维护费", months={3: "80"})
    assert "three_public" not in _rules(c)  # 80 vs last year's 80 through March
    Execution.objects.filter(line=ln).update(amount=D("80.01"))
    found = [w for w in warnings_for(c.congress, 2026) if w.rule == "three_public"]
    assert found and "超过上年同期" in found[0].evidence


def test_key_project_idle_by_mid_year(twin_counties):
    c = twin_counties.county
    other = _line(c, project="日常运转")
    Execution.objects.create(line=other, month=5, amount=D("1"))
    key = _line(c, project="农村公路提质改造工程", key=True, org=c.transport)
    assert "key_idle" not in _rules(c)  # through May: not yet mid-year
    Execution.objects.create(line=other, month=6, amount=D("1"))
    assert _rules(c).count("key_idle") == 1
    Execution.objects.create(line=key, month=6, amount=D("0.01"))
    assert "key_idle" not in _rules(c)


def test_warning_page_and_todo(twin_counties):
    from renda.budget.todo import warning_todos

    c = twin_counties.county
    _line(c, budget="10000", months={3: "10001"})
    cl = Client()
    cl.force_login(c.users["staff"])
    page = cl.get("/budget/warnings/?year=2026").content.decode()
    assert "超预算支出" in page and "已支出1.0万元" in page
    assert warning_todos(c.users["staff"])[0].count == 1
    assert warning_todos(twin_counties.sibling.users["staff"]) == []
    assert cl.get("/budget/warnings/").status_code == 200
    d = Client()
    d.force_login(c.users["unit_clerk"])
    assert d.get("/budget/warnings/").status_code == 403


def test_warning_settings_page_saves_per_congress_with_audit(twin_counties):
    from renda.audit.models import Event

    c = twin_counties.county
    _line(c, months={6: "3400"})
    cl = Client()
    cl.force_login(c.users["staff"])
    r = cl.post("/budget/warnings/settings/", {"rule": "lagging", "enabled": "1", "tolerance": "20", "from_month": "6",
                                               "year": "2026"})  # fmt: skip
    assert r.status_code == 302 and "lagging" not in _rules(c)
    assert Event.objects.filter(action="budget.warning_setting").count() == 1
    cl.post(
        "/budget/warnings/settings/",
        {"rule": "lagging", "enabled": "1", "tolerance": "abc", "from_month": "6"},
    )
    assert WarningSetting.objects.get(rule="lagging").params["tolerance"] == 20
    assert "容差(百分点)" in cl.get("/budget/warnings/?year=2026").content.decode()
    cl.force_login(c.users["leader"])
    assert cl.post("/budget/warnings/settings/", {"rule": "lagging", "tolerance": "1"}).status_code == 403


def _transfer(county, *, budget="10000", months=None):
    ln = _line(county, budget=budget, project="义务教育薄弱环节改善补助资金", econ="30299", months=months)
    BudgetLine.objects.filter(pk=ln.pk).update(is_transfer=True)
    return ln


def test_transfer_below_the_share_by_september(twin_counties):
    c = twin_counties.county
    ln = _transfer(c, months={7: "2500", 9: "2500"})  # 50 % at the end of September: the threshold
    assert "transfer_idle" not in _rules(c)
    Execution.objects.filter(line=ln, month=9).update(amount=D("2499.99"))
    found = [w for w in warnings_for(c.congress, 2026) if w.kind == "transfer_idle"]
    assert len(found) == 1
    assert "低于50%(9月末应达到)" in found[0].evidence and found[0].line_id == ln.pk
    # Before September the share is not yet asked for; a line not flagged as transfer is never checked.
    assert "transfer_idle" not in _rules(c, month=8)
    BudgetLine.objects.filter(pk=ln.pk).update(is_transfer=False)
    assert "transfer_idle" not in _rules(c)


def test_transfer_with_no_spending_for_three_months(twin_counties):
    c = twin_counties.county
    ln = _transfer(c, months={3: "5000", 4: "1000"})
    # Through June: April is within the last three months (April–June), no warning.
    assert "transfer_idle" not in _rules(c, month=6)
    # Through July: May, June, July without spending — three idle months.
    found = [w for w in warnings_for(c.congress, 2026, 7) if w.rule == "transfer_idle"]
    assert len(found) == 1 and "5月至7月连续3个月没有支出" in found[0].evidence
    WarningSetting.objects.create(congress=c.congress, rule="transfer_idle", params={"idle_months": 4})
    assert "transfer_idle" not in _rules(c, month=7)
    Execution.objects.filter(line=ln, month=4).update(amount=D("0"))
    assert "transfer_idle" in _rules(c, month=7)  # April's zero counts as no spending


def _publication(county, *, year=2026, kind="budget", dept=None, approved=None, published=None):
    import datetime as dt

    from renda.budget.models import Publication

    return Publication.objects.create(
        congress=county.congress, year=year, kind=kind, department=dept,
        approved_on=dt.date.fromisoformat(approved) if approved else None,
        published_on=dt.date.fromisoformat(published) if published else None,
    )  # fmt: skip


def test_not_published_on_the_twentieth_day_is_on_time_the_twenty_first_late(twin_counties):
    c = twin_counties.county
    _line(c)
    _publication(c, approved="2026-01-12", published="2026-01-20")
    dept = _publication(c, dept=c.education, published="2026-02-01")  # 20 days after 12 January
    assert "not_published" not in _rules(c)
    dept.published_on = dept.published_on.replace(day=2)
    dept.save()
    found = [w for w in warnings_for(c.congress, 2026) if w.rule == "not_published"]
    assert len(found) == 1 and found[0].subject == "示例县教育局 · 2026年预算"
    assert "2026-02-02才公开,超过20天期限1天" in found[0].evidence
    WarningSetting.objects.create(congress=c.congress, rule="not_published", params={"days": 21})
    assert "not_published" not in _rules(c)


@pytest.mark.clock("2026-08-19 10:00")
def test_final_accounts_missing_after_the_deadline(twin_counties, clock):
    c = twin_counties.county
    _line(c, year=2025)
    _line(c, months={1: "1"})
    # The 2025 final accounts, approved on 30 July 2026: due by 19 August.
    _publication(c, year=2025, kind="final", approved="2026-07-30", published="2026-08-05")
    assert "not_published" not in _rules(c)  # 示例县教育局 has until today
    clock.set("2026-08-20 10:00")
    found = [w for w in warnings_for(c.congress, 2026) if w.rule == "not_published"]
    assert [w.subject for w in found] == ["示例县教育局 · 2025年决算"]
    assert "应在2026-08-19前公开" in found[0].evidence and found[0].key.endswith(":final2025")
