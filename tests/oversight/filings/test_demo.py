"""The demo county's filing review and appointments: made through the services, idempotent, telling
the checks' story."""

from __future__ import annotations

import pytest

from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.core.models import Congress
from renda.demo import DEMO_AS_OF
from renda.demo.builder import load_demo
from renda.demo.meetings import load_meetings_demo
from renda.demo.oversight_filings import load_oversight_filings_demo
from renda.oversight.models.filings import Appointment, Filing

pytestmark = [pytest.mark.clock(DEMO_AS_OF), pytest.mark.django_db]


def test_oversight_filings_demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo()
    load_meetings_demo()
    counts = load_oversight_filings_demo()
    assert counts == {"filings": 4, "review_requests": 2, "special_reviews": 1, "appointments": 3}
    county = Congress.objects.get(name="示例县人大")
    states = sorted(Filing.objects.filter(congress=county).values_list("state", flat=True))
    assert states == ["corrected", "filed", "filed", "reviewing"]
    first = Filing.objects.get(document_number="示教发〔2026〕5号")
    assert first.flags.filter(article="第五条", category="penalty").exists()
    assert first.correction_case.state == "corrected"
    zhou = Appointment.objects.get(person_name="周建华")
    assert zhou.state == "certified" and zhou.vote_id is not None
    assert Appointment.objects.get(person_name="钱立新").state == "appointed"
    year = PeriodRange.year(2026)
    assert evaluate_rule("BA01", county, year).result.status == Status.NOT_MET  # the late bicycle rules
    assert evaluate_rule("BA03", county, year).result.status == Status.MET
    assert evaluate_rule("RM01", county, year).result.status == Status.MET
    assert load_oversight_filings_demo() == {
        "filings": 0,
        "review_requests": 0,
        "special_reviews": 0,
        "appointments": 0,
    }
