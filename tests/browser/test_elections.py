"""The demo by-election's pages at phone width: nothing wider than the screen, no console errors,
and the composition chart drawn on the results page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command

from renda.demo.accounts import ACCOUNTS
from renda.demo.elections import NAME, load_elections_demo
from renda.elections.models import Election
from tests.browser.test_foundation import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = ["", "settings/", "committee/", "constituencies/", "voters/", "voters/import/", "appeals/", "candidates/",
         "ballot/", "results/", "review/"]  # fmt: skip


def test_election_pages_fit_a_phone(phone_page):
    call_command("load_demo", "--core-only", verbosity=0)
    load_elections_demo()
    election = Election.objects.get(name=NAME)
    phone_page.set_default_timeout(60000)  # the shared machine is slow under load
    errors: list[str] = []
    phone_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(phone_page, next(a for a in ACCOUNTS if a.username == "staff"))
    phone_page.goto("/elections/")
    assert NAME in phone_page.inner_text("main")
    for tail in PAGES:
        phone_page.goto(f"/elections/{election.pk}/{tail}")
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 391, (tail, width)
    phone_page.goto(f"/elections/{election.pk}/results/")
    phone_page.wait_for_selector(".elections-chart[data-rendered='1']")
    assert "马玉梅" in phone_page.inner_text("#results-table")
    assert not errors, errors


def _csv(rows):
    return ("姓名,身份证号,选区\n" + "\n".join(",".join(r) for r in rows)).encode("utf-8")


@pytest.mark.clock("2026-11-20 09:30")
def test_a_whole_election_in_the_browser(page, playwright_browser, live_server):
    """Timetable; constituencies and seats with a deviation flagged; the register imported (one
    duplicate and one bad number reported, then a clean file); an appeal decided; candidates
    nominated and the 差额 check passing; two tellers, one constituency voting again (另行选举);
    the elected reviewed, in the deputies register, with the composition chart."""
    from renda.core.models import Congress, Term
    from renda.deputies.identity import check_digit
    from renda.deputies.models import DeputyMandate
    from renda.elections import register as reg
    from renda.elections.models import Election, RegisterImport, Voter

    call_command("load_demo", "--core-only", verbosity=0)
    county = Congress.objects.get(name="示例县人大")
    term = Term.objects.create(congress=county, number=19, start_year=2026, end_year=2031)
    page.set_default_timeout(60000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    # which request failed, when one does (the console says only its status)
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.request.method} {r.url}") if r.status >= 400 else None,
    )
    accounts = {a.username: a for a in ACCOUNTS}
    sign_in(page, accounts["staff"])

    def ident(seq):
        first17 = f"620102{dt.date(1960, 1, 1) + dt.timedelta(days=seq * 37):%Y%m%d}{seq % 1000:03d}"
        return first17 + check_digit(first17)

    # 1. The election and its timetable.
    page.goto("/elections/new/")
    page.fill("input[name=name]", "示例县第十九届人民代表大会代表选举")
    page.select_option("select[name=term]", str(term.pk))
    page.select_option("select[name=kind]", "general")
    page.fill("input[name=election_day]", "2026-12-15")
    page.get_by_role("button", name="创建").click()
    page.wait_for_selector("#timetable")
    table = page.inner_text("#timetable")
    assert "公布选民名单" in table and "2026-11-25" in table and "2026-12-08" in table
    election = Election.objects.get(name="示例县第十九届人民代表大会代表选举")
    base = f"/elections/{election.pk}"

    # 2. Constituencies and seats; the small one's population per seat is flagged.
    for name, population, seats in (("城关镇第一选区", "3000", "1"), ("城关镇第二选区", "6200", "2"),
                                    ("马场乡选区", "1200", "1")):  # fmt: skip
        page.goto(f"{base}/constituencies/")
        page.fill("input[name=name]", name)
        page.select_option("select[name=kind]", "township")
        page.fill("input[name=population]", population)
        page.fill("input[name=seats]", seats)
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_selector(f"#seat-table >> text={name}")
    flagged = page.locator("#seat-table tr.table-warning")
    assert (
        flagged.count() == 1 and "马场乡选区" in flagged.inner_text() and "超出范围" in flagged.inner_text()
    )

    # 3. The register: a file with a duplicate and a bad number is refused with a report.
    people = {"城关镇第一选区": 6, "城关镇第二选区": 6, "马场乡选区": 4}
    rows, seq = [], 0
    for c, n in people.items():
        for _i in range(n):
            seq += 1
            rows.append((f"选民{seq:02d}", ident(seq), c))
    bad = ident(99)[:17] + ("1" if ident(99)[17] != "1" else "2")
    refused = rows + [("重复人", rows[0][1], "马场乡选区"), ("错号人", bad, "马场乡选区")]

    def upload(name, content):
        page.goto(f"{base}/voters/import/")
        page.set_input_files("input[name=file]", {"name": name, "mimeType": "text/csv", "buffer": content})
        page.get_by_role("button", name="上传").click()
        page.get_by_role("button", name="开始导入").click()
        page.wait_for_selector("#import-status")
        status_url = page.url
        page.goto("about:blank")  # the status page polls: no request of the page while the test writes
        reg.run_register_import(RegisterImport.objects.latest("pk").pk)  # what the worker does
        page.goto(status_url)

    upload("名册有误.csv", _csv(refused))
    report = page.inner_text("#import-errors")
    assert "与第 2 行(城关镇第一选区)是同一公民" in report and "身份证号校验位错误" in report
    assert not Voter.objects.filter(election=election).exists()
    upload("名册.csv", _csv(rows))
    assert "已导入 16 名选民" in page.inner_text("main")
    page.goto(f"{base}/")
    page.click("#publish-register")
    page.wait_for_selector("text=选民名单已公布")

    # 4. An appeal: an omitted voter, upheld, registered at once.
    page.goto(f"{base}/appeals/")
    page.select_option(
        "select[name=constituency]", str(election.constituencies.get(name="城关镇第一选区").pk)
    )
    page.fill("input[name=appellant]", "李桂兰")
    page.select_option("select[name=kind]", "omitted")
    page.fill("input[name=subject_name]", "李桂兰")
    page.fill("textarea[name=claim]", "本人户籍在城关镇,年满十八周岁,名单上没有本人。")
    page.get_by_role("button", name="登记", exact=True).click()
    page.wait_for_selector("text=已登记申诉")
    appeal = election.appeals.get()
    page.select_option(f"select[name=a{appeal.pk}-decision]", "upheld")
    page.fill(f"textarea[name=a{appeal.pk}-decision_text]", "经核实,户籍在本选区,予以补登。")
    page.fill(f"input[name=a{appeal.pk}-id_number]", ident(200))
    page.get_by_role("button", name="记录处理决定").click()
    page.wait_for_selector("text=已记录处理决定")
    assert Voter.objects.filter(election=election, full_name="李桂兰", source="appeal").exists()

    # 5. The committee gets a second teller with a login (a deputy, neither staff nor leader).
    page.goto(f"{base}/committee/")
    page.fill("input[name=full_name]", "马建军")
    page.select_option("select[name=post]", "member")
    page.fill("input[name=appointed_on]", "2026-10-10")
    page.fill("input[name=username]", "deputy2")
    page.get_by_role("button", name="增加", exact=True).click()
    page.wait_for_selector("text=可登录办理")

    # 6. Nominations, the preliminary list, the final list within the 差额 range.
    nominees = {
        "城关镇第一选区": [("王秀兰", "female", "cpc", "farmer"), ("赵永福", "male", "masses", "worker")],
        "城关镇第二选区": [("马玉梅", "female", "masses", "technical"), ("李建国", "male", "cpc", "civil_servant"),
                           ("张淑芬", "female", "masses", "farmer")],
        "马场乡选区": [("杨海燕", "female", "masses", "farmer"), ("冶金山", "male", "cpc", "worker")],
    }  # fmt: skip
    for c, items in nominees.items():
        cid = str(election.constituencies.get(name=c).pk)
        for name, gender, party, category in items:
            page.goto(f"{base}/candidates/")
            page.select_option("select[name=constituency]", cid)
            page.fill("input[name=full_name]", name)
            page.select_option("select[name=gender]", gender)
            page.select_option("select[name=party]", party)
            page.select_option("select[name=occupation_category]", category)
            page.select_option("select[name=nominator_kind]", "party")
            page.fill(
                "input[name=nominating_body]",
                "中国共产党示例县委员会" if party == "cpc" else "示例县妇女联合会",
            )
            page.get_by_role("button", name="登记推荐").click()
            page.wait_for_selector("text=已登记推荐")
            page.wait_for_load_state("networkidle")  # one request at a time on the test's SQLite
    page.get_by_role("button", name="公布初步候选人名单").click()
    page.wait_for_selector("text=初步候选人名单已公布")
    assert page.locator("text=差额符合").count() == 3
    page.get_by_role("button", name="公布正式代表候选人名单").click()
    page.wait_for_selector("text=正式代表候选人名单已公布")

    # 7. Two tellers count each constituency; the second one elects one of two at first.
    teller2 = playwright_browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    teller2.set_default_timeout(60000)
    sign_in(teller2, accounts["deputy2"])
    assert teller2.locator("a[href='/elections/']").count() == 1  # in the 代表工作 menu

    def count(constituency, voted, votes):
        page.goto(f"{base}/ballot/")
        card = page.locator(".card", has_text=constituency).first
        card.get_by_role("button", name=re.compile("开始")).click()
        page.wait_for_url(re.compile(r"/rounds/\d+/$"))
        url = page.url
        for p, teller in ((page, "1"), (teller2, "2")):
            if p is teller2:
                p.goto(url)
            p.select_option("select[name=teller]", teller)
            p.fill("input[name=voted]", str(voted))
            p.fill("input[name=ballots_cast]", str(voted))
            for name, n in votes.items():
                p.get_by_label(f"{name}得票").fill(str(n))
            with p.expect_navigation():
                p.get_by_role("button", name="提交").click()
        assert "已确定结果" in teller2.inner_text("main")
        return teller2.inner_text("main")

    count("城关镇第一选区", 7, {"王秀兰": 5, "赵永福": 2})
    first = count("城关镇第二选区", 6, {"马玉梅": 5, "李建国": 3, "张淑芬": 2})
    assert "须另行选举" in first
    further = count("城关镇第二选区", 6, {"李建国": 4, "张淑芬": 2})
    assert "另行选举" in further
    count("马场乡选区", 4, {"杨海燕": 3, "冶金山": 1})
    teller2.context.close()

    # 8. Results published; each elected deputy reviewed into the register; the chart drawn.
    page.goto(f"{base}/results/")
    page.get_by_role("button", name="公布选举结果").click()
    page.wait_for_selector("text=选举结果已公布")
    results = page.inner_text("#results-table")
    for name in ("王秀兰", "马玉梅", "李建国", "杨海燕"):
        assert name in results
    page.wait_for_selector(".elections-chart[data-rendered='1']")
    for _n in range(4):
        page.goto(f"{base}/review/")
        form = page.locator("#review-table form").first
        form.locator("select").select_option("confirmed")
        form.get_by_role("button", name="提交").click()
        page.wait_for_selector("text=的审查结论")
    assert DeputyMandate.objects.filter(term=term).count() == 4
    page.goto(f"/deputies/?congress={county.pk}&q=李建国")
    assert "李建国" in page.inner_text("main")
    page.goto(f"/elections/public/{election.pk}/results/?c={county.pk}")
    assert "当选 4 名" in page.inner_text("main")
    assert not errors, errors
