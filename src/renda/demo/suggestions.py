"""The suggestions of the demo county (示例县): about fifty deputies' suggestions of the current term, at
every stage of their life, made through the real services by the demo accounts.

``load_suggestions_demo()`` is called by ``manage.py load_demo`` after the county exists. It is
deterministic (the content is fixed; the little variation there is comes from RNGs seeded with each
suggestion's title) and idempotent (a suggestion whose title already exists in the county is skipped;
accounts and unit heads are only created when missing).

Time travel: a suggestion of the 5th session was drafted in February 2025, assigned in March and
answered in May. The services stamp everything with ``clock.now()`` and refuse back-dated input
(a deadline before today, a contact in the future), so each suggestion is played through at its own
earlier "now": inside the loader only, ``django.utils.timezone.now`` is patched (``demo_clock``) to a
clock that the script moves forward step by step and never past the real present. Everything the
services write — case times, deadlines computed on the working-day calendar, audit events,
notifications — is then exactly what real use at those moments would have written, and the cases
assigned half a year ago are overdue today.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from renda.core import clock

from .units import COUNTY_CONGRESS, STANDING_COMMITTEE

_real_now = timezone.now

# --- the clock --------------------------------------------------------------------------------------


class DemoClock:
    """``timezone.now`` while loading: a settable moment, never later than the real present."""

    def __init__(self) -> None:
        self.current: dt.datetime | None = None

    def now(self) -> dt.datetime:
        return self.current if self.current is not None else _real_now()

    def set(self, when: dt.datetime) -> None:
        latest = _real_now() - dt.timedelta(minutes=10)
        self.current = min(when, latest)

    def release(self) -> None:
        self.current = None


@contextmanager
def demo_clock() -> Iterator[DemoClock]:
    """Patch ``django.utils.timezone.now`` with a ``DemoClock`` for the duration of the block."""
    clock = DemoClock()
    with mock.patch("django.utils.timezone.now", clock.now):
        yield clock


class _Timeline:
    """Moves the clock to day offsets of one story, on working days, always forward."""

    def __init__(self, clock: DemoClock, start: dt.date, seed: str) -> None:
        self.clock, self.start = clock, start
        self.rng = random.Random(seed)
        self.last: dt.datetime | None = None

    def __call__(self, days: int, hour: int) -> dt.datetime:
        day = self.start + dt.timedelta(days=days)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        when = timezone.make_aware(
            dt.datetime.combine(day, dt.time(hour, self.rng.randrange(0, 50, 5))),
            timezone.get_default_timezone(),
        )
        if self.last is not None and when <= self.last:
            when = self.last + dt.timedelta(minutes=7)
        self.last = when
        self.clock.set(when)
        return self.clock.now()


# --- people -----------------------------------------------------------------------------------------

# deputy4…deputy8: county deputies of five other townships (the first ordinary deputy of each group).
EXTRA_DEPUTIES = [
    ("deputy4", "东坝镇"),
    ("deputy5", "西河镇"),
    ("deputy6", "红湾镇"),
    ("deputy7", "马蹄藏族乡"),
    ("deputy8", "祁丰藏族乡"),
]

# Handling units: (department, responsible person, clerk username, clerk name, clerk title).
UNITS = [
    ("县教育局", "王建华", "unitclerk", "", ""),
    ("县交通运输局", "张国栋", "unitclerk2", "", ""),
    ("县水务局", "陈永福", "unitclerk3", "杨晓梅", "办公室主任"),
    ("县卫生健康局", "何春燕", "unitclerk4", "郭志军", "医政医管股股长"),
    ("县民政局", "赵立新", "unitclerk5", "冯丽", "办公室科员"),
    ("县农业农村局", "韩振国", "unitclerk6", "安小军", "办公室副主任"),
    ("县文化和旅游局", "索南才让", "unitclerk7", "马晓燕", "办公室科员"),
    ("县林业和草原局", "才让东智", "unitclerk8", "石建平", "草原站站长"),
    # assigned but without a demo login: they stay "待签收"
    ("县城市管理综合执法局", "高志远", "", "", ""),
    ("县住房和城乡建设局", "吕伟", "unitclerk9", "苏文涛", "城建股股长"),
    # co-handlers of closed suggestions: they signed and sent their opinions (a case closes only when
    # every unit signed for it)
    ("县商务局", "孔德明", "unitclerk10", "马文静", "市场运行股股长"),
    ("县人力资源和社会保障局", "李永刚", "unitclerk11", "韩雪", "办公室科员"),
    ("县公安局", "周建军", "unitclerk12", "柴永强", "交警大队秩序股股长"),
    ("县自然资源局", "罗国强", "", "", ""),
]
LEADER_NAME = "马德福"


# --- the suggestions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    title: str
    author: str
    category: str
    problem: str
    asks: tuple[str, ...]
    stage: str
    # a session number (4, 5: the story starts on its opening day) or None (between sessions)
    session: int | None = None
    # between sessions: how many days before today the story starts
    days_ago: int = 0
    cosigners: tuple[str, ...] = ()
    invited: tuple[str, ...] = ()  # invited, not yet answered
    lead: str = ""
    co: tuple[str, ...] = ()
    reply: str = ""  # A–D
    answer: str = ""
    rating: str = ""  # satisfied / basically / dissatisfied
    final: bool | None = None
    key: bool = False
    publish: bool = False
    note: str = ""  # review note (return, refuse, merge)
    exclusion: str = ""
    merge_into: str = ""
    extension: bool = False
    not_public: str = ""
    type: str = "suggestion"
    # a reply drafted by the clerk and left with the unit's head: "pending" (待签发) or "sent_back"
    draft: str = ""


# Stages, in the order a suggestion goes through them.
STAGES = [
    "draft",
    "inviting",
    "withdrawn",
    "submitted",
    "returned",
    "refused",
    "merged",
    "accepted",
    "assigned",
    "handling",
    "replied",
    "closed",
    "following",
    "followed_closed",
    "rehandling",
    "rehandled",
]

S = Spec
SPECS: list[Spec] = [
    # ---- the 4th session (January 2024): all handled -------------------------------------------------
    S(
        "关于解决偏远乡镇学生上下学交通安全问题的建议",
        "deputy",
        "教育",
        "全县撤点并校后,北山乡、大河乡及祁丰藏族乡部分牧业村学生距寄宿制学校20公里以上,周末往返主要依靠家长"
        "骑摩托车接送或搭乘农用车,冬季路面结冰,安全隐患突出。",
        (
            "由县教育局牵头会同交通运输部门,为偏远乡镇开通周末学生专线",
            "为定制校车配备随车照管人员并安装定位监控设备",
            "将校车运营补贴纳入县级财政预算,保障长期运行",
        ),
        "closed",
        session=4,
        cosigners=("deputy2", "deputy3"),
        lead="县教育局",
        co=("县交通运输局",),
        reply="A",
        answer="已为北山乡、大河乡、祁丰藏族乡开通周末学生专线5条,购置符合国家标准的专用校车6辆,每车配备照管员"
        "1名并接入县级校车动态监控平台;校车运营补贴每年86万元已列入县级财政预算。",
        rating="satisfied",
        key=True,
        publish=True,
    ),
    S(
        "关于加快实施农村饮水安全巩固提升工程的建议",
        "deputy4",
        "农业农村",
        "东坝镇上坝、下坝等6个村仍以小型集中供水为主,管网建于2008年前后,老化漏损严重,夏季用水高峰时段高处"
        "农户经常断水,水质检测也不够及时。",
        (
            "将东坝镇6个村的供水管网改造列入年度巩固提升项目",
            "推进城乡供水一体化,由县自来水公司统一运营管护",
            "每季度公布农村集中供水水质检测结果",
        ),
        "closed",
        session=4,
        cosigners=("deputy",),
        lead="县水务局",
        reply="A",
        answer="2024年投资1260万元完成东坝镇6个村供水管网改造42公里,新建200立方米调蓄水池2座;东坝镇已并入"
        "城乡供水一体化管理,水质检测结果每季度在县政府网站公开。",
        rating="satisfied",
        publish=True,
    ),
    S(
        "关于加强乡镇卫生院全科医生队伍建设的建议",
        "deputy3",
        "医疗卫生",
        "全县12个乡镇卫生院中有5个没有全科医生,部分卫生院只有1名执业医师,群众看小病也要跑到县城,"
        "牧区群众就医尤为不便。",
        (
            "落实乡镇卫生院编制并定向招聘全科医生",
            "推行县级医院医生下沉乡镇卫生院坐诊制度",
            "提高在乡镇工作医务人员的津贴",
        ),
        "closed",
        session=4,
        lead="县卫生健康局",
        co=("县人力资源和社会保障局",),
        reply="A",
        answer="2024年定向招聘全科医生11名,县人民医院、县中医医院每周派出专家到12个乡镇卫生院坐诊;乡镇工作补贴"
        "提高到每人每月800元。",
        rating="satisfied",
        publish=True,
    ),
    S(
        "关于提高农村敬老院护理服务水平的建议",
        "deputy2",
        "社会保障",
        "县内4所农村敬老院护理人员平均年龄57岁,多数未接受过专业培训,失能、半失能老人护理需求得不到满足。",
        (
            "按照护理对象比例配齐护理人员",
            "每年组织护理人员参加专业技能培训",
            "探索公建民营,引入专业养老机构运营",
        ),
        "closed",
        session=4,
        cosigners=("deputy3",),
        lead="县民政局",
        reply="A",
        answer="已为4所敬老院新增护理员14名,全部参加养老护理员职业技能培训并取证;城关镇敬老院已于2024年9月"
        "实行公建民营,失能老人入住率提高到92%。",
        rating="basically",
        publish=True,
    ),
    S(
        "关于加大祁连山草原生态保护补助奖励力度的建议",
        "deputy7",
        "生态环境",
        "马蹄藏族乡草原面积大,实施禁牧和草畜平衡后,牧民减畜增收的渠道不多,部分牧户反映补奖资金发放不够及时。",
        (
            "确保草原生态保护补助奖励资金按时足额发放",
            "加强草原管护员队伍建设并提高待遇",
            "扶持发展舍饲养殖和牧家乐等替代产业",
        ),
        "closed",
        session=4,
        lead="县林业和草原局",
        co=("县农业农村局",),
        reply="A",
        answer="2024年草原补奖资金于7月底前通过“一卡通”全部发放到户;草原管护员由86名增加到120名,月补助提高到"
        "1500元;扶持建设标准化暖棚420座、牧家乐18家。",
        rating="satisfied",
        key=True,
        publish=True,
    ),
    S(
        "关于改善县城老旧小区冬季供暖效果的建议",
        "deputy",
        "城乡建设",
        "县城人民路、东大街一带老旧小区供热管网建于上世纪九十年代,冬季室温普遍只有14℃左右,群众反映强烈。",
        ("对老旧小区供热管网实施改造", "督促供热企业落实室温不低于18℃的服务标准", "建立供热投诉快速处理机制"),
        "closed",
        session=4,
        cosigners=("deputy2",),
        lead="县住房和城乡建设局",
        reply="C",
        final=True,
        answer="县城老旧小区供热管网改造需资金约4800万元,已申报中央预算内资金支持,在资金落实前先对末端用户"
        "加装换热设备,并开通供热服务热线。",
        rating="basically",
    ),
    S(
        "关于修建红湾镇农贸市场的建议",
        "deputy6",
        "城乡建设",
        "红湾镇每逢集日摊贩沿街摆卖,占道经营严重,既影响交通又存在安全隐患。",
        ("规划建设红湾镇农贸市场", "集中安置沿街摊贩"),
        "closed",
        session=4,
        lead="县住房和城乡建设局",
        reply="D",
        answer="红湾镇农贸市场项目已纳入县商贸流通体系建设规划,由红湾镇政府负责选址,待规划落地后组织实施,"
        "所提意见留作参考。",
        rating="basically",
    ),
    S(
        "关于解决本人承包地纠纷的建议",
        "deputy5",
        "其他",
        "本人与邻村村民因承包地边界发生纠纷,多次协调未果。",
        ("请有关部门帮助解决",),
        "refused",
        session=4,
        exclusion="personal",
        note="属个人事项,已告知代表通过乡镇调解委员会或诉讼途径解决",
    ),
    S(
        "关于加快农村公路“四好农村路”建设的建议",
        "deputy8",
        "交通",
        "祁丰藏族乡至部分牧业村的道路仍为砂石路,雨雪天气车辆难以通行,牧民出行和畜产品外运困难。",
        ("将祁丰藏族乡3条牧道列入农村公路建设计划", "建立农村公路“路长制”,落实日常养护"),
        "rehandled",
        session=4,
        lead="县交通运输局",
        reply="B",
        answer="祁丰藏族乡3条牧道共38公里已列入2024年农村公路建设计划,完成路基工程;全县推行县乡村三级路长制,"
        "设立公益性养护岗位64个。",
        rating="dissatisfied",
        key=True,
        publish=True,
    ),
    S(
        "关于扶持发展牦牛肉等特色农产品精深加工的建议",
        "deputy7",
        "农业农村",
        "我县牦牛、藏羊养殖规模大,但以出售活畜和初级产品为主,加工转化率低,牧民增收空间有限。",
        ("培育牦牛肉精深加工龙头企业", "打造区域公用品牌", "支持合作社建设冷链仓储设施"),
        "closed",
        session=4,
        cosigners=("deputy8",),
        lead="县农业农村局",
        co=("县商务局",),
        reply="A",
        answer="已引进牦牛肉精深加工企业1家,年加工能力5000吨;“祁连牦牛”区域公用品牌完成注册;支持3家合作社"
        "建设冷库,新增冷藏能力1200吨。",
        rating="satisfied",
        publish=True,
    ),
    S(
        "关于在城关镇增设公共停车场的建议",
        "deputy2",
        "城乡建设",
        "县城机动车保有量逐年增加,人民路、商业街一带停车难,车辆乱停乱放现象突出。",
        ("利用闲置地块建设公共停车场", "合理施划路侧停车泊位并实行错时共享"),
        "closed",
        session=4,
        lead="县住房和城乡建设局",
        co=("县公安局",),
        reply="B",
        final=True,
        answer="利用原农机站地块建设的公共停车场(180个泊位)已开工,预计年底投用;县城新施划路侧泊位460个,"
        "机关单位停车场节假日向社会开放。",
        rating="satisfied",
    ),
    # ---- the 5th session (February 2025) -------------------------------------------------------------
    S(
        "关于推进乡村旅游与民族文化融合发展的建议",
        "deputy7",
        "其他",
        "马蹄寺景区周边乡村旅游以观光为主,游客停留时间短,民族文化体验项目少,旅游收入带动作用不明显。",
        ("编制乡村旅游与民族文化融合发展规划", "扶持发展民宿和民族手工艺体验项目", "加强旅游从业人员培训"),
        "closed",
        session=5,
        cosigners=("deputy6",),
        lead="县文化和旅游局",
        reply="A",
        answer="《示例县乡村旅游发展规划(2025—2030年)》已印发;2025年扶持民宿32家、裕固族刺绣等非遗体验工坊"
        "6个,培训旅游从业人员560人次,马蹄寺景区游客平均停留时间延长到1.8天。",
        rating="satisfied",
        key=True,
        publish=True,
    ),
    S(
        "关于加强农村留守儿童关爱保护的建议",
        "deputy3",
        "教育",
        "全县有农村留守儿童1100余人,部分儿童由祖辈照看,心理健康和安全教育缺位。",
        (
            "在寄宿制学校配备专职心理健康教师",
            "建立留守儿童动态台账和结对帮扶制度",
            "利用村级儿童之家开展假期看护",
        ),
        "closed",
        session=5,
        cosigners=("deputy", "deputy2"),
        lead="县教育局",
        co=("县民政局",),
        reply="A",
        answer="全县寄宿制学校已配备专兼职心理健康教师28名;建立留守儿童“一人一档”台账并落实结对帮扶;"
        "暑期在36个村级儿童之家开展看护活动。",
        rating="satisfied",
        publish=True,
    ),
    S(
        "关于实施县城至西河镇公路改造的建议",
        "deputy5",
        "交通",
        "县城至西河镇公路路面破损严重,部分路段狭窄,急弯陡坡多,近年来交通事故时有发生。",
        ("将该路段改造列入省市交通建设项目库", "先行对急弯陡坡路段增设安全防护设施"),
        "followed_closed",
        session=5,
        cosigners=("deputy4",),
        lead="县交通运输局",
        reply="B",
        answer="县城至西河镇公路改造工程已列入市级交通建设项目库,完成工程可行性研究;急弯陡坡路段已增设波形"
        "护栏3.2公里、警示标志46块。",
        rating="satisfied",
        publish=True,
    ),
    S(
        "关于解决牧区冬季取暖困难的建议",
        "deputy8",
        "社会保障",
        "祁丰藏族乡冬季漫长,牧民取暖主要依靠煤炭和牛粪,煤价上涨后部分困难牧户取暖负担重。",
        ("对困难牧户发放冬季取暖补助", "推广太阳能暖房和节能炉具"),
        "following",
        days_ago=160,
        lead="县民政局",
        co=("县农业农村局",),
        reply="B",
        answer="2025年冬季为困难牧户发放取暖补助每户1200元,共覆盖432户;太阳能暖房推广已列入2026年项目计划,"
        "首批建设100户。",
        rating="satisfied",
        publish=True,
    ),
    S(
        "关于规范农村集中供水工程运行管护的建议",
        "deputy6",
        "农业农村",
        "红湾镇部分村集中供水工程建成后缺少专人管护,水泵损坏后长时间无人维修。",
        ("明确工程产权和管护主体", "落实管护经费"),
        "closed",
        session=5,
        lead="县水务局",
        reply="A",
        answer="已印发《示例县农村供水工程运行管理办法》,明确乡镇为管护责任主体,每村设管水员1名,县财政每年"
        "安排管护经费120万元。",
        rating="satisfied",
        publish=True,
    ),
    S(
        "关于建设县域冷链物流中心的建议",
        "deputy4",
        "农业农村",
        "东坝镇高原夏菜、食用菌产量逐年增长,但缺少冷链物流设施,产品上市集中、价格波动大。",
        ("规划建设县域冷链物流中心", "支持合作社建设产地冷藏保鲜设施", "对接电商平台拓宽销售渠道"),
        "closed",
        session=5,
        cosigners=("deputy5", "deputy6"),
        lead="县农业农村局",
        co=("县商务局",),
        reply="A",
        answer="县域冷链物流中心一期已建成投用,冷藏库容8000吨;支持21家合作社建设产地冷藏保鲜设施;与两家"
        "电商平台签订合作协议,2025年农产品网络销售额增长37%。",
        rating="satisfied",
        publish=True,
    ),
    S(
        "关于加快推进县第二幼儿园建设的建议",
        "deputy",
        "教育",
        "县城学前教育学位紧张,县第一幼儿园班额普遍超过40人,部分适龄幼儿只能到民办园就读。",
        ("加快县第二幼儿园建设进度", "严格控制公办园班额"),
        "rehandling",
        days_ago=105,
        lead="县教育局",
        reply="C",
        answer="县第二幼儿园项目因用地调整,建设进度推迟,待规划调整完成后开工建设。",
        rating="dissatisfied",
        key=True,
        draft="sent_back",
    ),
    S(
        "关于治理祁连山北麓草原鼠害的建议",
        "deputy7",
        "生态环境",
        "近年来马蹄藏族乡部分草场鼠害面积扩大,草场退化加剧,影响畜牧业生产。",
        ("加大草原鼠害防治投入", "推广生物防治和招鹰架等绿色防控技术"),
        "closed",
        session=5,
        lead="县林业和草原局",
        reply="A",
        answer="2025年完成草原鼠害防治28万亩,其中生物防治18万亩,架设招鹰架1200架,防治区草原植被盖度提高"
        "6个百分点。",
        rating="satisfied",
        publish=True,
    ),
    S(
        "关于为高龄老人发放高龄津贴的建议",
        "deputy2",
        "社会保障",
        "我县80周岁以上老人高龄津贴标准偏低,且需本人每年到乡镇现场认证,行动不便的老人很困难。",
        ("适当提高高龄津贴标准", "推行上门认证或刷脸认证"),
        "closed",
        session=5,
        lead="县民政局",
        reply="A",
        answer="自2025年7月起,80至89周岁老人高龄津贴由每月50元提高到100元;全面推行手机刷脸认证,对行动不便"
        "老人由村干部上门认证。",
        rating="satisfied",
        publish=True,
    ),
    S(
        "关于提高城乡居民医保报销比例的建议",
        "deputy6",
        "医疗卫生",
        "群众反映县外就医报销比例偏低,慢特病认定手续繁琐。",
        ("提高县外转诊报销比例",),
        "refused",
        session=5,
        exclusion="beyond_power",
        note="医保报销政策由省级统一制定,已向代表说明并转省人大代表参考",
    ),
    S(
        "关于完善乡村旅游道路标识标牌的建议",
        "deputy6",
        "交通",
        "通往红湾寺、马蹄寺等景点的道路标识标牌不全,外地游客容易走错路。",
        ("统一设置旅游交通标识标牌", "在主要路口设置景区导览图"),
        "closed",
        session=5,
        lead="县交通运输局",
        co=("县文化和旅游局",),
        reply="A",
        answer="已在国道、县道主要路口设置旅游交通标志牌86块、景区导览图12处,纳入全域旅游标识系统统一管理。",
        rating="basically",
        publish=True,
    ),
    S(
        "关于加强校园周边食品安全监管的建议",
        "deputy4",
        "教育",
        "县城部分中小学校周边流动摊点售卖“三无”食品,学生食品安全存在隐患。",
        ("开展校园周边食品安全专项整治", "建立学校食堂陪餐和家长监督制度"),
        "closed",
        session=5,
        lead="县教育局",
        reply="D",
        answer="县市场监管局已开展校园周边食品安全专项整治;学校食堂陪餐制度已全面落实,所提建议留作今后工作参考。",
        rating="basically",
        not_public="涉及对具体经营户的处理情况",
    ),
    S(
        "关于扶持发展中药材种植产业的建议",
        "deputy5",
        "农业农村",
        "西河镇气候适宜种植黄芪、党参等中药材,但农户种植分散,技术和销路都没有保障。",
        ("制定中药材产业扶持政策", "引进加工企业开展订单种植"),
        "closed",
        session=5,
        lead="县农业农村局",
        reply="A",
        answer="已出台中药材产业扶持办法,每亩补助300元;引进加工企业与1800户农户签订订单,种植面积达到2.3万亩。",
        rating="satisfied",
        publish=True,
    ),
    # ---- between sessions (the last year, relative to today) -----------------------------------------
    S(
        "关于提升县人民医院急诊急救能力的建议",
        "deputy3",
        "医疗卫生",
        "县人民医院急诊科医护力量不足,胸痛、卒中等急危重症救治能力有待提高,牧区急救半径过大。",
        ("建设胸痛中心、卒中中心", "在偏远乡镇卫生院设立急救站点"),
        "closed",
        days_ago=240,
        lead="县卫生健康局",
        reply="A",
        answer="县人民医院胸痛中心已通过国家基层版认证,卒中中心正在建设;在祁丰、马蹄两个乡卫生院设立急救站点,"
        "配备救护车2辆。",
        rating="satisfied",
        publish=True,
    ),
    S(
        "关于规范县城出租车和网约车经营秩序的建议",
        "deputy2",
        "交通",
        "县城出租车拒载、绕路、不打表现象时有发生,网约车无证经营问题突出,群众出行体验差。",
        ("开展客运市场专项整治", "推行出租车统一计价和电子支付", "规范网约车平台和车辆准入"),
        "closed",
        days_ago=210,
        lead="县交通运输局",
        reply="A",
        answer="开展客运市场专项整治3个月,查处违规经营行为57起;全县出租车已全部安装统一计价器并支持电子支付;"
        "网约车平台已完成备案,取得许可车辆128辆。",
        rating="satisfied",
        publish=True,
    ),
    S(
        "关于解决西河镇集镇供水压力不足的建议",
        "deputy5",
        "农业农村",
        "西河镇集镇区人口增加后,现有供水设施能力不足,早晚用水高峰时段楼房三层以上经常无水。",
        ("新建集镇区加压泵站", "改造集镇区供水主管道"),
        "replied",
        days_ago=100,
        lead="县水务局",
        reply="A",
        answer="西河镇集镇区加压泵站已建成投用,改造供水主管道2.6公里,高峰时段供水压力已达到0.28兆帕以上,"
        "三层以上住户用水恢复正常。",
    ),
    S(
        "关于在牧区推广“流动医院”巡回诊疗的建议",
        "deputy8",
        "医疗卫生",
        "祁丰藏族乡牧户居住分散,距乡卫生院最远的有80多公里,老人和慢性病患者就医困难。",
        ("配备流动诊疗车开展巡回诊疗", "为牧区慢性病患者建立健康档案并定期随访"),
        "replied",
        days_ago=105,
        lead="县卫生健康局",
        reply="B",
        answer="已购置流动诊疗车1辆,县人民医院每月到祁丰藏族乡巡回诊疗2次;牧区慢性病患者健康档案正在建立,"
        "计划年底前完成全部随访建档。",
    ),
    S(
        "关于提高集体公益林生态效益补偿标准的建议",
        "deputy7",
        "生态环境",
        "我县集体公益林生态效益补偿标准低于周边县区,林农管护积极性不高。",
        ("将补偿标准提高到与国家级公益林同等水平",),
        "replied",
        days_ago=110,
        lead="县林业和草原局",
        reply="C",
        answer="集体公益林补偿标准由中央和省级财政统一确定,县级财政暂无能力补足差额;我局已将代表建议向省林草局"
        "专题反映,并积极争取提高补偿标准。",
    ),
    S(
        "关于举办祁连山冰雪旅游节的建议",
        "deputy6",
        "其他",
        "我县冬季旅游资源丰富但开发不足,冬季游客少,旅游淡季明显。",
        ("举办冰雪旅游节,打造冬季旅游品牌",),
        "replied",
        days_ago=95,
        lead="县文化和旅游局",
        reply="D",
        answer="冰雪旅游节需统筹场地、安全和客源等因素,我局将在编制冬春季旅游营销方案时研究吸收,所提建议留作参考。",
    ),
    S(
        "关于改善乡镇寄宿制学校冬季供暖条件的建议",
        "deputy",
        "教育",
        "北山乡、大河乡寄宿制学校仍使用燃煤小锅炉供暖,宿舍温度偏低,且存在一氧化碳中毒隐患。",
        ("实施寄宿制学校清洁供暖改造", "为学生宿舍配备一氧化碳报警器"),
        "handling",
        days_ago=200,
        cosigners=("deputy3",),
        lead="县教育局",
        co=("县住房和城乡建设局",),
        key=True,
        draft="pending",
    ),
    S(
        "关于开通县城至大河乡农村客运班线的建议",
        "deputy3",
        "交通",
        "大河乡至县城没有直达客运班线,群众进城需在西河镇换乘,单程耗时两个多小时。",
        ("开通县城至大河乡直达客运班线", "对农村客运班线给予运营补贴"),
        "handling",
        days_ago=190,
        lead="县交通运输局",
        extension=True,
    ),
    S(
        "关于整治西河镇河道乱采乱挖的建议",
        "deputy5",
        "生态环境",
        "西河镇黑河支流河道内存在私挖滥采砂石现象,河床下切,威胁沿岸农田和堤防安全。",
        ("开展河道采砂专项整治", "落实河长巡河责任"),
        "handling",
        days_ago=185,
        lead="县水务局",
        co=("县自然资源局",),
    ),
    S(
        "关于建设农村互助幸福院的建议",
        "deputy4",
        "社会保障",
        "东坝镇农村独居、空巢老人较多,日间照料和助餐服务缺乏。",
        ("在中心村建设互助幸福院", "提供助餐、日间照料服务"),
        "handling",
        days_ago=70,
        lead="县民政局",
    ),
    S(
        "关于加强牧区包虫病防治工作的建议",
        "deputy8",
        "医疗卫生",
        "祁丰藏族乡、马蹄藏族乡是包虫病流行区,部分牧民防病意识不强,犬只驱虫不到位。",
        ("开展包虫病筛查和免费治疗", "落实犬只登记和定期驱虫", "加强防治知识宣传"),
        "handling",
        days_ago=60,
        cosigners=("deputy7",),
        lead="县卫生健康局",
        co=("县农业农村局",),
        key=True,
    ),
    S(
        "关于推进农村生活垃圾集中收运处理的建议",
        "deputy4",
        "生态环境",
        "东坝镇部分村生活垃圾收集点设置不足,清运不及时,河道两侧垃圾堆积。",
        ("完善村级垃圾收集设施", "建立“户分类、村收集、镇转运、县处理”机制"),
        "assigned",
        days_ago=130,
        lead="县城市管理综合执法局",
    ),
    S(
        "关于支持农村电商服务站点建设的建议",
        "deputy6",
        "农业农村",
        "红湾镇部分村没有快递服务点,群众网购和农产品外销都要到镇上收发快递。",
        ("推进县乡村三级物流配送体系建设", "依托村级便民服务站设立电商服务点"),
        "assigned",
        days_ago=30,
        lead="县商务局",
        co=("县交通运输局",),
    ),
    S(
        "关于为乡村教师建设周转宿舍的建议",
        "deputy2",
        "教育",
        "部分乡村学校教师住在教室改建的简易宿舍,条件差,留不住年轻教师。",
        ("实施乡村教师周转宿舍建设工程",),
        "assigned",
        days_ago=20,
        lead="县教育局",
    ),
    S(
        "关于推进城区老旧小区加装电梯的建议",
        "deputy2",
        "城乡建设",
        "县城多层老旧住宅楼没有电梯,高层住户中的老人上下楼困难。",
        ("出台加装电梯财政补贴政策", "简化加装电梯审批手续"),
        "accepted",
        days_ago=12,
    ),
    S(
        "关于建设县级全民健身中心的建议",
        "deputy5",
        "其他",
        "县城缺少室内综合性健身场馆,冬季群众健身活动受限。",
        ("规划建设县级全民健身中心",),
        "accepted",
        days_ago=10,
        cosigners=("deputy2",),
    ),
    S(
        "关于加强农村道路交通安全管理的建议",
        "deputy6",
        "交通",
        "农村地区低速电动车、三轮车载人现象普遍,驾驶人无证驾驶、不戴头盔,交通事故多发。",
        ("加强农村道路交通安全宣传", "在事故多发路段设置减速带和警示标志"),
        "submitted",
        days_ago=5,
        cosigners=("deputy",),
    ),
    S(
        "关于提高村医待遇稳定村医队伍的建议",
        "deputy3",
        "医疗卫生",
        "全县村医平均年龄超过55岁,收入偏低且没有养老保障,年轻人不愿当村医。",
        ("提高村医基本公共卫生服务补助", "为村医缴纳养老保险"),
        "submitted",
        days_ago=4,
    ),
    S(
        "关于做好草原禁牧区生态移民后续扶持的建议",
        "deputy8",
        "生态环境",
        "祁丰藏族乡生态移民搬迁后,部分移民就业渠道窄,收入来源单一。",
        ("开展移民技能培训", "在安置点发展特色种养和手工业"),
        "submitted",
        days_ago=3,
    ),
    S(
        "关于加快发展县域经济的建议",
        "deputy4",
        "其他",
        "我县经济总量小,产业结构单一。",
        ("加快发展县域经济",),
        "returned",
        days_ago=9,
        note="建议内容较为笼统,请补充具体问题、原因分析和可操作的措施后重新提交。",
    ),
    S(
        "关于解决城关镇东关片区排水不畅问题的建议",
        "deputy2",
        "城乡建设",
        "东关片区一到雨季就积水。",
        ("改造排水管网",),
        "returned",
        days_ago=8,
        note="请补充积水的具体路段、影响范围,以及此前向有关部门反映的情况。",
    ),
    S(
        "关于在大河乡建设标准化卫生院的建议",
        "deputy2",
        "医疗卫生",
        "大河乡卫生院业务用房建于1985年,属危房,门诊、住院、公卫挤在一栋楼里。",
        ("将大河乡卫生院迁建列入县医疗卫生基础设施项目",),
        "inviting",
        days_ago=3,
        invited=("deputy", "deputy3"),
    ),
    S(
        "关于扶持发展乡村夜间经济的建议",
        "deputy6",
        "其他",
        "红湾镇夏季游客较多,但夜间消费场所少,游客晚上无处可去。",
        ("规划建设夜市街区", "举办夏季夜间文化活动"),
        "inviting",
        days_ago=2,
        invited=("deputy", "deputy5"),
    ),
    S(
        "关于规范中小学课后服务的建议",
        "deputy",
        "教育",
        "部分学校课后服务内容单一,以看管和写作业为主,家长希望增加体育、艺术类活动。",
        ("丰富课后服务内容", "引入校外优质资源参与课后服务"),
        "draft",
        days_ago=1,
    ),
    S(
        "关于加强牛羊屠宰检疫监管的建议",
        "deputy7",
        "农业农村",
        "乡镇私屠滥宰现象仍然存在,未经检疫的牛羊肉流入市场。",
        ("加强定点屠宰场建设", "开展私屠滥宰专项整治"),
        "draft",
        days_ago=1,
    ),
    S(
        "关于调整县城公交线路的建议",
        "deputy5",
        "交通",
        "县城公交2路车发车间隔长,新建的县医院院区没有公交通达。",
        ("调整公交线路,延伸至县医院新院区",),
        "withdrawn",
        days_ago=40,
    ),
    # merged: run from their target's story, once the target is accepted
    S(
        "关于为村级卫生室配备基本医疗设备的建议",
        "deputy5",
        "医疗卫生",
        "西河镇部分村卫生室设备简陋,只能测量血压、体温,群众做心电图、血常规都要到镇卫生院。",
        ("为村卫生室配备心电图机、血糖仪等基本设备", "推广远程会诊,让村医能得到上级医生的指导"),
        "merged",
        session=4,
        merge_into="关于加强乡镇卫生院全科医生队伍建设的建议",
        note="与同类建议合并办理,由县卫生健康局统一答复",
    ),
    S(
        "关于在牧区推广太阳能暖房的建议",
        "deputy7",
        "社会保障",
        "马蹄藏族乡牧民冬季取暖成本高,太阳能资源丰富但利用不足。",
        ("对牧户建设太阳能暖房给予补贴",),
        "merged",
        days_ago=158,
        merge_into="关于解决牧区冬季取暖困难的建议",
        note="与同类建议合并办理,由县民政局统一答复",
    ),
]

RATING_COMMENTS = {
    "satisfied": "办理态度认真,措施具体,问题得到解决。",
    "basically": "办理态度较好,但部分问题仍需持续跟进落实。",
    "dissatisfied": "答复未能解决实际问题,希望重新研究、拿出具体措施。",
}
WITHDRAW_REASON = "已与县交通运输局当面沟通,公交线路已于本月调整,问题已解决。"


def _body(spec: Spec) -> str:
    numbers = "一二三四五"
    asks = "\n".join(
        f"{numbers[i]}是{a}{'。' if i == len(spec.asks) - 1 else ';'}" for i, a in enumerate(spec.asks)
    )
    return f"一、存在的问题\n{spec.problem}\n\n二、建议\n{asks}"


class _Context:
    """Everything a story needs: the county, its people, units, sessions and configuration.

    ``county`` is the congress the stories belong to; a township's context (``townships.py``) sets its
    own people, units and wording (who assigns, how a unit calls itself)."""

    specs: list[Spec] = SPECS
    assign_note = "经县人大常委会主任会议研究,交由有关单位办理。"
    unit_self = "我局"  # how a replying unit calls itself
    unit_prefix = "县"  # left out of the unit's name in the reply's closing line

    def __init__(self, county: Any, clock: DemoClock) -> None:
        from renda.core.models import Organization, Session, User
        from renda.suggestions.models import Category, ExclusionReason
        from renda.suggestions.services import mandate_of

        self.county, self.clock = county, clock
        names = ["staff", "leader", "unitleader"] + [f"deputy{n}" if n > 1 else "deputy" for n in range(1, 9)]
        names += [u[2] for u in UNITS if u[2]]
        self.users = {u.username: u for u in User.objects.filter(username__in=names)}
        self.mandates = {n: mandate_of(u, county) for n, u in self.users.items() if n.startswith("deputy")}
        self.units = {
            o.name: o for o in Organization.objects.filter(congress=county, name__in=[u[0] for u in UNITS])
        }
        self.units.update(
            {
                o.name: o
                for o in Organization.objects.filter(
                    congress=county, name__in={c for s in SPECS for c in s.co}
                )
            }
        )
        self.heads = {u[0]: u[1] for u in UNITS}
        self.clerks = {u[0]: self.users.get(u[2]) for u in UNITS if u[2]}
        self.sessions = {
            s.number: s
            for s in Session.objects.filter(term__congress=county, term__is_current=True, number__in=[4, 5])
        }
        self.categories = {c.name: c for c in Category.objects.filter(congress=county)}
        self.exclusions = {e.code: e for e in ExclusionReason.objects.filter(congress=county)}

    def clerk(self, unit: str, *, replying: bool = False) -> Any:
        if replying and unit == "县教育局" and "unitleader" in self.users:
            return self.users["unitleader"]  # the bureau's head signs the reply off himself
        return self.clerks.get(unit)

    def start_of(self, spec: Spec) -> dt.date:
        if spec.session is not None:
            return self.sessions[spec.session].start_date
        return timezone.localdate(_real_now()) - dt.timedelta(days=spec.days_ago)


def _assignment(case: Any, unit: Any) -> Any:
    from renda.cases.models import Assignment

    return Assignment.objects.filter(case=case, organization=unit).order_by("-round", "-id").first()


def _latest_reply(assignment: Any) -> Any:
    return assignment.replies.order_by("-replied_at", "-id").first()


def _reply_text(ctx: _Context, spec: Spec, author: Any, unit: str, answer: str) -> str:
    when = timezone.localdate(ctx.clock.now())
    return (
        f"{author.full_name}代表:\n\n"
        f"您提出的《{spec.title.removeprefix('关于').removesuffix('的建议')}》的建议收悉。{ctx.unit_self}高度重视,"
        f"由主要负责同志牵头,会同有关方面认真研究办理,现将办理情况答复如下:\n\n{answer}\n\n"
        f"感谢您对{unit.removeprefix(ctx.unit_prefix)}工作的关心和支持,欢迎继续提出宝贵意见。\n\n"
        f"{unit}\n{when.year}年{when.month}月{when.day}日"
    )


def _story(ctx: _Context, spec: Spec, counts: Counter) -> None:
    """Play one suggestion through its life, each step by the person who takes it in real use."""
    from renda.cases import services as engine
    from renda.cases.choices import ContactMode, ContactPhase, SupervisionMode
    from renda.suggestions import services as svc
    from renda.suggestions.models import CoSignature, Suggestion

    at = _Timeline(ctx.clock, ctx.start_of(spec), spec.title)
    u = ctx.users
    author, staff, leader = u[spec.author], u["staff"], u["leader"]
    stage = spec.stage

    at(0, 9)
    s = svc.suggestion_draft_create(
        actor=author,
        congress=ctx.county,
        title=spec.title,
        body=_body(spec),
        type=spec.type,
        category=ctx.categories.get(spec.category),
        session=ctx.sessions.get(spec.session) if spec.session else None,
        not_public=bool(spec.not_public),
        not_public_reason=spec.not_public,
    )
    counts["suggestions"] += 1
    invited = spec.invited or spec.cosigners
    if invited:
        at(0, 10)
        svc.cosigner_invite(actor=author, suggestion=s, mandates=[ctx.mandates[n] for n in invited])
        for i, name in enumerate(spec.cosigners):
            at(0, 15 + i)
            sig = CoSignature.objects.get(suggestion=s, user=u[name])
            svc.cosigner_respond(actor=u[name], cosignature=sig, confirm=True)
    if stage in ("draft", "inviting"):
        return
    at(1, 16)
    svc.suggestion_submit(actor=author, suggestion=s)
    if stage == "withdrawn":
        at(3, 11)
        svc.suggestion_withdraw(actor=author, suggestion=s, reason=WITHDRAW_REASON)
        return
    if stage == "submitted":
        return

    at(6, 10)
    if stage == "returned":
        svc.suggestion_review(actor=staff, suggestion=s, outcome="return", note=spec.note)
        return
    if stage == "refused":
        svc.suggestion_review(
            actor=staff,
            suggestion=s,
            outcome="refuse",
            note=spec.note,
            exclusion_reason=ctx.exclusions[spec.exclusion],
        )
        return
    if stage == "merged":
        target = Suggestion.objects.get(case__congress=ctx.county, case__title=spec.merge_into)
        svc.suggestion_review(actor=staff, suggestion=s, outcome="merge", note=spec.note, merge_into=target)
        return
    svc.suggestion_review(
        actor=staff,
        suggestion=s,
        outcome="accept",
        note="符合立案条件,予以立案。",
        category=ctx.categories.get(spec.category),
    )
    # the suggestions merged into this one are reviewed while it is open
    for other in ctx.specs:
        if other.merge_into == spec.title and not _exists(ctx.county, other.title):
            _story(ctx, other, counts)
            at(6, 16)
    if stage == "accepted":
        return

    at(15, 10)
    case = s.case
    case.refresh_from_db()
    engine.case_assign(
        actor=staff,
        case=case,
        lead=ctx.units[spec.lead],
        co_handlers=[ctx.units[c] for c in spec.co],
        note=ctx.assign_note,
    )
    if spec.key:
        at(16, 15)
        case.refresh_from_db()
        engine.case_mark_key(actor=staff, case=case, is_key=True, supervising_leader=leader)
    if stage == "assigned":
        return

    lead = _assignment(case, ctx.units[spec.lead])
    clerk = ctx.clerk(spec.lead)
    replier = ctx.clerk(spec.lead, replying=True)
    at(17, 9)
    engine.assignment_sign(actor=clerk, assignment=lead)
    co_assignments = []
    for name in spec.co:
        co_clerk = ctx.clerk(name)
        if co_clerk is not None:
            at(17, 11)
            a = _assignment(case, ctx.units[name])
            engine.assignment_sign(actor=co_clerk, assignment=a)
            co_assignments.append((co_clerk, a))
    at(22, 15)
    engine.plan_submit(
        actor=clerk,
        assignment=lead,
        text=(
            f"成立由{ctx.heads[spec.lead]}同志任组长的办理工作专班:一是深入实地调研,摸清问题底数;"
            "二是与领衔代表当面沟通,听取意见;三是会同协办单位制定具体措施,明确责任股室和完成时限;"
            "四是按期书面答复,并跟踪落实到位。"
        ),
        responsible_person=ctx.heads[spec.lead],
        planned_finish=timezone.localdate(lead.assigned_at) + dt.timedelta(days=80),
    )
    when = at(25, 10)
    engine.contact_record(
        actor=clerk,
        assignment=lead,
        contacted_at=when,
        mode=ContactMode.PHONE,
        phase=ContactPhase.BEFORE,
        unit_person=clerk.full_name,
        counterpart=author.full_name,
        summary="向代表了解建议涉及的具体情况和群众诉求,商定办理思路和实地察看时间。",
    )
    for co_clerk, a in co_assignments:
        at(40, 16)
        engine.co_handler_opinion_send(
            actor=co_clerk,
            assignment=a,
            opinion="我单位同意主办单位的办理方案,将按职责做好配合工作,相关资金和项目支持意见已书面送达。",
        )
    if spec.key:
        at(45, 10)
        engine.supervision_record(
            actor=leader,
            case=case,
            mode=SupervisionMode.ON_SITE,
            notes=(
                f"{LEADER_NAME}主任带领县人大常委会有关工委到{spec.lead}现场督办,听取办理情况汇报,要求"
                "压实责任、倒排工期,确保代表建议按期办结、群众满意。"
            ),
        )
    at(50, 15)
    engine.progress_report(
        actor=clerk,
        assignment=lead,
        text="已完成实地调研和方案论证,相关项目正在按计划推进。",
        percent_done=60,
    )
    if stage == "handling":
        if spec.extension:
            at(60, 10)
            engine.extension_request(
                actor=clerk,
                assignment=lead,
                requested_deadline=lead.deadline + dt.timedelta(days=45),
                reason="客运班线开通须经线路论证、车辆购置和经营权招标,预计需延期一个半月。",
            )
        later = spec.days_ago - 20
        if later > 55:
            at(later, 16)
            engine.progress_report(
                actor=clerk,
                assignment=lead,
                text="项目资金已争取落实,正在组织施工,待完工验收后书面答复代表。",
                percent_done=80,
            )
        if spec.key:
            at(later if later > 55 else 52, 10)
            engine.supervision_record(
                actor=leader,
                case=case,
                mode=SupervisionMode.FOLLOW_UP,
                notes="听取承办单位办理进展汇报,要求在办理期限内书面答复代表。",
            )
        if spec.draft and replier is not clerk:
            _draft_left_with_the_head(ctx, spec, at, max(56, spec.days_ago - 8), clerk, replier, lead, author)
        return

    when = at(55, 10)
    engine.contact_record(
        actor=clerk,
        assignment=lead,
        contacted_at=when,
        mode=ContactMode.ON_SITE,
        phase=ContactPhase.DURING,
        unit_person=ctx.heads[spec.lead],
        counterpart=author.full_name,
        summary="陪同代表实地察看建议涉及的现场,通报办理进展和下一步措施,代表对办理措施表示认可。",
    )
    at(75, 15)
    _unit_replies(
        ctx,
        spec,
        at,
        76,
        clerk,
        replier,
        lead,
        classification=spec.reply,
        text=_reply_text(ctx, spec, author, spec.lead, spec.answer),
        is_final=spec.final,
    )
    if stage == "replied":
        return

    at(85, 10)
    first = spec.rating
    engine.case_rate(actor=author, reply=_latest_reply(lead), value=first, comment=RATING_COMMENTS[first])
    if stage in ("followed_closed", "rehandled", "rehandling"):
        lead.refresh_from_db()
        if stage == "rehandling":
            at(92, 10)
            engine.supervision_record(
                actor=leader,
                case=case,
                mode=SupervisionMode.LEADER_LED,
                notes="代表测评不满意,常委会主任会议成员领衔督办,要求承办单位重新研究、拿出切实可行的措施。",
            )
            if spec.draft and replier is not clerk:
                _draft_left_with_the_head(
                    ctx, spec, at, max(94, spec.days_ago - 8), clerk, replier, lead, author
                )
            return
        when = at(95, 10)
        engine.contact_record(
            actor=clerk,
            assignment=lead,
            contacted_at=when,
            mode=ContactMode.FACE_TO_FACE,
            phase=ContactPhase.DURING,
            unit_person=ctx.heads[spec.lead],
            counterpart=author.full_name,
            summary="就代表意见当面沟通,通报后续整改措施和时间安排。",
        )
        at(160, 15)
        _unit_replies(
            ctx,
            spec,
            at,
            161,
            clerk,
            replier,
            lead,
            classification="A",
            text=_reply_text(
                ctx,
                spec,
                author,
                spec.lead,
                spec.answer + "目前上述工作已全部完成,代表反映的问题已得到解决。",
            ),
            is_final=True,
        )
        at(170, 10)
        engine.case_rate(
            actor=author, reply=_latest_reply(lead), value="satisfied", comment=RATING_COMMENTS["satisfied"]
        )
    if spec.publish:
        at(175 if stage in ("followed_closed", "rehandled") else 88, 9)
        s.case.refresh_from_db()
        svc.suggestion_publish(actor=staff, suggestion=s)
        counts["published"] += 1


def _unit_replies(
    ctx: _Context,
    spec: Spec,
    at: _Timeline,
    sign_off_day: int,
    clerk: Any,
    head: Any,
    lead: Any,
    *,
    classification: str,
    text: str,
    is_final: bool | None,
) -> Any:
    """The unit's reply: where the unit's head has a login the clerk drafts it and the head signs it off
    (签发) on ``sign_off_day``; otherwise the clerk replies in the head's name, as units without one do."""
    from renda.cases import services as engine

    if head is clerk or head is None:
        return engine.reply_submit(
            actor=clerk,
            assignment=lead,
            classification=classification,
            text=text,
            signing_leader=ctx.heads[spec.lead],
            is_final=is_final,
        )
    draft = engine.reply_draft_submit(
        actor=clerk, assignment=lead, classification=classification, text=text, is_final=is_final
    )
    at(sign_off_day, 10)
    return engine.reply_sign_off(actor=head, draft=draft)


def _draft_left_with_the_head(
    ctx: _Context, spec: Spec, at: _Timeline, day: int, clerk: Any, head: Any, lead: Any, author: Any
) -> None:
    """A reply still inside the unit on the demo's day: waiting for the head's sign-off, or sent back
    to the clerk with what to change."""
    from renda.cases import services as engine

    lead.refresh_from_db()
    at(day, 15)
    draft = engine.reply_draft_submit(
        actor=clerk,
        assignment=lead,
        classification="B",
        text=_reply_text(ctx, spec, author, spec.lead, spec.answer),
        is_final=False,
    )
    if spec.draft == "sent_back":
        at(day + 1, 9)
        engine.reply_send_back(
            actor=head,
            draft=draft,
            note="答复稿对代表提出的具体诉求回应不够,请写明资金来源、建设时限和责任股室后重新送签。",
        )


def _exists(county: Any, title: str) -> bool:
    from renda.cases.models import Case

    return Case.objects.filter(congress=county, kind="suggestion", title=title).exists()


def _ensure_people(county: Any) -> int:
    """The extra logins (deputy4…8, unitclerk3…9) and the units' responsible persons, when missing.

    Accounts are bootstrap data of the demo, written like ``builder.build_accounts`` writes the others:
    one hash of the shared demo password for all of them (``user_create`` would hash it a dozen times,
    seconds for nothing) and one ``demo.load`` audit event naming them. The responsible persons go
    through ``organization_update`` by the system administrator.
    """
    from django.contrib.auth.hashers import make_password

    from renda.audit.services import record_event
    from renda.core.choices import Role
    from renda.core.models import Membership, Organization, User
    from renda.core.services import organization_update
    from renda.deputies.models import DeputyMandate

    admin = User.objects.filter(username="sysadmin").first()
    committee = Organization.objects.filter(congress=county, name=STANDING_COMMITTEE[0]).first()
    if admin is None or committee is None:
        return 0
    units = {o.name: o for o in Organization.objects.filter(congress=county, name__in=[u[0] for u in UNITS])}
    wanted: list[
        tuple[str, str, str, str, Organization, Any]
    ] = []  # username, name, phone, role, org, deputy
    for username, township in EXTRA_DEPUTIES:
        if User.objects.filter(username=username).exists():
            continue
        mandate = (
            DeputyMandate.objects.active()
            .filter(
                congress=county,
                group__name=f"{township}代表小组",
                deputy__user__isnull=True,
                is_standing_committee_member=False,
            )
            .select_related("deputy")
            .order_by("deputy__full_name", "deputy__birth_date", "pk")
            .first()
        )
        if mandate is not None:
            d = mandate.deputy
            wanted.append((username, d.full_name, d.phone, Role.DEPUTY, committee, d))
    titles = {}
    for name, _head, username, clerk_name, title in UNITS:
        if username and clerk_name and name in units and not User.objects.filter(username=username).exists():
            wanted.append((username, clerk_name, "", Role.UNIT_CLERK, units[name], None))
            titles[username] = title
    created: list[str] = []
    with transaction.atomic():
        password = make_password(settings.RENDA["DEMO_PASSWORD"]) if wanted else ""
        for username, full_name, phone, role, organization, deputy in wanted:
            user = User.objects.create(
                username=username,
                full_name=full_name,
                phone=phone,
                password=password,
                must_change_password=False,
                password_changed_at=clock.now(),
            )
            Membership.objects.create(
                user=user, organization=organization, role=role, title=titles.get(username, "")
            )
            if deputy is not None:
                deputy.user = user
                deputy.save(update_fields=["user"])
            created.append(username)
        if created:
            record_event(
                actor=None,
                actor_name="load_demo",
                action="demo.load",
                target=county,
                congress=county,
                after={"users": created},
            )
    for name, head, *_rest in UNITS:
        unit = units.get(name)
        if unit is not None and not unit.responsible_person:
            organization_update(actor=admin, organization=unit, responsible_person=head)
    if not committee.responsible_person:
        organization_update(actor=admin, organization=committee, responsible_person=LEADER_NAME)
    return len(created)


def load_suggestions_demo() -> dict[str, int]:
    """Create the demo suggestions that are missing. Returns counts of what was created."""
    from renda.core.models import Congress
    from renda.suggestions.services import suggestion_config_ensure

    counts: Counter = Counter({"users": 0, "suggestions": 0, "published": 0})
    county = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    if county is None:
        return dict(counts)
    counts["users"] += _ensure_people(county)
    suggestion_config_ensure(congress=county)
    with demo_clock() as clock:
        ctx = _Context(county, clock)
        # in the order they were put forward, so that the case numbers follow the dates
        ordered = sorted(enumerate(SPECS), key=lambda pair: (ctx.start_of(pair[1]), pair[0]))
        for _index, spec in ordered:
            if spec.stage == "merged" or _exists(county, spec.title):
                continue
            with transaction.atomic():
                _story(ctx, spec, counts)
            clock.release()
    # the townships' own year: suggestions at their congresses, handled by their offices (townships.py)
    from .townships import load_township_suggestions

    counts.update(load_township_suggestions())
    return dict(counts)
