"""The deputies' performance records of the demo county, on top of ``load_demo``: made through the real
services, idempotent, deterministic, and enough for the ranking, the checks and 我的履职 to show a
living county."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from renda.audit.models import Event
from renda.cases.models import Case
from renda.compliance.registry import RULES, PeriodRange, evaluate, load_rule_modules
from renda.core.models import Congress, User
from renda.demo import DEMO_AS_OF
from renda.demo.builder import load_demo
from renda.demo.records import load_records_demo
from renda.deputies.choices import FundKind, Verification
from renda.deputies.models import DeputyMandate
from renda.deputies.records import (
    Activity,
    ActivityParticipation,
    ExitWarning,
    FundEntry,
    RankingPublication,
    VoterReport,
)
from renda.deputies.selectors import current_term, rank_of, ranking

pytestmark = pytest.mark.clock(DEMO_AS_OF)

DEPUTY_RULES = ["R13", "R16", "R19", "R20", "R21", "R22", "R23", "R28", "R34", "R36", "D01", "D02"]
YEAR = 2026

_fingerprints: dict[int, tuple] = {}


def _checks(congress: Congress) -> dict[str, object]:
    load_rule_modules()
    term = current_term(congress)
    out = {}
    for rid in DEPUTY_RULES:
        period = PeriodRange.year(YEAR) if RULES[rid].period.value == "year" else PeriodRange.for_term(term)
        (res,) = evaluate(congress, period, rule_ids=[rid])
        out[rid] = getattr(res, "result", res)
    return out


def _fingerprint(county: Congress) -> tuple:
    """What a reader sees, by names and dates (no primary keys)."""
    acts = tuple(
        (
            a.occurred_on.isoformat(),
            a.kind,
            a.title,
            tuple(
                sorted(
                    a.participations.values_list("mandate__deputy__full_name", "attendance", "verification")
                )
            ),
        )
        for a in Activity.objects.filter(congress__in=[county, *county.children.all()]).order_by(
            "occurred_on", "kind", "title"
        )
    )
    funds = tuple(
        FundEntry.objects.order_by("mandate__deputy__full_name", "kind", "year", "amount").values_list(
            "mandate__deputy__full_name", "kind", "year", "amount"
        )
    )
    ranks = tuple((r.rank, r.name, r.total) for r in ranking(county, year=YEAR))
    return acts, funds, ranks


@pytest.mark.parametrize("run", [1, 2])
def test_records_demo_is_alive_idempotent_and_deterministic(db, run, login):
    load_demo()
    counts = load_records_demo()
    county = Congress.objects.get(name="示例县人大")

    # what was made
    assert counts["activities"] >= 40
    assert counts["participations"] > 1000
    assert counts["self_reports"] >= 4 and counts["meeting_requests"] == 3 and counts["rankings"] == 1
    assert counts["exit_warnings"] == 1
    kinds = set(Activity.objects.filter(congress=county).values_list("kind", flat=True))
    assert {"plenary", "sc_meeting", "inspection", "research", "law_enforcement", "group_activity",
            "training", "voter_report", "mediation", "charity", "receive_deputies"} <= kinds  # fmt: skip
    plenary = Activity.objects.get(congress=county, title="示例县第十八届人民代表大会第六次会议")
    attendance = dict(
        plenary.participations.values_list("attendance").annotate(
            n=__import__("django").db.models.Count("pk")
        )
    )
    assert attendance["absent_without_leave"] == 1 and attendance["absent_with_leave"] == 4
    assert sum(attendance.values()) == DeputyMandate.objects.active().filter(congress=county).count()
    assert Activity.objects.filter(congress=county, is_initial_training=True, hours=16).exists()
    # the standing-committee meetings: grassroots deputies sit in as guests
    guests = ActivityParticipation.objects.filter(activity__congress=county, activity__kind="sc_meeting")
    assert guests.exists() and not guests.exclude(mandate__is_grassroots=True).exists()
    # the clock: things are stamped when they happened, never in the future
    assert plenary.created_at.date() < plenary.occurred_on

    # self-reports by `deputy`: verified, rejected and pending
    deputy = User.objects.get(username="deputy")
    mine = ActivityParticipation.objects.filter(mandate__deputy__user=deputy, source="self_report")
    assert set(mine.values_list("verification", flat=True)) == {
        Verification.VERIFIED,
        Verification.REJECTED,
        Verification.PENDING,
    }
    assert mine.get(verification=Verification.REJECTED).points == 0

    # meeting requests at three stages; the held one counts in the deputy's record
    states = set(Case.objects.filter(congress=county, kind="meeting_request").values_list("state", flat=True))
    assert states == {"held", "arranged", "requested"}
    # reports to voters with ratings, one still to come
    assert VoterReport.objects.filter(mandate__congress=county, state="held").count() == 5
    assert VoterReport.objects.filter(mandate__congress=county, state="scheduled").count() == 1
    held = VoterReport.objects.filter(mandate__deputy__user=deputy, state="held").get()
    assert held.paper_satisfied > 0 and held.codes.exclude(value="").count() == 15

    # funds: the township too; lost earnings only for deputies without fixed income
    assert FundEntry.objects.filter(
        mandate__congress__name="城关镇人大", kind=FundKind.ACTIVITY_FUND
    ).exists()
    assert not FundEntry.objects.filter(kind=FundKind.LOST_EARNINGS, mandate__deputy__has_fixed_income=True)

    # the checks: a realistic mix, with named shortfalls
    checks = _checks(county)
    status = {
        rid: str(r.status.value if hasattr(r.status, "value") else r.status) for rid, r in checks.items()
    }
    assert status["R13"] == "met" and status["R22"] == "met"
    for rid in ["R16", "R19", "R20", "R21", "R28", "R34", "R36", "D01", "D02"]:
        assert status[rid] == "not_met", (rid, checks[rid])
        assert checks[rid].shortfall, rid
    assert len(checks["R16"].shortfall) == 6
    assert len(checks["R20"].shortfall) == 4 and all("600.00元" in s for s in checks["R20"].shortfall)
    assert len(checks["R21"].shortfall) == 3 and len(checks["R21"].evidence) == 5
    assert len(checks["R34"].shortfall) == 2
    assert checks["R36"].shortfall == [s for s in checks["R36"].shortfall if s.endswith(":8月")]
    assert len(checks["D01"].shortfall) == 1
    warning = ExitWarning.objects.get(mandate__congress=county)
    assert warning.state == "open" and checks["D02"].shortfall[0].startswith(warning.mandate.deputy.full_name)
    town = _checks(Congress.objects.get(name="城关镇人大"))
    assert len(town["R20"].shortfall) == 2 and all("300.00元" in s for s in town["R20"].shortfall)

    # the ranking and the published circular
    rows = ranking(county, year=YEAR)
    assert rows[0].rank == 1 and rows[0].total > rows[-1].total
    assert rows[-1].name == warning.mandate.deputy.full_name and rows[-1].absences == 1
    pub = RankingPublication.objects.get(congress=county)
    assert pub.published and pub.quarter == 3 and len(pub.rows) == len(rows)
    mandate = DeputyMandate.objects.get(congress=county, deputy__user=deputy)
    rank, out_of = rank_of(county, mandate, YEAR)
    assert rank is not None and rank <= 10 and out_of == len(rows)

    # the pages
    client = login(User.objects.get(username="staff"))
    page = client.get(reverse("deputies:checks")).content.decode()
    assert warning.mandate.deputy.full_name in page and "未达标" in page and "达标" in page
    page = client.get(reverse("deputies:ranking")).content.decode()
    assert rows[0].name in page and pub.title in page
    client = login(deputy)
    page = client.get(reverse("deputies:mine")).content.decode()
    assert f"{rank}/{out_of}" in page
    assert "2026年度县人大代表履职学习培训班" in page and "待审核" in page

    # idempotent: a second run creates nothing and writes no audit event
    events = Event.objects.count()
    again = load_records_demo()
    assert not any(again.values()), again
    assert Event.objects.count() == events
    assert rank_of(county, mandate, YEAR) == (rank, out_of)

    # deterministic: both runs (each on a fresh demo county) give the same records
    _fingerprints[run] = _fingerprint(county)
    if run == 2 and 1 in _fingerprints:
        assert _fingerprints[1] == _fingerprints[2]
    assert sum(r.total for r in rows) > Decimal(0)
