"""Task decomposition services: notices, their tasks (cases of kind ``task``), imports, recurrence.

Every later step of a task — signing, progress, the lead unit's completion report, verification —
is the engine's (``renda.cases.services``); this module only creates tasks and their next occurrences.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.cases import services as engine
from renda.cases.choices import PartyRole
from renda.core import clock
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.models import Congress, Organization
from renda.core.scopes import scope_of

from .choices import KIND, IssuerKind, Recurrence
from .models import Task, TaskNotice, TaskSetting
from .parse import ParsedTask, parse_notice
from .units import Resolution, resolve

MAX_TITLE = 200


def ensure_staff(actor: Any, congress: Congress) -> None:
    if not scope_of(actor).has_in(congress.pk, "staff"):
        raise PermissionDeniedError(_("只有本级人大工作人员可以管理任务分解。"))


def task_setting(congress: Congress) -> TaskSetting:
    setting, _created = TaskSetting.objects.get_or_create(congress=congress)
    return setting


def task_setting_update(
    *, actor: Any, congress: Congress, stall_days: int, deadline_days: int
) -> TaskSetting:
    ensure_staff(actor, congress)
    if not 1 <= int(stall_days) <= 365:
        raise ValidationFailed(_("停滞天数须在1到365之间。"), field="stall_days")
    if not 1 <= int(deadline_days) <= 1000:
        raise ValidationFailed(_("默认完成时限须在1到1000天之间。"), field="deadline_days")
    setting = task_setting(congress)
    before = {"stall_days": setting.stall_days, "deadline_days": setting.deadline_days}
    setting.stall_days, setting.deadline_days = int(stall_days), int(deadline_days)
    setting.save()
    record_event(actor=actor, action="task.settings", target=congress, before=before,
                 after={"stall_days": setting.stall_days, "deadline_days": setting.deadline_days})  # fmt: skip
    return setting


def handling_bodies(congress: Congress) -> list[Organization]:
    """The organisations a task may be assigned to: units and the congress's own bodies."""
    from .policy import TaskPolicy

    return list(
        Organization.objects.filter(
            congress=congress, is_active=True, kind__in=list(TaskPolicy.assignable_unit_kinds)
        ).order_by("sort_order", "name")
    )


def notice_create(
    *,
    actor: Any,
    congress: Congress,
    title: str,
    issuer: str,
    issued_on: dt.date,
    issuer_kind: str = IssuerKind.PARTY_COMMITTEE,
    document_number: str = "",
    text: str = "",
) -> TaskNotice:
    ensure_staff(actor, congress)
    title = (title or "").strip()
    if not title:
        raise ValidationFailed(_("请填写通知标题。"), field="title")
    if len(title) > 200:
        raise ValidationFailed(_("通知标题不能超过200个字。"), field="title")
    issuer = (issuer or "").strip()
    if not issuer:
        raise ValidationFailed(_("请填写发文机关。"), field="issuer")
    if not isinstance(issued_on, dt.date):
        raise ValidationFailed(_("请填写印发日期。"), field="issued_on")
    if issuer_kind not in IssuerKind.values:
        raise ValidationFailed(_("发文机关类别无效。"), field="issuer_kind")
    notice = TaskNotice.objects.create(
        congress=congress, title=title, issuer=issuer, issuer_kind=issuer_kind,
        document_number=(document_number or "").strip()[:60], issued_on=issued_on, text=text or "",
        created_by=actor, created_at=clock.now(),
    )  # fmt: skip
    record_event(actor=actor, action="task.notice_create", target=notice, after={"title": title})
    return notice


@dataclass
class PlannedTask:
    """One task to create, with its units resolved (the preview of an import shows these)."""

    title: str
    body: str = ""
    section: str = ""
    heading: str = ""
    lead: list[Resolution] = field(default_factory=list)
    cooperating: list[Resolution] = field(default_factory=list)
    lead_as_written: str = ""
    cooperating_as_written: str = ""
    due_on: dt.date | None = None
    recurrence: str = Recurrence.NONE
    expected_result: str = ""
    row: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def lead_unit(self) -> Organization | None:
        found = [r.organization for r in self.lead if r.organization is not None]
        return found[0] if found else None

    @property
    def co_units(self) -> list[Organization]:
        lead = self.lead_unit
        out: list[Organization] = []
        for r in [*self.lead, *self.cooperating]:
            org = r.organization
            if org is not None and org != lead and org not in out:
                out.append(org)
        return out

    @property
    def unresolved(self) -> list[str]:
        return [
            r.written for r in [*self.lead, *self.cooperating] if r.organization is None and not r.collective
        ]

    @property
    def collective(self) -> list[str]:
        return [r.written for r in [*self.lead, *self.cooperating] if r.collective]


def plan_from_parsed(congress: Congress, parsed: Sequence[ParsedTask]) -> list[PlannedTask]:
    bodies = handling_bodies(congress)
    out = []
    for p in parsed:
        planned = PlannedTask(
            title=p.title[:MAX_TITLE], body=p.body, section=p.section, heading=p.heading,
            lead=resolve(p.lead, bodies), cooperating=resolve(p.cooperating, bodies),
            lead_as_written=p.lead_as_written, cooperating_as_written=p.cooperating_as_written, row=p.line,
        )  # fmt: skip
        if planned.lead_unit is None:
            planned.errors.append(
                _("牵头单位“%(u)s”不是本级人大的机构或承办单位。") % {"u": p.lead_as_written}
            )
        out.append(planned)
    return out


def plan_notice_text(congress: Congress, text: str) -> list[PlannedTask]:
    """The tasks the notice's text writes, with their units matched (nothing is saved)."""
    parsed = parse_notice(text)
    if not parsed:
        raise ValidationFailed(_("通知正文中没有找到“(牵头单位:……)”格式的任务。"), field="text")
    return plan_from_parsed(congress, parsed)


def _default_due(congress: Congress, notice: TaskNotice) -> dt.date:
    return max(notice.issued_on, clock.today()) + dt.timedelta(days=task_setting(congress).deadline_days)


def task_create(*, actor: Any, notice: TaskNotice, planned: PlannedTask, verifier: Any = None,
                sort_order: int = 0, previous: Task | None = None, assign: bool = True) -> Task:  # fmt: skip
    """One task: a case of kind ``task``, its row, and (when its lead unit is known) its assignment to
    the lead unit with the other named units as co-handlers, due on its deadline."""
    congress = notice.congress
    ensure_staff(actor, congress)
    if planned.errors:
        raise ValidationFailed(planned.errors[0], field="lead")
    verifier = verifier or actor
    if not scope_of(verifier).has_in(congress.pk, "staff"):
        raise ValidationFailed(_("核验责任人须是本级人大工作人员。"), field="verifier")
    due = planned.due_on or _default_due(congress, notice)
    if due < notice.issued_on:
        raise ValidationFailed(_("完成时限不能早于通知印发日期。"), field="due_on")
    if planned.recurrence not in Recurrence.values:
        raise ValidationFailed(_("周期无效。"), field="recurrence")
    with transaction.atomic():
        case = engine.case_create(
            actor=actor, congress=congress, kind=KIND, title=planned.title, body=planned.body,
            parties=[(verifier, PartyRole.RATER)], submitted=True, year=notice.issued_on.year,
        )  # fmt: skip
        task = Task.objects.create(
            case=case, notice=notice, section=planned.section[:40], heading=planned.heading[:120],
            expected_result=planned.expected_result, lead_as_written=planned.lead_as_written[:300],
            cooperating_as_written=planned.cooperating_as_written, due_on=due, recurrence=planned.recurrence,
            occurrence=(previous.occurrence + 1) if previous else 1, previous=previous, sort_order=sort_order,
        )  # fmt: skip
        record_event(actor=actor, action="task.create", target=case,
                     after={"notice_id": notice.pk, "section": planned.section, "due_on": due.isoformat()})  # fmt: skip
        lead = planned.lead_unit
        if assign and lead is not None:
            engine.case_assign(actor=actor, case=case, lead=lead, co_handlers=planned.co_units, deadline=due)
    return task


def tasks_create(
    *, actor: Any, notice: TaskNotice, planned: Sequence[PlannedTask], verifier: Any = None
) -> list[Task]:
    """All or nothing: every planned task is created, or none (the first error is raised)."""
    ensure_staff(actor, notice.congress)
    problems = [(p.row, e) for p in planned for e in p.errors]
    if problems:
        row, error = problems[0]
        raise ValidationFailed(_("第%(r)s行:%(e)s") % {"r": row, "e": error}, field="rows")
    start = notice.tasks.count()
    with transaction.atomic():
        return [
            task_create(actor=actor, notice=notice, planned=p, verifier=verifier, sort_order=start + i + 1)
            for i, p in enumerate(planned)
        ]


# --- recurrence ---------------------------------------------------------------------------------------


def next_due(task: Task, closed_on: dt.date) -> dt.date | None:
    """When the next occurrence of a recurring task is due."""
    base = task.due_on or closed_on
    if task.recurrence == Recurrence.YEARLY:
        return _add_months(base, 12)
    if task.recurrence == Recurrence.HALF_YEARLY:
        return _add_months(base, 6)
    if task.recurrence == Recurrence.PER_TERM:
        return _add_months(base, 60)
    if task.recurrence == Recurrence.EACH_MEETING:
        return _next_meeting_day(task, closed_on) or _add_months(base, 2)
    return None


def _add_months(day: dt.date, months: int) -> dt.date:
    import calendar

    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _next_meeting_day(task: Task, after: dt.date) -> dt.date | None:
    try:
        from renda.meetings.models import Meeting
    except ImportError:  # pragma: no cover - meetings is installed with the project
        return None
    meeting = (
        Meeting.objects.filter(
            congress_id=task.notice.congress_id, kind="standing_committee", starts_at__date__gt=after
        )  # fmt: skip
        .order_by("starts_at")
        .first()
    )
    return meeting.starts_at.date() if meeting else None


def next_occurrence(*, actor: Any, task: Task) -> Task | None:
    """A recurring task, closed, makes its next occurrence: same text and units, the next due date."""
    if task.recurrence == Recurrence.NONE or hasattr(task, "next_occurrence"):
        return None
    if Task.objects.filter(previous=task).exists():
        return None
    closed_on = task.case.closed_at.date() if task.case.closed_at else clock.today()
    due = next_due(task, closed_on)
    if due is None:
        return None
    lead = task.case.assignments.filter(role="lead").select_related("organization").first()
    cos = [
        a.organization for a in task.case.assignments.filter(role="co_handler").select_related("organization")
    ]
    planned = PlannedTask(
        title=task.case.title, body=task.case.body, section=task.section, heading=task.heading,
        lead=[Resolution(lead.organization.name, lead.organization)] if lead else [],
        cooperating=[Resolution(o.name, o) for o in cos], lead_as_written=task.lead_as_written,
        cooperating_as_written=task.cooperating_as_written, due_on=due, recurrence=task.recurrence,
        expected_result=task.expected_result,
    )  # fmt: skip
    rater = task.case.parties.filter(role=PartyRole.RATER).select_related("user").first()
    return task_create(actor=actor, notice=task.notice, planned=planned, verifier=rater.user if rater else actor,
                       sort_order=task.sort_order, previous=task, assign=lead is not None)  # fmt: skip
