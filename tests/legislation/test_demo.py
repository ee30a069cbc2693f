"""The demo county's legislation: loaded through the services, idempotent."""

from __future__ import annotations

import pytest

from renda.demo import DEMO_AS_OF
from renda.demo.builder import load_demo
from renda.demo.legislation import load_legislation_demo
from renda.demo.meetings import load_meetings_demo
from renda.legislation.models import Comment, LegislativePlan, LegislativeProject

pytestmark = [pytest.mark.clock(DEMO_AS_OF), pytest.mark.django_db]


def test_legislation_demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    load_meetings_demo()
    counts = load_legislation_demo()
    assert counts == {"legislation": 2 + 6 + 8}
    plan = LegislativePlan.objects.get(title="示例县人大常委会2026年度立法计划")
    assert plan.state == "published" and plan.projects.count() == 2
    grass = LegislativeProject.objects.get(title="示例县草原生态保护条例")
    assert grass.state == "under_deliberation" and grass.readings.get().ordinal == 1
    assert Comment.objects.filter(period__project=grass, article_number=6).count() == 3
    states = dict(LegislativeProject.objects.values_list("title", "state"))
    assert states["示例县水资源保护条例"] == "amended" and states["示例县古树名木保护条例"] == "proposed"
    assert load_legislation_demo() == {"legislation": 0}
