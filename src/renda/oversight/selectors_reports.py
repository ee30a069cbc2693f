"""Reads of the oversight area `reports`, shared by the pages, the API, the exports and the to-do."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from renda.core import clock
from renda.core.scopes import scope_of

from . import calendar_reports as cal
from .models.reports import MajorMatter, MajorMatterList, ReportObligation, Resolution, StatutoryReport


@dataclass
class CalendarRow:
    report: StatutoryReport
    status: str

    @property
    def status_label(self) -> str:
        return str(cal.STATUS_LABELS[self.status])

    @property
    def css(self) -> str:
        return cal.STATUS_CSS[self.status]

    @property
    def days_late(self) -> int:
        end = self.report.received_on or clock.today()
        return max(0, (end - self.report.due_on).days)


def reports_for(user: Any) -> QuerySet[StatutoryReport]:
    return StatutoryReport.objects.visible_to(user).select_related(
        "obligation", "obligation__reporting_body", "congress", "agenda_item__meeting"
    )


def calendar_rows(
    qs: QuerySet[StatutoryReport], today: dt.date | None = None, status: str = ""
) -> list[CalendarRow]:
    today = today or clock.today()
    rows = [CalendarRow(r, cal.status_of(r, today)) for r in qs]
    if status:
        rows = [r for r in rows if r.status == status]
    return rows


def status_counts(rows: list[CalendarRow]) -> dict[str, int]:
    counts = Counter(r.status for r in rows)
    return {key: counts.get(key, 0) for key in cal.STATUS_LABELS}


def get_report_for(user: Any, pk: Any) -> StatutoryReport:
    found = reports_for(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404(_("报告不存在。"))
    return found


def obligations_for(user: Any) -> QuerySet[ReportObligation]:
    scope = scope_of(user)
    if scope.is_empty:
        return ReportObligation.objects.none()
    return (
        ReportObligation.objects.filter(
            Q(congress_id__in=scope.staff_read_congress_ids) | Q(reporting_body_id__in=scope.unit_ids)
        )
        .select_related("reporting_body", "congress")
        .order_by("congress__path", "due_month", "title")
    )


def get_obligation_for(user: Any, pk: Any) -> ReportObligation:
    found = obligations_for(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404(_("报告事项不存在。"))
    return found


def matter_lists_for(user: Any) -> QuerySet[MajorMatterList]:
    return MajorMatterList.objects.visible_to(user).select_related("submitted_by", "congress")


def get_matter_list_for(user: Any, pk: Any) -> MajorMatterList:
    found = matter_lists_for(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404(_("清单不存在。"))
    return found


def matters_for(user: Any) -> QuerySet[MajorMatter]:
    return MajorMatter.objects.visible_to(user).select_related(
        "matter_list", "matter_list__submitted_by", "agenda_item__meeting", "vote"
    )


def get_matter_for(user: Any, pk: Any) -> MajorMatter:
    found = matters_for(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404(_("重大事项不存在。"))
    return found


def resolutions_for(user: Any) -> QuerySet[Resolution]:
    return Resolution.objects.visible_to(user).select_related("congress", "vote", "meeting", "matter")


def get_resolution_for(user: Any, pk: Any) -> Resolution:
    found = resolutions_for(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise Http404(_("决议决定不存在。"))
    return found


def public_resolutions(congress_id: int | None = None) -> QuerySet[Resolution]:
    qs = Resolution.objects.published().select_related("congress")
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    return qs


def vote_counts_text(vote: Any) -> str:
    """ "赞成 25 票,反对 1 票,弃权 2 票" of a closed vote ("" otherwise)."""
    if vote is None or not vote.result:
        return ""
    counts = vote.result.get("counts", {})
    passed = _("通过") if vote.result.get("passed") else _("未通过")
    return _("应到%(m)d人,出席%(p)d人;赞成%(y)d票,反对%(n)d票,弃权%(a)d票,%(r)s") % {
        "m": vote.result.get("members", 0), "p": vote.result.get("present", 0), "y": counts.get("yes", 0),
        "n": counts.get("no", 0), "a": counts.get("abstain", 0), "r": passed,
    }  # fmt: skip
