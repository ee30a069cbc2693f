"""约见 on the engine's case page: arranging and recording through the action registry, the plain
transitions (decline, withdraw) offered by the engine, the subject panel, and the old page's redirect."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.cases.actions import ActionContext, actions_for, actions_of_kind, find_action
from renda.deputies import meeting_services
from renda.deputies.meeting_actions import MEETING_ACTIONS
from renda.deputies.models import ActivityParticipation
from renda.deputies.policies import POLICY

pytestmark = pytest.mark.django_db


def codes(case, user):
    return {b.code for b in actions_for(case, user)}


def _request(w):
    return meeting_services.meeting_request_create(
        actor=w.deputy_user, mandate=w.m1_county, organ=w.education, title="约见教育局长", body="学校撤并后学生上学路远"
    )  # fmt: skip


def _form(case, user, code, data):
    bound = find_action(case, user, code)
    assert bound is not None, code
    ctx = ActionContext(actor=user, case=case)
    return bound, ctx, bound.action.form(ctx, None, data=data)


def test_the_kinds_steps_replace_the_plain_transitions():
    by_code = {a.code: a for a in actions_of_kind(POLICY)}
    for action in MEETING_ACTIONS:
        assert by_code[action.code] is action and action.form is not None
    # decline needs its reason, withdraw is a confirmed button: the engine's generic transitions.
    assert by_code["decline"].form is not None and by_code["withdraw"].form is None


def test_staff_arrange_and_record_the_meeting(world):
    w = world
    mr = _request(w)
    case = mr.case
    assert {"arrange", "decline"} <= codes(case, w.staff)
    assert codes(case, w.deputy_user) & {"arrange", "decline", "hold"} == set()
    assert "withdraw" in codes(case, w.deputy_user)
    bound, ctx, form = _form(case, w.staff, "arrange", {"arranged_for": "", "place": ""})
    assert not form.is_valid()
    assert form.errors["arranged_for"] == ["请填写约见时间。"] and form.errors["place"] == ["请填写地点。"]
    _b, _c, bad = _form(case, w.staff, "arrange", {"arranged_for": "明天上午", "place": "会议室"})
    assert bad.errors["arranged_for"] == ["请填写有效的约见时间。"]
    _b, _c, form = _form(case, w.staff, "arrange", {"arranged_for": "2026-03-10T09:30", "place": "教育局302会议室",
                                                     "organ_head": "王局长"})  # fmt: skip
    assert form.is_valid(), form.errors
    bound.action.perform(ctx, form.cleaned_data, None)
    mr.refresh_from_db()
    case.refresh_from_db()
    assert case.state == "arranged" and mr.place == "教育局302会议室" and mr.organ_head == "王局长"
    assert timezone.localtime(mr.arranged_for).strftime("%Y-%m-%d %H:%M") == "2026-03-10 09:30"
    # Arranged: it can be re-arranged (the form shows the current arrangement) or recorded.
    bound, ctx, form = _form(case, w.staff, "arrange", None)
    assert form["place"].value() == "教育局302会议室"
    bound, ctx, form = _form(case, w.staff, "hold", {"outcome": ""})
    assert form.errors["outcome"] == ["请填写约见情况。"]
    _b, _c, form = _form(case, w.staff, "hold", {"outcome": "局长答应年内增开校车线路"})
    assert form.is_valid()
    bound.action.perform(ctx, form.cleaned_data, None)
    case.refresh_from_db()
    assert case.state == "held" and case.closed_at is not None
    assert not codes(case, w.staff) & {"arrange", "hold", "decline", "withdraw"}
    assert ActivityParticipation.objects.filter(mandate=w.m1_county).exists()
    html = render_to_string(POLICY.subject_template, {"case": case, **POLICY.subject_context(case, w.staff)})
    assert "乙县教育局" in html and "局长答应年内增开校车线路" in html and "学校撤并后学生上学路远" in html


def test_decline_is_the_engines_transition_with_its_reason(world):
    w = world
    case = _request(w).case
    bound, ctx, form = _form(case, w.staff, "decline", {"note": ""})
    assert not form.is_valid() and "note" in form.errors
    _b, _c, form = _form(case, w.staff, "decline", {"note": "该事项已通过建议渠道办理"})
    assert form.is_valid()
    bound.action.perform(ctx, form.cleaned_data, None)
    case.refresh_from_db()
    assert case.state == "declined"


def test_the_old_page_leads_to_the_case_page(world):
    w = world
    case = _request(w).case
    c = Client()
    assert c.login(username=w.staff.username, password="Renda@2026test")
    r = c.get(reverse("deputies:meeting_request_detail", args=[case.pk]))
    assert r.status_code == 302 and r["Location"] == f"/cases/{case.pk}/"
    assert POLICY.notify_url(case) == f"/cases/{case.pk}/"


def test_arranging_and_recording_on_the_case_page_and_through_the_api(world):
    from tests.api.conftest import token_client

    w = world
    case = _request(w).case
    staff = Client()
    staff.force_login(w.staff)
    url = reverse("cases:detail", args=[case.pk])
    html = staff.get(url).content.decode()
    assert 'id="meeting-request-subject"' in html and "学校撤并后学生上学路远" in html and "尚未安排" in html
    block = html.split('id="case-actions"', 1)[1].split('id="case-action-panel"', 1)[0]
    assert 'data-action="arrange"' in block and 'data-action="decline"' in block
    assert 'data-action="key"' not in block and 'data-action="hold"' not in block
    act = reverse("cases:act", args=[case.pk, "arrange"])
    r = staff.post(act, {"arranged_for": "", "place": "教育局302会议室"})
    assert (
        r.status_code == 400
        and "请填写约见时间。" in r.content.decode()
        and "教育局302会议室" in r.content.decode()
    )
    r = staff.post(act, {"arranged_for": "2026-03-10T09:30", "place": "教育局302会议室"})
    assert r.status_code == 302 and r["Location"] == url
    assert "2026-03-10 09:30" in staff.get(url).content.decode()
    # The deputy reads it and may withdraw, nothing else.
    deputy = Client()
    deputy.force_login(w.deputy_user)
    html = deputy.get(url).content.decode()
    block = html.split('id="case-actions"', 1)[1].split('id="case-action-panel"', 1)[0]
    assert 'data-action="withdraw"' in block and 'data-action="arrange"' not in block
    other = Client()
    other.force_login(w.other_deputy_user)
    assert other.get(url).status_code == 404
    # Recording the outcome through the API, validated by the same form.
    api = token_client(w.staff)
    r = api.post(f"/api/v1/cases/{case.pk}/do/hold", {"outcome": ""}, content_type="application/json")
    assert r.status_code == 400 and r.json()["fields"]["outcome"] == "请填写约见情况。"
    r = api.post(f"/api/v1/cases/{case.pk}/do/hold", {"outcome": "局长答应年内增开校车线路"},
                 content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["state"] == "held"
    r = token_client(w.deputy_user).post(
        f"/api/v1/cases/{case.pk}/do/arrange", {}, content_type="application/json"
    )
    assert r.status_code == 403
