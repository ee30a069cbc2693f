"""Reads of area `plans`, shared by the pages, the API, the exports, the charts and the compliance checks."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from renda.cases.models import Case
from renda.core.choices import OrganizationKind
from renda.core.errors import NotFoundError
from renda.core.models import Organization

from .models.plans import (
    Evaluation,
    EvaluationKind,
    EvaluationState,
    Inquiry,
    Inspection,
    Interpellation,
    Investigation,
    ItemStatus,
    PlanItem,
    PlanState,
    RectificationItem,
    SupervisionPlan,
)
from .policy_plans import RECT_STATE_LABELS, RECTIFICATION_KIND, readable_congress_ids

ORIGIN_LABELS = {
    "inspection": _("执法检查"),
    "evaluation": _("工作评议"),
    "inquiry": _("专题询问"),
    "investigation": _("特定问题调查"),
    "interpellation": _("质询"),
    "opinion": _("审议意见"),
}


def visible(model: Any, user: Any) -> QuerySet:
    """Rows of ``model`` (with a ``congress``) the user reads: staff and leaders of the congress and above."""
    return model.objects.filter(congress_id__in=readable_congress_ids(user))


def get_for(model: Any, user: Any, pk: Any) -> Any:
    try:
        return visible(model, user).get(pk=int(pk))
    except (model.DoesNotExist, TypeError, ValueError):
        raise NotFoundError(_("未找到该记录或您无权查看。")) from None


def plans_for(user: Any) -> QuerySet:
    return visible(SupervisionPlan, user).select_related("congress").order_by("-year", "congress_id")


def get_plan_item_for(user: Any, pk: Any) -> PlanItem:
    try:
        return PlanItem.objects.select_related("plan").get(
            pk=int(pk), plan__congress_id__in=readable_congress_ids(user)
        )
    except (PlanItem.DoesNotExist, TypeError, ValueError):
        raise NotFoundError(_("未找到该记录或您无权查看。")) from None


def plan_progress(plan: SupervisionPlan) -> dict[str, Any]:
    """Counts of items by status and by instrument, and the share done (cancelled items left out)."""
    items = list(plan.items.all())
    by_status = Counter(i.status for i in items)
    live = [i for i in items if i.status != ItemStatus.CANCELLED]
    done = sum(1 for i in live if i.status == ItemStatus.DONE)
    by_instrument: dict[str, dict[str, int]] = {}
    for i in live:
        row = by_instrument.setdefault(i.get_instrument_display(), {"total": 0, "done": 0})
        row["total"] += 1
        row["done"] += i.status == ItemStatus.DONE
    return {
        "total": len(live),
        "done": done,
        "in_progress": by_status.get(ItemStatus.IN_PROGRESS, 0),
        "planned": by_status.get(ItemStatus.PLANNED, 0),
        "cancelled": by_status.get(ItemStatus.CANCELLED, 0),
        "percent": round(done * 100 / len(live)) if live else 0,
        "by_instrument": [
            {
                "label": k,
                "total": v["total"],
                "done": v["done"],
                "percent": round(v["done"] * 100 / v["total"]),
            }
            for k, v in by_instrument.items()
        ],
    }


def agenda_item_of(item: PlanItem) -> Any:
    """The agenda item that points at this plan item once it is scheduled (``meetings``' agenda)."""
    from renda.meetings.models import AgendaItem

    return (
        AgendaItem.objects.filter(kind=AGENDA_KIND, subject_type=AGENDA_SUBJECT, subject_id=item.pk)
        .select_related("meeting")
        .first()
    )


def agenda_items_of(items: list[PlanItem]) -> dict[int, Any]:
    """``{plan item id: agenda item}`` for a plan's items, in one query."""
    from renda.meetings.models import AgendaItem

    found = AgendaItem.objects.filter(
        kind=AGENDA_KIND, subject_type=AGENDA_SUBJECT, subject_id__in=[i.pk for i in items]
    ).select_related("meeting")
    return {a.subject_id: a for a in found}


AGENDA_KIND = "oversight_plan_item"
AGENDA_SUBJECT = "oversight.planitem"


def public_plans(congress_id: int | None = None) -> QuerySet:
    qs = SupervisionPlan.objects.filter(state=PlanState.PUBLISHED).select_related("congress")
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    return qs.order_by("-year")


# --- rectification ---------------------------------------------------------------------------------------


def rectifications_for(user: Any) -> QuerySet:
    """Rectification cases the user reads (the engine's reading rule: staff, leaders, assigned units)."""
    return (
        Case.objects.visible_to(user)
        .of_kind(RECTIFICATION_KIND)
        .select_related("rectification", "rectification__unit", "congress")
        .order_by("-created_at", "-id")
    )


def rectifications_of(origin_kind: str, origin_id: int) -> QuerySet:
    return (
        Case.objects.filter(
            kind=RECTIFICATION_KIND,
            rectification__origin_kind=origin_kind,
            rectification__origin_id=origin_id,
        )
        .select_related("rectification", "rectification__unit")
        .order_by("number")
    )


def rect_state_label(state: str) -> str:
    return str(RECT_STATE_LABELS.get(state, state))


def origin_label(item: RectificationItem | None) -> str:
    if item is None:
        return ""
    label = str(ORIGIN_LABELS.get(item.origin_kind, _("其他监督工作")))
    name = ""
    model = {"inspection": Inspection, "evaluation": Evaluation, "inquiry": Inquiry}.get(item.origin_kind)
    if model is not None and item.origin_id:
        obj = model.objects.filter(pk=item.origin_id).first()
        name = str(obj) if obj else ""
    return f"{label} · {name}" if name else label


def rectification_progress(qs: QuerySet) -> dict[str, Any]:
    counts = Counter(qs.values_list("state", flat=True))
    total = sum(counts.values())
    closed = counts.get("closed", 0)
    return {
        "total": total,
        "closed": closed,
        "percent": round(closed * 100 / total) if total else 0,
        "by_state": [
            {"label": str(label), "value": counts.get(code, 0)} for code, label in RECT_STATE_LABELS.items()
        ],
    }


# --- evaluations --------------------------------------------------------------------------------------------


def ranking(congress_id: int, year: int, kind: str = EvaluationKind.DEPARTMENT) -> list[Evaluation]:
    return list(
        Evaluation.objects.filter(congress_id=congress_id, year=year, kind=kind, average__isnull=False)
        .select_related("department")
        .order_by("rank", "id")
    )


def departments(congress_id: int) -> QuerySet:
    """The government's departments (政府组成部门) that a term's evaluations must cover."""
    return Organization.objects.filter(
        congress_id=congress_id, kind=OrganizationKind.GOVERNMENT_DEPARTMENT, is_active=True
    ).order_by("sort_order", "name")


def evaluated_department_ids(congress_id: int, start_year: int, end_year: int) -> set[int]:
    return set(
        Evaluation.objects.filter(
            congress_id=congress_id, kind=EvaluationKind.DEPARTMENT, year__gte=start_year, year__lte=end_year
        )
        .exclude(state=EvaluationState.PREPARING)
        .values_list("department_id", flat=True)
    )


def my_scoring(user: Any) -> QuerySet:
    """Evaluations now in scoring where the user may score (a member or deputy of the congress)."""
    from renda.core.scopes import scope_of

    from .policy_plans import SCORE_ROLES

    ids = scope_of(user).congress_ids_with(*SCORE_ROLES)
    return (
        Evaluation.objects.filter(congress_id__in=ids, state=EvaluationState.SCORING)
        .exclude(appointee_user_id=getattr(user, "pk", None))
        .select_related("department")
        .order_by("-meeting_on", "id")
    )


def yearly_summary(congress: Any, year: int) -> dict[str, Any]:
    """The year's oversight in figures and lines (the Word summary and the plan page share it)."""
    plan = SupervisionPlan.objects.filter(congress=congress, year=year).first()
    inspections = list(Inspection.objects.filter(congress=congress, year=year).order_by("id"))
    inquiries = list(Inquiry.objects.filter(congress=congress, year=year).order_by("id"))
    interpellations = list(Interpellation.objects.filter(congress=congress, year=year).order_by("id"))
    investigations = list(Investigation.objects.filter(congress=congress, year=year).order_by("id"))
    evaluations = list(
        Evaluation.objects.filter(congress=congress, year=year)
        .select_related("department")
        .order_by("kind", "rank", "id")
    )
    rect = Case.objects.filter(kind=RECTIFICATION_KIND, congress=congress, year=year)
    return {
        "plan": plan,
        "progress": plan_progress(plan) if plan else None,
        "items": list(plan.items.select_related("committee", "body")) if plan else [],
        "inspections": inspections,
        "inquiries": inquiries,
        "interpellations": interpellations,
        "investigations": investigations,
        "evaluations": evaluations,
        "rectification": rectification_progress(rect),
    }


def search(qs: QuerySet, q: str, *fields: str) -> QuerySet:
    q = (q or "").strip()
    if not q:
        return qs
    cond = Q()
    for f in fields:
        cond |= Q(**{f"{f}__icontains": q})
    return qs.filter(cond)
