"""The leaders' dashboard in Chromium, on the demo: the leader signs in, opens 「领导驾驶舱」, switches to a
township's congress, clicks a figure through to its list and finds the figure's number as the list's count;
the meeting-room screen draws its charts; on a 390 px phone nothing is wider than the screen."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command

from renda.core.models import User
from renda.web import dashboard
from tests.web.test_dashboard import add_intake

DEMO_MOMENT = "2026-11-20 09:30"
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.clock(DEMO_MOMENT)]


def _sign_in(page, username: str = "leader") -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", settings.RENDA["DEMO_PASSWORD"])
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def _list_total(page) -> int:
    """The count a list page shows in its footer (「共 N 条」)."""
    footer = page.locator(".renda-table-footer").first.inner_text()
    found = re.search(r"共\s*([\d,]+)\s*条", footer)
    assert found, footer
    return int(found.group(1).replace(",", ""))


def _click_figure(page, selector: str) -> int:
    link = page.locator(selector).first
    shown = int(link.get_attribute("data-figure"))
    href = link.get_attribute("href")
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(href), (page.url, href)
    return shown


def test_the_leader_drills_from_the_dashboard_to_the_lists(page, phone_page):
    call_command("load_demo", verbosity=0)
    leader = User.objects.get(username="leader")
    county, township, *_others = dashboard.congresses_for(leader)
    _n_county, n_township = add_intake(county, township)  # the demo has no constituents' opinions
    page.set_default_timeout(60000)  # a loaded machine: the live server may be slow to answer
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    _sign_in(page)
    page.goto("/dashboard/")
    assert "领导驾驶舱" in page.inner_text("h1")
    page.locator(f"#suggestions-{county.pk} .renda-dashboard-chart canvas").wait_for()

    # a figure of an app's own list: the suggestions received, then the list's count
    shown = _click_figure(page, f"#suggestions-{county.pk} a.renda-dashboard-figure[data-figure]")
    assert shown > 0 and _list_total(page) == shown

    # switch to a township: the panels follow the selector, the intake figure is that township's list
    page.goto("/dashboard/")
    page.select_option("#dashboard-congress", str(township.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="查看").click()
    assert f"congress={township.pk}" in page.url
    assert township.name in page.inner_text("main")
    panel = f"#liaison-{township.pk}"
    assert page.locator(panel).count() == 1 and page.locator(f"#liaison-{county.pk}").count() == 0
    shown = _click_figure(page, f"{panel} a.renda-dashboard-figure[data-figure]")
    assert shown == n_township
    assert _list_total(page) == shown
    assert township.name in page.inner_text(".renda-subtitle")

    # the overdue tasks of the county: the figure, then the dashboard's list of exactly those tasks
    page.goto(f"/dashboard/?congress={county.pk}&year=2026")
    figure = page.locator(f"#tasks-{county.pk} a.renda-dashboard-figure[data-figure]").last
    shown = int(figure.get_attribute("data-figure"))
    with page.expect_navigation():
        figure.click()
    assert "/dashboard/list/tasks-overdue/" in page.url and _list_total(page) == shown

    # the meeting-room screen: no menus, charts drawn
    page.goto("/dashboard/screen/")
    assert "领导驾驶舱" in page.inner_text("h1")
    assert page.locator(".renda-topbar").count() == 0
    page.locator(".renda-dashboard-chart canvas").first.wait_for()
    assert page.locator(".renda-dashboard-panel").count() >= 8
    assert not problems, problems

    # a 390 px phone: the dashboard, the screen and a drill-down list fit the screen
    phone_page.set_default_timeout(60000)
    _sign_in(phone_page)
    for url in (
        "/dashboard/",
        "/dashboard/screen/",
        f"/dashboard/list/liaison/?congress={township.pk}&year=2026",
    ):
        phone_page.goto(url)
        phone_page.wait_for_load_state("networkidle")
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 391, (url, width)
