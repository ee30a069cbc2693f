"""A kind registered only here, with one extra action and a subject template written here, gets its
place on the engine's face with no view or template of its own: its actions through the registry
(its extra, its generic transitions, the engine's handling steps, minus what it hides) and its
subject panel from its policy."""

from __future__ import annotations

import copy

import pytest
from django import forms
from django.template.loader import render_to_string

from renda.cases import services
from renda.cases.actions import ActionContext, CaseAction, actions_for, actions_of_kind, find_action
from renda.cases.choices import PartyRole
from renda.cases.policies import (
    CasePolicy,
    State,
    Transition,
    handling_transitions,
    is_author,
    is_staff_of_case_congress,
    register_policy,
    unregister_policy,
)
from renda.core.choices import Role
from renda.core.models import User

pytestmark = pytest.mark.django_db
KIND = "test_inspection"
SUBJECT = """{% load i18n %}<section id="inspection-subject"><p>{{ case.body }}</p>
<p>视察地点:{{ place }}</p>{% if is_key %}<p id="key-mark">重点督办</p>{% endif %}</section>"""


class LeaderForm(forms.Form):
    leader = forms.ModelChoiceField(label="督办领导", queryset=User.objects.none(), empty_label="请选择")

    def __init__(self, *args, congress_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = User.objects.filter(
            memberships__organization__congress_id=congress_id, memberships__role=Role.LEADER
        )


def _mark_key(ctx, data, target):
    return services.case_mark_key(
        actor=ctx.actor, case=ctx.case, is_key=True, supervising_leader=data["leader"]
    )


MARK_KEY = CaseAction(
    code="mark_key_now",
    label="列为重点督办",
    available=lambda ctx: not ctx.case.is_key and is_staff_of_case_congress(ctx.actor, ctx.case, ctx.scope),
    perform=_mark_key,
    form=lambda ctx, target, data=None, files=None: LeaderForm(data, congress_id=ctx.case.congress_id),
    success="已列为重点督办。",
)


class InspectionPolicy(CasePolicy):
    """视察发现的问题: raised by a deputy, assigned by staff, handled and rated like a suggestion."""

    kind = KIND
    label = "测试视察问题"
    number_prefix = "SC"
    states = (
        State("raised", "已提出"),
        State("assigned", "已交办"),
        State("handling", "办理中"),
        State("replied", "已答复"),
        State("following", "跟踪落实"),
        State("rehandling", "重新办理"),
        State("closed", "已办结", is_open=False),
        State("dropped", "已撤销", is_open=False),
    )
    initial_state = "raised"
    transitions = (
        Transition("drop", ("raised",), "dropped", "撤销", is_author, requires_note=True),
        Transition("confirm", ("raised",), "raised", "确认", is_author),
        *handling_transitions(assign_from=("raised",)),
    )
    extra_actions = (MARK_KEY,)
    hidden_actions = ("confirm",)
    subject_template = "test_kind/_subject.html"

    def subject_context(self, case, actor):
        return {"place": "城关镇老街", "is_key": case.is_key}


@pytest.fixture
def inspection(settings, tmp_path):
    folder = tmp_path / "test_kind"
    folder.mkdir()
    (folder / "_subject.html").write_text(SUBJECT, encoding="utf-8")
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    policy = register_policy(InspectionPolicy())
    yield policy
    unregister_policy(KIND)


def _case(world):
    return services.case_create(
        actor=world.deputy,
        congress=world.congress,
        kind=KIND,
        title="老街排水沟堵塞",
        body="视察中发现老街排水沟堵塞,雨天积水。",
        parties=[(world.deputy, PartyRole.AUTHOR)],
        submitted=True,
    )


def test_the_kind_offers_its_extra_its_transitions_and_hides_what_it_does_not_use(world, inspection):
    by_code = {a.code: a for a in actions_of_kind(inspection)}
    assert by_code["mark_key_now"] is MARK_KEY
    assert "drop" in by_code and by_code["drop"].form is not None  # a generic transition with a note
    assert "confirm" not in by_code  # hidden
    case = _case(world)
    staff = {b.code for b in actions_for(case, world.staff)}
    author = {b.code for b in actions_for(case, world.deputy)}
    assert "mark_key_now" in staff and "mark_key_now" not in author
    assert "drop" in author and "drop" not in staff and "confirm" not in author


def test_the_extra_validates_with_its_form_and_performs_through_the_engine(world, inspection):
    case = _case(world)
    bound = find_action(case, world.staff, "mark_key_now")
    ctx = ActionContext(actor=world.staff, case=case)
    form = bound.action.form(ctx, None, data={"leader": world.clerk_a.pk})
    assert not form.is_valid() and "leader" in form.errors  # not a leader of the congress
    form = bound.action.form(ctx, None, data={"leader": world.leader.pk})
    assert form.is_valid()
    bound.action.perform(ctx, form.cleaned_data, None)
    case.refresh_from_db()
    assert case.is_key and case.supervising_leader == world.leader
    assert find_action(case, world.staff, "mark_key_now") is None  # done: no longer offered


def test_the_subject_panel_comes_from_the_policy(world, inspection):
    case = _case(world)
    services.case_mark_key(actor=world.staff, case=case, is_key=True, supervising_leader=world.leader)
    html = render_to_string(
        inspection.subject_template, {"case": case, **inspection.subject_context(case, world.staff)}
    )
    assert "视察地点:城关镇老街" in html and 'id="key-mark"' in html and "雨天积水" in html


def test_its_case_page_and_api_steps_work_with_no_view_of_its_own(world, inspection):
    from django.test import Client
    from django.urls import reverse

    from tests.api.conftest import token_client

    case = _case(world)
    staff = Client()
    staff.force_login(world.staff)
    url = reverse("cases:detail", args=[case.pk])
    html = staff.get(url).content.decode()
    assert 'id="inspection-subject"' in html and "视察地点:城关镇老街" in html and "测试视察问题" in html
    assert 'data-action="mark_key_now"' in html and 'data-action="assign"' in html
    assert 'data-action="confirm"' not in html
    # Its extra on the page: refused with the form's error (400), then taken.
    act = reverse("cases:act", args=[case.pk, "mark_key_now"])
    r = staff.post(act, {"leader": ""}, HTTP_HX_REQUEST="true")
    assert r.status_code == 400 and 'id="id_leader_error"' in r.content.decode()
    r = staff.post(act, {"leader": world.leader.pk})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.is_key and 'id="key-mark"' in staff.get(url).content.decode()
    # The engine's steps through the API: assign, then the unit signs.
    api = token_client(world.staff)
    r = api.post(
        f"/api/v1/cases/{case.pk}/assign", {"lead": world.unit_a.pk}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["state"] == "assigned", r.content
    lead = case.assignments.get()
    r = token_client(world.clerk_a).post(
        f"/api/v1/cases/{case.pk}/sign", {"assignment": lead.pk}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["state"] == "handling", r.content
    # Its generic transition with a note through the API, refused for the wrong person.
    other = _case(world)
    r = token_client(world.deputy2).post(
        f"/api/v1/cases/{other.pk}/do/drop", {"note": "重复"}, content_type="application/json"
    )
    assert r.status_code == 404  # not a party: the case does not exist for them
    r = token_client(world.deputy).post(
        f"/api/v1/cases/{other.pk}/do/drop", {"note": "已在别处提出"}, content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["state"] == "dropped"
