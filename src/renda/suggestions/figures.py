"""The leader's home: the suggestion figures of this year, registered with ``renda.web.figures``.

Computed by the statistics selector (``statistics.suggestion_statistics``, the statistics page's own) for the
leader's congress alone and the current year; every number links to the suggestion list filtered by the
same measure (``?stat=…``, ``statistics.measure_q``), so the list shows exactly that many rows.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.core import clock
from renda.core.choices import Role
from renda.core.models import Congress
from renda.core.scopes import scope_of
from renda.web.figures import Figure, FigurePanel, FigureRow

from .statistics import Report, StatsScope, suggestion_statistics

MAX_UNITS = 10


def leader_congresses(user: Any) -> list[Congress]:
    ids = scope_of(user).congress_ids_with(Role.LEADER)
    return list(Congress.objects.filter(pk__in=ids).order_by("path")) if ids else []


def home_scope(congress: Congress) -> StatsScope:
    """This year's suggestions of the congress itself (its own units; the congresses below have theirs)."""
    return StatsScope(congress=congress, year=clock.today().year, rollup=False)


def list_url(scope: StatsScope, **params: Any) -> str:
    query = {"congress": scope.congress.pk, "year": scope.year, **params}
    return f"{reverse('suggestions:list')}?{urlencode(query)}"


def stats_url(scope: StatsScope) -> str:
    query = {"congress": scope.congress.pk, "year": scope.year, "rollup": "0"}
    return f"{reverse('suggestion_stats:index')}?{urlencode(query)}"


def panels_of(scope: StatsScope, report: Report) -> list[FigurePanel]:
    t, c = report.total, report.total.counts
    resolution = t.resolution_rate
    main = FigurePanel(
        key=f"suggestions-{scope.congress.pk}",
        title=_("%(y)s年代表建议办理") % {"y": scope.year},
        figures=[
            Figure(_("收到建议"), c.received, list_url(scope, stat="received"), count=c.received,
                   hint=_("立案 %(n)s 件") % {"n": c.accepted}, icon="inbox", tint="blue"),
            Figure(_("已办复"), c.replied, list_url(scope, stat="replied"), count=c.replied,
                   hint=_("办复率 %(r)s(%(n)s/%(d)s)") % {"r": t.reply_rate.label, "n": t.reply_rate.num,
                                                         "d": t.reply_rate.den},
                   icon="reply", tint="green"),
            Figure(_("实际办结率"), resolution.label, list_url(scope, stat="solved"), count=resolution.num,
                   hint=_("问题已解决 %(n)s / 立案 %(d)s") % {"n": resolution.num, "d": resolution.den},
                   icon="check2-circle", tint="red"),
            Figure(_("超期未答复"), c.overdue, list_url(scope, stat="overdue"), count=c.overdue,
                   icon="alarm", tint="red" if c.overdue else "gray"),
        ],
        rows_title=_("各承办单位超期未答复"),
        rows=[
            FigureRow(u.name, u.overdue, list_url(scope, stat="overdue", unit=u.organization_id),
                      hint=_("交办 %(n)s 件") % {"n": u.assigned})
            for u in sorted(report.units, key=lambda u: (-u.overdue, u.name))
            if u.overdue
        ][:MAX_UNITS],
        rows_empty=_("没有超期未答复的建议。"),
        chart={
            "kind": "bar",
            "categories": [_("收到"), _("立案"), _("交办"), _("办复"), _("问题已解决")],
            "values": [c.received, c.accepted, c.assigned, c.replied, c.solved],
            "name": _("件数"),
            "label": _("代表建议办理进度"),
        },
        link=stats_url(scope),
        link_label=_("查看建议统计"),
        order=10,
    )  # fmt: skip
    key = FigurePanel(
        key=f"key-suggestions-{scope.congress.pk}",
        title=_("重点建议办理进度"),
        figures=[
            Figure(_("重点建议"), c.key, list_url(scope, stat="key"), count=c.key, icon="star", tint="gold"),
            Figure(_("已答复"), c.key_replied, list_url(scope, stat="key_replied"), count=c.key_replied,
                   hint=_("未答复 %(n)s 件") % {"n": c.key - c.key_replied}, icon="reply", tint="green"),
            Figure(_("问题已解决"), c.key_solved, list_url(scope, stat="key_solved"), count=c.key_solved,
                   icon="check2-circle", tint="red"),
        ],
        link=reverse("suggestions:key_list"),
        link_label=_("重点建议督办"),
        order=11,
    )  # fmt: skip
    return [main, key]


def leader_figures(user: Any) -> list[FigurePanel]:
    if not scope_of(user).has(Role.LEADER):
        return []
    congresses = leader_congresses(user)
    panels: list[FigurePanel] = []
    for congress in congresses:
        scope = home_scope(congress)
        found = panels_of(scope, suggestion_statistics(scope))
        if len(congresses) > 1:
            for panel in found:
                panel.title = f"{congress.name} · {panel.title}"
        panels.extend(found)
    return panels
