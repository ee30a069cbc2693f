"""The built-in panels of the leaders' dashboard, each from its app's own selector (the list's).

Imported lazily by ``renda.web.dashboard.ensure_panels`` (from the view), never at the shell's import time.
"""

from __future__ import annotations

from typing import Any

from renda.core.models import Congress

from .dashboard import register_dashboard_panel
from .figures import FigurePanel


def suggestion_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """Suggestions of the year: received, replied, actual resolution rate, overdue by unit.

    The suggestion statistics selector (``suggestion_statistics``), the statistics page's and the list's
    ``?stat=`` measure: each figure links to the list showing exactly its rows."""
    from renda.suggestions.figures import panels_of
    from renda.suggestions.statistics import StatsScope, suggestion_statistics

    scope = StatsScope(congress=congress, year=year, rollup=False)
    return panels_of(scope, suggestion_statistics(scope))


def deputy_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """Deputies' activity: the activity list's and the register's own selectors (``deputies.figures``)."""
    from renda.deputies.figures import activity_panel

    return [activity_panel(user, congress, year)]


register_dashboard_panel("suggestions", suggestion_panels, order=10, requires_app="suggestions")
register_dashboard_panel("deputies", deputy_panels, order=20, requires_app="deputies")


def meeting_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """Standing-committee meetings held and attendance: the yearly attendance report's own selector."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import gettext as _

    from renda.meetings.selectors import yearly_attendance

    from .figures import Figure

    meetings, rows = yearly_attendance(congress, year)
    seats = sum(r.meetings for r in rows)
    present, late = sum(r.present for r in rows), sum(r.late for r in rows)
    leave, absent = sum(r.leave for r in rows), sum(r.absent for r in rows)
    url = f"{reverse('meetings:attendance_year')}?{urlencode({'congress': congress.pk, 'year': year})}"
    rate = f"{present * 100 / seats:.1f}%" if seats else "—"
    return [
        FigurePanel(
            key=f"meetings-{congress.pk}",
            title=_("%(y)s年常委会会议与出席") % {"y": year},
            figures=[
                Figure(_("已举行常委会会议"), len(meetings), url, count=len(meetings), icon="people", tint="blue"),
                Figure(_("组成人员出席率"), rate, url, hint=_("出席 %(n)s / 应出席 %(d)s 人次") % {"n": present, "d": seats},
                       icon="person-check", tint="green"),
            ],
            chart={"kind": "bar", "categories": [_("出席"), _("其中迟到"), _("请假"), _("缺席")],
                   "values": [present, late, leave, absent], "name": _("人次"), "label": _("常委会组成人员出席情况")},
            link=url,
            link_label=_("年度出席情况报告"),
            order=40,
        )
    ]  # fmt: skip


def task_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """Tasks overdue, by notice: each notice's task list filtered ``?flag=overdue`` (its own selector)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from renda.tasks.models import TaskNotice
    from renda.tasks.selectors import overdue_q, task_rows

    from .figures import Figure, FigureRow

    notices = list(
        TaskNotice.objects.filter(congress=congress, issued_on__year=year).order_by("-issued_on", "-pk")
    )
    rows = []
    for notice in notices:
        n = task_rows(user, notice).filter(overdue_q()).count()
        if n:
            rows.append(
                FigureRow(notice.title, n, f"{reverse('tasks:detail', args=[notice.pk])}?flag=overdue")
            )
    total = sum(r.count for r in rows)
    return [
        FigurePanel(
            key=f"tasks-{congress.pk}",
            title=_("%(y)s年分解任务") % {"y": year},
            figures=[
                Figure(_("任务通知"), len(notices), reverse("tasks:list"), icon="list-task", tint="blue"),
                Figure(_("超期未完成"), total, "", icon="alarm", tint="red" if total else "gray",
                       hint=_("见下方各通知")),
            ],
            rows_title=_("各通知超期未完成的任务"),
            rows=rows,
            rows_empty=_("没有超期未完成的分解任务。"),
            link=reverse("tasks:list"),
            link_label=_("全部任务通知"),
            order=90,
        )
    ]  # fmt: skip


def compliance_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """The compliance check's red items (not met) of the year, from the latest stored run — the check
    page's own run and lines (``checks.current_run``, ``checks.lines_of``); absent while no run is stored."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import gettext as _

    from renda.compliance import checks
    from renda.compliance.registry import Status

    from .figures import Figure, FigureRow

    report = checks.parse_period(congress, "year", str(year))
    if checks.latest_run(congress, report) is None:
        return []
    lines = checks.lines_of(checks.current_run(congress, report))
    red = [line for line in lines if line.status == Status.NOT_MET]
    base = {"congress": congress.pk, "period": "year", "value": year}
    url = f"{reverse('compliance:check')}?{urlencode({**base, 'status': Status.NOT_MET.value})}"
    return [
        FigurePanel(
            key=f"compliance-{congress.pk}",
            title=_("%(y)s年合规检查") % {"y": year},
            figures=[
                Figure(_("未达标项"), len(red), url, count=len(red), icon="exclamation-octagon",
                       tint="red" if red else "gray", hint=_("共检查 %(n)s 项") % {"n": len(lines)}),
            ],
            rows_title=_("未达标的检查项"),
            # each red item: the number of its shortfall entries, as listed on the rule's own page
            rows=[FigureRow(line.title, len(line.shortfall),
                            f"{reverse('compliance:rule', args=[line.rule_id])}?{urlencode(base)}", hint=line.value)
                  for line in red[:10]],
            rows_empty=_("所有检查项均已达标或暂无数据。"),
            link=f"{reverse('compliance:check')}?{urlencode(base)}",
            link_label=_("查看合规检查"),
            order=80,
        )
    ]  # fmt: skip


register_dashboard_panel("meetings", meeting_panels, order=40, requires_app="meetings")
register_dashboard_panel("compliance", compliance_panels, order=80, requires_app="compliance")
register_dashboard_panel("tasks", task_panels, order=90, requires_app="tasks")


def opinion_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """Deliberation opinions of the year and their ratings: counted by the opinion list's own filter set
    (``OpinionFilterSet`` over ``opinions_for(user)``) with the very query of each link, so each number is
    the list's. Like the list, it counts the opinions the user may read (their congress)."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import gettext as _

    from renda.oversight.filtersets_opinions import OpinionFilterSet
    from renda.oversight.models.opinions import OpinionVerdict
    from renda.oversight.selectors_opinions import can_read_opinions, opinions_for

    from .figures import Figure, FigureRow

    if not can_read_opinions(user):
        return []
    base = reverse("oversight:opinion_list")

    def counted(**params: Any) -> tuple[int, str]:
        query = {"year": year, **params}
        return OpinionFilterSet(query, opinions_for(user), user=user).qs.count(), f"{base}?{urlencode(query)}"

    total, total_url = counted()
    overdue, overdue_url = counted(overdue="1")
    verdicts = [(label, *counted(verdict=value)) for value, label in OpinionVerdict.choices]
    return [
        FigurePanel(
            key=f"opinions-{congress.pk}",
            title=_("%(y)s年审议意见") % {"y": year},
            figures=[
                Figure(_("审议意见"), total, total_url, count=total, icon="chat-square-text", tint="blue"),
                Figure(_("超期未报告"), overdue, overdue_url, count=overdue, icon="alarm",
                       tint="red" if overdue else "gray"),
            ],
            rows_title=_("最近一次满意度测评"),
            rows=[FigureRow(label, n, url) for label, n, url in verdicts],
            rows_empty=_("暂无测评。"),
            chart={"kind": "bar", "categories": [str(v[0]) for v in verdicts], "values": [v[1] for v in verdicts],
                   "name": _("件数"), "label": _("审议意见测评结果")},
            link=reverse("oversight:opinion_stats"),
            link_label=_("审议意见统计"),
            order=30,
        )
    ]  # fmt: skip


register_dashboard_panel("opinions", opinion_panels, order=30, requires_app="oversight")


def plan_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """The supervision plan's progress: ``selectors_plans.plan_progress``, the plan page's own."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from renda.oversight.selectors_plans import plan_progress, plans_for

    from .figures import Figure

    plan = plans_for(user).filter(congress=congress, year=year).first()
    if plan is None:
        return []
    p = plan_progress(plan)
    url = reverse("oversight:plan_detail", args=[plan.pk])
    return [
        FigurePanel(
            key=f"plan-{congress.pk}",
            title=_("%(y)s年监督工作计划") % {"y": year},
            figures=[
                Figure(_("计划事项"), p["total"], url, icon="clipboard-check", tint="blue",
                       hint=_("另有取消 %(n)s 项") % {"n": p["cancelled"]} if p["cancelled"] else ""),
                Figure(_("已完成"), f"{p['percent']}%", url, icon="check2-circle", tint="green",
                       hint=_("完成 %(d)s / %(t)s 项,进行中 %(i)s 项") % {"d": p["done"], "t": p["total"],
                                                                  "i": p["in_progress"]}),
            ],
            chart={"kind": "bar", "categories": [r["label"] for r in p["by_instrument"]],
                   "values": [r["done"] for r in p["by_instrument"]], "name": _("已完成"),
                   "label": _("各监督方式完成情况")},
            link=url,
            link_label=_("查看监督计划"),
            order=35,
        )
    ]  # fmt: skip


register_dashboard_panel("plan", plan_panels, order=35, requires_app="oversight")


def liaison_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """Liaison-station intake by township: ``liaison.selectors.opinion_stats``, the statistics page's own
    computation (over the congresses the user reads, as that page does, not only the selected one)."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import gettext as _

    from renda.core.scopes import scope_of
    from renda.liaison.selectors import opinion_stats

    from .figures import Figure, FigureRow

    ids = scope_of(user).staff_read_congress_ids
    if not ids:
        return []
    data = opinion_stats(ids, year)
    url = f"{reverse('liaison:stats')}?{urlencode({'year': year})}"
    townships = data["by_township"][:12]
    return [
        FigurePanel(
            key=f"liaison-{congress.pk}",
            title=_("%(y)s年联络站收集群众意见") % {"y": year},
            figures=[
                Figure(_("收集意见"), data["received"], url, icon="house-heart", tint="blue"),
                Figure(_("按时答复率"), data["on_time_rate"] if data["on_time_rate"] is not None else "—", url,
                       hint=_("按时 %(n)s / 已答复 %(d)s") % {"n": data["on_time"], "d": data["replied"]},
                       icon="clock-history", tint="green"),
            ],
            rows_title=_("各乡镇收集意见"),
            rows=[FigureRow(name, n, url) for name, n in townships],
            rows_empty=_("暂无群众意见。"),
            chart={"kind": "bar", "categories": [str(t[0]) for t in townships], "values": [t[1] for t in townships],
                   "name": _("件数"), "label": _("各乡镇收集意见")},
            link=url,
            link_label=_("联络站意见统计"),
            order=50,
        )
    ]  # fmt: skip


register_dashboard_panel("liaison", liaison_panels, order=50, requires_app="liaison")
