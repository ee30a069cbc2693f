"""The action registry: what the case page, the API and the inbox offer an actor now."""

from __future__ import annotations

import pytest

from renda.cases.actions import CaseAction, actions_for, actions_of_kind, find_action

pytestmark = pytest.mark.django_db


def codes(case, user):
    return [b.code for b in actions_for(case, user)]


def test_generic_transitions_are_actions_of_the_kind(suggestion_policy):
    kinds = {a.code: a for a in actions_of_kind(suggestion_policy)}
    assert {"submit", "withdraw"} <= set(kinds)
    # A transition with a required note opens a form; one without is a confirmed button.
    assert kinds["withdraw"].form is not None and kinds["submit"].form is None
    assert str(kinds["submit"].confirm) == "确定要“提交”吗?"


def test_only_the_actions_open_to_the_actor_now(world, make_case):
    draft = make_case(submit=False)
    assert {"submit", "withdraw"} <= set(codes(draft, world.deputy))
    assert "submit" not in codes(draft, world.deputy2)
    assert "submit" not in codes(draft, world.clerk_a)
    b = find_action(draft, world.deputy, "withdraw")
    assert b is not None
    form = b.action.form(None, None, data={"note": ""})
    assert not form.is_valid() and "note" in form.errors
    b.action.perform(_ctx(draft, world.deputy), {"note": "重复提出"}, None)
    draft.refresh_from_db()
    assert draft.state == "withdrawn"
    assert "submit" not in codes(draft, world.deputy) and "withdraw" not in codes(draft, world.deputy)


def _ctx(case, user):
    from renda.cases.actions import ActionContext

    return ActionContext(actor=user, case=case)


def test_kind_extras_replace_and_hide(suggestion_policy, monkeypatch, world, make_case):
    extra = CaseAction(
        code="submit", label="报送", available=lambda ctx: True, perform=lambda ctx, data, target: None
    )
    monkeypatch.setattr(type(suggestion_policy), "extra_actions", (extra,), raising=False)
    monkeypatch.setattr(type(suggestion_policy), "hidden_actions", ("withdraw",), raising=False)
    by_code = {a.code: a for a in actions_of_kind(suggestion_policy)}
    assert by_code["submit"] is extra and "withdraw" not in by_code
    draft = make_case(submit=False)
    assert "withdraw" not in codes(draft, world.deputy)
