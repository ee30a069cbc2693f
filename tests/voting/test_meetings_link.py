"""A vote on a meeting's agenda item: the meeting's members vote, only those signed in; the minutes
carry the result; the agenda panel offers the vote."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("renda.meetings")

from django.urls import reverse  # noqa: E402

from renda.core import clock  # noqa: E402
from renda.core.choices import Role  # noqa: E402
from renda.meetings import services as meetings  # noqa: E402
from renda.meetings.agenda import minutes_text, panel  # noqa: E402
from renda.voting import services  # noqa: E402
from renda.voting.meetings_link import OWNER_CODE  # noqa: E402
from renda.voting.services import VoteRefused  # noqa: E402
from tests.factories import PASSWORD, make_user  # noqa: E402

from .conftest import key  # noqa: E402

pytestmark = pytest.mark.clock("2026-11-20 09:00")


@pytest.fixture
def sitting(twin_counties):
    county = twin_counties.county
    staff = county.users["staff"]
    members = [make_user(f"mc{i}", county.standing_committee, Role.DEPUTY, f"组成人员{i}") for i in range(5)]
    start = clock.now() + dt.timedelta(minutes=30)
    meeting = meetings.meeting_create(
        actor=staff,
        congress=county.congress,
        kind="standing_committee",
        title="示例县第十八届人大常委会第二十次会议",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="常委会会议室",
    )
    for m in members:
        meetings.member_add(actor=staff, meeting=meeting, user=m)
    item = meetings.agenda_item_add(
        actor=staff, meeting=meeting, kind="vote", title="表决关于城区道路改造的决定草案"
    )
    meetings.meeting_schedule(actor=staff, meeting=meeting)
    for m in members[:4]:
        meetings.sign_in(actor=staff, meeting=meeting, method="desk", user=m)
    return staff, meeting, item, members


def test_agenda_vote_end_to_end(sitting, client):
    staff, meeting, item, members = sitting
    vote = services.vote_create(
        actor=staff,
        congress=meeting.congress,
        owner_code=OWNER_CODE,
        owner_id=item.pk,
        title=item.title,
        method="roll_call",
        option_set="yes_no_abstain",
        rule_code="majority_all",
    )
    vote = services.vote_open(actor=staff, vote=vote)
    assert vote.eligible.count() == 5
    for m in members[:3]:
        services.vote_cast(actor=m, vote=vote, choices=["yes"], idempotency_key=key())
    with pytest.raises(VoteRefused) as exc:  # not signed in
        services.vote_cast(actor=members[4], vote=vote, choices=["yes"], idempotency_key=key())
    assert exc.value.code == "not_present"
    vote = services.vote_close(actor=staff, vote=vote)
    assert vote.result["passed"] is True and vote.result["present"] == 4
    text = minutes_text(item)
    assert "赞成 3 票" in text and "通过" in text and "出席 4 人" in text


def test_agenda_panel_offers_the_vote_to_the_chair(sitting, client, rf):
    staff, meeting, item, members = sitting
    request = rf.get("/")
    request.user = staff
    template, context = panel(request, item)
    assert template == "voting/_agenda_panel.html" and context["can_chair"]
    assert context["create_url"].startswith(reverse("voting:create", args=[OWNER_CODE, item.pk]))
    client.login(username=staff.username, password=PASSWORD)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "对本议程建立表决" in page
    r = client.post(
        context["create_url"],
        {
            "congress": meeting.congress_id,
            "title": item.title,
            "method": "secret",
            "option_set": "yes_no_abstain",
            "rule_code": "majority_all",
        },
    )
    assert r.status_code == 302


def test_one_member_presence_agrees_with_the_set(sitting):
    from renda.meetings.selectors import is_present, present_user_ids
    from renda.voting.meetings_link import is_present_on

    staff, meeting, item, members = sitting
    # an invitee signed in does not count
    invitee = make_user("mc-invitee", staff.memberships.first().organization, Role.STAFF, "列席人员")
    meetings.member_add(
        actor=staff, meeting=meeting, user=invitee, role="invitee", capacity="县政府办公室主任"
    )
    meetings.sign_in(actor=staff, meeting=meeting, method="desk", user=invitee)
    present = present_user_ids(meeting)
    assert not is_present(meeting.pk, invitee.pk)
    for m in members:
        assert is_present(meeting.pk, m.pk) == (m.pk in present) == is_present_on(item.pk, m.pk)
    assert not is_present_on(10**9, members[0].pk)
