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
    """Every (panel, title, count, url) whose count is its list's: the figures with a count and the
    breakdown rows (not the rows showing a value — a project's percent, a deputy's points — nor the budget
    kinds, whose list is the whole warnings page: both checked in their own tests)."""
    for panel in panels:
        for f in panel.figures:
            if f.url and f.count is not None:
                yield panel, f.title, f.count, f.url
        if panel.key.startswith("budget-"):
            continue
        for r in panel.rows:
            if not isinstance(r, dashboard.ShownRow):
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
    if "warnings" in ctx:  # the budget warnings page
        return len(ctx["warnings"])
    return len(ctx["meetings"])  # the yearly attendance report: the meetings held


@pytest.mark.clock(DEMO_MOMENT)
def test_every_figure_equals_the_count_of_its_list(demo, db, login):
    client = _leader(login)
    leader = User.objects.get(username="leader")
    county = dashboard.congresses_for(leader)[0]
    panels = dashboard.panels_for(leader, county, 2026)
    keys = {p.key.rsplit("-", 1)[0] for p in panels}
    assert {"suggestions", "key-suggestions", "deputies", "deputy-points", "meetings", "tasks", "opinions",
            "liaison", "livelihood", "budget"} <= keys  # fmt: skip
    checked: dict[str, int] = {}
    for panel, title, count, url in _figures(panels):
        assert _list_count(client, url) == count, (panel.key, str(title), url)
        key = panel.key.rsplit("-", 1)[0]
        checked[key] = checked.get(key, 0) + 1
    assert sum(checked.values()) >= 20
    for key in ("tasks", "opinions", "liaison", "livelihood", "budget", "deputy-points"):
        assert checked.get(key), key  # the new panels are among the checked
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
    from renda.liaison.selectors import opinion_stats

    leader = User.objects.get(username="leader")
    county = dashboard.congresses_for(leader)[0]
    panel = _panel(dashboard.panels_for(leader, county, 2026), "liaison-")
    data = opinion_stats([county.pk], 2026)  # the statistics page's computation, for this congress
    assert panel.figures[0].count == data["received"]
    assert [(str(r.label), r.count) for r in panel.rows] == [(str(a), b) for a, b in data["by_township"][:12]]
    assert panel.chart["values"] == [r.count for r in panel.rows]


def _panel(panels, prefix):
    return next(p for p in panels if p.key.startswith(prefix))


@pytest.mark.clock(DEMO_MOMENT)
def test_the_overdue_tasks_total_is_its_lists_count_and_the_sum_of_its_notices(demo, db, login):
    from renda.tasks.selectors import overdue_q, task_rows

    client = _leader(login)
    leader = User.objects.get(username="leader")
    county = dashboard.congresses_for(leader)[0]
    panel = _panel(dashboard.panels_for(leader, county, 2026), "tasks-")
    total = panel.figures[1]
    assert total.count == sum(r.count for r in panel.rows)
    assert total.count == task_rows(leader).filter(notice__congress=county).filter(overdue_q()).count()
    response = client.get(total.url)
    assert response.context["page"].paginator.count == total.count
    assert response.context["list"].title == "超期未完成的分解任务"
    # each listed task opens its notice filtered to the overdue ones
    for url, _cells in response.context["table"]:
        assert "?flag=overdue" in url


@pytest.mark.clock(DEMO_MOMENT)
def test_the_budget_panel_counts_the_warnings_pages_warnings_by_kind(demo, db, login):
    from collections import Counter

    client = _leader(login)
    leader = User.objects.get(username="leader")
    county = dashboard.congresses_for(leader)[0]
    panel = _panel(dashboard.panels_for(leader, county, 2026), "budget-")
    shown = client.get(panel.figures[0].url).context["warnings"]
    assert panel.figures[0].count == len(shown) > 0
    by_kind = Counter(str(w.rule_name) for w in shown)
    assert {str(r.label): r.count for r in panel.rows} == dict(by_kind)
    assert panel.chart["values"] == [r.count for r in panel.rows]


def test_a_new_budget_warning_kind_appears_by_itself(db, monkeypatch):
    """The panel groups whatever ``warnings_for`` gives by kind: a kind the budget app adds later shows up."""
    from types import SimpleNamespace

    import renda.budget.selectors as budget_selectors
    import renda.budget.warnings as budget_warnings
    from renda.core.choices import Role
    from renda.core.models import Membership, Organization
    from renda.web.dashboard_panels import budget_panels

    congress = Congress.objects.create(name="预警测试县人大", region_name="预警测试县")
    office = Organization.objects.create(
        congress=congress, name="预警测试县人大常委会办公室", kind="congress_office"
    )
    user = User.objects.create_user(username="budget-leader", password="x", full_name="主任")
    Membership.objects.create(user=user, organization=office, role=Role.LEADER)
    found = [SimpleNamespace(kind="new_kind", rule="new_kind", rule_name="新的预警"),
             SimpleNamespace(kind="new_kind", rule="new_kind", rule_name="新的预警"),
             SimpleNamespace(rule="overspend", rule_name="超预算支出")]  # fmt: skip
    monkeypatch.setattr(budget_warnings, "warnings_for", lambda c, y, m=None: found)
    monkeypatch.setattr(budget_selectors, "years", lambda c: [2026])
    monkeypatch.setattr(budget_selectors, "latest_month", lambda c, y: 10)
    (panel,) = budget_panels(user, congress, 2026)
    assert panel.figures[0].count == 3
    assert [(str(r.label), r.count) for r in panel.rows] == [("新的预警", 2), ("超预算支出", 1)]
    assert budget_panels(user, congress, 2025) == []  # a year the budget does not hold: absent


@pytest.mark.clock(DEMO_MOMENT)
def test_the_livelihood_panel_is_each_chosen_projects_progress(demo, db, login):
    from renda.livelihood.selectors import chosen, progress_of

    client = _leader(login)
    leader = User.objects.get(username="leader")
    county = dashboard.congresses_for(leader)[0]
    panel = _panel(dashboard.panels_for(leader, county, 2026), "livelihood-")
    programme = client.get(panel.link).context["programme"]
    projects = chosen(programme.projects.all())
    progress = progress_of(projects)
    assert len(panel.rows) == len(projects) > 0
    by_title = {p.title: progress[p.pk]["percent"] for p in projects}
    for row in panel.rows:
        assert row.count == by_title[row.label] and row.shown == f"{row.count}%"
        assert client.get(row.url).status_code == 200  # the project's own page
    assert panel.chart["values"] == [r.count for r in panel.rows]


@pytest.mark.clock(DEMO_MOMENT)
def test_the_points_panel_is_the_ranking_pages(demo, db, login):
    client = _leader(login)
    leader = User.objects.get(username="leader")
    county = dashboard.congresses_for(leader)[0]
    panel = _panel(dashboard.panels_for(leader, county, 2026), "deputy-points-")
    response = client.get(panel.link)
    ranked = response.context["page"].paginator.object_list
    assert panel.figures[0].count == len(ranked) > 0
    assert panel.chart["categories"] == [r.name for r in ranked[:10]]
    assert panel.chart["values"] == [float(r.points) for r in ranked[:10]]
    lowest = {r.name: r.points for r in ranked[-5:]}
    assert panel.rows and all(lowest[r.label] == r.count for r in panel.rows)


def add_intake(county: Congress, township: Congress) -> tuple[int, int]:
    """The demo has no constituents' opinions: three arrive at the county's stations (two townships named)
    and two at a station of the township's own congress (no township named). Returns (county, township)."""
    from renda.core.choices import OrganizationKind
    from renda.core.models import Organization
    from renda.liaison import services

    stations = list(Organization.objects.filter(congress=county, kind=OrganizationKind.LIAISON_STATION,
                                                is_active=True).order_by("pk")[:2])  # fmt: skip
    towns = list(
        Organization.objects.filter(congress=county, kind=OrganizationKind.TOWNSHIP).order_by("pk")[:2]
    )
    topic = services.liaison_setting(county.pk).topics[0]
    submitted = [("村道路灯不亮", stations[0], towns[0]), ("集市路段积水", stations[0], towns[0]),
                 ("学校门前缺少护学岗", stations[-1], towns[-1])]  # fmt: skip
    own = Organization.objects.create(congress=township, name=f"{township.region_name}代表联络站",
                                      kind=OrganizationKind.LIAISON_STATION)  # fmt: skip
    submitted += [("乡卫生院夜间无人值班", own, None), ("渡口缺少救生设施", own, None)]
    for i, (title, station, town) in enumerate(submitted):
        services.opinion_submit(channel="portal", station=station, title=title, body=f"{title},希望尽快解决。",
                                topic=topic, township=town, submitter_phone=f"1380000100{i}",
                                client_ip=f"10.0.9.{i + 1}")  # fmt: skip
    return 3, 2


@pytest.mark.clock(DEMO_MOMENT)
def test_opinions_and_liaison_follow_the_congress_selector(demo, db, login):
    """A township chosen on the dashboard: the opinion and liaison panels count that congress only, and
    their lists (the dashboard's lists of exactly those rows) agree."""
    from renda.oversight.models.opinions import Opinion

    client = _leader(login)
    leader = User.objects.get(username="leader")
    county, township, *_others = dashboard.congresses_for(leader)
    n_county, n_township = add_intake(county, township)
    for congress, intake in ((county, n_county), (township, n_township)):
        panels = dashboard.panels_for(leader, congress, 2026)
        liaison, opinions = _panel(panels, "liaison-"), _panel(panels, "opinions-")
        assert liaison.figures[0].count == intake, congress.name
        assert sum(r.count for r in liaison.rows) == intake
        assert opinions.figures[0].count == Opinion.objects.filter(case__congress=congress,
                                                                   deliberated_on__year=2026).count()  # fmt: skip
        for panel in (liaison, opinions):
            for f in panel.figures:
                if f.count is not None:
                    assert f"congress={congress.pk}" in f.url
                    assert _list_count(client, f.url) == f.count, (panel.key, str(f.title))
            for r in panel.rows:
                assert _list_count(client, r.url) == r.count, (panel.key, str(r.label))
    county_rows = {
        str(r.label): r.count for r in _panel(dashboard.panels_for(leader, county, 2026), "liaison-").rows
    }
    assert sorted(county_rows.values()) == [1, 2]
    township_rows = [(str(r.label), r.count) for r in _panel(dashboard.panels_for(leader, township, 2026),
                                                             "liaison-").rows]  # fmt: skip
    assert township_rows == [("未填", 2)]
    assert Opinion.objects.filter(case__congress=county, deliberated_on__year=2026).exists()


@pytest.mark.clock(DEMO_MOMENT)
def test_the_dashboard_list_refuses_an_unknown_list_and_a_clerk(demo, db, login):
    client = _leader(login)
    assert client.get(reverse("dashboard_list", args=["nothing"])).status_code == 404
    clerk = login(User.objects.get(username="unitclerk"))
    assert clerk.get(reverse("dashboard_list", args=["tasks-overdue"])).status_code == 403
