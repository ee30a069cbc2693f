"""The daily deadline job: remind units nearing a deadline, escalate overdue ones to leaders."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction

from renda.core import clock
from renda.core.choices import Role
from renda.core.jobs import daily_job

from . import notices
from .calendar import WorkCalendar
from .choices import AssignmentRole, AssignmentState, DeadlineStatus, ReminderSubject
from .models import Assignment, ReminderLog
from .policies import get_policy
from .selectors import case_settings, deadline_status
from .services._common import congress_user_ids, unit_user_ids

logger = logging.getLogger("renda.cases.jobs")


def run_deadline_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Once per assignment per day: yellow → remind the unit; red → remind the unit and escalate to
    the case's supervising leader (or, without one, the congress's leaders). Safe to run twice."""
    from renda.notifications.services import notify

    today = today or clock.today()
    counts = {"yellow": 0, "red": 0}
    calendars: dict[int, WorkCalendar] = {}
    qs = (
        Assignment.objects.filter(
            state__in=[AssignmentState.PENDING_SIGN, AssignmentState.HANDLING], case__closed_at__isnull=True
        )
        .select_related("case", "organization")
        .order_by("id")
    )
    for assignment in qs.iterator():
        case = assignment.case
        cid = case.congress_id
        if cid not in calendars:
            calendars[cid] = WorkCalendar(cid)
        warning = get_policy(case.kind).warning_window.amount_for(case_settings(cid))
        status = deadline_status(assignment, today=today, calendar=calendars[cid], warning_days=warning)
        if status == DeadlineStatus.GREEN:
            continue
        try:
            with transaction.atomic():
                ReminderLog.objects.create(assignment=assignment, day=today, level=status)
        except IntegrityError:
            continue  # already sent today
        url = get_policy(case.kind).notify_url(case)
        units = unit_user_ids([assignment.organization_id])
        if status == DeadlineStatus.YELLOW:
            title, body = notices.deadline_warning(case, assignment.deadline)
            notify(
                recipients=units,
                verb="deadline.warning",
                title=title,
                body=body,
                url=url,
                case_id=case.pk,
                congress_id=cid,
                sms=True,
            )
        else:
            days = (today - assignment.deadline).days
            title, body = notices.deadline_overdue(case, days)
            notify(
                recipients=units,
                verb="deadline.overdue",
                title=title,
                body=body,
                url=url,
                case_id=case.pk,
                congress_id=cid,
                sms=True,
            )
            leaders = (
                {case.supervising_leader_id}
                if case.supervising_leader_id
                else congress_user_ids(cid, Role.LEADER)
            )
            title, body = notices.deadline_escalated(case, assignment.organization, days)
            notify(
                recipients=leaders,
                verb="deadline.escalated",
                title=title,
                body=body,
                url=url,
                case_id=case.pk,
                congress_id=cid,
            )
        counts[status] += 1
    logger.info("deadline reminders: %s", counts)
    return counts


def run_co_opinion_reminders(today: dt.date | None = None) -> dict[str, int]:
    """Co-handlers of kinds whose lead waits for their opinion (``co_handler_opinion_before_reply``):
    once a day within the warning window before the opinion deadline (yellow) and once a day after it
    (red), until the opinion is sent. Safe to run twice."""
    from renda.notifications.services import notify

    today = today or clock.today()
    counts = {"yellow": 0, "red": 0}
    calendars: dict[int, WorkCalendar] = {}
    qs = (
        Assignment.objects.filter(
            role=AssignmentRole.CO_HANDLER,
            state__in=[AssignmentState.PENDING_SIGN, AssignmentState.HANDLING],
            opinion_deadline__isnull=False,
            case__closed_at__isnull=True,
        )
        .select_related("case", "organization")
        .order_by("id")
    )
    for assignment in qs.iterator():
        case = assignment.case
        policy = get_policy(case.kind)
        if not policy.co_handler_opinion_before_reply:
            continue
        cid = case.congress_id
        if cid not in calendars:
            calendars[cid] = WorkCalendar(cid)
        deadline = assignment.opinion_deadline
        if deadline < today:
            status = DeadlineStatus.RED
        else:
            # the opinion's window is short: warn within a third of the unit's warning window (≥ 3 days)
            warning = max(3, policy.warning_window.amount_for(case_settings(cid)) // 3)
            if calendars[cid].working_days_between(today, deadline) > warning:
                continue
            status = DeadlineStatus.YELLOW
        try:
            with transaction.atomic():
                ReminderLog.objects.create(
                    assignment=assignment, day=today, level=status, subject=ReminderSubject.CO_OPINION
                )
        except IntegrityError:
            continue  # already sent today
        title, body = notices.co_opinion_due(case, deadline, overdue=status == DeadlineStatus.RED)
        notify(
            recipients=unit_user_ids([assignment.organization_id]),
            verb="co_opinion.overdue" if status == DeadlineStatus.RED else "co_opinion.warning",
            title=title,
            body=body,
            url=policy.notify_url(case),
            case_id=case.pk,
            congress_id=cid,
            sms=status == DeadlineStatus.RED,
        )
        counts[status] += 1
    logger.info("co-handler opinion reminders: %s", counts)
    return counts


@daily_job("cases.co_opinions", hour=7)
def co_opinions_job() -> dict[str, int]:
    return run_co_opinion_reminders()


@daily_job("cases.deadlines", hour=7)
def deadlines_job() -> dict[str, int]:
    return run_deadline_reminders()
