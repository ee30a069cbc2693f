"""The generic Excel-in pieces: dates as people write them, cleaning cells, headings matched to
fields by name and synonyms, remembered mappings."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from renda.documents import mapping as colmap
from renda.documents.values import one_line, parse_date, split_brackets, squeeze

D = dt.date


@pytest.mark.parametrize(
    ("text", "date", "day_known"),
    [
        ("1963年11月", D(1963, 11, 1), False),
        ("1963年11月7日", D(1963, 11, 7), True),
        ("1963.11", D(1963, 11, 1), False),
        ("1963-11", D(1963, 11, 1), False),
        ("1963/11/7", D(1963, 11, 7), True),
        ("1963.11.07", D(1963, 11, 7), True),
        ("1963-11-07", D(1963, 11, 7), True),  # an Excel date cell, as cell_text gives it
        ("1963-11-07 08:30:00", D(1963, 11, 7), True),
        ("23322", D(1963, 11, 7), True),  # an Excel serial number
        ("23322.0", D(1963, 11, 7), True),
        ("1963年11月（62岁）", D(1963, 11, 1), False),
        ("1963.11(62)", D(1963, 11, 1), False),
        ("１９６３年１１月", D(1963, 11, 1), False),  # full-width digits
        (" 1963 年 11 月 ", D(1963, 11, 1), False),
        ("19631107", D(1963, 11, 7), True),
        ("196311", D(1963, 11, 1), False),
    ],
)
def test_parse_date_understands_chinese_forms(text, date, day_known):
    assert parse_date(text) == colmap_parsed(date, day_known)


def colmap_parsed(date, day_known):
    from renda.documents.values import ParsedDate

    return ParsedDate(date, day_known)


@pytest.mark.parametrize("text", ["", "  ", "1963年13月", "1963-02-30", "1963", "不详", "62岁", "1800年1月"])
def test_parse_date_refuses_what_is_no_date(text):
    assert parse_date(text) is None


def test_cell_cleaning():
    assert squeeze("王　芳 ") == "王芳"
    assert one_line("县委常委\n县委宣传部部长\r\n") == "县委常委、县委宣传部部长"
    assert split_brackets("李明（女，回族）") == ("李明", ["女", "回族"])
    assert split_brackets("陈军(女,高山族)") == ("陈军", ["女", "高山族"])


FIELDS = [
    colmap.Field("name", "姓名", required=True),
    colmap.Field("birth", "出生日期", synonyms=("出生年月", "生日")),
    colmap.Field("party", "政治面貌", synonyms=("党派", "政党")),
    colmap.Field("post", "工作单位及职务", synonyms=("职务", "单位职务", "工作单位"), multiple=True),
    colmap.Field("note", "备注", multiple=True, joiner="；", labelled=True),
]


def test_suggest_by_name_synonym_and_containment():
    headings = ["序号", "姓 名", "出生年月（年龄）", "党派", "现工作单位及职务", "籍贯"]
    assert colmap.suggest(headings, FIELDS) == ["", "name", "birth", "party", "post", ""]
    # A field is proposed for one column only, unless it takes several.
    assert colmap.suggest(["姓名", "姓名", "工作单位", "职务"], FIELDS) == ["name", "", "post", "post"]


def test_remembered_choices_win_over_the_guess():
    headings = ["姓名", "党派", "籍贯"]
    remembered = {"党派": "", "籍贯": "note"}
    assert colmap.suggest(headings, FIELDS, remembered=remembered) == ["name", "", "note"]


def test_check_mapping_messages():
    assert colmap.check_mapping(["name", "party"], ["姓名", "党派"], FIELDS) == []
    problems = colmap.check_mapping(["party", "party"], ["党派", "政党"], FIELDS)
    assert "“党派”和“政党”两列都对应“政治面貌”,一个字段只能对应一列。" in problems
    assert "必须有一列对应“姓名”。" in problems


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_read_sheet_passes_title_rows_and_keeps_unheaded_values():
    data = _xlsx([["某县第十八届人民代表大会代表名单"], [], ["姓名", "党派", None, "职务"],
                  ["张三", "民进", "x", "教师", "多出的一格"]])  # fmt: skip
    sheet = colmap.read_sheet(data, FIELDS)
    assert sheet.header_row == 3
    assert sheet.headings == ["姓名", "党派", "第3列", "职务", "第5列"]
    table, skipped = colmap.apply_mapping(sheet, colmap.suggest(sheet.headings, FIELDS), FIELDS)
    assert table.rows[0].values["post"] == "教师" and table.rows[0].number == 4
    assert skipped == ["第3列", "第5列"]  # nothing vanishes without a word


def test_labelled_multiple_field_joins_with_headings():
    sheet = colmap.RawSheet(headings=["姓名", "备注", "籍贯"], rows=[(2, ["张三", "连任", "甘肃"])])
    table, _ = colmap.apply_mapping(sheet, ["name", "note", "note"], FIELDS)
    assert table.rows[0].values["note"] == "连任；籍贯：甘肃"


def test_layout_signature_ignores_spaces_only():
    assert colmap.layout_signature(["姓  名", "党派"]) == colmap.layout_signature(["姓名", "党派 "])
    assert colmap.layout_signature(["姓名", "党派"]) != colmap.layout_signature(["党派", "姓名"])


def test_remembered_layout_keeps_repeated_headings_apart(db):
    """Two columns both headed 职务 (the party post and the government post): the layout's own
    column list is remembered, not one choice per heading text."""
    from renda.core.choices import CongressLevel
    from renda.core.models import Congress, User

    congress = Congress.objects.create(name="乙县人大", region_name="乙县", level=CongressLevel.COUNTY)
    user = User.objects.create_user(username="clerk", password="Renda@2026test", full_name="clerk")
    headings = ["姓名", "职务", "职务"]
    colmap.remember(actor=user, congress=congress, kind="t", headings=headings, mapping=["name", "post", ""])
    remembered = colmap.remembered_for(congress, "t", headings)
    assert colmap.suggest(headings, FIELDS, remembered=remembered) == ["name", "post", ""]
    # Another layout with some of these headings takes the per-heading choices.
    assert colmap.remembered_for(congress, "t", ["姓名", "籍贯"]) == {"姓名": "name"}
    assert colmap.remembered_for(congress, "other-kind", headings) is None
