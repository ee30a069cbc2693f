"""Home-page to-do of filing review and appointments: every obligation that falls to someone.

- the legal committee's staff: filings to review (overdue ones apart), review requests to answer,
  appointments waiting for their next step (exam, statement, agenda, oath, certificate);
- a filing body: filings it was asked to complete (补正). Correction cases (纠正督办) are on the
  engine's inbox like any case.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core import clock
from renda.core.scopes import scope_of
from renda.web.todo import TodoItem, Urgency

from .models.filings import (
    Appointment,
    AppointmentKind,
    AppointmentState,
    Filing,
    FilingState,
    ReviewRequest,
    ReviewRequestState,
)
from .policy_filings import MANAGE_ROLES


def _managed(user: Any) -> set[int]:
    return scope_of(user).congress_ids_with(*MANAGE_ROLES)


def review_todos(user: Any) -> list[TodoItem]:
    from .policy_filings import reviews_filings

    ids = {cid for cid in _managed(user) if reviews_filings(user, cid)}
    if not ids:
        return []
    today = clock.today()
    open_filings = Filing.objects.filter(
        congress_id__in=ids, state__in=[FilingState.SUBMITTED, FilingState.REVIEWING]
    )
    overdue = open_filings.filter(review_due_on__lt=today).count()
    pending = open_filings.filter(review_due_on__gte=today).count()
    url = reverse("oversight:filing_list")
    items = []
    if overdue:
        items.append(TodoItem(title=_("超过审查期限的备案文件"), count=overdue, url=url + "?sort=due",
                              urgency=Urgency.OVERDUE, icon="file-earmark-ruled"))  # fmt: skip
    if pending:
        items.append(TodoItem(title=_("待审查的备案文件"), count=pending, url=url + "?sort=due", icon="file-earmark-ruled",
                              hint=_("有件必备、有备必审、有错必纠")))  # fmt: skip
    requests = ReviewRequest.objects.filter(congress_id__in=ids, state=ReviewRequestState.RECEIVED)
    late = requests.filter(answer_due_on__lt=today).count()
    waiting = requests.count() - late
    rurl = reverse("oversight:request_list") + "?state=received"
    if late:
        items.append(TodoItem(title=_("超过反馈期限的审查建议"), count=late, url=rurl, urgency=Urgency.OVERDUE,
                              icon="envelope-exclamation"))  # fmt: skip
    if waiting:
        items.append(
            TodoItem(title=_("待研究反馈的审查建议"), count=waiting, url=rurl, icon="envelope-paper")
        )
    return items


def appointment_todos(user: Any) -> list[TodoItem]:
    ids = _managed(user)
    if not ids:
        return []
    qs = Appointment.objects.filter(congress_id__in=ids)
    url = reverse("oversight:appointment_list")
    steps = [
        (qs.filter(kind=AppointmentKind.APPOINT, state=AppointmentState.NOMINATED), _("待组织任前法律考试的人员"), "nominated"),
        (qs.filter(state=AppointmentState.EXAMINED), _("待作供职发言的人员"), "examined"),
        (qs.filter(state=AppointmentState.STATED) | qs.filter(kind__in=[AppointmentKind.REMOVE, AppointmentKind.RESIGN],
                                                             state=AppointmentState.NOMINATED),
         _("待提请会议表决的任免事项"), ""),
        (qs.filter(kind=AppointmentKind.APPOINT, state=AppointmentState.APPOINTED), _("待组织宪法宣誓的人员"), "appointed"),
        (qs.filter(state=AppointmentState.SWORN), _("待颁发任命书的人员"), "sworn"),
    ]  # fmt: skip
    items = []
    for rows, title, state in steps:
        n = rows.count()
        if n:
            items.append(
                TodoItem(
                    title=title, count=n, url=url + (f"?state={state}" if state else ""), icon="person-badge"
                )
            )
    return items


def body_todos(user: Any) -> list[TodoItem]:
    units = scope_of(user).unit_ids
    if not units:
        return []
    n = Filing.objects.filter(filing_body_id__in=units, state=FilingState.CORRECTION_ASKED).count()
    if not n:
        return []
    return [
        TodoItem(title=_("被要求补正的备案文件"), count=n, url=reverse("oversight:filing_list") + "?state=correction_asked",
                 urgency=Urgency.SOON, icon="file-earmark-plus")
    ]  # fmt: skip


PROVIDERS = [review_todos, appointment_todos, body_todos]
