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
from .choices import AssignmentState, DeadlineStatus
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


@daily_job("cases.deadlines", hour=7)
def deadlines_job() -> dict[str, int]:
    return run_deadline_reminders()
