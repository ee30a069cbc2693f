"""The deputies' performance records of the demo county (示例县): two years of activities, points and
a ranking circular, funds and care, reports to voters, self-reports and meeting requests, made through
the real services of ``renda.deputies`` by the demo accounts.

``load_records_demo()`` is called by ``manage.py load_demo`` after the county exists (and after the
suggestions, whose hooks already put points on some deputies). It is deterministic (every choice of
people comes from an RNG seeded with a fixed string) and idempotent (each activity is found again by
its congress, kind, title and date; funds by mandate, kind and year; reports, self-reports and
requests by their date or title), so a second run creates nothing and writes no audit event.

As in the suggestions demo, everything is played at its own moment: ``timezone.now`` is patched
(``demo_clock``) so that the sign-in of the 5th session is stamped on the day of the session, the
audit log reads like two years of real work and nothing is ever stamped after the real present.

The story the checks page tells (``/deputies/checks/``):

- R16: all grassroots deputies but six have sat in on a standing-committee meeting or a
  committee-organised activity;
- R19: three re-elected deputies have not trained this term, two new deputies missed the initial
  training;
- R20: in the current year four county deputies and two deputies of 城关镇人大 received less than
  the minimum;
- R21: eight deputies without fixed income, five of them had the free health check;
- R28: a handful of deputies have reported to their voters;
- R34: two standing-committee members took part in fewer than three inspections this year;
- R36: two resident vice-chairs receive deputies every month, one missed August;
- D01: six deputies hold leadership posts, one has not taken part between sessions this year;
- D02: one deputy was absent without leave from two plenary sessions; the warning is open.

Before the first run only, the register gets what these checks need and the builder does not set:
eight farmers without fixed income, six deputies with leadership posts and two resident vice-chairs
(``deputy_mandate_update`` by ``staff``). Later runs leave the register as staff left it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from renda.core import clock

from .suggestions import DemoClock, demo_clock
from .units import COUNTY_CONGRESS, TOWNSHIPS

TOWN = TOWNSHIPS[0][0]  # 城关镇
TOWN_CONGRESS = f"{TOWN}人大"
TOWN_STAFF = ("townstaff", "宋文静", "城关镇人大专职副主席")
INITIAL_TRAINING = "第十八届县人大代表初任培训班"
COUNTY_PLACE = "县人大常委会会议中心"

# --- the activities ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Act:
    day: dt.date
    kind: str
    title: str
    # who takes part: "all", "sc_meeting", "inspection", "group:<name>", "study", "initial", "town_all",
    # "town_group:<name>", "mediation", "charity", "vice_chairs", "none" (an upcoming activity)
    who: str
    organiser: str = ""
    committee: bool = False
    place: str = ""
    description: str = ""
    hours: int = 0
    town: bool = False


def _d(y: int, m: int, d: int) -> dt.date:
    return dt.date(y, m, d)


SC_MEETINGS = [
    (_d(2025, 4, 24), "二十六", "审议县人民政府关于2024年度环境状况和环境保护目标完成情况的报告"),
    (_d(2025, 6, 26), "二十七", "审议县人民政府关于2024年度县级决算的报告和审计工作报告"),
    (_d(2025, 8, 28), "二十八", "审议县人民政府关于上半年国民经济和社会发展计划执行情况的报告"),
    (_d(2025, 10, 30), "二十九", "审议县人民政府关于农村牧区养老服务体系建设情况的报告"),
    (_d(2025, 12, 25), "三十", "审议县人民政府关于2025年度国有资产管理情况的综合报告"),
    (_d(2026, 4, 23), "三十二", "审议县人民政府关于优化营商环境工作情况的报告"),
    (_d(2026, 6, 25), "三十三", "审议县人民政府关于2025年度县级决算的报告和审计工作报告"),
    (_d(2026, 8, 27), "三十四", "审议县人民政府关于草原生态保护补助奖励政策落实情况的报告"),
    (_d(2026, 10, 29), "三十五", "审议县人民政府关于义务教育优质均衡发展情况的报告"),
]

# (day, kind, title, organiser)
INSPECTIONS = [
    (_d(2025, 5, 14), "inspection", "视察全县高标准农田建设情况", "示例县人大常委会农业农村工作委员会"),
    (_d(2025, 7, 9), "research", "专题调研农村牧区养老服务体系建设", "示例县人大教育科学文化卫生委员会"),
    (
        _d(2025, 9, 17),
        "law_enforcement",
        "《中华人民共和国食品安全法》执法检查",
        "示例县人大教育科学文化卫生委员会",
    ),
    (_d(2025, 11, 12), "inspection", "视察县城集中供热保障工作", "示例县人大财政经济委员会"),
    (_d(2026, 3, 18), "inspection", "视察春耕备耕和农资供应情况", "示例县人大常委会农业农村工作委员会"),
    (_d(2026, 4, 15), "research", "专题调研优化营商环境工作", "示例县人大财政经济委员会"),
    (
        _d(2026, 5, 27),
        "law_enforcement",
        "《中华人民共和国草原法》执法检查",
        "示例县人大常委会农业农村工作委员会",
    ),
    (_d(2026, 7, 15), "inspection", "视察重点项目建设推进情况", "示例县人大财政经济委员会"),
    (_d(2026, 8, 19), "research", "专题调研义务教育学校布局调整", "示例县人大教育科学文化卫生委员会"),
    (
        _d(2026, 9, 23),
        "law_enforcement",
        "《中华人民共和国道路交通安全法》执法检查",
        "示例县人大监察和司法委员会",
    ),
    (_d(2026, 10, 21), "inspection", "视察城乡饮水安全巩固提升工程", "示例县人大常委会农业农村工作委员会"),
]

# (day, township of the group, what they did)
GROUP_ACTIVITIES = [
    (_d(2025, 6, 12), "城关镇", "开展“进社区、听民意”活动"),
    (_d(2025, 8, 6), "西河镇", "视察农村人居环境整治情况"),
    (_d(2025, 10, 15), "马蹄藏族乡", "走访牧户了解草原生态补奖发放情况"),
    (_d(2026, 3, 26), "城关镇", "集中学习新修订的代表法"),
    (_d(2026, 4, 9), "东坝镇", "调研农产品冷链物流建设"),
    (_d(2026, 5, 13), "红湾镇", "视察集镇污水管网改造工程"),
    (_d(2026, 6, 10), "祁丰藏族乡", "走访调研牧区中小学寄宿条件"),
    (_d(2026, 7, 22), "南川镇", "察看防汛减灾准备工作"),
    (_d(2026, 9, 10), "城关镇", "视察老旧小区改造进展"),
]

RECEIVING_MONTHS = range(1, 11)  # the resident vice-chairs receive deputies in January … October
RECEIVING_MISSED = 8  # … and the second of them missed August


def _acts() -> list[Act]:
    acts: list[Act] = [
        Act(_d(2021, 3, 16), "training", INITIAL_TRAINING, "initial", "示例县人大常委会代表工作委员会", False,
            "县委党校", "代表法、议事规则、建议办理和履职方法的初任培训,为期两天。", hours=16),
        Act(_d(2025, 2, 18), "plenary", "示例县第十八届人民代表大会第五次会议", "all", "示例县人大常务委员会",
            False, COUNTY_PLACE, "听取审议政府工作报告、计划和预算报告、“两院”工作报告。"),
        Act(_d(2025, 5, 20), "training", "2025年度县人大代表履职学习培训班", "study",
            "示例县人大常委会代表工作委员会", False, "县委党校", "专题学习全过程人民民主和代表履职实务。", hours=12),
        Act(_d(2025, 12, 10), "charity", "“冬季送温暖”慰问困难群众活动", "charity", "示例县人大常委会代表工作委员会",
            False, "城关镇、西河镇", "代表走访慰问困难群众,送去米面油和御寒衣物。"),
        Act(_d(2026, 1, 20), "plenary", "示例县第十八届人民代表大会第六次会议", "all", "示例县人大常务委员会",
            False, COUNTY_PLACE, "听取审议政府工作报告、计划和预算报告、“两院”工作报告。"),
        Act(_d(2026, 5, 19), "training", "2026年度县人大代表履职学习培训班", "study",
            "示例县人大常委会代表工作委员会", False, "县委党校", "专题学习新修订的代表法和预算审查监督。", hours=12),
        Act(_d(2026, 6, 4), "mediation", "参与调解西河镇草场承包边界纠纷", "mediation", "西河镇人民政府", False,
            "西河镇司法所", "代表参与现场调解,双方达成调解协议。"),
        Act(_d(2026, 12, 24), "sc_meeting", "县十八届人大常委会第三十六次会议", "none", "示例县人大常务委员会",
            True, COUNTY_PLACE, "审议县人民政府关于2026年度国有资产管理情况的综合报告。"),
        # 城关镇人大
        Act(_d(2021, 3, 10), "training", f"{TOWN}人大代表初任培训", "town_initial", f"{TOWN}人大主席团", False,
            f"{TOWN}人民政府会议室", "代表法和乡镇人大工作的初任培训。", hours=6, town=True),
        Act(_d(2025, 4, 10), "training", f"{TOWN}人大代表履职学习", "town_study", f"{TOWN}人大主席团", False,
            f"{TOWN}人民政府会议室", "学习代表建议的提出和办理。", hours=4, town=True),
        Act(_d(2026, 1, 14), "plenary", f"{TOWN}第十八届人民代表大会第六次会议", "town_all", f"{TOWN}人大主席团",
            False, f"{TOWN}人民政府会议室", "听取审议镇人民政府工作报告和财政预算报告。", town=True),
        Act(_d(2026, 6, 18), "group_activity", f"{TOWN}人大第一代表小组视察人居环境整治", "town_group:第一代表小组",
            "第一代表小组", False, TOWN, "察看背街小巷硬化和垃圾分类收运情况。", town=True),
    ]  # fmt: skip
    for day, number, topic in SC_MEETINGS:
        acts.append(
            Act(
                day,
                "sc_meeting",
                f"县十八届人大常委会第{number}次会议",
                "sc_meeting",
                "示例县人大常务委员会",
                True,
                COUNTY_PLACE,
                f"{topic};邀请基层代表列席。",
            )  # fmt: skip
        )
    for day, kind, title, organiser in INSPECTIONS:
        acts.append(
            Act(
                day,
                kind,
                title,
                "inspection",
                organiser,
                True,
                "示例县",
                "组织部分常委会组成人员和代表参加。",
            )
        )
    for day, township, what in GROUP_ACTIVITIES:
        acts.append(
            Act(
                day,
                "group_activity",
                f"{township}代表小组{what}",
                f"group:{township}代表小组",
                f"{township}代表小组",
                False,
                township,
                f"{township}代表小组{what}。",
            )  # fmt: skip
        )
    for month in RECEIVING_MONTHS:
        acts.append(
            Act(
                _d(2026, month, 15),
                "receive_deputies",
                f"驻会副主任接待代表({month}月)",
                "vice_chairs",
                "示例县人大常务委员会",
                True,
                "县人大常委会代表接待室",
                "听取代表意见建议,协调解决履职中的困难。",
            )  # fmt: skip
        )
    return sorted(acts, key=lambda a: (a.day, a.title))


# (username, day, kind, title, outcome: verified / rejected / pending, review note)
SELF_REPORTS = [
    ("deputy", _d(2026, 3, 12), "mediation", "参与调解城关镇东关村宅基地纠纷", "verified", ""),
    ("deputy", _d(2026, 7, 8), "charity", "参加“爱心助学”公益捐助活动", "verified", ""),
    ("deputy", _d(2026, 9, 16), "research", "走访个体工商户了解营商环境", "rejected",
     "缺少佐证材料,请补充走访记录或照片后重新登记。"),
    ("deputy", _d(2026, 11, 16), "other", "参加东关社区老旧小区改造议事会", "pending", ""),
    ("deputy3", _d(2026, 8, 20), "charity", "组织城关镇义务植树活动", "verified", ""),
]  # fmt: skip

# (username or "" for a deputy picked by the RNG, day, place, paper satisfied/basically/dissatisfied,
#  online satisfied/basically/dissatisfied); a future day is scheduled, not yet held
VOTER_REPORTS = [
    ("deputy2", _d(2025, 11, 20), "城关镇人大代表联络站", (48, 9, 1), (6, 2, 0)),
    ("deputy3", _d(2026, 4, 16), "城关镇人大代表联络站", (52, 6, 0), (8, 1, 0)),
    ("deputy", _d(2026, 6, 18), "城关镇人大代表联络站", (56, 12, 2), (12, 3, 0)),
    ("", _d(2026, 9, 24), "西河镇人大代表联络站", (39, 11, 3), (4, 2, 1)),
    ("", _d(2026, 10, 22), "南川镇人大代表联络站", (44, 7, 1), (5, 1, 0)),
    ("", _d(2026, 12, 15), "东坝镇人大代表联络站", (0, 0, 0), (0, 0, 0)),
]

REPORT_TEXT = (
    "一、学习和依法履职情况:认真学习宪法和代表法,按时出席县人民代表大会会议,参加代表小组活动和常委会组织的"
    "视察调研。二、联系选民情况:定期到联络站接待选民,收集反映群众意见。三、提出建议情况:围绕教育、交通和"
    "民生实事提出建议,跟踪办理落实。四、存在的不足和今后努力方向。"
)

# (username, organ, title, body, stage: held / arranged / requested, request day)
MEETING_REQUESTS = [
    ("deputy", "县教育局", "约见县教育局负责人:城关镇学校校车接送问题",
     "城关镇东关、西关两所小学上下学时段校车运力不足,部分学生搭乘无资质车辆,存在安全隐患。请县教育局负责人"
     "当面听取意见,研究增加校车线路和班次。", "held", _d(2026, 4, 8)),
    ("deputy3", "县卫生健康局", "约见县卫生健康局负责人:城关镇社区卫生服务中心医生短缺",
     "城关镇社区卫生服务中心全科医生仅两名,群众看病需往返县城。请县卫生健康局负责人听取意见,研究医共体派驻医生。",
     "arranged", _d(2026, 11, 9)),
    ("deputy2", "县交通运输局", "约见县交通运输局负责人:乡村客运班线恢复",
     "城关镇至南山村客运班线停运半年,沿线群众出行困难。请县交通运输局负责人当面听取意见。",
     "requested", _d(2026, 11, 18)),
]  # fmt: skip

COUNTY_FUND = Decimal(1200)
COUNTY_FUND_SHORT = Decimal(600)
TOWN_FUND = Decimal(600)
TOWN_FUND_SHORT = Decimal(300)
LOST_EARNINGS = Decimal(300)
RANKING_DAY = _d(2026, 10, 12)


# --- context -------------------------------------------------------------------------------------------


def _rng(name: str) -> random.Random:
    return random.Random(f"renda-demo-records:{name}")  # noqa: S311 - demo data, not security


@dataclass
class _People:
    """The county's and the township's mandates and the groups the story picks from."""

    all: list[Any]
    sc: list[Any]
    sc_regular: list[Any]
    sc_laggards: list[Any]
    vice_chairs: list[Any]
    grass_pool: list[Any]
    uninvited: list[Any]
    never_trained: list[Any]
    absentee: Any
    leaders: list[Any]
    idle_leader: Any
    no_income: list[Any]
    logins: dict[str, Any]
    initial_missed: list[Any]
    town: list[Any] = field(default_factory=list)
    town_logins: dict[str, Any] = field(default_factory=dict)
    cursor: int = 0

    def guests(self, n: int) -> list[Any]:
        """The next ``n`` grassroots deputies invited to a standing-committee activity (in turn)."""
        out = []
        for _i in range(n):
            out.append(self.grass_pool[self.cursor % len(self.grass_pool)])
            self.cursor += 1
        return out


def _mandates(congress: Any) -> list[Any]:
    from renda.deputies.models import DeputyMandate

    return list(
        DeputyMandate.objects.active()
        .filter(congress=congress, term__is_current=True)
        .select_related("deputy", "congress", "group")
        .order_by("group__sort_order", "deputy__full_name", "pk")
    )


def _login_map(mandates: list[Any]) -> dict[str, Any]:
    from renda.core.models import User

    users = dict(User.objects.filter(pk__in=[m.deputy.user_id for m in mandates if m.deputy.user_id])
                 .values_list("pk", "username"))  # fmt: skip
    return {users[m.deputy.user_id]: m for m in mandates if m.deputy.user_id in users}


def _people(county: Any, town: Any) -> _People:
    from renda.deputies.choices import StandingCommitteePosition

    mandates = _mandates(county)
    logins = _login_map(mandates)
    login_ids = {m.pk for m in logins.values()}
    sc = [m for m in mandates if m.is_standing_committee_member]
    plain = [m for m in mandates if not m.is_standing_committee_member and m.pk not in login_ids]
    grass = [m for m in plain if m.is_grassroots]
    absentee = _rng("absentee").choice([m for m in grass if m.is_reelected])
    leaders = [m for m in mandates if m.holds_leadership_post]
    others_reelected = [
        m for m in plain if m.is_reelected and m is not absentee and not m.holds_leadership_post
    ]
    never_trained = [absentee, *_rng("never-trained").sample(others_reelected, 2)]
    uninvited = [absentee, *_rng("uninvited").sample([m for m in grass if m is not absentee], 5)]
    pool = [m for m in mandates if m.is_grassroots and m not in uninvited]
    _rng("pool").shuffle(pool)
    vice_chairs = [m for m in sc if m.sc_position == StandingCommitteePosition.RESIDENT_VICE_CHAIR]
    sc_rest = [m for m in sc if m not in vice_chairs]
    sc_laggards = sc_rest[-2:]
    new = [m for m in plain if not m.is_reelected and m not in never_trained]
    return _People(
        all=mandates,
        sc=sc,
        sc_regular=[m for m in sc if m not in sc_laggards],
        sc_laggards=sc_laggards,
        vice_chairs=vice_chairs,
        grass_pool=pool,
        uninvited=uninvited,
        never_trained=never_trained,
        absentee=absentee,
        leaders=leaders,
        idle_leader=leaders[-1] if leaders else None,
        no_income=[m for m in mandates if not m.deputy.has_fixed_income],
        logins=logins,
        initial_missed=_rng("initial").sample(new, 2),
        town=_mandates(town) if town is not None else [],
        town_logins=_login_map(_mandates(town)) if town is not None else {},
    )


def _register_profiles(county: Any, staff: Any) -> int:
    """First run only: what the checks need and the builder does not set. Returns the mandates edited.

    Eight farmers without fixed income (R21), six officials with leadership posts (D01), two resident
    vice-chairs (R36); and, topped up only where the register falls short, a third of the re-elected
    deputies nominated by the standing committee (R13), 60 % full-time members of the standing
    committee (R22) and two of them with legal practice (R23 stays just short of 15 %).
    """
    from renda.deputies.choices import OccupationCategory, StandingCommitteePosition
    from renda.deputies.services import deputy_mandate_update

    mandates = _mandates(county)
    login_ids = {m.pk for m in _login_map(mandates).values()}
    plain = [m for m in mandates if not m.is_standing_committee_member and m.pk not in login_ids]
    edits: dict[int, dict[str, Any]] = {}
    by_pk = {m.pk: m for m in mandates}

    def edit(m: Any, **changes: Any) -> None:
        edits.setdefault(m.pk, {}).update(changes)

    farmers = [m for m in plain if m.occupation_category == OccupationCategory.FARMER]
    for m in _rng("no-income").sample(farmers, min(8, len(farmers))):
        if m.deputy.has_fixed_income:
            edit(m, has_fixed_income=False)
    officials = [m for m in plain if m.occupation_category == OccupationCategory.CIVIL_SERVANT]
    for m in _rng("leaders").sample(officials, min(6, len(officials))):
        if not m.holds_leadership_post:
            edit(m, holds_leadership_post=True)
    sc = [m for m in mandates if m.is_standing_committee_member]
    full_time = sorted((m for m in sc if m.is_full_time), key=lambda m: (m.deputy.full_name, m.pk))
    for m in full_time[:2]:
        if not m.sc_position:
            edit(m, sc_position=StandingCommitteePosition.RESIDENT_VICE_CHAIR)
    reelected = [m for m in mandates if m.is_reelected]
    nominated = [m for m in reelected if m.nominated_by_committee]
    missing = max(0, -(-len(reelected) // 3) - len(nominated))
    for m in _rng("nominated").sample([m for m in reelected if not m.nominated_by_committee], missing):
        edit(m, nominated_by_committee=True)
    missing = max(0, -(-len(sc) * 3 // 5) - len(full_time))
    new_full_time = _rng("full-time").sample([m for m in sc if not m.is_full_time], missing)
    for m in new_full_time:
        edit(m, is_full_time=True)
    legal = [m for m in sc if m.is_full_time and m.has_legal_practice]
    for m in sorted(new_full_time, key=lambda m: m.pk)[: max(0, 2 - len(legal))]:
        edit(m, has_legal_practice=True)
    for pk, changes in sorted(edits.items()):
        deputy_mandate_update(actor=staff, mandate=by_pk[pk], **changes)
    return len(edits)


def _town_staff(town: Any) -> tuple[Any, int]:
    """The township's staff login (城关镇人大 keeps its deputies' records), created when missing."""
    from django.contrib.auth.hashers import make_password

    from renda.audit.services import record_event
    from renda.core.choices import OrganizationKind, Role
    from renda.core.models import Membership, Organization, User

    username, full_name, title = TOWN_STAFF
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user, 0
    presidium = Organization.objects.filter(congress=town, kind=OrganizationKind.PRESIDIUM).first()
    if presidium is None:
        return None, 0
    with transaction.atomic():
        user = User.objects.create(
            username=username,
            full_name=full_name,
            password=make_password(settings.RENDA["DEMO_PASSWORD"]),
            must_change_password=False,
            password_changed_at=clock.now(),
        )
        Membership.objects.create(user=user, organization=presidium, role=Role.STAFF, title=title)
        record_event(
            actor=None, actor_name="load_demo", action="demo.load", target=town, congress=town,
            after={"users": [username]},
        )  # fmt: skip
    return user, 1


def _at(clock: DemoClock, day: dt.date, hour: int, minute: int = 0) -> None:
    clock.set(
        timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)), timezone.get_default_timezone())
    )


# --- the steps -----------------------------------------------------------------------------------------


@dataclass
class _Ctx:
    county: Any
    town: Any
    staff: Any
    town_staff: Any
    people: _People
    clock: DemoClock
    today: dt.date
    counts: Counter


def _participants(ctx: _Ctx, act: Act) -> list[tuple[str, list[Any]]]:
    """(attendance, mandates) lists for one activity."""
    p = ctx.people
    rng = _rng(act.title)
    idle = {p.absentee.pk} | ({p.idle_leader.pk} if p.idle_leader and act.day.year >= 2026 else set())

    def without(ms: list[Any], *exclude: set[int]) -> list[Any]:
        out = set().union(*exclude) if exclude else set()
        return [m for m in ms if m.pk not in out and m.pk not in idle]

    if act.who == "all":
        login_ids = {m.pk for m in p.logins.values()}
        candidates = [m for m in p.all if m.pk not in login_ids and m is not p.absentee]
        leave = rng.sample(candidates, 4)
        leave_ids = {m.pk for m in leave}
        present = [m for m in p.all if m.pk not in leave_ids and m is not p.absentee]
        return [("present", present), ("absent_with_leave", leave), ("absent_without_leave", [p.absentee])]
    if act.who == "town_all":
        login_ids = {m.pk for m in p.town_logins.values()}
        leave = rng.sample([m for m in p.town if m.pk not in login_ids], 2)
        return [("present", [m for m in p.town if m not in leave]), ("absent_with_leave", leave)]
    if act.who == "sc_meeting":
        return [("present", without(p.guests(8)))]
    if act.who == "inspection":
        i = next(n for n, row in enumerate(INSPECTIONS) if row[2] == act.title)
        n = len(p.sc_regular)
        # the members take turns, eight at a time; the two laggards came once and twice in the year
        sc = [p.sc_regular[(i * 8 + j) % n] for j in range(min(8, n))]
        year_index = [row[2] for row in INSPECTIONS if row[0].year == act.day.year].index(act.title)
        sc += p.sc_laggards[: max(0, 2 - year_index)]
        others = p.guests(3)
        leaders = [m for m in p.leaders if m is not p.idle_leader]
        if leaders:
            others.append(leaders[i % len(leaders)])
        if act.title == "专题调研优化营商环境工作" and p.logins.get("deputy"):
            others.append(p.logins["deputy"])
        return [("present", without(list(dict.fromkeys(sc + others))))]
    if act.who.startswith("group:") or act.who.startswith("town_group:"):
        name = act.who.split(":", 1)[1]
        members = [m for m in (p.town if act.town else p.all) if m.group and m.group.name == name]
        login_ids = {m.pk for m in p.logins.values()} | {m.pk for m in p.town_logins.values()}
        skip = set(rng.sample([m.pk for m in members if m.pk not in login_ids], min(2, len(members) // 5)))
        return [("present", without(members, skip))]
    if act.who == "town_initial":
        return [("present", [m for m in p.town if not m.is_reelected])]
    if act.who == "town_study":
        login_ids = {m.pk for m in p.town_logins.values()}
        away = set(rng.sample([m.pk for m in p.town if m.pk not in login_ids], 4))
        return [("present", [m for m in p.town if m.pk not in away])]
    if act.who == "initial":
        missed = {m.pk for m in p.initial_missed}
        return [("present", [m for m in p.all if not m.is_reelected and m.pk not in missed])]
    if act.who == "study":
        protected = {m.pk for m in p.logins.values()} | {m.pk for m in p.leaders}
        never = {m.pk for m in p.never_trained}
        away = set(rng.sample([m.pk for m in p.all if m.pk not in protected and m.pk not in never], 9))
        return [("present", without(p.all, never, away))]
    if act.who == "mediation":
        members = [m for m in p.all if m.group and m.group.name == "西河镇代表小组"]
        return [("present", without(members[:3]))]
    if act.who == "charity":
        chosen = rng.sample(without(p.all), 5)
        if p.logins.get("deputy3"):
            chosen.append(p.logins["deputy3"])
        return [("present", chosen)]
    if act.who == "vice_chairs":
        chairs = list(p.vice_chairs)
        if act.day.month == RECEIVING_MISSED:
            chairs = chairs[:1]
        return [("present", chairs)]
    return []


def _activity(ctx: _Ctx, act: Act) -> None:
    from renda.deputies.records import Activity
    from renda.deputies.services import activity_create, activity_sign_in

    congress = ctx.town if act.town else ctx.county
    actor = ctx.town_staff if act.town else ctx.staff
    if congress is None or actor is None:
        return
    if Activity.objects.filter(
        congress=congress, kind=act.kind, title=act.title, occurred_on=act.day, source_key=""
    ).exists():
        return
    upcoming = act.day > ctx.today
    if upcoming and act.who != "none":
        return
    groups = [] if upcoming else [(a, ms) for a, ms in _participants(ctx, act) if ms]
    if not upcoming and not groups:
        return
    with transaction.atomic():
        if upcoming:
            _at(ctx.clock, ctx.today - dt.timedelta(days=10), 9, 30)
        else:
            _at(ctx.clock, act.day - dt.timedelta(days=7), 9, 30)
        activity = activity_create(
            actor=actor, congress=congress, kind=act.kind, title=act.title, occurred_on=act.day,
            organiser=act.organiser, organised_by_committee=act.committee, place=act.place,
            description=act.description, hours=act.hours, is_initial_training=act.who in ("initial", "town_initial"),
        )  # fmt: skip
        ctx.counts["activities"] += 1
        for minute, (attendance, mandates) in enumerate(groups):
            _at(ctx.clock, act.day, 17, minute * 5)
            made = activity_sign_in(actor=actor, activity=activity, mandates=mandates, attendance=attendance)
            ctx.counts["participations"] += len(made)


def _self_report(ctx: _Ctx, spec: tuple[Any, ...]) -> None:
    from renda.core.models import User
    from renda.deputies.records import Activity
    from renda.deputies.services import activity_self_report, participation_verify

    username, day, kind, title, outcome, note = spec
    mandate = ctx.people.logins.get(username)
    if mandate is None or day > ctx.today:
        return
    if Activity.objects.filter(congress=ctx.county, kind=kind, title=title, occurred_on=day).exists():
        return
    user = User.objects.get(username=username)
    with transaction.atomic():
        _at(ctx.clock, day + dt.timedelta(days=1), 20, 15)
        p = activity_self_report(
            actor=user, mandate=mandate, kind=kind, title=title, occurred_on=day, place=TOWN,
            description=f"{title}。",
        )  # fmt: skip
        ctx.counts["self_reports"] += 1
        if outcome != "pending":
            _at(ctx.clock, day + dt.timedelta(days=4), 10, 40)
            participation_verify(actor=ctx.staff, participation=p, approve=outcome == "verified", note=note)


def _voter_report(ctx: _Ctx, index: int, spec: tuple[Any, ...]) -> None:
    from renda.deputies.records import VoterReport
    from renda.deputies.services import voter_rating_submit, voter_report_record, voter_report_schedule

    username, day, place, paper, online = spec
    if username:
        mandate = ctx.people.logins.get(username)
    else:
        login_ids = {m.pk for m in ctx.people.logins.values()}
        choices = [m for m in ctx.people.all if m.pk not in login_ids and m is not ctx.people.absentee]
        mandate = _rng(f"voter-report-{index}").choice(choices)
    if mandate is None or VoterReport.objects.filter(mandate=mandate, scheduled_on=day).exists():
        return
    with transaction.atomic():
        _at(ctx.clock, min(day - dt.timedelta(days=14), ctx.today - dt.timedelta(days=3)), 10, 0)
        report = voter_report_schedule(
            actor=ctx.staff, mandate=mandate, scheduled_on=day, place=place, codes=sum(online) + 10
        )
        ctx.counts["voter_reports"] += 1
        if day > ctx.today:
            return
        _at(ctx.clock, day, 11, 30)
        codes = list(report.codes.order_by("pk").values_list("code", flat=True))
        values = ["satisfied"] * online[0] + ["basically"] * online[1] + ["dissatisfied"] * online[2]
        for code, value in zip(codes, values, strict=False):
            voter_rating_submit(report=report, code=code, value=value)
        _at(ctx.clock, day, 16, 30)
        voter_report_record(
            actor=ctx.staff, report=report, report_text=f"{mandate.deputy.full_name}代表履职情况报告。{REPORT_TEXT}",
            paper_satisfied=paper[0], paper_basically=paper[1], paper_dissatisfied=paper[2],
        )  # fmt: skip


def _meeting_request(ctx: _Ctx, spec: tuple[Any, ...]) -> None:
    from renda.cases.models import Case
    from renda.core.models import Organization, User
    from renda.deputies.choices import MEETING_REQUEST_KIND
    from renda.deputies.meeting_services import (
        meeting_request_arrange,
        meeting_request_create,
        meeting_request_record,
    )

    username, organ_name, title, body, stage, day = spec
    mandate = ctx.people.logins.get(username)
    organ = Organization.objects.filter(congress=ctx.county, name=organ_name).first()
    if mandate is None or organ is None or day > ctx.today:
        return
    if Case.objects.filter(congress=ctx.county, kind=MEETING_REQUEST_KIND, title=title).exists():
        return
    user = User.objects.get(username=username)
    with transaction.atomic():
        _at(ctx.clock, day, 21, 10)
        request = meeting_request_create(
            actor=user, mandate=mandate, organ=organ, title=title, body=body,
            organ_head=organ.responsible_person,
        )  # fmt: skip
        ctx.counts["meeting_requests"] += 1
        if stage == "requested":
            return
        _at(ctx.clock, day + dt.timedelta(days=5), 9, 20)
        meeting_day = day + dt.timedelta(days=14)
        request = meeting_request_arrange(
            actor=ctx.staff, request=request, place=f"{organ_name}三楼会议室",
            arranged_for=timezone.make_aware(
                dt.datetime.combine(meeting_day, dt.time(10, 0)), timezone.get_default_timezone()
            ),
        )  # fmt: skip
        if stage == "arranged" or meeting_day > ctx.today:
            return
        _at(ctx.clock, meeting_day, 15, 0)
        meeting_request_record(
            actor=ctx.staff, request=request,
            outcome=(
                f"{organ.responsible_person or organ_name + '负责人'}听取了代表意见,表示将增开两条校车线路、"
                "早晚高峰加密班次,并于下学期开学前落实到位;代表工委将跟踪落实情况。"
            ),
        )  # fmt: skip


def _funds(ctx: _Ctx) -> list[tuple[dt.date, Callable[[], None]]]:
    """The fund batches as steps of the timeline."""
    from renda.deputies.choices import FundKind

    p = ctx.people
    short_county = set(_rng("fund-short").sample([m.pk for m in p.all if m.pk not in
                                                  {x.pk for x in p.logins.values()}], 4))  # fmt: skip
    town_login_ids = {m.pk for m in p.town_logins.values()}
    short_town = set(_rng("town-fund-short").sample([m.pk for m in p.town if m.pk not in town_login_ids],
                                                    min(2, len(p.town))))  # fmt: skip
    # (day, congress actor, mandates, kind, amount for each, note)
    plan: list[tuple[dt.date, Any, list[Any], str, Callable[[Any], Decimal], str]] = [
        (_d(2025, 3, 31), ctx.staff, p.all, FundKind.ACTIVITY_FUND, lambda m: COUNTY_FUND, "2025年度代表活动经费"),
        (_d(2025, 3, 31), ctx.town_staff, p.town, FundKind.ACTIVITY_FUND, lambda m: TOWN_FUND,
         "2025年度代表活动经费"),
        (_d(2026, 3, 31), ctx.staff, p.all, FundKind.ACTIVITY_FUND,
         lambda m: COUNTY_FUND_SHORT if m.pk in short_county else COUNTY_FUND, "2026年度代表活动经费"),
        (_d(2026, 3, 31), ctx.town_staff, p.town, FundKind.ACTIVITY_FUND,
         lambda m: TOWN_FUND_SHORT if m.pk in short_town else TOWN_FUND, "2026年度代表活动经费"),
        (_d(2025, 2, 25), ctx.staff, p.no_income, FundKind.LOST_EARNINGS, lambda m: LOST_EARNINGS,
         "出席县十八届人大五次会议误工补贴"),
        (_d(2026, 1, 27), ctx.staff, p.no_income, FundKind.LOST_EARNINGS, lambda m: LOST_EARNINGS,
         "出席县十八届人大六次会议误工补贴"),
        (_d(2025, 9, 18), ctx.staff, p.no_income[:5], FundKind.HEALTH_CHECK, lambda m: Decimal(460),
         "县人民医院体检中心免费健康体检"),
    ]  # fmt: skip
    return [(row[0], lambda row=row: _fund_batch(ctx, *row)) for row in plan]


def _fund_batch(
    ctx: _Ctx,
    day: dt.date,
    actor: Any,
    mandates: list[Any],
    kind: str,
    amount: Callable[[Any], Decimal],
    note: str,
) -> None:
    from renda.deputies.records import FundEntry
    from renda.deputies.services import fund_entry_create

    if actor is None or not mandates or day > ctx.today:
        return
    done = set(
        FundEntry.objects.filter(mandate__in=mandates, kind=kind, year=day.year).values_list(
            "mandate_id", flat=True
        )
    )
    todo = [m for m in mandates if m.pk not in done]
    if not todo:
        return
    with transaction.atomic():
        for n, m in enumerate(todo):
            _at(ctx.clock, day, 9 + n // 60, n % 60)
            fund_entry_create(actor=actor, mandate=m, kind=kind, occurred_on=day, amount=amount(m), note=note)
            ctx.counts["funds"] += 1


def _exit_warnings(ctx: _Ctx) -> None:
    from renda.deputies.services import exit_warnings_refresh

    _at(ctx.clock, _d(2026, 1, 22), 8, 30)
    ctx.counts["exit_warnings"] += len(exit_warnings_refresh(congress=ctx.county))


def _ranking(ctx: _Ctx) -> None:
    from renda.deputies.records import RankingPublication
    from renda.deputies.services import ranking_publication_create

    if RANKING_DAY > ctx.today:
        return
    if RankingPublication.objects.filter(congress=ctx.county, year=RANKING_DAY.year, quarter=3).exists():
        return
    _at(ctx.clock, RANKING_DAY, 10, 0)
    ranking_publication_create(
        actor=ctx.staff, congress=ctx.county, year=RANKING_DAY.year, quarter=3, publish=True
    )
    ctx.counts["rankings"] += 1


# --- entry point ---------------------------------------------------------------------------------------


def load_records_demo() -> dict[str, int]:
    """Create the demo performance records that are missing. Returns counts of what was created."""
    from renda.core.models import Congress, User
    from renda.deputies.records import Activity

    counts: Counter = Counter(
        {k: 0 for k in ("users", "register_edits", "activities", "participations", "self_reports", "voter_reports",
                        "meeting_requests", "funds", "exit_warnings", "rankings")}
    )  # fmt: skip
    county = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    staff = User.objects.filter(username="staff").first()
    if county is None or staff is None:
        return dict(counts)
    town = Congress.objects.filter(name=TOWN_CONGRESS, parent=county).first()
    today = clock.today()
    with demo_clock() as demo:
        if not Activity.objects.filter(congress=county, title=INITIAL_TRAINING, source_key="").exists():
            _at(demo, _d(2021, 3, 1), 9, 0)
            counts["register_edits"] += _register_profiles(county, staff)
        demo.release()
        town_staff, made = _town_staff(town) if town is not None else (None, 0)
        counts["users"] += made
        ctx = _Ctx(county, town, staff, town_staff, _people(county, town), demo, today, counts)
        # one timeline, in the order things happened
        steps: list[tuple[dt.date, int, Callable[[], None]]] = []
        for act in _acts():
            steps.append((act.day, 0, lambda act=act: _activity(ctx, act)))
        for spec in SELF_REPORTS:
            steps.append((spec[1], 1, lambda spec=spec: _self_report(ctx, spec)))
        for index, spec in enumerate(VOTER_REPORTS):
            steps.append((spec[1], 1, lambda index=index, spec=spec: _voter_report(ctx, index, spec)))
        for spec in MEETING_REQUESTS:
            steps.append((spec[5], 1, lambda spec=spec: _meeting_request(ctx, spec)))
        steps.append((_d(2026, 1, 22), 2, lambda: _exit_warnings(ctx)))
        steps.append((RANKING_DAY, 2, lambda: _ranking(ctx)))
        steps.extend((day, 3, step) for day, step in _funds(ctx))
        for _day, _order, step in sorted(steps, key=lambda s: (s[0], s[1])):
            step()
        demo.release()
    return dict(counts)
