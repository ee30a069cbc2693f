"""The demo county's task decomposition: the seed notice (关于分解落实……新时代人大工作重点任务的通知)
loaded as tasks through ``renda.tasks`` services, every task with its lead and cooperating units as
the notice writes them, then worked on through the engine up to the demo date:

- the congress office (县人大常委会办公室) and the county party committee's office (县委办公室, with a
  demo clerk ``partyclerk``) sign for their tasks; most report progress in October and November;
- (四)2 is reported complete and verified (销号); (四)4 is reported complete and waits for verification;
- the tasks of 县委组织部 and 县委宣传部 (no demo login) stay unsigned; (二)1 was signed in March and has
  had no progress since: it is stalled.

Idempotent: nothing is done when the notice already exists.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .suggestions import demo_clock
from .units import COUNTY_CONGRESS

NOTICE_TITLE = "关于分解落实中央和省委市委关于加强新时代人大工作重点任务的通知"
PARTY_UNITS = [
    ("县委办公室", "县委办"), ("县委组织部", ""), ("县委宣传部", ""), ("县委党校", ""),
    ("县融媒体中心", ""), ("县委机构编制委员会办公室", "县委编办"), ("县政府信息中心", ""),
]  # fmt: skip
TEXT = Path(__file__).with_name("data") / "task_notice.txt"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def load_tasks_demo() -> dict[str, int]:
    from django.contrib.auth.hashers import make_password

    from renda.cases import services as engine
    from renda.core import clock
    from renda.core.choices import OrganizationKind, Role
    from renda.core.models import Congress, Membership, Organization, User
    from renda.core.services import organization_create
    from renda.tasks import services
    from renda.tasks.models import TaskNotice

    counts: Counter = Counter({"task_notices": 0, "tasks": 0})
    county = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    staff = User.objects.filter(username="staff").first()
    admin = User.objects.filter(username="sysadmin").first()
    if county is None or staff is None or admin is None:
        return dict(counts)
    if TaskNotice.objects.filter(congress=county, title=NOTICE_TITLE).exists():
        return dict(counts)
    office = Organization.objects.filter(congress=county, kind=OrganizationKind.CONGRESS_OFFICE).first()
    with demo_clock() as demo:
        demo.set(_at(dt.date(2026, 3, 4), 9))
        for name, short in PARTY_UNITS:
            if not Organization.objects.filter(congress=county, name=name).exists():
                organization_create(actor=admin, congress=county, name=name, short_name=short,
                                    kind=OrganizationKind.OTHER, sort_order=5)  # fmt: skip
        party_office = Organization.objects.get(congress=county, name="县委办公室")
        clerk = User.objects.filter(username="partyclerk").first()
        if clerk is None:
            clerk = User.objects.create(
                username="partyclerk", full_name="李文华", password=make_password(settings.RENDA["DEMO_PASSWORD"]),
                must_change_password=False, password_changed_at=clock.now(),
            )  # fmt: skip
            Membership.objects.create(
                user=clerk, organization=party_office, role=Role.UNIT_CLERK, title="秘书科科长"
            )
            counts["users"] += 1
        # the office's staff act for the office's own tasks
        if office is not None:
            Membership.objects.get_or_create(user=staff, organization=office, role=Role.STAFF)
            staff.__dict__.pop("_renda_scope", None)

        demo.set(_at(dt.date(2026, 3, 5)))
        notice = services.notice_create(
            actor=staff, congress=county, title=NOTICE_TITLE, issuer="中共示例县委办公室",
            document_number="示办发〔2026〕12号", issued_on=dt.date(2026, 3, 3), text=TEXT.read_text("utf-8"),
        )  # fmt: skip
        planned = services.plan_notice_text(county, notice.text)
        for p in planned:
            p.due_on = dt.date(2026, 12, 31)
            if p.section == "(二)1":
                p.recurrence = "yearly"
                p.expected_result = "县委常委会会议专题听取人大工作汇报的会议纪要"
        tasks = services.tasks_create(actor=staff, notice=notice, planned=planned)
        counts["task_notices"] += 1
        counts["tasks"] += len(tasks)
        by_section = {t.section: t for t in tasks}

        def sign_all(user: User, org: Organization, day: dt.date) -> None:
            demo.set(_at(day, 9))
            for t in tasks:
                for a in t.case.assignments.filter(organization=org, signed_at__isnull=True):
                    engine.assignment_sign(actor=user, assignment=a)

        if office is not None:
            sign_all(staff, office, dt.date(2026, 3, 9))
        sign_all(clerk, party_office, dt.date(2026, 3, 10))
        health = Organization.objects.filter(congress=county, name="县卫生健康局").first()
        health_clerk = User.objects.filter(username="unitclerk4").first()
        if health and health_clerk:
            sign_all(health_clerk, health, dt.date(2026, 3, 11))

        def lead(t):  # noqa: ANN001, ANN202
            return t.case.assignments.get(role="lead")

        def progress(section: str, user: User, day: dt.date, text: str, percent: int) -> None:
            t = by_section.get(section)
            if t is None:
                return
            demo.set(_at(day, 15))
            engine.progress_report(actor=user, assignment=lead(t), text=text, percent_done=percent)

        stories = [
            ("(二)2", "常委会党组已制定年度学习计划,全年开展党组理论学习中心组学习10次。", 85),
            ("(三)1", "组织开展国家宪法日宣传活动,备案审查信息平台已上线运行。", 70),
            ("(三)2", "已配合市人大完成两部法规草案征求意见,组织代表和立法联系点提出意见23条。", 60),
            ("(三)3", "已听取审议国有资产管理、审计整改等报告,开展执法检查1次。", 75),
            ("(三)6", "修订常委会议事规则,会前组织组成人员视察调研4次。", 65),
            ("(四)5", "代表履职档案和履职积分通报制度已实施,完成代表初任培训。", 80),
            ("(五)1", "开展机关作风建设专项活动,制定整改清单12项。", 70),
            ("(五)4", "履职平台一期已上线,常委会会议实现无纸化。", 55),
        ]
        for i, (section, text, percent) in enumerate(stories):
            progress(section, staff, dt.date(2026, 11, 2) + dt.timedelta(days=2 * i), text, percent)
        for section, text in [("(一)", "县委常委会会议专题学习人民代表大会制度,印发联动学习制度。"),
                              ("(三)4", "县委已审定重大事项决定实施意见,县政府年底提出建议清单。")]:  # fmt: skip
            progress(section, clerk, dt.date(2026, 11, 3), text, 60)

        # (四)2: reported complete and verified (销号); (四)4: reported, waiting for verification
        for section, day, text in [
            ("(四)2", dt.date(2026, 11, 6), "组织代表小组活动48次,代表接待日覆盖全部乡镇,县人大常委会组成人员联系代表机制已落实。"),
            ("(四)4", dt.date(2026, 11, 16), "建议交办、领衔督办和答复前沟通制度全面落实,52件建议已全部答复,公开率100%。"),
        ]:  # fmt: skip
            t = by_section.get(section)
            if t is None:
                continue
            demo.set(_at(day, 11))
            engine.reply_submit(actor=staff, assignment=lead(t), classification="A", text=text,
                                signing_leader="县人大常委会秘书长")  # fmt: skip
        done = by_section.get("(四)2")
        if done is not None:
            demo.set(_at(dt.date(2026, 11, 9), 10))
            engine.case_rate(actor=staff, reply=done.case.replies.get(), value="verified",
                             comment="经核验,代表小组活动记录和接待日记录齐全,同意销号。")  # fmt: skip
    return dict(counts)
