"""A county with its government, finance bureau, court and procuratorate (each with a clerk), the
seeds' statutory-report obligations installed, a standing committee of five members with accounts,
and helpers for uploads, meetings and votes."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from renda.core.choices import OrganizationKind as K
from renda.core.choices import Role
from renda.core.models import Organization
from renda.deputies.models import Deputy, DeputyMandate
from renda.oversight import services_reports as svc
from tests.factories import PASSWORD, build_world, make_user

TZ = ZoneInfo("Asia/Shanghai")
SC_NAMES = ["马国强", "孙丽华", "何建平", "吴海燕", "郑志刚"]


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def pdf_upload(name: str = "报告.pdf") -> SimpleUploadedFile:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, "Report 2026")
    page.save()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def fake_pdf(name: str = "报告.pdf") -> SimpleUploadedFile:
    """A text file labelled as a PDF: refused by its content."""
    return SimpleUploadedFile(name, "这不是PDF文件".encode(), content_type="application/pdf")


@pytest.fixture
def w(db):
    world = build_world()
    county = world.county
    w = SimpleNamespace(world=world, county=county, congress=county.congress)
    w.staff = county.users["staff"]
    w.leader = county.users["leader"]
    w.term = county.congress.terms.get(is_current=True)

    def org(name: str, kind: str, parent=None) -> Organization:
        return Organization.objects.create(congress=w.congress, name=name, kind=kind, parent=parent)

    w.government = county.government
    w.finance = org("示例县财政局", K.GOVERNMENT_DEPARTMENT, w.government)
    w.court = org("示例县人民法院", K.COURT)
    w.procuratorate = org("示例县人民检察院", K.PROCURATORATE)
    w.gov_clerk = make_user("govclerk", w.government, Role.UNIT_CLERK, "政府办经办人")
    w.finance_clerk = make_user("finclerk", w.finance, Role.UNIT_CLERK, "财政局经办人")
    w.court_clerk = make_user("courtclerk", w.court, Role.UNIT_CLERK, "法院经办人")
    w.other_clerk = county.users["unit_clerk"]  # the education bureau: not a reporting body here
    w.sibling_staff = world.sibling.users["staff"]
    w.sc = []
    for i, name in enumerate(SC_NAMES, start=1):
        user = make_user(f"sc{i}", county.standing_committee, Role.DEPUTY, name)
        deputy = Deputy.objects.create(full_name=name, user=user)
        DeputyMandate.objects.create(
            deputy=deputy, congress=w.congress, term=w.term, is_standing_committee_member=True,
            started_on=dt.date(2021, 12, 1),
        )  # fmt: skip
        w.sc.append(user)
    w.obligations = {o.title: o for o in svc.obligations_install_defaults(actor=w.staff, congress=w.congress)}
    w.debt = w.obligations["政府债务管理情况书面报告"]
    return w


def make_meeting(w, start: dt.datetime):
    from renda.meetings import services
    from renda.meetings.choices import MeetingKind, MemberRole

    meeting = services.meeting_create(
        actor=w.staff, congress=w.congress, kind=MeetingKind.STANDING_COMMITTEE, title="县第十八届人大常委会第三十六次会议",
        starts_at=start, ends_at=start + dt.timedelta(hours=3), place="县人大常委会会议室",
    )  # fmt: skip
    for user in w.sc:
        services.member_add(
            actor=w.staff, meeting=meeting, user=user, role=MemberRole.MEMBER, capacity="委员"
        )
    return meeting
