"""The leader's home shows the figures the congress is run by, computed by the same selectors as the
statistics page and the lists: each figure equals the statistics page's, and each link lists that many rows."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from django.urls import reverse

from renda.compliance.models import RuleSetting
from renda.deputies import services as deputies
from renda.deputies.choices import ActivityKind
from renda.deputies.models import Activity, ActivityParticipation
from renda.web.figures import figures_for

from .conftest import client_for
from .test_statistics import history  # noqa: F401 - the fixture


def _rows(client, url):
    """How many rows the list at ``url`` holds (its paginator's count)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def _activities(w):
    """Two activities this year: deputies 0 and 1 attend both, deputy 2 one, deputies 3 and 4 none."""
    for day, who in ((dt.date(2026, 4, 8), [0, 1, 2]), (dt.date(2026, 6, 3), [0, 1])):
        activity = deputies.activity_create(
            actor=w.staff, congress=w.congress, kind=ActivityKind.INSPECTION, title=f"{day:%m月}视察",
            occurred_on=day,
        )  # fmt: skip
        deputies.activity_sign_in(actor=w.staff, activity=activity, mandates=[w.mandates[i] for i in who])
    old = deputies.activity_create(
        actor=w.staff, congress=w.congress, kind=ActivityKind.INSPECTION, title="去年视察",
        occurred_on=dt.date(2025, 9, 1),
    )  # fmt: skip
    deputies.activity_sign_in(actor=w.staff, activity=old, mandates=w.mandates)


def test_leader_home_figures_equal_the_statistics_page_and_link_to_that_many_rows(history):  # noqa: F811
    w = history.w
    _activities(w)
    leader = client_for(w.leader)
    home = leader.get(reverse("home"))
    assert home.status_code == 200
    html = home.content.decode()
    panels = {p.key: p for p in home.context["figure_panels"]}
    main = panels[f"suggestions-{w.congress.pk}"]
    key = panels[f"key-suggestions-{w.congress.pk}"]
    people = panels[f"deputies-{w.congress.pk}"]

    # the statistics page for the same scope (this congress, this year) shows the same numbers
    stats = leader.get(main.link)
    assert stats.status_code == 200
    report = stats.context["report"]
    c, t = report.total.counts, report.total
    shown = {str(f.title): f for f in [*main.figures, *key.figures, *people.figures]}
    assert shown["收到建议"].value == c.received == 8
    assert shown["已办复"].value == c.replied == 3
    assert shown["实际办结率"].value == t.resolution_rate.label == "40.0%"  # 2 solved / 5 accepted
    assert shown["实际办结率"].count == t.resolution_rate.num == 2
    assert shown["超期未答复"].value == c.overdue == 1
    assert shown["重点建议"].value == c.key == 1
    assert shown["已答复"].value == c.key_replied == 1
    assert shown["问题已解决"].value == c.key_solved == 0
    by_unit = {u.name: u.overdue for u in report.units if u.overdue}
    assert {str(r.label): r.count for r in main.rows} == by_unit == {"县教育局": 1}

    # every link lists exactly that many rows
    for figure in [*main.figures, *key.figures, *people.figures]:
        assert figure.count is not None, figure.title
        assert _rows(leader, figure.url) == figure.count, (figure.title, figure.url)
    for row in main.rows:
        assert _rows(leader, row.url) == row.count, row.label
    # the API's list answers the same counts for the same filters (the page and its API twin agree)
    for figure in [*main.figures, *key.figures]:
        query = figure.url.split("?", 1)[1]
        api = leader.get(f"/api/v1/suggestions?{query}")
        assert api.status_code == 200, (figure.title, api.content)
        assert api.json()["count"] == figure.count, figure.title
    # and the links on the page are those
    hrefs = {unescape(h) for h in re.findall(r'href="([^"]+)"', html)}
    assert {f.url for f in main.figures} <= hrefs and {r.url for r in main.rows} <= hrefs

    # deputies: activities this year (the two above and those the suggestions recorded, not last year's)
    this_year = Activity.objects.filter(congress=w.congress, occurred_on__year=2026)
    assert shown["履职活动"].value == this_year.count() >= 2
    assert not this_year.filter(title="去年视察").exists()
    assert shown["在任代表"].value == 5
    # below the yearly minimum (D03: 2 a year), counted independently from the participations
    counted = {
        m.pk: ActivityParticipation.objects.filter(
            mandate=m, verification="verified", attendance="present", activity__occurred_on__year=2026
        ).count()
        for m in w.mandates
    }
    below = {m.deputy.full_name for m in w.mandates if counted[m.pk] < 2}
    assert "赵代表" in below or "钱代表" in below
    figure = shown["年度活动不足2次的代表"]
    assert figure.value == len(below)
    register = leader.get(figure.url)
    assert {m.deputy.full_name for m in register.context["page"]} == below
    # a congress that sets its minimum to 1 counts fewer
    RuleSetting.objects.create(congress=w.congress, rule_id="D03", params={"min_count": 1})
    again = {str(f.title): f for p in figures_for(w.leader) for f in p.figures}
    assert again["年度活动不足1次的代表"].value == sum(1 for n in counted.values() if n < 1)

    # a chart of the handling progress, drawn by ECharts served by the app
    assert main.chart["values"] == [c.received, c.accepted, c.assigned, c.replied, c.solved]
    assert 'id="figure-charts"' in html and "vendor/echarts/echarts.min.js" in html
    assert "style=" not in html.split("<main", 1)[-1]  # the page's CSP allows no inline styles


def test_only_leaders_get_the_figures(history):  # noqa: F811
    w = history.w
    assert figures_for(w.staff) == [] or all(
        not p.key.startswith("suggestions-") for p in figures_for(w.staff)
    )
    home = client_for(w.staff).get(reverse("home"))
    assert "figure_panels" not in home.context
    assert "figure-charts" not in home.content.decode()
    assert client_for(w.deputy).get(reverse("home")).context.get("figure_panels") is None
