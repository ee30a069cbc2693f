"""Name material for the demo county: surnames weighted by frequency, given-name characters."""

from __future__ import annotations

# (surname, weight): the common surnames of north-west China, most frequent first.
SURNAMES: list[tuple[str, int]] = [
    ("王", 72),
    ("李", 70),
    ("张", 66),
    ("刘", 52),
    ("陈", 44),
    ("杨", 40),
    ("赵", 30),
    ("黄", 22),
    ("周", 22),
    ("吴", 20),
    ("马", 26),
    ("何", 14),
    ("郭", 16),
    ("安", 10),
    ("孙", 14),
    ("朱", 12),
    ("高", 14),
    ("林", 8),
    ("罗", 10),
    ("郑", 8),
    ("梁", 8),
    ("谢", 6),
    ("宋", 8),
    ("唐", 6),
    ("许", 6),
    ("韩", 8),
    ("冯", 6),
    ("邓", 6),
    ("曹", 6),
    ("彭", 4),
    ("曾", 4),
    ("田", 8),
    ("董", 6),
    ("袁", 4),
    ("潘", 4),
    ("蒋", 4),
    ("蔡", 4),
    ("余", 4),
    ("杜", 6),
    ("叶", 4),
    ("程", 6),
    ("魏", 6),
    ("苏", 4),
    ("吕", 4),
    ("丁", 4),
    ("任", 4),
    ("姚", 4),
    ("卢", 4),
    ("姜", 4),
    ("崔", 4),
    ("钟", 2),
    ("谭", 2),
    ("陆", 2),
    ("汪", 4),
    ("范", 4),
    ("金", 4),
    ("石", 4),
    ("贾", 6),
    ("秦", 4),
    ("雷", 4),
    ("蒲", 4),
    ("鲁", 2),
    ("牛", 4),
    ("祁", 4),
    ("索", 4),
    ("兰", 4),
    ("贺", 4),
    ("柴", 4),
    ("白", 4),
    ("常", 4),
    ("顾", 2),
    ("尚", 2),
]

# Surnames common among the region's minority deputies (they are drawn more often for them).
MINORITY_SURNAMES: dict[str, list[str]] = {
    "回族": ["马", "马", "马", "白", "冶", "沙", "丁", "穆", "哈"],
    "藏族": ["才", "杨", "李", "安", "索", "多", "扎"],
    "裕固族": ["安", "兰", "钟", "贺", "杜", "郭", "妥"],
    "蒙古族": ["白", "包", "韩", "乌", "那"],
    "土族": ["祁", "李", "吕", "星", "鲁"],
    "东乡族": ["马", "汪", "妥"],
}

MALE_GIVEN = list(
    "建国军明强伟勇刚杰涛斌波辉华峰磊鹏超宏文武德林海山东平志永新福进成忠兴宝荣庆生贵昌龙虎"
    "俊翔宇浩然博鑫彬晨锋瑞丰发旺顺才良元春晓立国栋祥继学光先润泽"
)
FEMALE_GIVEN = list(
    "秀英兰芳梅玉珍丽红霞燕娟琴云萍凤静慧敏婷雪琳莉娜晶颖洁艳莲菊花香桂蓉翠芬淑英春晓月彩悦欣怡"
)

# Given names of minority deputies in the region often follow Tibetan or Mongolian usage.
TIBETAN_GIVEN = ["卓玛", "才让", "拉毛", "扎西", "多杰", "桑吉", "措毛", "旦增", "尕藏", "索南", "吉才"]

# (ethnicity, weight) of deputies in an autonomous county of Gansu.
ETHNICITIES: list[tuple[str, int]] = [
    ("汉族", 58),
    ("裕固族", 14),
    ("藏族", 12),
    ("回族", 8),
    ("蒙古族", 4),
    ("土族", 3),
    ("东乡族", 1),
]

# Given names for the staff and unit accounts (fixed so that screenshots and manuals stay true).
FIXED_PEOPLE: dict[str, str] = {
    "sysadmin": "赵志强",
    "secadmin": "孙丽娟",
    "auditadmin": "钱文斌",
    "staff": "周晓燕",
    "leader": "马德福",
    "unitclerk": "李婷",
    "unitleader": "王建华",
    "unitclerk2": "刘海峰",
    "keeper": "安秀兰",
    "citystaff": "吴俊杰",
    "neighbor": "郑雪梅",
}
