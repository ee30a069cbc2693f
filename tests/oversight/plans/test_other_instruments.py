import datetime as dt

import pytest
from django.test import override_settings

from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.oversight import services_plans as svc
from renda.oversight.models.plans import InquiryState, InterpellationState, InvestigationState

# --- special inquiry -------------------------------------------------------------------------------------


def test_inquiry_questions_answers_and_follow_up(w):
    inquiry = svc.inquiry_create(actor=w.staff, congress=w.congress, year=2026, topic="城区义务教育学位供给",
                                 body=w.education, meeting=w.sc_meeting)  # fmt: skip
    q1 = svc.inquiry_question_add(actor=w.staff, inquiry=inquiry, asker_name="孙丽华", asker_capacity="member",
                                  question="城区学位缺口有多大?", answerer="县教育局局长")  # fmt: skip
    q2 = svc.inquiry_question_add(actor=w.staff, inquiry=inquiry, asker_name="张秀英", asker_capacity="deputy",
                                  question="新建学校何时投用?")  # fmt: skip
    with pytest.raises(ValidationFailed) as e:
        svc.inquiry_question_add(
            actor=w.staff, inquiry=inquiry, asker_name="某", asker_capacity="expert", question="?"
        )
    assert e.value.field == "asker_capacity"
    with pytest.raises(ValidationFailed):  # not held yet
        svc.inquiry_rectification_add(
            actor=w.staff, inquiry=inquiry, title="学位", body="增加学位", deadline=dt.date(2026, 9, 1)
        )
    svc.inquiry_answer(actor=w.staff, question=q1, answerer="刘强(县教育局局长)", answer="缺口约1200个。")
    inquiry.refresh_from_db()
    assert inquiry.state == InquiryState.HELD and inquiry.held_on == dt.date(2026, 3, 10)
    with pytest.raises(ValidationFailed) as e:
        svc.inquiry_close(actor=w.staff, inquiry=inquiry)
    assert "1个问题" in e.value.message
    svc.inquiry_answer(actor=w.staff, question=q2, answerer="刘强", answer="9月投用。")
    case = svc.inquiry_rectification_add(actor=w.staff, inquiry=inquiry, title="按期投用新建学校", body="跟踪新校建设",
                                         deadline=dt.date(2026, 9, 1))  # fmt: skip
    with pytest.raises(ValidationFailed) as e:
        svc.inquiry_close(actor=w.staff, inquiry=inquiry)
    assert case.number in e.value.message
    from .helpers import rectify

    rectify(w, case)
    svc.inquiry_close(actor=w.staff, inquiry=inquiry)
    assert inquiry.state == InquiryState.CLOSED


# --- interpellation ---------------------------------------------------------------------------------------


def _motion(w, by=None, **kw):
    return svc.interpellation_create(actor=by or w.sc[0], congress=w.congress, subject="关于城区学校大班额问题的质询案",
                                     body=w.education, questions="大班额问题久拖不决的原因是什么?", **kw)  # fmt: skip


def test_signatures_checked_against_the_statutory_minimum(w):
    motion = _motion(w)
    assert motion.signatures.count() == 1  # the member who opened it signed it
    for member in w.sc[1:4]:
        svc.interpellation_sign(actor=member, interpellation=motion)
    with pytest.raises(ValidationFailed) as e:  # 4 < 5
        svc.interpellation_admit(actor=w.staff, interpellation=motion)
    assert e.value.field == "signatures" and "4人" in e.value.message and "5人" in e.value.message
    with pytest.raises(ValidationFailed):  # twice
        svc.interpellation_sign(actor=w.sc[1], interpellation=motion)
    with pytest.raises(ValidationFailed):  # not a member or deputy
        svc.interpellation_sign(actor=w.clerk, interpellation=motion)
    with pytest.raises(PermissionDeniedError):  # a member cannot sign for another
        svc.interpellation_sign(actor=w.sc[1], interpellation=motion, signer=w.sc[5])
    svc.interpellation_sign(
        actor=w.staff, interpellation=motion, signer=w.sc[4]
    )  # staff record a paper signature
    svc.interpellation_admit(actor=w.staff, interpellation=motion)  # 5 = 5
    assert motion.state == InterpellationState.ADMITTED
    with pytest.raises(ValidationFailed):
        svc.interpellation_sign(actor=w.sc[5], interpellation=motion)


@override_settings(RENDA_INTERPELLATION_MINIMUM={"county": {"standing_committee": 2, "plenary": 3}})
def test_minimum_configurable_per_level(w):
    motion = _motion(w)
    assert svc.interpellation_minimum(w.congress, at_plenary=False) == 2
    with pytest.raises(ValidationFailed):
        svc.interpellation_admit(actor=w.staff, interpellation=motion)
    svc.interpellation_sign(actor=w.sc[1], interpellation=motion)
    svc.interpellation_admit(actor=w.staff, interpellation=motion)
    plenary = _motion(w, at_plenary=True)
    svc.interpellation_sign(actor=w.sc[1], interpellation=plenary)
    with pytest.raises(ValidationFailed):
        svc.interpellation_admit(actor=w.staff, interpellation=plenary)


def _admitted(w):
    motion = _motion(w)
    for member in w.sc[1:6]:
        svc.interpellation_sign(actor=member, interpellation=motion)
    return svc.interpellation_admit(actor=w.staff, interpellation=motion)  # six signers


def test_dissatisfied_majority_gets_a_second_answer(w):
    motion = _admitted(w)
    with pytest.raises(ValidationFailed) as e:
        svc.interpellation_answer(actor=w.staff, interpellation=motion, answer="答复", answered_on=dt.date(2026, 3, 10),
                                  satisfied=3, dissatisfied=4)  # fmt: skip
    assert e.value.field == "satisfied" and "6人" in e.value.message
    svc.interpellation_answer(actor=w.staff, interpellation=motion, answer="已制定消除大班额三年计划。",
                              answered_on=dt.date(2026, 3, 10), meeting=w.sc_meeting, satisfied=2, dissatisfied=4)  # fmt: skip
    assert motion.state == InterpellationState.REANSWERING
    svc.interpellation_answer(actor=w.staff, interpellation=motion, answer="增建学校三所。",
                              answered_on=dt.date(2026, 3, 10), satisfied=5, dissatisfied=1)  # fmt: skip
    assert (
        motion.state == InterpellationState.CLOSED and motion.second_satisfied == 5 and motion.satisfied == 2
    )


def test_exactly_half_dissatisfied_closes(w):
    motion = _admitted(w)
    svc.interpellation_answer(actor=w.staff, interpellation=motion, answer="答复", answered_on=dt.date(2026, 3, 10),
                              satisfied=3, dissatisfied=3)  # fmt: skip
    assert motion.state == InterpellationState.CLOSED


def test_reject_needs_a_reason(w):
    motion = _motion(w)
    with pytest.raises(ValidationFailed) as e:
        svc.interpellation_reject(actor=w.staff, interpellation=motion, reason="")
    assert e.value.field == "reason"
    svc.interpellation_reject(actor=w.staff, interpellation=motion, reason="不属于本级人大职权范围")
    assert motion.state == InterpellationState.REJECTED
    with pytest.raises(PermissionDeniedError):
        _motion(w, by=w.clerk)


# --- special-question investigation ------------------------------------------------------------------------


def test_investigation_mandate_hearings_report_resolution(w):
    inv = svc.investigation_create(
        actor=w.staff, congress=w.congress, question="城南安置房项目质量问题", committee_name="关于城南安置房项目质量问题的调查委员会",
        chair_name="马国强", committee_members="孙丽华、何建平、吴海燕", mandate="查明工程质量问题成因和责任。",
        established_on=dt.date(2026, 3, 1),
    )  # fmt: skip
    with pytest.raises(ValidationFailed):  # no hearing yet
        svc.investigation_report(
            actor=w.staff, investigation=inv, report="报告", reported_on=dt.date(2026, 3, 9)
        )
    with pytest.raises(ValidationFailed) as e:
        svc.investigation_hearing_add(actor=w.staff, investigation=inv, held_on=dt.date(2026, 2, 28), witness="县住建局",
                                      summary="x")  # fmt: skip
    assert e.value.field == "held_on"
    svc.investigation_hearing_add(actor=w.staff, investigation=inv, held_on=dt.date(2026, 3, 3), witness="县住房和城乡建设局局长",
                                  summary="陈述监理情况。")  # fmt: skip
    assert inv.state == InvestigationState.INVESTIGATING
    with pytest.raises(ValidationFailed):
        svc.investigation_resolve(
            actor=w.staff, investigation=inv, resolution="决议", resolved_on=dt.date(2026, 3, 10)
        )
    svc.investigation_report(
        actor=w.staff, investigation=inv, report="调查报告……", reported_on=dt.date(2026, 3, 9)
    )
    svc.investigation_resolve(actor=w.staff, investigation=inv, resolution="责成县人民政府限期整改。",
                              resolved_on=dt.date(2026, 3, 10), meeting=w.sc_meeting)  # fmt: skip
    assert inv.state == InvestigationState.RESOLVED
