"""R31: 1–2 major livelihood motions a year, at, below and above the boundary."""

from __future__ import annotations

import pytest

from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.core.errors import ConflictError
from renda.livelihood import services
from renda.livelihood.models import CandidateProject

from .conftest import TITLES, make_programme, run_ballot, to_voting


def _r31(w, year=2026):
    return evaluate_rule("R31", w.congress, PeriodRange.year(year)).result


@pytest.fixture
def voted(w):
    p, projects = make_programme(w)
    p = to_voting(w, p, projects)
    p, _vote = run_ballot(w, p, {u: TITLES[:3] for u in w.deputies})
    return p


def _mark(w, p, n):
    for x in CandidateProject.objects.filter(programme=p, rank__isnull=False).order_by("rank")[:n]:
        services.project_set_major(actor=w.staff, project=x, is_major=True)


@pytest.mark.clock("2026-01-20 10:00")
def test_no_programme_this_year_is_no_data_until_the_year_ends(w):
    assert _r31(w).status == Status.NO_DATA


@pytest.mark.clock("2027-02-01 10:00")
def test_no_ballot_in_a_past_year_falls_short(w):
    result = _r31(w, 2026)
    assert result.status == Status.NOT_MET and "未举行" in result.shortfall[0]


@pytest.mark.clock("2026-01-20 10:00")
@pytest.mark.parametrize(
    ("n", "status"), [(0, Status.NOT_MET), (1, Status.MET), (2, Status.MET), (3, Status.NOT_MET)]
)
def test_major_motions_boundary(w, voted, n, status):
    _mark(w, voted, n)
    result = _r31(w)
    assert result.status == status and result.value == n
    if status == Status.MET:
        assert len(result.evidence) == n and "得票9" in result.evidence[0]
    else:
        assert result.shortfall


@pytest.mark.clock("2026-01-20 10:00")
def test_only_passed_projects_may_be_major(w, voted):
    failed = CandidateProject.objects.get(programme=voted, title=TITLES[3])
    with pytest.raises(ConflictError):
        services.project_set_major(actor=w.staff, project=failed, is_major=True)
