"""Who runs an election: the congress's staff, and the members of its election committee."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from renda.core.choices import Role
from renda.core.errors import NotFoundError, PermissionDeniedError
from renda.core.scopes import scope_of

from .models import Election


def is_staff_of(actor: Any, congress_id: int) -> bool:
    return scope_of(actor).has_in(congress_id, Role.STAFF)


def runs(actor: Any, election: Election) -> bool:
    if not getattr(actor, "is_authenticated", False):
        return False
    if is_staff_of(actor, election.congress_id):
        return True
    return election.committee.filter(user_id=actor.pk).exists()


def sits_on_a_committee(user: Any) -> bool:
    """A member of an election committee that has not closed (the menu shows 选举 to them even
    without a staff or leader role). The three administrators never run elections: no query."""
    from renda.core.choices import ADMIN_ROLES

    if not getattr(user, "is_authenticated", False) or scope_of(user).roles & ADMIN_ROLES:
        return False
    cached = getattr(user, "_renda_election_committee", None)
    if cached is None:
        cached = user.election_committee_seats.exclude(election__state="closed").exists()
        user._renda_election_committee = cached
    return bool(cached)


def ensure_runs(actor: Any, election: Election) -> None:
    if not runs(actor, election):
        raise PermissionDeniedError(_("只有本级人大常委会工作人员和选举委员会组成人员可以办理选举事务。"))


def ensure_staff(actor: Any, congress_id: int) -> None:
    if not is_staff_of(actor, congress_id):
        raise PermissionDeniedError(_("只有本级人大常委会工作人员可以办理此事项。"))


def get_election_for(user: Any, election_id: int) -> Election:
    election = (
        Election.objects.visible_to(user).select_related("congress", "term").filter(pk=election_id).first()
    )
    if election is None:
        raise NotFoundError(_("没有找到该选举。"))
    return election
