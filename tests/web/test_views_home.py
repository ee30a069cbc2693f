"""The home page: one page per role, the to-do registry, the navigation registry, the layout."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.core.choices import Role
from renda.web.navigation import register_nav, unregister_nav
from renda.web.todo import TodoItem, Urgency, register_todo, unregister_todo

from .conftest import ROLES

# A phrase only the page of that role shows.
EXPECTED = {
    Role.SYSTEM_ADMIN: "系统状态",
    Role.SECURITY_ADMIN: "安全管理",
    Role.AUDIT_ADMIN: "审计日志状态",
    Role.STAFF: "本级人大概况",
    Role.LEADER: "领导工作看板",
    Role.DEPUTY: "我的履职",
    Role.UNIT_CLERK: "本单位待办",
    Role.UNIT_LEADER: "本单位待办",
    Role.STATION_KEEPER: "联络站",
}


def test_home_sends_the_public_to_the_portal(client, world):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:home")
    portal = client.get(response["Location"])
    assert portal.status_code == 200
    html = portal.content.decode()
    assert f'href="{reverse("login")}"' in html and "工作人员登录" in html


def test_home_of_an_installation_without_congress_is_the_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("login")


@pytest.mark.parametrize("role", ROLES)
def test_home_fits_each_role(world, login, role):
    user = world[role]
    response = login(user).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert EXPECTED[role] in html
    assert user.display_name in html
    assert "人大履职平台" in html
    assert "待办事项" in html
    # Cards of other roles stay hidden.
    others = {EXPECTED[r] for r in ROLES if EXPECTED[r] != EXPECTED[role]} - {"联络站"}
    for phrase in others:
        assert phrase not in html, (role, phrase)


def test_home_shows_congress_and_logout_form(world, login):
    html = login(world[Role.STAFF]).get(reverse("home")).content.decode()
    assert "江城市人大" in html
    assert 'method="post"' in html


def test_no_role_gets_polite_explanation(world, login):
    response = login(world.nobody).get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "还没有分配工作角色" in html
    assert "用户管理" not in html


def test_station_keeper_sees_own_station(world, login):
    html = login(world[Role.STATION_KEEPER]).get(reverse("home")).content.decode()
    assert "东湖街道代表联络站" in html
    assert "东湖路1号" in html


def test_unit_clerk_sees_unit(world, login):
    html = login(world[Role.UNIT_CLERK]).get(reverse("home")).content.decode()
    assert "市住房和城乡建设局" in html


def test_staff_counts(world, login):
    response = login(world[Role.STAFF]).get(reverse("home"))
    counts = response.context["counts"]
    # Staff of the city read the county below: 6 organisations, and every user with a membership.
    assert counts.organizations == 6
    assert counts.stations == 1
    assert counts.handling_units == 2
    assert counts.users == 9


def test_todo_registry_feeds_home_sorted_by_urgency(world, login):
    def provider(user):
        if not user.has_role(Role.LEADER):
            return []
        return [
            TodoItem(title="待签批的重点建议", count=3, url="/x/", urgency=Urgency.NORMAL),
            TodoItem(title="超期未答复", count=2, url="/y/", urgency=Urgency.OVERDUE),
            TodoItem(title="没有事项", count=0, url="/z/"),
        ]

    def broken(user):
        raise RuntimeError("boom")

    register_todo(provider)
    register_todo(broken)
    try:
        response = login(world[Role.LEADER]).get(reverse("home"))
        titles = [str(t.title) for t in response.context["todos"]]
        assert titles == ["超期未答复", "待签批的重点建议"]
        html = response.content.decode()
        assert "超期未答复" in html and "已超期" in html
        assert "没有事项" not in html
        other = login(world[Role.DEPUTY]).get(reverse("home"))
        assert other.context["todos"] == []
    finally:
        unregister_todo(provider)
        unregister_todo(broken)


def test_navigation_follows_roles(world, login):
    staff_html = login(world[Role.STAFF]).get(reverse("home")).content.decode()
    assert reverse("user_list") in staff_html
    assert reverse("audit:event_list") not in staff_html
    audit_html = login(world[Role.AUDIT_ADMIN]).get(reverse("home")).content.decode()
    assert reverse("audit:event_list") in audit_html
    assert reverse("user_list") not in audit_html
    deputy_html = login(world[Role.DEPUTY]).get(reverse("home")).content.decode()
    assert reverse("user_list") not in deputy_html


def test_registered_nav_entry_appears_and_unknown_url_is_skipped(world, login):
    register_nav("测试入口", "healthz", roles=[Role.DEPUTY], icon="star", order=1)
    register_nav("未安装的应用", "nonexistent:page", roles=[Role.DEPUTY])
    try:
        html = login(world[Role.DEPUTY]).get(reverse("home")).content.decode()
        assert "测试入口" in html
        assert "未安装的应用" not in html
    finally:
        unregister_nav("healthz")
        unregister_nav("nonexistent:page")


def test_layout_has_no_inline_script_or_style(world, login):
    html = login(world[Role.SYSTEM_ADMIN]).get(reverse("home")).content.decode()
    assert "<script>" not in html
    assert "style=" not in html
    assert "onclick" not in html
    assert "renda/css/renda.css" in html
    assert 'data-bs-toggle="collapse"' in html


def test_home_query_count_is_bounded(world, login, django_assert_max_num_queries):
    client = login(world[Role.SYSTEM_ADMIN])
    with django_assert_max_num_queries(20):
        client.get(reverse("home"))
