"""The portal in a real browser: an anonymous visitor reads news, finds a deputy, reads a published
suggestion with its six items and downloads the open data CSV; staff publish an article through the editor."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command

from renda.cases.calendar import seed_national_calendar
from renda.core.choices import Role
from renda.core.models import Membership, User
from renda.demo.accounts import ACCOUNTS
from renda.portal import selectors, services
from renda.suggestions import services as sugg
from tests.portal.helpers import suggestion_through_services

from .test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portal_demo():
    call_command("load_demo", verbosity=0)
    seed_national_calendar()
    staff = User.objects.get(username="staff")
    leader = User.objects.get(username="leader")
    congress = Membership.objects.filter(user=staff, role=Role.STAFF).first().organization.congress
    clerk = User.objects.get(username="unitclerk")
    unit = Membership.objects.filter(user=clerk, role=Role.UNIT_CLERK).first().organization
    deputy = User.objects.get(username="deputy")
    sugg.suggestion_config_ensure(congress=congress)
    s = suggestion_through_services(
        congress=congress,
        deputy=deputy,
        staff=staff,
        clerk=clerk,
        unit=unit,
        title="关于城关小学门前增设护学岗的建议",
    )
    a = services.article_create(
        actor=staff,
        congress=congress,
        channel="news",
        title="县人大常委会开展代表进站活动",
        body="<p>代表进站听取群众意见。</p>",
    )
    services.article_submit(actor=staff, article=a)
    services.article_publish(actor=leader, article=a)
    prefix = "/portal/" if selectors.default_congress() == congress else f"/portal/c/{congress.pk}/"
    return {
        "congress": congress,
        "suggestion": s,
        "deputy_name": s.lead_mandate.deputy.full_name,
        "prefix": prefix,
    }


def test_visitor_reads_finds_and_downloads(page, phone_page, portal_demo, tmp_path):
    prefix = portal_demo["prefix"]
    page.goto(prefix)
    assert portal_demo["congress"].name in page.inner_text("header")
    page.get_by_role("link", name="县人大常委会开展代表进站活动").click()
    page.wait_for_url(re.compile(r"/articles/\d+/$"))
    assert "代表进站听取群众意见" in page.inner_text("main")

    page.get_by_role("navigation", name="网站栏目").get_by_role("link", name="人大代表").click()
    page.fill("#q", portal_demo["deputy_name"])
    page.get_by_role("button", name="查找").click()
    page.get_by_role("link", name=portal_demo["deputy_name"], exact=True).first.click()
    page.wait_for_url(re.compile(r"/deputies/\d+/$"))
    assert "关于城关小学门前增设护学岗的建议" in page.inner_text("main")

    page.get_by_role("navigation", name="网站栏目").get_by_role("link", name="建议公开").click()
    page.get_by_role("link", name="关于城关小学门前增设护学岗的建议").click()
    main = page.inner_text("main")
    for label in [
        "提出建议的代表",
        "建议内容",
        "主办单位及负责人",
        "督办机关及负责人",
        "办理方案",
        "办理结果",
    ]:
        assert label in main
    assert portal_demo["deputy_name"] in main and "已办理" in main

    page.get_by_role("navigation", name="网站栏目").get_by_role("link", name="开放数据").click()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("下载 公开的代表建议.*CSV")).click()
    path = tmp_path / "suggestions.csv"
    info.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert text.startswith("编号,建议编号") and "关于城关小学门前增设护学岗的建议" in text

    # on a phone: the menu collapses behind a toggle and the six items stack
    phone_page.goto(prefix + "suggestions/")
    phone_page.get_by_role("button", name="展开栏目").click()
    phone_menu = phone_page.get_by_role("navigation", name="网站栏目")
    phone_menu.get_by_role("link", name="开放数据").wait_for(state="visible")
    phone_page.get_by_role("link", name="关于城关小学门前增设护学岗的建议").click()
    assert "督办机关及负责人" in phone_page.inner_text("main")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, width


def test_staff_publish_an_article(page, portal_demo):
    account = next(a for a in ACCOUNTS if a.username == "staff")
    sign_in(page, account)
    page.goto("/portal/editor/new/")
    page.select_option("#id_channel", "notice")
    page.fill("#id_title", "关于召开县人大常委会第二十次会议的通知")
    page.fill("#id_body", "<p>定于下周召开。</p><script>alert(1)</script>")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r"/portal/editor/\d+/$"))
    page.get_by_role("button", name="送审").click()
    assert page.get_by_test_id("article-state").inner_text() == "待审核"
    url = page.url
    page.goto("/logout/")
    leader = next(a for a in ACCOUNTS if a.username == "leader")
    sign_in(page, leader)
    page.goto(url)
    page.get_by_role("button", name="审核通过并发布").click()
    assert page.get_by_test_id("article-state").inner_text() == "已发布"
    page.goto("/logout/")
    page.goto(portal_demo["prefix"] + "channel/notice/")
    page.get_by_role("link", name="关于召开县人大常委会第二十次会议的通知").click()
    assert "定于下周召开" in page.inner_text("main")
    assert settings.RENDA["DEMO_PASSWORD"]
