"""The townships' own year (乡镇人大): suggestions their deputies put forward at the township congress, handled
by the township government's offices, replied and rated — through the real services, like the county's.

Each of the twelve township congresses of the demo county gets:

- its people: the presidium's full-time secretary (人大专职干事, staff), a clerk in each office of the
  township government, and logins for three of its own deputies (bootstrap data, written like
  ``suggestions._ensure_people`` writes the county's extra logins);
- its handling units: the township government (乡镇人民政府) and four offices under it, made by the
  system administrator through ``organization_create``;
- three suggestions: two put forward at the 5th session (February 2025, a few days before the county's)
  and handled through the year, one between sessions in 2026, each played through ``suggestions._story``
  at its own earlier "now" (``demo_clock``).

Deterministic (fixed content; a township's topics and stages follow from its position) and idempotent (a
suggestion whose title exists in the township congress is skipped; people and units only when missing).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.conf import settings
from django.db import transaction

from renda.core import clock

from .builder import township_congress_name
from .suggestions import Spec, _Context, _exists, _story, demo_clock
from .units import COUNTY_CONGRESS, TOWNSHIPS

# The township government's offices that handle suggestions (承办单位), by key.
OFFICES = {
    "gov": "人民政府",
    "general": "党政综合办公室",
    "farm": "农业农村办公室",
    "social": "社会事务办公室",
    "build": "村镇规划建设办公室",
}
# Responsible persons and clerks: a fixed list of names, taken in turn.
HEADS = ["李建军", "张永红", "王海燕", "马成林", "杨春梅", "赵志刚", "陈玉兰", "刘国华", "何明德", "安丽娟",
         "郭振海", "孙小梅", "朱德才", "高秀英", "罗永平", "索南措", "才让卓玛", "韩立新", "冯玉珍", "石生福"]  # fmt: skip
CLERKS = ["周晓东", "吴晓丽", "郑海军", "梁玉梅", "宋文斌", "唐雪莲", "许志强", "邓春燕", "冯建华", "曹丽萍",
          "彭志军", "曾晓燕", "萧永福", "田秀兰", "董建国", "袁玉霞", "潘文龙", "蒋春花", "蔡志明", "余晓红"]  # fmt: skip
SECRETARIES = ["王文静", "李红梅", "张志华", "马玉洁", "杨晓峰", "赵雪梅", "陈建明", "刘晓燕", "何永强", "安春兰",
               "郭小龙", "孙丽华"]  # fmt: skip


def _village(township: str, n: int) -> str:
    stems = ["东", "西", "南", "北", "红", "新", "石", "泉", "河", "沙"]
    return f"{stems[(TOWNSHIPS_INDEX[township] * 3 + n) % len(stems)]}{'湾坪滩台庄'[n % 5]}村"


TOWNSHIPS_INDEX = {name: i for i, (name, _street) in enumerate(TOWNSHIPS)}

# Topics of a township's suggestions: (category, office, title, problem, asks, answers by reply class).
TOPICS: list[dict[str, Any]] = [
    {
        "category": "交通",
        "office": "build",
        "title": "关于硬化{v1}至{v2}村组道路的建议",
        "problem": "{v1}至{v2}的村组道路约3.5公里仍为砂石路,雨雪天泥泞难行,群众出行和农产品外运十分不便。",
        "asks": ("将该路段硬化列入今年乡村道路建设计划", "同步完善排水边沟和错车道"),
        "answers": {
            "A": "该路段3.5公里硬化工程已纳入全县“四好农村路”建设项目,于8月底完工通车,同步修建排水边沟2.1公里、"
            "错车道6处。",
            "C": "该路段涉及基本农田占用,道路拓宽须经用地审批,短期内难以实施;乡政府已安排对坑洼路段进行砂石回填,"
            "保障群众出行。",
            "B": "该路段已列入明年乡村道路建设计划,工程设计已完成,待县级补助资金下达后开工;雨季前已组织对坑洼路段进行"
            "砂石回填。",
        },
    },
    {
        "category": "农业农村",
        "office": "farm",
        "title": "关于解决{v1}人畜饮水困难的建议",
        "problem": "{v1}地处浅山区,现有供水管网老化,夏季用水高峰时段高处农户经常停水,牲畜饮水只能到河道拉运。",
        "asks": ("更换老化供水管网", "在高处新建蓄水池并配套加压设备"),
        "answers": {
            "A": "已争取农村饮水安全巩固提升资金42万元,更换老化管网4.6公里,新建50立方米蓄水池1座并配套加压泵站,"
            "全村186户用水已恢复正常。",
            "B": "管网更换工程已报县水务局列入农村供水保障项目,计划明年春季施工;目前已安排拉水车在用水高峰时段定时送水。",
            "C": "新建蓄水池所需资金较大,县级项目库今年已无调整空间,乡政府已将项目报入下一年度计划,其间通过错峰供水缓解。",
        },
    },
    {
        "category": "医疗卫生",
        "office": "social",
        "title": "关于改善{v1}卫生室服务条件的建议",
        "problem": "{v1}卫生室业务用房狭小,缺少心电图机等基本设备,村医年龄偏大,群众小病也要到乡卫生院就诊。",
        "asks": ("为村卫生室配备基本诊疗设备", "安排乡卫生院医生定期下村坐诊"),
        "answers": {
            "A": "已为该卫生室配备心电图机、血糖仪等设备7台(件),乡卫生院每周二、周五安排1名医生下村坐诊,"
            "村医已参加县级岗位培训。",
            "C": "村卫生室改扩建须按全县卫生室布局规划统一实施,该村暂未列入本轮规划;乡卫生院已安排医生每周下村坐诊。",
            "D": "代表所提村医队伍建设的意见很有价值,乡政府已转报县卫生健康局,在制定乡村医生培养计划时研究参考。",
            "B": "卫生室改扩建已列入明年村级公共服务项目;乡卫生院已从本月起每周安排医生下村坐诊一次。",
        },
    },
    {
        "category": "生态环境",
        "office": "build",
        "title": "关于加强{v1}生活垃圾清运的建议",
        "problem": "{v1}仅有垃圾收集点2处,清运不及时,夏季垃圾堆积、气味难闻,部分农户将垃圾倾倒在河道边。",
        "asks": ("增设垃圾收集点和分类垃圾桶", "落实保洁人员,做到日产日清"),
        "answers": {
            "A": "已在该村增设垃圾收集点5处、分类垃圾桶60个,聘用保洁员3名,垃圾清运实现日产日清,河道边垃圾已全部清理。",
            "C": "垃圾转运车辆和运营经费须由县城市管理部门统一安排,乡里暂难单独解决;已发动村民开展河道垃圾清理。",
            "B": "垃圾收集点增设和分类垃圾桶采购已列入下半年人居环境整治计划;其间已安排保洁员每周清运两次,"
            "并组织村民清理河道边垃圾。",
            "D": "代表所提河道保洁长效机制的建议很有价值,乡政府将在修订村规民约和人居环境整治考核办法时研究吸收,"
            "作为参考。",
        },
    },
    {
        "category": "社会保障",
        "office": "social",
        "title": "关于为{v1}建设互助幸福院的建议",
        "problem": "{v1}60岁以上老人占全村人口近三成,子女多外出务工,独居老人吃饭、就医困难。",
        "asks": ("利用闲置校舍建设村级互助幸福院", "为高龄独居老人提供助餐服务"),
        "answers": {
            "A": "已利用原村小学闲置校舍建成互助幸福院,设床位12张、餐位30个,为21名高龄独居老人提供每日助餐服务。",
            "C": "新建互助幸福院缺少运营经费来源,乡财力暂难承担;已为独居老人落实村干部包户联系和定期走访。",
            "B": "互助幸福院建设已列入明年民生实事项目,选址和设计方案已确定;助餐服务先由村集体食堂试行。",
        },
    },
    {
        "category": "农业农村",
        "office": "farm",
        "title": "关于扶持{v1}特色种养产业的建议",
        "problem": "{v1}种植的高原夏菜和养殖的牛羊品质好,但缺少冷链储存和销售渠道,群众增产不增收。",
        "asks": ("建设产地冷藏保鲜设施", "组织合作社对接县内外销售渠道"),
        "answers": {
            "A": "已建成200吨产地冷藏保鲜库1座,由村股份经济合作社运营;乡政府组织3家合作社与县内超市、外地客商"
            "签订购销协议。",
            "B": "冷藏保鲜设施已列入县农业农村局明年项目计划;今年已组织合作社参加县农产品展销会2次。",
            "C": "冷链设施须达到一定规模才能纳入上级补助范围,该村目前产量尚达不到标准,乡政府将指导合作社联合"
            "邻村共同申报。",
        },
    },
    {
        "category": "城乡建设",
        "office": "general",
        "title": "关于在{v1}安装太阳能路灯的建议",
        "problem": "{v1}主干道和集中居住点没有路灯,冬季天黑早,群众夜间出行不便,存在安全隐患。",
        "asks": ("在主干道和居住点安装太阳能路灯", "明确路灯维护责任"),
        "answers": {
            "A": "已在该村主干道和集中居住点安装太阳能路灯48盏,维护纳入村级公益岗位职责,夜间照明问题得到解决。",
            "C": "全乡路灯建设资金已用于主要集镇,该村路灯须待明年争取上级项目资金后安装;已在危险路段设置反光警示桩。",
            "D": "代表所提路灯维护责任的建议,乡政府将在制定村级公益设施管护办法时研究吸收,作为参考。",
            "B": "路灯安装已列入今年第四季度人居环境整治项目,招标采购已完成,预计年底前安装到位。",
        },
    },
    {
        "category": "教育",
        "office": "general",
        "title": "关于改善{township}中心小学学生午餐条件的建议",
        "problem": "{township}中心小学食堂面积小,学生分三批就餐,午休时间不足,部分路远学生只能在教室吃自带干粮。",
        "asks": ("协调县教育局扩建学校食堂", "为路远学生提供午间休息场所"),
        "answers": {
            "A": "经乡政府协调,县教育局已安排资金扩建食堂120平方米,学生实现一次就餐;学校腾出2间教室作为午休室。",
            "C": "学校现有用地无法扩建食堂,须结合校园整体改造统筹考虑;学校已调整作息时间,保障学生就餐和午休。",
            "B": "食堂扩建已列入县教育局明年薄弱学校改造计划;学校已调整作息时间,延长午休半小时。",
        },
    },
]

# The stories of a township, by position: (topic offset, session, days before today when between sessions).
PLAN: list[tuple[int, int | None, int]] = [(0, 5, 0), (3, 5, 0), (5, None, 150)]
# Variations over the townships, so that the county's roll-up has every outcome (by township index % 4).
VARIANTS: dict[int, list[tuple[str, str, str]]] = {
    0: [("closed", "A", "satisfied"), ("followed_closed", "B", "basically"), ("handling", "", "")],
    1: [("closed", "A", "basically"), ("following", "B", "basically"), ("replied", "C", "")],
    2: [("closed", "D", "satisfied"), ("closed", "A", "satisfied"), ("handling", "", "")],
    3: [("closed", "A", "satisfied"), ("following", "C", "basically"), ("closed", "A", "satisfied")],
}


def _answer(topic: dict[str, Any], reply: str, stage: str) -> tuple[str, str]:
    """The answer text for ``reply`` and the class actually used: a topic without that class answers B when
    the story stays under follow-up, A otherwise."""
    answers = topic["answers"]
    if reply in answers:
        return reply, answers[reply]
    fallback = "B" if stage in ("following", "followed_closed") else "A"
    return fallback, answers[fallback]


def township_specs(index: int, township: str) -> list[Spec]:
    """The three stories of the township at ``index`` (deterministic)."""
    specs = []
    variant = VARIANTS[index % 4]
    for position, (offset, session, days_ago) in enumerate(PLAN):
        topic = TOPICS[(index + offset) % len(TOPICS)]
        stage, reply, rating = variant[position]
        v1, v2 = _village(township, position), _village(township, position + 1)
        fill = {"v1": f"{township}{v1}", "v2": v2, "township": township}
        office = f"{township}{OFFICES[topic['office']]}"
        cls, answer = _answer(topic, reply or "A", stage)
        later = position == 2
        specs.append(
            Spec(
                title=topic["title"].format(**fill),
                author=f"d{position + 1}",
                category=topic["category"],
                problem=topic["problem"].format(**fill),
                asks=topic["asks"],
                stage=stage,
                session=None if later else session,
                days_ago=(days_ago + 20 * (index % 3)) if later else 0,
                cosigners=(f"d{(position + 1) % 3 + 1}",),
                lead=office,
                reply=cls if reply else "",
                answer=answer if reply else "",
                rating=rating,
                final=False if stage in ("following", "followed_closed") else None,
                publish=stage == "closed",
            )
        )
    return specs


class _TownshipContext(_Context):
    """A township congress as the stories see it: its presidium's secretary assigns to its offices."""

    assign_note = "经乡镇人大主席团研究,交由乡人民政府有关办公室办理。"
    unit_self = "我办"
    unit_prefix = ""

    def __init__(self, congress: Any, clock: Any, people: dict[str, Any], specs: list[Spec]) -> None:
        from renda.core.models import Organization, Session
        from renda.suggestions.models import Category, ExclusionReason
        from renda.suggestions.services import mandate_of

        self.county, self.clock, self.specs = congress, clock, specs
        self.users = dict(people)
        self.users.setdefault("leader", people["staff"])  # no key suggestions: never asked to supervise
        self.mandates = {n: mandate_of(u, congress) for n, u in people.items() if n.startswith("d")}
        offices = Organization.objects.filter(
            congress=congress, kind__in=["government", "government_department"]
        )
        self.units = {o.name: o for o in offices}
        self.heads = {o.name: o.responsible_person for o in offices}
        self.clerks = {name: people.get(f"clerk:{name}") for name in self.units}
        self.sessions = {
            s.number: s
            for s in Session.objects.filter(term__congress=congress, term__is_current=True, number=5)
        }
        self.categories = {c.name: c for c in Category.objects.filter(congress=congress)}
        self.exclusions = {e.code: e for e in ExclusionReason.objects.filter(congress=congress)}

    def clerk(self, unit: str, *, replying: bool = False) -> Any:
        return self.clerks.get(unit)


def _ensure_units(congress: Any, township: str, index: int, admin: Any) -> None:
    """The township government and its offices (承办单位), when missing, by the system administrator."""
    from renda.core.choices import OrganizationKind
    from renda.core.models import Organization
    from renda.core.services import organization_create

    existing = set(Organization.objects.filter(congress=congress).values_list("name", flat=True))
    government = Organization.objects.filter(congress=congress, name=f"{township}{OFFICES['gov']}").first()
    for position, (key, office) in enumerate(OFFICES.items()):
        name = f"{township}{office}"
        if name in existing:
            continue
        org = organization_create(
            actor=admin,
            congress=congress,
            name=name,
            kind=OrganizationKind.GOVERNMENT if key == "gov" else OrganizationKind.GOVERNMENT_DEPARTMENT,
            parent=None if key == "gov" else government,
            short_name=office if key != "gov" else township,
            responsible_person=HEADS[(index * 5 + position) % len(HEADS)],
            address=f"示例县{township}{TOWNSHIPS[index][1]}1号",
            sort_order=10 + position,
        )
        if key == "gov":
            government = org


def _ensure_people(congress: Any, township: str, index: int) -> tuple[dict[str, Any], list[str]]:
    """The township's secretary, office clerks and three deputy logins (created when missing)."""
    from django.contrib.auth.hashers import make_password

    from renda.core.choices import OrganizationKind, Role
    from renda.core.models import Membership, Organization, User
    from renda.deputies.models import DeputyMandate

    prefix = f"tw{index + 1:02d}"
    presidium = Organization.objects.get(congress=congress, kind=OrganizationKind.PRESIDIUM)
    offices = list(
        Organization.objects.filter(congress=congress, kind="government_department").order_by(
            "sort_order", "pk"
        )
    )
    wanted: list[tuple[str, str, str, Any, str, Any]] = []  # username, name, role, org, title, deputy
    wanted.append((f"{prefix}staff", SECRETARIES[index % len(SECRETARIES)], Role.STAFF, presidium,
                   "人大专职干事", None))  # fmt: skip
    for n, office in enumerate(offices, start=1):
        wanted.append((f"{prefix}clerk{n}", CLERKS[(index * 4 + n) % len(CLERKS)], Role.UNIT_CLERK, office,
                       "办事员", None))  # fmt: skip
    mandates = list(
        DeputyMandate.objects.active()
        .filter(congress=congress)
        .select_related("deputy")
        .order_by("deputy__full_name", "deputy__birth_date", "pk")
    )
    have = {u.username: u for u in User.objects.filter(username__startswith=prefix)}
    free = [m for m in mandates if not m.deputy.user_id]
    for n in range(1, 4):
        username = f"{prefix}deputy{n}"
        if username in have or not free:
            continue
        mandate = free.pop(0)
        wanted.append((username, mandate.deputy.full_name, Role.DEPUTY, presidium, "", mandate.deputy))
    created: list[str] = []
    missing = [w for w in wanted if w[0] not in have]
    if missing:
        password = make_password(settings.RENDA["DEMO_PASSWORD"])
        for username, full_name, role, organization, title, deputy in missing:
            user = User.objects.create(
                username=username,
                full_name=full_name,
                phone=deputy.phone if deputy is not None else "",
                password=password,
                must_change_password=False,
                password_changed_at=clock.now(),
            )
            Membership.objects.create(user=user, organization=organization, role=role, title=title)
            if deputy is not None:
                deputy.user = user
                deputy.save(update_fields=["user"])
            have[username] = user
            created.append(username)
    people: dict[str, Any] = {"staff": have[f"{prefix}staff"]}
    for n, office in enumerate(offices, start=1):
        people[f"clerk:{office.name}"] = have.get(f"{prefix}clerk{n}")
    for n in range(1, 4):
        if f"{prefix}deputy{n}" in have:
            people[f"d{n}"] = have[f"{prefix}deputy{n}"]
    return people, created


def load_township_suggestions() -> dict[str, int]:
    """Each township's year of suggestions, where missing. Returns counts of what was created."""
    from renda.audit.services import record_event
    from renda.core.models import Congress, User
    from renda.suggestions.services import suggestion_config_ensure

    counts: Counter = Counter({"township_users": 0, "township_suggestions": 0})
    county = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    admin = User.objects.filter(username="sysadmin").first()
    if county is None or admin is None:
        return dict(counts)
    stories: list[tuple[dt.date, int, int, Any, Spec]] = []
    contexts: dict[int, tuple[Any, dict[str, Any], list[Spec]]] = {}
    for index, (township, _street) in enumerate(TOWNSHIPS):
        congress = Congress.objects.filter(name=township_congress_name(township), parent=county).first()
        if congress is None:
            continue
        specs = township_specs(index, township)
        if all(_exists(congress, s.title) for s in specs):
            continue
        with transaction.atomic():
            _ensure_units(congress, township, index, admin)
            people, created = _ensure_people(congress, township, index)
            if created:
                record_event(
                    actor=None,
                    actor_name="load_demo",
                    action="demo.load",
                    target=congress,
                    congress=congress,
                    after={"users": created},
                )
        counts["township_users"] += len(created)
        suggestion_config_ensure(congress=congress)
        if not all(f"d{n}" in people for n in (1, 2, 3)):
            continue
        contexts[index] = (congress, people, specs)
    if not contexts:
        return dict(counts)
    with demo_clock() as demo:
        ctxs = {i: _TownshipContext(c, demo, people, specs) for i, (c, people, specs) in contexts.items()}
        for index, ctx in ctxs.items():
            for position, spec in enumerate(ctx.specs):
                stories.append((ctx.start_of(spec), index, position, ctx, spec))
        # in the order they were put forward, so that each congress's case numbers follow the dates
        for _start, _index, _position, ctx, spec in sorted(stories, key=lambda s: (s[0], s[1], s[2])):
            if _exists(ctx.county, spec.title):
                continue
            story = Counter()
            with transaction.atomic():
                _story(ctx, spec, story)
            counts["township_suggestions"] += story["suggestions"]
            demo.release()
    return dict(counts)
