"""Deputies in a real browser: import the demo roster (two bad rows reported), composition charts,
an activity changes points and the ranking, a suggestion counts through the backfill, the checks
list who falls short, the ranking circular downloads as Word."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from renda.demo.accounts import ACCOUNTS
from renda.demo.roster import demo_roster_bytes

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"


def sign_in(page, username):
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", settings.RENDA["DEMO_PASSWORD"])
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def test_deputies_end_to_end(page, tmp_path):
    call_command("load_demo", core_only=True, verbosity=0)
    assert any(a.username == "staff" for a in ACCOUNTS)
    from renda.core.models import Congress
    from renda.demo.units import COUNTY_CONGRESS
    from renda.deputies.models import DeputyMandate

    county = Congress.objects.get(name=COUNTY_CONGRESS)
    before = DeputyMandate.objects.filter(congress=county).count()
    SHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, "staff")

    # 1. Import the demo roster: two bad rows are reported, nothing imported.
    bad = tmp_path / "代表名册.xlsx"
    bad.write_bytes(demo_roster_bytes(bad_rows=True))
    page.goto(f"/deputies/import/?congress={county.pk}")
    page.set_input_files("input[name=file]", str(bad))
    page.get_by_role("button", name="上传").click()
    # The template's headings are matched to the fields; the user confirms the mapping.
    page.wait_for_selector("#import-mapping")
    assert page.locator("#import-mapping select[name=col_0]").input_value() == "full_name"
    page.screenshot(path=str(SHOTS / "deputies-import-mapping.png"), full_page=True)
    page.get_by_role("button", name="确认对应并检查").click()
    errors = page.inner_text("#import-errors")
    assert "第 9 行" in errors and "校验位" in errors
    assert "第 15 行" in errors and "不存在的代表小组" in errors
    assert DeputyMandate.objects.filter(congress=county).count() == before
    page.screenshot(path=str(SHOTS / "deputies-import-errors.png"), full_page=True)
    # The corrected file passes, is previewed and confirmed.
    good = tmp_path / "代表名册-改正.xlsx"
    good.write_bytes(demo_roster_bytes(bad_rows=False))
    page.goto(f"/deputies/import/?congress={county.pk}")
    page.set_input_files("input[name=file]", str(good))
    page.get_by_role("button", name="上传").click()
    page.wait_for_selector("#pre-mapped")  # the same layout again: the confirmed mapping is reused
    page.get_by_role("button", name="确认对应并检查").click()
    expect(page.locator("#import-preview tbody tr")).to_have_count(20)
    page.get_by_role("button", name=re.compile("确认导入")).click()
    page.wait_for_url(re.compile(r"/deputies/\?congress="))
    assert DeputyMandate.objects.filter(congress=county).count() == before + 20
    # A roster in a congress's own layout (姓名/政党/性别/民族/出生日期/职务/备注): mapped, one
    # column corrected by the user, previewed with what is still missing, confirmed.
    real = Path(__file__).parent.parent / "deputies" / "rosters" / "wiki-national-layout.xlsx"
    page.goto(f"/deputies/import/?congress={county.pk}")
    page.set_input_files("input[name=file]", str(real))
    page.get_by_role("button", name="上传").click()
    page.wait_for_selector("#import-mapping")
    assert page.locator("select[name=col_1]").input_value() == "party"  # 政党
    page.select_option("select[name=col_6]", "")  # 备注: not imported this time
    page.get_by_role("button", name="确认对应并检查").click()
    assert "备注" in page.inner_text("#skipped-columns")
    expect(page.locator("#import-preview tbody tr")).to_have_count(8)
    assert "民进会员" in page.inner_text("#import-preview")
    page.screenshot(path=str(SHOTS / "deputies-import-real-layout.png"), full_page=True)
    page.get_by_role("button", name=re.compile("确认导入")).click()
    page.wait_for_url(re.compile(r"/deputies/\?congress="))
    assert DeputyMandate.objects.filter(congress=county).count() == before + 28
    page.goto(f"/deputies/?congress={county.pk}&incomplete=1")
    assert page.locator("#register .renda-incomplete").count() >= 8

    # 2. Composition charts render.
    page.goto(f"/deputies/composition/?congress={county.pk}")
    page.wait_for_selector(".deputies-chart[data-rendered='1'] canvas")
    assert "R22" in page.inner_text("#composition-rules")
    page.screenshot(path=str(SHOTS / "deputies-composition.png"), full_page=True)

    # 3. Log an activity, sign a deputy in: the points and the ranking change.
    target = DeputyMandate.objects.filter(congress=county, ended_on__isnull=True).order_by("pk").first()
    page.goto(f"/deputies/activities/new/?congress={county.pk}")
    page.select_option("select[name=kind]", "inspection")
    page.fill("input[name=title]", "视察农村饮水安全工程")
    page.fill("input[name=occurred_on]", f"{__import__('datetime').date.today():%Y-%m-%d}")
    page.get_by_role("button", name="保存并签到").click()
    page.wait_for_url(re.compile(r"/deputies/activities/\d+/"))
    page.fill("input[name=q]", target.deputy.full_name)
    page.get_by_role("button", name="查找").click()
    page.check(f"#m{target.pk}")
    page.get_by_role("button", name="签到所选代表").click()
    assert target.deputy.full_name in page.inner_text("#participants")
    page.goto(f"/deputies/ranking/?congress={county.pk}")
    # The target's row shows the inspection's points (other deputies may rank higher from the demo's
    # suggestions, so look for the row rather than the first place).
    row = page.locator("#ranking tbody tr", has_text=target.deputy.full_name).first.inner_text()
    assert target.deputy.full_name in row and 4.0 in [float(c) for c in row.split("\t")[3:] if _number(c)]

    # 4. A suggestion counts through the backfill (the same hook the suggestions app calls).
    from django.utils import timezone

    from renda.cases.choices import PartyRole
    from renda.cases.models import Case, CaseParty
    from renda.core.models import User

    deputy_user = User.objects.get(username="deputy")
    mine = DeputyMandate.objects.get(congress=county, deputy__user=deputy_user)
    page.goto(f"/deputies/{mine.pk}/")
    counted_before = int(page.inner_text("#suggestion-count").split()[0])
    case = Case.objects.create(congress=county, kind="suggestion", year=timezone.localdate().year, serial=9999,
                               number="JY-DEMO-9999", title="关于改善乡村道路的建议", state="submitted",
                               submitted_at=timezone.now(), created_by=deputy_user)  # fmt: skip
    CaseParty.objects.create(case=case, user=deputy_user, role=PartyRole.AUTHOR)
    call_command("deputies_backfill_activities", verbosity=0)
    page.goto(f"/deputies/{mine.pk}/")
    assert int(page.inner_text("#suggestion-count").split()[0]) == counted_before + 1
    assert "提出建议" in page.inner_text("#activities")

    # 5. The checks list who falls short.
    page.goto(f"/deputies/checks/?congress={county.pk}")
    r16 = page.locator("[data-rule=R16]")
    assert "未达标" in r16.inner_text()
    r16.locator("button").click()
    assert page.locator("#c-R16 .shortfall").inner_text().strip()
    page.screenshot(path=str(SHOTS / "deputies-checks.png"), full_page=True)

    # 6. The ranking circular as Word.
    page.goto(f"/deputies/ranking/?congress={county.pk}")
    page.get_by_role("button", name="生成通报").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="下载Word通报").first.click()
    path = info.value.path()
    from docx import Document

    doc = Document(io.BytesIO(Path(path).read_bytes()))
    assert "代表履职积分情况通报" in doc.paragraphs[0].text
    names = [row.cells[1].text for row in doc.tables[0].rows[1:]]
    assert target.deputy.full_name in names and mine.deputy.full_name in names


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
