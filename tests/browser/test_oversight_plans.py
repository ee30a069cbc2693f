"""The supervision plan in the browser: staff draw up the year's plan (a wrong year is refused with a
Chinese message, nothing typed is lost), add a law-enforcement inspection, record its adoption by the
chairpersons' meeting and publish it; the public portal shows it with its progress bar; a member scores
a department's work on their phone, a score outside 0–100 refused."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from renda.oversight import services_plans as svc
from renda.oversight.models.plans import SupervisionPlan
from tests.factories import PASSWORD
from tests.oversight.plans.conftest import w  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, user) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def _step(page, label: str):
    box = page.locator("details", has=page.locator("summary", has_text=label))
    box.locator("summary").click()
    return box.locator("form")


def test_plan_drawn_up_adopted_published_and_scored(page, phone_page, w):  # noqa: F811
    _sign_in(page, w.staff)
    page.goto("/oversight/plans/")
    create = page.locator("form[action$='/plans/new/']")
    create.locator("input[name=year]").fill("1999")
    create.locator("input[name=title]").fill("示例县人大常委会2026年度监督工作计划")
    create.get_by_role("button", name="保存").click()
    assert "年度须在2000到2100之间。" in page.inner_text("main")
    create = page.locator("form[action$='/plans/new/']")
    assert create.locator("input[name=title]").input_value() == "示例县人大常委会2026年度监督工作计划"
    create.locator("input[name=year]").fill("2026")
    create.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/oversight/plans/\d+/$"))
    plan = SupervisionPlan.objects.get()

    form = _step(page, "增加事项")
    form.locator("select[name=instrument]").select_option("inspection")
    form.locator("input[name=title]").fill("检查《中华人民共和国义务教育法》实施情况")
    form.locator("select[name=committee]").select_option(str(w.edu_committee.pk))
    form.get_by_role("button", name="增加事项").click()
    assert "请填写检查的法律法规。" in page.inner_text("main")
    form = page.locator("details[open] form")
    assert form.locator("input[name=title]").input_value() == "检查《中华人民共和国义务教育法》实施情况"
    form.locator("input[name=laws]").fill("中华人民共和国义务教育法")
    form.get_by_role("button", name="增加事项").click()
    page.wait_for_url(re.compile(rf"/oversight/plans/{plan.pk}/$"))
    assert "检查《中华人民共和国义务教育法》实施情况" in page.inner_text("#plan-items")

    form = _step(page, "主任会议通过")
    form.locator("input[name=adopted_on]").fill("2026-02-20")
    form.locator("select[name=meeting]").select_option(str(w.chair_meeting.pk))
    form.get_by_role("button", name="主任会议通过").click()
    page.wait_for_url(re.compile(rf"/oversight/plans/{plan.pk}/$"))
    _step(page, "在门户公开").get_by_role("button", name="在门户公开").click()
    page.wait_for_url(re.compile(rf"/oversight/plans/{plan.pk}/$"))
    assert page.inner_text("#record-state") == "已公开"
    page.wait_for_selector("#plans-progress-chart canvas")  # the app's own ECharts drew the chart

    page.goto(f"/oversight/plans/public/{plan.pk}/?c={w.congress.pk}")
    assert "义务教育法" in page.inner_text("main") and page.inner_text("#public-progress") == "0%"

    ev = svc.evaluation_create(
        actor=w.staff, congress=w.congress, year=2026, kind="department", department=w.education
    )
    svc.evaluation_self_report(actor=w.staff, evaluation=ev, text="县教育局2025年度工作自查报告")
    svc.evaluation_open_scoring(actor=w.staff, evaluation=ev, meeting_on=dt.date(2026, 3, 10))
    _sign_in(phone_page, w.sc[0])
    phone_page.goto("/oversight/evaluations/mine/")
    phone_page.fill("input[name=score]", "120")
    phone_page.get_by_role("button", name="提交测评").click()
    assert "分数须在0到100之间。" in phone_page.inner_text("main")
    phone_page.fill("input[name=score]", "93")
    phone_page.get_by_role("button", name="提交测评").click()
    phone_page.wait_for_selector("text=您已参加本次测评。")
    assert ev.scores.get().score == 93
