"""The satisfaction vote: an agenda item of kind "审议意见满意度测评" about the opinion, a vote of
``renda.voting`` with the satisfaction options; closing it writes the rating through the service."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from renda.core import clock
from renda.core.errors import ConflictError
from renda.meetings import services as meetings
from renda.meetings.agenda import minutes_text, subject_choices_for
from renda.oversight import services_opinions as services
from renda.voting import services as voting

from .conftest import comment, login, make_opinion, report, to_assigned

pytestmark = pytest.mark.clock("2026-11-20 09:00")


def key() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def sitting(w):
    opinion = to_assigned(w, make_opinion(w))
    report(w, opinion)
    comment(w, opinion)
    start = clock.now() + dt.timedelta(minutes=30)
    meeting = meetings.meeting_create(
        actor=w.office_staff, congress=w.congress, kind="standing_committee",
        title="示例县第十八届人大常委会第三十一次会议", starts_at=start, ends_at=start + dt.timedelta(hours=3),
        place="常委会会议室",
    )  # fmt: skip
    for m in w.sc:
        meetings.member_add(actor=w.office_staff, meeting=meeting, user=m)
    offered = dict(subject_choices_for("satisfaction_vote", w.office_staff, meeting))
    subject = f"oversight.opinion:{opinion.pk}"
    assert subject in offered
    item = meetings.agenda_item_add(
        actor=w.office_staff, meeting=meeting, kind="satisfaction_vote",
        title="对县交通运输局研究处理情况报告进行满意度测评", subject=subject,
    )  # fmt: skip
    meetings.meeting_schedule(actor=w.office_staff, meeting=meeting)
    for m in w.sc[:6]:
        meetings.sign_in(actor=w.office_staff, meeting=meeting, method="desk", user=m)
    return opinion, meeting, item


def test_closed_vote_writes_the_rating(w, sitting):
    opinion, meeting, item = sitting
    vote = services.satisfaction_vote_create(actor=w.office_staff, item=item, method="secret")
    assert vote.option_set == "satisfaction" and vote.rule_code == "opinion_share_of_cast"
    with pytest.raises(ConflictError):  # one open vote per item
        services.satisfaction_vote_create(actor=w.office_staff, item=item)
    vote = voting.vote_open(actor=w.office_staff, vote=vote)
    for m, choice in zip(
        w.sc[:6], ["satisfied", "satisfied", "satisfied", "basic", "unsatisfied", "unsatisfied"], strict=True
    ):
        voting.vote_cast(actor=m, vote=vote, choices=[choice], idempotency_key=key())
    voting.vote_close(actor=w.leader, vote=vote)
    rating = opinion.ratings.get()
    assert rating.source == "vote" and rating.vote_id == vote.pk and rating.meeting_id == meeting.pk
    assert (rating.satisfied, rating.basically, rating.dissatisfied, rating.blank) == (3, 1, 2, 0)
    assert (rating.members, rating.present) == (7, 6)
    assert str(rating.percent) == "66.67" and rating.verdict == "rectify" and rating.rated_by == w.leader
    opinion.case.refresh_from_db()
    assert opinion.case.state == "rectifying"
    assert "满意率66.67%" in minutes_text(item)


def test_agenda_panel_offers_the_vote(w, sitting):
    opinion, meeting, item = sitting
    page = login(w.office_staff).get(f"/meetings/{meeting.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "建立满意度测评表决" in body and opinion.case.number in body
    response = login(w.office_staff).post(f"/oversight/opinions/vote/{item.pk}/", {"method": "roll_call"})
    assert response.status_code == 302 and "/voting/" in response["Location"]
    # an outsider of the congress cannot set one up
    response = login(w.sibling_staff).post(f"/oversight/opinions/vote/{item.pk}/", {"method": "secret"})
    assert response.status_code == 404


def test_a_vote_nobody_cast_closes_without_a_rating(w, sitting):
    opinion, meeting, item = sitting
    vote = voting.vote_open(
        actor=w.office_staff, vote=services.satisfaction_vote_create(actor=w.office_staff, item=item)
    )
    voting.vote_close(actor=w.office_staff, vote=vote)
    assert not opinion.ratings.exists()
    opinion.case.refresh_from_db()
    assert opinion.case.state == "reviewed"  # still to be rated (another vote or counts)
