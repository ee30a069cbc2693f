"""Contact points and solicitations, experts and consultations, clean-up and post-legislation evaluation."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.legislation import participation as part
from renda.legislation import services
from renda.legislation.choices import ProjectState
from renda.legislation.models import Comment, LegislativeProject

from .conftest import deliberated_project

pytestmark = pytest.mark.clock("2026-11-24 08:30")


@pytest.fixture
def period(lw):
    p = deliberated_project(lw)
    return services.period_open(actor=lw.env, project=p, version=p.versions.first(), opens_on="2026-11-24",
                                closes_on="2026-12-24")  # fmt: skip


def test_contact_point_receives_the_draft_and_returns_opinions(lw, period):
    with pytest.raises(PermissionDeniedError):
        part.contact_point_create(
            actor=lw.env, congress=lw.congress, name="城关镇东街社区联系点", host="东街社区居委会"
        )
    point = part.contact_point_create(actor=lw.legal, congress=lw.congress, name="城关镇东街社区联系点",
                                      host="东街社区居委会")  # fmt: skip
    with pytest.raises(ValidationFailed):
        part.contact_point_create(
            actor=lw.legal, congress=lw.congress, name="城关镇东街社区联系点", host="重复"
        )
    part.contact_point_member_add(
        actor=lw.legal, point=point, name="赵信息员", capacity="社区干部", phone="13700001111"
    )
    sent = part.solicitation_send(
        actor=lw.env, period=period, kind="contact_point", point=point, due_on="2026-12-10"
    )
    letter = part.solicitation_send(actor=lw.env, period=period, kind="organisation", addressee="县司法局",
                                    due_on="2026-12-10")  # fmt: skip
    with pytest.raises(ValidationFailed):
        part.solicitation_send(
            actor=lw.env, period=period, kind="organisation", addressee="县司法局", due_on="2026-11-01"
        )
    with pytest.raises(ValidationFailed):  # an article that does not exist
        part.solicitation_return(actor=lw.env, solicitation=sent, opinions=[(8, "第八条的意见内容")])
    made = part.solicitation_return(
        actor=lw.env, solicitation=sent, opinions=[(3, "建议明确村民委员会的协助职责。"), ("", "总体赞成。")]
    )
    assert [(c.source, c.article_number) for c in made] == [("contact_point", 3), ("contact_point", None)]
    with pytest.raises(ConflictError):
        part.solicitation_return(actor=lw.env, solicitation=sent, opinions=[(3, "再次反馈意见内容")])
    part.solicitation_return(actor=lw.env, solicitation=letter, opinions=[], note="无修改意见")
    letter.refresh_from_db()
    assert letter.returned_on == dt.date(2026, 11, 24) and Comment.objects.count() == 2


def test_experts_and_consultations(lw, period):
    expert = part.expert_create(actor=lw.legal, congress=lw.congress, name="钱教授", field="环境法",
                                affiliation="示例大学法学院", term_start="2025-01-01", term_end="2027-12-31",
                                phone="13500002222")  # fmt: skip
    old = part.expert_create(actor=lw.legal, congress=lw.congress, name="孙研究员", field="农业经济",
                             affiliation="示例省社科院", term_start="2020-01-01", term_end="2024-12-31")  # fmt: skip
    with pytest.raises(ValidationFailed):
        part.expert_create(actor=lw.legal, congress=lw.congress, name="错", field="x", affiliation="y",
                           term_start="2026-01-01", term_end="2025-01-01")  # fmt: skip
    project = period.project
    with pytest.raises(ValidationFailed):  # a hearing needs its place
        part.consultation_record(
            actor=lw.env, project=project, kind="hearing", subject="垃圾收费标准听证", held_on="2026-11-20"
        )
    meeting = part.consultation_record(actor=lw.env, project=project, kind="expert_meeting", subject="处罚条款论证",
                                       held_on="2026-11-20", place="县人大常委会会议室")  # fmt: skip
    part.expert_opinion_add(actor=lw.env, consultation=meeting, expert=expert, text="罚款幅度应与上位法衔接,建议调整。",
                            fee="800")  # fmt: skip
    with pytest.raises(ValidationFailed):  # out of term
        part.expert_opinion_add(
            actor=lw.env, consultation=meeting, expert=old, text="已经不在聘期内的专家意见"
        )
    with pytest.raises(ValidationFailed):  # twice
        part.expert_opinion_add(
            actor=lw.env, consultation=meeting, expert=expert, text="重复登记的专家意见内容"
        )
    with pytest.raises(ValidationFailed):  # the third party is required
        part.consultation_record(actor=lw.env, project=project, kind="third_party", subject="争议事项第三方评估",
                                 held_on="2026-11-22")  # fmt: skip
    tp = part.consultation_record(actor=lw.env, project=project, kind="third_party", subject="争议事项第三方评估",
                                  held_on="2026-11-22", commissioned="示例大学法治研究中心", fee="30000")  # fmt: skip
    assert str(tp.fee) == "30000.00" and meeting.opinions.get().fee == 800


def _in_force(lw, title):
    p = LegislativeProject.objects.create(
        congress=lw.congress, title=title, source="government", proposer_name="县政府", reason="历史法规",
        state=ProjectState.IN_FORCE, created_at=lw.plan.created_at, updated_at=lw.plan.created_at,
        effective_on=dt.date(2015, 1, 1),
    )  # fmt: skip
    return p


def test_cleanup_repeals_and_evaluation(lw):
    a = _in_force(lw, "示例县草原管理条例")
    b = _in_force(lw, "示例县城镇市容条例")
    campaign = part.cleanup_create(actor=lw.legal, congress=lw.congress, title="2026年法规集中清理")
    part.cleanup_item_add(
        actor=lw.legal, campaign=campaign, regulation=a, proposal="repeal", reason="上位法已修改"
    )
    part.cleanup_item_add(
        actor=lw.legal, campaign=campaign, regulation=b, proposal="amend", reason="部分条款需要修改"
    )
    with pytest.raises(ValidationFailed):
        part.cleanup_item_add(
            actor=lw.legal, campaign=campaign, regulation=a, proposal="keep", reason="重复列入"
        )
    part.cleanup_conclude(actor=lw.legal, campaign=campaign, decided_on="2026-11-24")
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.state == ProjectState.REPEALED and b.state == ProjectState.IN_FORCE
    with pytest.raises(ConflictError):
        part.cleanup_conclude(actor=lw.legal, campaign=campaign, decided_on="2026-11-25")
    with pytest.raises(ConflictError):  # repealed: no evaluation
        part.evaluation_start(actor=lw.legal, regulation=a, evaluator="法制委员会")
    ev = part.evaluation_start(actor=lw.legal, regulation=b, evaluator="示例大学法治研究中心")
    with pytest.raises(ValidationFailed):
        part.evaluation_finish(actor=lw.legal, evaluation=ev, conclusion="结论很短", recommendation="amend")
    part.evaluation_finish(actor=lw.legal, evaluation=ev, conclusion="条例总体实施良好,个别条款需要修改完善。",
                           recommendation="amend")  # fmt: skip
    ev.refresh_from_db()
    assert ev.state == "finished"
