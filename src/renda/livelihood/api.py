"""``/api/v1/livelihood``: the programmes and their projects with progress, for the same readers as
the pages (staff, leaders, deputies, the responsible units)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Router, Schema

from renda.core.errors import NotFoundError, PermissionDeniedError
from renda.core.scopes import scope_of

from . import selectors
from .choices import CHOSEN_STATES

router = Router(tags=["livelihood"])


class ProgrammeOut(Schema):
    id: int
    year: int
    title: str
    stage: str
    stage_label: str
    seats: int
    shortlist_size: int


class ProjectOut(Schema):
    id: int
    title: str
    state: str
    state_label: str
    proposer_kind: str
    responsible_unit: str
    budget: Decimal
    votes: int | None
    rank: int | None
    is_major: bool
    percent_done: int | None
    satisfaction: Decimal | None
    case_id: int | None


def _check(request: Any) -> None:
    from .views import READER_ROLES

    if not scope_of(request.user).has(*READER_ROLES):
        raise PermissionDeniedError("您没有访问此页面的权限。")


def _programme_out(p: Any) -> dict[str, Any]:
    return {"id": p.pk, "year": p.year, "title": p.title, "stage": p.stage, "stage_label": p.get_stage_display(),
            "seats": p.seats, "shortlist_size": p.shortlist_size}  # fmt: skip


@router.get("/programmes", response=list[ProgrammeOut])
def programme_list(request: Any) -> list[dict[str, Any]]:
    _check(request)
    return [_programme_out(p) for p in selectors.programmes_for(request.user)]


@router.get("/programmes/{pk}/projects", response=list[ProjectOut])
def project_list(request: Any, pk: int) -> list[dict[str, Any]]:
    _check(request)
    try:
        p = selectors.get_programme_for(request.user, pk)
    except NotFoundError:
        raise NotFoundError("民生实事项目票决不存在。") from None
    projects = list(p.projects.select_related("responsible_unit").order_by("rank", "pk"))
    progress = selectors.progress_of([x for x in projects if x.state in CHOSEN_STATES])
    return [
        {"id": x.pk, "title": x.title, "state": x.state, "state_label": x.get_state_display(),
         "proposer_kind": x.proposer_kind, "responsible_unit": x.responsible_unit.name if x.responsible_unit else "",
         "budget": x.budget, "votes": x.votes, "rank": x.rank, "is_major": x.is_major,
         "percent_done": progress[x.pk]["percent"] if x.pk in progress else None,
         "satisfaction": x.satisfaction, "case_id": x.case_id}
        for x in projects
    ]  # fmt: skip
