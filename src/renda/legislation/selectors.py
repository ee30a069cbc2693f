"""Reads of the legislation app: what each user may see, and what the public sees."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet

from renda.core import clock
from renda.core.errors import NotFoundError
from renda.core.scopes import scope_of

from .articles import compare
from .choices import IN_FORCE_STATES, Adoption, CommentStatus, PlanState, ProjectState
from .models import Comment, CommentPeriod, DraftVersion, LegislativePlan, LegislativeProject, Reading


def _member_project_ids(user: Any) -> QuerySet:
    from renda.meetings.models import MeetingMember

    meetings = MeetingMember.objects.filter(user_id=user.pk).values("meeting_id")
    return Reading.objects.filter(meeting_id__in=meetings).values("project_id")


def projects_visible_to(user: Any) -> QuerySet[LegislativeProject]:
    """Staff and leaders: their congresses' projects (and those below); members of a meeting: the
    drafts read at it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return LegislativeProject.objects.none()
    scope = scope_of(user)
    q = Q(pk__in=_member_project_ids(user))
    if scope.staff_read_congress_ids:
        q |= Q(congress_id__in=scope.staff_read_congress_ids)
    return LegislativeProject.objects.filter(q)


def get_project_for(user: Any, pk: Any) -> LegislativeProject:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFoundError("立法项目不存在。") from None
    project = (
        projects_visible_to(user)
        .select_related("congress", "responsible_committee", "plan")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise NotFoundError("立法项目不存在。")
    return project


def plans_visible_to(user: Any) -> QuerySet[LegislativePlan]:
    scope = scope_of(user)
    return LegislativePlan.objects.filter(congress_id__in=scope.staff_read_congress_ids)


def versions_map(version: DraftVersion) -> dict[int, tuple[str, str]]:
    return {a.number: (a.heading, a.text) for a in version.articles.all()}


def compare_versions(old: DraftVersion, new: DraftVersion) -> list:
    return compare(versions_map(old), versions_map(new))


def comments_by_article(period: CommentPeriod, *, accepted_only: bool = False) -> list[dict[str, Any]]:
    """The period's comments grouped by article (the whole draft first), with each group's counts."""
    qs = period.comments.all()
    if accepted_only:
        qs = qs.filter(status=CommentStatus.ACCEPTED)
    headings = {a.number: a.heading for a in period.version.articles.all()}
    groups: dict[int, list[Comment]] = defaultdict(list)
    for c in qs.order_by("article_number", "created_at", "pk"):
        groups[c.article_number or 0].append(c)
    rows = []
    for number in sorted(groups):
        items = groups[number]
        rows.append(
            {
                "number": number,
                "heading": headings.get(number, "") if number else "草案整体",
                "comments": items,
                "count": len(items),
                "adopted": sum(1 for c in items if c.adoption in (Adoption.ADOPTED, Adoption.PARTLY)),
            }
        )
    return rows


def period_stats(period: CommentPeriod) -> dict[str, Any]:
    """The statistics of a period (published with the aggregate answer)."""
    comments = list(period.comments.values_list("source", "status", "adoption", "article_number"))
    by_source = Counter(s for s, *_r in comments)
    accepted = [c for c in comments if c[1] == CommentStatus.ACCEPTED]
    return {
        "total": len(comments),
        "accepted": len(accepted),
        "rejected": sum(1 for c in comments if c[1] == CommentStatus.REJECTED),
        "pending": sum(1 for c in comments if c[1] == CommentStatus.PENDING),
        "adopted": sum(1 for c in accepted if c[2] == Adoption.ADOPTED),
        "partly": sum(1 for c in accepted if c[2] == Adoption.PARTLY),
        "not_adopted": sum(1 for c in accepted if c[2] == Adoption.NOT_ADOPTED),
        "by_source": dict(by_source),
        "articles": len({c[3] for c in accepted if c[3]}),
    }


# --- public ----------------------------------------------------------------------------------------


def public_plans(congress: Any) -> QuerySet[LegislativePlan]:
    return LegislativePlan.objects.filter(congress=congress, state=PlanState.PUBLISHED)


def public_periods(congress: Any) -> QuerySet[CommentPeriod]:
    """Comment periods shown on the portal: open now, or closed (with their answer when given)."""
    today = clock.today()
    return (
        CommentPeriod.objects.filter(project__congress=congress, opens_on__lte=today)
        .select_related("project", "version")
        .order_by("-opens_on", "-pk")
    )


def open_periods(congress: Any) -> QuerySet[CommentPeriod]:
    today = clock.today()
    return public_periods(congress).filter(closes_on__gte=today)


def public_regulations(congress: Any, q: str = "") -> QuerySet[LegislativeProject]:
    qs = LegislativeProject.objects.filter(
        congress=congress, state__in=[*IN_FORCE_STATES, ProjectState.REPEALED]
    )
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(versions__articles__text__icontains=q)).distinct()
    return qs.order_by("-effective_on", "-pk")


def public_regulation(congress: Any, pk: Any) -> LegislativeProject:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFoundError("法规不存在。") from None
    found = public_regulations(congress).filter(pk=pk).first()
    if found is None:
        raise NotFoundError("法规不存在。")
    return found


def final_version(project: LegislativeProject) -> DraftVersion | None:
    """The text passed: the version of the reading whose whole-text vote passed, else the latest."""
    reading = (
        project.readings.filter(votes__scope="whole", votes__outcome="passed").order_by("-ordinal").first()
    )
    return reading.version if reading else project.latest_version()


def state_counts(qs: QuerySet[LegislativeProject]) -> dict[str, int]:
    return dict(qs.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
