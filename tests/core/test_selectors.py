"""Core selectors: managed congresses, the organisation tree, counts."""

from __future__ import annotations

from renda.core.choices import Role
from renda.core.selectors import congress_counts, managed_congresses, organization_tree, user_list


def test_managed_congresses(world):
    assert list(managed_congresses(world[Role.STAFF])) == [world.city]
    assert list(managed_congresses(world[Role.SYSTEM_ADMIN])) == [world.city, world.county]
    assert list(managed_congresses(world[Role.AUDIT_ADMIN])) == []
    assert list(managed_congresses(world[Role.DEPUTY])) == []


def test_tree_depth_and_order(world):
    nodes = organization_tree(actor=world[Role.SYSTEM_ADMIN], congress=world.city)
    assert [(n.organization.name, n.depth) for n in nodes][:2] == [
        ("市人大常委会办公室", 0),
        ("代表工作委员会", 1),
    ]
    assert nodes[1].indent_class == "renda-tree-1"


def test_tree_empty_for_outsider(world):
    assert organization_tree(actor=world.nobody, congress=world.city) == []


def test_user_list_combined_filters(world):
    from renda.core.filtersets_accounts import UserFilterSet

    staff = world[Role.STAFF]
    query = {"organization": str(world.bureau.pk), "role": Role.UNIT_LEADER}
    qs = UserFilterSet(query, user_list(actor=staff), user=staff).validated_qs()
    assert [u.username for u in qs] == ["unitlead1"]
    assert user_list(actor=world.nobody).count() <= 1


def test_congress_counts(world):
    counts = congress_counts(actor=world[Role.SYSTEM_ADMIN], congress_ids={world.county.pk})
    assert counts.organizations == 2 and counts.users == 0
