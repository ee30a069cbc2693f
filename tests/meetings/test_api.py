"""The API twin of the pages: same permission, same rules, JSON errors."""

from __future__ import annotations

import pytest
from django.test import Client

from renda.api.services import api_token_create
from renda.meetings import services
from renda.meetings.models import Attendance, LeaveRequest

from .conftest import login

pytestmark = pytest.mark.django_db


def api(user) -> Client:
    secret = api_token_create(actor=user, name="测试")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


BASE = "/api/v1/meetings"


@pytest.mark.clock("2026-11-20")
def test_list_and_detail_are_twins_of_the_pages(w, meeting):
    for user, page_status, api_status in [
        (w.staff, 200, 200), (w.leader, 200, 200), (w.sc[0], 200, 200), (w.invitee, 200, 200),
        (w.u["station_keeper"], 403, 403),
    ]:  # fmt: skip
        assert login(user).get("/meetings/").status_code == page_status
        assert api(user).get(BASE).status_code == api_status
    listed = api(w.sc[0]).get(BASE).json()
    assert listed["count"] == 1 and listed["results"][0]["title"] == meeting.title
    assert api(w.outsider).get(BASE).json()["count"] == 0
    # the outsider (a deputy not on the roll) gets 404 on both, like staff of the next county
    for user in (w.outsider, w.sibling_staff):
        assert login(user).get(f"/meetings/{meeting.pk}/").status_code == 404
        r = api(user).get(f"{BASE}/{meeting.pk}")
        assert r.status_code == 404 and r.json()["code"] == "not_found"
    detail = api(w.sc[0]).get(f"{BASE}/{meeting.pk}").json()
    assert detail["quorum"] == {
        "members": 7,
        "present": 0,
        "required": 4,
        "reached": False,
        "rule": "全体组成人员过半数",
    }
    assert [a["order"] for a in detail["agenda"]] == [1, 2]
    assert len(detail["attendance"]) == 8


@pytest.mark.clock("2026-11-24T09:05:00+08:00")
def test_sign_in_over_the_api(w, meeting):
    r = api(w.sc[0]).post(f"{BASE}/{meeting.pk}/sign-in", {"method": "self"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["minutes_late"] == 5 and r.json()["quorum"]["present"] == 1
    again = api(w.sc[0]).post(
        f"{BASE}/{meeting.pk}/sign-in", {"method": "self"}, content_type="application/json"
    )
    assert again.status_code == 409 and "已签到" in again.json()["message"]
    token = services.qr_token(meeting)
    forged = token[:-1] + ("1" if token.endswith("0") else "0")  # one character off, whatever the token
    qr = api(w.sc[1]).post(
        f"{BASE}/{meeting.pk}/sign-in", {"method": "qr", "token": forged}, content_type="application/json"
    )
    assert qr.status_code == 400 and qr.json()["fields"] == {"token": "签到二维码无效。"}
    desk = api(w.sc[1]).post(
        f"{BASE}/{meeting.pk}/sign-in",
        {"method": "desk", "user_id": w.sc[2].pk},
        content_type="application/json",
    )
    assert desk.status_code == 403
    ok = api(w.staff).post(
        f"{BASE}/{meeting.pk}/sign-in",
        {"method": "desk", "user_id": w.sc[2].pk},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert set(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True)) == {
        w.sc[0].pk,
        w.sc[2].pk,
    }
    extra = api(w.sc[3]).post(
        f"{BASE}/{meeting.pk}/sign-in", {"method": "self", "x": 1}, content_type="application/json"
    )
    assert extra.status_code in (400, 422)


@pytest.mark.clock("2026-11-20")
def test_leave_over_the_api(w, meeting):
    r = api(w.sc[0]).post(
        f"{BASE}/{meeting.pk}/leave", {"reason": "赴省参加培训"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["state"] == "pending"
    leave_id = r.json()["id"]
    no = api(w.sc[1]).post(
        f"{BASE}/leave/{leave_id}/decide", {"approve": True}, content_type="application/json"
    )
    assert no.status_code == 404
    refused = api(w.leader).post(
        f"{BASE}/leave/{leave_id}/decide", {"approve": False}, content_type="application/json"
    )
    assert refused.status_code == 400 and "note" in refused.json()["fields"]
    ok = api(w.leader).post(
        f"{BASE}/leave/{leave_id}/decide", {"approve": True}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["state_label"] == "已准假"
    assert LeaveRequest.objects.get(pk=leave_id).decided_by == w.leader
    outsider = api(w.outsider).post(
        f"{BASE}/{meeting.pk}/leave", {"reason": "外出"}, content_type="application/json"
    )
    assert outsider.status_code == 404
