"""Home-page to-do of the `reports` area: every obligation that falls to someone."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core import clock
from renda.core.scopes import scope_of
from renda.web.todo import TodoItem, Urgency

from . import calendar_reports as cal
from .models.reports import (
    MajorMatter,
    MajorMatterList,
    MatterListState,
    MatterState,
    ReportState,
    StatutoryReport,
)
from .services_reports import MANAGE_ROLES


def report_todos(user: Any) -> list[TodoItem]:
    """A reporting body: its reports due soon or overdue. Staff: overdue reports to chase, received
    reports to put on an agenda, scheduled reports whose deliberation is to be recorded."""
    scope = scope_of(user)
    if scope.is_empty or scope.only_administers:
        return []
    today = clock.today()
    url = reverse("oversight:report_calendar")
    items: list[TodoItem] = []
    if scope.unit_ids:
        mine = StatutoryReport.objects.filter(
            obligation__reporting_body_id__in=scope.unit_ids, received_on__isnull=True
        ).select_related("obligation")
        statuses = [cal.status_of(r, today) for r in mine]
        late = sum(s in (cal.LATE, cal.MISSING) for s in statuses)
        due = statuses.count(cal.DUE)
        if late:
            items.append(TodoItem(title=_("逾期未报送的法定报告"), count=late, url=url + "?status=late",
                                  urgency=Urgency.OVERDUE, icon="file-earmark-excel"))  # fmt: skip
        if due:
            items.append(TodoItem(title=_("即将到期的法定报告"), count=due, url=url + "?status=due",
                                  urgency=Urgency.SOON, icon="file-earmark-text"))  # fmt: skip
    staff = scope.congress_ids_with(*MANAGE_ROLES)
    if staff:
        qs = StatutoryReport.objects.filter(congress_id__in=staff).select_related("obligation")
        late = sum(
            cal.status_of(r, today) in (cal.LATE, cal.MISSING) for r in qs.filter(received_on__isnull=True)
        )
        if late:
            items.append(TodoItem(title=_("需催报的法定报告"), count=late, url=url + "?status=late",
                                  urgency=Urgency.OVERDUE, icon="bell", hint=_("报告机关逾期未报送")))  # fmt: skip
        received = qs.filter(state=ReportState.RECEIVED, obligation__mode="hearing").count()
        if received:
            items.append(TodoItem(title=_("待列入会议议程的法定报告"), count=received,
                                  url=url + "?state=received", icon="calendar-plus"))  # fmt: skip
        scheduled = qs.filter(state=ReportState.SCHEDULED, agenda_item__meeting__state="closed").count()
        if scheduled:
            items.append(TodoItem(title=_("待记录审议情况的法定报告"), count=scheduled,
                                  url=url + "?state=scheduled", icon="pencil-square"))  # fmt: skip
    return items


def matter_todos(user: Any) -> list[TodoItem]:
    scope = scope_of(user)
    if scope.is_empty or scope.only_administers:
        return []
    items: list[TodoItem] = []
    url = reverse("oversight:matter_lists")
    staff = scope.congress_ids_with(*MANAGE_ROLES)
    if staff:
        n = MajorMatterList.objects.filter(congress_id__in=staff, state=MatterListState.SUBMITTED).count()
        if n:
            items.append(TodoItem(title=_("待提出意见的重大事项建议清单"), count=n, url=url, urgency=Urgency.SOON,
                                  icon="list-check"))  # fmt: skip
        n = MajorMatterList.objects.filter(congress_id__in=staff, state=MatterListState.AGREED).count()
        if n:
            items.append(TodoItem(title=_("待报县委的年度重大事项清单"), count=n, url=url, icon="send"))
        n = MajorMatter.objects.filter(congress_id__in=staff, state=MatterState.REPORTED).count()
        if n:
            items.append(TodoItem(title=_("待提请会议决定的重大事项"), count=n, url=reverse("oversight:matter_list")
                                  + "?state=reported", icon="calendar-plus"))  # fmt: skip
    if scope.unit_ids:
        n = MajorMatterList.objects.filter(
            submitted_by_id__in=scope.unit_ids, state__in=[MatterListState.DRAFT, MatterListState.COMMENTED]
        ).count()
        if n:
            items.append(TodoItem(title=_("待报送的重大事项建议清单"), count=n, url=url, urgency=Urgency.SOON,
                                  icon="list-check"))  # fmt: skip
        n = MajorMatter.objects.filter(
            matter_list__submitted_by_id__in=scope.unit_ids,
            state__in=[MatterState.LISTED, MatterState.DECIDED],
        ).count()
        if n:
            items.append(TodoItem(title=_("待报告的重大事项(决策前报告、落实情况)"), count=n,
                                  url=reverse("oversight:matter_list"), icon="megaphone"))  # fmt: skip
    return items


PROVIDERS = [report_todos, matter_todos]
