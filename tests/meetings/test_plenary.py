"""Plenary sessions: the whole roll in one step, delegations (with heads) from the deputies' records,
the presidium, delegation and presidium meetings under the session, attendance per delegation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renda.core.choices import Role
from renda.core.errors import ConflictError, ValidationFailed
from renda.deputies.models import Deputy, DeputyMandate
from renda.meetings import services
from renda.meetings.choices import MeetingKind, PresidiumRole, SignInMethod
from renda.meetings.models import Delegation, DelegationMember, MeetingMember
from renda.meetings.selectors import delegation_attendance
from tests.factories import make_user

from .conftest import TZ, login

pytestmark = pytest.mark.django_db
SESSION_START = dt.datetime(2027, 1, 10, 9, 0, tzinfo=TZ)
TOWNS = {"城关镇": ["李明", "王芳", "张伟"], "河口乡": ["刘洋", "陈静"]}


@pytest.fixture
def plenary(w):
    w.deputies = {}
    n = 0
    for town, names in TOWNS.items():
        for name in names:
            n += 1
            user = make_user(f"dep{n}", w.county.standing_committee, Role.DEPUTY, name)
            deputy = Deputy.objects.create(full_name=name, user=user)
            DeputyMandate.objects.create(deputy=deputy, congress=w.congress, term=w.term, delegation=town,
                                         started_on=dt.date(2021, 12, 1))  # fmt: skip
            w.deputies.setdefault(town, []).append(user)
    ended = make_user("dep_old", w.county.standing_committee, Role.DEPUTY, "赵已故")
    DeputyMandate.objects.create(deputy=Deputy.objects.create(full_name="赵已故", user=ended), congress=w.congress,
                                 term=w.term, delegation="城关镇", ended_on=dt.date(2026, 3, 1), end_reason="resignation")  # fmt: skip
    w.ended = ended
    session = services.meeting_create(
        actor=w.staff, congress=w.congress, kind=MeetingKind.PLENARY, title="县第十八届人民代表大会第六次会议",
        starts_at=SESSION_START, ends_at=SESSION_START + dt.timedelta(days=2, hours=8), place="县会议中心",
    )  # fmt: skip
    return session


@pytest.mark.clock("2026-12-20 10:00")
def test_whole_roll_in_one_step(w, plenary):
    n = services.members_add_plenary_roll(actor=w.staff, meeting=plenary)
    on = set(MeetingMember.objects.filter(meeting=plenary).values_list("user_id", flat=True))
    # five town deputies and the seven standing-committee members are current deputies; the ended one is not
    assert n == 12 and w.ended.pk not in on and {u.pk for u in w.sc} <= on
    assert MeetingMember.objects.get(meeting=plenary, user=w.deputies["城关镇"][0]).capacity == "城关镇代表"
    with pytest.raises(ValidationFailed):
        services.members_add_plenary_roll(actor=w.staff, meeting=plenary)  # nobody left to add
    sc_meeting = services.meeting_create(
        actor=w.staff, congress=w.congress, kind=MeetingKind.STANDING_COMMITTEE, title="县人大常委会第三十一次会议",
        starts_at=SESSION_START, ends_at=SESSION_START + dt.timedelta(hours=2), place="常委会会议室",
    )  # fmt: skip
    with pytest.raises(ValidationFailed):
        services.members_add_plenary_roll(actor=w.staff, meeting=sc_meeting)


@pytest.mark.clock("2026-12-20 10:00")
def test_delegations_from_records_heads_and_moves(w, plenary):
    services.members_add_plenary_roll(actor=w.staff, meeting=plenary)
    created, added = services.delegations_build(actor=w.staff, session=plenary)
    assert (created, added) == (2, 5)  # the standing-committee members have no delegation recorded
    town = Delegation.objects.get(session=plenary, name="城关镇代表团")
    assert set(town.members.values_list("user_id", flat=True)) == {u.pk for u in w.deputies["城关镇"]}
    with pytest.raises(ValidationFailed):
        services.delegations_build(actor=w.staff, session=plenary)  # nothing new: said so
    head = w.deputies["城关镇"][0]
    services.delegation_save(actor=w.staff, session=plenary, delegation=town, name=town.name, head=head)
    with pytest.raises(ValidationFailed) as exc:
        services.delegation_save(actor=w.staff, session=plenary, delegation=town, name=town.name,
                                 head=w.deputies["河口乡"][0])  # fmt: skip
    assert exc.value.field == "head"
    with pytest.raises(ValidationFailed) as exc:
        services.delegation_save(actor=w.staff, session=plenary, delegation=town, name=town.name, head=head,
                                 deputy_head=head)  # fmt: skip
    assert exc.value.field == "deputy_head"
    with pytest.raises(ValidationFailed):
        services.delegation_save(actor=w.staff, session=plenary, name="河口乡代表团")  # the name is taken
    # A standing-committee member is placed by hand; nobody sits in two delegations.
    services.delegation_member_add(actor=w.staff, delegation=town, user=w.sc[0])
    river = Delegation.objects.get(session=plenary, name="河口乡代表团")
    with pytest.raises(ValidationFailed):
        services.delegation_member_add(actor=w.staff, delegation=river, user=w.sc[0])
    with pytest.raises(ValidationFailed):
        services.delegation_member_add(actor=w.staff, delegation=river, user=w.outsider)  # not on the roll
    with pytest.raises(ConflictError):
        services.delegation_member_remove(
            actor=w.staff, row=DelegationMember.objects.get(session=plenary, user=head)
        )


@pytest.mark.clock("2026-12-20 10:00")
def test_presidium_and_session_meetings(w, plenary):
    services.members_add_plenary_roll(actor=w.staff, meeting=plenary)
    services.delegations_build(actor=w.staff, session=plenary)
    services.presidium_add(actor=w.staff, session=plenary, user=w.sc[0], role=PresidiumRole.EXECUTIVE_CHAIR)
    services.presidium_add(actor=w.staff, session=plenary, user=w.sc[1], role=PresidiumRole.SECRETARY_GENERAL)
    with pytest.raises(ValidationFailed):
        services.presidium_add(
            actor=w.staff, session=plenary, user=w.sc[2], role=PresidiumRole.SECRETARY_GENERAL
        )
    with pytest.raises(ValidationFailed):
        services.presidium_add(actor=w.staff, session=plenary, user=w.sc[0])
    with pytest.raises(ValidationFailed):
        services.presidium_add(actor=w.staff, session=plenary, user=w.invitee)  # not a deputy of the session
    day_before = SESSION_START - dt.timedelta(days=1)
    presidium = services.session_meeting_create(
        actor=w.staff, session=plenary, kind=MeetingKind.PRESIDIUM_MEETING, title="主席团第一次会议",
        starts_at=day_before, ends_at=day_before + dt.timedelta(hours=1), place="县会议中心二楼",
    )  # fmt: skip
    assert presidium.chair == w.sc[0] and presidium.session == plenary
    assert set(MeetingMember.objects.filter(meeting=presidium).values_list("user_id", flat=True)) == {
        w.sc[0].pk,
        w.sc[1].pk,
    }
    town = Delegation.objects.get(session=plenary, name="城关镇代表团")
    services.delegation_save(
        actor=w.staff, session=plenary, delegation=town, name=town.name, head=w.deputies["城关镇"][1]
    )
    group = services.session_meeting_create(
        actor=w.staff, session=plenary, kind=MeetingKind.DELEGATION_MEETING, delegation=town,
        title="城关镇代表团审议政府工作报告", starts_at=SESSION_START + dt.timedelta(hours=5),
        ends_at=SESSION_START + dt.timedelta(hours=7), place="第一分会场",
    )  # fmt: skip
    assert group.chair == w.deputies["城关镇"][1] and group.number == 1 and group.delegation == town
    assert MeetingMember.objects.filter(meeting=group).count() == 3
    with pytest.raises(ValidationFailed) as exc:
        services.session_meeting_create(
            actor=w.staff, session=plenary, kind=MeetingKind.DELEGATION_MEETING, title="没有代表团的分组会议",
            starts_at=SESSION_START, ends_at=SESSION_START + dt.timedelta(hours=1), place="第二分会场",
        )  # fmt: skip
    assert exc.value.field == "delegation"
    too_early = SESSION_START - dt.timedelta(days=3)
    with pytest.raises(ValidationFailed):
        services.session_meeting_create(
            actor=w.staff, session=plenary, kind=MeetingKind.DELEGATION_MEETING, delegation=town, title="会期之外的会议",
            starts_at=too_early, ends_at=too_early + dt.timedelta(hours=1), place="第一分会场",
        )  # fmt: skip
    with pytest.raises(ValidationFailed):
        services.meeting_create(actor=w.staff, congress=w.congress, kind=MeetingKind.DELEGATION_MEETING,
                                title="绕过大会建的代表团会议", starts_at=SESSION_START,
                                ends_at=SESSION_START + dt.timedelta(hours=1), place="某处")  # fmt: skip
    # Listed under the session, on its page and on the delegations page.
    page = login(w.staff).get(reverse("meetings:detail", args=[plenary.pk])).content.decode()
    assert "城关镇代表团审议政府工作报告" in page and "主席团第一次会议" in page
    bodies = login(w.staff).get(reverse("meetings:session_bodies", args=[plenary.pk])).content.decode()
    assert 'data-delegation="城关镇代表团"' in bodies and f'data-presidium="{w.sc[0].username}"' in bodies
    sub = login(w.staff).get(reverse("meetings:detail", args=[group.pk])).content.decode()
    assert "所属大会:县第十八届人民代表大会第六次会议" in sub
    api = login(w.staff).get(f"/api/v1/meetings/{plenary.pk}/session").json()
    assert {d["name"] for d in api["delegations"]} >= {"城关镇代表团", "河口乡代表团"}
    assert [p["role"] for p in api["presidium"]] == ["常务主席", "秘书长"]
    assert {m["title"] for m in api["meetings"]} == {"主席团第一次会议", "城关镇代表团审议政府工作报告"}
    assert login(w.staff).get(f"/api/v1/meetings/{group.pk}/session").status_code == 400


@pytest.mark.clock("2026-12-20 10:00")
def test_attendance_per_delegation(w, plenary, clock):
    services.members_add_plenary_roll(actor=w.staff, meeting=plenary)
    services.delegations_build(actor=w.staff, session=plenary)
    services.agenda_item_add(actor=w.staff, meeting=plenary, kind="report", title="听取和审议政府工作报告")
    services.meeting_schedule(actor=w.staff, meeting=plenary)
    leave = services.leave_request(actor=w.deputies["河口乡"][0], meeting=plenary, reason="住院治疗")
    services.leave_decide(actor=w.leader, leave=leave, approve=True)
    clock.set("2027-01-10 09:05")
    for user in [*w.deputies["城关镇"][:2], w.sc[0]]:
        services.sign_in(actor=user, meeting=plenary, method=SignInMethod.SELF)
    rows = {r.name: r for r in delegation_attendance(plenary)}
    assert (rows["城关镇代表团"].members, rows["城关镇代表团"].present, rows["城关镇代表团"].late) == (
        3,
        2,
        2,
    )
    assert (rows["河口乡代表团"].leave, rows["河口乡代表团"].absent, rows["河口乡代表团"].rate) == (
        1,
        1,
        "0.0%",
    )
    assert (rows["未编入代表团"].members, rows["未编入代表团"].present) == (7, 1)
    page = login(w.staff).get(reverse("meetings:detail", args=[plenary.pk])).content.decode()
    assert 'data-delegation="城关镇代表团"' in page and "66.7%" in page
    import io

    from docx import Document

    got = login(w.staff).get(reverse("meetings:document", args=[plenary.pk, "attendance", "docx"]))
    text = "\n".join(
        c.text for t in Document(io.BytesIO(got.content)).tables for r in t.rows for c in r.cells
    )
    assert "城关镇代表团" in text and "66.7%" in text


@pytest.mark.clock("2026-12-20 10:00")
def test_session_page_forms(w, plenary):
    staff = login(w.staff)
    url = reverse("meetings:session_bodies", args=[plenary.pk])
    assert staff.post(reverse("meetings:members_add_roll", args=[plenary.pk])).status_code == 302
    assert staff.post(url, {"op": "build"}).status_code == 302
    assert Delegation.objects.filter(session=plenary).count() == 2
    bad = staff.post(url, {"op": "presidium", "user": w.sc[0].pk, "role": "nonsense"})
    assert bad.status_code == 400
    assert (
        staff.post(url, {"op": "presidium", "user": w.sc[0].pk, "role": "executive_chair"}).status_code == 302
    )
    assert login(w.sc[0]).get(url).status_code == 404  # a draft session is not shown to deputies
