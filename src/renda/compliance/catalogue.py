"""The catalogue of every rule the seeds set (``shared/rules.md``, R01–R42).

The check lists every rule of the catalogue, registered or not: a rule no module checks yet is shown as
"暂无数据" with the module that will collect its data, never as met. A registered rule's own title and
period (from ``@rule``) win over the catalogue's.
"""

from __future__ import annotations

from dataclasses import dataclass

from .registry import Period

MODULE_LABELS: dict[str, str] = {
    "meetings": "会议",
    "oversight": "监督工作",
    "deputies": "代表工作",
    "elections": "选举",
    "suggestions": "代表建议",
    "livelihood": "民生实事",
    "legislation": "立法",
    "tasks": "重大事项与任务",
    "organisations": "机构设置",
    "compliance": "机构设置",
    "liaison": "联络站",
    "oversight.opinions": "审议意见",
    "oversight.plans": "监督计划与评议",
    "oversight.reports": "法定报告与重大事项",
    "oversight.filings": "备案审查与人事任免",
    "budget": "预算监督",
}

# Where a module's records are listed (the click-through when a rule gives no link of its own).
MODULE_URLS: dict[str, str] = {
    "meetings": "meetings:list",
    "deputies": "deputies:register",
    "suggestions": "suggestions:list",
    "elections": "elections:list",
    "liaison": "liaison:station_list",
    "oversight": "oversight:opinion_list",
    "oversight.opinions": "oversight:opinion_list",
    "oversight.plans": "oversight:plan_list",
    "oversight.reports": "oversight:report_calendar",
    "oversight.filings": "oversight:filing_list",
    "livelihood": "livelihood:programme_list",
    "legislation": "legislation:home",
    "tasks": "tasks:list",
}


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    period: Period
    source: str
    module: str  # the module that collects (or will collect) the data


def _e(rid: str, title: str, period: Period, source: str, module: str) -> Entry:
    return Entry(rid, title, period, source, module)


Y, H, T, E = Period.YEAR, Period.HALF_YEAR, Period.TERM, Period.EACH
CATALOGUE: dict[str, Entry] = {
    e.id: e
    for e in [
        _e("R01", "县委每届至少召开一次人大工作会议", T, "000 §二.1", "meetings"),
        _e("R02", "县委每年听取一次人大常委会党组工作汇报", Y, "000 §二.1", "meetings"),
        _e("R03", "政府每年报告依法行政工作情况", Y, "000 §三.1", "oversight"),
        _e("R04", "政府每年报告国有资产管理情况", Y, "000 §三.3", "oversight"),
        _e("R05", "财政部门每半年书面报告政府债务情况", H, "000 §三.3", "oversight"),
        _e("R06", "政府每年报告审计查出问题整改情况", Y, "000 §三.3", "oversight"),
        _e("R07", "政府每年报告环境状况和环境保护目标完成情况", Y, "000 §三.3", "oversight"),
        _e("R08", "法院、检察院每年各作一次专项工作报告", Y, "000 §三.3", "oversight"),
        _e("R09", "每年至少开展一次执法检查", Y, "000 §三.3", "oversight"),
        _e("R10", "政府年底提交下一年度重大事项目录", Y, "000 §三.4", "tasks"),
        _e("R11", "有关机关在规定时间内报告审议意见研究处理情况", E, "000 §三.6", "oversight"),
        _e(
            "R12",
            "审议意见满意度测评:80%以上为满意,低于60%须通报并采取其他监督方式",
            E,
            "003 §二(三)",
            "oversight",
        ),
        _e("R13", "约三分之一连任代表由常委会和主席团建议提名", T, "000 §四.1", "deputies"),
        _e(
            "R14",
            "基层代表特别是一线工人、农民、专业技术人员代表和妇女代表比例提高",
            T,
            "000 §四.1",
            "deputies",
        ),
        _e(
            "R15", "县人大常委会工作部门负责人和乡镇人大主席提名为县人大代表人选", T, "000 §四.1", "elections"
        ),
        _e(
            "R16",
            "基层代表任期内至少列席一次常委会会议或参加一次常委会组织的履职活动",
            T,
            "000 §四.3",
            "deputies",
        ),
        _e("R17", "代表建议原则上在与代表沟通后答复", E, "000 §四.4", "suggestions"),
        _e("R18", "代表建议及办理情况向社会公开", E, "000 §四.4;003", "suggestions"),
        _e("R19", "代表每届至少参加一次履职学习,新任代表全部参加初任培训", T, "000 §四.5;004 §6", "deputies"),
        _e("R20", "县级代表活动经费每人每年不少于1000元,乡镇代表不少于500元", Y, "000 §四.5", "deputies"),
        _e("R21", "每届至少对县级及以上无固定收入代表进行一次免费健康体检", T, "000 §四.5", "deputies"),
        _e("R22", "常委会专职组成人员比例达到60%以上", T, "000 §五.2", "deputies"),
        _e("R23", "有法治实践经验的专职组成人员比例达到15%以上", T, "000 §五.2", "deputies"),
        _e("R24", "每个专门委员会至少有一名熟悉本领域工作的副主任委员", T, "000 §五.2", "organisations"),
        _e("R25", "常委会工作机构不搞“一委一人”", T, "000 §五.3", "organisations"),
        _e("R26", "工作机构负责人原则上任满一届", T, "000 §五.2", "organisations"),
        _e("R27", "每年评议6至7个政府部门,每届对所有部门至少评议一次", Y, "002 §(四)", "oversight"),
        _e("R28", "代表任期内至少向原选区选民述职一次", T, "002 §(五)", "deputies"),
        _e("R29", "乡镇人民代表大会每年年初、年中各举行一次会议", Y, "002 §(二)", "meetings"),
        _e("R30", "代表建议办理两次督办、两次测评、两次通报", Y, "003 §二(五)", "suggestions"),
        _e("R31", "每年票决确定1至2件重大民生实事", Y, "003 §二(五)", "livelihood"),
        _e("R32", "常委会和专门委员会每年安排会前学法专题讲座不少于3次", Y, "004 §3", "meetings"),
        _e("R33", "常委会组成人员每年集中学习不少于20学时", Y, "004 §3", "deputies"),
        _e("R34", "常委会组成人员每人每年参加执法检查或调研活动不少于3次", Y, "004 §4", "deputies"),
        _e("R35", "每年至少向代表通报一次本地区情况", Y, "004 §6", "meetings"),
        _e("R36", "驻会副主任每月接待代表,主任每年年底接待代表", Y, "004 §7", "deputies"),
        _e("R37", "每年举办专题论坛不少于3期", Y, "004 §7", "meetings"),
        _e("R38", "各专门委员会每年至少召开4次会议", Y, "004 §11", "meetings"),
        _e(
            "R39", "每次常委会会议前通报组成人员出席情况及缺席原因,并向代表大会报告", Y, "004 §15", "meetings"
        ),
        _e("R40", "年初将年度重大事项清单报县委", Y, "004 §2", "tasks"),
        _e("R41", "街道人大工委每年制定代表工作计划并于次年报告", Y, "004 §12", "organisations"),
        _e("R42", "以代表建议实际解决率为硬指标,不以答复率代替,不搞“被满意”", Y, "001", "suggestions"),
    ]
}


def rule_ids() -> list[str]:
    """Every rule id the check lists: the catalogue's and any other registered one, in order."""
    from .registry import RULES

    return sorted(set(CATALOGUE) | set(RULES), key=order_key)


def order_key(rule_id: str) -> tuple[bool, int, str]:
    """The seeds' rules (R01–R42) first, then any other registered check (D01 …)."""
    return (not rule_id.startswith("R"), len(rule_id), rule_id)


def module_label(module: str) -> str:
    """The module's Chinese name; an area of a module (``oversight.reports``) falls back to its module's,
    and an unknown module to a plain word — never its code."""
    if module in MODULE_LABELS:
        return MODULE_LABELS[module]
    head = module.split(".", 1)[0]
    return MODULE_LABELS.get(head, "其他")
