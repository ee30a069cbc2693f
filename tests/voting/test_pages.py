"""Pages and API twins: the member's ballot, the chair's control, the projector, results, the to-do."""

from __future__ import annotations

import pytest

from renda.voting.models import Ballot, SecretBallot, Vote
from renda.web.todo import todos_for
from tests.factories import PASSWORD

from .conftest import key

pytestmark = pytest.mark.clock("2026-11-20 09:30")


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_member_votes_from_the_ballot_page_and_a_resubmission_counts_once(hall, client):
    vote = hall.opened()
    member = hall.members[0]
    login(client, member)
    page = client.get(f"/voting/{vote.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="btn-yes"' in html and "赞成" in html
    k = html.split('name="idempotency_key" value="')[1].split('"')[0]
    r1 = client.post(f"/voting/{vote.pk}/", {"idempotency_key": k, "choice": "yes"})
    r2 = client.post(
        f"/voting/{vote.pk}/", {"idempotency_key": k, "choice": "yes"}
    )  # lost connection, resent
    assert r1.status_code == 302 and r2.status_code == 302
    assert Ballot.objects.filter(vote=vote, user=member).count() == 1
    page = client.get(f"/voting/{vote.pk}/").content.decode()
    assert "您已投票" in page and 'id="btn-yes"' not in page


def test_refusal_is_shown_in_chinese_with_400(hall, client):
    vote = hall.opened()
    member = hall.members[0]
    hall.roster.present[1].discard(member.pk)
    login(client, member)
    r = client.post(f"/voting/{vote.pk}/", {"idempotency_key": key(), "choice": "yes"})
    assert r.status_code == 400 and "您尚未签到" in r.content.decode()


def test_secret_ballot_page_shows_the_receipt_once(hall, client):
    vote = hall.opened(method="secret")
    login(client, hall.members[0])
    r = client.post(f"/voting/{vote.pk}/", {"idempotency_key": key(), "choice": "no"})
    html = r.content.decode()
    assert r.status_code == 200 and 'id="receipt-code"' in html
    code = html.split('id="receipt-code">')[1].split("<")[0]
    assert SecretBallot.objects.filter(vote=vote, receipt_code=code, cast=True).exists()
    assert code not in client.get(f"/voting/{vote.pk}/").content.decode()  # never shown again


def test_chair_opens_and_closes_from_the_control_page(hall, client):
    vote = hall.vote()
    login(client, hall.chair)
    assert client.post(f"/voting/{vote.pk}/control/", {"action": "open"}).status_code == 302
    assert Vote.objects.get(pk=vote.pk).state == "open"
    projector = client.get(f"/voting/{vote.pk}/screen/").content.decode()
    assert "data-vote-live" in projector and "委员00" in projector
    assert client.post(f"/voting/{vote.pk}/control/", {"action": "close"}).status_code == 302
    result = client.get(f"/voting/{vote.pk}/result/").content.decode()
    assert "未通过" in result


def test_paper_entry_from_the_control_page_shows_disagreement(hall, client):
    vote = hall.opened()
    m = hall.members[3]
    login(client, hall.chair)
    client.post(
        f"/voting/{vote.pk}/control/",
        {"action": "paper_enter", "sheet_code": "A7", "member": m.pk, "choice": "yes"},
    )
    client.logout()
    login(client, hall.staff2)
    client.post(
        f"/voting/{vote.pk}/control/",
        {"action": "paper_enter", "sheet_code": "A7", "member": m.pk, "choice": "no"},
    )
    html = client.get(f"/voting/{vote.pk}/control/").content.decode()
    assert "两次录入不一致" in html
    r = client.post(f"/voting/{vote.pk}/control/", {"action": "close"})
    assert r.status_code == 400 and "未完成两人录入或两次录入不一致" in r.content.decode()


def test_members_cannot_chair_and_strangers_see_nothing(hall, client, twin_counties):
    vote = hall.opened()
    login(client, hall.members[0])
    assert client.get(f"/voting/{vote.pk}/control/").status_code == 404
    assert client.get(f"/voting/{vote.pk}/screen/").status_code == 404
    assert client.post(f"/voting/{vote.pk}/control/", {"action": "close"}).status_code == 404
    client.logout()
    login(client, twin_counties.sibling.users["staff"])
    assert client.get(f"/voting/{vote.pk}/").status_code == 404


def test_list_and_todo(hall, client):
    vote = hall.opened()
    member = hall.members[0]
    titles = [str(t.title) for t in todos_for(member)]
    assert "待投票的表决" in titles
    login(client, member)
    html = client.get("/voting/?state=open").content.decode()
    assert vote.title in html
    client.post(f"/voting/{vote.pk}/", {"idempotency_key": key(), "choice": "yes"})
    assert "待投票的表决" not in [str(t.title) for t in todos_for(member)]


def test_api_cast_is_idempotent_and_state_hides_counts_while_open(hall, client):
    vote = hall.opened()
    member = hall.members[0]
    login(client, member)
    k = key()
    url = f"/api/v1/voting/votes/{vote.pk}/cast"
    body = {"choices": ["yes"], "idempotency_key": k}
    r1 = client.post(url, body, content_type="application/json")
    r2 = client.post(url, body, content_type="application/json")
    assert r1.status_code == 200 and r1.json()["replayed"] is False
    assert r2.status_code == 200 and r2.json()["replayed"] is True
    r3 = client.post(url, {"choices": ["no"], "idempotency_key": key()}, content_type="application/json")
    assert (
        r3.status_code == 400
        and r3.json()["code"] == "already_voted"
        and "已经投过票" in r3.json()["message"]
    )
    state = client.get(f"/api/v1/voting/votes/{vote.pk}").json()
    assert state["voted"] == 1 and state["has_voted"] is True and state["result"] is None
    assert [o["code"] for o in state["options"]] == ["yes", "no", "abstain"]


def test_api_open_close_need_the_chair(hall, client):
    vote = hall.vote()
    login(client, hall.members[0])
    assert (
        client.post(f"/api/v1/voting/votes/{vote.pk}/open").status_code == 403
    )  # a member sees it, cannot open it
    client.logout()
    login(client, hall.chair)
    assert client.post(f"/api/v1/voting/votes/{vote.pk}/open").json()["state"] == "open"
    assert client.post(f"/api/v1/voting/votes/{vote.pk}/close").json()["state"] == "closed"
    assert client.get(f"/api/v1/voting/votes/{vote.pk}").json()["result"]["passed"] is False
