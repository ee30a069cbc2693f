"""Constituent opinions through the services: the full flow on the engine, each rule and refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from renda.cases import services as engine
from renda.cases.models import Rating
from renda.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from renda.liaison import services
from renda.liaison.choices import TRACKING_ALPHABET, OpinionState
from renda.liaison.models import LiaisonSetting
from renda.notifications.models import SmsMessage

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _commit_hooks(monkeypatch):
    """Run on_commit callbacks at once (tests run inside a transaction)."""
    monkeypatch.setattr(transaction, "on_commit", lambda fn, using=None, robust=False: fn())


def test_submit_gives_an_unguessable_tracking_number_and_a_hashed_code(w):
    s = submit(w)
    o = s.opinion
    assert len(o.tracking_number) == 12 and set(o.tracking_number) <= set(TRACKING_ALPHABET)
    assert len(s.code) == 6 and s.code not in o.rating_code_hash
    assert o.case.kind == "constituent_opinion" and o.case.state == OpinionState.RECEIVED
    assert o.case.origin_organization == w.station and o.township == w.township
    assert SmsMessage.objects.filter(phone="13800000000").count() == 1


def test_bad_input_is_refused_with_the_field_named(w):
    with pytest.raises(ValidationFailed) as e:
        submit(w, title="  ", body="")
    assert set(e.value.fields) >= {"title", "body"}
    with pytest.raises(ValidationFailed) as e:
        submit(w, body="长" * 2001)
    assert e.value.field == "body" and "2000" in e.value.message
    with pytest.raises(ValidationFailed) as e:
        submit(w, body="你们都是王八蛋")
    assert e.value.field == "body"
    with pytest.raises(ValidationFailed) as e:
        submit(w, submitter_phone="12345")
    assert e.value.field == "submitter_phone"
    with pytest.raises(ValidationFailed) as e:
        submit(w, topic="不存在的分类")
    assert e.value.field == "topic"


def test_congress_can_require_name_and_phone(w):
    LiaisonSetting.objects.create(congress=w.congress, require_name=True, require_phone=True)
    with pytest.raises(ValidationFailed) as e:
        submit(w, submitter_phone="")
    assert {"submitter_name", "submitter_phone"} <= set(e.value.fields)


def test_identical_resubmission_is_merged_and_rate_limit_applies(w):
    first = submit(w)
    again = submit(w)
    assert again.merged and again.opinion.pk == first.opinion.pk
    assert again.opinion.tracking_number == first.opinion.tracking_number
    for i in range(4):
        submit(w, body=f"第{i}个不同的问题:小区门口积水严重。")
    with pytest.raises(ValidationFailed) as e:
        submit(w, body="第六个问题:公交站台缺少遮阳棚。")
    assert e.value.code == "rate_limited"
    # Another address is not limited.
    assert submit(w, ip="10.0.0.2", body="第六个问题:公交站台缺少遮阳棚。").opinion.pk


def test_tracking_gives_nothing_away(w):
    s = submit(w)
    assert (
        services.opinion_track(tracking_number=s.opinion.tracking_number.lower(), client_ip="1.1.1.1").pk
        == s.opinion.pk
    )
    with pytest.raises(NotFoundError) as wrong:
        services.opinion_track(tracking_number="ACDEFGHJKMNP", client_ip="1.1.1.1")
    with pytest.raises(NotFoundError) as short:
        services.opinion_track(tracking_number="x", client_ip="1.1.1.1")
    assert wrong.value.message == short.value.message


def test_tracking_is_rate_limited(w):
    for _i in range(20):
        with pytest.raises(NotFoundError):
            services.opinion_track(tracking_number="ACDEFGHJKMNP", client_ip="9.9.9.9")
    with pytest.raises(ValidationFailed) as e:
        services.opinion_track(tracking_number="ACDEFGHJKMNP", client_ip="9.9.9.9")
    assert e.value.code == "rate_limited"


def test_full_flow_unit_reply_and_citizen_rating(w):
    s = submit(w)
    o = services.opinion_screen(actor=w.keeper, opinion=s.opinion, accept=True)
    assert o.case.state == OpinionState.ACCEPTED
    o = services.opinion_route(actor=w.keeper, opinion=o, unit=w.county.education)
    assert o.case.state == OpinionState.ASSIGNED and o.route == "unit"
    assignment = o.case.assignments.get()
    # 15 working days from Monday 2 March 2026.
    assert assignment.deadline == dt.date(2026, 3, 23)
    with pytest.raises(PermissionDeniedError):
        services.opinion_unit_reply(
            actor=w.other_clerk,
            assignment=assignment,
            classification="A",
            text="已修复",
            signing_leader="刘强",
        )
    # The education bureau has a head: its clerk drafts, the head signs off (签发); no direct reply.
    with pytest.raises(PermissionDeniedError, match="签发"):
        services.opinion_unit_reply(
            actor=w.clerk,
            assignment=assignment,
            classification="A",
            text="路灯已修复。",
            signing_leader="刘强",
        )
    assignment.refresh_from_db()
    engine.assignment_sign(actor=w.clerk, assignment=assignment)
    draft = engine.reply_draft_submit(
        actor=w.clerk, assignment=assignment, classification="A", text="路灯已修复。"
    )
    reply = engine.reply_sign_off(actor=w.users["unit_leader"], draft=draft)
    assert reply.signing_leader == "刘强" and reply.replied_by == w.clerk
    o.refresh_from_db()
    assert o.case.state == OpinionState.REPLIED
    # Wrong number and wrong code: the same answer.
    with pytest.raises(ValidationFailed) as bad_code:
        services.opinion_rate(tracking_number=o.tracking_number, code="XXXXXX", value="satisfied")
    with pytest.raises(ValidationFailed) as bad_number:
        services.opinion_rate(tracking_number="ACDEFGHJKMNP", code=s.code, value="satisfied")
    assert bad_code.value.message == bad_number.value.message
    o, new_code = services.opinion_rate(tracking_number=o.tracking_number, code=s.code, value="satisfied")
    assert o.case.state == OpinionState.CLOSED and new_code is None
    assert Rating.objects.get(case=o.case).value == "satisfied"
    # The code was used up.
    with pytest.raises(ValidationFailed):
        services.opinion_rate(tracking_number=o.tracking_number, code=s.code, value="satisfied")
    assert SmsMessage.objects.filter(phone="13800000000").count() >= 4


def test_dissatisfied_sends_it_back_with_a_new_code(w):
    s = submit(w)
    o = services.opinion_screen(actor=w.staff, opinion=s.opinion, accept=True)
    o = services.opinion_route(actor=w.staff, opinion=o, unit=w.township)
    assert o.route == "township"
    a = o.case.assignments.get()
    # The township has no member here; staff of the unit would reply — use a clerk of the township.
    from tests.factories import make_user

    clerk = make_user("towncl", w.township, "unit_clerk")
    services.opinion_unit_reply(
        actor=clerk, assignment=a, classification="A", text="已协调。", signing_leader="镇长"
    )
    o, code = services.opinion_rate(tracking_number=o.tracking_number, code=s.code, value="dissatisfied")
    assert o.case.state == OpinionState.REHANDLING and code
    a.refresh_from_db()
    assert a.state == "handling"
    services.opinion_unit_reply(
        actor=clerk, assignment=a, classification="A", text="已重新协调并解决。", signing_leader="镇长"
    )
    o, again = services.opinion_rate(tracking_number=o.tracking_number, code=code, value="basically")
    assert o.case.state == OpinionState.CLOSED and o.citizen_rating == "basically"


def test_exclusion_with_polite_public_reason(w):
    s = submit(w)
    with pytest.raises(ValidationFailed):
        services.opinion_screen(actor=w.staff, opinion=s.opinion, accept=False, exclusion_code="nope")
    o = services.opinion_screen(actor=w.staff, opinion=s.opinion, accept=False, exclusion_code="litigation")
    assert o.case.state == OpinionState.EXCLUDED and o.case.closed_at
    assert "诉讼" in o.public_reason


def test_screening_needs_staff_or_the_station_keeper(w):
    s = submit(w)
    for actor in (w.clerk, w.world.sibling.users["staff"], w.world.sibling.users["station_keeper"]):
        with pytest.raises(PermissionDeniedError):
            services.opinion_screen(actor=actor, opinion=s.opinion, accept=True)


def test_on_the_spot_answer_and_rating(w):
    s = submit(w, channel="deputy_qr", station=None, deputy=w.deputy)
    assert s.opinion.station == w.station
    o = services.opinion_screen(actor=w.keeper, opinion=s.opinion, accept=True)
    with pytest.raises(PermissionDeniedError):
        services.opinion_answer_spot(actor=w.clerk, opinion=o, answer="已答复")
    o = services.opinion_answer_spot(actor=w.deputy_user, opinion=o, answer="已联系城管,本周修复。")
    assert o.case.state == OpinionState.SPOT_ANSWERED and o.route == "spot"
    o, code = services.opinion_rate(tracking_number=o.tracking_number, code=s.code, value="dissatisfied")
    assert o.case.state == OpinionState.ACCEPTED and code
    o = services.opinion_route(actor=w.staff, opinion=o, unit=w.county.transport)
    assert o.case.state == OpinionState.ASSIGNED


def test_deputy_takes_it_up_as_a_suggestion(w):
    s = submit(w, channel="deputy_qr", station=None, deputy=w.deputy)
    o = services.opinion_screen(actor=w.keeper, opinion=s.opinion, accept=True)
    with pytest.raises(PermissionDeniedError):
        services.opinion_take_up(actor=w.keeper, opinion=o)
    o = services.opinion_take_up(actor=w.deputy_user, opinion=o, title="关于完善城区路灯维护机制的建议")
    assert o.case.state == OpinionState.CONVERTED
    assert o.related_case.kind == "suggestion" and o.related_case.title == "关于完善城区路灯维护机制的建议"
    assert o.route == "suggestion"


def test_rating_when_nothing_to_rate(w):
    s = submit(w)
    with pytest.raises(ConflictError):
        services.opinion_rate(tracking_number=s.opinion.tracking_number, code=s.code, value="satisfied")
