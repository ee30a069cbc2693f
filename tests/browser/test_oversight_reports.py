"""The statutory reporting calendar and major matters in the browser: staff generate the calendar, the
half-yearly debt report shows as late and its reminder reaches the finance bureau, which uploads it
(a mislabelled file first); the government's list of major matters is commented and agreed, one matter
decided by a recorded vote, its decision published and read by the public."""

from __future__ import annotations

import datetime as dt
import io
import re
import secrets
from zoneinfo import ZoneInfo

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
TZ = ZoneInfo("Asia/Shanghai")


def sign_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def _pdf(path) -> str:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer)
    c.drawString(72, 720, "Debt report 2026 H1")
    c.save()
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_calendar_late_debt_report_and_a_decided_matter(page, clock, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    clock.set("2026-11-20 10:00")
    from renda.core.choices import OrganizationKind as K
    from renda.core.choices import Role
    from renda.core.models import Organization
    from renda.deputies.models import Deputy, DeputyMandate
    from renda.oversight import services_reports as svc
    from renda.oversight.models import MajorMatter, StatutoryReport
    from tests.factories import build_world, make_user

    world = build_world()
    county = world.county
    staff, leader = county.users["staff"], county.users["leader"]
    finance = Organization.objects.create(
        congress=county.congress, name="示例县财政局", kind=K.GOVERNMENT_DEPARTMENT, parent=county.government
    )
    finance_clerk = make_user("finclerk", finance, Role.UNIT_CLERK, "财政局经办人")
    gov_clerk = make_user("govclerk", county.government, Role.UNIT_CLERK, "政府办经办人")
    term = county.congress.terms.get(is_current=True)
    members = []
    for i, name in enumerate(["马国强", "孙丽华", "何建平"], start=1):
        user = make_user(f"sc{i}", county.standing_committee, Role.DEPUTY, name)
        deputy = Deputy.objects.create(full_name=name, user=user)
        DeputyMandate.objects.create(deputy=deputy, congress=county.congress, term=term,
                                     is_standing_committee_member=True, started_on=dt.date(2021, 12, 1))  # fmt: skip
        members.append(user)

    # Staff set up the obligations from the seeds and generate the year's calendar.
    sign_in(page, staff)
    page.goto("/oversight/reports/obligations/")
    page.get_by_role("button", name="按示范清单生成").click()
    page.wait_for_selector("text=政府债务管理情况书面报告")
    page.goto("/oversight/reports/")
    page.get_by_role("button", name="生成2026年报告日历").click()
    row = page.locator("#calendar-table tr", has_text="2026年上半年政府债务管理情况书面报告")
    row.wait_for()
    assert "逾期未报" in row.inner_text() and "逾期112天" in row.inner_text()
    assert page.inner_text("#calendar-counts [data-status=late]").strip() != "0"

    # The daily job raises the reminder: the finance bureau sees it on its home page.
    svc.run_report_reminders()
    sign_in(page, finance_clerk)
    assert "逾期未报送的法定报告" in page.inner_text("main")
    debt = StatutoryReport.objects.get(obligation__title="政府债务管理情况书面报告", half=1)
    page.goto(f"/oversight/reports/{debt.pk}/")
    bad = tmp_path / "债务报告.pdf"
    bad.write_text("这只是文字,不是PDF")
    page.set_input_files("#form-receive input[type=file]", str(bad))
    page.locator("#form-receive").get_by_role("button", name="报送").click()
    page.wait_for_selector("text=无法读取文件,它已损坏或不是真正的PDF文件。")
    page.set_input_files("#form-receive input[type=file]", _pdf(tmp_path / "2026年上半年债务报告.pdf"))
    page.locator("#form-receive").get_by_role("button", name="报送").click()
    page.wait_for_selector("text=报告已报送。")
    assert page.inner_text("#report-status") == "逾期报送"
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("2026年上半年债务报告")).click()
    assert download.value.suggested_filename == "2026年上半年债务报告.pdf"

    # The government drafts next year's list of major matters and submits it.
    sign_in(page, gov_clerk)
    page.goto("/oversight/matters/lists/")
    page.fill("input[name=year]", "2027")
    page.get_by_role("button", name="新建清单").click()
    page.wait_for_selector("#form-add")
    page.fill("#form-add input[name=title]", "示例县城区集中供热改造工程")
    page.select_option("#form-add select[name=category]", "livelihood")
    page.fill("#form-add textarea[name=description]", "对城区老旧供热管网实施改造。")
    page.locator("#form-add").get_by_role("button", name="添加").click()
    page.wait_for_selector("text=已添加事项。")
    page.get_by_role("button", name="报送常委会征求意见").click()
    page.wait_for_selector("text=清单已报送常委会。")
    list_url = page.url

    # The committee comments and agrees the list.
    sign_in(page, leader)
    page.goto(list_url)
    page.fill("#form-comment textarea[name=comments]", "建议补充资金来源和工期安排。")
    page.locator("#form-comment").get_by_role("button", name="提出意见").click()
    page.wait_for_selector("text=已提出意见。")
    page.get_by_role("button", name="确定,列入年度工作要点").click()
    page.wait_for_selector("text=清单已确定,事项已列入年度工作要点。")
    assert "已确定" in page.inner_text("#list-state")

    # The government reports the matter; staff put it on a meeting; the members vote.
    matter = MajorMatter.objects.get(title="示例县城区集中供热改造工程")
    sign_in(page, gov_clerk)
    page.goto(f"/oversight/matters/{matter.pk}/")
    page.fill("#form-report textarea[name=summary]", "县政府常务会议研究后报告了实施方案。")
    page.locator("#form-report").get_by_role("button", name="保存").click()
    page.wait_for_selector("text=已记录决策前报告。")

    from renda.meetings import services as meetings
    from renda.meetings.choices import MemberRole
    from renda.voting import services as voting

    start = dt.datetime(2026, 11, 26, 9, tzinfo=TZ)
    meeting = meetings.meeting_create(actor=staff, congress=county.congress, kind="standing_committee",
                                      title="县第十八届人大常委会第三十六次会议", starts_at=start,
                                      ends_at=start + dt.timedelta(hours=3), place="县人大常委会会议室")  # fmt: skip
    for user in members:
        meetings.member_add(actor=staff, meeting=meeting, user=user, role=MemberRole.MEMBER, capacity="委员")
    sign_in(page, staff)
    page.goto(f"/oversight/matters/{matter.pk}/")
    page.select_option("#form-schedule select[name=meeting]", str(meeting.pk))
    page.locator("#form-schedule").get_by_role("button", name="列入议程").click()
    page.wait_for_selector("text=已提请会议讨论决定。")
    meetings.meeting_schedule(actor=staff, meeting=meeting)
    clock.set("2026-11-26 09:00")
    meetings.meeting_open(actor=staff, meeting=meeting)
    for user in members:
        meetings.sign_in(actor=user, meeting=meeting, method="self")
    vote = voting.vote_create(actor=staff, congress=county.congress, owner_code="major_matter", owner_id=matter.pk,
                              title="关于示例县城区集中供热改造工程的决定(草案)", method="roll_call",
                              option_set="yes_no_abstain", rule_code="majority_all")  # fmt: skip
    voting.vote_open(actor=staff, vote=vote)
    for user, choice in zip(members, ["yes", "yes", "abstain"], strict=True):
        voting.vote_cast(actor=user, vote=vote, choices=[choice], idempotency_key=secrets.token_hex(16))
    voting.vote_close(actor=staff, vote=vote)

    # The matter shows the recorded vote and its decision; staff publish the decision.
    sign_in(page, staff)
    page.goto(f"/oversight/matters/{matter.pk}/")
    assert page.inner_text("#matter-state") == "已作出决议决定"
    assert "赞成2票,反对0票,弃权1票,通过" in page.inner_text("#matter-vote")
    page.get_by_role("link", name=re.compile("示例县人大常委会决定〔2026〕1号")).click()
    page.get_by_role("button", name="在门户网站公开").click()
    page.wait_for_selector("text=已更新公开状态。")

    # The public reads it on the portal.
    page.context.clear_cookies()
    page.goto(f"/oversight/resolutions/public/?c={county.congress.pk}")
    page.get_by_role("link", name=re.compile("关于示例县城区集中供热改造工程的决定")).click()
    assert "赞成2票" in page.inner_text("main")
