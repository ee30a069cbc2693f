"""The demo county's 2026 livelihood projects voted by deputies (民生实事项目代表票决制), through the
real services of ``renda.livelihood``, ``renda.voting``, ``renda.meetings`` and the case engine, each
step at its own moment (``demo_clock``):

- collection from 8 October to 30 November 2025: 18 proposals from the public (the portal), the
  liaison stations, deputies and the government;
- the government's shortlist of 15 on 15 December (three proposals not adopted, with the reason);
- the presidium's agreement on 12 January 2026;
- the secret ballot at the sixth session of the 18th county congress (14 January 2026), on its
  agenda: every deputy with an account chooses up to 10; 10 pass;
- implementation: each passed project a follow-up case assigned to its bureau, with monthly progress
  reports (percent done), deputies' inspection visits with photos, three projects reported complete;
- two of the passed projects marked major livelihood motions (R31 met for 2026).

The year-end satisfaction vote has not taken place yet (the story ends on DEMO_AS_OF, 20 November).
Idempotent: a programme of the county for 2026 that exists is left alone.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .suggestions import demo_clock
from .units import COUNTY_CONGRESS

YEAR = 2026

# title, description, proposer kind, proposer, bureau, budget (万元), popularity (0–1)
PROJECTS: list[tuple[str, str, str, str, str, int, float]] = [
    (
        "城关镇老旧小区改造提升",
        "对城关镇建成于2000年以前的12个老旧小区改造供排水、供暖管网和道路,加装照明和监控。",
        "public",
        "城关镇居民张桂兰",
        "县住房和城乡建设局",
        2600,
        0.93,
    ),
    (
        "农村牧区饮水安全巩固提升",
        "对6个乡镇32个行政村的集中供水工程更新净化消毒设备,新建蓄水池8座。",
        "station",
        "城关镇代表联络站",
        "县水务局",
        1850,
        0.9,
    ),
    (
        "县城学校食堂和宿舍改造",
        "改造县第一中学、第二完全小学等5所学校的食堂和学生宿舍,更新厨房设备。",
        "deputy",
        "代表 马国强",
        "县教育局",
        1200,
        0.88,
    ),
    (
        "乡镇卫生院基本医疗设备更新",
        "为全县10个乡镇卫生院配备数字化X光机、彩超和急救设备。",
        "government",
        "县人民政府",
        "县卫生健康局",
        980,
        0.86,
    ),
    (
        "城乡公交线路延伸",
        "新开通县城至3个乡镇的城乡公交线路,延伸2条线路至偏远村,新建候车亭30座。",
        "public",
        "群众(门户网站)",
        "县交通运输局",
        760,
        0.84,
    ),
    (
        "社区居家养老服务站建设",
        "在县城6个社区建设居家养老服务站,提供助餐、日间照料和上门服务。",
        "station",
        "西街社区代表联络站",
        "县民政局",
        640,
        0.82,
    ),
    (
        "高标准农田建设",
        "在河湾、新庄等乡镇建设高标准农田1.2万亩,配套灌溉渠系和机耕道路。",
        "government",
        "县人民政府",
        "县农业农村局",
        3200,
        0.78,
    ),
    (
        "县城公共文化服务提升",
        "改造县图书馆和文化馆,建设5个城市书房,免费向群众开放。",
        "deputy",
        "代表 孙丽华",
        "县文化和旅游局",
        520,
        0.74,
    ),
    (
        "草原生态修复和防火设施建设",
        "修复退化草原3万亩,建设防火物资储备库2座、瞭望塔4座。",
        "government",
        "县人民政府",
        "县林业和草原局",
        1500,
        0.71,
    ),
    (
        "零工市场和就业服务站建设",
        "在县城建设零工市场一处,在5个乡镇设立就业服务站,提供岗位对接和技能培训。",
        "public",
        "群众(门户网站)",
        "县人力资源和社会保障局",
        300,
        0.68,
    ),
    (
        "县城农贸市场改造",
        "改造县城东关农贸市场的排水、摊位和冷链设施,规范周边交通秩序。",
        "station",
        "东关社区代表联络站",
        "县商务局",
        450,
        0.42,
    ),
    (
        "城区交通信号灯智能化改造",
        "对县城主要路口28处信号灯进行智能化改造,增设行人过街信号。",
        "deputy",
        "代表 何建平",
        "县公安局",
        380,
        0.38,
    ),
    (
        "乡村道路安全防护工程",
        "在县乡道路急弯陡坡路段增设护栏、警示标志和减速带120公里。",
        "government",
        "县人民政府",
        "县交通运输局",
        900,
        0.35,
    ),
    (
        "村级卫生室标准化建设",
        "对40个村卫生室按标准改造诊室、药房,配备基本设备。",
        "public",
        "群众(门户网站)",
        "县卫生健康局",
        420,
        0.33,
    ),
    (
        "县城供暖管网改造",
        "更换县城老化供暖主管网8公里,新建换热站2座。",
        "government",
        "县人民政府",
        "县住房和城乡建设局",
        2100,
        0.3,
    ),
    # proposals the government did not put on its shortlist
    ("县城新建大型体育馆", "在县城新区建设可容纳3000人的体育馆。", "public", "群众(门户网站)", "", 0, 0),
    ("每户发放取暖补贴", "给全县每户居民发放冬季取暖补贴。", "public", "群众(门户网站)", "", 0, 0),
    ("修建县城至省会高速公路", "建议尽快修建县城至省会的高速公路。", "deputy", "代表 吴海燕", "", 0, 0),
]
NOT_ADOPTED = {
    "县城新建大型体育馆": "投资规模超出当年财力,已转县体育局纳入“十五五”规划研究。",
    "每户发放取暖补贴": "属于普惠性补贴政策,不属于民生实事项目范围,已转县民政局研究困难群众取暖救助。",
    "修建县城至省会高速公路": "属于省级交通规划项目,已作为代表建议转交有关部门办理。",
}
# Progress milestones reported month by month: (month, percent, text)
MILESTONES = [
    (3, 10, "完成项目立项和初步设计"),
    (4, 25, "完成施工图设计和财政评审"),
    (5, 40, "完成招标,施工单位进场"),
    (7, 60, "主体工程过半"),
    (9, 80, "主体工程基本完工,开始配套设施建设"),
    (10, 95, "完成全部建设内容,进入验收"),
]
INSPECTIONS = [
    (
        dt.date(2026, 6, 18),
        "县人大代表视察组",
        "施工进度符合计划,建议加强施工现场安全管理,减少对周边居民出行的影响。",
    ),
    (
        dt.date(2026, 9, 24),
        "县人大常委会组成人员和部分代表",
        "项目推进有力,建议提前谋划建成后的运营管理和维护经费。",
    ),
]


def _photo(seed: int) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    img = Image.new(
        "RGB", (480, 320), (rng.randrange(150, 200), rng.randrange(170, 210), rng.randrange(190, 230))
    )
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 210, 480, 320), fill=(120, 110, 95))
    for i in range(4):
        x = 40 + i * 110
        h = rng.randrange(80, 150)
        draw.rectangle((x, 210 - h, x + 80, 210), fill=(200, 190 - i * 10, 170))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=80)
    return SimpleUploadedFile(f"视察现场{seed}.jpg", buf.getvalue(), content_type="image/jpeg")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(hour, minute)), timezone.get_default_timezone()
    )


def load_livelihood_demo() -> dict[str, int]:
    from renda.core.choices import Role
    from renda.core.models import Congress, Organization, User

    counts = {"livelihood_programmes": 0, "livelihood_projects": 0, "ballots": 0, "livelihood_inspections": 0}
    county = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    staff = User.objects.filter(username="staff").first()
    if county is None or staff is None:
        return counts
    from renda.livelihood.models import LivelihoodProgramme

    if LivelihoodProgramme.objects.filter(congress=county, year=YEAR).exists():
        return counts
    from renda.cases.services import assignment_sign, progress_report, reply_submit
    from renda.livelihood import services
    from renda.livelihood.registrations import congress_deputy_user_ids
    from renda.voting import services as voting

    units = {o.name: o for o in Organization.objects.filter(congress=county)}
    stations = {o.name: o for o in Organization.objects.filter(congress=county, kind="liaison_station")}
    rng = random.Random("livelihood-demo")
    from .suggestions import UNITS

    heads = {u[0]: u[1] for u in UNITS}
    with demo_clock() as clock:
        clock.set(_at(dt.date(2025, 10, 8), 9))
        p = services.programme_create(
            actor=staff, congress=county, year=YEAR, title="示例县2026年度民生实事项目代表票决",
            seats=10, shortlist_size=15, pass_rule="majority_present", tie_rule="runoff",
            collect_starts_on=dt.date(2025, 10, 8), collect_ends_on=dt.date(2025, 11, 30),
        )  # fmt: skip
        counts["livelihood_programmes"] += 1
        projects = []
        for i, (title, text, kind, who, _unit, budget, _pop) in enumerate(PROJECTS):
            clock.set(_at(dt.date(2025, 10, 10) + dt.timedelta(days=i * 2), 10, 15))
            station = stations.get(who) or (
                next(iter(stations.values()), None) if kind == "station" else None
            )
            if kind == "public":
                x = services.proposal_submit_public(programme=p, title=title, description=text, name=who,
                                                    client_ip=f"10.0.{i}.8")  # fmt: skip
            else:
                x = services.proposal_create(
                    actor=staff, programme=p, title=title, description=text,
                    proposer_kind=kind if (kind != "station" or station) else "government",
                    proposer_name=who, station=station, budget=budget or None,
                )  # fmt: skip
            projects.append(x)
            counts["livelihood_projects"] += 1
        clock.set(_at(dt.date(2025, 12, 1), 9))
        p = services.programme_advance(actor=staff, programme=p)
        clock.set(_at(dt.date(2025, 12, 15), 15))
        for x, spec in zip(projects, PROJECTS, strict=True):
            if x.title in NOT_ADOPTED:
                services.project_screen(actor=staff, project=x, shortlist=False, note=NOT_ADOPTED[x.title])
            else:
                services.project_screen(actor=staff, project=x, shortlist=True, responsible_unit=units[spec[4]],
                                        budget=spec[5], note="县人民政府常务会议研究列入候选项目")  # fmt: skip
        p = services.programme_advance(actor=staff, programme=p)
        clock.set(_at(dt.date(2026, 1, 12), 16))
        shortlisted = [x for x in projects if x.title not in NOT_ADOPTED]
        p = services.presidium_decide(
            actor=staff, programme=p, agreed=shortlisted, on=dt.date(2026, 1, 12),
            note="大会主席团第一次会议审议同意将15个候选项目提交大会票决。",
        )  # fmt: skip
        p = services.programme_advance(actor=staff, programme=p)

        # The plenary: the sixth session, with the ballot on its agenda.
        voters = sorted(congress_deputy_user_ids(county.pk))
        meeting = _plenary(county, staff, voters, clock)
        clock.set(_at(dt.date(2026, 1, 14), 10, 30))
        vote = services.ballot_create(actor=staff, programme=p, method="secret")
        vote = voting.vote_open(actor=staff, vote=vote)
        keys = {c.name: c.key for c in vote.candidates.all()}
        popularity = {spec[0]: spec[6] for spec in PROJECTS}
        present = sorted(voting._owner(vote).present_user_ids(vote.owner_id))
        for n, uid in enumerate(present):
            chosen = [t for t in keys if rng.random() < popularity[t]]
            chosen = sorted(chosen, key=lambda t: -popularity[t])[:10]
            clock.set(_at(dt.date(2026, 1, 14), 10, 35 + n % 20))
            voting.vote_cast(actor=User.objects.get(pk=uid), vote=vote, choices=[keys[t] for t in chosen],
                             idempotency_key=f"demo-livelihood-{uid}-{rng.getrandbits(64):016x}")  # fmt: skip
            counts["ballots"] += 1
        clock.set(_at(dt.date(2026, 1, 14), 11, 10))
        voting.vote_close(actor=staff, vote=vote)
        p.refresh_from_db()
        if meeting is not None:
            from renda.meetings import services as meetings

            clock.set(_at(dt.date(2026, 1, 14), 17))
            meetings.meeting_close(actor=staff, meeting=meeting)

        # Implementation: progress, inspections, three projects complete.
        chosen = list(p.projects.filter(state="implementing").select_related("responsible_unit", "case"))
        deputy_users = [User.objects.get(pk=uid) for uid in voters[:3]]
        for i, x in enumerate(sorted(chosen, key=lambda x: x.rank or 99)):
            clerk = (
                User.objects.filter(
                    memberships__organization=x.responsible_unit, memberships__role=Role.UNIT_CLERK
                ).first()
                or User.objects.filter(memberships__organization=x.responsible_unit).first()
            )
            if i < 2:
                clock.set(_at(dt.date(2026, 1, 20), 9))
                services.project_set_major(actor=staff, project=x, is_major=True)
            if clerk is None:
                continue  # no demo login for that bureau: it stays "待签收"
            assignment = x.case.assignments.get()
            clock.set(_at(dt.date(2026, 2, 3) + dt.timedelta(days=i), 9, 20))
            assignment_sign(actor=clerk, assignment=assignment)
            reach = len(MILESTONES) - (i % 4)  # the first projects are the furthest on
            for month, percent, text in MILESTONES[:reach]:
                clock.set(_at(dt.date(2026, month, 5 + i), 16))
                progress_report(actor=clerk, assignment=assignment, text=f"{text}。", percent_done=percent)
            for k, (day, who, findings) in enumerate(INSPECTIONS[: 1 + (i % 2)]):
                clock.set(_at(day + dt.timedelta(days=i % 3), 15))
                services.inspection_record(
                    actor=deputy_users[k % len(deputy_users)] if deputy_users else staff, project=x,
                    visited_on=day + dt.timedelta(days=i % 3), deputies=who, findings=findings,
                    photos=[_photo(i * 10 + k)],
                )  # fmt: skip
                counts["livelihood_inspections"] += 1
            if i < 3:
                clock.set(_at(dt.date(2026, 11, 10 + i), 10))
                reply_submit(actor=clerk, assignment=assignment, classification="A",
                             text=f"“{x.title}”已全部完成并通过验收,投入使用。",
                             signing_leader=heads.get(x.responsible_unit.name, "局长"))  # fmt: skip
    return counts


def _plenary(county: Any, staff: Any, voters: list[int], clock: Any) -> Any:
    """The sixth session of the 18th county congress, its members the deputies with accounts, the ballot
    on its agenda; every member signs in at the desk. Returns the meeting (or None without meetings)."""
    from django.apps import apps

    if not apps.is_installed("renda.meetings"):
        return None
    from renda.core.models import User
    from renda.meetings import services as meetings
    from renda.meetings.choices import MeetingKind, MemberRole

    start = _at(dt.date(2026, 1, 13), 9)
    clock.set(_at(dt.date(2025, 12, 26), 10))
    meeting = meetings.meeting_create(
        actor=staff, congress=county, kind=MeetingKind.PLENARY, title="示例县第十八届人民代表大会第六次会议",
        starts_at=start, ends_at=start + dt.timedelta(days=2, hours=8), place="县人民会堂",
    )  # fmt: skip
    for uid in voters:
        meetings.member_add(actor=staff, meeting=meeting, user=User.objects.get(pk=uid), role=MemberRole.MEMBER,
                            capacity="县人大代表")  # fmt: skip
    from renda.livelihood.models import LivelihoodProgramme

    p = LivelihoodProgramme.objects.get(congress=county, year=YEAR)
    meetings.agenda_item_add(actor=staff, meeting=meeting, kind="livelihood_ballot",
                             title="票决产生示例县2026年度民生实事项目", subject=f"livelihood.programme:{p.pk}")  # fmt: skip
    meetings.meeting_schedule(actor=staff, meeting=meeting)
    clock.set(start)
    meetings.meeting_open(actor=staff, meeting=meeting)
    for n, uid in enumerate(voters):
        clock.set(start + dt.timedelta(minutes=n % 25))
        meetings.sign_in(actor=staff, meeting=meeting, method="desk", user=User.objects.get(pk=uid))
    return meeting
