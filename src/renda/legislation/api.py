"""The legislation API (``/api/v1/legislation``): projects with their versions and readings, the
comparison of two versions, the step of a project, a member's remark. Same selectors, services and
permission as the pages (``permissions.can_use``: staff, leaders and the deputies reading drafts of their meetings)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from renda.api.filters import filter_params, filtered
from renda.api.schemas import ErrorOut, InputSchema, page_of, paginate
from renda.api.schemas import text as txt
from renda.core.errors import NotFoundError, PermissionDeniedError

from . import permissions, selectors, services
from .filtersets import ProjectFilterSet
from .models import Reading

router = Router(tags=["立法"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _ensure(user: Any) -> None:
    if not permissions.can_use(user):
        raise PermissionDeniedError(_("您没有访问此内容的权限。"))


class LegProjectOut(Schema):
    id: int
    congress: str = Field(..., description="人大")
    title: str = Field(..., description="项目名称")
    source: str = Field(..., description="来源代码")
    proposer_name: str = Field(..., description="提出人/单位")
    drafting_body: str = Field(..., description="起草单位")
    responsible_committee: str = Field(..., description="牵头委员会")
    plan: str = Field(..., description="年度立法计划")
    target_readings: int = Field(..., description="计划审议次数")
    state: str = Field(..., description="状态代码")
    state_label: str = Field(..., description="状态")
    passed_on: dt.date | None = None
    effective_on: dt.date | None = None

    @staticmethod
    def resolve_congress(o: Any) -> str:
        return o.congress.name

    @staticmethod
    def resolve_responsible_committee(o: Any) -> str:
        return o.responsible_committee.name if o.responsible_committee_id else ""

    @staticmethod
    def resolve_plan(o: Any) -> str:
        return o.plan.title if o.plan_id else ""

    @staticmethod
    def resolve_state_label(o: Any) -> str:
        return str(o.get_state_display())


class LegArticleOut(Schema):
    number: int
    heading: str
    chapter: str
    text: str


class LegVersionOut(Schema):
    id: int
    number: int
    label: str
    created_at: dt.datetime
    articles: list[LegArticleOut]

    @staticmethod
    def resolve_articles(o: Any) -> list[dict[str, Any]]:
        return [
            {"number": a.number, "heading": a.heading, "chapter": a.chapter, "text": a.text}
            for a in o.articles.all()
        ]


class LegReadingOut(Schema):
    id: int
    ordinal: int
    version_id: int
    meeting_id: int
    state: str
    votes: list[dict]

    @staticmethod
    def resolve_votes(o: Any) -> list[dict[str, Any]]:
        return [{"scope": v.scope, "article": v.article_number, "outcome": v.outcome, "vote_id": v.vote_id}
                for v in o.votes.all()]  # fmt: skip


class LegProjectDetailOut(LegProjectOut):
    reason: str
    versions: list[LegVersionOut]
    readings: list[LegReadingOut]

    @staticmethod
    def resolve_versions(o: Any) -> list[Any]:
        return list(o.versions.order_by("number"))

    @staticmethod
    def resolve_readings(o: Any) -> list[Any]:
        return list(o.readings.order_by("ordinal"))


class LegChangeOut(Schema):
    number: int
    heading: str
    kind: str = Field(..., description="added 新增 / removed 删除 / changed 修改 / same 未改")
    old: str
    new: str


class LegStepIn(InputSchema):
    note: txt(5000) = ""  # type: ignore[valid-type]


class LegRemarkIn(InputSchema):
    text: txt(5000, min_length=1) = Field(..., description="审议意见")  # type: ignore[valid-type]
    article: int | None = Field(None, ge=1, le=999, description="条号(空为草案整体)")


class LegRemarkOut(Schema):
    id: int
    article_number: int | None
    text: str


ProjectQuery = filter_params(ProjectFilterSet, "LegislationProjectQuery")
ProjectPage = page_of(LegProjectOut, "LegislationProjectPage")


@router.get("/projects", response={200: ProjectPage, **ERRORS}, summary="立法项目列表")
def list_projects(request: Any, filters: Query[ProjectQuery]) -> Any:  # type: ignore[valid-type]
    _ensure(request.auth)
    qs = selectors.projects_visible_to(request.auth).select_related(
        "congress", "plan", "responsible_committee"
    )
    return paginate(filtered(ProjectFilterSet, filters, qs, user=request.auth), filters)


@router.get(
    "/projects/{project_id}", response={200: LegProjectDetailOut, **ERRORS}, summary="立法项目(版本、审议)"
)
def get_project(request: Any, project_id: int) -> Any:
    _ensure(request.auth)
    return selectors.get_project_for(request.auth, project_id)


@router.get(
    "/projects/{project_id}/compare", response={200: list[LegChangeOut], **ERRORS}, summary="两个版本逐条对照"
)
def compare(request: Any, project_id: int, a: int, b: int) -> Any:
    _ensure(request.auth)
    project = selectors.get_project_for(request.auth, project_id)
    old, new = project.versions.filter(pk=a).first(), project.versions.filter(pk=b).first()
    if old is None or new is None:
        raise NotFoundError(_("草案版本不存在。"))
    return [r.__dict__ for r in selectors.compare_versions(old, new)]


STEPS = {
    "study": lambda user, p, d: services.project_study(actor=user, project=p, note=d.note),
    "start-drafting": lambda user, p, d: services.project_start_drafting(actor=user, project=p),
    "submit": lambda user, p, d: services.project_submit(actor=user, project=p),
}


@router.post(
    "/projects/{project_id}/{step}", response={200: LegProjectOut, **ERRORS}, summary="立法项目的一步"
)
def project_step(request: Any, project_id: int, step: str, payload: LegStepIn) -> Any:
    """``study`` 转入论证、``start-drafting`` 启动起草、``submit`` 提请审议(其余步骤在页面上办理)。"""
    _ensure(request.auth)
    project = selectors.get_project_for(request.auth, project_id)
    if step not in STEPS:
        raise NotFoundError(_("操作不存在。"))
    return STEPS[step](request.auth, project, payload)


@router.post("/readings/{reading_id}/remarks", response={200: LegRemarkOut, **ERRORS}, summary="提出审议意见")
def add_remark(request: Any, reading_id: int, payload: LegRemarkIn) -> Any:
    _ensure(request.auth)
    reading = Reading.objects.select_related("project", "version").filter(pk=reading_id).first()
    if reading is None:
        raise NotFoundError(_("审议不存在。"))
    selectors.get_project_for(request.auth, reading.project_id)
    return services.remark_add(
        actor=request.auth, reading=reading, text=payload.text, article=payload.article
    )
