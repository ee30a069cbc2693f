"""The organisations, townships and stations of the demo county (示例县)."""

from __future__ import annotations

CITY_CONGRESS = "示例市人大"
COUNTY_CONGRESS = "示例县人大"
SIBLING_CONGRESS = "邻县人大"

TERM_NUMBER = 18
TERM_START = 2021
TERM_END = 2026

# (name, short name) of the county's congress bodies. The standing committee is the parent of the
# committees; the office stands beside it.
STANDING_COMMITTEE = ("示例县人大常务委员会", "县人大常委会")
CONGRESS_OFFICE = ("示例县人大常委会办公室", "县人大办")
COMMITTEES = [
    ("示例县人大常委会代表工作委员会", "代表工委"),
    ("示例县人大财政经济委员会", "财经委"),
    ("示例县人大法制委员会", "法制委"),
    ("示例县人大监察和司法委员会", "监察司法委"),
    ("示例县人大教育科学文化卫生委员会", "教科文卫委"),
    ("示例县人大常委会农业农村工作委员会", "农工委"),
    ("示例县人大常委会预算工作委员会", "预工委"),
]
GOVERNMENT = ("示例县人民政府", "县政府")

# Government departments (承办单位), parent the county government. Only bodies of the government:
# vertically managed offices and state companies are left out.
DEPARTMENTS: list[str] = [
    "县人民政府办公室",
    "县发展和改革局",
    "县教育局",
    "县科学技术局",
    "县工业和信息化局",
    "县公安局",
    "县民政局",
    "县司法局",
    "县财政局",
    "县人力资源和社会保障局",
    "县自然资源局",
    "县生态环境局",
    "县住房和城乡建设局",
    "县交通运输局",
    "县水务局",
    "县农业农村局",
    "县商务局",
    "县文化和旅游局",
    "县卫生健康局",
    "县退役军人事务局",
    "县应急管理局",
    "县审计局",
    "县市场监督管理局",
    "县统计局",
    "县医疗保障局",
    "县林业和草原局",
    "县乡村振兴局",
    "县城市管理综合执法局",
    "县信访局",
    "县民族宗教事务委员会",
    "县体育局",
    "县机关事务管理局",
    "县政务服务中心",
    "县粮食和物资储备局",
    "县融媒体中心",
]

SUPERVISED = [
    ("示例县监察委员会", "县监委", "supervisory_commission"),
    ("示例县人民法院", "县法院", "court"),
    ("示例县人民检察院", "县检察院", "procuratorate"),
]

# (township, seat street) — towns first, then the ethnic townships of the pastures.
TOWNSHIPS: list[tuple[str, str]] = [
    ("城关镇", "人民路"),
    ("东坝镇", "东坝街"),
    ("西河镇", "河西路"),
    ("南川镇", "南川大道"),
    ("红湾镇", "红湾路"),
    ("康乐镇", "康乐街"),
    ("北山乡", "北山路"),
    ("大河乡", "大河路"),
    ("明花乡", "明花街"),
    ("马蹄藏族乡", "马蹄寺路"),
    ("白银蒙古族乡", "白银路"),
    ("祁丰藏族乡", "祁丰路"),
]
# The first ten townships have a liaison station (代表联络站); the two smallest share their neighbours'.
STATIONED_TOWNSHIPS = 10

VILLAGE_SUFFIXES = ["村", "村", "村", "社区"]
VILLAGE_STEMS = list("东西南北上下前后新红青石柳杨沙河泉湾坪坝滩台寨庄")

# Sessions of the term: (number, year, month, day of opening, days).
SESSIONS = [
    (1, 2021, 1, 12, 4),
    (2, 2022, 1, 18, 3),
    (3, 2023, 2, 14, 3),
    (4, 2024, 1, 23, 3),
    (5, 2025, 2, 18, 3),
]

# Occupations by category (职业构成), for the text field on the deputy record.
OCCUPATIONS: dict[str, list[str]] = {
    "worker": [
        "县自来水公司维修工",
        "县供热公司锅炉工",
        "县城区环卫站环卫工人",
        "示例县矿业公司采矿工人",
        "县农机站农机手",
        "示例县建筑公司施工员",
    ],
    "farmer": [
        "{village}村民",
        "{village}牧民",
        "{village}党支部书记、村委会主任",
        "{village}种植大户",
        "{village}养殖户",
        "{village}村务监督委员会主任",
    ],
    "technical": [
        "县人民医院主治医师",
        "县中医医院副主任医师",
        "县第一中学教师",
        "{township}中心小学教师",
        "县农业技术推广中心农艺师",
        "县畜牧兽医站兽医师",
        "{township}卫生院医师",
        "县林业技术推广站工程师",
    ],
    "civil_servant": [
        "{township}党委书记",
        "{township}党委副书记、{township_head}",
        "{township}人大主席",
        "县{dept}局长",
        "县{dept}副局长",
        "县人大常委会{office}主任",
    ],
    "business": [
        "示例县{product}农牧业专业合作社理事长",
        "示例县{product}商贸有限公司总经理",
        "示例县{product}食品有限责任公司董事长",
        "示例县文化旅游开发有限公司经理",
    ],
    "military": ["县人民武装部政治委员", "县人民武装部部长", "县消防救援大队大队长"],
    "other": [
        "{township}{street}个体工商户",
        "{village}社区居委会主任",
        "县残疾人联合会理事",
        "县妇女联合会副主席",
        "{township}文化站管理员",
    ],
    # Township deputies who are cadres work in the township or its villages, not in county offices.
    "township_civil_servant": [
        "{village}党支部书记",
        "{township}党委委员、副{township_head}",
        "{township}人大副主席",
        "{township}纪委书记",
        "{township}党政综合办公室主任",
    ],
}
PRODUCTS = ["祁连", "牦牛", "雪域", "草原", "丰源", "金穗", "马蹄", "红湾", "绿洲"]
DEPT_STEMS = ["教育", "财政", "农业农村", "水务", "卫生健康", "民政", "林业和草原", "交通运输", "自然资源"]
OFFICES = ["代表工作委员会", "财政经济委员会", "办公室", "法制工作委员会"]
