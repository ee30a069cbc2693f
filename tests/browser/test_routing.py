"""Issue 17 in Chromium: staff assign a suggestion with the proposed unit and see why; the hot-topics chart."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from renda.cases.models import Assignment, Case
from renda.core import clock
from renda.core.models import Congress, Organization, User
from renda.suggestions import services as suggestions

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "关于东门街增设路灯的建议"
PAST = [
    ("关于人民路路灯维修的建议", "人民路多处路灯不亮,夜间照明不足,群众出行不便,建议尽快维修路灯。"),
    ("关于城南小区周边道路照明的建议", "城南小区周边道路没有路灯,照明缺失,建议增设路灯。"),
    ("关于滨河路亮化工程的建议", "滨河路夜间照明差,路灯老化,建议实施亮化改造,更换路灯。"),
]


@pytest.fixture
def world():
    call_command("load_demo", core_only=True, verbosity=0)
    staff = User.objects.get(username="staff")
    deputy = User.objects.get(username="deputy")
    unit = Organization.objects.get(name="县住房和城乡建设局")
    congress = Congress.objects.get(pk=unit.congress_id)
    year = clock.today().year
    for i, (title, body) in enumerate(PAST, start=1):  # the congress's past assignments
        case = Case.objects.create(
            congress=congress, kind="suggestion", year=year - 1, serial=900 + i, number=f"{year - 1}-9{i:02d}",
            title=title, body=body, state="closed", created_by=staff,
        )  # fmt: skip
        Assignment.objects.create(
            case=case, organization=unit, role="lead", deadline=dt.date(year, 3, 1), assigned_at=clock.now()
        )
    s = suggestions.suggestion_draft_create(
        actor=deputy, congress=congress, title=TITLE,
        body="东门街一段长约800米的道路没有路灯,夜间一片漆黑,照明缺失,群众夜间出行存在安全隐患,建议增设路灯。",
    )  # fmt: skip
    suggestions.suggestion_submit(actor=deputy, suggestion=s)
    suggestions.suggestion_review(actor=staff, suggestion=s, outcome="accept")
    return {"case": s.case, "unit": unit, "congress": congress, "year": year}


def _login(playwright_browser, live_server, username):
    context = playwright_browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(60000)  # the shared machine is slow under load
    page = context.new_page()
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", settings.RENDA["DEMO_PASSWORD"])
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))
    return context, page


def test_staff_assign_with_the_proposed_unit_and_see_why_and_the_topics_chart(
    world, playwright_browser, live_server
):
    case, unit = world["case"], world["unit"]
    context, page = _login(playwright_browser, live_server, "staff")
    try:
        page.goto(f"/cases/{case.pk}/")
        page.locator("#case-actions [data-action='assign']").first.click()
        form = page.locator("#case-action[data-action='assign'] form")
        form.wait_for()
        proposal = form.locator("[data-routing-proposal]")
        first = proposal.locator("li").first
        assert unit.name in first.inner_text()
        assert "依据" in first.inner_text() and "路灯" in first.inner_text()
        # the proposal is pre-selected: staff submit it as it is
        assert form.locator("select[name=lead]").input_value() == str(unit.pk)
        page.once("dialog", lambda dialog: dialog.accept())
        with page.expect_navigation():
            form.locator("button[type=submit]").first.click()
        page.wait_for_load_state("networkidle")
        assert "alert-danger" not in page.content()
        assert Assignment.objects.filter(case=case, organization=unit, role="lead").exists()

        page.goto(f"/analytics/topics/?congress={world['congress'].pk}&year={world['year']}")
        chart = page.locator("#topics-chart[data-rendered='1'] canvas")
        chart.first.wait_for()
        assert "路灯" in page.locator("#topics-table").inner_text()
        # the page's own content fits the screen (the top bar is the shell's)
        assert page.evaluate(
            "[...document.querySelectorAll('main *')].every(e => e.getBoundingClientRect().right <= innerWidth)"
        )
    finally:
        context.close()
