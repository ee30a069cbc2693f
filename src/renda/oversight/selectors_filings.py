"""Reads of filing review and appointments, each through the reader's scope (missing and forbidden
alike are ``NotFoundError``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from renda.core import clock
from renda.core.errors import NotFoundError
from renda.core.scopes import scope_of

from .models.filings import (
    OPEN_FILING_STATES,
    Appointment,
    AppointmentKind,
    AppointmentState,
    Filing,
    FilingFile,
    FilingOutcome,
    FilingState,
    ReviewRequest,
    ReviewRequestState,
    SpecialReview,
)

APPOINTED_STATES = (AppointmentState.APPOINTED, AppointmentState.SWORN, AppointmentState.CERTIFIED)


def filings_for(user: Any) -> QuerySet[Filing]:
    """Staff and leaders: their congress's filings (and those below); a filing body: its own."""
    scope = scope_of(user)
    if scope.is_empty:
        return Filing.objects.none()
    q = Q(congress_id__in=scope.staff_read_congress_ids) | Q(filing_body_id__in=scope.unit_ids)
    return Filing.objects.filter(q).select_related("congress", "filing_body", "filed_by", "reviewer")


def get_filing_for(user: Any, pk: Any) -> Filing:
    try:
        return filings_for(user).get(pk=int(pk))
    except (Filing.DoesNotExist, ValueError, TypeError):
        raise NotFoundError("备案文件不存在。") from None


def get_filing_file_for(user: Any, pk: Any) -> FilingFile:
    try:
        return FilingFile.objects.select_related("filing").get(pk=int(pk), filing__in=filings_for(user))
    except (FilingFile.DoesNotExist, ValueError, TypeError):
        raise NotFoundError("文件不存在。") from None


def library() -> QuerySet[Filing]:
    """The public library: documents filed (or corrected) and published."""
    return Filing.objects.filter(
        is_published=True, state__in=[FilingState.FILED, FilingState.CORRECTED]
    ).select_related("congress", "filing_body")


def get_library_document(pk: Any) -> Filing:
    try:
        return library().get(pk=int(pk))
    except (Filing.DoesNotExist, ValueError, TypeError):
        raise NotFoundError("文件不存在。") from None


def versions_of(filing: Filing, user: Any) -> list[Filing]:
    """Earlier versions (following ``previous``) the reader may see, newest first."""
    out: list[Filing] = []
    visible = set(filings_for(user).values_list("pk", flat=True))
    current, seen = filing.previous, {filing.pk}
    while current is not None and current.pk not in seen and len(out) < 20:
        seen.add(current.pk)
        if current.pk in visible:
            out.append(current)
        current = current.previous
    return out


def review_overdue(congress_ids: Any, day: dt.date | None = None) -> QuerySet[Filing]:
    day = day or clock.today()
    return Filing.objects.filter(
        congress_id__in=congress_ids, state__in=OPEN_FILING_STATES, review_due_on__lt=day
    )


def requests_for(user: Any) -> QuerySet[ReviewRequest]:
    scope = scope_of(user)
    return ReviewRequest.objects.filter(congress_id__in=scope.staff_read_congress_ids).select_related(
        "congress", "filing"
    )


def get_request_for(user: Any, pk: Any) -> ReviewRequest:
    try:
        return requests_for(user).get(pk=int(pk))
    except (ReviewRequest.DoesNotExist, ValueError, TypeError):
        raise NotFoundError("审查建议不存在。") from None


def special_reviews_for(user: Any) -> QuerySet[SpecialReview]:
    scope = scope_of(user)
    return SpecialReview.objects.filter(congress_id__in=scope.staff_read_congress_ids).annotate(
        n_filings=Count("filings")
    )


def appointments_for(user: Any) -> QuerySet[Appointment]:
    scope = scope_of(user)
    return Appointment.objects.filter(congress_id__in=scope.staff_read_congress_ids).select_related(
        "congress", "nominating_body", "vote", "agenda_item__meeting"
    )


def get_appointment_for(user: Any, pk: Any) -> Appointment:
    try:
        return appointments_for(user).get(pk=int(pk))
    except (Appointment.DoesNotExist, ValueError, TypeError):
        raise NotFoundError("任免事项不存在。") from None


def appointed(qs: QuerySet[Appointment]) -> QuerySet[Appointment]:
    """Those appointed (by vote) — the composition counts them."""
    return qs.filter(kind=AppointmentKind.APPOINT, state__in=APPOINTED_STATES)


# --- the yearly work report --------------------------------------------------------------------------


def year_figures(congress: Any, year: int) -> dict[str, Any]:
    """The numbers of the yearly filing-review work report (备案审查工作情况报告)."""
    filings = Filing.objects.filter(congress=congress, filed_at__year=year)
    by_outcome = dict(filings.exclude(outcome="").values_list("outcome").annotate(n=Count("pk")))
    by_body = list(
        filings.values("filing_body__name").annotate(n=Count("pk"), late=Count("pk", filter=Q(is_late=True)))
        .order_by("-n", "filing_body__name")
    )  # fmt: skip
    requests = ReviewRequest.objects.filter(congress=congress, submitted_at__year=year)
    flagged = filings.filter(flags__isnull=False).distinct().count()
    return {
        "year": year,
        "filed": filings.count(),
        "late": filings.filter(is_late=True).count(),
        "reviewed": filings.exclude(outcome="").count(),
        "pending": filings.filter(state__in=OPEN_FILING_STATES).count(),
        "overdue_review": filings.filter(
            state__in=OPEN_FILING_STATES, review_due_on__lt=clock.today()
        ).count(),
        "flagged": flagged,
        "by_outcome": {code: by_outcome.get(code, 0) for code in FilingOutcome.values},
        "corrected": filings.filter(state=FilingState.CORRECTED).count(),
        "correcting": filings.filter(state=FilingState.CORRECTION_DEMANDED).count(),
        "by_body": by_body,
        "requests": requests.count(),
        "requests_answered": requests.exclude(state=ReviewRequestState.RECEIVED).count(),
        "requests_transferred": requests.filter(state=ReviewRequestState.TRANSFERRED).count(),
        "requests_by_kind": dict(requests.values_list("requester_kind").annotate(n=Count("pk"))),
        "special_reviews": list(
            SpecialReview.objects.filter(congress=congress, year=year).annotate(n=Count("filings"))
        ),
        "corrections": list(
            filings.filter(outcome__in=[FilingOutcome.CORRECT, FilingOutcome.REVOKE]).select_related(
                "filing_body"
            )
        ),
    }
