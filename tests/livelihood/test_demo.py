"""The demo county's 2026 programme, loaded through the services: 18 proposals, 15 candidates, 10
passed by a closed secret ballot at the plenary, follow-ups with progress; idempotent."""

from __future__ import annotations

import pytest

from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.demo import DEMO_AS_OF
from renda.demo.builder import load_demo
from renda.demo.livelihood import load_livelihood_demo
from renda.demo.meetings import load_meetings_demo
from renda.demo.suggestions import load_suggestions_demo
from renda.livelihood.models import LivelihoodProgramme
from renda.livelihood.selectors import progress_of

pytestmark = [pytest.mark.clock(DEMO_AS_OF), pytest.mark.django_db]


def test_livelihood_demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    load_suggestions_demo()
    load_meetings_demo()
    counts = load_livelihood_demo()
    assert counts["livelihood_projects"] == 18 and counts["ballots"] > 10
    p = LivelihoodProgramme.objects.get(year=2026)
    assert p.stage == "implementing" and p.ballot.state == "closed" and p.agenda_item is not None
    assert p.projects.filter(state="not_adopted").count() == 3
    chosen = list(p.projects.filter(state__in=["implementing", "completed"]))
    assert len(chosen) == 10 and all(x.case_id for x in chosen)
    assert p.projects.filter(state="completed").count() >= 1
    progress = progress_of(chosen)
    assert any(0 < row["percent"] < 100 for row in progress.values())
    assert evaluate_rule("R31", p.congress, PeriodRange.year(2026)).result.status == Status.MET
    assert load_livelihood_demo()["livelihood_programmes"] == 0
