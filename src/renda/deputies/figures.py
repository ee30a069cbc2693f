"""The leader's home: deputies' activity this year, registered with ``renda.web.figures``.

Counted with the selectors of the lists they link to: ``selectors.activities_for`` (the activity list,
``?year=``) and the register's ``RegisterFilterSet`` (the register, ``?activity_year=&activity_below=``); the yearly
minimum is rule D03's ``min_count`` (per congress, like every rule's threshold).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from renda.compliance.registry import RULES, params_for
from renda.core import clock
from renda.core.choices import Role
from renda.core.models import Congress
from renda.core.scopes import scope_of
from renda.web.figures import Figure, FigurePanel

from . import rules as _rules  # noqa: F401 - registers D03, whose threshold is the yearly minimum
from . import selectors
from .filtersets import RegisterFilterSet


def yearly_minimum(congress: Congress) -> int:
    rule = RULES.get("D03")
    return int(params_for(rule, congress)["min_count"]) if rule is not None else 1


def activity_panel(user: Any, congress: Congress, year: int) -> FigurePanel:
    term = selectors.current_term(congress)
    minimum = yearly_minimum(congress)
    base = {"congress": congress.pk, "status": "active", **({"term": term.pk} if term else {})}
    below_query = {**base, "activity_year": year, "activity_below": minimum}
    register = reverse("deputies:register")
    n_activities = selectors.activities_for(user, congress, year=year).count()
    mandates = selectors.register(user).filter(congress=congress)
    # counted by the register's own filter set, with the query of the link: the number is the list's
    n_deputies = RegisterFilterSet(base, mandates, user=user, congress=congress).qs.count()
    n_below = RegisterFilterSet(below_query, mandates, user=user, congress=congress).qs.count()
    return FigurePanel(
        key=f"deputies-{congress.pk}",
        title=_("%(y)s年代表履职") % {"y": year},
        figures=[
            Figure(_("履职活动"), n_activities,
                   f"{reverse('deputies:activities')}?{urlencode({'congress': congress.pk, 'year': year})}",
                   count=n_activities, icon="calendar-event", tint="blue"),
            Figure(_("在任代表"), n_deputies, f"{register}?{urlencode(base)}", count=n_deputies,
                   icon="people", tint="green"),
            Figure(_("年度活动不足%(n)s次的代表") % {"n": minimum}, n_below,
                   f"{register}?{urlencode(below_query)}",
                   count=n_below, hint=_("每名代表每年不少于%(n)s次") % {"n": minimum},
                   icon="person-exclamation", tint="red" if n_below else "gray"),
        ],
        link=f"{reverse('deputies:ranking')}?{urlencode({'congress': congress.pk, 'year': year})}",
        link_label=_("履职积分排名"),
        order=20,
    )  # fmt: skip


def leader_figures(user: Any) -> list[FigurePanel]:
    scope = scope_of(user)
    if not scope.has(Role.LEADER):
        return []
    ids = scope.congress_ids_with(Role.LEADER)
    congresses = list(Congress.objects.filter(pk__in=ids).order_by("path"))
    year = clock.today().year
    panels = [activity_panel(user, c, year) for c in congresses]
    if len(congresses) > 1:
        for panel, congress in zip(panels, congresses, strict=True):
            panel.title = f"{congress.name} · {panel.title}"
    return panels
