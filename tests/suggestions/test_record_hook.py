"""Suggestions count in the deputies' performance records without retyping (the one hook)."""

import pytest
from django.core.management import call_command

from renda.core.models import Congress, User
from renda.demo import DEMO_AS_OF
from renda.deputies.models import DeputyMandate
from renda.deputies.records import ActivityParticipation
from renda.suggestions import services

pytestmark = [pytest.mark.django_db, pytest.mark.clock(DEMO_AS_OF)]


@pytest.fixture
def county():
    call_command("load_demo", core_only=True, verbosity=0)
    return Congress.objects.get(name="示例县人大")


def kinds_of(mandate):
    return list(
        ActivityParticipation.objects.filter(mandate=mandate).values_list("activity__kind", flat=True)
    )


def test_submit_and_cosign_count_once(county):
    lead = User.objects.get(username="deputy")
    cosigner = User.objects.get(username="deputy2")
    lead_mandate = DeputyMandate.objects.get(congress=county, deputy__user=lead)
    co_mandate = DeputyMandate.objects.get(congress=county, deputy__user=cosigner)
    before_lead = kinds_of(lead_mandate).count("suggestion_submitted")
    before_co = kinds_of(co_mandate).count("suggestion_cosigned")
    s = services.suggestion_draft_create(
        actor=lead,
        congress=county,
        title="关于加快农村自来水管网改造的建议",
        body="部分村组自来水管网老化,建议分批改造。",
    )
    (sig,) = services.cosigner_invite(actor=lead, suggestion=s, mandates=[co_mandate])
    services.cosigner_respond(actor=cosigner, cosignature=sig, confirm=True)
    services.suggestion_submit(actor=lead, suggestion=s)
    services.suggestion_submit(actor=lead, suggestion=s)  # a double click counts once
    assert kinds_of(lead_mandate).count("suggestion_submitted") == before_lead + 1
    assert kinds_of(co_mandate).count("suggestion_cosigned") == before_co + 1
    # The backfill finds nothing missing.
    total = ActivityParticipation.objects.count()
    call_command("deputies_backfill_activities", verbosity=0)
    assert ActivityParticipation.objects.count() == total
