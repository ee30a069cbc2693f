"""Reads shared by pages, API, exports and statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.db.models.query import ModelIterable
from django.utils.translation import gettext as _

from renda.cases.choices import ANSWERING_ROLES, AssignmentRole, AssignmentState, RequestState
from renda.cases.labels import Describer, Names
from renda.cases.models import (
    Assignment,
    Attachment,
    ExtensionRequest,
    HandlingPlan,
    Reply,
    ReturnRequest,
)
from renda.cases.selectors import TimelineEntry, case_timeline_entries
from renda.core import clock
from renda.core.errors import NotFoundError

from .choices import CoSignState, ReviewOutcome, SuggestionState, SuggestionType
from .models import CoSignature, ExclusionReason, Suggestion, SuggestionQuerySet

LIST_RELATED = (
    "case",
    "case__congress",
    "case__supervising_leader",
    "category",
    "lead_mandate__deputy",
    "session__term__congress",
)
PAGE_CHUNK = 2000


def _row_annotations(qs: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """What a list row and the register export show beyond the columns: lead unit, latest reply class and
    time, latest rating, confirmed co-signers, overdue. The reply and rating come from the case's summary
    columns; the rest are correlated subqueries, run only for the rows of the page."""
    today = clock.today()
    lead = Assignment.objects.filter(case_id=OuterRef("case_id"), role__in=list(ANSWERING_ROLES)).exclude(
        state__in=[AssignmentState.RETURNED, AssignmentState.WITHDRAWN]
    )
    cosigners = (
        CoSignature.objects.filter(suggestion_id=OuterRef("pk"), state=CoSignState.CONFIRMED)
        .order_by()
        .values("suggestion_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(
        lead_unit_name=Subquery(lead.order_by("id").values("organization__name")[:1]),
        reply_class=NullIf(F("case__latest_reply_class"), Value("")),
        reply_at=F("case__latest_reply_at"),
        rating_value=NullIf(F("case__latest_rating_value"), Value("")),
        cosigner_count=Coalesce(Subquery(cosigners[:1]), Value(0)),
        is_overdue=Exists(_overdue_assignments(today)),
    )


def _overdue_assignments(today: dt.date) -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        case_id=OuterRef("case_id"),
        state__in=[AssignmentState.PENDING_SIGN, AssignmentState.HANDLING],
        deadline__lt=today,
    )


class SuggestionListQuerySet(SuggestionQuerySet):
    """A list of suggestions that finds its rows in two steps when evaluated: first the ids of the rows
    asked for (filters, order, page — plain columns and indexes, nothing computed per candidate row), then
    those rows with their ``_row_annotations``. ``count()`` and ``exists()`` run only the first kind."""

    def _fetch_all(self) -> None:
        if self._result_cache is None and self._iterable_class is ModelIterable:
            ids = list(self.values_list("pk", flat=True))
            found: dict[int, Suggestion] = {}
            for i in range(0, len(ids), PAGE_CHUNK):
                page = Suggestion.objects.filter(pk__in=ids[i : i + PAGE_CHUNK]).order_by()
                page.query.select_related = self.query.select_related
                found.update((s.pk, s) for s in _row_annotations(page))
            self._result_cache = [found[pk] for pk in ids if pk in found]
            if self._prefetch_related_lookups and not self._prefetch_done:
                self._prefetch_related_objects()
            return
        super()._fetch_all()


def suggestions_for(user: Any) -> QuerySet[Suggestion]:
    """The suggestions ``user`` may read, newest first; each row fetched comes annotated with what a list
    row and the register export need (lead unit, latest reply class and time, latest rating, co-signer
    count, overdue — see ``_row_annotations``), computed for the fetched rows only. The list's filters
    and sort orders are ``renda.suggestions.filtersets.SuggestionFilterSet``."""
    visible = Suggestion.objects.visible_to(user)
    qs = SuggestionListQuerySet(model=Suggestion, query=visible.query.chain(), using=visible._db)
    return qs.select_related(*LIST_RELATED).order_by("-case__created_at", "-id")


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


INVITE_LIMIT = 200


def invite_candidates(
    suggestion: Suggestion, q: str = "", *, ids: list[int] | None = None, limit: int = INVITE_LIMIT
) -> QuerySet[Any]:
    """Deputies the lead deputy may invite to co-sign: active mandates of the congress with an account,
    not the lead; ``q`` matches the name, the deputy group (代表小组), the delegation or the constituency."""
    from renda.deputies.models import DeputyMandate

    qs = (
        DeputyMandate.objects.active()
        .filter(congress_id=suggestion.case.congress_id, deputy__user__isnull=False)
        .exclude(deputy__user_id=suggestion.lead_user_id)
        .select_related("deputy", "group")
        .order_by("deputy__full_name", "pk")
    )
    q = (q or "").strip()[:50]
    if q:
        qs = qs.filter(
            Q(deputy__full_name__icontains=q)
            | Q(group__name__icontains=q)
            | Q(delegation__icontains=q)
            | Q(constituency__icontains=q)
        )
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs[:limit]


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


def public_reply_attachments(suggestion: Suggestion) -> QuerySet[Attachment]:
    """Files of the replies of a published suggestion (what the public may download with the reply)."""
    return (
        Attachment.objects.filter(case_id=suggestion.case_id, reply__isnull=False)
        .filter(case__in=public_suggestions().values("case_id"))
        .order_by("uploaded_at", "id")
    )


def get_attachment_for(user: Any, pk: Any) -> Attachment:
    """A suggestion's file the user may download; missing and forbidden are both 'not found'.

    Whoever may read the suggestion (the case's scope: staff of the congress, the units it is assigned
    to, its deputies and invited co-signers) may download its files. Anyone else, signed in or not, gets
    only the files of replies of a suggestion published under the 六公开 rule (``public_suggestions``);
    the deputy's own attachments and the files of unpublished replies are never public.
    """
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFoundError(_("附件不存在。")) from None
    if not 0 < pk < 2**63:
        raise NotFoundError(_("附件不存在。"))
    found = Attachment.objects.select_related("case", "reply").filter(pk=pk, case__kind="suggestion").first()
    if found is None:
        raise NotFoundError(_("附件不存在。"))
    if Suggestion.objects.visible_to(user).filter(case_id=found.case_id).exists():
        return found
    if found.reply_id is not None and public_suggestions().filter(case_id=found.case_id).exists():
        return found
    raise NotFoundError(_("附件不存在。"))


def overdue_first(qs: QuerySet[Assignment]) -> list[Assignment]:
    today: dt.date = clock.today()
    return sorted(qs, key=lambda a: (a.deadline >= today, a.deadline, a.pk))


def case_prefetch() -> Prefetch:
    return Prefetch("case__assignments", queryset=Assignment.objects.select_related("organization"))


# --- the timeline in Chinese -------------------------------------------------------------------------------


def _label(choices: Any, value: Any) -> str:
    for code, label in choices.choices:
        if code == value:
            return str(label)
    return str(value or "")


def _deputies(ids: Any, names: Names) -> str:
    found = [names.extra.get("mandates", {}).get(int(i), "") for i in ids or [] if str(i).isdigit()]
    return "、".join(n for n in found if n)


def _s_create(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = [_("类型:%(t)s") % {"t": _label(SuggestionType, after["type"])}] if after.get("type") else []
    return out + ([_("标题:%(t)s") % {"t": after["title"]}] if after.get("title") else [])


def _s_update(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = [_("修改为第%(n)s版") % {"n": after["revision"]}] if after.get("revision") else []
    return out + ([_("修改理由:%(r)s") % {"r": after["reason"]}] if after.get("reason") else [])


def _s_invite(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    who = _deputies(after.get("mandates"), names)
    return [_("邀请:%(d)s") % {"d": who}] if who else []


def _s_respond(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    who = _deputies([after.get("mandate")], names)
    state = _label(CoSignState, after.get("state"))
    return [f"{who} {state}".strip()] if who or state else []


def _s_review(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    out = (
        [_("审查结果:%(o)s") % {"o": _label(ReviewOutcome, after["outcome"])}] if after.get("outcome") else []
    )
    code = after.get("exclusion_reason")
    if code:
        out.append(_("不予立案理由:%(r)s") % {"r": names.extra.get("exclusions", {}).get(code, code)})
    if after.get("merge_into"):
        number = names.extra.get("suggestions", {}).get(int(after["merge_into"]), "")
        out.append(_("并入:%(n)s") % {"n": number or _("其他建议")})
    if after.get("note"):
        out.append(_("审查意见:%(t)s") % {"t": str(after["note"])[:200]})
    return out


def _s_merged_in(after: dict[str, Any], names: Names, policy: Any) -> list[str]:
    number = names.extra.get("cases", {}).get(int(after.get("merged_case_id") or 0), "")
    return [_("并入本件的建议:%(n)s") % {"n": number}] if number else []


SUGGESTION_DESCRIBERS: dict[str, Describer] = {
    "suggestion.create": _s_create,
    "suggestion.update": _s_update,
    "suggestion.cosigner_invite": _s_invite,
    "suggestion.cosigner_respond": _s_respond,
    "suggestion.review": _s_review,
    "suggestion.merged_in": _s_merged_in,
}


def _timeline_lookups(congress_id: int) -> Any:
    def lookups(events: list[Any]) -> dict[str, dict[Any, str]]:
        from renda.cases.models import Case
        from renda.deputies.models import DeputyMandate

        mandates: set[int] = set()
        suggestions: set[int] = set()
        cases: set[int] = set()
        codes: set[str] = set()
        for e in events:
            after = e.after if isinstance(e.after, dict) else {}
            if e.action == "suggestion.cosigner_invite":
                mandates |= {int(i) for i in after.get("mandates") or [] if str(i).isdigit()}
            elif e.action == "suggestion.cosigner_respond" and str(after.get("mandate", "")).isdigit():
                mandates.add(int(after["mandate"]))
            elif e.action == "suggestion.review":
                if after.get("exclusion_reason"):
                    codes.add(str(after["exclusion_reason"]))
                if str(after.get("merge_into") or "").isdigit():
                    suggestions.add(int(after["merge_into"]))
            elif e.action == "suggestion.merged_in" and str(after.get("merged_case_id") or "").isdigit():
                cases.add(int(after["merged_case_id"]))
        out: dict[str, dict[Any, str]] = {}
        if mandates:
            out["mandates"] = dict(
                DeputyMandate.objects.filter(pk__in=mandates).values_list("pk", "deputy__full_name")
            )
        if codes:
            out["exclusions"] = dict(
                ExclusionReason.objects.filter(congress_id=congress_id, code__in=codes).values_list(
                    "code", "label"
                )
            )
        if suggestions:
            out["suggestions"] = dict(
                Suggestion.objects.filter(pk__in=suggestions).values_list("pk", "case__number")
            )
        if cases:
            out["cases"] = dict(Case.objects.filter(pk__in=cases).values_list("pk", "number"))
        return out

    return lookups


def suggestion_timeline(suggestion: Suggestion) -> list[TimelineEntry]:
    """The case's timeline with Chinese labels and the suggestion's own details (deputies, outcomes)."""
    case = suggestion.case
    return case_timeline_entries(
        case, describers=SUGGESTION_DESCRIBERS, lookups=_timeline_lookups(case.congress_id)
    )
