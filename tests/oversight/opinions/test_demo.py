"""The demo county's deliberation opinions: built through the services, idempotent, telling the story
its docstring tells (R11 and R12 with their shortfalls)."""

from __future__ import annotations

import pytest
from django.test import Client

from renda.compliance.registry import PeriodRange, Status, evaluate_rule
from renda.core.models import Congress, User
from renda.demo import DEMO_AS_OF
from renda.demo.builder import load_demo
from renda.demo.oversight_opinions import load_oversight_opinions_demo
from renda.oversight.models import Opinion

pytestmark = pytest.mark.clock(DEMO_AS_OF)


@pytest.mark.django_db
def test_demo_opinions():
    load_demo()
    created = load_oversight_opinions_demo()
    assert created["opinions"] == 7 and created["opinion_ratings"] == 4 and created["users"] == 3
    assert load_oversight_opinions_demo() == {"users": 0, "opinions": 0, "opinion_ratings": 0}
    states = dict(Opinion.objects.values_list("report_title", "case__state"))
    assert states["县交通运输局关于农村公路建设和养护情况的报告"] == "closed"
    assert states["县教育局关于学前教育普及普惠发展情况的报告"] == "closed"
    assert states["县教育局关于校园安全工作情况的报告"] == "rectifying"
    assert states["县交通运输局关于道路交通安全工作情况的报告"] == "reviewed"
    assert states["县教育局关于义务教育优质均衡发展情况的报告"] == "drafting"
    county = Congress.objects.get(name="示例县人大")
    r11 = evaluate_rule("R11", county, PeriodRange.year(2026)).result
    assert r11.status == Status.NOT_MET and any("道路交通安全" in s for s in r11.shortfall)
    assert any("优化营商环境" in s for s in r11.shortfall)
    r12 = evaluate_rule("R12", county, PeriodRange.year(2026)).result
    assert r12.status == Status.NOT_MET and any("校园安全" in s and "未通报" in s for s in r12.shortfall)
    client = Client()
    client.force_login(User.objects.get(username="jiandu"))
    for url in (
        "/oversight/opinions/",
        "/oversight/ratings/",
        "/oversight/opinions/stats/",
        "/oversight/opinions/settings/",
    ):
        assert client.get(url).status_code == 200, url
    leader = Client()
    leader.force_login(User.objects.get(username="leader"))
    page = leader.get("/oversight/opinions/").content.decode()
    assert "校园安全" in page and "应予通报" in page
    stats = leader.get("/oversight/opinions/stats/").content.decode()
    assert "86.21%" in stats
