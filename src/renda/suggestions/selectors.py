"""Reads shared by pages, API, exports and statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.cases.choices import ANSWERING_ROLES, AssignmentRole, AssignmentState, RequestState
from renda.cases.models import Assignment, ExtensionRequest, HandlingPlan, Rating, Reply, ReturnRequest
from renda.core.errors import NotFoundError

from .choices import CoSignState, SuggestionState
from .models import CoSignature, Suggestion

SORTS = {
    "new": ("-case__created_at", "-id"),
    "old": ("case__created_at", "id"),
    "number": ("case__number",),
    "due": ("case__due_at", "id"),
    "state": ("case__state", "-id"),
}


@dataclass
class SuggestionFilters:
    q: str = ""
    session: int | None = None
    category: int | None = None
    unit: int | None = None
    state: str = ""
    type: str = ""
    reply_class: str = ""
    rating: str = ""
    overdue: bool = False
    key: bool = False
    sort: str = "new"
    extra: dict[str, Any] = field(default_factory=dict)


def _latest_reply(field_name: str) -> Subquery:
    return Subquery(
        Reply.objects.filter(case_id=OuterRef("case_id"))
        .order_by("-replied_at", "-id")
        .values(field_name)[:1]
    )


def suggestions_for(user: Any, filters: SuggestionFilters | None = None) -> QuerySet[Suggestion]:
    """The suggestions ``user`` may read, filtered and sorted, annotated with what a list row and the
    register export need (lead unit, latest reply class, latest rating, co-signer count) in one query."""
    f = filters or SuggestionFilters()
    today = timezone.localdate()
    lead = Assignment.objects.filter(case_id=OuterRef("case_id"), role__in=list(ANSWERING_ROLES)).exclude(
        state__in=[AssignmentState.RETURNED, AssignmentState.WITHDRAWN]
    )
    qs = (
        Suggestion.objects.visible_to(user)
        .select_related(
            "case",
            "case__congress",
            "case__supervising_leader",
            "category",
            "lead_mandate__deputy",
            "session",
        )
        .annotate(
            lead_unit_name=Subquery(lead.order_by("id").values("organization__name")[:1]),
            reply_class=_latest_reply("classification"),
            reply_at=_latest_reply("replied_at"),
            rating_value=Subquery(
                Rating.objects.filter(case_id=OuterRef("case_id"))
                .order_by("-rated_at", "-id")
                .values("value")[:1]
            ),
            cosigner_count=Count(
                "cosignatures", filter=Q(cosignatures__state=CoSignState.CONFIRMED), distinct=True
            ),
            is_overdue=Exists(
                Assignment.objects.filter(
                    case_id=OuterRef("case_id"),
                    state__in=[AssignmentState.PENDING_SIGN, AssignmentState.HANDLING],
                    deadline__lt=today,
                )
            ),
        )
    )
    if f.q:
        qs = qs.filter(
            Q(case__title__icontains=f.q) | Q(case__body__icontains=f.q) | Q(case__number__icontains=f.q)
        )
    if f.session:
        qs = qs.filter(session_id=f.session)
    if f.category:
        qs = qs.filter(category_id=f.category)
    if f.unit:
        qs = qs.filter(case__assignments__organization_id=f.unit)
    if f.state:
        qs = qs.filter(case__state=f.state)
    if f.type:
        qs = qs.filter(type=f.type)
    if f.reply_class:
        qs = qs.filter(reply_class=f.reply_class)
    if f.rating:
        qs = qs.filter(rating_value=f.rating)
    if f.overdue:
        qs = qs.filter(is_overdue=True)
    if f.key:
        qs = qs.filter(case__is_key=True)
    return qs.order_by(*SORTS.get(f.sort, SORTS["new"]))


def get_suggestion_for(user: Any, pk: Any) -> Suggestion:
    """One suggestion the user may read; missing and forbidden are both 'not found'."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFoundError(_("建议不存在。")) from None
    if not 0 < pk < 2**63:
        raise NotFoundError(_("建议不存在。"))
    found = (
        Suggestion.objects.visible_to(user)
        .select_related(
            "case", "case__congress", "case__supervising_leader", "category", "lead_mandate__deputy"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFoundError(_("建议不存在。"))
    return found


def invitations_for(user: Any) -> QuerySet[CoSignature]:
    return (
        CoSignature.objects.filter(
            user_id=getattr(user, "pk", None),
            state=CoSignState.INVITED,
            suggestion__case__state__in=[
                SuggestionState.DRAFT,
                SuggestionState.SUBMITTED,
                SuggestionState.RETURNED,
            ],
        )
        .select_related("suggestion__case", "suggestion__lead_mandate__deputy")
        .order_by("-invited_at")
    )


def replies_to_rate(user: Any) -> QuerySet[Reply]:
    """Latest replies of the user's suggestions (as lead deputy) still waiting for a rating."""
    return (
        Reply.objects.filter(
            case__suggestion__lead_user_id=getattr(user, "pk", None),
            case__state=SuggestionState.REPLIED,
            rating__isnull=True,
            assignment__state=AssignmentState.REPLIED,
        )
        .select_related("case__suggestion", "assignment__organization")
        .order_by("replied_at")
    )


def pending_requests(user: Any) -> dict[str, QuerySet]:
    from renda.core.scopes import scope_of

    congresses = scope_of(user).congress_ids_with("staff")
    base = {"assignment__case__kind": "suggestion", "assignment__case__congress_id__in": congresses}
    return {
        "extensions": ExtensionRequest.objects.filter(state=RequestState.PENDING, **base).select_related(
            "assignment__case__suggestion", "assignment__organization"
        ),
        "returns": ReturnRequest.objects.filter(state=RequestState.PENDING, **base).select_related(
            "assignment__case__suggestion", "assignment__organization"
        ),
    }


def reply_recipients(suggestion: Suggestion) -> list[Any]:
    """Everyone a reply letter goes to: the lead deputy, confirmed co-signers, and the deputies of the
    suggestions merged into this one (each deputy is still answered)."""
    from renda.deputies.models import DeputyMandate

    merged = list(suggestion.merged.values_list("pk", flat=True))
    ids = [suggestion.lead_mandate_id]
    sigs = CoSignature.objects.filter(suggestion_id__in=[suggestion.pk, *merged], state=CoSignState.CONFIRMED)
    ids += list(sigs.values_list("mandate_id", flat=True))
    ids += list(Suggestion.objects.filter(pk__in=merged).values_list("lead_mandate_id", flat=True))
    found = {m.pk: m for m in DeputyMandate.objects.filter(pk__in=ids).select_related("deputy")}
    seen: list[Any] = []
    for i in ids:
        if i in found and found[i] not in seen:
            seen.append(found[i])
    return seen


# --- the public pages (六公开) ---------------------------------------------------------------------------------


@dataclass
class PublicItem:
    suggestion: Suggestion
    deputy_name: str
    content: str
    lead_unit: str
    lead_unit_person: str
    supervising_body: str
    supervising_person: str
    plan: str
    result: str
    result_class: str


def public_suggestions() -> QuerySet[Suggestion]:
    return (
        Suggestion.objects.filter(case__kind="suggestion", case__is_public=True, not_public=False)
        .select_related("case", "case__congress", "lead_mandate__deputy", "category")
        .order_by("-case__published_at", "-id")
    )


def public_item(suggestion: Suggestion) -> PublicItem:
    case = suggestion.case
    lead = (
        case.assignments.filter(role__in=[AssignmentRole.LEAD, AssignmentRole.SEPARATE])
        .exclude(state__in=[AssignmentState.RETURNED, AssignmentState.WITHDRAWN])
        .select_related("organization")
        .order_by("id")
        .first()
    )
    plan = HandlingPlan.objects.filter(assignment=lead).order_by("-submitted_at").first() if lead else None
    reply = case.replies.order_by("-replied_at", "-id").first()
    from renda.core.choices import OrganizationKind
    from renda.core.models import Organization

    body = (
        Organization.objects.filter(
            congress_id=case.congress_id, kind=OrganizationKind.STANDING_COMMITTEE, is_active=True
        ).first()
        or Organization.objects.filter(
            congress_id=case.congress_id, kind=OrganizationKind.CONGRESS_OFFICE, is_active=True
        ).first()
    )
    leader = case.supervising_leader
    return PublicItem(
        suggestion=suggestion,
        deputy_name=suggestion.lead_mandate.deputy.full_name,
        content=case.body,
        lead_unit=lead.organization.name if lead else "",
        lead_unit_person=lead.organization.responsible_person if lead else "",
        supervising_body=body.name if body else case.congress.name,
        supervising_person=(leader.full_name or leader.username)
        if leader
        else (body.responsible_person if body else ""),
        plan=plan.text if plan else "",
        result=reply.text if reply else "",
        result_class=reply.get_classification_display() if reply else "",
    )


def overdue_first(qs: QuerySet[Assignment]) -> list[Assignment]:
    today: dt.date = timezone.localdate()
    return sorted(qs, key=lambda a: (a.deadline >= today, a.deadline, a.pk))


def case_prefetch() -> Prefetch:
    return Prefetch("case__assignments", queryset=Assignment.objects.select_related("organization"))
