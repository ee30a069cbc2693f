"""The performance record: identity numbers, the hook, points, verification, rules and thresholds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from renda.audit.models import Event
from renda.compliance.models import RuleSetting
from renda.compliance.registry import PeriodRange, Status, evaluate_rule, load_rule_modules
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.deputies import identity, points, selectors, services
from renda.deputies.choices import ActivityKind, Attendance, FundKind, StandingCommitteePosition, Verification
from renda.deputies.hooks import record_deputy_activity
from renda.deputies.records import ActivityParticipation, PointBalance

from .conftest import STARTED


def make_id(seq: int, born: str = "19850315", male: bool = True) -> str:
    first = f"620102{born}{seq % 100:02d}{(1 if male else 2)}"
    return first + identity.check_digit(first)


@pytest.fixture(autouse=True)
def _rules():
    load_rule_modules()


def rule(rid, congress, period):
    return evaluate_rule(rid, congress, period).result


TERM = None


def term_period(w):
    return PeriodRange.for_term(w.county_term)


# --- identity numbers ---------------------------------------------------------------------------------


def test_check_digit_and_mask():
    good = "11010519491231002X"
    assert identity.id_number_problem(good) is None
    assert identity.id_number_problem("110105194912310021") == "身份证号校验位错误,请核对。"
    assert identity.id_number_problem("1101051949") is not None
    assert identity.id_number_problem("110105194913310021") is not None  # month 13
    assert identity.mask(good) == "1101**********002X"
    assert len(identity.mask(good)) == 18
    assert identity.birth_date_of(good) == dt.date(1949, 12, 31)
    assert identity.gender_of(good) == "female"


def test_id_number_is_encrypted_hashed_and_unique(world):
    w = world
    number = make_id(1)
    d = services.deputy_create(
        actor=w.staff, congress=w.county, full_name="甲", gender="male", id_number=number
    )
    d.refresh_from_db()
    assert number not in d.id_number_encrypted
    assert d.id_number == number
    assert d.id_number_hash == identity.keyed_hash(number)
    with pytest.raises(ConflictError):
        services.deputy_create(
            actor=w.staff, congress=w.county, full_name="乙", gender="male", id_number=number
        )
    with pytest.raises(ValidationFailed) as exc:
        services.deputy_create(
            actor=w.staff,
            congress=w.county,
            full_name="丙",
            gender="male",
            id_number=number[:-1] + "0" if number[-1] != "0" else number[:-1] + "1",
        )
    assert exc.value.field == "id_number"


def test_id_number_masked_except_to_staff_of_the_congress(world, client):
    w = world
    number = make_id(2)
    services.deputy_mandate_update(actor=w.staff, mandate=w.m2, id_number=number)
    client.force_login(w.staff)
    assert number in client.get(f"/deputies/{w.m2.pk}/").content.decode()
    client.force_login(w.leader)
    body = client.get(f"/deputies/{w.m2.pk}/").content.decode()
    assert number not in body and identity.mask(number) in body
    client.force_login(w.citystaff)  # staff of the congress above: reads, masked
    body = client.get(f"/deputies/{w.m2.pk}/").content.decode()
    assert number not in body and identity.mask(number) in body


# --- the hook and points ------------------------------------------------------------------------------


def test_hook_is_idempotent_and_moves_points(world):
    w = world
    source = w.county_term  # any saved object works as the source
    p1 = record_deputy_activity(
        actor=w.staff,
        mandate_or_user=w.deputy_user,
        kind=ActivityKind.SUGGESTION_SUBMITTED,
        occurred_on=dt.date(2023, 3, 1),
        source_object=source,
        title="修路",
        congress=w.county,
    )
    p2 = record_deputy_activity(
        actor=w.staff,
        mandate_or_user=w.deputy_user,
        kind=ActivityKind.SUGGESTION_SUBMITTED,
        occurred_on=dt.date(2023, 3, 1),
        source_object=source,
        title="修路",
        congress=w.county,
    )
    assert p1.pk == p2.pk
    assert p1.mandate == w.m1_county  # the user's mandate in that congress
    bal = PointBalance.objects.get(mandate=w.m1_county, year=2023)
    assert bal.points == Decimal(5) and bal.activities == 1
    # Another kind on the same source is another record (co-sign, rating).
    record_deputy_activity(
        actor=None,
        mandate_or_user=w.m1_county,
        kind=ActivityKind.SUGGESTION_RATED,
        occurred_on=dt.date(2023, 9, 1),
        source_object=source,
        title="修路",
        congress=w.county,
    )
    bal.refresh_from_db()
    assert bal.points == Decimal(6) and bal.activities == 2
    # A user without a mandate in the congress: nothing, no error.
    assert (
        record_deputy_activity(
            actor=None,
            mandate_or_user=w.unitclerk,
            kind=ActivityKind.OTHER,
            occurred_on=dt.date(2023, 1, 1),
            source_object=source,
            title="x",
            congress=w.county,
        )
        is None
    )


def test_sign_in_absence_and_recompute_match(world):
    w = world
    meeting = services.activity_create(
        actor=w.staff,
        congress=w.county,
        kind=ActivityKind.PLENARY,
        title="第三次会议",
        occurred_on=dt.date(2023, 1, 10),
    )
    services.activity_sign_in(actor=w.staff, activity=meeting, mandates=[w.m1_county])
    services.activity_sign_in(
        actor=w.staff, activity=meeting, mandates=[w.m2], attendance=Attendance.ABSENT_WITHOUT_LEAVE
    )
    assert PointBalance.objects.get(mandate=w.m1_county, year=2023).points == 10
    b2 = PointBalance.objects.get(mandate=w.m2, year=2023)
    assert b2.points == -10 and b2.absences == 1 and b2.activities == 0
    # Signing in again changes nothing.
    assert services.activity_sign_in(actor=w.staff, activity=meeting, mandates=[w.m1_county]) == []
    p = ActivityParticipation.objects.get(activity=meeting, mandate=w.m2)
    services.participation_set_attendance(
        actor=w.staff, participation=p, attendance=Attendance.ABSENT_WITH_LEAVE
    )
    assert PointBalance.objects.get(mandate=w.m2, year=2023).points == 0
    # Rules change: everything recomputed; the same as the incremental numbers under the new rules.
    services.point_rules_update(
        actor=w.staff, congress=w.county, values={"plenary": "12", "absent_with_leave": "-2"}
    )
    assert PointBalance.objects.get(mandate=w.m1_county, year=2023).points == 12
    assert PointBalance.objects.get(mandate=w.m2, year=2023).points == -2
    before = {
        (b.mandate_id, b.year): (b.points, b.activities, b.absences) for b in PointBalance.objects.all()
    }
    points.rebuild_balances(w.county.pk)
    after = {(b.mandate_id, b.year): (b.points, b.activities, b.absences) for b in PointBalance.objects.all()}
    assert before == after
    with pytest.raises(ValidationFailed):
        services.point_rules_update(actor=w.staff, congress=w.county, values={"plenary": "abc"})
    with pytest.raises(PermissionDeniedError):
        services.point_rules_update(actor=w.leader, congress=w.county, values={"plenary": "1"})


def test_self_report_counts_after_verification(world):
    w = world
    p = services.activity_self_report(
        actor=w.deputy_user,
        mandate=w.m1_county,
        kind=ActivityKind.RESEARCH,
        title="调研农田水利",
        occurred_on=dt.date(2023, 5, 1),
    )
    assert p.verification == Verification.PENDING
    assert PointBalance.objects.get(mandate=w.m1_county, year=2023).points == 0
    assert list(selectors.pending_self_reports(w.staff)) == [p]
    services.participation_verify(actor=w.staff, participation=p, approve=True)
    assert PointBalance.objects.get(mandate=w.m1_county, year=2023).points == 4
    with pytest.raises(ConflictError):
        services.participation_verify(actor=w.staff, participation=p, approve=False, note="重复")
    with pytest.raises(PermissionDeniedError):
        services.activity_self_report(
            actor=w.other_deputy_user,
            mandate=w.m1_county,
            kind=ActivityKind.RESEARCH,
            title="x",
            occurred_on=dt.date(2023, 5, 1),
        )
    q = services.activity_self_report(
        actor=w.deputy_user,
        mandate=w.m1_county,
        kind=ActivityKind.CHARITY,
        title="捐助",
        occurred_on=dt.date(2023, 6, 1),
    )
    with pytest.raises(ValidationFailed):
        services.participation_verify(actor=w.staff, participation=q, approve=False, note="")
    services.participation_verify(actor=w.staff, participation=q, approve=False, note="无佐证")
    assert PointBalance.objects.get(mandate=w.m1_county, year=2023).points == 4


def test_ranking_and_rank_of(world):
    w = world
    a = services.activity_create(
        actor=w.staff,
        congress=w.county,
        kind=ActivityKind.INSPECTION,
        title="视察",
        occurred_on=dt.date(2023, 4, 1),
    )
    services.activity_sign_in(actor=w.staff, activity=a, mandates=[w.m2])
    rows = selectors.ranking(w.county, year=2023)
    assert [r.name for r in rows] == ["李秀英", "张建国"]
    assert rows[0].rank == 1 and rows[0].total == Decimal(64)
    assert selectors.rank_of(w.county, w.m2, 2023) == (1, 2)
    assert selectors.rank_of(w.county, w.m1_county, 2023) == (2, 2)


# --- rules and thresholds -----------------------------------------------------------------------------


def _sc(w, m, **kw):
    return services.deputy_mandate_update(actor=w.staff, mandate=m, is_standing_committee_member=True, **kw)


def test_r22_r23_thresholds_configurable(world):
    w = world
    _sc(w, w.m1_county, is_full_time=True, has_legal_practice=True)
    _sc(w, w.m2, is_full_time=False)
    p = term_period(w)
    r22 = rule("R22", w.county, p)
    assert r22.status == Status.NOT_MET and r22.value.startswith("50.0%") and r22.shortfall == ["李秀英(—)"]
    assert rule("R23", w.county, p).status == Status.MET  # 50 % ≥ 15 %
    RuleSetting.objects.create(congress=w.county, rule_id="R22", params={"min_share": 50})
    assert rule("R22", w.county, p).status == Status.MET
    RuleSetting.objects.create(congress=w.county, rule_id="R23", params={"min_share": 60})
    assert rule("R23", w.county, p).status == Status.NOT_MET
    assert rule("R22", w.township, PeriodRange.for_term(w.township_term)).status == Status.NOT_APPLICABLE


def test_r13_share_of_reelected_nominated(world):
    w = world
    services.deputy_mandate_update(
        actor=w.staff, mandate=w.m1_county, is_reelected=True, nominated_by_committee=True
    )
    services.deputy_mandate_update(actor=w.staff, mandate=w.m2, is_reelected=True)
    assert rule("R13", w.county, term_period(w)).status == Status.MET  # 50 % ≥ 30 %
    RuleSetting.objects.create(congress=w.county, rule_id="R13", params={"min_share": 60})
    r = rule("R13", w.county, term_period(w))
    assert r.status == Status.NOT_MET and "李秀英(—)" in r.shortfall


def test_r14_needs_a_previous_term_and_compares(world):
    from renda.core.models import Term

    w = world
    assert rule("R14", w.county, term_period(w)).status == Status.NO_DATA
    old = Term.objects.create(congress=w.county, number=17, start_year=2016, end_year=2020)
    d = services.deputy_create(actor=w.staff, congress=w.county, full_name="旧代表", gender="male")
    services.deputy_mandate_create(
        actor=w.staff, deputy=d, term=old, started_on=dt.date(2016, 1, 1), occupation_category="civil_servant"
    )
    # Now: 1 of 2 grassroots (farmer), no women → women did not rise (0 → 0).
    r = rule("R14", w.county, term_period(w))
    assert r.status == Status.NOT_MET and any("妇女" in s for s in r.shortfall)
    services.deputy_mandate_update(actor=w.staff, mandate=w.m2, gender="female")
    assert rule("R14", w.county, term_period(w)).status == Status.MET


def test_r16_grassroots_attend_committee_activity(world):
    w = world
    p = term_period(w)
    r = rule("R16", w.county, p)
    assert r.status == Status.NOT_MET and r.shortfall == ["张建国(丙镇代表小组)"]  # the farmer is grassroots
    a = services.activity_create(
        actor=w.staff,
        congress=w.county,
        kind=ActivityKind.SC_MEETING,
        title="常委会第十次会议",
        occurred_on=dt.date(2022, 6, 1),
    )
    services.activity_sign_in(actor=w.staff, activity=a, mandates=[w.m1_county])
    assert rule("R16", w.county, p).status == Status.MET
    RuleSetting.objects.create(congress=w.county, rule_id="R16", params={"min_count": 2})
    assert rule("R16", w.county, p).status == Status.NOT_MET


def test_r19_training_and_initial_training(world):
    w = world
    p = term_period(w)
    assert rule("R19", w.county, p).status == Status.NOT_MET
    a = services.activity_create(
        actor=w.staff,
        congress=w.county,
        kind=ActivityKind.TRAINING,
        title="初任培训",
        occurred_on=dt.date(2021, 3, 1),
        hours=8,
        is_initial_training=True,
    )
    services.activity_sign_in(actor=w.staff, activity=a, mandates=[w.m1_county])
    r = rule("R19", w.county, p)
    assert r.status == Status.NOT_MET and "未参加履职学习:李秀英(—)" in r.shortfall
    services.activity_sign_in(actor=w.staff, activity=a, mandates=[w.m2])
    assert rule("R19", w.county, p).status == Status.MET
    assert selectors.deputy_record(w.m2).training_hours == Decimal(8)


def test_r20_funds_by_level(world):
    w = world
    y = PeriodRange.year(2023)
    assert rule("R20", w.county, y).status == Status.NO_DATA
    services.fund_entry_create(
        actor=w.staff,
        mandate=w.m1_county,
        kind=FundKind.ACTIVITY_FUND,
        occurred_on=dt.date(2023, 2, 1),
        amount=1000,
    )
    services.fund_entry_create(
        actor=w.staff, mandate=w.m2, kind=FundKind.ACTIVITY_FUND, occurred_on=dt.date(2023, 2, 1), amount=800
    )
    r = rule("R20", w.county, y)
    assert r.status == Status.NOT_MET and r.shortfall == ["李秀英:800.00元"]
    RuleSetting.objects.create(congress=w.county, rule_id="R20", params={"county_min": 800})
    assert rule("R20", w.county, y).status == Status.MET
    services.fund_entry_create(
        actor=w.township_staff,
        mandate=w.m3,
        kind=FundKind.ACTIVITY_FUND,
        occurred_on=dt.date(2023, 2, 1),
        amount=500,
    )
    services.fund_entry_create(
        actor=w.township_staff,
        mandate=w.m1_township,
        kind=FundKind.ACTIVITY_FUND,
        occurred_on=dt.date(2023, 2, 1),
        amount=500,
    )
    assert rule("R20", w.township, y).status == Status.MET  # township minimum 500


def test_r21_health_check_for_deputies_without_fixed_income(world):
    w = world
    p = term_period(w)
    assert rule("R21", w.county, p).status == Status.NO_DATA
    services.deputy_mandate_update(actor=w.staff, mandate=w.m2, has_fixed_income=False)
    assert rule("R21", w.county, p).status == Status.NOT_MET
    with pytest.raises(ValidationFailed):
        services.fund_entry_create(
            actor=w.staff,
            mandate=w.m1_county,
            kind=FundKind.LOST_EARNINGS,
            occurred_on=dt.date(2023, 1, 1),
            amount=100,
        )
    services.fund_entry_create(
        actor=w.staff, mandate=w.m2, kind=FundKind.HEALTH_CHECK, occurred_on=dt.date(2023, 5, 1)
    )
    assert rule("R21", w.county, p).status == Status.MET


def test_r28_report_to_voters_through_the_voter_report(world):
    w = world
    p = term_period(w)
    assert rule("R28", w.county, p).status == Status.NOT_MET
    for m in (w.m1_county, w.m2):
        report = services.voter_report_schedule(
            actor=w.staff, mandate=m, scheduled_on=dt.date(2023, 7, 1), codes=3
        )
        report = services.voter_report_record(
            actor=w.staff, report=report, report_text="述职", paper_satisfied=30, paper_basically=5
        )
    assert rule("R28", w.county, p).status == Status.MET
    code = report.codes.first()
    services.voter_rating_submit(report=report, code=code.code.lower(), value="satisfied")
    rated = Event.objects.get(action="deputy_voter_rating.submit")  # audited, with no account
    assert rated.target_id == str(report.pk) and rated.after == {"code_id": code.pk, "value": "satisfied"}
    assert rated.congress_id == report.mandate.congress_id and rated.actor is None
    with pytest.raises(ValidationFailed):
        services.voter_rating_submit(report=report, code=code.code, value="satisfied")  # one time only
    with pytest.raises(ValidationFailed):
        services.voter_rating_submit(report=report, code="NOPE", value="satisfied")
    s = selectors.satisfaction(report)
    assert s["total"] == 36 and s["online"] == 1 and s["rate"] == 100.0


def test_r34_inspections_per_member_per_year(world):
    w = world
    _sc(w, w.m1_county)
    y = PeriodRange.year(2023)
    for i, kind in enumerate([ActivityKind.INSPECTION, ActivityKind.RESEARCH]):
        a = services.activity_create(
            actor=w.staff, congress=w.county, kind=kind, title=f"活动{i}", occurred_on=dt.date(2023, 3, i + 1)
        )
        services.activity_sign_in(actor=w.staff, activity=a, mandates=[w.m1_county])
    r = rule("R34", w.county, y)
    assert r.status == Status.NOT_MET and r.shortfall == ["张建国:2次"]
    RuleSetting.objects.create(congress=w.county, rule_id="R34", params={"min_count": 2})
    assert rule("R34", w.county, y).status == Status.MET


def test_r36_resident_vice_chair_every_month(world):
    w = world
    _sc(w, w.m2, sc_position=StandingCommitteePosition.RESIDENT_VICE_CHAIR)
    y = PeriodRange.year(2022)
    r = rule("R36", w.county, y)
    assert r.status == Status.NOT_MET and len(r.shortfall) == 12
    for month in range(1, 13):
        a = services.activity_create(
            actor=w.staff,
            congress=w.county,
            kind=ActivityKind.RECEIVE_DEPUTIES,
            title=f"{month}月接待代表",
            occurred_on=dt.date(2022, month, 5),
        )
        services.activity_sign_in(actor=w.staff, activity=a, mandates=[w.m2])
    assert rule("R36", w.county, y).status == Status.MET


def test_d01_leaders_take_part_between_sessions(world):
    w = world
    services.deputy_mandate_update(actor=w.staff, mandate=w.m2, holds_leadership_post=True)
    y = PeriodRange.year(2023)
    plenary = services.activity_create(
        actor=w.staff,
        congress=w.county,
        kind=ActivityKind.PLENARY,
        title="大会",
        occurred_on=dt.date(2023, 1, 5),
    )
    services.activity_sign_in(actor=w.staff, activity=plenary, mandates=[w.m2])
    assert rule("D01", w.county, y).status == Status.NOT_MET  # the session itself does not count
    a = services.activity_create(
        actor=w.staff,
        congress=w.county,
        kind=ActivityKind.GROUP_ACTIVITY,
        title="小组活动",
        occurred_on=dt.date(2023, 5, 5),
    )
    services.activity_sign_in(actor=w.staff, activity=a, mandates=[w.m2])
    assert rule("D01", w.county, y).status == Status.MET


def test_d02_exit_warning_and_follow_up(world):
    w = world
    p = term_period(w)
    for i in range(2):
        a = services.activity_create(
            actor=w.staff,
            congress=w.county,
            kind=ActivityKind.PLENARY,
            title=f"第{i + 1}次会议",
            occurred_on=dt.date(2022 + i, 1, 10),
        )
        services.activity_sign_in(
            actor=w.staff, activity=a, mandates=[w.m2], attendance=Attendance.ABSENT_WITHOUT_LEAVE
        )
    r = rule("D02", w.county, p)
    assert r.status == Status.NOT_MET and r.shortfall == ["李秀英:无故缺席2次,未跟进"]
    [warning] = services.exit_warnings_refresh(congress=w.county, threshold=2)
    assert services.exit_warnings_refresh(congress=w.county, threshold=2) == []
    [opened] = Event.objects.filter(action="deputy_exit_warning.open")  # audited once
    assert opened.target_id == str(warning.pk) and opened.congress_id == w.county.pk
    services.exit_warning_follow_up(actor=w.staff, warning=warning, follow_up="已谈话提醒")
    assert rule("D02", w.county, p).status == Status.MET
    RuleSetting.objects.create(congress=w.county, rule_id="D02", params={"absences": 3})
    assert rule("D02", w.county, p).value.startswith("预警 0 人")


# --- backfill from suggestion cases -------------------------------------------------------------------


def test_backfill_counts_suggestions_once(world):
    from django.core.management import call_command
    from django.utils import timezone

    from renda.cases.choices import PartyRole
    from renda.cases.models import Case, CaseParty

    w = world
    case = Case.objects.create(
        congress=w.county,
        kind="suggestion",
        year=2023,
        serial=1,
        number="JY2023-0001",
        title="关于修缮村道的建议",
        state="submitted",
        submitted_at=timezone.now(),
        created_by=w.deputy_user,
    )
    CaseParty.objects.create(case=case, user=w.deputy_user, role=PartyRole.AUTHOR)
    CaseParty.objects.create(case=case, user=w.keeper, role=PartyRole.CO_SIGNER)  # not a deputy: skipped
    call_command("deputies_backfill_activities", verbosity=0)
    call_command("deputies_backfill_activities", verbosity=0)
    ps = ActivityParticipation.objects.filter(mandate=w.m1_county)
    assert ps.count() == 1 and ps.get().activity.kind == ActivityKind.SUGGESTION_SUBMITTED
    assert selectors.deputy_record(w.m1_county).suggestions == 1


# --- meeting requests ---------------------------------------------------------------------------------


def test_meeting_request_flow(world):
    from django.utils import timezone

    from renda.deputies import meeting_services

    w = world
    mr = meeting_services.meeting_request_create(
        actor=w.deputy_user, mandate=w.m1_county, organ=w.education, title="约见教育局长", body="学校撤并"
    )
    assert mr.case.state == "requested"
    with pytest.raises(PermissionDeniedError):
        meeting_services.meeting_request_create(
            actor=w.other_deputy_user, mandate=w.m1_county, organ=w.education, title="x", body="y"
        )
    with pytest.raises(PermissionDeniedError):
        meeting_services.meeting_request_arrange(
            actor=w.deputy_user, request=mr, arranged_for=timezone.now(), place="会议室"
        )
    meeting_services.meeting_request_arrange(
        actor=w.staff, request=mr, arranged_for=timezone.now(), place="会议室"
    )
    meeting_services.meeting_request_record(actor=w.staff, request=mr, outcome="局长答应年内解决")
    mr.case.refresh_from_db()
    assert mr.case.state == "held" and mr.case.closed_at is not None
    assert ActivityParticipation.objects.filter(
        mandate=w.m1_county, activity__kind=ActivityKind.OTHER
    ).exists()


def test_mandate_end_with_note(world):
    w = world
    services.deputy_mandate_end(
        actor=w.staff, mandate=w.m2, ended_on=dt.date(2023, 1, 1), reason="resignation", note="工作调动"
    )
    w.m2.refresh_from_db()
    assert w.m2.end_note == "工作调动"
    assert STARTED < w.m2.ended_on
