"""Electronic voting in the browser, at a standing-committee meeting: a roll-call vote where members
vote from their own devices (separate browser contexts) while the projector page updates without
reloading, the chair closes it and the result is in the minutes; then a secret vote where a voter
checks their receipt code once it is closed."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from docx import Document

from renda.meetings import services as meetings
from renda.meetings.choices import MeetingKind, SignInMethod
from renda.voting import services as voting
from renda.voting.meetings_link import OWNER_CODE
from renda.voting.models import Vote
from tests.factories import PASSWORD
from tests.meetings.conftest import TZ, w  # noqa: F401,F811  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, user) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def _device(playwright_browser, live_server, user):
    context = playwright_browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    _sign_in(page, user)
    return context, page


def _sitting(w):  # noqa: F811
    start = dt.datetime(2026, 11, 24, 9, 0, tzinfo=TZ)
    meeting = meetings.meeting_create(
        actor=w.staff, congress=w.congress, kind=MeetingKind.STANDING_COMMITTEE,
        title="县第十八届人大常委会第三十七次会议", starts_at=start, ends_at=start + dt.timedelta(hours=3),
        place="县人大常委会会议室",
    )  # fmt: skip
    meetings.members_add_standing_committee(actor=w.staff, meeting=meeting)
    roll = meetings.agenda_item_add(actor=w.staff, meeting=meeting, kind="vote",
                                    title="表决县人民政府关于城区道路改造项目的议案")  # fmt: skip
    secret = meetings.agenda_item_add(actor=w.staff, meeting=meeting, kind="vote", title="表决人事任免事项")
    meetings.meeting_schedule(actor=w.staff, meeting=meeting)
    for user in w.sc[:6]:
        meetings.sign_in(actor=w.staff, meeting=meeting, method=SignInMethod.DESK, user=user)
    meetings.meeting_open(actor=w.staff, meeting=meeting)
    return meeting, roll, secret


def test_roll_call_with_projector_and_secret_vote_with_receipt(
    page,
    playwright_browser,
    live_server,
    w,  # noqa: F811
    clock,
):
    clock.set("2026-11-24T09:10:00+08:00")
    meeting, roll_item, secret_item = _sitting(w)
    vote = voting.vote_create(
        actor=w.staff, congress=w.congress, owner_code=OWNER_CODE, owner_id=roll_item.pk,
        title=roll_item.title, method="roll_call", option_set="yes_no_abstain", rule_code="majority_all",
    )  # fmt: skip
    voting.vote_open(actor=w.staff, vote=vote)

    # The projector: opened once by the staff, never reloaded.
    _sign_in(page, w.staff)
    page.goto(f"/voting/{vote.pk}/screen/")
    page.evaluate("window.__notReloaded = true")
    assert page.inner_text(".voting-projector [data-live=voted]") == "0"

    choices = ["yes", "yes", "yes", "yes", "no"]
    for user, choice in zip(w.sc[:5], choices, strict=True):
        context, device = _device(playwright_browser, live_server, user)
        device.goto(f"/voting/{vote.pk}/")
        device.locator(f"#btn-{choice}").click()
        device.wait_for_selector("#voted-note")  # a roll call answers by redirect: "您已投票"
        assert "投票成功" in device.inner_text("main")
        context.close()
        page.wait_for_selector(f".voting-projector [data-member='{user.pk}'].voted")
    page.wait_for_function(
        "document.querySelector('.voting-projector [data-live=voted]').textContent === '5'"
    )
    assert "赞成" not in page.inner_text(".voting-progress")  # no tally on the screen while open

    # The chair closes from the control page; the projector shows the result by itself.
    # (a second tab of the same browser: signing in elsewhere would end the projector's session)
    chair = page.context.new_page()
    chair.goto(f"/voting/{vote.pk}/control/")
    chair.locator("#btn-close").click()
    chair.wait_for_selector("text=表决结果")
    chair.close()
    page.wait_for_selector(".voting-projector [data-live-result]:not([hidden]) [data-live=verdict]")
    verdict = page.inner_text(".voting-projector [data-live-result] [data-live=verdict]")
    assert verdict == "通过"  # four of seven members in favour: more than half of all members
    assert page.evaluate("window.__notReloaded === true")
    assert Vote.objects.get(pk=vote.pk).state == "closed"

    # The result is in the minutes (Word).
    got = page.request.get(f"/meetings/{meeting.pk}/minutes.docx")
    assert got.status == 200, got.status
    text = "\n".join(p.text for p in Document(io.BytesIO(got.body())).paragraphs)
    assert "城区道路改造" in text and "通过" in text and "赞成4" in text.replace(" ", "")

    # A secret vote: the voter gets a receipt code, and checks it after the close.
    secret = voting.vote_create(
        actor=w.staff, congress=w.congress, owner_code=OWNER_CODE, owner_id=secret_item.pk,
        title=secret_item.title, method="secret", option_set="yes_no_abstain", rule_code="majority_all",
    )  # fmt: skip
    voting.vote_open(actor=w.staff, vote=secret)
    context, voter = _device(playwright_browser, live_server, w.sc[0])
    voter.goto(f"/voting/{secret.pk}/")
    voter.locator("#btn-abstain").click()
    voter.wait_for_selector("#receipt-code")
    code = voter.inner_text("#receipt-code").strip()
    assert len(code) >= 6
    for user in w.sc[1:4]:
        other, device = _device(playwright_browser, live_server, user)
        device.goto(f"/voting/{secret.pk}/")
        device.locator("#btn-yes").click()
        device.wait_for_selector("#receipt-code")
        other.close()
    voter.goto(f"/voting/{secret.pk}/")
    assert code not in voter.content()  # the receipt is shown once, never again from the server
    voting.vote_close(actor=w.staff, vote=secret)
    voter.goto(f"/voting/{secret.pk}/receipts/")
    voter.fill("#code", code)
    voter.get_by_role("button", name="核对").click()
    voter.wait_for_selector("#receipt-found")
    assert "弃权" in voter.inner_text("#receipt-found")
    voter.fill("#code", "NOTACODE")
    voter.get_by_role("button", name="核对").click()
    voter.wait_for_selector("#receipt-missing")
    context.close()
