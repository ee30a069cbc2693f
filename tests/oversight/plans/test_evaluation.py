import datetime as dt
from decimal import Decimal

import pytest

from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.oversight import services_plans as svc
from renda.oversight.models.plans import EvaluationKind, EvaluationState
from renda.oversight.policy_plans import RectState
from renda.oversight.selectors_plans import ranking

from .helpers import rectify


def _evaluation(w, department, year=2026, kind=EvaluationKind.DEPARTMENT, **kw):
    return svc.evaluation_create(
        actor=w.staff, congress=w.congress, year=year, kind=kind, department=department, **kw
    )


def _to_scoring(w, ev):
    svc.evaluation_self_report(
        actor=w.staff, evaluation=ev, text=f"{ev.department.name}2025年度工作自查报告……"
    )
    svc.evaluation_activity_add(actor=w.staff, evaluation=ev, kind="visit", held_on=dt.date(2026, 3, 3),
                                participants=12, summary="代表走访服务对象,收集意见8条。")  # fmt: skip
    svc.evaluation_open_scoring(
        actor=w.staff, evaluation=ev, meeting_on=dt.date(2026, 3, 10), meeting=w.sc_meeting
    )
    ev.refresh_from_db()
    return ev


def test_six_departments_evaluated_and_ranked(w, client):
    """Done-means: a department evaluated and ranked among six."""
    evaluations = [_to_scoring(w, _evaluation(w, d)) for d in w.departments]
    assert all(e.state == EvaluationState.SCORING for e in evaluations)
    for i, ev in enumerate(evaluations):
        for j, member in enumerate(w.sc[:4]):
            svc.evaluation_score_cast(actor=member, evaluation=ev, score=95 - i * 3 - j)
        svc.evaluation_score_enter(
            actor=w.staff, evaluation=ev, rater_name="张秀英", sheet_number=f"P{i:02d}", score=80
        )
        svc.evaluation_close_scoring(actor=w.staff, evaluation=ev)
    ranked = ranking(w.congress.pk, 2026)
    assert [e.department for e in ranked] == w.departments
    assert [e.rank for e in ranked] == [1, 2, 3, 4, 5, 6]
    first = ranked[0]
    assert first.score_count == 5 and first.average == Decimal("90.80")  # (95+94+93+92+80)/5
    svc.evaluation_publish(
        actor=w.staff, evaluation=first, result_note="群众满意度较高,建议进一步改进农村教育。"
    )
    assert first.state == EvaluationState.PUBLISHED
    case = svc.evaluation_rectification_add(actor=w.staff, evaluation=first, title="改进农村教育",
                                            body="评议中代表反映农村学校师资薄弱。", deadline=dt.date(2026, 12, 31))  # fmt: skip
    assert case.rectification.origin_kind == "evaluation" and case.rectification.unit == w.education
    assert rectify(w, case).state == RectState.CLOSED


def test_ties_share_a_place(w):
    evs = [_to_scoring(w, _evaluation(w, d)) for d in w.departments[:3]]
    for ev, score in zip(evs, (90, 90, 70), strict=True):
        svc.evaluation_score_cast(actor=w.sc[0], evaluation=ev, score=score)
        svc.evaluation_close_scoring(actor=w.staff, evaluation=ev)
    assert [e.rank for e in ranking(w.congress.pk, 2026)] == [1, 1, 3]


@pytest.mark.parametrize(
    ("score", "ok"), [(-1, False), (0, True), (100, True), (101, False), ("八十", False), ("85.5", False)]
)
def test_scores_outside_the_scale_are_refused(w, score, ok):
    ev = _to_scoring(w, _evaluation(w, w.education))
    if ok:
        assert svc.evaluation_score_cast(actor=w.sc[0], evaluation=ev, score=score).score == int(score)
    else:
        with pytest.raises(ValidationFailed) as e:
            svc.evaluation_score_cast(actor=w.sc[0], evaluation=ev, score=score)
        assert e.value.field == "score" and "0" in e.value.message and "100" in e.value.message
        assert not ev.scores.exists()


def test_who_may_score_and_only_once(w):
    ev = _evaluation(w, w.education)
    with pytest.raises(ValidationFailed):  # not yet scoring
        svc.evaluation_score_cast(actor=w.sc[0], evaluation=ev, score=90)
    with pytest.raises(ValidationFailed) as e:  # no self-report heard
        svc.evaluation_open_scoring(actor=w.staff, evaluation=ev, meeting_on=dt.date(2026, 3, 10))
    assert e.value.field == "self_report"
    ev = _to_scoring(w, ev)
    svc.evaluation_score_cast(actor=w.sc[0], evaluation=ev, score=90)
    with pytest.raises(ValidationFailed) as e:
        svc.evaluation_score_cast(actor=w.sc[0], evaluation=ev, score=60)
    assert "已经参加" in e.value.message
    for outsider in (w.clerk, w.staff, w.world.sibling.users["deputy"]):
        with pytest.raises(PermissionDeniedError):
            svc.evaluation_score_cast(actor=outsider, evaluation=ev, score=90)
    svc.evaluation_score_enter(actor=w.staff, evaluation=ev, rater_name="纸质", sheet_number="001", score=70)
    with pytest.raises(ValidationFailed) as e:
        svc.evaluation_score_enter(
            actor=w.staff, evaluation=ev, rater_name="纸质", sheet_number="001", score=70
        )
    assert e.value.field == "sheet_number"
    with pytest.raises(PermissionDeniedError):
        svc.evaluation_score_enter(
            actor=w.sc[1], evaluation=ev, rater_name="自填", sheet_number="002", score=99
        )


def test_close_without_scores_and_publish_before_close_refused(w):
    ev = _to_scoring(w, _evaluation(w, w.education))
    with pytest.raises(ValidationFailed) as e:
        svc.evaluation_publish(actor=w.staff, evaluation=ev, result_note="意见")
    assert e.value.field == "evaluation"
    with pytest.raises(ValidationFailed) as e:
        svc.evaluation_close_scoring(actor=w.staff, evaluation=ev)
    assert e.value.field == "scores"


def test_appointee_evaluated_one_by_one(w):
    ev = _evaluation(w, w.education, kind=EvaluationKind.APPOINTEE, appointee_name="刘强", appointee_post="县教育局局长",
                     appointee_user=w.unit_leader)  # fmt: skip
    assert str(ev) == "2026年刘强(县教育局局长)述职评议"
    with pytest.raises(ValidationFailed) as e:
        _evaluation(w, w.education, kind=EvaluationKind.APPOINTEE, appointee_name="王五")
    assert e.value.field == "appointee_post"
    ev = _to_scoring(w, ev)
    svc.evaluation_score_cast(actor=w.sc[0], evaluation=ev, score=88)
    svc.evaluation_close_scoring(actor=w.staff, evaluation=ev)
    assert ev.rank == 1 and ranking(w.congress.pk, 2026, EvaluationKind.APPOINTEE) == [ev]
    with pytest.raises(ValidationFailed):
        _evaluation(w, w.education)  # the department may still be evaluated, but only once a year
        _evaluation(w, w.education)


def _r27(w):
    return evaluate_rule("R27", w.congress, PeriodRange.for_term(w.term)).result


def _held(w, department, year):
    """Chosen and surveyed: an evaluation that took place (preparing only does not count)."""
    ev = _evaluation(w, department, year=year)
    svc.evaluation_activity_add(actor=w.staff, evaluation=ev, kind="survey", held_on=dt.date(year, 3, 1),
                                participants=30, summary="问卷调查")  # fmt: skip
    return ev


def _short_term(w, start, end):
    from renda.core.models import Term

    Term.objects.filter(pk=w.term.pk).update(start_year=start, end_year=end)
    w.term.refresh_from_db()


@pytest.mark.clock("2026-06-01 10:00")
def test_r27_coverage_boundary(w):
    _short_term(w, 2026, 2026)
    for d in w.departments[:5]:
        _held(w, d, 2026)
    r = _r27(w)
    names = sorted(d.name for d in w.departments)
    missing = [n for n in names if n not in {d.name for d in w.departments[:5]}]
    assert r.status == Status.NOT_MET and r.value == "5/6"
    assert r.shortfall == [f"届内尚未评议:{missing[0]}"]
    assert r.evidence == ["2026年评议5个部门(本年度进行中)"]
    prepared = _evaluation(w, w.departments[5])
    svc.evaluation_self_report(actor=w.staff, evaluation=prepared, text="报告")
    assert _r27(w).status == Status.NOT_MET  # chosen and reported, but not yet evaluated
    svc.evaluation_activity_add(actor=w.staff, evaluation=prepared, kind="survey", held_on=dt.date(2026, 5, 1),
                                participants=30, summary="问卷")  # fmt: skip
    r = _r27(w)
    assert r.status == Status.MET and r.evidence == ["2026年评议6个部门"] and r.value == "6/6"


@pytest.mark.clock("2026-06-01 10:00")
def test_r27_per_year_below_within_and_above(w):
    from renda.core.choices import OrganizationKind as K
    from renda.core.models import Organization

    extra = [Organization.objects.create(congress=w.congress, name=f"县第{i}局", kind=K.GOVERNMENT_DEPARTMENT)
             for i in range(2)]  # fmt: skip
    everyone = w.departments + extra  # eight departments
    _short_term(w, 2023, 2026)
    for d in everyone[:5]:
        _held(w, d, 2023)  # 5: below
    for d in everyone[:6]:
        _held(w, d, 2024)  # 6: the lower boundary
    for d in everyone[:7]:
        _held(w, d, 2025)  # 7: the upper boundary
    for d in everyone:
        _held(w, d, 2026)  # 8 in the running year: above already
    r = _r27(w)
    assert "2024年评议6个部门" in r.evidence and "2025年评议7个部门" in r.evidence
    assert "2023年评议5个部门(应为6至7个)" in r.shortfall and "2026年评议8个部门(应为6至7个)" in r.shortfall
    assert not [line for line in r.shortfall if "届内尚未评议" in line]
    assert r.status == Status.NOT_MET


def test_to_do_tells_members_what_to_score(w):
    from renda.oversight.todo_plans import scoring_todos

    ev = _to_scoring(w, _evaluation(w, w.education))
    assert scoring_todos(w.sc[0])[0].count == 1
    assert scoring_todos(w.clerk) == []
    svc.evaluation_score_cast(actor=w.sc[0], evaluation=ev, score=90)
    assert scoring_todos(w.sc[0]) == []
