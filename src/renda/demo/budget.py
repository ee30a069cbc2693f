"""The budgets of the demo county (示例县): 2024–2026, four budget types, monthly execution imported by
the congress office's staff month by month (the 15th of the next month), 2026 up to October. Made
through ``renda.budget.services.import_apply``; idempotent (nothing is done when the county already has
budget lines). The story the warnings tell (``renda.budget.warnings``):

- 执行进度滞后 (2026): 县农业农村局's 高标准农田建设 at about 48 % by the end of October;
- 年底突击花钱 (2025): 县住房和城乡建设局 spent 40 % of its year in December;
- 超预算支出 (2026): 县卫生健康局's 基本公共卫生服务项目 above its adjusted budget;
- 三公经费 (2026): 县公安局's 公务用车运行维护费 and 公务接待费 above the same months of 2025;
- 重点项目未支出 (2026): 县交通运输局's 农村公路提质改造工程 with no spending at all (which also puts
  the whole 县交通运输局 behind the time elapsed);
- 转移支付资金闲置 (2026): 县教育局's 义务教育薄弱环节改善补助资金 (a transfer payment) spent 60 % of it
  by July and nothing in August, September and October;
- 预决算未按时公开 (2026): the 2026 budget was approved on 12 January; every department published it
  within 20 days except 县农业农村局, on 10 February (9 days late). 2024 and 2025 on time.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.utils import timezone

from .suggestions import demo_clock
from .units import COUNTY_CONGRESS

# Monthly profile (sums to 12): slow start, December a normal month.
PROFILE = [0.6, 0.8, 1.0, 1.0, 1.0, 1.1, 1.0, 1.0, 1.1, 1.1, 1.1, 1.2]
# (department, type, function, economic, project, key, budget 万元, execution rate per year {year: rate})
LINES = [
    ("县教育局", "general", "20502", "30201", "义务教育学校公用经费", False, 2400, {}),
    ("县教育局", "general", "20502", "30905", "城区第二小学扩建工程", True, 5200, {}),
    ("县卫生健康局", "general", "21004", "30299", "基本公共卫生服务项目", False, 1800, {2026: 1.5}),
    ("县农业农村局", "general", "21301", "30299", "高标准农田建设", False, 3000, {2026: 0.6}),
    ("县交通运输局", "general", "21401", "31005", "农村公路提质改造工程", True, 3500, {2026: 0.0}),
    ("县交通运输局", "general", "21401", "30201", "机关日常运转经费", False, 120, {}),
    ("县公安局", "general", "20402", "30231", "公务用车运行维护费", False, 60, {}),
    ("县公安局", "general", "20402", "30217", "公务接待费", False, 15, {}),
    ("县住房和城乡建设局", "general", "21203", "31005", "城区背街小巷改造", False, 2000, {}),
    ("县民政局", "general", "20810", "30305", "城乡最低生活保障资金", False, 4200, {}),
    ("县财政局", "general", "20106", "30201", "财政事务运行", False, 300, {}),
    ("县人力资源和社会保障局", "social_insurance", "20805", "30108", "机关事业单位基本养老保险基金支出", False, 6000, {}),
    ("县自然资源局", "fund", "21208", "31005", "土地征收及补偿", False, 8000, {}),
    ("县发展和改革局", "state_capital", "223", "312", "县属国有企业资本金注入", False, 500, {}),
    ("县教育局", "general", "20502", "399", "义务教育薄弱环节改善补助资金", False, 800, {}),
]  # fmt: skip
# Transfer payments (上级转移支付) among the lines.
TRANSFERS = {"义务教育薄弱环节改善补助资金"}
# 预决算公开: the people's congress approves the budget in January, the standing committee the final
# accounts of the year before in late July; departments publish within days — one of them late in 2026.
APPROVED = {2024: dt.date(2024, 1, 10), 2025: dt.date(2025, 1, 14), 2026: dt.date(2026, 1, 12)}
FINAL_APPROVED = {2024: dt.date(2025, 7, 29), 2025: dt.date(2026, 7, 30)}
LATE_PUBLISHER = ("县农业农村局", 2026, dt.date(2026, 2, 10))
# 三公经费 of 县公安局, 万元 per month: 2024 above 2025 (no warning in 2025), 2026 above 2025 (a warning).
THREE_PUBLIC = {
    "公务用车运行维护费": {2024: 5.0, 2025: 4.5, 2026: 5.2},
    "公务接待费": {2024: 1.2, 2025: 1.1, 2026: 1.0},
}
SURGE = ("城区背街小巷改造", 2025)
IDLE_TRANSFER = ("义务教育薄弱环节改善补助资金", 2026)
LAST_MONTH = {2024: 12, 2025: 12, 2026: 10}


def _amounts(year: int, project: str, budget_wan: float, rates: dict[int, float]) -> list[Decimal]:
    wan = Decimal(10000)
    if project in THREE_PUBLIC:
        per = Decimal(str(THREE_PUBLIC[project][year]))
        return [(per * wan).quantize(Decimal("0.01"))] * 12
    rate = rates.get(year, 0.93 + 0.02 * (year - 2024))
    if (project, year) == SURGE:
        shares = [0.57 / 11] * 11 + [0.38]
    elif (project, year) == IDLE_TRANSFER:
        shares = [0.65 / 7] * 7 + [0.0] * 5  # spent to July, nothing since
    else:
        shares = [p / 12 * rate for p in PROFILE]
    return [
        (Decimal(str(budget_wan)) * wan * Decimal(str(round(s, 6)))).quantize(Decimal("0.01")) for s in shares
    ]


def load_budget_demo() -> dict[str, int]:
    from renda.budget import services
    from renda.budget.imports import PlannedRow
    from renda.budget.models import BudgetLine, ClassificationCode
    from renda.core.models import Congress, Organization, User

    counts: Counter = Counter({"budget_lines": 0, "budget_imports": 0})
    county = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    staff = User.objects.filter(username="staff").first()
    if county is None or staff is None or BudgetLine.objects.filter(congress=county).exists():
        return dict(counts)
    orgs = {o.name: o for o in Organization.objects.filter(congress=county)}
    from renda.budget.codes import ensure_codes

    ensure_codes()
    codes = {(c.scheme, c.code): c for c in ClassificationCode.objects.all()}
    wan = Decimal(10000)
    with demo_clock() as demo:
        for year in (2024, 2025, 2026):
            growth = Decimal(str(1 + 0.04 * (year - 2024)))
            series = {}
            for dept, _btype, _fcode, _ecode, project, _key, budget, rates in LINES:
                if dept not in orgs:
                    continue
                series[project] = _amounts(year, project, float(budget), rates)
            for month in range(1, LAST_MONTH[year] + 1):
                planned = []
                for n, (dept, btype, fcode, ecode, project, key, budget, _rates) in enumerate(LINES):
                    if dept not in orgs:
                        continue
                    budgeted = (Decimal(budget) * wan * growth).quantize(Decimal("0.01"))
                    if project in THREE_PUBLIC:
                        budgeted = (Decimal(budget) * wan).quantize(Decimal("0.01"))
                    adjusted = None
                    if year == 2026 and month >= 7 and project == "基本公共卫生服务项目":
                        adjusted = (budgeted * Decimal("1.1")).quantize(Decimal("0.01"))
                    planned.append(PlannedRow(
                        row=n + 2, department=orgs[dept], department_as_written=dept, budget_type=btype,
                        function_code=codes[("function", fcode)], economic_code=codes[("economic", ecode)],
                        project=project, is_key_project=key, is_transfer=project in TRANSFERS, budgeted=budgeted, adjusted=adjusted, month=month,
                        executed=series[project][month - 1],
                    ))  # fmt: skip
                report_day = dt.date(year + (month == 12), month % 12 + 1, 15)
                demo.current = timezone.make_aware(dt.datetime.combine(report_day, dt.time(10)))
                services.import_apply(
                    actor=staff, congress=county, year=year, planned=planned,
                    filename=f"{year}年{month}月预算执行情况.xlsx",
                )  # fmt: skip
                counts["budget_imports"] += 1
        _publications(staff, county, orgs, demo)
    counts["budget_lines"] = BudgetLine.objects.filter(congress=county).count()
    return dict(counts)


def _publications(staff: Any, county: Any, orgs: dict[str, Any], demo: Any) -> None:
    """The budgets' and final accounts' approval and publication dates, entered by the staff."""
    from renda.budget.models import Publication
    from renda.budget.publications import publication_save

    demo.current = timezone.make_aware(dt.datetime.combine(dt.date(2026, 11, 16), dt.time(10)))
    depts = sorted({row[0] for row in LINES if row[0] in orgs})
    for kind, approvals in ((Publication.Kind.BUDGET, APPROVED), (Publication.Kind.FINAL, FINAL_APPROVED)):
        for year, approved in approvals.items():
            publication_save(actor=staff, congress=county, year=year, kind=kind, department=None,
                             approved_on=approved, published_on=approved + dt.timedelta(days=9),
                             url=f"https://www.example.gov.cn/czyjs/{year}/{kind}")  # fmt: skip
            for n, dept in enumerate(depts):
                published = approved + dt.timedelta(days=12 + n % 7)
                if (dept, year) == LATE_PUBLISHER[:2] and kind == Publication.Kind.BUDGET:
                    published = LATE_PUBLISHER[2]
                publication_save(actor=staff, congress=county, year=year, kind=kind, department=orgs[dept],
                                 approved_on=None, published_on=published)  # fmt: skip
