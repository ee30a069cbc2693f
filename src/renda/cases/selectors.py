"""Reads shared by pages, API, exports and statistics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from renda.audit.models import Event
from renda.core import clock
from renda.core.errors import NotFoundError
from renda.core.scopes import scope_of

from .calendar import WorkCalendar
from .choices import AssignmentRole, AssignmentState, DeadlineStatus, DraftState
from .labels import Describer, Names, describe_event, entry_label, referenced_ids
from .models import Assignment, Case, CaseSetting, Reply, ReplyDraft
from .policies import get_policy


def case_settings(congress_id: int) -> CaseSetting:
    found = CaseSetting.objects.filter(congress_id=congress_id).first()
    return found if found is not None else CaseSetting(congress_id=congress_id)


def percent_places(congress_id: int | None) -> int:
    """How many decimals the congress shows in its rates (``CaseSetting.percent_places``; 1 by default)."""
    if not congress_id:
        return 1
    found = (
        CaseSetting.objects.filter(congress_id=congress_id).values_list("percent_places", flat=True).first()
    )
    return int(found) if found else 1


def case_list(user: Any, *, kind: str | None = None) -> QuerySet[Case]:
    """The cases a user may see, with what a list row shows prefetched (no per-row queries)."""
    qs = Case.objects.visible_to(user).select_related("congress", "created_by", "supervising_leader")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("organization").order_by("-role", "id"),
        ),
        "parties__user",
    )


def get_case_for(user: Any, case_id: Any) -> Case:
    """One case the user may read; missing and forbidden are both 'not found'."""
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        raise NotFoundError(_("案件不存在。")) from None
    if not 0 < pk < 2**63:
        raise NotFoundError(_("案件不存在。"))
    kind = Case.objects.filter(pk=pk).values_list("kind", flat=True).first()
    try:
        readable = get_policy(kind).readable_cases(user) if kind else Case.objects.none()
    except LookupError:
        readable = Case.objects.none()
    case = readable.select_related("congress", "created_by", "supervising_leader").filter(pk=pk).first()
    if case is None:
        raise NotFoundError(_("案件不存在。"))
    return case


def get_assignment_for(user: Any, assignment_id: Any) -> Assignment:
    """An assignment of a case the user may read; unit members only reach their own unit's assignments."""
    try:
        pk = int(assignment_id)
    except (TypeError, ValueError):
        raise NotFoundError(_("交办事项不存在。")) from None
    qs = Assignment.objects.select_related("case", "organization").filter(
        pk=pk, case__in=Case.objects.visible_to(user)
    )
    scope = scope_of(user)
    if not scope.staff_read_congress_ids:
        qs = qs.filter(
            Q(organization_id__in=scope.unit_ids)
            | Q(case__created_by_id=user.pk)
            | Q(case__parties__user_id=user.pk)
        ).distinct()
    found = qs.first()
    if found is None:
        raise NotFoundError(_("交办事项不存在。"))
    return found


# --- deadlines ---------------------------------------------------------------------------------------


def deadline_status(
    assignment: Assignment,
    *,
    today: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    warning_days: int | None = None,
) -> str:
    """green; yellow within the warning window of working days before the deadline; red when overdue."""
    today = today or clock.today()
    if assignment.deadline < today:
        return DeadlineStatus.RED
    case = assignment.case
    if warning_days is None:
        policy = get_policy(case.kind)
        warning_days = policy.warning_window.amount_for(case_settings(case.congress_id))
    calendar = calendar or WorkCalendar(case.congress_id)
    if calendar.working_days_between(today, assignment.deadline) <= warning_days:
        return DeadlineStatus.YELLOW
    return DeadlineStatus.GREEN


def overdue_assignments(congress_ids: Any, *, today: dt.date | None = None) -> QuerySet[Assignment]:
    today = today or clock.today()
    return (
        Assignment.objects.filter(
            case__congress_id__in=list(congress_ids),
            state__in=[AssignmentState.PENDING_SIGN, AssignmentState.HANDLING],
            deadline__lt=today,
            case__closed_at__isnull=True,
        )
        .select_related("case", "organization")
        .order_by("deadline")
    )


# --- the timeline and the case's records ------------------------------------------------------------------


def case_timeline(case: Case) -> QuerySet[Event]:
    """Every audit event of the case, oldest first (all case services target the case itself)."""
    return Event.objects.for_target(case).select_related("actor").order_by("created_at", "id")


@dataclass
class TimelineEntry:
    """One event of a case's timeline, in Chinese: what, who, when and the key details."""

    event: Event
    action: str
    label: str
    actor: str
    at: dt.datetime
    details: list[str]


def case_timeline_entries(
    case: Case,
    *,
    describers: dict[str, Describer] | None = None,
    lookups: Callable[[list[Event]], dict[str, dict[Any, str]]] | None = None,
    nobody: str | None = None,
) -> list[TimelineEntry]:
    """The timeline with Chinese labels and details. Names of units and people are looked up in bulk
    (a fixed number of queries whatever the length); a kind adds ``describers`` for its own actions and
    ``lookups`` for the names they need (``Names.extra``); ``nobody`` names the actor of events
    without one (default "系统"; the public for constituents' opinions). By default all three come
    from the kind's policy (``timeline_describers``, ``timeline_lookups(case)``, ``timeline_nobody``)."""
    from renda.core.models import Organization, User

    events = list(case_timeline(case))
    unit_ids: set[int] = set()
    assignment_ids: set[int] = set()
    user_ids: set[int] = set()
    for e in events:
        units, assignments, users = referenced_ids(e.after)
        unit_ids |= units
        assignment_ids |= assignments
        user_ids |= users
    names = Names()
    if assignment_ids:
        names.assignment_units = dict(
            Assignment.objects.filter(case=case, pk__in=assignment_ids).values_list(
                "pk", "organization__name"
            )
        )
    if unit_ids:
        names.units = dict(Organization.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    if user_ids:
        names.users = {
            pk: full_name or username
            for pk, full_name, username in User.objects.filter(pk__in=user_ids).values_list(
                "pk", "full_name", "username"
            )
        }
    policy = get_policy(case.kind)
    if describers is None:
        describers = dict(getattr(policy, "timeline_describers", None) or {})
    if lookups is None:
        lookups = policy.timeline_lookups(case)
    if nobody is None:
        nobody = str(getattr(policy, "timeline_nobody", "") or "") or None
    if lookups is not None:
        names.extra = lookups(events)
    return [
        TimelineEntry(
            event=e,
            action=e.action,
            label=entry_label(e.action, e.after, policy),
            actor=(e.actor.display_name if e.actor_id else e.actor_name) or nobody or _("系统"),
            at=e.created_at,
            details=describe_event(e.action, e.after, names, policy, describers),
        )
        for e in events
    ]


def case_detail_assignments(case: Case) -> QuerySet[Assignment]:
    return (
        case.assignments.select_related("organization", "signed_by")
        .prefetch_related("plans", "contacts", "progress_reports", "extension_requests", "return_requests")
        .order_by("-role", "id")
    )


def get_case_attachment_for(user: Any, pk: Any) -> Any:
    """A case file the user may download: whoever may read the case, or anyone for a file the kind
    makes public (``policy.attachment_is_public``: a published case's reply files). Missing and
    forbidden are both 'not found'."""
    from .models import Attachment

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFoundError(_("附件不存在。")) from None
    if not 0 < pk < 2**63:
        raise NotFoundError(_("附件不存在。"))
    found = Attachment.objects.select_related("case", "reply").filter(pk=pk).first()
    if found is None:
        raise NotFoundError(_("附件不存在。"))
    try:
        policy = get_policy(found.case.kind)
    except LookupError:
        raise NotFoundError(_("附件不存在。")) from None
    if found.reply_id is None and found.draft_id is not None:
        # a file of a reply draft not yet signed off: only those who read the draft
        if case_reply_drafts(found.case, user).filter(pk=found.draft_id).exists():
            return found
        raise NotFoundError(_("附件不存在。"))
    if policy.readable_cases(user).filter(pk=found.case_id).exists():
        return found
    if policy.attachment_is_public(found):
        return found
    raise NotFoundError(_("附件不存在。"))


def case_replies(case: Case) -> QuerySet[Reply]:
    return case.replies.select_related("assignment__organization", "rating").prefetch_related("attachments")


# --- reply drafts (签发) and co-handlers' opinions ------------------------------------------------------


def _drafts(user: Any, org_ids: Any) -> QuerySet[ReplyDraft]:
    return (
        ReplyDraft.objects.filter(assignment__organization_id__in=list(org_ids), case__closed_at__isnull=True)
        .select_related("case", "case__congress", "assignment__organization", "drafted_by", "decided_by")
        .order_by("submitted_at", "id")
    )


def reply_drafts_to_sign_off(user: Any) -> QuerySet[ReplyDraft]:
    """Drafts waiting for this unit leader's sign-off (签发), oldest first: the leader's inbox."""
    scope = scope_of(user)
    if not scope.led_unit_ids:
        return ReplyDraft.objects.none()
    return _drafts(user, scope.led_unit_ids).filter(state=DraftState.PENDING_SIGN_OFF)


def reply_drafts_sent_back(user: Any) -> QuerySet[ReplyDraft]:
    """Drafts the unit's leader sent back, to be edited and resubmitted: the clerks' inbox."""
    scope = scope_of(user)
    if not scope.unit_ids:
        return ReplyDraft.objects.none()
    return _drafts(user, scope.unit_ids).filter(state=DraftState.SENT_BACK)


def case_reply_drafts(case: Case, user: Any) -> QuerySet[ReplyDraft]:
    """A case's reply drafts the user may read: a unit's own drafts for its members (another unit's
    drafts are its internal business), every draft for the congress's staff."""
    scope = scope_of(user)
    qs = case.reply_drafts.select_related(
        "assignment__organization", "drafted_by", "decided_by", "reply"
    ).prefetch_related("attachments")
    if case.congress_id in scope.staff_read_congress_ids:
        return qs.order_by("-submitted_at", "-id")
    if not scope.unit_ids:
        return qs.none()
    return qs.filter(assignment__organization_id__in=scope.unit_ids).order_by("-submitted_at", "-id")


def get_reply_draft_for(user: Any, draft_id: Any) -> ReplyDraft:
    """One draft the user may read (their unit's, or any of their congress for staff); else not found."""
    try:
        pk = int(draft_id)
    except (TypeError, ValueError):
        raise NotFoundError(_("答复稿不存在。")) from None
    draft = ReplyDraft.objects.select_related("case", "assignment__organization").filter(pk=pk).first()
    if draft is None or not case_reply_drafts(draft.case, user).filter(pk=pk).exists():
        raise NotFoundError(_("答复稿不存在。"))
    return draft


def co_handler_opinions(case: Case, user: Any) -> list[Assignment]:
    """The co-handlers' assignments of a case with their opinions, for those who may read them: the
    lead unit's members (the opinions are addressed to them), the co-handler itself, the staff."""
    scope = scope_of(user)
    qs = (
        case.assignments.filter(role=AssignmentRole.CO_HANDLER)
        .exclude(state__in=[AssignmentState.RETURNED, AssignmentState.WITHDRAWN])
        .select_related("organization")
        .order_by("id")
    )
    if case.congress_id in scope.staff_read_congress_ids:
        return list(qs)
    units = scope.handling_unit_ids
    if not units:
        return []
    leads = case.assignments.filter(role=AssignmentRole.LEAD, organization_id__in=units)
    if leads.exists():
        return list(qs)
    return list(qs.filter(organization_id__in=units))
