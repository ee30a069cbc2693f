"""The livelihood-project ballot in the browser: staff set it up from the programme page and open it,
deputies vote on their phones (each chooses up to 3 of 5), staff close it; the winners appear on the
portal's public page with their progress bars, on a phone, fitting the screen."""

from __future__ import annotations

import re

import pytest

from renda.cases.services import assignment_sign, progress_report
from renda.livelihood.models import CandidateProject
from tests.factories import PASSWORD
from tests.livelihood.conftest import TITLES, cast_all, make_programme, to_voting, w  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, user) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def test_ballot_selects_winners_shown_on_the_portal_with_progress(
    page,
    playwright_browser,
    live_server,
    w,  # noqa: F811
    clock,
):
    clock.set("2026-01-15T10:00:00+08:00")
    page.set_default_timeout(60000)  # the shared machine is slow under load
    p, projects = make_programme(w)
    p = to_voting(w, p, projects)
    a, b, c, d = TITLES[:4]

    # Staff: the programme page sets up the ballot and the control page opens it.
    _sign_in(page, w.staff)
    page.goto(f"/livelihood/{p.pk}/")
    assert "代表大会票决" in page.inner_text("#stages")
    page.click("#create-ballot")
    page.wait_for_url(re.compile(r"/voting/\d+/control/"))
    page.click("#btn-open")
    page.wait_for_selector("#btn-close")
    p.refresh_from_db()

    # Two deputies vote on their phones: at most three projects each.
    context = playwright_browser.new_context(base_url=live_server.url, locale="zh-CN",
                                             viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)  # fmt: skip
    context.set_default_timeout(60000)
    phone = context.new_page()
    for deputy in w.deputies[:2]:
        _sign_in(phone, deputy)
        phone.goto(f"/voting/{p.ballot_id}/")
        for title in (a, b, c):
            phone.get_by_label(title).check()
        phone.click("#btn-cast")
        phone.wait_for_load_state()
        assert "已投票" in phone.inner_text("main") or "回执" in phone.inner_text("main")
        context.clear_cookies()
    # The other seven through the service.
    cast_all(p.ballot, {u: [a, b, d] if i < 4 else [a, c] for i, u in enumerate(w.deputies[2:])})

    page.reload()
    page.click("#btn-close")
    page.wait_for_selector("#btn-close", state="detached")
    p.refresh_from_db()
    assert p.stage == "implementing"
    winners = set(
        CandidateProject.objects.filter(programme=p, state="implementing").values_list("title", flat=True)
    )
    assert winners == {a, b, c}  # a 9, b 6, c 5 of 9; d 4 (not more than half)

    # The unit reports progress on the first project.
    first = CandidateProject.objects.get(programme=p, title=a)
    assignment = first.case.assignments.get()
    assignment_sign(actor=w.clerk, assignment=assignment)
    progress_report(actor=w.clerk, assignment=assignment, text="完成施工招标,施工单位进场", percent_done=40)

    # The portal on a phone: the stage, the vote result, the winners with their progress.
    phone.goto("/portal/")
    phone.get_by_role("button", name="展开栏目").click()
    phone.get_by_role("link", name="民生实事").click()
    phone.wait_for_selector("#chosen")
    cards = phone.locator(".livelihood-card")
    assert cards.count() == 3
    card = phone.locator(f".livelihood-card[data-project='{a}']")
    assert card.locator("progress").get_attribute("value") == "40"
    assert "完成施工招标" in card.inner_text()
    assert d in phone.inner_text("#vote-result") and "未通过" in phone.inner_text("#vote-result")
    assert "监督实施" in phone.inner_text("#stages")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 391, width
    context.close()
