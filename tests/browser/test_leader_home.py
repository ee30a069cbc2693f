"""The leader's home in Chromium: the figures and their ECharts chart, served by the app, under the CSP."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)


def test_leader_home_draws_the_figures_chart(page):
    call_command("load_demo", core_only=True, verbosity=0)
    page.set_default_timeout(60000)  # a loaded machine: the live server may be slow to answer
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto("/login/")
    page.fill("input[name=username]", "leader")
    page.fill("input[name=password]", settings.RENDA["DEMO_PASSWORD"])
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))
    board = page.locator("#leader-figures")
    assert "实际办结率" in board.inner_text()
    assert "年度活动不足" in board.inner_text()
    chart = page.locator(".renda-figures-chart").first
    chart.locator("canvas").wait_for()
    box = chart.bounding_box()
    assert box and box["height"] >= 200
    # each figure is a link to its list
    page.get_by_role("link", name=re.compile("收到建议")).first.click()
    page.wait_for_url(re.compile(r"/suggestions/\?.*stat=received"))
    assert not problems, problems
