"""Issue 3 end to end in Chromium: a suggestion from draft to the portal, as the demo users."""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from openpyxl import load_workbook

from renda.cases.models import Case, Rating, Reply
from renda.deputies.models import Deputy

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "关于改善城关镇第二小学周边交通安全设施的建议"


@pytest.fixture
def demo():
    call_command("load_demo", core_only=True, verbosity=0)


@pytest.fixture
def as_user(playwright_browser, live_server):
    contexts = []

    def open_as(username: str | None):
        context = playwright_browser.new_context(
            base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15000)
        contexts.append(context)
        page = context.new_page()
        if username is None:
            return page
        page.goto("/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", settings.RENDA["DEMO_PASSWORD"])
        page.get_by_role("button", name="登录", exact=True).click()
        page.wait_for_url(re.compile(r"/$"))
        return page

    yield open_as
    for context in contexts:
        context.close()


def read_stats(page) -> dict[str, int]:
    """The statistics page's cards: suggestions received, and the reply and resolution numerators."""
    page.goto("/suggestions/stats/")
    cards = page.locator(".stats-cards .card")
    received = int(cards.nth(0).locator(".fs-4").inner_text())
    replied = int(cards.nth(2).locator(".small").last.inner_text().split("/")[0])
    solved = int(cards.nth(3).locator(".small").last.inner_text().split("/")[0])
    return {"received": received, "replied": replied, "solved": solved}


def rated_count() -> int:
    from renda.deputies.records import ActivityParticipation

    return ActivityParticipation.objects.filter(
        activity__kind="suggestion_rated", mandate__deputy__user__username="deputy"
    ).count()


def button(page, action: str):
    """The button of one step among the case page's actions (only the actions open to the user)."""
    return page.locator(f"#case-actions [data-action='{action}']")


def open_step(page, action: str):
    """Click the step's button: its form arrives in the page (HTMX), nothing else is open."""
    button(page, action).first.click()
    form = page.locator(f"#case-action[data-action='{action}'] form")
    form.wait_for()
    assert page.locator("#case-action").count() == 1
    return form


def submit(page, form=None):
    """Submit the open step's form (or, for a step without a form, confirm its button)."""
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        (form or page.locator("#case-action form")).locator("button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    assert "alert-danger" not in page.content(), page.inner_text("main")[:1500]


def press(page, action: str):
    """A step without a form: its button, confirmed."""
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        button(page, action).first.click()
    page.wait_for_load_state("networkidle")
    assert "alert-danger" not in page.content(), page.inner_text("main")[:1500]


def test_suggestion_from_draft_to_portal(demo, as_user, live_server):
    rated_before = rated_count()
    staff = as_user("staff")
    stats_before = read_stats(staff)
    # A deputy drafts a suggestion: it opens on the engine's case page.
    deputy = as_user("deputy")
    deputy.goto("/suggestions/new/")
    deputy.fill("input[name=title]", TITLE)
    deputy.fill(
        "textarea[name=body]",
        "第二小学门前道路车流量大,上下学时段拥堵严重,缺少人行横道和减速带,建议增设交通信号灯、减速带和护栏,并安排交警在上下学时段值守。",
    )
    deputy.get_by_role("button", name="保存草稿", exact=True).click()
    deputy.wait_for_url(re.compile(r"/cases/\d+/$"))
    pk = int(re.search(r"/cases/(\d+)/", deputy.url).group(1))
    # … sees only the deputy's own steps …
    shown = {
        button.get_attribute("data-action") for button in deputy.locator("#case-actions [data-action]").all()
    }
    assert {"edit", "invite", "submit"} <= shown and not shown & {"assign", "sign", "reply", "review", "rate"}
    # … invites two co-signers.
    names = [Deputy.objects.get(user__username=u).full_name for u in ("deputy2", "deputy3")]
    form = open_step(deputy, "invite")
    options = form.locator("select[name=mandates] option")
    values = [
        options.nth(i).get_attribute("value")
        for i in range(options.count())
        if options.nth(i).inner_text().split("(")[0].strip() in names
    ]
    assert len(values) == 2, names
    form.locator("select[name=mandates]").select_option(values)
    submit(deputy, form)
    # Both confirm.
    for cosigner in ("deputy2", "deputy3"):
        page = as_user(cosigner)
        page.goto("/suggestions/invitations/")
        assert TITLE in page.inner_text("main")
        page.get_by_role("button", name="确认附议").first.click()
        page.wait_for_load_state("networkidle")
    # The deputy submits.
    deputy.goto(f"/cases/{pk}/")
    press(deputy, "submit")
    assert "已提交" in deputy.inner_text("main")

    # Staff accept and assign to a lead unit and a co-handler.
    staff.goto(f"/cases/{pk}/")
    form = open_step(staff, "review")
    form.locator("select[name=outcome]").select_option(label="立案")
    submit(staff, form)
    form = open_step(staff, "assign")
    form.locator("select[name=lead]").select_option(label="县教育局")
    form.locator("select[name=co_handlers]").select_option(label="县交通运输局")
    submit(staff, form)

    # The co-handler signs and sends its opinion: that is all it is offered.
    co = as_user("unitclerk2")
    co.goto(f"/cases/{pk}/")
    press(co, "sign")
    assert button(co, "reply").count() == 0 and button(co, "plan").count() == 0
    form = open_step(co, "opinion")
    form.locator("textarea[name=opinion]").fill(
        "我局同意在校门前增设减速带和人行横道,所需经费列入明年养护计划。"
    )
    submit(co, form)

    # The lead unit signs, records a contact and replies (class B).
    lead = as_user("unitclerk")
    lead.goto(f"/cases/{pk}/")
    press(lead, "sign")
    assert button(lead, "rate").count() == 0 and button(lead, "assign").count() == 0
    form = open_step(lead, "contact")
    form.locator("input[name=unit_person]").fill("赵磊")
    form.locator("input[name=counterpart]").fill("领衔代表")
    form.locator("textarea[name=summary]").fill("到现场与代表查看校门前路段,商定先设减速带,信号灯列入计划。")
    submit(lead, form)

    # The bureau's reply: its clerk drafts it (no direct reply), its head signs it off (签发).
    head = as_user("unitleader")

    def reply(page, klass: str, text: str):
        page.goto(f"/cases/{pk}/")
        assert button(page, "reply").count() == 0
        form = open_step(page, "draft_reply")
        form.locator("select[name=classification]").select_option(klass)
        form.locator("textarea[name=text]").fill(text)
        submit(page, form)
        head.goto(f"/cases/{pk}/")
        assert text in head.inner_text("#case-drafts")
        form = open_step(head, "sign_off")
        submit(head, form)

    reply(lead, "B", "减速带已于本月安装,信号灯已列入明年城区交通改造计划,正在解决。")

    # The deputy rates it dissatisfied …
    deputy.goto(f"/cases/{pk}/")
    form = open_step(deputy, "rate")
    form.locator("input[name=value][value=dissatisfied]").check()
    form.locator("textarea[name=comment]").fill("信号灯没有明确时间。")
    submit(deputy, form)

    # … it is handled again: the co-handler's opinion of the new round first, then the reply.
    co.goto(f"/cases/{pk}/")
    form = open_step(co, "opinion")
    form.locator("textarea[name=opinion]").fill("我局已将信号灯安装纳入本月施工计划。")
    submit(co, form)
    lead.goto(f"/cases/{pk}/")
    if button(lead, "sign").count():
        press(lead, "sign")
    reply(lead, "A", "信号灯已于本月安装并投入使用,上下学时段安排交警值守。")

    # The deputy rates it satisfied.
    deputy.goto(f"/cases/{pk}/")
    form = open_step(deputy, "rate")
    form.locator("input[name=value][value=satisfied]").check()
    submit(deputy, form)
    case = Case.objects.get(title=TITLE)
    # The ratings count once in the deputy's performance record.
    assert rated_count() == rated_before + 1
    assert Rating.objects.filter(reply__case=case, value="dissatisfied").count() == 1
    assert Rating.objects.filter(reply__case=case, value="satisfied").count() == 1
    assert Reply.objects.filter(case=case).count() == 2

    # Staff publish it; an anonymous visitor sees the six items.
    staff.goto(f"/cases/{pk}/")
    if button(staff, "publish").count():
        submit(staff, open_step(staff, "publish"))  # a form: 仍然公开 when the text has listed words
    visitor = as_user(None)
    visitor.goto(f"/suggestions/public/{case.suggestion.pk}/")
    for item in ("pub-deputy", "pub-content", "pub-unit", "pub-supervisor", "pub-plan", "pub-result"):
        assert visitor.locator(f"#{item}").count() == 1, item
    assert TITLE in visitor.inner_text("main")
    assert "县教育局" in visitor.inner_text("#pub-unit")
    assert "信号灯已于本月安装" in visitor.inner_text("#pub-result")

    # The statistics count it: received, replied, and really solved (A after re-handling).
    stats_after = read_stats(staff)
    assert stats_after == {k: v + 1 for k, v in stats_before.items()}, (stats_before, stats_after)

    # The register export counts it.
    staff.goto("/suggestions/")
    with staff.expect_download() as download_info:
        staff.get_by_role("link", name=re.compile("导出")).first.click()
    data = download_info.value.path().read_bytes()
    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert any(TITLE in [str(c) for c in row] for row in rows)
    case.refresh_from_db()
    assert case.is_public
