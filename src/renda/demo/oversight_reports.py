"""The demo county's statutory reports, major matters and resolutions (oversight area `reports`), made
through ``renda.oversight.services_reports`` and the meetings and voting services, each at its moment
(``demo_clock``). Idempotent: what exists is found again and left alone.

The story up to DEMO_AS_OF (2026-11-20):

- the seeds' ten obligations; the 2026 calendar. Received: 依法行政 (3月20日, on the agenda of the 36th
  meeting), 环境状况 (4月8日), 决算 (6月12日), 计划执行 and 预算执行 (8月14日), 法院专项 (10月20日);
  **the first-half debt report of the finance bureau is late** (due 7月31日) and so is the
  procuratorate's special report (due 10月31日); the daily reminder run raises their reminders;
- the 2026 list of major matters: submitted 2025-12-15, commented, agreed 2025-12-28, reported to
  the party committee 2026-01-12 (R10 for 2025 and R40 for 2026 met); its first matter, the heating
  renovation, reported by the government and **decided by a recorded vote** at the 31st
  standing-committee meeting (2026-02-26), its decision published, its implementation reported in
  September; the 2027 list is being drafted by the government (R10 for 2026 still open);
- two earlier resolutions (the 2025 budget adjustment, the 2025 final accounts), published.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from .units import COUNTY_CONGRESS

RECEIVED = [
    ("依法行政情况报告", dt.date(2026, 3, 20)),
    ("环境状况和环境保护目标完成情况报告", dt.date(2026, 4, 8)),
    ("上年度决算报告", dt.date(2026, 6, 12)),
    ("国民经济和社会发展计划执行情况报告", dt.date(2026, 8, 14)),
    ("预算执行情况报告", dt.date(2026, 8, 14)),
    ("县人民法院专项工作报告", dt.date(2026, 10, 20)),
]
MATTERS_2026 = [
    ("示例县城区集中供热改造工程", "livelihood", "对城区老旧供热管网和换热站实施改造,惠及居民1.2万户,总投资1.8亿元。", 1),
    ("示例县国土空间总体规划(2021—2035年)", "project", "提请常委会审议县国土空间总体规划。", 3),
    ("县级预算调整方案", "plan_budget", "因新增地方政府专项债券,调整2026年县级预算。", 3),
]  # fmt: skip
MATTERS_2027 = [
    ("示例县乡村振兴示范带建设", "reform", "打造沿河乡村振兴示范带。"),
    ("县城区学校布局调整", "livelihood", "调整城区中小学布局,新建一所九年一贯制学校。"),
]
OLD_RESOLUTIONS = [
    ("resolution", "关于批准2025年县级预算调整方案的决议", dt.date(2025, 8, 28),
     "县第十八届人大常委会第二十八次会议审查了县人民政府提出的2025年县级预算调整方案,决定批准该方案。"),
    ("resolution", "关于批准2025年县级决算的决议", dt.date(2026, 6, 25),
     "县第十八届人大常委会第三十三次会议审查了县人民政府提出的2025年县级决算,决定批准2025年县级决算。"),
]  # fmt: skip


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(hour, minute)), timezone.get_default_timezone()
    )


def _pdf(title: str) -> SimpleUploadedFile:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("STSong-Light", 16)
    page.drawString(72, 760, title)
    page.setFont("STSong-Light", 11)
    page.drawString(72, 730, "(示例数据)")
    page.save()
    return SimpleUploadedFile(f"{title}.pdf", buffer.getvalue(), content_type="application/pdf")


def _finance_clerk(county: Any) -> Any:
    """A login for the finance bureau's clerk (bootstrap data, like the demo's other accounts)."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password

    from renda.core import clock
    from renda.core.choices import Role
    from renda.core.models import Membership, Organization, User

    finance = Organization.objects.filter(congress=county, name__contains="财政局").first()
    if finance is None:
        return None
    user = User.objects.filter(username="finance").first()
    if user is None:
        user = User.objects.create(
            username="finance", full_name="县财政局债务股", password=make_password(settings.RENDA["DEMO_PASSWORD"]),
            must_change_password=False, password_changed_at=clock.now(),
        )  # fmt: skip
    Membership.objects.get_or_create(user=user, organization=finance, role=Role.UNIT_CLERK)
    return user


def load_oversight_reports_demo() -> dict[str, int]:
    from django.apps import apps

    from renda.core.models import Congress, Organization, User

    counts = {"report_obligations": 0, "statutory_reports": 0, "major_matters": 0, "resolutions": 0}
    if not apps.is_installed("renda.meetings") or not apps.is_installed("renda.voting"):
        return counts
    county = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    staff = User.objects.filter(username="staff").first()
    leader = User.objects.filter(username="leader").first()
    government = Organization.objects.filter(congress=county, kind="government").first() if county else None
    if county is None or staff is None or leader is None or government is None:
        return counts
    from .suggestions import demo_clock

    with demo_clock() as demo:
        _finance_clerk(county)
        _reports(county, staff, demo, counts)
        _matters(county, staff, leader, government, demo, counts)
        _old_resolutions(county, staff, leader, demo, counts)
        from renda.oversight.services_reports import run_report_reminders

        demo.set(_moment(dt.date(2026, 11, 20), 7, 15))
        run_report_reminders()
    return counts


def _reports(county: Any, staff: Any, demo: Any, counts: dict[str, int]) -> None:
    from renda.meetings.models import Meeting
    from renda.oversight import services_reports as svc
    from renda.oversight.models import ReportObligation, ReportState, StatutoryReport

    if not ReportObligation.objects.filter(congress=county).exists():
        demo.set(_moment(dt.date(2026, 1, 5), 9))
        counts["report_obligations"] += len(svc.obligations_install_defaults(actor=staff, congress=county))
        counts["statutory_reports"] += len(svc.calendar_generate(actor=staff, congress=county, year=2026))
    for title, day in RECEIVED:
        report = StatutoryReport.objects.filter(congress=county, year=2026, obligation__title=title).first()
        if report is None or report.received_on is not None:
            continue
        demo.set(_moment(day, 15))
        svc.report_receive(actor=staff, report=report, upload=_pdf(report.title), received_on=day)
    law = StatutoryReport.objects.filter(congress=county, year=2026, obligation__rule_code="R03").first()
    upcoming = Meeting.objects.filter(congress=county, kind="standing_committee", state="scheduled").order_by(
        "starts_at"
    )
    if law is not None and law.state == ReportState.RECEIVED and upcoming.exists():
        demo.set(_moment(dt.date(2026, 11, 18), 10))
        svc.report_schedule(actor=staff, report=law, meeting=upcoming.first(), presenter="县人民政府副县长")


def _matter_meeting(county: Any, staff: Any, leader: Any, demo: Any, day: dt.date) -> Any:
    from renda.meetings import services as meetings
    from renda.meetings.choices import MemberRole
    from renda.meetings.models import Meeting

    from .meetings import _sc_accounts

    title = "县第十八届人大常委会第三十一次会议"
    found = Meeting.objects.filter(congress=county, kind="standing_committee", title=title).first()
    if found is not None:
        return found, []
    members, _made = _sc_accounts(county)
    if len(members) < 5:
        return None, []
    demo.set(_moment(day - dt.timedelta(days=12), 10))
    meeting = meetings.meeting_create(
        actor=staff, congress=county, kind="standing_committee", number=31, title=title, chair=leader,
        starts_at=_moment(day, 9), ends_at=_moment(day, 11, 30), place="县人大常委会会议中心",
    )  # fmt: skip
    for user in members:
        meetings.member_add(
            actor=staff, meeting=meeting, user=user, role=MemberRole.MEMBER, capacity="常委会组成人员"
        )
    return meeting, members


def _matters(
    county: Any, staff: Any, leader: Any, government: Any, demo: Any, counts: dict[str, int]
) -> None:
    from renda.meetings import services as meetings
    from renda.oversight import services_reports as svc
    from renda.oversight.models import MajorMatterList, MatterState
    from renda.voting import services as voting

    if not MajorMatterList.objects.filter(congress=county, year=2026).exists():
        demo.set(_moment(dt.date(2025, 12, 5), 10))
        ml = svc.matter_list_create(actor=staff, congress=county, year=2026, submitted_by=government)
        for title, category, text, quarter in MATTERS_2026:
            svc.matter_add(actor=staff, matter_list=ml, title=title, category=category, description=text,
                           planned_quarter=quarter)  # fmt: skip
            counts["major_matters"] += 1
        demo.set(_moment(dt.date(2025, 12, 15), 10))
        svc.matter_list_submit(actor=staff, matter_list=ml)
        demo.set(_moment(dt.date(2025, 12, 20), 15))
        svc.matter_list_comment(
            actor=leader, matter_list=ml,
            comments="建议供热改造工程补充资金来源和分年度实施计划;国土空间总体规划须在提请前广泛征求代表和群众意见。",
        )  # fmt: skip
        demo.set(_moment(dt.date(2025, 12, 28), 10))
        svc.matter_list_agree(actor=leader, matter_list=ml, included=list(ml.matters.values_list("pk", flat=True)),
                              agreed_on=dt.date(2025, 12, 28))  # fmt: skip
        demo.set(_moment(dt.date(2026, 1, 12), 10))
        svc.matter_list_report_party(actor=staff, matter_list=ml, reported_on=dt.date(2026, 1, 12))
    ml = MajorMatterList.objects.get(congress=county, year=2026)
    heating = ml.matters.order_by("order").first()
    if heating is not None and heating.state == MatterState.LISTED:
        day = dt.date(2026, 2, 26)
        demo.set(_moment(dt.date(2026, 2, 10), 10))
        heating = svc.matter_report(
            actor=staff, matter=heating, reported_on=dt.date(2026, 2, 10),
            summary="县人民政府第十二次常务会议研究后,向县人大常委会报告了城区集中供热改造工程的实施方案、资金来源和工期安排。",
        )  # fmt: skip
        meeting, members = _matter_meeting(county, staff, leader, demo, day)
        if meeting is not None and members:
            demo.set(_moment(day - dt.timedelta(days=11), 10))
            heating = svc.matter_schedule(actor=staff, matter=heating, meeting=meeting)
            demo.set(_moment(day - dt.timedelta(days=10), 15))
            meetings.meeting_schedule(actor=staff, meeting=meeting)
            present = members[:-1]  # one member absent
            for i, user in enumerate(present):
                demo.set(_moment(day, 8, 20 + i))
                meetings.sign_in(actor=staff, meeting=meeting, method="desk", user=user)
            demo.set(_moment(day, 8, 58))
            meetings.attendance_announce(actor=staff, meeting=meeting)  # R39: announced before the opening
            demo.set(_moment(day, 9))
            meetings.meeting_open(actor=staff, meeting=meeting)
            demo.set(_moment(day, 10, 30))
            vote = voting.vote_create(
                actor=staff, congress=county, owner_code=svc.MATTER_VOTE_OWNER, owner_id=heating.pk,
                title=f"关于{heating.title}的决定(草案)", method="roll_call", option_set="yes_no_abstain",
                rule_code="majority_all",
            )  # fmt: skip
            voting.vote_open(actor=staff, vote=vote)
            for i, user in enumerate(present):
                demo.set(_moment(day, 10, 31 + i // 10))
                choice = "abstain" if i == len(present) - 1 else "yes"
                voting.vote_cast(
                    actor=user, vote=vote, choices=[choice], idempotency_key=secrets.token_hex(16)
                )
            demo.set(_moment(day, 10, 45))
            voting.vote_close(actor=staff, vote=vote)
            demo.set(_moment(day, 11, 30))
            meetings.meeting_close(actor=staff, meeting=meeting)
            heating.refresh_from_db()
            if heating.state == MatterState.DECIDED:
                counts["resolutions"] += 1
                demo.set(_moment(dt.date(2026, 3, 2), 10))
                svc.resolution_publish(actor=staff, resolution=heating.resolution)
                demo.set(_moment(dt.date(2026, 9, 15), 10))
                svc.matter_progress_add(
                    actor=staff, matter=heating, reported_on=dt.date(2026, 9, 15),
                    text="已完成主管网改造12.6公里、换热站8座,计划于10月15日供暖前全部投入使用。",
                )  # fmt: skip
    if not MajorMatterList.objects.filter(congress=county, year=2027).exists():
        demo.set(_moment(dt.date(2026, 11, 16), 10))
        nxt = svc.matter_list_create(actor=staff, congress=county, year=2027, submitted_by=government)
        for title, category, text in MATTERS_2027:
            svc.matter_add(actor=staff, matter_list=nxt, title=title, category=category, description=text)
            counts["major_matters"] += 1


def _old_resolutions(county: Any, staff: Any, leader: Any, demo: Any, counts: dict[str, int]) -> None:
    from renda.oversight import services_reports as svc
    from renda.oversight.models import Resolution

    for kind, title, day, text in OLD_RESOLUTIONS:
        if Resolution.objects.filter(congress=county, title=title).exists():
            continue
        demo.set(_moment(day, 14))
        resolution = svc.resolution_create(actor=staff, congress=county, kind=kind, title=title, text=text,
                                           adopted_on=day)  # fmt: skip
        demo.set(_moment(day + dt.timedelta(days=3), 10))
        svc.resolution_publish(actor=leader, resolution=resolution)
        counts["resolutions"] += 1
