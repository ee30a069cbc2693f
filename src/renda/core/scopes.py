"""What a user may see: computed once per request from their memberships.

Every model's ``visible_to(user)`` queryset method builds on this, so pages, API and exports
share one answer (denied by default: an anonymous or role-less user sees nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from .choices import ADMIN_ROLES, CONGRESS_BODY_KINDS, CONGRESS_ROLES, UNIT_ROLES, Role
from .errors import PermissionDeniedError

if TYPE_CHECKING:
    from .models import Congress, User


@dataclass(frozen=True)
class Scope:
    # Congresses whose records the user reads (own congress and, for staff-like roles, those below).
    read_congress_ids: frozenset[int] = field(default_factory=frozenset)
    # Congresses the user works in directly (writes happen only here).
    own_congress_ids: frozenset[int] = field(default_factory=frozenset)
    # Congresses where the user is congress staff or a leader: read the business records there.
    # The three administrators are not in it: they see business and personal data only where
    # their duty needs it (see ``admin_read``).
    staff_congress_ids: frozenset[int] = field(default_factory=frozenset)
    # The staff-like congresses and every congress below them (the roll-up a staff member reads).
    staff_read_congress_ids: frozenset[int] = field(default_factory=frozenset)
    # Per administrator role, the congresses where it is held and every congress below them: what a
    # system administrator configures, a security administrator administers the accounts of, an
    # audit administrator audits.
    admin_read: dict[str, frozenset[int]] = field(default_factory=dict)
    # Organisations for which the user is a unit clerk or unit leader.
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    # Of those, the organisations the user leads (unit leader, 承办单位负责人: signs replies off).
    led_unit_ids: frozenset[int] = field(default_factory=frozenset)
    # The congress's own bodies (office, committees) where the user is staff or a leader: they handle
    # the cases of kinds that may be assigned to them (``CasePolicy.assignable_unit_kinds``).
    body_ids: frozenset[int] = field(default_factory=frozenset)
    # Liaison stations the user keeps.
    station_ids: frozenset[int] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    roles_by_congress: dict[int, frozenset[str]] = field(default_factory=dict)

    @property
    def handling_unit_ids(self) -> frozenset[int]:
        """The organisations whose assigned cases the user handles: their units, and the congress
        bodies they work in (only kinds that let a congress body be assigned ever reach those)."""
        return self.unit_ids | self.body_ids

    @property
    def is_empty(self) -> bool:
        return not self.roles

    @property
    def only_administers(self) -> bool:
        """Only one of the three administrator roles (三员): no business work, no business to-do."""
        from .choices import ADMIN_ROLES

        return bool(self.roles) and self.roles <= ADMIN_ROLES

    def has(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    def has_in(self, congress_id: int, *roles: str) -> bool:
        return bool(self.roles_by_congress.get(congress_id, frozenset()) & set(roles))

    def congress_ids_with(self, *roles: str) -> set[int]:
        return {cid for cid, held in self.roles_by_congress.items() if held & set(roles)}

    def admin_read_ids(self, *roles: str) -> frozenset[int]:
        """Congresses (with those below) where the user holds one of the administrator ``roles``."""
        out: set[int] = set()
        for role in roles:
            out |= self.admin_read.get(role, frozenset())
        return frozenset(out)


EMPTY_SCOPE = Scope()


def scope_of(user: User | Any) -> Scope:
    """The user's scope, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = user.__dict__.get("_renda_scope")
    if cached is not None:
        return cached
    from .models import Congress

    memberships = list(
        user.memberships.filter(is_active=True, organization__is_active=True).values_list(
            "role",
            "organization_id",
            "organization__congress_id",
            "organization__congress__path",
            "organization__kind",
        )
    )
    roles: set[str] = set()
    own: set[int] = set()
    staff: set[int] = set()
    staff_paths: list[str] = []
    admin_paths: dict[str, list[str]] = {}
    units: set[int] = set()
    led_units: set[int] = set()
    bodies: set[int] = set()
    stations: set[int] = set()
    by_congress: dict[int, set[str]] = {}
    for role, org_id, congress_id, path, org_kind in memberships:
        roles.add(role)
        own.add(congress_id)
        by_congress.setdefault(congress_id, set()).add(role)
        if role in CONGRESS_ROLES:
            staff.add(congress_id)
            staff_paths.append(path)
        if role in ADMIN_ROLES:
            admin_paths.setdefault(role, []).append(path)
        if role in UNIT_ROLES:
            units.add(org_id)
        if role in CONGRESS_ROLES and org_kind in CONGRESS_BODY_KINDS:
            bodies.add(org_id)
        if role == Role.UNIT_LEADER:
            led_units.add(org_id)
        if role == Role.STATION_KEEPER:
            stations.add(org_id)

    def below(paths: list[str]) -> set[int]:
        if not paths:
            return set()
        from django.db.models import Q

        q = Q()
        for path in paths:
            q |= Q(path__startswith=path)
        return set(Congress.objects.filter(q).values_list("pk", flat=True))

    staff_read = below(staff_paths)
    admin_read = {role: frozenset(below(paths)) for role, paths in admin_paths.items()}
    read = own | staff_read | set().union(*admin_read.values())
    scope = Scope(
        read_congress_ids=frozenset(read),
        own_congress_ids=frozenset(own),
        staff_congress_ids=frozenset(staff),
        staff_read_congress_ids=frozenset(staff_read),
        admin_read=admin_read,
        unit_ids=frozenset(units),
        led_unit_ids=frozenset(led_units),
        body_ids=frozenset(bodies),
        station_ids=frozenset(stations),
        roles=frozenset(roles),
        roles_by_congress={k: frozenset(v) for k, v in by_congress.items()},
    )
    user.__dict__["_renda_scope"] = scope
    return scope


class NoWorkingCongress(PermissionDeniedError, PermissionDenied):
    """The user holds none of the roles a page or operation needs: a 403 on pages (Django's
    ``PermissionDenied``) and in the API (a :class:`PermissionDeniedError`), with the Chinese message."""


def working_congresses(user: User | Any, *roles: str) -> list[Congress]:
    """The congresses where ``user`` holds one of ``roles`` (in the congress itself, not only above it),
    highest level first: by tree path (a county before its townships), then by id."""
    from .models import Congress

    ids = scope_of(user).congress_ids_with(*roles)
    return list(Congress.objects.filter(pk__in=ids).order_by("path", "pk"))


def working_congress(
    user: User | Any,
    *roles: str,
    wanted: Any = None,
    below: bool = False,
    message: str | None = None,
) -> Congress:
    """The congress ``user`` is working in, as one of ``roles``.

    The rule for a user in several congresses (a staff member of the county who also keeps a township's
    seat, say): the congress asked for (``wanted``, a ``?congress=`` value) when the user may work there,
    else the highest-level of their own congresses (the first of :func:`working_congresses`). With
    ``below``, ``wanted`` may also be any congress the user reads as staff or leader, those below theirs
    included (``Scope.staff_read_congress_ids``: the county's staff work on the townships' registers). Without any such congress: :class:`NoWorkingCongress` with ``message``
    (default: 您没有访问此页面的权限。).
    """
    from django.utils.translation import gettext as _

    from .models import Congress

    own = working_congresses(user, *roles)
    if not own:
        raise NoWorkingCongress(message or _("您没有访问此页面的权限。"))
    pk = _positive_int(wanted)
    if pk is not None:
        found = next((c for c in own if c.pk == pk), None)
        if found is not None:
            return found
        if below and pk in scope_of(user).staff_read_congress_ids:
            found = Congress.objects.filter(pk=pk).first()
            if found is not None:
                return found
    return own[0]


def _positive_int(value: Any) -> int | None:
    text = str(value).strip() if value is not None else ""
    if not text.isdigit() or len(text) > 18:
        return None
    number = int(text)
    return number if number > 0 else None
