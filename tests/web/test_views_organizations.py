"""Organisation pages: tree list, filters, create, edit, (de)activate, who may."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.audit.models import Event
from renda.core.choices import OrganizationKind, Role
from renda.core.models import Organization

from .conftest import ROLES

ALLOWED = {Role.SYSTEM_ADMIN, Role.STAFF}


@pytest.mark.parametrize("role", ROLES)
def test_organization_pages_access_per_role(world, login, role):
    client = login(world[role])
    expected = 200 if role in ALLOWED else 403
    assert client.get(reverse("organization_list")).status_code == expected
    assert client.get(reverse("organization_create")).status_code == expected
    assert client.get(reverse("organization_edit", args=[world.bureau.pk])).status_code in (
        (200,) if role in ALLOWED else (403, 404)
    )


def test_tree_order_and_indent(world, login):
    response = login(world[Role.STAFF]).get(reverse("organization_list"))
    nodes = response.context["nodes"]
    names = [n.organization.name for n in nodes]
    assert names == ["市人大常委会办公室", "代表工作委员会", "市住房和城乡建设局", "东湖街道代表联络站"]
    assert [n.depth for n in nodes] == [0, 1, 0, 0]
    assert "renda-tree-1" in response.content.decode()


def test_filter_by_kind_keeps_ancestors(world, login):
    client = login(world[Role.STAFF])
    nodes = client.get(
        reverse("organization_list"), {"congress": world.city.pk, "kind": "committee"}
    ).context["nodes"]
    assert [(n.organization.name, n.matched) for n in nodes] == [
        ("市人大常委会办公室", False),
        ("代表工作委员会", True),
    ]
    nodes = client.get(reverse("organization_list"), {"congress": world.city.pk, "q": "住房"}).context[
        "nodes"
    ]
    assert [n.organization.name for n in nodes] == ["市住房和城乡建设局"]


def test_staff_reads_county_but_cannot_manage_it(world, login):
    client = login(world[Role.STAFF])
    response = client.get(reverse("organization_list"), {"congress": world.county.pk})
    assert [n.organization.name for n in response.context["nodes"]] == ["县人大常委会办公室", "县教育局"]
    assert response.context["can_manage"] is False
    assert client.get(reverse("organization_edit", args=[world.county_bureau.pk])).status_code == 403
    client.post(reverse("organization_set_active", args=[world.county_bureau.pk]), {"active": "0"})
    world.county_bureau.refresh_from_db()
    assert world.county_bureau.is_active


def test_create_organization(world, login):
    client = login(world[Role.STAFF])
    response = client.post(
        reverse("organization_create") + f"?congress={world.city.pk}",
        {
            "name": "财政经济委员会",
            "short_name": "财经委",
            "kind": OrganizationKind.COMMITTEE,
            "parent": world.office.pk,
            "responsible_person": "",
            "phone": "",
            "address": "",
            "sort_order": 5,
        },
    )
    assert response.status_code == 302
    org = Organization.objects.get(name="财政经济委员会")
    assert org.congress == world.city and org.parent == world.office
    assert Event.objects.filter(action="organization.create", target_id=str(org.pk)).exists()


def test_create_duplicate_name_shows_error(world, login):
    response = login(world[Role.STAFF]).post(
        reverse("organization_create"),
        {"name": "县教育局", "kind": OrganizationKind.GOVERNMENT_DEPARTMENT, "sort_order": 1},
    )
    # The staff member's own congress is the city: a county name is fine there.
    assert response.status_code == 302
    response = login(world[Role.STAFF]).post(
        reverse("organization_create"),
        {"name": "代表工作委员会", "kind": OrganizationKind.COMMITTEE, "sort_order": 1},
    )
    assert response.status_code == 200
    assert "已有名为" in str(response.context["form"].errors["name"])


def test_edit_organization_and_cycle_refused(world, login):
    client = login(world[Role.SYSTEM_ADMIN])
    data = {
        "name": "市人大常委会办公厅",
        "short_name": "办公厅",
        "kind": OrganizationKind.CONGRESS_OFFICE,
        "parent": "",
        "responsible_person": "张主任",
        "phone": "",
        "address": "",
        "sort_order": 1,
    }
    assert client.post(reverse("organization_edit", args=[world.office.pk]), data).status_code == 302
    world.office.refresh_from_db()
    assert world.office.name == "市人大常委会办公厅"
    event = Event.objects.filter(action="organization.update").latest("id")
    assert event.before["name"] == "市人大常委会办公室" and event.after["name"] == "市人大常委会办公厅"
    data["parent"] = world.committee.pk  # its own child
    response = client.post(reverse("organization_edit", args=[world.office.pk]), data)
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors


def test_deactivate_organization(world, login):
    client = login(world[Role.STAFF])
    client.post(reverse("organization_set_active", args=[world.station.pk]), {"active": "0"})
    world.station.refresh_from_db()
    assert not world.station.is_active
    nodes = client.get(reverse("organization_list"), {"congress": world.city.pk, "active": "0"}).context[
        "nodes"
    ]
    assert [n.organization.name for n in nodes] == ["东湖街道代表联络站"]


def test_organization_list_query_count(world, login, django_assert_max_num_queries):
    for i in range(30):
        Organization.objects.create(
            congress=world.city, name=f"街道{i}", kind=OrganizationKind.SUBDISTRICT, parent=world.bureau
        )
    client = login(world[Role.STAFF])
    with django_assert_max_num_queries(17):  # +1: the unread-notification bell
        response = client.get(reverse("organization_list"), {"congress": world.city.pk})
    assert len(response.context["nodes"]) == 34


def test_long_branches_start_folded_and_a_filter_unfolds_them(world, login):
    """A county government has dozens of departments: its branch starts folded, so that the page
    stays short on a phone; a search shows every match."""
    from renda.core.services import organization_create

    staff = world[Role.STAFF]
    for i in range(9):
        organization_create(
            actor=staff,
            congress=world.city,
            name=f"第{i + 1}工作部门",
            kind=OrganizationKind.GOVERNMENT_DEPARTMENT,
            parent=world.bureau,
        )
    client = login(staff)
    response = client.get(reverse("organization_list"), {"congress": world.city.pk})
    nodes = {n.organization.name: n for n in response.context["nodes"]}
    assert nodes["市住房和城乡建设局"].children == 9 and nodes["市住房和城乡建设局"].folded
    assert nodes["第1工作部门"].hidden and not nodes["第1工作部门"].folded
    assert nodes["市人大常委会办公室"].children == 1 and not nodes["市人大常委会办公室"].folded
    assert not nodes["代表工作委员会"].hidden
    html = response.content.decode()
    assert html.count('data-depth="1" hidden') == 9
    assert 'data-tree-all="open"' in html and 'aria-expanded="false"' in html

    found = client.get(reverse("organization_list"), {"congress": world.city.pk, "q": "工作部门"}).context[
        "nodes"
    ]
    assert len(found) == 10 and not any(n.hidden or n.folded for n in found)


def test_small_tree_has_no_fold_bar(world, login):
    response = login(world[Role.STAFF]).get(reverse("organization_list"))
    assert not any(n.folded for n in response.context["nodes"])
    assert 'data-tree-all="open"' not in response.content.decode()
