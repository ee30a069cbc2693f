"""Legislation end to end in the browser: a project proposed through the portal enters the yearly plan;
a draft with two versions compared article by article; the draft opened for public comment, an anonymous
visitor comments on article 3 and staff answer the comments in aggregate; a reading on a meeting's
agenda and the final vote recorded; the regulation reported for approval and then in force on the portal."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sessions.backends.db import SessionStore

from renda.core.choices import OrganizationKind as K
from renda.core.choices import Role
from renda.core.models import Organization
from renda.deputies.models import Deputy, DeputyMandate
from renda.legislation import services
from renda.legislation.models import Comment, LegislativeProject
from renda.liaison.captcha import SESSION_KEY
from renda.meetings import services as meetings
from renda.voting import services as voting
from renda.voting.models import Vote
from tests.factories import PASSWORD, build_world, make_user
from tests.legislation.conftest import DRAFT, DRAFT2

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.clock("2026-11-24 10:00")]
TZ = ZoneInfo("Asia/Shanghai")


def _captcha(page) -> str:
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    return str(SessionStore(session_key=cookie["value"])[SESSION_KEY]["answer"])


def _sign_in(page, user) -> None:
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def _step(page, summary: str, fields: dict[str, str], selects: dict[str, str] | None = None) -> None:
    box = page.locator("details", has=page.locator("summary", has_text=summary)).first
    box.locator("summary").click()
    for name, value in fields.items():
        box.locator(f"[name={name}]").fill(value)
    for name, value in (selects or {}).items():
        box.locator(f"select[name={name}]").select_option(value)
    with page.expect_navigation():
        box.locator("button[type=submit]").click()
    assert "invalid-feedback" not in page.content(), page.inner_text("main")[:1500]


def _press(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


@pytest.fixture
def county(db):
    world = build_world()
    c = world.county
    legal_org = Organization.objects.create(
        congress=c.congress, name="示例县人大法制委员会", kind=K.COMMITTEE
    )
    env_org = Organization.objects.create(
        congress=c.congress, name="示例县人大城乡建设环境保护工作委员会", kind=K.COMMITTEE
    )
    legal = make_user("fazhi", legal_org, Role.STAFF, "韩法制")
    term = c.congress.terms.get(is_current=True)
    members = []
    for i, name in enumerate(["马国强", "孙丽华", "何建平", "吴海燕", "郑志刚"], start=1):
        user = make_user(f"sc{i}", c.standing_committee, Role.DEPUTY, name)
        deputy = Deputy.objects.create(full_name=name, user=user)
        DeputyMandate.objects.create(deputy=deputy, congress=c.congress, term=term,
                                     is_standing_committee_member=True, started_on=dt.date(2021, 12, 1))  # fmt: skip
        members.append(user)
    plan = services.plan_create(actor=legal, congress=c.congress, kind="yearly",
                                title="示例县人大常委会2027年度立法计划", start_year=2027)  # fmt: skip
    start = dt.datetime(2026, 12, 3, 9, 0, tzinfo=TZ)
    meeting = meetings.meeting_create(
        actor=c.users["staff"], congress=c.congress, kind="standing_committee", title="县第十八届人大常委会第三十六次会议",
        starts_at=start, ends_at=start + dt.timedelta(hours=3), place="县人大常委会会议室",
    )  # fmt: skip
    for m in members:
        meetings.member_add(actor=c.users["staff"], meeting=meeting, user=m)
    meetings.agenda_item_add(
        actor=c.users["staff"], meeting=meeting, kind="appointment", title="审议人事任免事项"
    )
    meetings.meeting_schedule(actor=c.users["staff"], meeting=meeting)
    return {"c": c, "legal": legal, "env": env_org, "plan": plan, "meeting": meeting, "members": members}


def test_legislation_end_to_end(page, county, clock):
    c, legal, meeting = county["c"], county["legal"], county["meeting"]

    # 1. 立法项目征集: an anonymous visitor proposes a regulation through the portal
    page.goto("/portal/")
    page.get_by_role("link", name="立法公开").first.click()
    page.get_by_role("link", name="立法项目征集:我有立法建议").click()
    page.fill("input[name=title]", "示例县农村人居环境治理条例")
    page.fill("textarea[name=reason]", "农村垃圾和污水治理缺少地方性法规依据,建议制定条例。")
    page.fill("input[name=proposer_name]", "城关镇村民王大爷")
    page.fill("input[name=captcha]", _captcha(page))
    with page.expect_navigation():
        page.get_by_role("button", name="提交建议").click()
    assert "已经收到" in page.inner_text("#propose-done")
    project = LegislativeProject.objects.get(title="示例县农村人居环境治理条例")
    assert project.source == "public" and project.state == "proposed"

    # ... and the legal committee's staff take it into the yearly plan
    _sign_in(page, legal)
    page.goto(f"/legislation/projects/{project.pk}/")
    _step(page, "转入立项论证", {"note": "立项必要,条件基本成熟。"})
    assert page.inner_text("#project-state") == "论证中"
    _step(page, "列入立法计划", {"drafting_body": "县农业农村局"},
          {"plan": str(county["plan"].pk), "responsible_committee": str(county["env"].pk), "target_readings": "2"})  # fmt: skip
    assert page.inner_text("#project-state") == "已列入计划"
    page.goto(f"/legislation/plans/{county['plan'].pk}/")
    assert "示例县农村人居环境治理条例" in page.inner_text("main")

    # 2. two versions of the draft, compared article by article
    page.goto(f"/legislation/projects/{project.pk}/")
    _press(page, "启动起草")
    _step(
        page, "提交新的草案版本", {"label": "征求意见稿", "text": DRAFT, "explanation": "起草说明:共五条。"}
    )
    _step(page, "提交新的草案版本", {"label": "一审稿", "text": DRAFT2})
    with page.expect_navigation():
        page.get_by_role("button", name="逐条对照").click()
    assert "修改 2 条,新增 1 条,删除 0 条,未改 4 条" in page.inner_text("#compare-summary")
    assert page.locator("table.legislation-compare ins", has_text="和民族特点").count() == 1

    # 3. public comment: open the first version for comment
    page.goto(f"/legislation/projects/{project.pk}/")
    box = page.locator("details", has=page.locator("summary", has_text="公开征求意见")).first
    box.locator("summary").click()
    box.locator("select[name=version]").select_option(label="1. 征求意见稿")
    box.locator("[name=opens_on]").fill("2026-11-24")
    box.locator("[name=closes_on]").fill("2026-11-30")
    with page.expect_navigation():
        box.locator("button[type=submit]").click()
    period = project.comment_periods.get()

    visitor = page.context.browser.new_context(base_url=page.url.split("/legislation")[0], locale="zh-CN")
    anon = visitor.new_page()
    anon.goto("/legislation/public/")
    anon.get_by_role("link", name=re.compile("示例县农村人居环境治理条例")).click()
    anon.locator("#art-3").get_by_role("link", name="对本条提意见").click()
    assert anon.locator("select[name=article]").input_value() == "3"
    anon.fill("textarea[name=body]", "建议第三条写明县农业农村部门的牵头职责。")
    cookie = next(x for x in visitor.cookies() if x["name"] == "sessionid")
    anon.fill("input[name=captcha]", str(SessionStore(session_key=cookie["value"])[SESSION_KEY]["answer"]))
    with anon.expect_navigation():
        anon.get_by_role("button", name="提交意见").click()
    assert "您的意见已提交" in anon.inner_text("#comment-done")
    comment = Comment.objects.get()
    assert comment.article_number == 3 and comment.source == "public"

    # staff screen and adopt it, then answer in aggregate once the period is over
    page.goto(f"/legislation/periods/{period.pk}/")
    assert "第三条(1)" in page.inner_text("#group-3")
    with page.expect_navigation():
        page.locator(f"#c{comment.pk}").get_by_role("button", name="有效").click()
    page.locator(f"#adopt-{comment.pk}").select_option("adopted")
    with page.expect_navigation():
        page.locator(f"#c{comment.pk}").get_by_role("button", name="记录").click()
    clock.set(dt.datetime(2026, 12, 1, 9, 0, tzinfo=TZ))
    _sign_in(page, legal)
    page.goto(f"/legislation/periods/{period.pk}/")
    page.fill(
        "textarea[name=answer]", "感谢社会各界提出的宝贵意见。关于第三条的意见已经采纳,写明了牵头部门。"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="答复并公布").click()
    anon.goto(f"/legislation/public/drafts/{period.pk}/")
    assert "共收到意见 1 条,有效意见 1 条;采纳 1 条" in anon.inner_text("#public-stats")
    assert "关于第三条的意见已经采纳" in anon.inner_text("#public-answer")

    # 4. a reading on the meeting's agenda, the unified deliberation report and the final vote
    page.goto(f"/legislation/projects/{project.pk}/")
    _press(page, "提请常委会审议")
    _step(page, "列入常委会会议议程", {}, {"meeting": str(meeting.pk), "ordinal": "1"})
    page.goto(f"/meetings/{meeting.pk}/")
    assert "审议《示例县农村人居环境治理条例(一审稿)》(一审)" in page.inner_text("main")
    page.get_by_role("link", name="阅读草案并提出审议意见").click()
    page.fill(
        "#unified textarea[name=text]", "法制委员会统一审议认为,草案已经比较成熟,建议提请本次会议表决。"
    )
    with page.expect_navigation():
        page.locator("#unified").get_by_role("button", name="保存报告").click()
    with page.expect_navigation():
        page.locator("#votes").get_by_role("button", name="付表决").click()
    clock.set(dt.datetime(2026, 12, 3, 8, 45, tzinfo=TZ))
    vote = Vote.objects.get(owner_code="legislative_draft")
    for m in county["members"]:
        meetings.sign_in(actor=c.users["staff"], meeting=meeting, method="desk", user=m)
    vote = voting.vote_open(actor=legal, vote=vote)
    for m in county["members"][:4]:
        voting.vote_cast(actor=m, vote=vote, choices=["yes"], idempotency_key=secrets.token_urlsafe(16))
    voting.vote_close(actor=legal, vote=vote)
    _sign_in(page, legal)
    page.goto(f"/legislation/projects/{project.pk}/")
    assert page.inner_text("#project-state") == "已通过"
    assert "全文表决:通过" in page.inner_text("#readings")

    # 5. reported for approval, approved, filed and in force on the portal
    _step(page, "报请批准", {"report_document": "示人常〔2026〕31号"})
    assert "示人常〔2026〕31号" in page.inner_text("#approval")
    _step(page, "记录批准", {"approved_on": "2026-12-03", "approval_document": "示省人常〔2026〕8号"})
    assert page.inner_text("#project-state") == "已批准"
    _step(page, "记录备案", {"filed_on": "2026-12-03", "filing_document": "示人常〔2026〕40号"})
    _step(page, "公布施行", {"promulgated_on": "2026-12-03", "effective_on": "2027-01-01"})
    assert page.inner_text("#project-state") == "施行中"
    anon.goto("/legislation/public/")
    anon.locator("#in-force").get_by_role("link", name="示例县农村人居环境治理条例").click()
    assert "现行有效" in anon.inner_text("#regulation-state")
    assert "结合本县实际和民族特点" in anon.inner_text("main")
    assert "报请示例省" not in anon.inner_text("main")
    visitor.close()
