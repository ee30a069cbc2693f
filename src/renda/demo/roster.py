"""A demo roster file (代表名册.xlsx) for trying the deputies import: 20 new county deputies of a
re-elected-and-new mix, two of them with mistakes the import reports (a wrong check digit and an
unknown deputy group). Deterministic."""

from __future__ import annotations

import io

from openpyxl import Workbook


def demo_roster_bytes(*, bad_rows: bool = True, start: int = 0) -> bytes:
    from renda.deputies.identity import check_digit
    from renda.deputies.roster import COLUMNS

    from .units import TOWNSHIPS

    wb = Workbook()
    ws = wb.active
    ws.title = "代表名册"
    ws.append([c.header for c in COLUMNS])
    surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许"
    cats = ["农民(牧民)", "工人", "专业技术人员", "党政领导干部", "企业负责人"]
    for i in range(20):
        n = start + i
        female = i % 3 == 0
        first = (
            f"620721{1970 + i % 25}{(i % 12) + 1:02d}{(i % 27) + 1:02d}{80 + n % 20:02d}{2 if female else 1}"
        )
        number = first + check_digit(first)
        township = TOWNSHIPS[i % len(TOWNSHIPS)][0]
        values = {
            "full_name": f"{surnames[i]}示{'芳' if female else '强'}{n}",
            "id_number": number,
            "gender": "女" if female else "男",
            "ethnicity": "裕固族" if i % 5 == 0 else "汉族",
            "party": "中共党员" if i % 2 else "群众",
            "education": "大学本科",
            "occupation": "示例单位",
            "constituency": f"{township}第{i % 4 + 1}选区",
            "group": f"{township}代表小组",
            "occupation_category": cats[i % len(cats)],
            "is_reelected": "是" if i % 4 == 0 else "否",
            "started_on": "2021-01-12",
        }
        if bad_rows and i == 7:
            values["id_number"] = number[:-1] + ("0" if number[-1] != "0" else "1")
        if bad_rows and i == 13:
            values["group"] = "不存在的代表小组"
        ws.append([values.get(c.key, "") for c in COLUMNS])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
