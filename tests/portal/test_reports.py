"""The portal's 办理工作报告 page: the constituents' opinions of the year as a section with Chinese
labels, never a raw dictionary."""

from __future__ import annotations

import pytest
from django.test import Client
from lxml import html as lxml_html

from renda.liaison import services as liaison
from tests.factories import build_world

pytestmark = pytest.mark.clock("2026-05-12 10:00")

RAW = ("year:", "received:", "satisfaction_rate", "by_topic", "None", "[]", "{")


def report(congress) -> lxml_html.HtmlElement:
    response = Client().get(f"/portal/c/{congress.pk}/reports/")
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def section_text(doc) -> str:
    (section,) = doc.xpath("//section[@id='opinion-report']")
    return " ".join(section.text_content().split())


@pytest.mark.django_db
def test_a_year_without_opinions_shows_zeros_and_a_dash():
    county = build_world().county
    text = section_text(report(county.congress))
    assert "2026 年群众意见办理情况" in text
    assert "收到意见0" in text and "已答复0" in text and "已办结0" in text
    assert "满意率(含基本满意)—" in text
    assert "本年度暂无意见" in text
    for raw in RAW:
        assert raw not in text, raw


@pytest.mark.django_db
def test_opinions_of_the_year_are_counted_by_topic():
    county = build_world().county
    for i, (title, topic) in enumerate(
        [("路灯不亮", "交通出行"), ("道路坑洼", "交通出行"), ("噪音扰民", "医疗卫生")]
    ):
        liaison.opinion_submit(
            channel="portal",
            station=county.station,
            title=title,
            body=f"{title},请尽快处理。",
            topic=topic,
            submitter_phone=f"1380000000{i}",
            client_ip=f"10.0.0.{i + 1}",
        )
    doc = report(county.congress)
    assert doc.xpath("string(//*[@id='op-received'])").strip() == "3"
    topics = [" ".join(li.text_content().split()) for li in doc.xpath("//ul[@id='op-topics']/li")]
    assert topics == ["交通出行:2 件", "医疗卫生:1 件"]
    assert doc.xpath("string(//*[@id='op-rate'])").strip().startswith("—")
    text = section_text(doc)
    for raw in RAW:
        assert raw not in text, raw
