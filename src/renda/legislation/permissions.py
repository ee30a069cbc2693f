"""Who does what in legislation.

- **Legislative staff** of a congress: its staff (``Role.STAFF``) seated in the congress office, the
  standing committee or the legal committee (法制委员会/法制工作委员会): they run plans, approval,
  the body of law, and work on every draft.
- **The responsible committee's staff** work on the drafts their committee leads.
- **Leaders and all staff** of the congress read everything of their congress.
- **Members of a meeting** where a reading of a draft is on the agenda read that draft (before and
  at the reading) and make remarks on it.
- **The public** sees only what is published (the portal's pages, ``selectors.public_*``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from renda.core.choices import OrganizationKind, Role
from renda.core.errors import PermissionDeniedError
from renda.core.scopes import scope_of

LEGAL_COMMITTEE_MARK = "法制"


def _staff_orgs(user: Any, congress_id: int) -> list[tuple[int, str, str]]:
    if not getattr(user, "is_authenticated", False) or not scope_of(user).has_in(congress_id, Role.STAFF):
        return []
    cache = user.__dict__.setdefault("_legislation_orgs", {})
    if congress_id not in cache:
        cache[congress_id] = list(
            user.memberships.filter(
                is_active=True,
                role=Role.STAFF,
                organization__is_active=True,
                organization__congress_id=congress_id,
            ).values_list("organization_id", "organization__kind", "organization__name")
        )
    return cache[congress_id]


def is_legal_committee(kind: str, name: str) -> bool:
    return kind == OrganizationKind.COMMITTEE and LEGAL_COMMITTEE_MARK in name


def legal_committee_q() -> Q:
    return Q(kind=OrganizationKind.COMMITTEE, name__contains=LEGAL_COMMITTEE_MARK)


def is_legislative_staff(user: Any, congress_id: int) -> bool:
    return any(
        kind in (OrganizationKind.CONGRESS_OFFICE, OrganizationKind.STANDING_COMMITTEE)
        or is_legal_committee(kind, name)
        for _id, kind, name in _staff_orgs(user, congress_id)
    )


def in_legal_committee(user: Any, congress_id: int) -> bool:
    return any(is_legal_committee(kind, name) for _id, kind, name in _staff_orgs(user, congress_id))


def works_on(user: Any, project: Any) -> bool:
    if is_legislative_staff(user, project.congress_id):
        return True
    return any(
        org_id == project.responsible_committee_id
        for org_id, _k, _n in _staff_orgs(user, project.congress_id)
    )


def reads_congress(user: Any, congress_id: int) -> bool:
    return scope_of(user).has_in(congress_id, Role.STAFF, Role.LEADER)


def can_use(user: Any) -> bool:
    """The app's pages at all: staff, leaders, and deputies (who read drafts before readings)."""
    return scope_of(user).has(Role.STAFF, Role.LEADER, Role.DEPUTY)


def ensure_legislative_staff(user: Any, congress_id: int) -> None:
    if not is_legislative_staff(user, congress_id):
        raise PermissionDeniedError(_("只有本级人大常委会办公室或法制委员会的工作人员可以办理此事项。"))


def ensure_legal_committee(user: Any, congress_id: int) -> None:
    if not in_legal_committee(user, congress_id):
        raise PermissionDeniedError(_("只有法制委员会的工作人员可以提出统一审议报告。"))


def ensure_works_on(user: Any, project: Any) -> None:
    if not works_on(user, project):
        raise PermissionDeniedError(_("只有法制委员会和该项目牵头委员会的工作人员可以办理。"))
