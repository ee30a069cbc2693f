"""Rosters laid out as congresses publish and keep them (tests/deputies/rosters/, see SOURCES.md)
go through the import pages: upload → column mapping → preview → confirm; a second upload of the
same layout is pre-mapped; what a roster lacks leaves the deputy 信息不完整, and the register, the
deputy's page, the composition statistics and the checks treat that correctly."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from renda.compliance.registry import PeriodRange, evaluate_rule, load_rule_modules
from renda.deputies.choices import PoliticalAffiliation as P
from renda.deputies.models import Deputy, DeputyMandate
from renda.deputies.selectors import composition
from renda.documents.models import ImportMapping

from .import_flow import map_columns, mapping_page, proposed, upload, upload_and_check

ROSTERS = Path(__file__).parent / "rosters"
pytestmark = pytest.mark.clock("2025-06-02")


def fixture(name: str) -> io.BytesIO:
    buf = io.BytesIO((ROSTERS / name).read_bytes())
    buf.name = name
    return buf


def imported(w, **kw) -> DeputyMandate:
    return DeputyMandate.objects.select_related("deputy").get(congress=w.county, term=w.county_term, **kw)


def confirm(client) -> None:
    r = client.post("/deputies/import/confirm/")
    assert r.status_code == 302, r.content.decode()[:3000]


def test_national_list_layout_imports_with_abbreviated_parties_and_month_dates(world, client):
    """姓名 / 政党 / 性别 / 民族 / 出生日期 / 职务 / 备注: refused whole before (身份证号, 职业构成 and
    当选日期 were required headings)."""
    w = world
    client.force_login(w.staff)
    before = DeputyMandate.objects.filter(congress=w.county).count()
    r = upload(client, w.county, fixture("wiki-national-layout.xlsx"))
    assert r.status_code == 302
    assert proposed(client) == {
        "姓名": "full_name", "政党": "party", "性别": "gender", "民族": "ethnicity",
        "出生日期": "birth_date", "职务": "occupation", "备注": "remarks",
    }  # fmt: skip
    r = map_columns(client)
    body = r.content.decode()
    assert "检查通过" in body, body
    assert "其中 8 名代表信息不完整" in body
    confirm(client)
    assert DeputyMandate.objects.filter(congress=w.county).count() == before + 8
    wang = imported(w, deputy__full_name="王芳")  # the full-width space is gone
    assert wang.deputy.birth_date == dt.date(1963, 11, 1) and wang.deputy.birth_day_unknown
    assert wang.deputy.party == P.CPC and wang.deputy.gender == "female"
    assert wang.deputy.occupation == "乙县人民医院党委书记、院长"  # the two lines joined
    assert wang.is_reelected and wang.remarks == "连任"
    assert wang.started_on is None and wang.occupation_category == ""
    assert imported(w, deputy__full_name="安丽娜").is_reelected is False  # 新当选
    parties = dict(
        Deputy.objects.filter(mandates__congress=w.county, mandates__term=w.county_term).values_list(
            "full_name", "party"
        )
    )
    assert parties["李建军"] == P.CAPD and parties["赵刚"] == P.JIUSAN and parties["安丽娜"] == P.MASSES
    assert parties["陈志远"] == P.CZGP and parties["孙海燕"] == P.CDL
    # The export keeps every column in its place: 备注 and what is still to be filled in.
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client.get(f"/deputies/export/?congress={w.county.pk}").content)).active
    headers = [c.value for c in sheet[2]]
    row = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[0] == "王芳")
    assert row[headers.index("备注")] == "连任" and row[headers.index("出生日期")] == "1963-11"
    assert row[headers.index("待补录")] == "身份证号、职业构成、当选日期"
    chen = imported(w, deputy__full_name="陈志远")
    assert chen.deputy.birth_date is None
    assert set(chen.missing_info) == {"身份证号", "出生日期", "职业构成", "当选日期"}


def test_county_announcement_with_title_rows_and_unimported_serial_column(world, client):
    w = world
    client.force_login(w.staff)
    upload(client, w.county, fixture("county-announcement.xlsx"))
    body, _selected, _labels = mapping_page(client)
    assert "表头在第 3 行" in body  # the title rows above the table are passed over
    assert proposed(client)["序号"] == ""  # shown, and not imported unless the user says so
    r = map_columns(client)
    body = r.content.decode()
    assert "检查通过" in body, body
    assert "未导入的列:</strong>序号" in body
    confirm(client)
    zhang = imported(w, deputy__full_name="张国庆")
    assert (zhang.deputy.birth_date, zhang.deputy.birth_day_unknown) == (dt.date(1963, 11, 1), True)
    assert zhang.deputy.ethnicity == "汉族" and zhang.deputy.education == "bachelor"  # “汉”, “大学”
    assert zhang.constituency == "城关镇第一选区"
    han = imported(w, deputy__full_name="韩永福").deputy
    assert (han.birth_date, han.birth_day_unknown, han.ethnicity) == (dt.date(1969, 8, 15), False, "藏族")
    assert imported(w, deputy__full_name="何静").deputy.birth_date == dt.date(1986, 4, 1)
    assert imported(w, deputy__full_name="郭占山").deputy.party == P.CPWDP
    assert imported(w, deputy__full_name="林雪").deputy.party == P.TDSL
    feng = imported(w, deputy__full_name="冯德贵").deputy
    assert feng.party == P.CPC_PROBATIONARY and feng.ethnicity == "东乡族"


def test_annotated_names_fill_gender_and_ethnicity_and_full_party_names(world, client):
    w = world
    client.force_login(w.staff)
    r = upload_and_check(client, w.county, fixture("annotated-names.xlsx"))
    assert "检查通过" in r.content.decode(), r.content.decode()
    confirm(client)
    li = imported(w, deputy__full_name="李明").deputy
    assert (li.gender, li.ethnicity, li.party) == ("female", "回族", P.CPC)
    assert li.birth_date == dt.date(1963, 11, 1)  # “1963年11月（62岁）”
    ma = imported(w, deputy__full_name="马建国")
    assert (ma.deputy.gender, ma.deputy.ethnicity, ma.deputy.party) == ("", "回族", P.CNDCA)
    assert ma.is_reelected is False  # “非连任”
    assert "性别" in ma.missing_info
    assert imported(w, deputy__full_name="钱立新").is_reelected  # “连任代表”
    assert imported(w, deputy__full_name="张伟").deputy.party == P.RCCK
    aygul = imported(w, deputy__full_name="阿依古丽·买买提").deputy
    assert (aygul.ethnicity, aygul.party) == ("维吾尔族", P.CPWDP)
    by_party = dict(Deputy.objects.filter(mandates__term=w.county_term).values_list("full_name", "party"))
    assert by_party["卓玛"] == P.NON_PARTY and by_party["吴振华"] == P.CZGP
    assert by_party["胡玉兰"] == P.TDSL and by_party["邓宏"] == P.JIUSAN and by_party["高桂芬"] == P.MASSES
    assert by_party["钱立新"] == P.CAPD


def test_office_register_with_id_numbers_serial_dates_and_extra_columns(world, client):
    w = world
    client.force_login(w.staff)
    upload(client, w.county, fixture("township-register.xlsx"))
    p = proposed(client)
    assert p["工作单位"] == p["职务"] == "occupation" and p["身份证号码"] == "id_number"
    body, _s, _l = mapping_page(client)
    assert "620721196504121117" not in body and "6207**********1117" in body  # samples masked
    assert p["籍贯"] == p["入党时间"] == ""
    # Keep 籍贯 as a remark instead of dropping it.
    r = map_columns(client, {"籍贯": "remarks"})
    body = r.content.decode()
    assert "检查通过" in body, body
    assert "未导入的列:</strong>序号、入党时间" in body
    assert "其中 4 名代表信息不完整" in body  # only 当选日期 is missing
    confirm(client)
    yang = imported(w, deputy__full_name="杨春生")
    assert yang.deputy.birth_date == dt.date(1965, 4, 12)  # from the Excel serial number
    assert yang.deputy.occupation == "丙镇杨家湾村党支部书记"
    assert yang.occupation_category == "farmer" and yang.is_grassroots and yang.is_reelected
    assert yang.remarks == "籍贯：甘肃乙县"
    assert yang.missing_info == ["当选日期"]
    luo = imported(w, deputy__full_name="罗斌").deputy
    assert (luo.party, luo.ethnicity, luo.education) == (P.CAPD, "土族", "bachelor")
    assert imported(w, deputy__full_name="石建华").deputy.education == "master"  # “研究生”


def test_second_upload_of_the_same_layout_is_pre_mapped(world, client):
    w = world
    client.force_login(w.staff)
    upload(client, w.county, fixture("township-register.xlsx"))
    body, _s, _l = mapping_page(client)
    assert 'id="suggested"' in body and 'id="pre-mapped"' not in body
    # The user corrects the proposal: 入党时间 kept as a remark, 联系电话 not imported.
    map_columns(client, {"入党时间": "remarks", "联系电话": ""})
    saved = ImportMapping.objects.get(congress=w.county, kind="deputy_roster")
    assert saved.mapping["入党时间"] == "remarks" and saved.mapping["联系电话"] == ""
    client.post("/deputies/import/cancel/")
    # The same layout again (another file): the page shows the user's mapping, not the guess.
    upload(client, w.county, fixture("township-register.xlsx"))
    body, _s, _l = mapping_page(client)
    assert 'id="pre-mapped"' in body
    p = proposed(client)
    assert p["入党时间"] == "remarks" and p["联系电话"] == "" and p["姓名"] == "full_name"
    # Another congress's staff get no benefit from it (mappings are per congress).
    assert not ImportMapping.objects.filter(congress=w.sibling).exists()


def test_mapping_form_refuses_a_field_twice_and_a_missing_name(world, client):
    w = world
    client.force_login(w.staff)
    upload(client, w.county, fixture("wiki-national-layout.xlsx"))
    r = map_columns(client, {"政党": "gender"})
    body = r.content.decode()
    assert "“政党”和“性别”两列都对应“性别”" in body
    r = map_columns(client, {"姓名": ""})
    assert "必须有一列对应“姓名”" in r.content.decode()
    assert not DeputyMandate.objects.filter(congress=w.county, deputy__full_name="王芳").exists()
    # Confirming without a confirmed mapping is refused.
    r = client.post("/deputies/import/confirm/")
    assert r.status_code == 302 and r["Location"].endswith("/deputies/import/mapping/")


def test_unknown_party_and_bad_dates_are_reported_where_the_user_looks(world, client):
    w = world
    client.force_login(w.staff)
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "党派", "出生年月", "性别"])
    ws.append(["甲一", "民主党", "1963年13月", "男"])
    ws.append(["乙二", "民进", "1970.5", "男（女）"])
    ws.append(["丙三（女）", "", "", "男"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "bad.xlsx"
    body = upload_and_check(client, w.county, buf).content.decode()
    assert "检查未通过" in body
    assert "无法识别的政治面貌“民主党”" in body and "民进会员" in body
    assert "无法识别的日期“1963年13月”" in body
    assert "应填“男”或“女”" in body
    assert "与姓名后括号中注明的性别不一致" in body
    assert DeputyMandate.objects.filter(congress=w.county, term=w.county_term).count() == 2  # the fixture's


def test_incomplete_deputies_on_the_register_their_page_statistics_and_checks(world, client):
    w = world
    client.force_login(w.staff)
    upload_and_check(client, w.county, fixture("annotated-names.xlsx"))
    confirm(client)
    r = client.get(f"/deputies/?congress={w.county.pk}&incomplete=1")
    body = r.content.decode()
    assert "李明" in body and "renda-incomplete" in body
    complete = client.get(f"/deputies/?congress={w.county.pk}&incomplete=0").content.decode()
    assert "李明" not in complete
    ma = imported(w, deputy__full_name="马建国")
    page = client.get(f"/deputies/{ma.pk}/").content.decode()
    assert 'id="missing-info"' in page and "身份证号、性别、职业构成、当选日期" in page
    assert "1970年6月" in page  # a month, not an invented day
    # Composition: unknown gender and category are neither women nor farmers, and are reported.
    data = composition(w.county, w.county_term)
    assert data["unknown_gender"] == 5 and data["unknown_category"] == 10
    assert (
        data["women"]
        == DeputyMandate.objects.active()
        .filter(congress=w.county, term=w.county_term, deputy__gender="female")
        .count()
    )
    assert data["minority"] == 4  # 回族 ×2, 藏族, 维吾尔族; nobody unknown counted as a minority
    page = client.get(f"/deputies/composition/?congress={w.county.pk}").content.decode()
    assert 'id="composition-incomplete"' in page and "性别未填写 5 人" in page
    # Checks: a mandate without an election date is in office over the term (R28: every deputy
    # reports to voters — the new deputies fall short, they are not left out).
    load_rule_modules()
    result = evaluate_rule("R28", w.county, PeriodRange.for_term(w.county_term)).result
    assert any("李明" in line for line in result.shortfall), result
    r14 = evaluate_rule("R14", w.county, PeriodRange.for_term(w.county_term)).result
    assert r14.status != "error"
