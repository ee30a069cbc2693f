"""The meetings of the demo county (示例县): two years of standing-committee meetings with their
agenda, documents, sign-in, leave and minutes, the chairpersons' meetings, the special committees'
meetings, the pre-meeting law lectures, themed forums and the briefing for deputies — made through
the real services of ``renda.meetings`` by the demo accounts, each at its own moment (``demo_clock``).

``load_meetings_demo()`` is called by ``manage.py load_demo`` after the records (the deputies' own
records list the grassroots deputies who sat in on these standing-committee meetings). Idempotent:
a meeting is found again by its congress, kind, term, body and number and then left alone.

The story the checks tell for 2026 (up to DEMO_AS_OF, 2026-11-20):

- R32: two pre-meeting law lectures so far (the third is scheduled for December): not yet met;
- R35: the briefing for deputies on the county's situation took place in July: met;
- R37: three themed forums: met;
- R38: the 法制委员会 met three times, the other special committees four: one shortfall;
- R39: the attendance list was announced before every standing-committee meeting but the 34th,
  where it was announced after the opening; the 2025 report went to the congress in January.

The 36th standing-committee meeting (2026-12-24) is scheduled: its agenda and documents are out
(the agenda published on the portal, the report not yet: documents are published one at a time),
two members have asked leave (one approved, one waiting for the chair: the leader's to-do).

Changes of plan: the 法制委员会's fourth meeting (2026-11-12) was cancelled (the draft regulation had
not been submitted; R38's shortfall stays), and the forum on liaison stations (2026-11-26) was
postponed to 2026-12-17 (the county party committee's plenum that week); members and invitees were
notified of both.

The 7th session of the county congress (2027-01-12 to 14) is being prepared: all current deputies on
its roll (every deputy has a login), the twelve township delegations formed from the deputies'
records with their heads, the draft presidium (executive chairs, secretary-general), and the
presidium's preparatory meeting and the delegations' first meetings under it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from renda.core import clock

from .suggestions import DemoClock, demo_clock
from .units import COMMITTEES, COUNTY_CONGRESS, STANDING_COMMITTEE

PLACE = "县人大常委会会议中心"
SMALL_ROOM = "县人大常委会第二会议室"

# (day, number, agenda topics) of the standing-committee meetings (the deputies' records name the same).
SC_MEETINGS: list[tuple[dt.date, int, list[tuple[str, str, str]]]] = [
    (dt.date(2025, 4, 24), 26, [("report", "听取和审议县人民政府关于2024年度环境状况和环境保护目标完成情况的报告", "县生态环境局局长"),
                                ("appointment", "审议有关人事任免事项", "县人大常委会人事代表工作委员会主任")]),
    (dt.date(2025, 6, 26), 27, [("report", "听取和审议县人民政府关于2024年度县级决算的报告", "县财政局局长"),
                                ("report", "听取和审议县人民政府关于2024年度县级预算执行和其他财政收支的审计工作报告", "县审计局局长")]),
    (dt.date(2025, 8, 28), 28, [("report", "听取和审议县人民政府关于上半年国民经济和社会发展计划执行情况的报告", "县发展和改革局局长"),
                                ("draft_resolution", "审议关于批准2025年县级预算调整方案的决议(草案)", "县财政局局长")]),
    (dt.date(2025, 10, 30), 29, [("report", "听取和审议县人民政府关于农村牧区养老服务体系建设情况的报告", "县民政局局长"),
                                 ("satisfaction_vote", "对县人民政府办理常委会审议意见情况进行满意度测评", "")]),
    (dt.date(2025, 12, 25), 30, [("report", "听取和审议县人民政府关于2025年度国有资产管理情况的综合报告", "县财政局局长"),
                                 ("other", "审议关于召开示例县第十八届人民代表大会第六次会议的决定(草案)", "")]),
    (dt.date(2026, 4, 23), 32, [("report", "听取和审议县人民政府关于优化营商环境工作情况的报告", "县人民政府副县长"),
                                ("appointment", "审议有关人事任免事项", "")]),
    (dt.date(2026, 6, 25), 33, [("report", "听取和审议县人民政府关于2025年度县级决算的报告", "县财政局局长"),
                                ("report", "听取和审议2025年度县级预算执行和其他财政收支的审计工作报告", "县审计局局长")]),
    (dt.date(2026, 8, 27), 34, [("report", "听取和审议县人民政府关于草原生态保护补助奖励政策落实情况的报告", "县林业和草原局局长"),
                                ("vote", "表决关于草原生态保护补助奖励政策落实情况的审议意见", "")]),
    (dt.date(2026, 10, 29), 35, [("report", "听取和审议县人民政府关于义务教育优质均衡发展情况的报告", "县教育局局长"),
                                 ("satisfaction_vote", "对县人民政府办理优化营商环境审议意见情况进行满意度测评", "")]),
]  # fmt: skip
UPCOMING = (dt.date(2026, 12, 24), 36, [
    ("report", "听取和审议县人民政府关于2026年度国有资产管理情况的综合报告", "县财政局局长"),
    ("draft_resolution", "审议关于召开示例县第十八届人民代表大会第七次会议的决定(草案)", ""),
])  # fmt: skip
LATE_ANNOUNCED = 34  # announced after the opening (the R39 shortfall)

LEAVE_REASONS = [
    "参加市人大常委会组织的培训", "因病住院治疗", "陪同上级部门检查工作", "赴外地招商引资",
    "参加县委重要会议", "家中有急事", "在乡镇蹲点抓防汛工作",
]  # fmt: skip

# (day, kind, title, body or "", agenda)
OTHER_MEETINGS: list[tuple[dt.date, str, str, str, list[str]]] = [
    (dt.date(2025, 4, 24), "law_lecture", "会前学法:《中华人民共和国监督法》修改解读", "", ["学习修改后的监督法"]),
    (dt.date(2025, 8, 28), "law_lecture", "会前学法:预算法及其实施条例", "", ["预算审查监督的重点"]),
    (dt.date(2025, 12, 25), "law_lecture", "会前学法:《中华人民共和国民族区域自治法》", "", ["民族区域自治法专题讲座"]),
    (dt.date(2026, 4, 23), "law_lecture", "会前学法:《中华人民共和国代表法》修正要点", "", ["代表法修正要点解读"]),
    (dt.date(2026, 8, 27), "law_lecture", "会前学法:《中华人民共和国草原法》", "", ["草原法与草原生态保护"]),
    (dt.date(2025, 7, 16), "deputy_briefing", "2025年上半年全县经济社会发展情况通报会", "", ["县人民政府通报上半年经济社会发展情况"]),
    (dt.date(2026, 7, 15), "deputy_briefing", "2026年上半年全县经济社会发展情况通报会", "", ["县人民政府通报上半年经济社会发展情况"]),
    (dt.date(2025, 5, 21), "themed_forum", "“乡村振兴与人大监督”专题论坛", "", ["乡村振兴中的人大监督"]),
    (dt.date(2025, 9, 24), "themed_forum", "“草原生态保护与牧民增收”专题论坛", "", ["草原生态保护与牧民增收"]),
    (dt.date(2025, 11, 19), "themed_forum", "“基层代表履职”专题论坛", "", ["基层代表如何提出高质量建议"]),
    (dt.date(2026, 3, 25), "themed_forum", "“优化营商环境”专题论坛", "", ["优化营商环境的法治保障"]),
    (dt.date(2026, 6, 17), "themed_forum", "“义务教育优质均衡”专题论坛", "", ["义务教育优质均衡发展"]),
    (dt.date(2026, 9, 16), "themed_forum", "“全过程人民民主基层实践”专题论坛", "", ["全过程人民民主的基层实践"]),
]  # fmt: skip
UPCOMING_LECTURE = (
    dt.date(2026, 12, 24),
    "law_lecture",
    "会前学法:《中华人民共和国国有资产法》",
    "",
    ["企业国有资产法专题讲座"],
)

# Special committees' meetings in 2026 (the 法制委员会 met three times: the R38 shortfall).
COMMITTEE_MEETINGS = {
    "示例县人大财政经济委员会": [dt.date(2026, 2, 12), dt.date(2026, 4, 16), dt.date(2026, 6, 18), dt.date(2026, 10, 22)],
    "示例县人大法制委员会": [dt.date(2026, 3, 12), dt.date(2026, 6, 11), dt.date(2026, 9, 10)],
    "示例县人大监察和司法委员会": [dt.date(2026, 2, 26), dt.date(2026, 5, 21), dt.date(2026, 8, 20), dt.date(2026, 10, 15)],
    "示例县人大教育科学文化卫生委员会": [dt.date(2026, 3, 19), dt.date(2026, 5, 14), dt.date(2026, 8, 13), dt.date(2026, 10, 22)],
}  # fmt: skip


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(hour, minute)), timezone.get_default_timezone()
    )


class _Ctx:
    def __init__(
        self, county: Any, staff: Any, leader: Any, members: list[Any], demo: DemoClock, counts: Counter
    ):
        self.county, self.staff, self.leader, self.members = county, staff, leader, members
        self.demo, self.counts = demo, counts
        self.today = clock.today()

    def at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        self.demo.set(_moment(day, hour, minute))
        return clock.now()


def _sc_accounts(county: Any) -> tuple[list[Any], int]:
    """Logins for the standing committee's members (bootstrap data, like ``builder.build_accounts``)."""
    from django.contrib.auth.hashers import make_password

    from renda.audit.services import record_event
    from renda.core.choices import Role
    from renda.core.models import Membership, Organization, Term, User
    from renda.deputies.models import DeputyMandate

    term = Term.objects.filter(congress=county, is_current=True).first()
    committee = Organization.objects.filter(congress=county, name=STANDING_COMMITTEE[0]).first()
    if term is None or committee is None:
        return [], 0
    mandates = list(
        DeputyMandate.objects.filter(
            congress=county, term=term, is_standing_committee_member=True, ended_on__isnull=True
        )
        .select_related("deputy", "deputy__user")
        .order_by("pk")
    )
    missing = [m for m in mandates if m.deputy.user_id is None]
    created: list[str] = []
    if missing:
        password = make_password(settings.RENDA["DEMO_PASSWORD"])
        with transaction.atomic():
            for m in missing:
                username = f"sc{m.pk}"
                user = User.objects.filter(username=username).first() or User.objects.create(
                    username=username, full_name=m.deputy.full_name, phone=m.deputy.phone, password=password,
                    must_change_password=False, password_changed_at=clock.now(),
                )  # fmt: skip
                Membership.objects.get_or_create(user=user, organization=committee, role=Role.DEPUTY)
                m.deputy.user = user
                m.deputy.save(update_fields=["user"])
                created.append(username)
            record_event(
                actor=None, actor_name="load_demo", action="demo.load", target=county, congress=county,
                after={"users": created},
            )  # fmt: skip
    users = [
        m.deputy.user
        for m in DeputyMandate.objects.filter(pk__in=[m.pk for m in mandates])
        .select_related("deputy__user")
        .order_by("pk")
    ]
    return users, len(created)


def _deputy_accounts(county: Any) -> int:
    """Logins for every current deputy of the congress (bootstrap data, as for the standing committee):
    the plenary roll is all of them."""
    from django.contrib.auth.hashers import make_password

    from renda.audit.services import record_event
    from renda.core.choices import Role
    from renda.core.models import Membership, Organization, Term, User
    from renda.deputies.models import DeputyMandate

    term = Term.objects.filter(congress=county, is_current=True).first()
    # deputies sign in through the standing committee, as the demo deputies' logins do
    congress_body = Organization.objects.filter(congress=county, name=STANDING_COMMITTEE[0]).first()
    if term is None or congress_body is None:
        return 0
    missing = list(
        DeputyMandate.objects.filter(
            congress=county, term=term, ended_on__isnull=True, deputy__user__isnull=True
        ).select_related("deputy")
    )
    if not missing:
        return 0
    password = make_password(settings.RENDA["DEMO_PASSWORD"])
    created = []
    with transaction.atomic():
        for m in missing:
            username = f"dep{m.pk}"
            user = User.objects.filter(username=username).first() or User.objects.create(
                username=username, full_name=m.deputy.full_name, phone=m.deputy.phone, password=password,
                must_change_password=False, password_changed_at=clock.now(),
            )  # fmt: skip
            Membership.objects.get_or_create(user=user, organization=congress_body, role=Role.DEPUTY)
            m.deputy.user = user
            m.deputy.save(update_fields=["user"])
            created.append(username)
        record_event(actor=None, actor_name="load_demo", action="demo.load", target=county, congress=county,
                     after={"users": len(created)})  # fmt: skip
    return len(created)


SESSION_TITLE = "示例县第十八届人民代表大会第七次会议"
SESSION_DAYS = (dt.date(2027, 1, 12), dt.date(2027, 1, 14))


def _prepare_session(ctx: _Ctx) -> None:
    """The 7th session being prepared (nothing is signed in: it lies ahead)."""
    from renda.meetings import services
    from renda.meetings.choices import MeetingKind, PresidiumRole
    from renda.meetings.models import Delegation, DelegationMember, MeetingMember

    if _find(ctx.county, MeetingKind.PLENARY, SESSION_TITLE) is not None:
        return
    ctx.counts["users"] += _deputy_accounts(ctx.county)
    staff = ctx.staff
    first, last = SESSION_DAYS
    ctx.at(dt.date(2026, 11, 16), 10)
    session = services.meeting_create(
        actor=staff, congress=ctx.county, kind=MeetingKind.PLENARY, number=7, title=SESSION_TITLE,
        starts_at=_moment(first, 9), ends_at=_moment(last, 12), place="示例县会议中心大礼堂", chair=ctx.leader,
        description="会期三天。听取和审议县人民政府工作报告、计划和预算报告、县人大常委会工作报告。",
    )  # fmt: skip
    ctx.counts["meetings"] += 1
    services.members_add_plenary_roll(actor=staff, meeting=session)
    for topic, presenter in (
        ("听取和审议县人民政府工作报告", "县长"),
        ("审查和批准2026年国民经济和社会发展计划执行情况与2027年计划草案", "县发展和改革局局长"),
        ("审查和批准2026年预算执行情况与2027年预算草案", "县财政局局长"),
        ("听取和审议县人大常委会工作报告", "县人大常委会主任"),
    ):
        services.agenda_item_add(
            actor=staff, meeting=session, kind="report", title=topic, presenter=presenter
        )
    ctx.at(dt.date(2026, 11, 17), 15)
    services.delegations_build(actor=staff, session=session)
    for delegation in Delegation.objects.filter(session=session):
        rows = list(
            DelegationMember.objects.filter(delegation=delegation).select_related("user").order_by("pk")
        )
        if len(rows) >= 2:
            services.delegation_save(actor=staff, session=session, delegation=delegation, name=delegation.name,
                                     head=rows[0].user, deputy_head=rows[1].user)  # fmt: skip
    sc_ids = [u.pk for u in ctx.members]
    seats = list(MeetingMember.objects.filter(meeting=session, user_id__in=sc_ids).select_related("user"))
    seats.sort(key=lambda m: sc_ids.index(m.user_id))
    roles = [PresidiumRole.EXECUTIVE_CHAIR, PresidiumRole.EXECUTIVE_CHAIR, PresidiumRole.SECRETARY_GENERAL]
    for i, seat in enumerate(seats[:11]):
        role = roles[i] if i < len(roles) else PresidiumRole.MEMBER
        services.presidium_add(actor=staff, session=session, user=seat.user, role=role)
    ctx.at(dt.date(2026, 11, 18), 10)
    eve = first - dt.timedelta(days=1)
    services.session_meeting_create(
        actor=staff, session=session, kind=MeetingKind.PRESIDIUM_MEETING, title="大会主席团第一次会议",
        starts_at=_moment(eve, 16), ends_at=_moment(eve, 17), place="示例县会议中心第一会议室",
    )  # fmt: skip
    for i, delegation in enumerate(Delegation.objects.filter(session=session).order_by("sort_order")[:3]):
        services.session_meeting_create(
            actor=staff, session=session, kind=MeetingKind.DELEGATION_MEETING, delegation=delegation,
            title=f"{delegation.name}审议县人民政府工作报告", starts_at=_moment(first, 15),
            ends_at=_moment(first, 17, 30), place=f"示例县会议中心第{_cn(i + 2)}会议室",
        )  # fmt: skip
        ctx.counts["meetings"] += 1
    services.meeting_schedule(actor=staff, meeting=session)


def _changes_of_plan(ctx: _Ctx, committees: dict[str, Any]) -> None:
    """A special committee's meeting cancelled and a forum postponed, with the reasons, roll notified."""
    from renda.meetings import services
    from renda.meetings.choices import MeetingKind

    org = committees.get("示例县人大法制委员会")
    title = "示例县人大法制委员会2026年第四次全体会议"
    if org is not None and _find(ctx.county, MeetingKind.SPECIAL_COMMITTEE, title, org) is None:
        day = dt.date(2026, 11, 12)
        ctx.at(dt.date(2026, 11, 2), 10)
        meeting = services.meeting_create(
            actor=ctx.staff, congress=ctx.county, kind=MeetingKind.SPECIAL_COMMITTEE, number=4, title=title,
            organization=org, starts_at=_moment(day, 15), ends_at=_moment(day, 17), place=SMALL_ROOM,
            chair=ctx.leader,
        )  # fmt: skip
        for user in random.Random(org.name).sample(ctx.members, min(5, len(ctx.members))):
            services.member_add(actor=ctx.staff, meeting=meeting, user=user, capacity="委员会组成人员")
        services.agenda_item_add(actor=ctx.staff, meeting=meeting, kind="other",
                                 title="初审《示例县草原生态保护条例(草案)》")  # fmt: skip
        services.meeting_schedule(actor=ctx.staff, meeting=meeting)
        ctx.at(dt.date(2026, 11, 10), 9)
        services.meeting_cancel(actor=ctx.staff, meeting=meeting,
                                reason="条例草案尚未由县人民政府提请审议,本次会议取消,另行安排")  # fmt: skip
        ctx.counts["meetings"] += 1
    title = "“人大代表联络站建设”专题论坛"
    if _find(ctx.county, MeetingKind.THEMED_FORUM, title) is None:
        day = dt.date(2026, 11, 26)
        ctx.at(dt.date(2026, 11, 5), 10)
        meeting = services.meeting_create(
            actor=ctx.staff, congress=ctx.county, kind=MeetingKind.THEMED_FORUM, title=title,
            starts_at=_moment(day, 15), ends_at=_moment(day, 17), place=SMALL_ROOM, chair=ctx.leader,
        )  # fmt: skip
        for user in ctx.members[:9]:
            services.member_add(actor=ctx.staff, meeting=meeting, user=user, capacity="常委会组成人员")
        services.agenda_item_add(
            actor=ctx.staff, meeting=meeting, kind="other", title="代表联络站规范化建设交流"
        )
        services.meeting_schedule(actor=ctx.staff, meeting=meeting)
        ctx.at(dt.date(2026, 11, 18), 11)
        later = dt.date(2026, 12, 17)
        services.meeting_postpone(actor=ctx.staff, meeting=meeting, reason="与县委全会时间冲突,论坛延期举行",
                                  starts_at=_moment(later, 15), ends_at=_moment(later, 17))  # fmt: skip
        ctx.counts["meetings"] += 1


def _find(county: Any, kind: str, title: str, organization: Any = None) -> Any:
    from renda.meetings.models import Meeting

    return Meeting.objects.filter(congress=county, kind=kind, title=title, organization=organization).first()


def _agenda_pdf(meeting: Any) -> SimpleUploadedFile:
    from renda.meetings.documents import agenda_pdf

    data = agenda_pdf(meeting)
    return SimpleUploadedFile(f"{meeting.title}议程.pdf", data, content_type="application/pdf")


def _play(ctx: _Ctx, *, kind: str, number: int | None, title: str, day: dt.date, agenda: list[tuple[str, str, str]],
          members: list[Any], invitees: list[tuple[Any, str]] = (), organization: Any = None, place: str = PLACE,
          hour: int = 9, leave: int = 0, absent: int = 0, late: int = 0, announce: bool = False,
          announce_late: bool = False, minutes: str = "", upcoming: bool = False) -> None:  # fmt: skip
    from renda.meetings import services
    from renda.meetings.choices import MemberRole, SignInMethod

    if _find(ctx.county, kind, title, organization) is not None:
        return
    rng = random.Random(f"{kind}{number}{title}")
    staff, leader = ctx.staff, ctx.leader
    ctx.at(day - dt.timedelta(days=12), 10)
    meeting = services.meeting_create(
        actor=staff, congress=ctx.county, kind=kind, number=number, title=title, organization=organization,
        starts_at=_moment(day, hour), ends_at=_moment(day, hour + 2, 30), place=place, chair=leader,
    )  # fmt: skip
    for user in members:
        services.member_add(
            actor=staff, meeting=meeting, user=user, role=MemberRole.MEMBER, capacity="常委会组成人员"
        )
    for user, capacity in invitees:
        services.member_add(
            actor=staff, meeting=meeting, user=user, role=MemberRole.INVITEE, capacity=capacity
        )
    for agenda_kind, topic, presenter in agenda:
        services.agenda_item_add(
            actor=staff, meeting=meeting, kind=agenda_kind, title=topic, presenter=presenter
        )
    ctx.at(day - dt.timedelta(days=10), 15)
    services.meeting_schedule(actor=staff, meeting=meeting)
    ctx.at(day - dt.timedelta(days=9), 9, 30)
    services.document_add(actor=staff, meeting=meeting, title="会议议程", upload=_agenda_pdf(meeting))
    ctx.counts["meetings"] += 1
    chosen = rng.sample(members, min(len(members), leave + absent + late))
    on_leave, away, slow = chosen[:leave], chosen[leave : leave + absent], chosen[leave + absent :]
    for i, user in enumerate(on_leave):
        ctx.at(day - dt.timedelta(days=4 - i), 11)
        request = services.leave_request(actor=user, meeting=meeting, reason=rng.choice(LEAVE_REASONS))
        ctx.counts["leave_requests"] += 1
        if upcoming and i == len(on_leave) - 1 and i > 0:
            continue  # still waiting for the chair
        ctx.at(day - dt.timedelta(days=2), 16)
        services.leave_decide(actor=leader, leave=request, approve=True, note="同意")
    if upcoming:
        if kind == "standing_committee":
            # documents are published one at a time: the agenda is out, the report follows later
            services.documents_publish(actor=staff, meeting=meeting)
            report = SimpleUploadedFile(
                f"{title}会议材料.pdf", _agenda_pdf(meeting).read(), content_type="application/pdf"
            )
            services.document_add(actor=staff, meeting=meeting, title="县人民政府关于国有资产管理情况的综合报告",
                                  upload=report)  # fmt: skip
        return
    present = [u for u in members if u not in on_leave and u not in away]
    people = [u for u in present if u not in slow] + [u for u, _cap in invitees]
    for i, user in enumerate(people):
        ctx.at(day, hour - 1, 20 + (i * 37) % 39)
        method = [SignInMethod.QR, SignInMethod.SELF, SignInMethod.DESK][i % 3]
        if method == SignInMethod.QR:
            services.sign_in(actor=user, meeting=meeting, method=method, token=services.qr_token(meeting))
        elif method == SignInMethod.SELF:
            services.sign_in(actor=user, meeting=meeting, method=method)
        else:
            services.sign_in(actor=staff, meeting=meeting, method=method, user=user)
        ctx.counts["sign_ins"] += 1
    if announce and not announce_late:
        ctx.at(day, hour - 1, 58)
        services.attendance_announce(actor=staff, meeting=meeting)
    ctx.at(day, hour)
    services.meeting_open(actor=staff, meeting=meeting)
    for i, user in enumerate(slow):
        ctx.at(day, hour, 8 + 7 * i)
        services.sign_in(actor=user, meeting=meeting, method=SignInMethod.SELF)
        ctx.counts["sign_ins"] += 1
    if announce_late:
        ctx.at(day, hour, 40)
        services.attendance_announce(actor=staff, meeting=meeting)
    ctx.at(day, hour + 2, 30)
    services.meeting_close(actor=staff, meeting=meeting)
    ctx.at(day + dt.timedelta(days=1), 10)
    texts = {
        item.pk: f"会议审议了{item.title.removeprefix('听取和审议')},同意按程序办理。"
        for item in meeting.agenda.all()
    }
    services.minutes_update(actor=staff, meeting=meeting, summary=minutes, item_texts=texts)
    if kind == "standing_committee":
        services.documents_publish(actor=staff, meeting=meeting)


def load_meetings_demo() -> dict[str, int]:
    """Create the demo meetings that are missing. Returns counts of what was created."""
    from renda.core.models import Congress, Organization, User

    counts: Counter = Counter(
        {k: 0 for k in ("users", "meetings", "sign_ins", "leave_requests", "attendance_reports")}
    )
    county = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    staff = User.objects.filter(username="staff").first()
    leader = User.objects.filter(username="leader").first()
    if county is None or staff is None or leader is None:
        return dict(counts)
    members, made = _sc_accounts(county)
    counts["users"] += made
    if len(members) < 5:
        return dict(counts)
    invitee = User.objects.filter(username="unitleader").first()
    committees = {
        o.name: o for o in Organization.objects.filter(congress=county, name__in=[c[0] for c in COMMITTEES])
    }
    with demo_clock() as demo:
        ctx = _Ctx(county, staff, leader, members, demo, counts)
        steps: list[tuple[dt.date, Any]] = []
        for day, number, agenda in SC_MEETINGS:
            n = len(members)
            steps.append((day, lambda day=day, number=number, agenda=agenda, n=n: _play(
                ctx, kind="standing_committee", number=number, title=f"县第十八届人大常委会第{_cn(number)}次会议", day=day,
                agenda=agenda, members=members,
                invitees=[(invitee, "县教育局局长")] if invitee and number == 35 else [],
                leave=1 + number % 3, absent=1 if number in (28, 33) else 0, late=number % 2 + 1, announce=True,
                announce_late=number == LATE_ANNOUNCED,
                minutes="会议应到组成人员全部按规定出席或请假,符合法定人数。会议听取和审议了各项报告,并进行了分组审议。",
            )))  # fmt: skip
        for i, (day, kind, title, _body, topics) in enumerate(OTHER_MEETINGS):
            steps.append((day, lambda i=i, day=day, kind=kind, title=title, topics=topics: _play(
                ctx, kind=kind, number=None, title=title, day=day,
                agenda=[("other", t, "") for t in topics], members=members[: 8 + i % 5], place=SMALL_ROOM,
                hour=8 if kind == "law_lecture" else 15, leave=i % 2, late=1,
            )))  # fmt: skip
        for name, days in COMMITTEE_MEETINGS.items():
            org = committees.get(name)
            if org is None:
                continue
            picked = random.Random(name).sample(members, min(5, len(members)))
            for n, day in enumerate(days, start=1):
                steps.append((day, lambda org=org, n=n, day=day, picked=picked: _play(
                    ctx, kind="special_committee", number=n, title=f"{org.name}2026年第{_cn(n)}次全体会议", day=day,
                    agenda=[("other", "研究本委员会近期工作安排", "")], members=picked, organization=org,
                    place=SMALL_ROOM, hour=15,
                )))  # fmt: skip
        for day, _order, step in sorted(
            ((d, i, s) for i, (d, s) in enumerate(steps)), key=lambda t: (t[0], t[1])
        ):
            if day <= ctx.today:
                step()
        # the 2025 attendance report to the congress (at the 6th session, January 2026)
        if not county.attendance_reports.filter(year=2025).exists():
            from renda.meetings import services

            ctx.at(dt.date(2026, 1, 19), 16)
            services.attendance_report_issue(actor=staff, congress=county, year=2025)
            counts["attendance_reports"] += 1
        if ctx.today >= dt.date(2026, 11, 18):
            _changes_of_plan(ctx, committees)
            _prepare_session(ctx)
        # what lies ahead: the 36th meeting and its law lecture
        day, number, agenda = UPCOMING
        if ctx.today < day:
            _play(ctx, kind="standing_committee", number=number, title=f"县第十八届人大常委会第{_cn(number)}次会议",
                  day=day, agenda=agenda, members=members, leave=2, upcoming=True)  # fmt: skip
            lday, kind, title, _body, topics = UPCOMING_LECTURE
            if _find(county, kind, title) is None:
                _play(ctx, kind=kind, number=None, title=title, day=lday, agenda=[("other", t, "") for t in topics],
                      members=members[:10], place=SMALL_ROOM, hour=8, upcoming=True)  # fmt: skip
        demo.release()
    return dict(counts)


CN = "零一二三四五六七八九"


def _cn(n: int) -> str:
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")
