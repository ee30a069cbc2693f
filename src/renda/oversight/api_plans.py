"""API of the oversight area `plans` (mounted by ``oversight/api.py`` under ``/api/v1/oversight``).

The records (plans, inspections, inquiries, interpellations, investigations, evaluations) are listed
and read with the pages' selectors and permission (staff and leaders of the congress and above); every
step is ``POST /<prefix>/{id}/do/{code}`` with the step's fields as JSON, validated by the page's own
form (``forms_plans.ACTIONS``) and performed by the same service. Scores are posted by the member or
deputy themselves; rectification items are created here or by any area through the service.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from ninja import Body, Field, Query, Router, Schema

from renda.api.schemas import ErrorOut, InputSchema, PageParams, page_of, paginate
from renda.core.choices import Role
from renda.core.errors import NotFoundError, PermissionDeniedError, ValidationFailed
from renda.core.models import Congress, Organization
from renda.core.scopes import scope_of

from . import selectors_plans as sel
from . import services_plans as svc
from .forms_plans import ACTIONS, CREATE_FORMS
from .models.plans import Evaluation
from .policy_plans import READ_ROLES

router = Router(tags=["监督计划"])
PayloadBody = Annotated[dict[str, Any], Body(...)]  # a step's fields, validated by the page's form
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
PREFIXES = {
    "plans": "plan",
    "inspections": "inspection",
    "inquiries": "inquiry",
    "interpellations": "interpellation",
    "investigations": "investigation",
    "evaluations": "evaluation",
}


def _ensure_reader(user: Any) -> None:
    if not scope_of(user).has(*READ_ROLES):
        raise PermissionDeniedError(_("您没有访问此内容的权限。"))


class PlanRecordOut(Schema):
    id: int
    congress: str = Field(..., description="人大")
    year: int = Field(..., description="年度")
    title: str = Field(..., description="名称")
    state: str = Field(..., description="状态代码")
    state_label: str = Field(..., description="状态")

    @staticmethod
    def resolve_congress(o: Any) -> str:
        return o.congress.name

    @staticmethod
    def resolve_title(o: Any) -> str:
        return str(o)

    @staticmethod
    def resolve_state_label(o: Any) -> str:
        return str(o.get_state_display())


class PlanRecordDetailOut(PlanRecordOut):
    fields: dict[str, str] = Field(..., description="各字段(中文名 → 值)")

    @staticmethod
    def resolve_fields(o: Any) -> dict[str, str]:
        from .views_plans import _fields

        return {label: str(value) for label, value in _fields(o)}


class PlanRecordQuery(PageParams):
    q: str = Field("", max_length=100, description="搜索")
    year: int | None = Field(None, ge=2000, le=2100, description="年度")
    state: str = Field("", max_length=20, description="状态代码")


class PlanStepOut(Schema):
    ok: bool
    id: int = Field(..., description="处理后的记录或新建记录(整改事项为案件)的 id")


def _kind_of(prefix: str) -> Any:
    from .views_plans import KINDS

    if prefix not in PREFIXES:
        raise NotFoundError(_("未找到该记录或您无权查看。"))
    return KINDS[PREFIXES[prefix]]


def _form_errors(form: Any) -> ValidationFailed:
    fields = {name: str(errs[0]) for name, errs in form.errors.items()}
    first = next(iter(fields.values()), _("提交的内容有误。"))
    return ValidationFailed(first, fields=fields, field=next(iter(fields), None))


def _list(prefix: str, request: Any, params: PlanRecordQuery) -> Any:
    from .filtersets_plans import FILTERSETS

    _ensure_reader(request.auth)
    kind = _kind_of(prefix)
    data = {k: v for k, v in {"q": params.q, "year": params.year, "state": params.state}.items() if v}
    qs = FILTERSETS[kind.code](data, sel.visible(kind.model, request.auth), user=request.auth).validated_qs()
    return paginate(qs.select_related("congress"), params)


def _detail(prefix: str, request: Any, record_id: int) -> Any:
    _ensure_reader(request.auth)
    return sel.get_for(_kind_of(prefix).model, request.auth, record_id)


def _create(prefix: str, request: Any, payload: dict[str, Any], congress: int | None) -> Any:
    from renda.core.scopes import working_congress

    kind = _kind_of(prefix)
    target = working_congress(request.auth, Role.STAFF, wanted=congress)
    form = CREATE_FORMS[kind.code](payload, congress_id=target.pk)
    if not form.is_valid():
        raise _form_errors(form)
    obj = form.perform(request.auth, target)
    return {"ok": True, "id": obj.pk}


def _step(prefix: str, request: Any, record_id: int, code: str, payload: dict[str, Any]) -> Any:
    kind = _kind_of(prefix)
    if code not in ACTIONS[kind.code]:
        raise NotFoundError(_("没有这一办理步骤。"))
    if kind.code == "interpellation" and code == "sign":
        from .models.plans import Interpellation

        ids = scope_of(request.auth).congress_ids_with(Role.DEPUTY, Role.LEADER, Role.STAFF)
        obj = Interpellation.objects.filter(pk=record_id, congress_id__in=ids).first()
        if obj is None:
            raise NotFoundError(_("未找到该记录或您无权查看。"))
    else:
        _ensure_reader(request.auth)
        obj = sel.get_for(kind.model, request.auth, record_id)
    form = ACTIONS[kind.code][code][1](payload, congress_id=obj.congress_id)
    if not form.is_valid():
        raise _form_errors(form)
    result = form.perform(request.auth, obj)
    return {"ok": True, "id": getattr(result, "pk", obj.pk)}


def _mount(prefix: str, label: str) -> None:
    """Each record kind under its own fixed prefix (never a catch-all: other areas share the mount)."""
    page = page_of(PlanRecordOut, f"OversightPlans{prefix.title()}Page")

    @router.get(f"/{prefix}", response={200: page, **ERRORS}, summary=f"{label}列表",
                operation_id=f"oversight_plans_{prefix}_list")  # fmt: skip
    def list_records(request: Any, params: Query[PlanRecordQuery]) -> Any:
        return _list(prefix, request, params)

    @router.get(f"/{prefix}/{{record_id}}", response={200: PlanRecordDetailOut, **ERRORS}, summary=label,
                operation_id=f"oversight_plans_{prefix}_get")  # fmt: skip
    def get_record(request: Any, record_id: int) -> Any:
        return _detail(prefix, request, record_id)

    @router.post(f"/{prefix}", response={200: PlanStepOut, **ERRORS}, summary=f"新建{label}",
                 operation_id=f"oversight_plans_{prefix}_create")  # fmt: skip
    def create_record(request: Any, payload: PayloadBody, congress: int | None = None) -> Any:
        return _create(prefix, request, payload, congress)

    @router.post(f"/{prefix}/{{record_id}}/do/{{code}}", response={200: PlanStepOut, **ERRORS},
                 summary=f"{label}:办理一步", operation_id=f"oversight_plans_{prefix}_step")  # fmt: skip
    def do_step(request: Any, record_id: int, code: str, payload: PayloadBody) -> Any:
        return _step(prefix, request, record_id, code, payload)


# --- scoring, ranking, rectification ---------------------------------------------------------------------


class EvaluationScoreIn(InputSchema):
    score: int = Field(..., description="分数(0–100)")


@router.post(
    "/evaluations/{evaluation_id}/score", response={200: PlanStepOut, **ERRORS}, summary="本人满意度测评"
)
def score(request: Any, evaluation_id: int, payload: EvaluationScoreIn) -> Any:
    ev = sel.my_scoring(request.auth).filter(pk=evaluation_id).first()
    if ev is None:
        raise NotFoundError(_("未找到该测评或您无权参加。"))
    row = svc.evaluation_score_cast(actor=request.auth, evaluation=ev, score=payload.score)
    return {"ok": True, "id": row.evaluation_id}


class EvaluationRankingOut(Schema):
    rank: int | None
    department: str
    average: Decimal | None
    score_count: int


@router.get(
    "/evaluation-ranking", response={200: list[EvaluationRankingOut], **ERRORS}, summary="部门工作评议排名"
)
def ranking(request: Any, congress: int, year: int) -> Any:
    _ensure_reader(request.auth)
    if congress not in sel.readable_congress_ids(request.auth):
        raise NotFoundError(_("未找到该记录或您无权查看。"))
    return [
        {"rank": e.rank, "department": e.department.name, "average": e.average, "score_count": e.score_count}
        for e in sel.ranking(congress, year)
    ]


class RectificationItemOut(Schema):
    id: int
    number: str
    title: str
    state: str
    state_label: str
    origin_kind: str
    origin_id: int | None
    unit: str
    deadline: dt.date

    @staticmethod
    def resolve_state_label(o: Any) -> str:
        return sel.rect_state_label(o.state)

    @staticmethod
    def resolve_origin_kind(o: Any) -> str:
        return o.rectification.origin_kind

    @staticmethod
    def resolve_origin_id(o: Any) -> int | None:
        return o.rectification.origin_id

    @staticmethod
    def resolve_unit(o: Any) -> str:
        return o.rectification.unit.name

    @staticmethod
    def resolve_deadline(o: Any) -> dt.date:
        return o.rectification.deadline


class RectificationItemIn(InputSchema):
    congress: int
    origin_kind: str = Field(..., max_length=40, description="来源类别,如 inspection、evaluation")
    origin_id: int | None = None
    title: str = Field(..., max_length=200)
    body: str = Field(..., max_length=5000)
    unit: int = Field(..., description="整改单位 id")
    deadline: dt.date


@router.get("/rectifications", response={200: page_of(RectificationItemOut, "RectificationItemPage"), **ERRORS},
            summary="整改事项列表")  # fmt: skip
def list_rectifications(request: Any, params: Query[PlanRecordQuery]) -> Any:
    from .filtersets_plans import RectificationFilterSet

    data = {k: v for k, v in {"q": params.q, "year": params.year, "state": params.state}.items() if v}
    qs = RectificationFilterSet(data, sel.rectifications_for(request.auth), user=request.auth).validated_qs()
    return paginate(qs, params)


@router.post("/rectifications", response={200: PlanStepOut, **ERRORS}, summary="提出整改事项")
def create_rectification(request: Any, payload: RectificationItemIn) -> Any:
    congress = Congress.objects.filter(pk=payload.congress).first()
    if congress is None:
        raise ValidationFailed(_("请选择人大。"), field="congress")
    unit = Organization.objects.filter(pk=payload.unit).first()
    case = svc.rectification_create(
        actor=request.auth, congress=congress, origin_kind=payload.origin_kind, origin_id=payload.origin_id,
        title=payload.title, body=payload.body, unit=unit, deadline=payload.deadline,
    )  # fmt: skip
    return {"ok": True, "id": case.pk}


for _prefix, _label in (
    ("plans", "监督工作计划"), ("inspections", "执法检查"), ("inquiries", "专题询问"),
    ("interpellations", "质询案"), ("investigations", "特定问题调查"), ("evaluations", "工作评议"),
):  # fmt: skip
    _mount(_prefix, _label)

__all__ = ["Evaluation", "router"]
