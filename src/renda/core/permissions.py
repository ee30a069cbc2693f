"""Who may do what: role checks, the permission of each resource, and the rank of accounts.

Shared by services, pages and API, and denied by default. Three rules live here:

* **One permission per resource** (``RESOURCES``): the page and its API twin both ask
  :func:`can_view` / :func:`ensure_can_view` (or the :func:`resource_required` view decorator)
  with the same resource name, so they never disagree about who is allowed. The rows each one
  then shows come from the model's ``visible_to`` (``renda.core.scopes``).
* **Rank** (``ROLE_RANK``): nobody administers (edits, deactivates, resets the password of) an
  account whose role ranks at or above the role they administer it with. The three
  administrators share the top rank, so none of them administers another's account.
* **Role grants** belong to the security administrator alone (``GRANT_ROLES``), and account
  administration to the security administrator and, for lower accounts of their own congress,
  congress staff (``ACCOUNT_ADMIN_ROLES``). The system administrator configures congresses and
  organisations; the audit administrator reads the audit trail; neither touches accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .choices import Role
from .errors import PermissionDeniedError
from .scopes import scope_of

# --- roles ---------------------------------------------------------------------------------------


def ensure_role(actor: Any, *roles: str, congress_id: int | None = None) -> None:
    """Raise unless the actor holds one of ``roles`` (in ``congress_id`` when given)."""
    scope = scope_of(actor)
    ok = scope.has_in(congress_id, *roles) if congress_id is not None else scope.has(*roles)
    if not ok:
        raise PermissionDeniedError(_("您没有执行此操作的权限。"))


def role_required(*roles: str) -> Callable:
    """View decorator: signed in and holding one of ``roles``; otherwise login page or 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args: Any, **kwargs: Any):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not scope_of(request.user).has(*roles):
                raise PermissionDenied(_("您没有访问此页面的权限。"))
            return view(request, *args, **kwargs)

        wrapped.required_roles = roles  # type: ignore[attr-defined]
        return wrapped

    return decorator


# --- resources: one permission, read by the page and its API twin --------------------------------

# resource → the roles that may open it (page) or call it (API).
RESOURCES: dict[str, tuple[str, ...]] = {
    # Accounts: the security administrator (all below the administrators), congress staff (the
    # lower accounts of their congress).  /users/ and /api/v1/users.
    "users": (Role.SECURITY_ADMIN, Role.STAFF),
    # Organisations: configured by the system administrator and congress staff.
    # /organizations/ and /api/v1/organizations.
    "organizations": (Role.SYSTEM_ADMIN, Role.STAFF),
    # The deputy register (personal data): congress staff and leaders.  /deputies/ and /api/v1/deputies.
    "deputies.register": (Role.STAFF, Role.LEADER),
    # One deputy's record.  /deputies/<id>/ and /api/v1/deputies/<id>.
    "deputies.mandate": (Role.STAFF, Role.LEADER, Role.DEPUTY, Role.STATION_KEEPER),
    # Constituents' opinions.  /liaison/opinions/ and /api/v1/liaison/opinions.
    "liaison.opinions": (Role.STAFF, Role.LEADER, Role.STATION_KEEPER, Role.DEPUTY),
    # Meetings and attendance: staff and leaders of the congress; members and invitees (deputies,
    # heads of supervised bodies) see the meetings they sit in.  /meetings/ and /api/v1/meetings.
    "meetings": (Role.STAFF, Role.LEADER, Role.DEPUTY, Role.UNIT_LEADER, Role.UNIT_CLERK),
    # Votes: congress staff and leaders (chairing), deputies (voting).  /voting/ and /api/v1/voting.
    "voting.votes": (Role.STAFF, Role.LEADER, Role.DEPUTY),
    # The audit trail: the audit administrator alone.  /audit/ and /api/v1/audit/events.
    "audit.events": (Role.AUDIT_ADMIN,),
}


def resource_roles(resource: str) -> tuple[str, ...]:
    try:
        return RESOURCES[resource]
    except KeyError:  # a typo must fail loudly, never open a resource to everyone
        raise LookupError(f"unknown resource {resource!r}") from None


def can_view(user: Any, resource: str) -> bool:
    return scope_of(user).has(*resource_roles(resource))


def ensure_can_view(user: Any, resource: str) -> None:
    """Raise :class:`PermissionDeniedError` (403 in the API) unless ``user`` may use ``resource``."""
    if not can_view(user, resource):
        raise PermissionDeniedError(_("您没有访问此内容的权限。"))


def resource_required(resource: str) -> Callable:
    """View decorator: the page twin of :func:`ensure_can_view`."""
    decorator = role_required(*resource_roles(resource))

    def wrap(view: Callable) -> Callable:
        wrapped = decorator(view)
        wrapped.resource = resource  # type: ignore[attr-defined]
        return wrapped

    return wrap


# --- rank: who administers whose account ----------------------------------------------------------

ROLE_RANK: dict[str, int] = {
    Role.CITIZEN: 0,
    Role.DEPUTY: 1,
    Role.UNIT_CLERK: 1,
    Role.STATION_KEEPER: 1,
    Role.UNIT_LEADER: 2,
    Role.STAFF: 3,
    Role.LEADER: 4,
    Role.SYSTEM_ADMIN: 5,
    Role.SECURITY_ADMIN: 5,
    Role.AUDIT_ADMIN: 5,
}
ADMIN_RANK = ROLE_RANK[Role.SYSTEM_ADMIN]

# Who grants and revokes roles (memberships): the security administrator alone.
GRANT_ROLES = (Role.SECURITY_ADMIN,)
# Who administers accounts (edit, (de)activate, reset password), each within the rank rule:
# the security administrator in their congress and below, congress staff in their own congress.
ACCOUNT_ADMIN_ROLES = (Role.SECURITY_ADMIN, Role.STAFF)


def account_rank(user: Any) -> int:
    """The rank of the highest role ``user`` holds (active memberships); -1 for no role."""
    roles = set(user.memberships.filter(is_active=True).values_list("role", flat=True))
    return max((ROLE_RANK.get(r, ADMIN_RANK) for r in roles), default=-1)


def _congress_and_above(congress: Any) -> list[int]:
    return [congress.pk, *congress.ancestors()]


def granting_rank(actor: Any, congress: Any) -> int:
    """The rank the actor grants roles with in ``congress`` (-1: may not grant there)."""
    scope = scope_of(actor)
    if any(scope.has_in(cid, *GRANT_ROLES) for cid in _congress_and_above(congress)):
        return ADMIN_RANK
    return -1


def administering_rank(actor: Any, congress: Any) -> int:
    """The rank the actor administers accounts of ``congress`` with (-1: not at all)."""
    scope = scope_of(actor)
    if any(scope.has_in(cid, Role.SECURITY_ADMIN) for cid in _congress_and_above(congress)):
        return ROLE_RANK[Role.SECURITY_ADMIN]
    if scope.has_in(congress.pk, Role.STAFF):
        return ROLE_RANK[Role.STAFF]
    return -1


def ensure_may_grant(actor: Any, congress: Any) -> None:
    if granting_rank(actor, congress) < 0:
        raise PermissionDeniedError(_("角色只能由本级或上级人大的安全管理员授予或撤销。"))


def ensure_administers_account(actor: Any, user: Any) -> None:
    """Raise unless ``actor`` may edit, (de)activate or reset the password of ``user``'s account.

    The actor needs an account role in every congress the account belongs to, ranking strictly
    above the account's highest role there; acting on one's own account is refused (one changes
    one's own password on the password page).
    """
    from .models import Congress

    if user.pk == getattr(actor, "pk", None):
        raise PermissionDeniedError(_("不能对自己的账号执行此操作。"))
    ids = set(user.memberships.values_list("organization__congress_id", flat=True))
    congresses = list(Congress.objects.filter(pk__in=ids))
    if not congresses:
        # An account without any role: the security administrator's.
        if not scope_of(actor).has(Role.SECURITY_ADMIN):
            raise PermissionDeniedError(_("您没有管理该用户的权限。"))
        return
    rank = min(administering_rank(actor, c) for c in congresses)
    if rank < 0:
        raise PermissionDeniedError(_("您没有管理该用户的权限。"))
    if account_rank(user) >= rank:
        raise PermissionDeniedError(
            _("不能管理角色级别与您相同或更高的账号(系统管理员、安全管理员、审计管理员互不管理对方的账号)。")
        )


def may_administer_account(actor: Any, user: Any) -> bool:
    try:
        ensure_administers_account(actor, user)
    except PermissionDeniedError:
        return False
    return True
