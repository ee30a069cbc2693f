"""The visibility rules rewritten for the planner (issue 18: the staff congress filter at the top level,
the personal cases as one ``UNION ALL`` subquery) return exactly the rows of the former ``OR`` form,
for every role and role mix, over random histories."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from renda.cases.models import Assignment, Case, CaseParty
from renda.core.choices import Role
from renda.core.models import Membership
from renda.core.scopes import scope_of
from renda.deputies.models import Deputy, DeputyMandate
from renda.suggestions.models import CoSignature, Suggestion
from tests.factories import build_world, make_user

pytestmark = pytest.mark.django_db

STATES = ["draft", "submitted", "assigned", "handling", "replied", "closed", "withdrawn"]


# --- the former rules, kept here as the reference -------------------------------------------------------


def old_case_visible(user) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    scope = scope_of(user)
    q = Q(created_by_id=user.pk) | Q(pk__in=CaseParty.objects.filter(user_id=user.pk).values("case_id"))
    if scope.staff_read_congress_ids:
        q |= Q(congress_id__in=scope.staff_read_congress_ids)
    if scope.unit_ids:
        q |= Q(pk__in=Assignment.objects.filter(organization_id__in=scope.unit_ids).values("case_id"))
    if scope.station_ids:
        q |= Q(origin_organization_id__in=scope.station_ids)
    return set(Case.objects.filter(q).values_list("pk", flat=True))


def old_suggestion_visible(user) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    scope = scope_of(user)
    own = Q(lead_user_id=user.pk) | Q(case__created_by_id=user.pk)
    if (
        scope.staff_read_congress_ids
        and not scope.unit_ids
        and not scope.station_ids
        and not scope.has("deputy")
    ):
        staff = Q(case__congress_id__in=scope.staff_read_congress_ids) & ~Q(case__state="draft")
        return set(Suggestion.objects.filter(staff | own).values_list("pk", flat=True))
    invited = Q(pk__in=CoSignature.objects.filter(user_id=user.pk).values("suggestion_id"))
    cases = Q(case__in=Case.objects.filter(pk__in=old_case_visible(user))) & ~Q(case__state="draft")
    if scope.unit_ids:
        cases &= (
            Q(case__assignments__organization_id__in=scope.unit_ids)
            | Q(case__congress_id__in=scope.staff_read_congress_ids)
            | Q(case__parties__user_id=user.pk)
        )
    return set(Suggestion.objects.filter(own | invited | cases).distinct().values_list("pk", flat=True))


# --- random histories -----------------------------------------------------------------------------------


def _people(world):
    county, sibling = world.county, world.sibling
    users = [world.city_staff, *county.users.values(), *sibling.users.values()]
    mixes = [
        ("mix_staff_deputy", [(county.deputies_committee, Role.STAFF), (county.standing_committee, Role.DEPUTY)]),
        ("mix_clerk_staff", [(sibling.education, Role.UNIT_CLERK), (sibling.office, Role.STAFF)]),
        ("mix_keeper_deputy", [(county.station, Role.STATION_KEEPER), (sibling.standing_committee, Role.DEPUTY)]),
        ("mix_clerk_keeper", [(county.transport, Role.UNIT_CLERK), (sibling.station, Role.STATION_KEEPER)]),
        ("mix_staff_keeper", [(sibling.office, Role.STAFF), (county.station, Role.STATION_KEEPER)]),
    ]  # fmt: skip
    for name, roles in mixes:
        first, *rest = roles
        user = make_user(name, first[0], first[1])
        for org, role in rest:
            Membership.objects.create(user=user, organization=org, role=role)
        users.append(user)
    retired = make_user("retired_staff", county.office, Role.STAFF, is_active=False)
    users.append(retired)
    return users


def _history(world, users, seed: int) -> None:
    r = random.Random(seed)
    congresses = [world.city, world.county.congress, world.sibling.congress]
    units = [c.education for c in (world.county, world.sibling)] + [
        c.transport for c in (world.county, world.sibling)
    ]
    stations = [world.county.station, world.sibling.station]
    mandates = {}
    for u in users:
        for c in congresses[1:]:
            term = c.terms.first()
            mandates[(u.pk, c.pk)] = DeputyMandate.objects.create(
                deputy=Deputy.objects.create(full_name=u.full_name or u.username), congress=c, term=term
            )
    serial = 0
    for _ in range(120):
        serial += 1
        congress = r.choice(congresses[1:] if r.random() < 0.9 else congresses)
        kind = "suggestion" if r.random() < 0.8 else "constituent_opinion"
        case = Case.objects.create(
            congress=congress, kind=kind, year=2026, serial=serial, number=f"N{serial}", title=f"第{serial}件",
            state=r.choice(STATES), created_by=r.choice(users) if r.random() < 0.7 else None,
            origin_organization=r.choice(stations) if r.random() < 0.3 else None,
        )  # fmt: skip
        for user in r.sample(users, r.randint(0, 2)):
            CaseParty.objects.create(case=case, user=user, role=r.choice(["author", "co_signer", "follower"]))
        for unit in r.sample(units, r.randint(0, 2)):
            Assignment.objects.create(
                case=case, organization=unit, role=r.choice(["lead", "co_handler"]),
                deadline=dt.date(2026, 12, 31), assigned_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
                state=r.choice(["pending_sign", "handling", "replied", "returned"]),
            )  # fmt: skip
        if kind == "suggestion" and congress != world.city:
            lead = r.choice(users)
            s = Suggestion.objects.create(
                case=case, type="suggestion", lead_mandate=mandates[(lead.pk, congress.pk)], lead_user=lead
            )
            for user in r.sample(users, r.randint(0, 3)):
                if user != lead:
                    CoSignature.objects.create(
                        suggestion=s, mandate=mandates[(user.pk, congress.pk)], user=user,
                        invited_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
                        state=r.choice(["invited", "confirmed", "declined"]),
                    )  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_new_rules_return_exactly_the_former_rows(seed):
    world = build_world()
    users = _people(world)
    _history(world, users, seed)
    kinds = dict(Case.objects.values_list("pk", "kind"))
    seen_cases = seen_suggestions = 0
    for user in [*users, AnonymousUser()]:
        if hasattr(user, "forget_roles"):
            user.forget_roles()
        new_cases = set(Case.objects.visible_to(user).values_list("pk", flat=True))
        assert new_cases == old_case_visible(user), getattr(user, "username", "anonymous")
        new_suggestions = set(Suggestion.objects.visible_to(user).values_list("pk", flat=True))
        assert new_suggestions == old_suggestion_visible(user), getattr(user, "username", "anonymous")
        # the rows come once each (no DISTINCT needed) and filters chain after the rule
        assert Suggestion.objects.visible_to(user).count() == len(new_suggestions)
        assert Case.objects.visible_to(user).filter(kind="suggestion").count() == len(
            {pk for pk in new_cases if kinds[pk] == "suggestion"}
        )
        seen_cases += bool(new_cases)
        seen_suggestions += bool(new_suggestions)
    # the random history gives most people something to read (the comparison is not vacuous)
    assert seen_cases > len(users) // 2 and seen_suggestions > len(users) // 2
