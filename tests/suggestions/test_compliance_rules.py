"""Compliance checks of suggestions (R17, R18, R30, R42): each met and not met, with evidence and shortfall."""

from __future__ import annotations

import datetime as dt

from renda.cases import services as engine
from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.compliance.services import rule_setting_update
from renda.core.models import Organization
from renda.suggestions import rules, services
from renda.web.navigation import nav_for

from . import test_statistics
from .test_statistics import at, handle, rate

history = test_statistics.history  # the shared history fixture
YEAR = PeriodRange.year(2026)


def test_r17_replies_after_contact(history):
    w = history.w
    met = rules.replies_after_contact(
        w.congress, YEAR, {"min_contact_share": 100, "accept_stated_reason": True}
    )
    assert met.status == Status.MET and met.value == 100.0
    assert "共答复4件次" in met.evidence[0] and "未经沟通1件次" in met.evidence[0]
    assert len(met.shortfall) == 1
    assert history.s2.case.number in met.shortfall[0] and "代表外出学习" in met.shortfall[0]
    strict = rules.replies_after_contact(
        w.congress, YEAR, {"min_contact_share": 100, "accept_stated_reason": False}
    )
    assert strict.status == Status.NOT_MET and strict.value == 75.0
    assert rules.replies_after_contact(w.congress, PeriodRange.year(2025), {}).status == Status.NO_DATA


def test_r17_through_the_registry_with_the_congress_setting(history):
    w = history.w
    assert evaluate_rule("R17", w.congress, YEAR).result.status == Status.MET
    rule_setting_update(
        actor=w.staff,
        congress=w.congress,
        rule_id="R17",
        params={"min_contact_share": 100, "accept_stated_reason": False},
    )
    assert evaluate_rule("R17", w.congress, YEAR).result.status == Status.NOT_MET


def test_r18_published_with_the_six_items(history):
    w = history.w
    before = rules.suggestions_published(w.congress, YEAR, {"min_public_share": 100})
    assert before.status == Status.NOT_MET and before.value == 0.0
    assert len(before.shortfall) == 3 and all("未说明不公开理由" in s for s in before.shortfall)
    services.suggestion_publish(actor=w.staff, suggestion=history.s1)
    services.suggestion_withhold(actor=w.staff, suggestion=history.s2, reason="涉及未公开的规划信息")
    services.suggestion_publish(actor=w.staff, suggestion=history.s3)
    mid = rules.suggestions_published(w.congress, YEAR, {"min_public_share": 100})
    assert mid.value == 100.0
    assert mid.status == Status.NOT_MET  # 县交通运输局 has no responsible person on record
    assert mid.shortfall == [f"{history.s3.case.number} {history.s3.case.title}:已公开,缺少承办单位责任人"]
    assert "已公开2件,经说明理由不公开1件,未公开且无理由0件" in mid.evidence[0]
    Organization.objects.filter(pk=w.unit_b.pk).update(responsible_person="刘局长")
    after = rules.suggestions_published(w.congress, YEAR, {"min_public_share": 100})
    assert after.status == Status.MET and after.shortfall == []


def test_r30_two_supervisions_ratings_and_circulars(history):
    from django.utils import timezone

    from renda.portal.models import Article

    w = history.w
    params = {"min_supervised_share": 100, "min_rated_share": 100, "min_circulars": 2}
    before = rules.two_supervisions_ratings_circulars(w.congress, YEAR, params)
    assert before.status == Status.NOT_MET
    assert f"{history.s3.case.number} {history.s3.case.title}:未督办" in before.shortfall
    assert "办理结果通报0次,少于2次" in before.shortfall
    assert before.value["rated_share"] == 100.0
    engine.supervision_record(
        actor=w.leader, case=history.s3.case, mode="key", notes="到县交通运输局现场督办。"
    )
    for title in ("关于2026年代表建议办理情况的通报", "2026年代表建议办理结果"):
        Article.objects.create(
            congress=w.congress, channel="report", title=title, state="published", author=w.staff,
            published_at=timezone.now(),
        )  # fmt: skip
    after = rules.two_supervisions_ratings_circulars(w.congress, YEAR, params)
    assert after.status == Status.MET, after.shortfall
    assert after.value == {"supervised_share": 100.0, "rated_share": 100.0, "circulars": 2}
    assert "重点督办1" in after.evidence[0]
    assert "常委会组织的满意度测评暂无数据" in after.evidence[1]


def test_r42_resolution_rate_beside_reply_rate_and_made_satisfied(history, freeze):
    w = history.w
    low = rules.actual_resolution_rate(
        w.congress, YEAR, {"min_resolution_rate": 50, "max_unsolved_after_dissatisfied": 0}
    )
    assert low.status == Status.NOT_MET
    assert low.value == {"resolution_rate": 40.0, "reply_rate": 75.0}
    assert "办复率75.0%(3/4);实际办结率40.0%(2/5" in low.evidence[0]
    ok = rules.actual_resolution_rate(
        w.congress, YEAR, {"min_resolution_rate": 40, "max_unsolved_after_dissatisfied": 0}
    )
    assert ok.status == Status.MET
    # s3 re-handled, answered C as final and then rated satisfied: closed, but the problem is not solved
    r = handle(freeze, history.s3, w.clerk_b, "C", when=at(7, 20), final=True)
    rate(history.s3, r, "satisfied")
    assert history.s3.case.state == "closed"
    freeze(dt.datetime(2026, 7, 21, 9, tzinfo=at(1, 1).tzinfo))
    made = rules.actual_resolution_rate(
        w.congress, YEAR, {"min_resolution_rate": 40, "max_unsolved_after_dissatisfied": 0}
    )
    assert made.status == Status.NOT_MET
    assert any(history.s3.case.number in s and "被满意" in s for s in made.shortfall)
    assert "不满意后办结的建议1件,其中最终答复仍非A类(问题未解决)1件" in made.evidence[1]
    assert rules.actual_resolution_rate(w.congress, PeriodRange.year(2025), {}).status == Status.NO_DATA


def test_statistics_menu_entry_for_staff_and_leaders(history):
    w = history.w

    def labels(user):
        links = nav_for(user, "/")
        return [str(link.label) for link in links] + [str(c.label) for link in links for c in link.children]

    assert "建议统计" in labels(w.staff) and "建议统计" in labels(w.leader)
    assert "建议统计" not in labels(w.deputy) and "建议统计" not in labels(w.clerk_a)
