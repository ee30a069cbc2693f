"""A standing-committee meeting in the browser: staff schedule it with its agenda and members, two
members ask leave (one approved), members sign in from their own phones, and the staff's meeting
page shows the quorum being reached without reloading."""

from __future__ import annotations

import re

import pytest

from renda.meetings.models import LeaveRequest, Meeting
from tests.factories import PASSWORD
from tests.meetings.conftest import w  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, user) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def _phone(playwright_browser, live_server):
    context = playwright_browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15000)
    return context, context.new_page()


def test_meeting_scheduled_leave_sign_in_and_quorum(page, playwright_browser, live_server, w, clock):  # noqa: F811
    clock.set("2026-11-20T10:00:00+08:00")
    _sign_in(page, w.staff)
    page.goto("/meetings/new/")
    page.select_option("select[name=kind]", "standing_committee")
    page.fill("input[name=title]", "县第十八届人大常委会第三十六次会议")
    page.fill("input[name=starts_at]", "2026-11-24T09:00")
    page.fill("input[name=ends_at]", "2026-11-24T08:00")
    page.fill("input[name=place]", "县人大常委会会议中心")
    page.select_option("select[name=chair]", str(w.leader.pk))
    page.get_by_role("button", name="保存").click()
    assert "结束时间不能早于开始时间" in page.inner_text("main")
    page.fill("input[name=ends_at]", "2026-11-24T12:00")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    meeting = Meeting.objects.get(title="县第十八届人大常委会第三十六次会议")

    page.locator("summary", has_text="添加参会人员").click()
    page.get_by_role("button", name="加入全体常委会组成人员").click()
    page.wait_for_selector("[data-member=sc7]")
    page.locator("summary", has_text="添加议程").click()
    page.select_option("#agenda-form select[name=kind]", "report")
    page.fill("#agenda-form input[name=title]", "听取和审议县人民政府关于国有资产管理情况的综合报告")
    page.fill("#agenda-form input[name=presenter]", "县财政局局长")
    page.locator("#agenda-form").get_by_role("button", name="添加").click()
    page.wait_for_selector("text=县财政局局长")
    page.locator("#schedule-button").click()
    page.wait_for_selector("#meeting-state:has-text('已安排')")

    # two members ask leave from their phones
    for user, reason in ((w.sc[5], "赴省参加培训"), (w.sc[6], "家中有急事")):
        context, phone = _phone(playwright_browser, live_server)
        _sign_in(phone, user)
        phone.goto(f"/meetings/{meeting.pk}/")
        phone.fill("#leave-form textarea[name=reason]", reason)
        phone.get_by_role("button", name="提交请假").click()
        phone.wait_for_selector("#my-leave")
        assert "待审批" in phone.inner_text("#my-leave")
        context.close()

    # the chair approves one
    context, leader = _phone(playwright_browser, live_server)
    _sign_in(leader, w.leader)
    assert "待审批的会议请假" in leader.inner_text("main")
    leader.goto(f"/meetings/{meeting.pk}/")
    leader.locator(f"[data-leave={w.sc[5].username}]").get_by_role("button", name="准假", exact=True).click()
    leader.wait_for_selector(f"[data-leave={w.sc[5].username}]:has-text('已准假')")
    context.close()
    assert LeaveRequest.objects.get(meeting=meeting, user=w.sc[5]).state == "approved"
    assert LeaveRequest.objects.get(meeting=meeting, user=w.sc[6]).state == "pending"

    # the meeting day: the staff page stays open while members sign in on their phones
    clock.set("2026-11-24T08:45:00+08:00")
    page.context.clear_cookies()  # four days later the staff's session has long expired
    _sign_in(page, w.staff)
    page.goto(f"/meetings/{meeting.pk}/")
    assert page.get_attribute("#quorum", "data-present") == "0"
    assert "尚未达到法定人数" in page.inner_text("#quorum")
    for user in w.sc[:4]:
        context, phone = _phone(playwright_browser, live_server)
        _sign_in(phone, user)
        phone.goto(f"/meetings/{meeting.pk}/")
        phone.locator("#sign-in-button").click()
        phone.wait_for_selector("#my-status")
        assert "签到" in phone.inner_text("#my-status")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        context.close()
    page.wait_for_selector("#quorum[data-present='4']", timeout=15000)
    assert "已达到法定人数" in page.inner_text("#quorum")
    assert page.get_attribute(f"[data-member={w.sc[5].username}]", "data-status") == "leave"
