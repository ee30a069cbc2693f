"""The top menu folds each app's entries into one dropdown."""

import pytest

from renda.web.navigation import GROUP_LABELS, nav_for

pytestmark = pytest.mark.django_db


def test_staff_menu_is_grouped(twin_counties):
    links = nav_for(twin_counties.county.users["staff"], "/suggestions/")
    labels = [str(link.label) for link in links]
    assert labels[0] == "首页"
    assert len(labels) == len(set(labels)), labels
    groups = {str(link.label): link for link in links if link.children}
    admin = groups.get(str(GROUP_LABELS["admin"]))
    assert admin is not None and {str(c.label) for c in admin.children} >= {"用户管理", "机构管理"}
    for link in links:
        if link.children:
            assert len(link.children) >= 2 and not link.url


def test_single_entry_is_not_a_dropdown(twin_counties):
    links = nav_for(twin_counties.county.users["audit_admin"], "/")
    assert all(not link.children for link in links)
    assert "审计日志" in [str(link.label) for link in links]
