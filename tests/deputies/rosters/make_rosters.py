"""Write the roster fixtures of this folder (see SOURCES.md): four layouts as congresses publish and
keep their rosters. The people are invented; the layouts, the way values are written and the mix
of rows follow the published lists. Run ``python tests/deputies/rosters/make_rosters.py`` to rebuild;
the tests read the committed .xlsx files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
EXCEL_EPOCH = dt.date(1899, 12, 30)


def check_digit(first17: str) -> str:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


def id_number(born: str, seq: int, female: bool) -> str:
    first = f"620721{born}{seq:02d}{2 if female else 1}"
    return first + check_digit(first)


def save(wb: Workbook, name: str) -> None:
    wb.save(HERE / name)


def wiki_layout() -> None:
    """姓名 / 政党 / 性别 / 民族 / 出生日期 / 职务 / 备注 — the columns of the published national
    list, as county congresses also keep them; dates as 1963年11月, parties abbreviated."""
    wb = Workbook()
    ws = wb.active
    ws.title = "代表名单"
    ws.append(["姓名", "政党", "性别", "民族", "出生日期", "职务", "备注"])
    rows = [
        ["王　芳", "中共", "女", "汉族", "1963年11月", "乙县人民医院党委书记\n院长", "连任"],
        ["李建军", "民进", "男", "汉族", "1971年3月", "乙县第一中学副校长", ""],
        ["马秀兰", "中共", "女", "回族", "1980年7月", "丙镇马家村党支部书记、村委会主任", "连任"],
        ["赵　刚", "九三学社", "男", "汉族", "1968年12月", "乙县农业技术推广中心高级农艺师", ""],
        ["安丽娜", "无", "女", "裕固族", "1992年5月", "乙县红湾牧业合作社理事长", "新当选"],
        ["陈志远", "致公党", "男", "汉族", "", "乙县陇原建材有限公司总经理", ""],
        ["刘文斌", "中共党员", "男", "汉族", "1975年10月", "乙县人民政府县长", "连任"],
        ["孙海燕", "民盟", "女", "汉族", "1983年2月", "乙县律师协会会长", ""],
    ]
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=2):
        row[5].alignment = Alignment(wrap_text=True)
    save(wb, "wiki-national-layout.xlsx")


def county_announcement() -> None:
    """A county's 当选代表名单 as announced: a title row, then 序号 / 选区 / 姓名 / 性别 / 民族 /
    出生年月 / 党派 / 文化程度 / 工作单位及职务, birth months written 1963.11 or 1975-03, some typed
    as Excel dates, one left empty."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["乙县第十八届人民代表大会代表名单"])
    ws.merge_cells("A1:I1")
    ws["A1"].font = Font(bold=True, size=16)
    ws.append(["(按选区排列)"])
    ws.append(["序号", "选区", "姓  名", "性别", "民族", "出生年月", "党派", "文化程度", "工作单位及职务"])
    rows = [
        [1, "城关镇第一选区", "张国庆", "男", "汉", "1963.11", "中共党员", "大学", "乙县城关镇党委书记"],
        [
            2,
            "城关镇第二选区",
            "周晓梅",
            "女",
            "汉",
            "1975-03",
            "群众",
            "大专",
            "乙县城关镇东街社区居委会主任",
        ],
        [
            3,
            "丙镇第一选区",
            "韩永福",
            "男",
            "藏",
            dt.date(1969, 8, 15),
            "中共党员",
            "初中",
            "丙镇韩家庄村村民",
        ],
        [4, "丙镇第二选区", "何　静", "女", "汉", "1986/4", "民盟", "硕士研究生", "乙县第二中学教师"],
        [5, "戊镇第一选区", "郭占山", "男", "汉", "", "农工党", "本科", "乙县中医医院副院长"],
        [6, "戊镇第二选区", "林雪", "女", "汉", "1990年9月", "台盟", "大学本科", "乙县文化馆馆员"],
        [
            7,
            "戊镇第三选区",
            "冯德贵",
            "男",
            "东乡",
            "1972.06",
            "中共预备党员",
            "高中",
            "乙县德贵养殖专业合作社社长",
        ],
    ]
    for r in rows:
        ws.append(r)
        if isinstance(r[5], dt.date):
            ws.cell(row=ws.max_row, column=6).number_format = "yyyy年m月"
    save(wb, "county-announcement.xlsx")


def annotated_names() -> None:
    """Names annotated in brackets as in published lists (“陈军(女,高山族)”), 出生年月 with the age
    in brackets, parties by their full names, a 选举单位 column."""
    wb = Workbook()
    ws = wb.active
    ws.title = "代表"
    ws.append(["选举单位", "姓名", "出生年月（年龄）", "政治面貌", "单位职务", "备注"])
    rows = [
        ["城关镇", "李明（女，回族）", "1963年11月（62岁）", "中国共产党", "乙县妇联主席", "连任"],
        ["城关镇", "张　伟", "1978年1月（47岁）", "中国国民党革命委员会", "乙县民革支部主委", ""],
        [
            "丙镇",
            "马建国（回族）",
            "1970年6月（55岁）",
            "中国民主建国会",
            "乙县清真食品有限公司董事长",
            "非连任",
        ],
        ["丙镇", "卓玛（女，藏族）", "1988年3月（37岁）", "无党派人士", "丙镇卫生院护士长", ""],
        ["戊镇", "钱立新", "1966年9月（59岁）", "中国民主促进会", "乙县教育局副局长", "连任代表"],
        [
            "戊镇",
            "阿依古丽·买买提（女，维吾尔族）",
            "1985年12月（39岁）",
            "中国农工民主党",
            "乙县人民医院主治医师",
            "",
        ],
        ["戊镇", "吴振华", "1974年4月（51岁）", "中国致公党", "乙县侨联副主席", ""],
        ["丙镇", "胡玉兰（女）", "1981年8月（44岁）", "台湾民主自治同盟", "乙县台办干部", ""],
        ["城关镇", "邓宏", "1969年2月（56岁）", "九三学社", "乙县气象局高级工程师", ""],
        ["城关镇", "高桂芬（女）", "1962年10月（63岁）", "群众", "城关镇西关村村民", "连任"],
    ]
    for r in rows:
        ws.append(r)
    save(wb, "annotated-names.xlsx")


def township_register() -> None:
    """A congress office's own register (登记表) with identity numbers: 工作单位 and 职务 in two
    columns, birth dates as Excel serial numbers, 是否连任 and 代表构成, and columns our register
    has no field for (籍贯, 入党时间)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "代表登记表"
    ws.append(["序号", "姓名", "性别", "民族", "出生日期", "籍贯", "政治面貌", "入党时间", "学历", "工作单位", "职务",
               "代表构成", "是否连任", "身份证号码", "联系电话"])  # fmt: skip
    people = [
        ("杨春生", False, "汉族", dt.date(1965, 4, 12), "甘肃乙县", "中共党员", "1988.07", "中专", "丙镇杨家湾村", "党支部书记", "农民", "是"),
        ("白玉梅", True, "汉族", dt.date(1979, 11, 3), "甘肃丁县", "群众", "", "大专", "乙县纺织厂", "挡车工", "工人", "否"),
        ("罗　斌", False, "土族", dt.date(1983, 6, 28), "青海互助", "民进", "", "本科", "乙县第三小学", "教师", "专业技术人员", "否"),
        ("石建华", False, "汉族", dt.date(1971, 1, 9), "甘肃乙县", "中共党员", "1995.06", "研究生", "丙镇人民政府", "镇长", "党政领导干部", "是"),
    ]  # fmt: skip
    for i, (name, female, eth, born, origin, party, joined, edu, unit, post, cat, re) in enumerate(
        people, start=1
    ):
        serial = (born - EXCEL_EPOCH).days
        ws.append([i, name, "女" if female else "男", eth, serial, origin, party, joined, edu, unit, post, cat, re,
                   id_number(born.strftime("%Y%m%d"), 10 + i, female), f"1389370{i:04d}"])  # fmt: skip
    save(wb, "township-register.xlsx")


if __name__ == "__main__":
    wiki_layout()
    county_announcement()
    annotated_names()
    township_register()
