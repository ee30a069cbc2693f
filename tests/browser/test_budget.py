"""Budget oversight in Chromium: the finance committee's staff import a year's budget and eleven months
of execution from Excel — one bad row named by row and cell in Chinese, fixed, imported; the warnings;
one becomes an inquiry that the finance bureau's clerk answers on the case page; the drill-down total →
department → project → months on the desktop and, read-only for a deputy, on a 390 px phone."""

from __future__ import annotations

import re

import pytest
from openpyxl import Workbook

from renda.budget.imports import TEMPLATE_HEADINGS
from renda.cases.models import Case
from renda.core.choices import OrganizationKind as K
from renda.core.choices import Role
from renda.core.models import Organization
from tests.browser.test_suggestions_flow import open_step, press, submit
from tests.factories import PASSWORD, build_world, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.clock("2026-12-05 09:30")]


def sign_in(page, user):
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def _workbook(path, bad_month: str | None):
    wb = Workbook()
    ws = wb.active
    ws.append(TEMPLATE_HEADINGS)
    for m in range(1, 12):
        month = bad_month if (m == 11 and bad_month) else str(m)
        ws.append(["示例县教育局", "一般公共预算", "20502", "30201", "义务教育学校办公经费", "否", "1200", "",
                   month, "90", "否"])  # fmt: skip
    for m in range(1, 12):
        ws.append(["示例县交通运输局", "一般公共预算", "21401", "31005", "农村公路提质改造工程", "是", "3500", "",
                   str(m), "0", "否"])  # fmt: skip
    wb.save(path)
    return str(path)


def _upload(page, path):
    page.goto("/budget/import/")
    page.fill("input[name=year]", "2026")
    page.select_option("select[name=unit]", "wan")
    page.set_input_files("input[name=file]", path)
    with page.expect_navigation():
        page.get_by_role("button", name="上传并检查").click()
    page.wait_for_url(re.compile(r"/budget/import/check/$"))


def _no_horizontal_scroll(page):
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width


def test_import_warn_inquire_answer_and_drill_down(page, phone_page, tmp_path):
    page.set_default_timeout(60000)
    phone_page.set_default_timeout(60000)
    world = build_world()
    county = world.county
    bureau = Organization.objects.create(congress=county.congress, name="示例县财政局",
                                         kind=K.GOVERNMENT_DEPARTMENT, parent=county.government)  # fmt: skip
    clerk = make_user("czclerk", bureau, Role.UNIT_CLERK, "孙丽")
    staff, deputy = county.users["staff"], county.users["deputy"]

    # Import: the bad row is named by row and cell; nothing can be confirmed.
    sign_in(page, staff)
    _upload(page, _workbook(tmp_path / "bad.xlsx", "13"))
    errors = page.inner_text("#import-errors")
    assert "有 1 行不能导入" in errors and "第12行“月份”(I12)“13”应为1到12之间的整数。" in errors
    assert page.get_by_role("button", name="确认导入").is_disabled()
    # Fixed and imported.
    _upload(page, _workbook(tmp_path / "good.xlsx", None))
    assert "22 行检查无误" in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("button", name="确认导入").click()
    assert "已导入 22 行预算执行数据" in page.inner_text("main")

    # The warnings: the idle key project (and its department behind the time elapsed).
    page.goto("/budget/warnings/?year=2026")
    table = page.locator("table").first
    assert "重点项目未支出" in table.inner_text() and "执行进度滞后" in table.inner_text()
    row = table.locator("tr", has_text="重点项目未支出")
    assert "示例县财政局" in row.locator("select[name=bureau]").inner_text()
    with page.expect_navigation():
        row.get_by_role("button", name="发出询问").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case_url = page.url
    assert "已发财政局" in page.inner_text("#case-state")
    assert "没有任何支出" in page.inner_text("main")

    # The finance bureau's clerk signs and answers on the case page; a final answer closes it.
    sign_in(page, clerk)
    page.goto(case_url)
    press(page, "sign")
    form = open_step(page, "reply")
    form.locator("select[name=classification]").select_option("A")
    form.locator("textarea[name=text]").fill("该项目因征地延后,已于12月开工,预计年底前支出2000万元。")
    form.locator("input[name=signing_leader]").fill("钱局长")
    submit(page, form)
    assert "已办结" in page.inner_text("#case-state")
    assert Case.objects.get(kind="budget_inquiry").state == "closed"

    # Drill-down on the desktop: total → department → project → months.
    sign_in(page, staff)
    page.goto("/budget/?year=2026")
    assert "各部门执行情况" in page.inner_text("main")
    with page.expect_navigation():
        page.get_by_role("link", name="示例县教育局").click()
    with page.expect_navigation():
        page.get_by_role("link", name="义务教育学校办公经费").click()
    months = page.inner_text("main table")
    assert "11月" in months and "900,000.00" in months
    _no_horizontal_scroll(page)

    # On a phone, a deputy reads the same drill-down (read-only: no import, no warnings).
    sign_in(phone_page, deputy)
    phone_page.goto("/budget/?year=2026")
    main = phone_page.inner_text("main")
    assert "各部门执行情况" in main and "导入预算执行数据" not in main and "预警" not in main
    _no_horizontal_scroll(phone_page)
    with phone_page.expect_navigation():
        phone_page.get_by_role("link", name="示例县交通运输局").click()
    _no_horizontal_scroll(phone_page)
    with phone_page.expect_navigation():
        phone_page.get_by_role("link", name="农村公路提质改造工程").click()
    assert "11月" in phone_page.inner_text("main table")
    _no_horizontal_scroll(phone_page)
