"""The built-in panels of the leaders' dashboard, each from its app's own selector (the list's).

Imported lazily by ``renda.web.dashboard.ensure_panels`` (from the view), never at the shell's import time.
"""

from __future__ import annotations

from typing import Any

from renda.core.models import Congress

from .dashboard import (
    Column,
    DashboardList,
    ShownRow,
    list_url,
    register_dashboard_list,
    register_dashboard_panel,
)
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


def overdue_tasks(user: Any, congress: Congress) -> Any:
    """Every overdue task of the congress, across all its notices: the notice page's own selector
    (``task_rows(user)`` with ``overdue_q()``, as its ``?flag=overdue``) over all the congress's notices.
    The panel's total, its per-notice rows and the dashboard's list of overdue tasks are all this queryset."""
    from renda.tasks.selectors import overdue_q, task_rows

    return task_rows(user).filter(notice__congress=congress).filter(overdue_q())


def overdue_tasks_list(user: Any, congress: Congress, year: int, params: dict[str, str]) -> DashboardList:
    from django.urls import reverse
    from django.utils.translation import gettext as _

    return DashboardList(
        title=_("超期未完成的分解任务"),
        rows=overdue_tasks(user, congress),
        columns=[
            Column(_("任务"), lambda t: t.case.title),
            Column(_("所属通知"), lambda t: t.notice.title),
            Column(_("牵头单位"), lambda t: t.lead_as_written or "—"),
            Column(_("完成时限"), lambda t: t.due_on),
            Column(_("状态"), lambda t: t.case.get_state_display()),
        ],
        url_of=lambda t: f"{reverse('tasks:detail', args=[t.notice_id])}?flag=overdue",
        app_link=reverse("tasks:list"),
        app_link_label=_("全部任务通知"),
    )


def task_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """Tasks overdue: one total across all the congress's notices (the dashboard's list of exactly those
    tasks) and, by notice, each notice's task list filtered ``?flag=overdue`` — one selector for all."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from renda.tasks.models import TaskNotice

    from .figures import Figure, FigureRow

    n_notices = TaskNotice.objects.filter(congress=congress, issued_on__year=year).count()
    overdue = overdue_tasks(user, congress)
    by_notice = list(overdue.order_by().values("notice_id", "notice__title", "notice__issued_on")
                     .annotate(n=Count("pk")).order_by("-n", "-notice__issued_on", "notice_id"))  # fmt: skip
    total = sum(r["n"] for r in by_notice)
    rows = [FigureRow(r["notice__title"], r["n"], f"{reverse('tasks:detail', args=[r['notice_id']])}?flag=overdue")
            for r in by_notice]  # fmt: skip
    return [
        FigurePanel(
            key=f"tasks-{congress.pk}",
            title=_("分解任务"),
            figures=[
                Figure(_("%(y)s年任务通知") % {"y": year}, n_notices, reverse("tasks:list"), icon="list-task",
                       tint="blue"),
                Figure(_("超期未完成"), total, list_url("tasks-overdue", congress, year), count=total,
                       icon="alarm", tint="red" if total else "gray", hint=_("全部通知合计")),
            ],
            rows_title=_("各通知超期未完成的任务"),
            rows=rows,
            rows_empty=_("没有超期未完成的分解任务。"),
            link=reverse("tasks:list"),
            link_label=_("全部任务通知"),
            order=90,
        )
    ]  # fmt: skip


register_dashboard_list("tasks-overdue", overdue_tasks_list)


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


def _opinion_rows(user: Any, congress: Congress, year: int, params: dict[str, Any]) -> Any:
    """The opinion list's own filter set (``OpinionFilterSet`` over ``opinions_for(user)``), narrowed to the
    selected congress: the panel's numbers and the dashboard's opinion list are this queryset."""
    from renda.oversight.filtersets_opinions import OpinionFilterSet
    from renda.oversight.selectors_opinions import opinions_for

    query = {**{k: v for k, v in params.items() if k in OPINION_PARAMS}, "year": year}
    base = opinions_for(user).filter(case__congress=congress)
    return OpinionFilterSet(query, base, user=user).qs


OPINION_PARAMS = ("verdict", "overdue", "state")


def opinion_list(user: Any, congress: Congress, year: int, params: dict[str, str]) -> DashboardList:
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import gettext as _

    from renda.oversight.models.opinions import OpinionVerdict

    title = _("审议意见")
    if params.get("overdue"):
        title = _("超期未报告的审议意见")
    elif params.get("verdict") in OpinionVerdict.values:
        title = _("最近一次测评为“%(v)s”的审议意见") % {"v": OpinionVerdict(params["verdict"]).label}
    return DashboardList(
        title=title,
        rows=_opinion_rows(user, congress, year, params),
        columns=[
            Column(_("审议意见"), lambda o: o.case.title),
            Column(_("审议的报告"), lambda o: o.report_title),
            Column(_("报告机关"), lambda o: o.reporting_body.name if o.reporting_body_id else "—"),
            Column(_("审议日期"), lambda o: o.deliberated_on),
            Column(_("状态"), lambda o: o.case.get_state_display()),
        ],
        url_of=lambda o: reverse("oversight:opinion_detail", args=[o.pk]),
        app_link=f"{reverse('oversight:opinion_list')}?{urlencode({'year': year})}",
        app_link_label=_("审议意见列表"),
    )


def opinion_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """Deliberation opinions of the selected congress and year and their ratings (latest verdict): the
    opinion list's filter set narrowed to the congress (``_opinion_rows``), each number linking to the
    dashboard's list of exactly those opinions (the opinion list itself has no congress filter)."""
    from django.utils.translation import gettext as _

    from renda.oversight.models.opinions import OpinionVerdict
    from renda.oversight.selectors_opinions import can_read_opinions

    from .figures import Figure, FigureRow

    if not can_read_opinions(user):
        return []

    def counted(**params: Any) -> tuple[int, str]:
        return (_opinion_rows(user, congress, year, params).count(),
                list_url("opinions", congress, year, **params))  # fmt: skip

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
            link=total_url,
            link_label=_("查看审议意见"),
            order=30,
        )
    ]  # fmt: skip


register_dashboard_list("opinions", opinion_list)
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


NO_TOWNSHIP = "none"


def _intake_rows(user: Any, congress: Congress, year: int, params: dict[str, Any]) -> Any:
    """Constituents' opinions of the selected congress and year that the user reads: the liaison list's
    selector and filter set (``opinions_for(user)``, ``OpinionFilterSet`` with ``year``) narrowed to the
    congress and, with ``township``, to one township (``none``: not filled in)."""
    from renda.liaison.filtersets import OpinionFilterSet
    from renda.liaison.selectors import opinions_for

    qs = OpinionFilterSet({"year": year}, opinions_for(user).filter(case__congress=congress), user=user).qs
    township = str(params.get("township") or "")
    if township == NO_TOWNSHIP:
        qs = qs.filter(township__isnull=True)
    elif township.isdigit():
        qs = qs.filter(township_id=int(township))
    return qs


def intake_list(user: Any, congress: Congress, year: int, params: dict[str, str]) -> DashboardList:
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import gettext as _

    return DashboardList(
        title=_("联络站收集的群众意见"),
        rows=_intake_rows(user, congress, year, params),
        columns=[
            Column(_("编号"), lambda o: o.case.number),
            Column(_("标题"), lambda o: o.case.title),
            Column(_("乡镇"), lambda o: o.township.name if o.township_id else _("未填")),
            Column(_("联络站"), lambda o: o.station.name if o.station_id else "—"),
            Column(_("状态"), lambda o: o.case.get_state_display()),
        ],
        url_of=lambda o: reverse("liaison:opinion_detail", args=[o.pk]),
        app_link=f"{reverse('liaison:stats')}?{urlencode({'year': year})}",
        app_link_label=_("联络站意见统计"),
    )


def liaison_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """Liaison-station intake of the selected congress by township: counted on the dashboard's list of
    those opinions (``_intake_rows``); the on-time reply rate is ``liaison.selectors.opinion_stats`` of
    this one congress (the statistics page's computation)."""
    from django.db.models import Count
    from django.utils.translation import gettext as _

    from renda.core.scopes import scope_of
    from renda.liaison.selectors import opinion_stats

    from .figures import Figure, FigureRow

    if congress.pk not in scope_of(user).staff_read_congress_ids:
        return []
    qs = _intake_rows(user, congress, year, {})
    received = qs.count()
    by_township = list(qs.order_by().values("township_id", "township__name").annotate(n=Count("pk"))
                       .order_by("-n", "township__name"))[:12]  # fmt: skip
    rows = [FigureRow(r["township__name"] or _("未填"), r["n"],
                      list_url("liaison", congress, year, township=r["township_id"] or NO_TOWNSHIP))
            for r in by_township]  # fmt: skip
    data = opinion_stats([congress.pk], year)
    url = list_url("liaison", congress, year)
    return [
        FigurePanel(
            key=f"liaison-{congress.pk}",
            title=_("%(y)s年联络站收集群众意见") % {"y": year},
            figures=[
                Figure(_("收集意见"), received, url, count=received, icon="house-heart", tint="blue"),
                Figure(_("按时答复率"), data["on_time_rate"] if data["on_time_rate"] is not None else "—", "",
                       hint=_("按时 %(n)s / 已答复 %(d)s") % {"n": data["on_time"], "d": data["replied"]},
                       icon="clock-history", tint="green"),
            ],
            rows_title=_("各乡镇收集意见"),
            rows=rows,
            rows_empty=_("暂无群众意见。"),
            chart={"kind": "bar", "categories": [str(r.label) for r in rows], "values": [r.count for r in rows],
                   "name": _("件数"), "label": _("各乡镇收集意见")},
            link=url,
            link_label=_("查看群众意见"),
            order=50,
        )
    ]  # fmt: skip


register_dashboard_list("liaison", intake_list)
register_dashboard_panel("liaison", liaison_panels, order=50, requires_app="liaison")


def livelihood_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """This year's livelihood programme (民生实事): the projects chosen by the vote and each one's progress
    (``livelihood.selectors.progress_of``, the programme page's); the counts by state are the project list's
    own filter set (``ProjectFilterSet`` ``?state=``) over the programme's projects, the list's base."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import gettext as _

    from renda.livelihood.choices import ProjectState
    from renda.livelihood.filtersets import ProjectFilterSet
    from renda.livelihood.selectors import chosen, programmes_for, progress_of

    from .figures import Figure

    programme = programmes_for(user).filter(congress=congress, year=year).order_by("-pk").first()
    if programme is None:
        return []
    base = programme.projects.select_related("responsible_unit", "programme")
    projects = sorted(chosen(base), key=lambda p: (p.rank or 10**6, p.pk))
    progress = progress_of(projects)
    list_base = reverse("livelihood:project_list", args=[programme.pk])

    def by_state(state: str) -> tuple[int, str]:
        query = {"state": state}
        return ProjectFilterSet(query, base, user=user).qs.count(), f"{list_base}?{urlencode(query)}"

    implementing, implementing_url = by_state(ProjectState.IMPLEMENTING)
    completed, completed_url = by_state(ProjectState.COMPLETED)
    evaluated, evaluated_url = by_state(ProjectState.EVALUATED)
    done = sum(1 for p in projects if progress[p.pk]["percent"] >= 100)
    rows = []
    for p in projects:
        row = progress[p.pk]
        latest = row["latest"]
        milestone = (latest.text if latest is not None else "") or ""
        rows.append(ShownRow(p.title, row["percent"], reverse("livelihood:project_detail", args=[p.pk]),
                             hint=milestone[:60], shown=f"{row['percent']}%"))  # fmt: skip
    detail = reverse("livelihood:programme_detail", args=[programme.pk])
    return [
        FigurePanel(
            key=f"livelihood-{congress.pk}",
            title=_("%(y)s年民生实事项目") % {"y": year},
            figures=[
                Figure(_("实施中"), implementing, implementing_url, count=implementing, icon="hammer", tint="gold",
                       hint=_("票决产生 %(n)s 项,进度达到100%% 的 %(d)s 项") % {"n": len(projects), "d": done}),
                Figure(_("已完成"), completed, completed_url, count=completed, icon="check2-circle", tint="green"),
                Figure(_("已测评"), evaluated, evaluated_url, count=evaluated, icon="clipboard-check",
                       tint="blue"),
            ],
            rows_title=_("各项目进度(最新进展)"),
            rows=rows,
            rows_empty=_("票决尚未产生项目。"),
            chart={"kind": "bar", "categories": [r.label for r in rows], "values": [r.count for r in rows],
                   "name": _("进度(%)"), "label": _("各民生实事项目进度")},
            link=detail,
            link_label=programme.title,
            order=60,
        )
    ]  # fmt: skip


register_dashboard_panel("livelihood", livelihood_panels, order=60, requires_app="livelihood")


def deputy_points_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """Deputies' points (履职积分) of the year: the ranking page's own selector (``deputies.selectors.ranking``);
    the number ranked is the ranking list's length, the lowest-ranked deputies are those who fall short."""
    from decimal import Decimal
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import gettext as _

    from renda.deputies.selectors import ranking

    from .figures import Figure

    rows = ranking(congress, year=year)
    if not rows:
        return []
    url = f"{reverse('deputies:ranking')}?{urlencode({'congress': congress.pk, 'year': year})}"
    total = sum((r.points for r in rows), Decimal(0))
    absences = sum(r.absences for r in rows)
    zero = sum(1 for r in rows if r.points <= 0)
    average = total / len(rows)
    top = rows[:10]
    low = [r for r in reversed(rows[-5:]) if r not in top] or rows[-5:][::-1]

    def points(v: Decimal) -> str:
        return f"{v.normalize():f}" if v == v.to_integral() else f"{v:.1f}"

    return [
        FigurePanel(
            key=f"deputy-points-{congress.pk}",
            title=_("%(y)s年代表履职积分") % {"y": year},
            figures=[
                Figure(_("参加排名的代表"), len(rows), url, count=len(rows), icon="trophy", tint="blue",
                       hint=_("年度积分为零的 %(n)s 人") % {"n": zero}),
                Figure(_("人均活动积分"), points(average), url, icon="graph-up", tint="green",
                       hint=_("合计 %(t)s 分,无故缺席 %(a)s 人次") % {"t": points(total), "a": absences}),
            ],
            rows_title=_("积分靠后的代表"),
            rows=[ShownRow(r.name, int(r.points), url, hint=r.group, shown=_("%(p)s分") % {"p": points(r.points)})
                  for r in low],
            rows_empty=_("暂无积分。"),
            chart={"kind": "bar", "categories": [r.name for r in top], "values": [float(r.points) for r in top],
                   "name": _("积分"), "label": _("积分前十名的代表")},
            link=url,
            link_label=_("履职积分排名"),
            order=25,
        )
    ]  # fmt: skip


register_dashboard_panel("deputy-points", deputy_points_panels, order=25, requires_app="deputies")


def budget_panels(user: Any, congress: Congress, year: int) -> list[FigurePanel]:
    """Budget warnings of the year as of the latest month held: ``budget.warnings.warnings_for`` (the
    warnings page's), counted by kind — a kind added to the budget app appears by itself. Present where the
    warnings page shows this congress (the user works there as staff or leader) and it holds the year."""
    from collections import Counter
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import gettext as _

    from renda.budget import selectors as budget
    from renda.budget.warnings import warnings_for
    from renda.core.choices import Role
    from renda.core.scopes import scope_of

    from .figures import Figure, FigureRow

    if congress.pk not in scope_of(user).congress_ids_with(Role.STAFF, Role.LEADER):
        return []
    if year not in budget.years(congress):
        return []
    found = warnings_for(congress, year)
    month = budget.latest_month(congress, year)
    kinds = Counter(warning_kind(w) for w in found)
    names = {warning_kind(w): str(getattr(w, "rule_name", "") or warning_kind(w)) for w in found}
    url = f"{reverse('budget:warnings')}?{urlencode({'congress': congress.pk, 'year': year})}"
    rows = [FigureRow(names[k], n, url) for k, n in kinds.most_common()]
    return [
        FigurePanel(
            key=f"budget-{congress.pk}",
            title=_("%(y)s年预算执行预警") % {"y": year},
            figures=[
                Figure(_("预警"), len(found), url, count=len(found), icon="exclamation-triangle",
                       tint="red" if found else "gray", hint=_("截至%(m)s月") % {"m": month}),
                Figure(_("预警类型"), len(kinds), url, icon="tags", tint="gold"),
            ],
            rows_title=_("各类预警"),
            rows=rows,
            rows_empty=_("没有预警。"),
            chart={"kind": "bar", "categories": [r.label for r in rows], "values": [r.count for r in rows],
                   "name": _("条数"), "label": _("各类预算预警")},
            link=url,
            link_label=_("预算执行预警"),
            order=70,
        )
    ]  # fmt: skip


def warning_kind(warning: Any) -> str:
    """A budget warning's kind: its ``kind`` where the budget app gives one, else its rule's code."""
    return str(getattr(warning, "kind", "") or warning.rule)


register_dashboard_panel("budget", budget_panels, order=70, requires_app="budget")
