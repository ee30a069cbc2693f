"""A deliberation opinion from the meeting to the closing rating, in the browser: the office registers
and compiles it, the chair signs it off, it is assigned to the reporting body, the body reports, the
committee comments, the committee's rating of 72 % sends it back, the body reports again and 85 %
closes it; the ratings page shows both rounds to two decimals."""

from __future__ import annotations

import re

import pytest

from renda.cases.calendar import seed_national_calendar
from renda.core.choices import OrganizationKind as K
from renda.core.choices import Role
from renda.core.models import Organization
from renda.oversight.models import Opinion
from tests.browser.test_suggestions_flow import open_step, press, submit
from tests.factories import PASSWORD, build_world, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.clock("2026-11-20 09:30")]


def sign_in(page, user):
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def _rate(page, case_url, s, b, d, x, present):
    page.goto(case_url)
    form = open_step(page, "rate_counts")
    for name, value in (("members", 29), ("present", present), ("satisfied", s), ("basically", b),
                        ("dissatisfied", d), ("blank", x)):  # fmt: skip
        form.locator(f"input[name={name}]").fill(str(value))
    submit(page, form)


def _report(page, clerk, case_url, text, sign=False):
    sign_in(page, clerk)
    page.goto(case_url)
    if sign:
        press(page, "sign")
    form = open_step(page, "reply")
    form.locator("select[name=classification]").select_option("A")
    form.locator("textarea[name=text]").fill(text)
    form.locator("input[name=signing_leader]").fill("王局长")
    submit(page, form)
    assert "已报告待委员会意见" in page.inner_text("#case-state")


def _comment(page, committee_staff, case_url, text):
    sign_in(page, committee_staff)
    page.goto(case_url)
    form = open_step(page, "comment")
    form.locator("textarea[name=comment]").fill(text)
    submit(page, form)
    assert "待常委会测评" in page.inner_text("#case-state")


def test_opinion_rated_72_then_85(page):
    seed_national_calendar()
    world = build_world()
    county = world.county
    finance = Organization.objects.create(
        congress=county.congress, name="示例县人大常委会财政经济工作委员会", kind=K.COMMITTEE
    )
    office = make_user("bangongshi", county.office, Role.STAFF, "周红")
    finance_staff = make_user("caijingwei", finance, Role.STAFF, "钱进")
    leader = county.users["leader"]
    clerk = county.users["other_clerk"]  # 示例县交通运输局, no unit-leader account: it reports directly

    # The office registers the opinion born of the meeting's deliberation.
    sign_in(page, office)
    page.goto("/oversight/opinions/")
    page.get_by_role("link", name="登记审议意见").click()
    page.select_option("select[name=report_kind]", "special_work")
    page.fill("input[name=report_title]", "县交通运输局关于城乡客运一体化情况的报告")
    page.select_option("select[name=reporting_body]", label="示例县交通运输局")
    page.select_option("select[name=responsible_committee]", label="示例县人大常委会财政经济工作委员会")
    page.fill("textarea[name=remarks]", "马国强委员:农村客运班次少。")
    page.get_by_role("button", name="登记").click()
    page.wait_for_url(re.compile(r"/cases/\d+/$"))
    case_url = page.url
    assert "整理中" in page.inner_text("#case-state")
    form = open_step(page, "submit")
    form.locator("textarea[name=text]").fill("一、增加农村客运班次。\n二、推进城乡公交一体化。")
    submit(page, form)
    assert "待领导签发" in page.inner_text("#case-state")

    sign_in(page, leader)
    page.goto(case_url)
    form = open_step(page, "approve")
    form.locator("input[name=letter_number]").fill("示人常办〔2026〕12号")
    submit(page, form)

    sign_in(page, office)
    page.goto(case_url)
    submit(page, open_step(page, "assign"))
    assert "已交办待签收" in page.inner_text("#case-state")
    assert "交办函" in page.inner_text("main")

    # Round one: the body reports, the committee comments, 72 % — rectify and report again.
    _report(page, clerk, case_url, "已新开通农村客运线路3条。", sign=True)
    _comment(page, finance_staff, case_url, "财经工委认为整改尚不到位。")
    sign_in(page, office)
    _rate(page, case_url, 12, 6, 5, 2, 25)
    assert "继续整改" in page.inner_text("#case-state")
    assert "72.00%" in page.inner_text("main")

    # Round two: 85 % — passes, closed.
    _report(page, clerk, case_url, "再次整改:新增农村客运班次20班。")
    _comment(page, finance_staff, case_url, "财经工委认为整改到位。")
    sign_in(page, office)
    _rate(page, case_url, 15, 2, 2, 1, 20)
    assert "已办结" in page.inner_text("#case-state")
    opinion = Opinion.objects.get()
    assert [str(r.percent) for r in opinion.ratings.order_by("round")] == ["72.00", "85.00"]

    page.goto("/oversight/ratings/")
    table = page.inner_text("#rating-table")
    assert "72.00%" in table and "85.00%" in table
