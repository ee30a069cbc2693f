"""Constituent opinions on the engine's case page: the kind's own steps through the action registry
(who is offered what, each form's refusals, each performer's service) and its subject panel."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from renda.cases.actions import ActionContext, actions_for, actions_of_kind, find_action
from renda.cases.models import Case
from renda.liaison.actions import OPINION_ACTIONS
from renda.liaison.choices import OpinionState
from renda.liaison.models import ConstituentOpinion
from renda.liaison.policy import POLICY
from renda.notifications.models import SmsMessage
from tests.factories import PASSWORD
from tests.portal.helpers import suggestion_through_services

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _commit_hooks(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda fn, using=None, robust=False: fn())


def codes(case, user):
    return {b.code for b in actions_for(case, user)}


def run(case, user, code, data=None):
    """What the case page does: find the action open to the user, validate its form, perform it."""
    bound = find_action(case, user, code)
    assert bound is not None, f"{code} not offered"
    ctx = ActionContext(actor=user, case=case)
    cleaned = {}
    if bound.action.form is not None:
        form = bound.action.form(ctx, None, data=data or {})
        assert form.is_valid(), form.errors
        cleaned = form.cleaned_data
    bound.action.perform(ctx, cleaned, None)
    case.refresh_from_db()
    return case


def test_the_kinds_extras_replace_the_generic_transitions_and_the_engines_assign():
    by_code = {a.code: a for a in actions_of_kind(POLICY)}
    for action in OPINION_ACTIONS:
        assert by_code[action.code] is action
    assert by_code["assign"].label == "转办" and by_code["assign"].form is not None


def test_screening_is_offered_to_staff_and_the_keeper_only(w):
    case = submit(w).opinion.case
    assert {"accept_opinion", "exclude"} <= codes(case, w.staff)
    assert {"accept_opinion", "exclude"} <= codes(case, w.keeper)
    for outsider in (w.clerk, w.deputy_user, w.world.sibling.users["staff"]):
        assert not codes(case, outsider) & {"accept_opinion", "exclude", "assign", "take_up"}
    run(case, w.keeper, "accept_opinion")
    assert case.state == OpinionState.ACCEPTED
    assert "accept_opinion" not in codes(case, w.staff)
    assert {"assign", "answer_on_spot", "take_up"} <= codes(case, w.staff)


def test_exclusion_form_offers_the_congress_reasons_and_refuses_an_empty_choice(w):
    s = submit(w)
    case = s.opinion.case
    bound = find_action(case, w.staff, "exclude")
    ctx = ActionContext(actor=w.staff, case=case)
    form = bound.action.form(ctx, None, data={"exclusion_code": ""})
    assert not form.is_valid() and form.errors["exclusion_code"] == ["请选择不予受理的情形。"]
    assert "litigation" in dict(form.fields["exclusion_code"].choices)
    before = SmsMessage.objects.count()
    run(case, w.staff, "exclude", {"exclusion_code": "litigation", "public_reason": ""})
    opinion = ConstituentOpinion.objects.get(case=case)
    assert case.state == OpinionState.EXCLUDED and "诉讼" in opinion.public_reason
    assert SmsMessage.objects.count() == before + 1 and not codes(case, w.staff) & {"exclude", "assign"}


def test_routing_through_the_kinds_assign(w):
    s = submit(w)
    case = s.opinion.case
    run(case, w.staff, "accept_opinion")
    bound = find_action(case, w.keeper, "assign")
    ctx = ActionContext(actor=w.keeper, case=case)
    form = bound.action.form(ctx, None, data={"lead": ""})
    assert not form.is_valid() and form.errors["lead"] == ["请选择办理单位。"]
    assert w.county.education in form.fields["lead"].queryset
    assert w.station not in form.fields["lead"].queryset
    run(case, w.keeper, "assign", {"lead": w.township.pk, "note": "请镇里协调"})
    opinion = ConstituentOpinion.objects.get(case=case)
    assert case.state == OpinionState.ASSIGNED and opinion.route == "township"
    assert case.assignments.get().organization == w.township


def test_spot_answer_by_the_deputy_of_the_station(w):
    s = submit(w, channel="deputy_qr", station=None, deputy=w.deputy)
    case = s.opinion.case
    run(case, w.keeper, "accept_opinion")
    assert "answer_on_spot" in codes(case, w.deputy_user) and "answer_on_spot" not in codes(case, w.clerk)
    bound = find_action(case, w.deputy_user, "answer_on_spot")
    form = bound.action.form(ActionContext(actor=w.deputy_user, case=case), None, data={"answer": ""})
    assert form.errors["answer"] == ["请填写当场答复内容。"]
    run(case, w.deputy_user, "answer_on_spot", {"answer": "已联系城管,本周修复。"})
    assert case.state == OpinionState.SPOT_ANSWERED
    assert ConstituentOpinion.objects.get(case=case).spot_answer == "已联系城管,本周修复。"


def test_take_up_as_a_new_draft_or_into_the_deputys_own_suggestion(w):
    s = submit(w)
    case = s.opinion.case
    run(case, w.keeper, "accept_opinion")
    ctx = ActionContext(actor=w.deputy_user, case=case)
    bound = find_action(case, w.deputy_user, "take_up")
    # No suggestion of their own yet: only the new draft, titled like the opinion.
    form = bound.action.form(ctx, None)
    assert "suggestion" not in form.fields and form["title"].value() == case.title
    mine = suggestion_through_services(
        congress=w.congress, deputy=w.deputy_user, staff=w.staff, clerk=w.clerk, unit=w.county.education,
        title="关于整治城区路灯的建议",
    )  # fmt: skip
    other = submit(w, title="别的意见", body="别的内容")
    form = bound.action.form(ctx, None, data={"suggestion": other.opinion.case_id})
    assert form.errors["suggestion"] == ["请选择列表中的代表建议。"]
    run(case, w.deputy_user, "take_up", {"suggestion": mine.case.pk})
    opinion = ConstituentOpinion.objects.get(case=case)
    assert case.state == OpinionState.CONVERTED and opinion.related_case_id == mine.case.pk
    # A second opinion becomes a new draft.
    second = submit(w, title="第二件", body="小区门口积水严重").opinion.case
    run(second, w.keeper, "accept_opinion")
    run(second, w.deputy_user, "take_up", {"suggestion": "", "title": "关于治理小区积水的建议"})
    related = ConstituentOpinion.objects.get(case=second).related_case
    assert related.kind == "suggestion" and related.title == "关于治理小区积水的建议"
    assert related.state == "draft"


def test_deputies_of_the_station_read_the_case_and_others_do_not(w):
    from tests.factories import make_user

    case = submit(w).opinion.case
    assert POLICY.readable_cases(w.deputy_user).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(w.deputy_user).filter(pk=case.pk).exists()  # the kind's own rule
    stranger = make_user("dep2", w.county.standing_committee, "deputy")
    assert not POLICY.readable_cases(stranger).filter(pk=case.pk).exists()
    assert POLICY.readable_cases(w.keeper).filter(pk=case.pk).exists()


def _subject(case, user):
    ctx = POLICY.subject_context(case, user)
    return render_to_string(POLICY.subject_template, {"case": case, **ctx})


def test_subject_shows_the_citizens_contact_to_those_who_work_on_it(w):
    s = submit(w, submitter_name="赵大妈")
    case = s.opinion.case
    run(case, w.staff, "accept_opinion")
    run(case, w.staff, "assign", {"lead": w.county.education.pk})
    for user in (w.staff, w.keeper, w.deputy_user):
        html = _subject(case, user)
        assert "赵大妈" in html and "13800000000" in html and s.opinion.tracking_number in html
        assert "人民路北段路灯坏了两周" in html
    unit = _subject(case, w.clerk)
    assert "赵大妈" in unit and "13800000000" in unit and s.opinion.tracking_number not in unit


def test_the_old_opinion_page_leads_to_the_case_page(w):
    case = submit(w).opinion.case
    c = Client()
    assert c.login(username=w.staff.username, password=PASSWORD)
    r = c.get(reverse("liaison:opinion_detail", args=[case.pk]))
    assert r.status_code == 302 and r["Location"] == f"/cases/{case.pk}/"
    assert POLICY.notify_url(case) == f"/cases/{case.pk}/"


# --- through the real case page and API ---------------------------------------------------------------


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def buttons(html):
    block = html.split('id="case-actions"', 1)[1].split('id="case-action-panel"', 1)[0]
    import re

    return re.findall(r'data-action="([a-z_]+)"', block)


def test_the_case_page_screens_routes_and_shows_the_kinds_panel(w):
    s = submit(w, submitter_name="赵大妈")
    case = s.opinion.case
    staff = client_for(w.staff)
    url = reverse("cases:detail", args=[case.pk])
    html = staff.get(url).content.decode()
    assert 'id="opinion-subject"' in html and "赵大妈" in html and s.opinion.tracking_number in html
    assert "社情民意" in html and "群众" in html  # the kind's label; the public as actor in the timeline
    assert {"accept_opinion", "exclude"} <= set(buttons(html))
    assert "publish" not in buttons(html)
    # The exclusion form refused: 400, the error next to the field, the typed reason kept.
    r = staff.post(
        reverse("cases:act", args=[case.pk, "exclude"]), {"exclusion_code": "", "public_reason": "请另行反映"}
    )
    assert r.status_code == 400
    body = r.content.decode()
    assert "请选择不予受理的情形。" in body and "请另行反映" in body
    r = staff.post(reverse("cases:act", args=[case.pk, "accept_opinion"]))
    assert r.status_code == 302 and r["Location"] == url
    html = staff.get(url).content.decode()
    assert "已受理,并已短信告知群众。" in html
    assert {"assign", "answer_on_spot", "take_up"} <= set(buttons(html))
    form = staff.get(reverse("cases:act", args=[case.pk, "assign"])).content.decode()
    assert 'name="lead"' in form and 'name="co_handlers"' not in form  # the kind's one-unit routing
    r = staff.post(reverse("cases:act", args=[case.pk, "assign"]), {"lead": w.county.education.pk})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.state == OpinionState.ASSIGNED
    assert ConstituentOpinion.objects.get(case=case).route == "unit"
    # The unit's clerk: the opinion and the citizen's contact, not the tracking number; the engine's sign.
    html = client_for(w.clerk).get(url).content.decode()
    assert "赵大妈" in html and s.opinion.tracking_number not in html and "sign" in buttons(html)


def test_who_reaches_the_case_page(w):
    from tests.factories import make_user

    case = submit(w).opinion.case
    url = reverse("cases:detail", args=[case.pk])
    assert client_for(w.deputy_user).get(url).status_code == 200  # attached to the station
    assert client_for(w.keeper).get(url).status_code == 200
    stranger = make_user("dep3", w.county.standing_committee, "deputy")
    assert client_for(stranger).get(url).status_code == 404
    assert client_for(w.other_clerk).get(url).status_code == 404
    assert client_for(w.world.sibling.users["staff"]).get(url).status_code == 404


def test_the_case_api_takes_the_kinds_steps(w):
    from tests.api.conftest import token_client

    case = submit(w).opinion.case
    api = token_client(w.keeper)
    r = api.post(
        f"/api/v1/cases/{case.pk}/do/exclude", {"exclusion_code": "nope"}, content_type="application/json"
    )
    assert r.status_code == 400 and r.json()["fields"]["exclusion_code"]
    # The liaison API's own screening endpoint gave way to the case API.
    gone = api.post(
        f"/api/v1/liaison/opinions/{case.pk}/screen", {"accept": True}, content_type="application/json"
    )
    assert gone.status_code in (404, 405)
    r = api.post(f"/api/v1/cases/{case.pk}/do/accept_opinion", {}, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "accepted"
    detail = api.get(f"/api/v1/cases/{case.pk}").json()
    assert {"assign", "answer_on_spot"} <= {a["code"] for a in detail["actions"]}
    # The engine's assign endpoint takes the kind's routing (one unit, the engine's field names).
    r = api.post(f"/api/v1/cases/{case.pk}/assign", {"lead": w.township.pk}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "assigned"
    assert ConstituentOpinion.objects.get(case=case).route == "township"
    # A clerk of another unit is refused the step.
    r = token_client(w.other_clerk).post(
        f"/api/v1/cases/{case.pk}/do/take_up", {}, content_type="application/json"
    )
    assert r.status_code == 404


def test_the_units_old_page_leads_to_the_case_page(w):
    case = submit(w).opinion.case
    run(case, w.staff, "accept_opinion")
    run(case, w.staff, "assign", {"lead": w.county.education.pk})
    a = case.assignments.get()
    r = client_for(w.clerk).get(reverse("liaison:unit_detail", args=[a.pk]))
    assert r.status_code == 302 and r["Location"] == reverse("cases:detail", args=[case.pk])
    assert client_for(w.other_clerk).get(reverse("liaison:unit_detail", args=[a.pk])).status_code == 404
    listing = client_for(w.clerk).get(reverse("liaison:unit_list")).content.decode()
    assert reverse("cases:detail", args=[case.pk]) in listing
