"""Reads: programmes visible to a user, the public programme of a congress, each project's progress."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from renda.core.errors import NotFoundError

from .choices import CHOSEN_STATES, ProjectState, Stage
from .models import CandidateProject, InspectionVisit, LivelihoodProgramme

# What the public sees of a programme at each stage (the proposals themselves only once screened).
PUBLIC_SHORTLIST_STATES = [
    ProjectState.SHORTLISTED,
    ProjectState.PRESIDIUM_AGREED,
    ProjectState.TIED,
    ProjectState.PASSED,
    ProjectState.FAILED,
    ProjectState.IMPLEMENTING,
    ProjectState.COMPLETED,
    ProjectState.EVALUATED,
]


def programmes_for(user: Any) -> QuerySet[LivelihoodProgramme]:
    return LivelihoodProgramme.objects.visible_to(user).select_related("congress")


def get_programme_for(user: Any, pk: Any) -> LivelihoodProgramme:
    try:
        return programmes_for(user).get(pk=int(pk))
    except (LivelihoodProgramme.DoesNotExist, TypeError, ValueError):
        raise NotFoundError("not found") from None


def project_of_case(case: Any) -> CandidateProject | None:
    return (
        CandidateProject.objects.select_related("programme", "responsible_unit")
        .filter(case_id=case.pk)
        .first()
    )


def progress_of(projects: list[CandidateProject]) -> dict[int, dict[str, Any]]:
    """Per project: the latest percent done, the latest report (milestone) and the number of reports."""
    from renda.cases.models import ProgressReport

    case_ids = {p.case_id: p.pk for p in projects if p.case_id}
    out: dict[int, dict[str, Any]] = {p.pk: {"percent": 0, "latest": None, "reports": []} for p in projects}
    reports = (
        ProgressReport.objects.filter(assignment__case_id__in=case_ids)
        .select_related("assignment")
        .order_by("reported_at", "pk")
    )
    for r in reports:
        row = out[case_ids[r.assignment.case_id]]
        row["reports"].append(r)
        if r.percent_done is not None:
            row["percent"] = int(r.percent_done)
        row["latest"] = r
    for p in projects:
        if p.state in (ProjectState.COMPLETED, ProjectState.EVALUATED):
            out[p.pk]["percent"] = 100
    return out


def public_programmes(congress: Any) -> QuerySet[LivelihoodProgramme]:
    return LivelihoodProgramme.objects.filter(congress=congress).order_by("-year")


def public_projects(programme: LivelihoodProgramme) -> QuerySet[CandidateProject]:
    qs = programme.projects.select_related("responsible_unit").prefetch_related(
        Prefetch("inspections", queryset=InspectionVisit.objects.prefetch_related("photos"))
    )
    if programme.stage == Stage.COLLECTING:
        return qs.none()
    return qs.filter(state__in=PUBLIC_SHORTLIST_STATES).order_by("rank", "pk")


def chosen(projects: Any) -> list[CandidateProject]:
    return [p for p in projects if p.state in CHOSEN_STATES]
