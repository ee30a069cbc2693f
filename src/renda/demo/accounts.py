"""The demo accounts: one login per role, all with ``settings.RENDA["DEMO_PASSWORD"]``.

The three administrator accounts must sign in with a second factor (the default security policy
asks it of them). Each has a confirmed TOTP device with the fixed key below, so that a newcomer
can add it to any authenticator app (``manage.py demo_logins`` prints the key and the current
code). These keys are public: never use the demo accounts on a machine reachable by others.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from renda.core.choices import Role

from .units import (
    CITY_CONGRESS,
    COMMITTEES,
    CONGRESS_OFFICE,
    COUNTY_CONGRESS,
    SIBLING_CONGRESS,
    STANDING_COMMITTEE,
)

TOTP_DEVICE_NAME = "示例验证器"


def _b32(secret: str) -> str:
    """Pad a readable secret to 32 base32 characters (20 bytes, the TOTP key length of django-otp)."""
    secret = secret.upper()
    return (secret + "A" * 32)[:32]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    label: str  # the role as the demo table shows it
    congress: str
    organization: str
    sees: str
    title: str = ""
    # For deputies: which demo deputy the login is linked to (0 = the first chosen, …).
    deputy_index: int | None = None
    # For administrators: the base32 TOTP secret.
    totp_base32: str = ""

    @property
    def totp_hex(self) -> str:
        return base64.b32decode(self.totp_base32).hex() if self.totp_base32 else ""


CITY_OFFICE = "示例市人大常委会办公室"
CITY_DEPUTY_AFFAIRS = "示例市人大常委会代表工作委员会"
SIBLING_OFFICE = "邻县人大常委会办公室"
STATION_OF_KEEPER = "城关镇人大代表联络站"

ACCOUNTS: list[DemoAccount] = [
    DemoAccount(
        "sysadmin",
        Role.SYSTEM_ADMIN,
        "系统管理员",
        COUNTY_CONGRESS,
        CONGRESS_OFFICE[0],
        "示例县及其乡镇人大的机构、用户和规则配置(须两步验证)",
        title="信息中心主任",
        totp_base32=_b32("RENDADEMOSYSADMIN"),
    ),
    DemoAccount(
        "secadmin",
        Role.SECURITY_ADMIN,
        "安全管理员",
        COUNTY_CONGRESS,
        CONGRESS_OFFICE[0],
        "安全策略、管理员角色授予、账号解锁(须两步验证)",
        totp_base32=_b32("RENDADEMOSECADMIN"),
    ),
    DemoAccount(
        "auditadmin",
        Role.AUDIT_ADMIN,
        "审计管理员",
        COUNTY_CONGRESS,
        CONGRESS_OFFICE[0],
        "示例县及其乡镇的审计日志,只读(须两步验证)",
        totp_base32=_b32("RENDADEMOAUDITADMIN"),
    ),
    DemoAccount(
        "staff",
        Role.STAFF,
        "人大工作人员(代表工委)",
        COUNTY_CONGRESS,
        COMMITTEES[0][0],
        "示例县人大及下辖12个乡镇人大的全部业务",
        title="代表工委科员",
    ),
    DemoAccount(
        "leader",
        Role.LEADER,
        "人大领导(常委会主任)",
        COUNTY_CONGRESS,
        STANDING_COMMITTEE[0],
        "示例县人大的全部业务、督办与统计",
        title="主任",
    ),
    DemoAccount(
        "deputy",
        Role.DEPUTY,
        "人大代表(县、镇两级)",
        COUNTY_CONGRESS,
        STANDING_COMMITTEE[0],
        "本人的代表资格(县、镇两级)、建议和履职记录",
        deputy_index=0,
    ),
    DemoAccount(
        "deputy2",
        Role.DEPUTY,
        "人大代表(联名用)",
        COUNTY_CONGRESS,
        STANDING_COMMITTEE[0],
        "本人的代表资格、建议和履职记录",
        deputy_index=1,
    ),
    DemoAccount(
        "deputy3",
        Role.DEPUTY,
        "人大代表(联名用)",
        COUNTY_CONGRESS,
        STANDING_COMMITTEE[0],
        "本人的代表资格、建议和履职记录",
        deputy_index=2,
    ),
    DemoAccount(
        "unitclerk",
        Role.UNIT_CLERK,
        "承办单位经办人(县教育局)",
        COUNTY_CONGRESS,
        "县教育局",
        "交办给县教育局的建议和事项",
        title="办公室科员",
    ),
    DemoAccount(
        "unitleader",
        Role.UNIT_LEADER,
        "承办单位负责人(县教育局)",
        COUNTY_CONGRESS,
        "县教育局",
        "交办给县教育局的事项,审核签发答复",
        title="局长",
    ),
    DemoAccount(
        "unitclerk2",
        Role.UNIT_CLERK,
        "承办单位经办人(县交通运输局)",
        COUNTY_CONGRESS,
        "县交通运输局",
        "交办给县交通运输局的建议和事项",
        title="办公室主任",
    ),
    DemoAccount(
        "keeper",
        Role.STATION_KEEPER,
        "联络站管理员",
        COUNTY_CONGRESS,
        STATION_OF_KEEPER,
        "城关镇人大代表联络站:接待日、接待记录、进站代表",
    ),
    DemoAccount(
        "citystaff",
        Role.STAFF,
        "市人大工作人员",
        CITY_CONGRESS,
        CITY_DEPUTY_AFFAIRS,
        "示例市人大及下辖各县、乡镇的汇总数据",
    ),
    DemoAccount(
        "neighbor",
        Role.STAFF,
        "邻县人大工作人员",
        SIBLING_CONGRESS,
        SIBLING_OFFICE,
        "仅邻县人大的数据(用于演示同级隔离)",
    ),
]

ADMIN_ACCOUNTS = [a for a in ACCOUNTS if a.totp_base32]
