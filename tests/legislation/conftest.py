"""A county with a legal committee (its staff), a responsible committee (its staff), the standing
committee's seven members, a yearly plan and a standing-committee meeting on 2026-11-24."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.core.choices import OrganizationKind as K
from renda.core.choices import Role
from renda.core.models import Organization
from renda.legislation import services
from renda.legislation.choices import PlanKind
from tests.factories import make_user
from tests.meetings.conftest import SC_NAMES, START, login, make_meeting  # noqa: F401
from tests.meetings.conftest import w as meetings_world  # noqa: F401

DRAFT = """示例县农村人居环境治理条例(草案)

第一章 总则
第一条 为了改善农村人居环境,建设美丽乡村,根据有关法律、法规,结合本县实际,制定本条例。
第二条 本县行政区域内农村人居环境治理活动,适用本条例。
第三条 县人民政府统筹全县农村人居环境治理工作,乡镇人民政府负责本辖区具体工作。
第二章 垃圾治理
第四条 村民应当将生活垃圾分类投放到指定地点。
第五条 违反本条例规定的,由乡镇人民政府责令改正。
"""

DRAFT2 = DRAFT.replace("结合本县实际", "结合本县实际和民族特点").replace(
    "第五条 违反本条例规定的,由乡镇人民政府责令改正。\n",
    "第五条 鼓励村民委员会将人居环境治理纳入村规民约。\n第六条 违反本条例规定的,由乡镇人民政府责令改正。\n",
)


@pytest.fixture
def lw(meetings_world):  # noqa: F811
    w = meetings_world
    legal = Organization.objects.create(congress=w.congress, name="示例县人大法制委员会", kind=K.COMMITTEE)
    env = Organization.objects.create(
        congress=w.congress, name="示例县人大城乡建设环境保护工作委员会", kind=K.COMMITTEE
    )
    w.legal_committee, w.env_committee = legal, env
    w.legal = make_user("fazhi", legal, Role.STAFF, "韩法制")
    w.env = make_user("huanbao", env, Role.STAFF, "林环保")
    w.office_staff = make_user("bangongshi", w.county.office, Role.STAFF, "周办公")
    w.plan = services.plan_create(
        actor=w.legal, congress=w.congress, kind=PlanKind.YEARLY, title="示例县人大常委会2026年度立法计划",
        start_year=2026,
    )  # fmt: skip
    return w


def make_project(w, *, title="示例县农村人居环境治理条例", committee=None):
    return services.project_propose(
        actor=w.legal, congress=w.congress, title=title, source="government", proposer_name="示例县人民政府",
        reason="农村人居环境治理缺少地方性法规依据,需要立法规范。",
    )  # fmt: skip


def drafting_project(w):
    p = make_project(w)
    services.project_study(actor=w.legal, project=p, note="立项必要,条件成熟。")
    services.project_include(
        actor=w.legal, project=p, plan=w.plan, drafting_body="县农业农村局", responsible_committee=w.env_committee,
        target_readings=2,
    )  # fmt: skip
    services.project_start_drafting(actor=w.env, project=p)
    p.refresh_from_db()
    return p


def deliberated_project(w):
    p = drafting_project(w)
    services.version_add(
        actor=w.env, project=p, label="征求意见稿", text=DRAFT, explanation="起草说明:……共五条。"
    )
    services.project_submit(actor=w.env, project=p)
    p.refresh_from_db()
    return p


DAY = dt.date(2026, 11, 20)
