"""Reads of the core app shared by pages, exports and the API: lists, trees and counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from .choices import Role
from .models import Congress, Membership, Organization, User
from .permissions import GRANT_ROLES
from .scopes import scope_of

USER_MANAGER_ROLES = (Role.SYSTEM_ADMIN, Role.STAFF)


def managed_congresses(user: Any) -> QuerySet[Congress]:
    """Congresses whose users and organisations ``user`` may change (mirrors the services' rule)."""
    scope = scope_of(user)
    direct = scope.congress_ids_with(*USER_MANAGER_ROLES)
    if not direct:
        return Congress.objects.none()
    q = Q(pk__in=direct)
    admin_ids = scope.congress_ids_with(Role.SYSTEM_ADMIN)
    if admin_ids:
        for path in Congress.objects.filter(pk__in=admin_ids).values_list("path", flat=True):
            q |= Q(path__startswith=path)
    return Congress.objects.filter(q, is_active=True).order_by("path")


def manageable_organizations(user: Any) -> QuerySet[Organization]:
    return (
        Organization.objects.filter(congress__in=managed_congresses(user), is_active=True)
        .select_related("congress")
        .order_by("congress__path", "sort_order", "name")
    )


def account_organizations(user: Any) -> QuerySet[Organization]:
    """Organisations ``user`` may create accounts in (and grant roles in): those of the congresses
    where they are security administrator, and below (mirrors ``permissions.ensure_may_grant``)."""
    ids = scope_of(user).admin_read_ids(*GRANT_ROLES)
    return (
        Organization.objects.filter(congress_id__in=ids, congress__is_active=True, is_active=True)
        .select_related("congress")
        .order_by("congress__path", "sort_order", "name")
    )


def user_list(*, actor: Any) -> QuerySet[User]:
    """Users ``actor`` may see, by username; each with its active memberships prefetched (the list's
    filters are ``renda.core.filtersets_accounts.UserFilterSet``)."""
    memberships = Membership.objects.filter(is_active=True).select_related(
        "organization", "organization__congress"
    )
    return (
        User.objects.visible_to(actor)
        .order_by("username", "pk")
        .prefetch_related(Prefetch("memberships", queryset=memberships, to_attr="active_membership_list"))
    )


def user_memberships(user: User) -> QuerySet[Membership]:
    return user.memberships.select_related("organization", "organization__congress").order_by(
        "-is_active", "organization__congress__path", "organization__sort_order"
    )


# A branch with more children than this starts folded on the organisations page (a county
# government has dozens of departments); so does every branch below the second level.
TREE_OPEN_MAX_CHILDREN = 8


@dataclass
class TreeNode:
    organization: Organization
    depth: int
    matched: bool = True
    children: int = 0  # direct children shown in the tree
    folded: bool = False  # its children start hidden
    hidden: bool = False  # an ancestor starts folded

    @property
    def indent_class(self) -> str:
        return f"renda-tree-{min(self.depth, 5)}" if self.depth else ""


def organization_tree(
    *, actor: Any, congress: Congress, matching: Iterable[int] | None = None
) -> list[TreeNode]:
    """The organisations of ``congress`` in tree order (parents before children, by sort order).

    With ``matching`` (the ids the list's filter set kept: ``OrganizationFilterSet``), the matching
    organisations are kept with their ancestors (shown dimmed) so the place of each match in the tree
    stays visible. One query for the tree.
    """
    orgs = list(
        Organization.objects.visible_to(actor)
        .filter(congress=congress)
        .annotate(member_count=Count("memberships", filter=Q(memberships__is_active=True)))
        .order_by("sort_order", "name")
    )
    by_id = {o.pk: o for o in orgs}
    children: dict[int | None, list[Organization]] = {}
    for org in orgs:
        parent = org.parent_id if org.parent_id in by_id else None
        children.setdefault(parent, []).append(org)

    matched_ids = set(matching) if matching is not None else None

    def matches(org: Organization) -> bool:
        return matched_ids is None or org.pk in matched_ids

    filtering = matched_ids is not None
    keep: set[int] = set()
    if filtering:
        for org in orgs:
            if matches(org):
                node: Organization | None = org
                while node is not None and node.pk not in keep:
                    keep.add(node.pk)
                    node = by_id.get(node.parent_id) if node.parent_id else None

    out: list[TreeNode] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for org in children.get(parent, []):
            if org.pk in seen:
                continue
            seen.add(org.pk)
            if not filtering or org.pk in keep:
                out.append(TreeNode(org, depth, matched=not filtering or matches(org)))
            walk(org.pk, depth + 1)

    walk(None, 0)
    _fold(out, filtering=filtering)
    return out


def _fold(nodes: list[TreeNode], *, filtering: bool) -> None:
    """Count each node's children and decide which branches start folded (none when filtering,
    so that every match is in sight)."""
    stack: list[TreeNode] = []
    for node in nodes:
        while stack and stack[-1].depth >= node.depth:
            stack.pop()
        if stack:
            stack[-1].children += 1
        stack.append(node)
    if filtering:
        return
    stack = []
    for node in nodes:
        while stack and stack[-1].depth >= node.depth:
            stack.pop()
        node.hidden = any(parent.folded for parent in stack)
        node.folded = node.children > TREE_OPEN_MAX_CHILDREN or (node.depth >= 1 and node.children > 0)
        stack.append(node)


@dataclass
class CongressCounts:
    users: int
    active_users: int
    organizations: int
    handling_units: int
    stations: int


def congress_counts(*, actor: Any, congress_ids: list[int] | set[int]) -> CongressCounts:
    """Counts of users and organisations in ``congress_ids`` that ``actor`` may see (three queries)."""
    from .choices import HANDLING_UNIT_KINDS, OrganizationKind

    orgs = Organization.objects.visible_to(actor).filter(congress_id__in=congress_ids, is_active=True)
    org_counts = orgs.aggregate(
        total=Count("pk"),
        units=Count("pk", filter=Q(kind__in=HANDLING_UNIT_KINDS)),
        stations=Count("pk", filter=Q(kind=OrganizationKind.LIAISON_STATION)),
    )
    user_ids = (
        User.objects.visible_to(actor)
        .filter(memberships__organization__congress_id__in=congress_ids)
        .values("pk")
    )
    users = User.objects.filter(pk__in=user_ids).aggregate(
        total=Count("pk"), active=Count("pk", filter=Q(is_active=True))
    )
    return CongressCounts(
        users=users["total"],
        active_users=users["active"],
        organizations=org_counts["total"],
        handling_units=org_counts["units"],
        stations=org_counts["stations"],
    )


def user_organizations(user: Any, roles: set[str] | frozenset[str]) -> list[Organization]:
    """The organisations where ``user`` holds one of ``roles`` (units, stations)."""
    return [
        m.organization
        for m in user.active_memberships().filter(role__in=roles).order_by("organization__name")
    ]
