"""The daily job of task decomposition: stalled tasks are escalated to the staff and the units, and
closed recurring tasks that have no next occurrence yet get it (if closing did not make it)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.cases.choices import PartyRole
from renda.cases.services._common import queue_notification, staff_user_ids, unit_user_ids
from renda.core.jobs import daily_job

from . import selectors, services
from .choices import Recurrence
from .models import Task


@daily_job("tasks.daily", hour=7)
def tasks_daily_job() -> dict[str, int]:
    stalled_n = 0
    congress_ids = set(
        Task.objects.filter(case__closed_at__isnull=True).values_list("notice__congress_id", flat=True)
    )
    for congress_id in congress_ids:
        stall = selectors.stall_days_of(congress_id)
        qs = (
            selectors.with_activity(
                Task.objects.filter(notice__congress_id=congress_id, case__closed_at__isnull=True)
            )
            .filter(selectors.stalled_q(stall))
            .select_related("case")
        )
        for task in qs:
            units = list(task.case.assignments.values_list("organization_id", flat=True))
            title = _("分解任务“%(t)s”已超过%(d)s天没有报送进展") % {"t": task.case.title, "d": stall}
            queue_notification(
                unit_user_ids(units) | staff_user_ids(congress_id), case=task.case, verb="task.stalled",
                title=title, body=_("请牵头单位和配合单位及时报送落实进展。"), email=False,
            )  # fmt: skip
            record_event(actor=None, action="task.stalled", target=task.case, after={"days": stall})
            stalled_n += 1
    made = 0
    for task in (
        Task.objects.filter(case__closed_at__isnull=False, next_occurrence__isnull=True)
        .exclude(recurrence=Recurrence.NONE)
        .select_related("notice__congress", "case")
    ):
        rater = task.case.parties.filter(role=PartyRole.RATER).select_related("user").first()
        if rater is not None and services.next_occurrence(actor=rater.user, task=task) is not None:
            made += 1
    return {"stalled": stalled_n, "next_occurrences": made}
