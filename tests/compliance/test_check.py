"""The whole check: every rule listed, stored runs and history, settings, pages, exports, matrix, API."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from renda.api.services import api_token_create
from renda.compliance import checks
from renda.compliance.jobs import nightly_check
from renda.compliance.models import CheckResultRecord, CheckRun
from renda.compliance.services import check_rerun, rule_setting_update
from renda.core.choices import Role
from renda.core.errors import PermissionDeniedError
from tests.factories import PASSWORD, build_world, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-20 09:30")]
ALL = [f"R{i:02d}" for i in range(1, 43)]


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(actor=user, name='测试')[1]}")


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def county(world):
    return world.county


def year(congress):
    return checks.parse_period(
        congress.congress if hasattr(congress, "congress") else congress, "year", "2026"
    )


def status_of(run, rule_id):
    return run.records.get(rule_id=rule_id).status


def test_every_rule_is_listed_and_no_data_is_never_met(county):
    run = checks.run_check(county.congress, year(county), trigger="manual")
    lines = checks.lines_of(run)
    assert [x.rule_id for x in lines][: len(ALL)] == ALL
    r24 = next(x for x in lines if x.rule_id == "R24")
    assert r24.status == "no_data" and r24.status_label == "暂无数据" and "机构设置" in r24.note
    assert not r24.registered
    no_data = [x for x in lines if x.status == "no_data"]
    assert run.no_data == len(no_data) and run.met == sum(1 for x in lines if x.status == "met")
    assert run.met + run.not_met + run.no_data + run.not_applicable == len(lines)
    assert all(x.status != "met" for x in lines if not x.registered)


def test_r25_one_person_committee_at_and_around_the_boundary(county):
    report = checks.parse_period(county.congress, "term", "")
    assert report.label == "第18届"
    # the deputies' working committee has one staff member (李明): 一委一人
    run = checks.run_check(county.congress, report, trigger="manual")
    rec = run.records.get(rule_id="R25")
    assert rec.status == "not_met" and "代表工作委员会(仅1人)" in rec.shortfall[0]["text"]
    make_user("wang2", county.deputies_committee, Role.STAFF, "王芳")  # 2 = the boundary
    assert status_of(checks.run_check(county.congress, report, trigger="manual"), "R25") == "met"
    rule_setting_update(
        actor=county.users["staff"], congress=county.congress, rule_id="R25", params={"min_members": 3}
    )
    assert status_of(checks.run_check(county.congress, report, trigger="manual"), "R25") == "not_met"


def test_changing_a_threshold_on_the_settings_page_changes_the_status(county):
    staff = login(county.users["staff"])
    page = staff.get(f"/compliance/?congress={county.congress.pk}&period=term")
    assert page.status_code == 200
    assert 'data-rule="R25"' in page.content.decode()
    assert CheckRun.objects.filter(congress=county.congress).count() == 1
    report = checks.parse_period(county.congress, "term", "")
    assert status_of(checks.latest_run(county.congress, report), "R25") == "not_met"
    r = staff.post(f"/compliance/settings/R25/?congress={county.congress.pk}",
                   {"congress": county.congress.pk, "enabled": "on", "p_min_members": "1"})  # fmt: skip
    assert r.status_code == 302
    staff.get(f"/compliance/?congress={county.congress.pk}&period=term")  # the stale run is redone
    assert status_of(checks.latest_run(county.congress, report), "R25") == "met"


def test_settings_are_validated_in_chinese_and_only_for_own_staff(county, world):
    staff = login(county.users["staff"])
    url = f"/compliance/settings/R25/?congress={county.congress.pk}"
    body = staff.post(
        url, {"congress": county.congress.pk, "enabled": "on", "p_min_members": "-1"}
    ).content.decode()
    assert "“每个工作机构最少人数”不能小于0。" in body
    body = staff.post(
        url, {"congress": county.congress.pk, "enabled": "on", "p_min_members": "两"}
    ).content.decode()
    assert "必须是数字" in body and 'value="两"' in body
    body = staff.post(f"/compliance/settings/R22/?congress={county.congress.pk}",
                      {"congress": county.congress.pk, "enabled": "on", "p_min_share": "120"}).content.decode()  # fmt: skip
    assert "不能大于100" in body
    assert staff.get(f"/compliance/settings/?congress={county.congress.pk}").status_code == 200
    # the city's staff read the county's check but do not set its thresholds
    assert login(world.city_staff).get(url).status_code == 403
    with pytest.raises(PermissionDeniedError):
        rule_setting_update(actor=world.city_staff, congress=county.congress, rule_id="R25", params={})


def test_page_filters_and_search(county):
    staff = login(county.users["staff"])
    base = f"/compliance/?congress={county.congress.pk}&period=year&value=2026"
    body = staff.get(base).content.decode()
    for rid in ("R01", "R24", "R42"):
        assert f'data-rule="{rid}"' in body
    assert "暂无数据" in body and "重新检查" in body
    only = staff.get(base + "&status=no_data").content.decode()
    assert (
        'data-rule="R24"' in only and 'data-status="met"' not in only and 'data-status="not_met"' not in only
    )
    org = staff.get(base + "&module=organisations").content.decode()
    assert 'data-rule="R25"' in org and 'data-rule="R01"' not in org
    found = staff.get(base + "&q=一委一人").content.decode()
    assert 'data-rule="R25"' in found and 'data-rule="R24"' not in found
    # a wrong period falls back to this year with a message, never a 500
    assert (
        staff.get(f"/compliance/?congress={county.congress.pk}&period=half_year&value=2026-9").status_code
        == 200
    )


def test_rerun_history_and_the_day_the_status_changed(county, clock):
    staff = county.users["staff"]
    report = checks.parse_period(county.congress, "term", "")
    check_rerun(actor=staff, congress=county.congress, report=report)
    clock.set("2026-11-21 09:30")
    make_user("wang2", county.deputies_committee, Role.STAFF, "王芳")
    client = login(staff)
    r = client.post("/compliance/run/", {"congress": county.congress.pk, "period": "term", "value": ""})
    assert r.status_code == 302
    rows = checks.history(county.congress, report, "R25")
    assert [x.status for x in rows] == ["not_met", "met"]
    assert [x.checked_at.day for x in checks.changes(rows)] == [20, 21]
    page = client.get(f"/compliance/rules/R25/?congress={county.congress.pk}&period=term").content.decode()
    assert 'id="compliance-trend"' in page and "2026-11-21" in page and "echarts.min.js" in page
    assert "代表工作委员会(2人)" in page
    from renda.audit.models import Event

    assert Event.objects.filter(action="compliance.check_run").count() == 2


def test_exports_word_and_excel(county):
    staff = login(county.users["staff"])
    q = f"?congress={county.congress.pk}&period=year&value=2026"
    r = staff.get("/compliance/export/word/" + q)
    assert r.status_code == 200 and "wordprocessingml" in r["Content-Type"]
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "关于2026年制度落实情况的报告" in text and "暂无数据的项目尚未纳入平台统计,不计为达标" in text
    table = Document(io.BytesIO(r.content)).tables[0]
    assert [r.cells[0].text for r in table.rows][1 : 1 + len(ALL)] == ALL
    r = staff.get("/compliance/export/excel/" + q)
    ws = load_workbook(io.BytesIO(r.content)).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "R25" in values and "暂无数据" in values


def test_matrix_of_the_counties_below_the_city(world):
    city = login(world.city_staff)
    body = city.get(f"/compliance/matrix/?congress={world.city.pk}").content.decode()
    for c in (world.county.congress, world.sibling.congress, world.city):
        assert f'data-congress="{c.pk}"' in body
    assert f"/compliance/rules/R25/?congress={world.county.congress.pk}" in body
    cell = city.get(f"/compliance/rules/R25/?congress={world.county.congress.pk}&period=year&value=2026")
    assert cell.status_code == 200
    assert city.get(f"/compliance/matrix/export/?congress={world.city.pk}").status_code == 200
    # a county's staff see their own row only, never the sibling's
    own = login(world.county.users["staff"]).get("/compliance/matrix/").content.decode()
    assert f'data-congress="{world.sibling.congress.pk}"' not in own
    rows = api(world.city_staff).get(f"/api/v1/compliance/matrix?congress={world.city.pk}").json()
    assert {r["congress_id"] for r in rows} == {
        world.city.pk,
        world.county.congress.pk,
        world.sibling.congress.pk,
    }
    assert all(len(r["statuses"]) >= len(ALL) for r in rows)


@pytest.mark.parametrize("who", ["unit_clerk", "unit_leader", "deputy", "station_keeper"])
def test_other_roles_get_403_on_page_and_api(county, who):
    user = county.users[who]
    assert login(user).get("/compliance/").status_code == 403
    assert login(user).get("/compliance/matrix/").status_code == 403
    assert api(user).get("/api/v1/compliance/check").status_code == 403


def test_sibling_county_cannot_see_another_countys_check(world):
    other = world.sibling.users["staff"]
    pk = world.county.congress.pk
    assert login(other).get(f"/compliance/?congress={pk}").status_code == 404
    assert login(other).get(f"/compliance/rules/R25/?congress={pk}").status_code == 404
    assert login(other).get(f"/compliance/export/word/?congress={pk}").status_code == 404
    assert login(other).post("/compliance/run/", {"congress": pk}).status_code == 404
    assert api(other).get(f"/api/v1/compliance/check?congress={pk}").status_code == 404
    assert api(other).post(f"/api/v1/compliance/check/run?congress={pk}").status_code == 404
    # the city's staff may open it
    assert login(world.city_staff).get(f"/compliance/?congress={pk}").status_code == 200


def test_api_twin_of_the_check_and_history(county):
    client = api(county.users["leader"])
    data = client.get(f"/api/v1/compliance/check?congress={county.congress.pk}&period=term").json()
    assert data["period_label"] == "第18届"
    by_id = {x["rule_id"]: x for x in data["lines"]}
    assert set(ALL) <= set(by_id)
    assert by_id["R24"]["status"] == "no_data" and by_id["R24"]["status_label"] == "暂无数据"
    assert by_id["R25"]["status"] == "not_met" and by_id["R25"]["shortfall"]
    hist = client.get(
        f"/api/v1/compliance/check/R25/history?congress={county.congress.pk}&period=term"
    ).json()
    assert [h["status"] for h in hist] == ["not_met"]
    assert client.get("/api/v1/compliance/check?period=decade").status_code == 400


def test_nightly_job_stores_a_run_per_congress_and_period(world):
    runs = nightly_check()
    assert runs == CheckRun.objects.filter(trigger="nightly").count()
    county_runs = CheckRun.objects.filter(congress=world.county.congress, trigger="nightly")
    assert sorted(r.period_key.split(":")[0] for r in county_runs) == ["half_year", "term", "year"]
    assert CheckResultRecord.objects.filter(run__in=county_runs, rule_id="R25").count() == 3


def test_any_registered_rule_joins_the_check_and_replaces_the_placeholder(county, monkeypatch):
    from renda.compliance import registry
    from renda.compliance.registry import CheckResult, Evidence, Period, Rule

    def heads(congress, period, params):
        assert period.kind == Period.TERM and period.label == "第18届"
        ok = params["minimum"] <= 1
        return CheckResult.judge(ok, value=1, threshold=params["minimum"],
                                 evidence=[Evidence("农业农村委员会 副主任委员 周农", "/deputies/")])  # fmt: skip

    def extra(congress, period, params):
        raise RuntimeError("数据库不可用")

    monkeypatch.setitem(registry.RULES, "R24", Rule("R24", "每个专门委员会至少有一名熟悉本领域工作的副主任委员",
                                                    Period.TERM, "000 §五.2", "organisations", heads, {"minimum": 1}))  # fmt: skip
    monkeypatch.setitem(
        registry.RULES, "X01", Rule("X01", "测试附加检查", Period.YEAR, "测试", "tasks", extra, {})
    )
    run = checks.run_check(county.congress, year(county), trigger="manual")
    lines = {x.rule_id: x for x in checks.lines_of(run)}
    assert lines["R24"].status == "met" and lines["R24"].registered
    assert lines["R24"].evidence == [{"text": "农业农村委员会 副主任委员 周农", "url": "/deputies/"}]
    assert lines["R24"].period_label == "第18届" and lines["R25"].period_label == "第18届"
    assert lines["R35"].period_label == "2026年"
    # a check that fails is shown as no data with the error, never met, and the others still run
    assert lines["X01"].status == "no_data" and "数据库不可用" in lines["X01"].note
    page = (
        login(county.users["staff"])
        .get(f"/compliance/rules/R24/?congress={county.congress.pk}")
        .content.decode()
    )
    assert '<a href="/deputies/">农业农村委员会 副主任委员 周农</a>' in page
    rule_setting_update(
        actor=county.users["staff"], congress=county.congress, rule_id="R24", params={"minimum": 2}
    )
    assert status_of(checks.current_run(county.congress, year(county)), "R24") == "not_met"


def test_periods_of_the_rules_inside_a_half_year_report(county):
    report = checks.parse_period(county.congress, "half_year", "2026-2")
    assert report.label == "2026年下半年"
    assert checks.rule_period(county.congress, report.range, checks.Period.YEAR).label == "2026年"
    assert checks.rule_period(county.congress, report.range, checks.Period.HALF_YEAR).label == "2026年下半年"
    assert checks.rule_period(county.congress, report.range, checks.Period.TERM).label == "第18届"
    with pytest.raises(checks.PeriodError):
        checks.parse_period(county.congress, "term", "999999")


def test_list_parameters_and_disabling_a_rule(county):
    staff = login(county.users["staff"])
    url = f"/compliance/settings/R29/?congress={county.congress.pk}"
    form = staff.get(url).content.decode()
    assert "年初会议月份" in form and 'value="1,2,3"' in form
    body = staff.post(url, {"congress": county.congress.pk, "enabled": "on", "p_start_months": "1,13",
                            "p_middle_months": "6,7"}).content.decode()  # fmt: skip
    assert "月份必须在1到12之间" in body
    r = staff.post(url, {"congress": county.congress.pk, "p_start_months": "1,2", "p_middle_months": "7"})
    assert r.status_code == 302
    from renda.compliance.models import RuleSetting

    setting = RuleSetting.objects.get(congress=county.congress, rule_id="R29")
    assert setting.params == {"start_months": [1, 2], "middle_months": [7]} and not setting.enabled
    lines = checks.lines_of(checks.current_run(county.congress, year(county)))
    r29 = next(x for x in lines if x.rule_id == "R29")
    assert r29.status == "not_applicable" and "停用" in r29.note


def test_menu_entry_for_staff_and_leaders_only(county):
    assert 'href="/compliance/"' in login(county.users["staff"]).get("/").content.decode()
    assert 'href="/compliance/"' in login(county.users["leader"]).get("/").content.decode()
    assert 'href="/compliance/"' not in login(county.users["deputy"]).get("/").content.decode()


def test_word_report_names_the_shortfall(county):
    r = login(county.users["leader"]).get(
        f"/compliance/export/word/?congress={county.congress.pk}&period=term"
    )
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "关于第18届制度落实情况的报告" in text
    assert "R25 常委会工作机构不搞“一委一人”" in text and "示例县人大常委会代表工作委员会(仅1人)" in text
    from renda.audit.models import Event

    assert Event.objects.filter(action="compliance_check.export").count() == 1
