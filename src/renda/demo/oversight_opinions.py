"""The deliberation opinions of the demo county (示例县): the standing committee's opinions on the
reports it heard in 2025–2026, each made through the real services at its own moment (``demo_clock``)
by the office's staff, the chair, the committees' staff and the reporting bodies' own accounts.

``load_oversight_opinions_demo()`` runs after the meetings (an opinion names the standing-committee
meeting of its deliberation when that meeting exists). Idempotent: an opinion is found again by its
congress and report title and then left alone.

The story up to DEMO_AS_OF (2026-11-20):

- 县交通运输局, rural roads (2025): reported on time, rated 86.21 % — closed;
- 县教育局, pre-school education: rated 72 % (rectify), reported again, rated 85 % — closed;
- 县教育局, school safety: rated 55.56 % — escalated, the circular is due and not issued (R12 shortfall);
- 县交通运输局, road safety: reported after its deadline (R11 shortfall), commented on, waiting for the
  rating at the 36th meeting;
- 示例县人民政府, business environment: assigned in May, never reported — overdue (the engine's job
  escalates it to the leaders);
- 县林业和草原局, grassland subsidies: assigned, waiting for 签收;
- 县教育局, compulsory education: being compiled, past its compiling deadline (the staff's to-do).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from renda.core import clock

from .suggestions import demo_clock
from .units import CONGRESS_OFFICE, COUNTY_CONGRESS

# (username, full name, organisation name, role) of the accounts the story needs besides the base ones.
ACCOUNTS = [
    ("jiandu", "周红", CONGRESS_OFFICE[0], "staff"),
    ("caijingwei", "钱进", "示例县人大财政经济委员会", "staff"),
    ("jiaokewenwei", "孔文", "示例县人大教育科学文化卫生委员会", "staff"),
]

MEMBERS = 29

# Each story: report, its kind, body, committee, deliberation day, the steps (day, step, payload).
STORIES: list[dict[str, Any]] = [
    {
        "title": "县交通运输局关于农村公路建设和养护情况的报告", "kind": "special_work", "body": "县交通运输局",
        "committee": "示例县人大财政经济委员会", "day": dt.date(2025, 4, 24),
        "remarks": "马国强委员:部分乡村道路养护资金不到位。\n孙丽华委员:牧区道路安全设施不足。",
        "text": "一、加大农村公路养护资金投入,建立稳定的养护资金保障机制。\n二、完善牧区道路安全防护设施。\n三、健全“路长制”,落实养护责任。",
        "steps": [(dt.date(2025, 5, 8), "assign", None), (dt.date(2025, 8, 1), "report", "已落实养护资金1200万元,新增安全防护设施85公里。"),
                  (dt.date(2025, 10, 20), "comment", "财经委认为整改措施落实,建议提请测评。"),
                  (dt.date(2025, 10, 30), "rate", (20, 5, 3, 1, 29))],
    },
    {
        "title": "县教育局关于学前教育普及普惠发展情况的报告", "kind": "special_work", "body": "县教育局",
        "committee": "示例县人大教育科学文化卫生委员会", "day": dt.date(2025, 12, 25),
        "remarks": "何建平委员:普惠性幼儿园覆盖率偏低。\n吴海燕委员:农村幼儿教师流失严重。",
        "text": "一、新建、改扩建普惠性幼儿园,提高覆盖率。\n二、落实农村幼儿教师待遇,稳定教师队伍。",
        "steps": [(dt.date(2026, 1, 8), "assign", None), (dt.date(2026, 3, 20), "report", "已新建普惠性幼儿园2所。"),
                  (dt.date(2026, 4, 14), "comment", "教科文卫委认为整改尚不到位,教师待遇问题未解决。"),
                  (dt.date(2026, 4, 23), "rate", (12, 6, 5, 2, 25)),
                  (dt.date(2026, 6, 10), "report", "再次整改:落实农村幼儿教师乡村补贴,新招聘教师36名。"),
                  (dt.date(2026, 6, 18), "comment", "教科文卫委认为整改到位,同意提请再次测评。"),
                  (dt.date(2026, 6, 25), "rate", (15, 2, 2, 1, 20))],
    },
    {
        "title": "县教育局关于校园安全工作情况的报告", "kind": "special_work", "body": "县教育局",
        "committee": "示例县人大教育科学文化卫生委员会", "day": dt.date(2026, 4, 23),
        "remarks": "郑志刚委员:寄宿制学校安保力量不足。\n冯晓梅委员:校园周边交通秩序混乱。",
        "text": "一、配齐寄宿制学校专职保安。\n二、会同公安、交通部门整治校园周边交通秩序。",
        "steps": [(dt.date(2026, 5, 8), "assign", None), (dt.date(2026, 8, 5), "report", "已召开专题会议,正在研究配备保安事宜。"),
                  (dt.date(2026, 8, 20), "comment", "教科文卫委认为报告缺乏具体措施。"),
                  (dt.date(2026, 8, 27), "rate", (8, 7, 10, 2, 27))],
    },
    {
        "title": "县交通运输局关于道路交通安全工作情况的报告", "kind": "special_work", "body": "县交通运输局",
        "committee": "示例县人大财政经济委员会", "day": dt.date(2026, 6, 25),
        "remarks": "陈永福委员:国道穿城段事故多发。",
        "text": "一、对国道穿城段事故多发点开展专项整治。\n二、完善农村道路交通安全设施。",
        "steps": [(dt.date(2026, 7, 6), "assign", None), (dt.date(2026, 10, 14), "report", "已完成国道穿城段5处事故多发点整治。"),
                  (dt.date(2026, 10, 20), "comment", "财经委认为整改成效明显,建议提请常委会测评。")],
    },
    {
        "title": "县人民政府关于优化营商环境工作情况的报告", "kind": "special_work", "body": "示例县人民政府",
        "committee": "示例县人大财政经济委员会", "day": dt.date(2026, 4, 23),
        "remarks": "孙丽华委员:审批事项“一网通办”落实不够。",
        "text": "一、全面推行审批事项“一网通办”。\n二、清理拖欠民营企业账款。",
        "steps": [(dt.date(2026, 5, 6), "assign", None)],
    },
    {
        "title": "县人民政府关于草原生态保护补助奖励政策落实情况的报告", "kind": "special_work", "body": "县林业和草原局",
        "committee": "", "day": dt.date(2026, 8, 27),
        "remarks": "马国强委员:补奖资金发放不及时。",
        "text": "一、按时足额发放草原生态保护补助奖励资金。\n二、加强草畜平衡监管。",
        "steps": [(dt.date(2026, 9, 7), "assign", None)],
    },
    {
        "title": "县教育局关于义务教育优质均衡发展情况的报告", "kind": "special_work", "body": "县教育局",
        "committee": "示例县人大教育科学文化卫生委员会", "day": dt.date(2026, 10, 29),
        "remarks": "吴海燕委员:城乡学校办学条件差距较大。\n何建平委员:大班额问题仍然存在。", "text": "",
        "steps": None,
    },
]  # fmt: skip


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)), timezone.get_default_timezone())


def _accounts(county: Any, counts: Counter) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password

    from renda.core.models import Membership, Organization, User

    out: dict[str, Any] = {}
    password = None
    for username, name, org_name, role in ACCOUNTS:
        org = Organization.objects.filter(congress=county, name=org_name).first()
        if org is None:
            continue
        user = User.objects.filter(username=username).first()
        if user is None:
            password = password or make_password(settings.RENDA["DEMO_PASSWORD"])
            user = User.objects.create(
                username=username, full_name=name, password=password, must_change_password=False,
                password_changed_at=clock.now(),
            )  # fmt: skip
            counts["users"] += 1
        Membership.objects.get_or_create(user=user, organization=org, role=role)
        out[username] = user
    return out


def _meeting(county: Any, day: dt.date) -> Any:
    from renda.meetings.models import Meeting

    return (
        Meeting.objects.filter(congress=county, kind="standing_committee", starts_at__date=day)
        .order_by("pk")
        .first()
    )


def _report(opinion: Any, text: str, users: dict[str, Any]) -> None:
    """The body's report: 县教育局's clerk drafts and its head signs off; a body with only a clerk
    reports directly."""
    from renda.cases import services as engine

    assignment = opinion.case.assignments.filter(role="lead").order_by("-pk").first()
    if assignment.state == "pending_sign":
        engine.assignment_sign(actor=users["clerk"], assignment=assignment)
        assignment.refresh_from_db()
    if users.get("head") is not None:
        draft = engine.reply_draft_submit(
            actor=users["clerk"], assignment=assignment, classification="A", text=text
        )
        engine.reply_sign_off(actor=users["head"], draft=draft)
    else:
        engine.reply_submit(
            actor=users["clerk"], assignment=assignment, classification="A", text=text, signing_leader="局长"
        )


def load_oversight_opinions_demo() -> dict[str, int]:
    """Create the demo opinions that are missing. Returns counts of what was created."""
    from renda.core.models import Congress, Organization, User
    from renda.oversight import services_opinions as services
    from renda.oversight.models import Opinion
    from renda.oversight.ratingrules_opinions import Counts

    counts: Counter = Counter({"users": 0, "opinions": 0, "opinion_ratings": 0})
    county = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    leader = User.objects.filter(username="leader").first()
    if county is None or leader is None:
        return dict(counts)
    with transaction.atomic():
        accounts = _accounts(county, counts)
    office = accounts.get("jiandu")
    if office is None:
        return dict(counts)
    bodies = {
        "县教育局": {"clerk": User.objects.filter(username="unitclerk").first(), "head": User.objects.filter(username="unitleader").first()},
        "县交通运输局": {"clerk": User.objects.filter(username="unitclerk2").first(), "head": None},
    }  # fmt: skip
    committee_staff = {
        "示例县人大财政经济委员会": accounts.get("caijingwei"),
        "示例县人大教育科学文化卫生委员会": accounts.get("jiaokewenwei"),
    }
    with demo_clock() as demo:
        for story in STORIES:
            if Opinion.objects.filter(case__congress=county, report_title=story["title"]).exists():
                continue
            body = Organization.objects.filter(congress=county, name=story["body"]).first()
            if body is None:
                continue
            committee = (
                Organization.objects.filter(congress=county, name=story["committee"]).first()
                if story["committee"]
                else None
            )
            demo.set(_moment(story["day"], 16))
            with transaction.atomic():
                opinion = services.opinion_create(
                    actor=office, congress=county, report_kind=story["kind"], report_title=story["title"],
                    reporting_body=body, responsible_committee=committee, meeting=_meeting(county, story["day"]),
                    deliberated_on=story["day"], remarks=story["remarks"], text=story["text"],
                )  # fmt: skip
                counts["opinions"] += 1
                if story["steps"] is None:
                    continue
                demo.set(_moment(story["day"] + dt.timedelta(days=5), 9))
                opinion = services.opinion_submit(actor=office, opinion=opinion)
                demo.set(_moment(story["day"] + dt.timedelta(days=6), 11))
                opinion = services.opinion_approve(
                    actor=leader,
                    opinion=opinion,
                    letter_number=f"示人常办〔{story['day'].year}〕{opinion.case.number[-2:]}号",
                )
                for day, step, payload in story["steps"]:
                    demo.set(_moment(day))
                    if step == "assign":
                        opinion = services.opinion_assign(
                            actor=office, opinion=opinion, note="请按期书面报告研究处理情况。"
                        )
                    elif step == "report":
                        users = bodies.get(story["body"])
                        if not users or users["clerk"] is None:
                            break
                        _report(opinion, payload, users)
                    elif step == "comment":
                        who = committee_staff.get(story["committee"]) or office
                        services.opinion_comment(actor=who, opinion=opinion, comment=payload)
                    elif step == "rate":
                        s, b, d, x, present = payload
                        services.rating_record(
                            actor=office, opinion=opinion,
                            counts=Counts(satisfied=s, basically=b, dissatisfied=d, blank=x, members=MEMBERS, present=present),
                            meeting=_meeting(county, day), note="常委会会议无记名测评,工作人员计票",
                        )  # fmt: skip
                        counts["opinion_ratings"] += 1
                    opinion.refresh_from_db()
    return dict(counts)
