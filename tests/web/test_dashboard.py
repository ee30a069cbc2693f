"""The leaders' dashboard: every figure equals the count of the list it opens (the list's own page, opened
as the leader), the charts are those lists' numbers, the page and the screen render for the demo leader,
and a unit clerk or a deputy is refused."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from renda.core.models import Congress, User
from renda.web import dashboard
from tests.conftest import Clock

DEMO_MOMENT = "2026-11-20 09:30"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo county, loaded once for the module inside a transaction rolled back at its end."""
    clock = Clock()
    clock.set(DEMO_MOMENT)
    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("load_demo", verbosity=0)
            yield
            transaction.set_rollback(True)
    clock.stop()


def _leader(login):
    return login(User.objects.get(username="leader"))


def _figures(panels):
    for panel in panels:
        for f in panel.figures:
            if f.url and f.count is not None:
                yield panel, f.title, f.count, f.url
        if panel.key.startswith("liaison-"):  # its rows are the statistics page's, checked below
            continue
        for r in panel.rows:
            yield panel, r.label, r.count, r.url


def _list_count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    ctx = response.context
    if "page" in ctx:  # a paginated list (suggestions, deputies, tasks)
        return ctx["page"].paginator.count
    if "line" in ctx:  # a compliance rule's page: its shortfall entries
        return len(ctx["line"].shortfall)
    if "lines" in ctx:  # the compliance check, filtered by status
        return len(ctx["lines"])
    return len(ctx["meetings"])  # the yearly attendance report: the meetings held


@pytest.mark.clock(DEMO_MOMENT)
def test_every_figure_equals_the_count_of_its_list(demo, db, login):
    client = _leader(login)
    leader = User.objects.get(username="leader")
    county = dashboard.congresses_for(leader)[0]
    panels = dashboard.panels_for(leader, county, 2026)
    keys = {p.key.rsplit("-", 1)[0] for p in panels}
    assert {"suggestions", "key-suggestions", "deputies", "meetings", "tasks", "opinions"} <= keys
    checked = 0
    for panel, title, count, url in _figures(panels):
        assert _list_count(client, url) == count, (panel.key, str(title), url)
        checked += 1
    assert checked >= 8
    # the demo has real numbers, not an empty board
    main = next(p for p in panels if p.key.startswith("suggestions-"))
    assert main.figures[0].count > 0


@pytest.mark.clock(DEMO_MOMENT)
def test_each_chart_is_its_lists_numbers(demo, db, login):
    client = _leader(login)
    leader = User.objects.get(username="leader")
    county = dashboard.congresses_for(leader)[0]
    main = next(p for p in dashboard.panels_for(leader, county, 2026) if p.key.startswith("suggestions-"))
    stats = ["received", "accepted", "assigned", "replied", "solved"]
    base = reverse("suggestions:list")
    for stat, value in zip(stats, main.chart["values"], strict=True):
        url = f"{base}?congress={county.pk}&year=2026&stat={stat}"
        assert _list_count(client, url) == value, stat


@pytest.mark.clock(DEMO_MOMENT)
def test_the_page_and_the_screen_render_for_the_demo_leader(demo, db, login):
    client = _leader(login)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "领导驾驶舱" in body and "实际办结率" in body and "vendor/echarts/echarts.min.js" in body
    assert 'id="dashboard-charts"' in body and "大屏模式" in body
    assert "<script>" not in body.replace('<script id="dashboard-charts"', "")  # no inline script (CSP)
    screen = client.get(reverse("dashboard_screen")).content.decode()
    assert 'http-equiv="refresh" content="60"' in screen
    assert "renda-topbar" not in screen  # no menus on the meeting-room display
    assert "实际办结率" in screen


@pytest.mark.clock(DEMO_MOMENT)
def test_year_and_congress_selectors(demo, db, login):
    client = _leader(login)
    county = Congress.objects.get(pk=dashboard.congresses_for(User.objects.get(username="leader"))[0].pk)
    response = client.get(reverse("dashboard"), {"year": "2025", "congress": county.pk})
    assert response.context["year"] == 2025 and response.context["congress"] == county
    # a year outside the choices, or a congress outside the leader's, falls back to the defaults
    response = client.get(reverse("dashboard"), {"year": "1900", "congress": "999999"})
    assert response.context["year"] == 2026 and response.context["congress"] == county


@pytest.mark.clock(DEMO_MOMENT)
@pytest.mark.parametrize("username", ["unitclerk", "deputy"])
def test_a_unit_clerk_or_a_deputy_is_refused(demo, db, login, username):
    client = login(User.objects.get(username=username))
    assert client.get(reverse("dashboard")).status_code == 403
    assert client.get(reverse("dashboard_screen")).status_code == 403


def test_a_failing_panel_is_left_out_and_a_missing_app_is_absent(db):
    def broken(user, congress, year):
        raise RuntimeError("boom")

    dashboard.register_dashboard_panel("test-broken", broken, order=1)
    dashboard.register_dashboard_panel("test-budget", lambda u, c, y: [object()], requires_app="budget")
    try:
        congress = Congress.objects.create(name="测试人大", region_name="测试县")
        panels = dashboard.panels_for(User(username="x"), congress, 2026)
        assert all(getattr(p, "key", "") not in {"test-broken", "test-budget"} for p in panels)
    finally:
        dashboard.unregister_dashboard_panel("test-broken")
        dashboard.unregister_dashboard_panel("test-budget")


@pytest.mark.clock(DEMO_MOMENT)
def test_the_compliance_panel_shows_the_latest_runs_red_items(demo, db, login):
    from renda.compliance import checks

    client = _leader(login)
    leader = User.objects.get(username="leader")
    county = dashboard.congresses_for(leader)[0]
    report = checks.parse_period(county, "year", "2026")
    if checks.latest_run(county, report) is None:
        # no stored run: the panel is absent (the dashboard never runs the check itself)
        assert not [p for p in dashboard.panels_for(leader, county, 2026) if p.key.startswith("compliance-")]
        checks.run_check(county, report, trigger="auto")
    panel = next(p for p in dashboard.panels_for(leader, county, 2026) if p.key.startswith("compliance-"))
    red = panel.figures[0]
    assert _list_count(client, red.url) == red.count
    assert red.count == len([line for line in checks.lines_of(checks.latest_run(county, report))
                             if line.status == "not_met"])  # fmt: skip
    for row in panel.rows:
        assert _list_count(client, row.url) == row.count, row.label


@pytest.mark.clock(DEMO_MOMENT)
def test_the_menu_offers_the_dashboard_to_the_leader_only(demo, db, login):
    from renda.web.navigation import nav_for

    def urls(user):
        out = []
        for link in nav_for(user):
            out += [link.url, *(c.url for c in link.children)]
        return out

    assert reverse("dashboard") in urls(User.objects.get(username="leader"))
    assert reverse("dashboard") not in urls(User.objects.get(username="unitclerk"))


@pytest.mark.clock(DEMO_MOMENT)
def test_the_plan_panel_is_the_plan_pages_progress(demo, db, login):
    client = _leader(login)
    leader = User.objects.get(username="leader")
    county = dashboard.congresses_for(leader)[0]
    panel = next(p for p in dashboard.panels_for(leader, county, 2026) if p.key.startswith("plan-"))
    progress = client.get(panel.link).context["progress"]
    assert panel.figures[0].value == progress["total"] > 0
    assert panel.figures[1].value == f"{progress['percent']}%"
    assert panel.chart["values"] == [r["done"] for r in progress["by_instrument"]]


@pytest.mark.clock(DEMO_MOMENT)
def test_the_liaison_panel_is_the_statistics_pages_intake_by_township(demo, db, login):
    client = _leader(login)
    leader = User.objects.get(username="leader")
    county = dashboard.congresses_for(leader)[0]
    panel = next(p for p in dashboard.panels_for(leader, county, 2026) if p.key.startswith("liaison-"))
    data = client.get(panel.link).context["data"]
    assert panel.figures[0].value == data["received"]
    assert [(r.label, r.count) for r in panel.rows] == [tuple(x) for x in data["by_township"][:12]]
    assert sum(panel.chart["values"]) <= data["received"]
