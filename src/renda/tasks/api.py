"""``/api/v1/tasks``: notices and their tasks (the tasks' steps are the case API's)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Router, Schema

from . import selectors, services

router = Router(tags=["tasks"])


class NoticeOut(Schema):
    id: int
    title: str
    issuer: str
    issued_on: dt.date
    tasks: int


class TaskOut(Schema):
    case_id: int
    number: str
    section: str
    title: str
    state: str
    state_label: str
    due_on: dt.date | None
    percent: int | None
    lead: list[str]
    cooperating: list[str]


class NoticeIn(Schema):
    title: str
    issuer: str
    issued_on: dt.date
    issuer_kind: str = "party_committee"
    document_number: str = ""
    text: str = ""


@router.get("/notices", response=list[NoticeOut])
def notices(request: Any) -> list[dict[str, Any]]:
    return [
        {"id": n.pk, "title": n.title, "issuer": n.issuer, "issued_on": n.issued_on, "tasks": n.n_tasks}
        for n in selectors.notices_for(request.user)[:200]
    ]


@router.get("/notices/{notice_id}/tasks", response=list[TaskOut])
def notice_tasks(request: Any, notice_id: int) -> list[dict[str, Any]]:
    notice = selectors.notice_for(request.user, notice_id)
    tasks = list(selectors.task_rows(request.user, notice))
    units = selectors.lead_units(tasks)
    return [
        {
            "case_id": t.case_id, "number": t.case.number, "section": t.section, "title": t.case.title,
            "state": t.case.state, "state_label": t.case.get_state_display(), "due_on": t.due_on,
            "percent": t.percent,
            "lead": [a.organization.name for a in units.get(t.case_id, []) if a.role == "lead"],
            "cooperating": [a.organization.name for a in units.get(t.case_id, []) if a.role != "lead"],
        }
        for t in tasks
    ]  # fmt: skip


@router.post("/notices", response={201: NoticeOut})
def notice_create(request: Any, payload: NoticeIn) -> tuple[int, dict[str, Any]]:
    from django.db import transaction

    from renda.core.scopes import working_congress

    congress = working_congress(request.user, "staff")
    data = payload.dict()
    with transaction.atomic():
        planned = services.plan_notice_text(congress, data["text"]) if data["text"].strip() else []
        notice = services.notice_create(actor=request.user, congress=congress, **data)
        services.tasks_create(actor=request.user, notice=notice, planned=planned)
    return 201, {"id": notice.pk, "title": notice.title, "issuer": notice.issuer, "issued_on": notice.issued_on,
                 "tasks": len(planned)}  # fmt: skip
