"""The public pages as an anonymous visitor: only published data, only the visitor's congress."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from renda.core.clock import today
from renda.portal import services
from renda.portal.models import Article


def _article(c, title, channel="news", when=None, body="<p>正文内容</p>"):
    a = services.article_create(actor=c.staff, congress=c.congress, channel=channel, title=title, body=body)
    services.article_submit(actor=c.staff, article=a)
    return services.article_publish(actor=c.leader, article=a, publish_at=when)


def test_home_lists_published_news_and_suggestions(world, published, anon):
    _article(world.a, "甲县人大常委会召开第十次会议")
    draft = services.article_create(
        actor=world.a.staff, congress=world.a.congress, channel="news", title="未发布的草稿新闻"
    )
    _article(world.a, "明天才发布的定时新闻", when=timezone.now() + dt.timedelta(days=1))
    _article(world.b, "乙县的新闻")
    r = anon.get("/portal/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "甲县人大常委会召开第十次会议" in html
    assert draft.title not in html
    assert "明天才发布的定时新闻" not in html
    assert "乙县的新闻" not in html
    assert "关于增设城关小学交通协管员的建议" in html
    assert "未公开的水库移民安置建议" not in html
    assert "Content-Security-Policy" in r.headers


def test_scheduled_article_appears_when_its_time_comes(world, anon, monkeypatch):
    a = _article(world.a, "定时发布的公告", channel="notice", when=timezone.now() + dt.timedelta(hours=2))
    assert anon.get(f"/portal/articles/{a.pk}/").status_code == 404
    later = timezone.now() + dt.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert anon.get(f"/portal/articles/{a.pk}/").status_code == 200
    assert "定时发布的公告" in anon.get("/portal/channel/notice/").content.decode()


def test_other_congress_has_its_own_portal(world, published, anon):
    _article(world.b, "乙县的新闻")
    html = anon.get(f"/portal/c/{world.b.congress.pk}/").content.decode()
    assert "乙县的新闻" in html and "乙县公开的供水管网改造建议" in html
    assert "关于增设城关小学交通协管员的建议" not in html
    # links keep the congress prefix
    assert f"/portal/c/{world.b.congress.pk}/suggestions/" in html
    # a suggestion of A is not found under B's prefix
    assert anon.get(f"/portal/c/{world.b.congress.pk}/suggestions/{published.p1.pk}/").status_code == 404
    assert anon.get("/portal/c/999999/").status_code == 404


def test_channel_search_and_pagination(world, anon):
    for i in range(25):
        _article(world.a, f"公报第{i}期", channel="gazette")
    r = anon.get("/portal/channel/gazette/")
    assert r.status_code == 200 and "第 1 / 2 页" in r.content.decode()
    assert "公报第3期" in anon.get("/portal/channel/gazette/?q=第3期").content.decode()
    assert anon.get("/portal/channel/gazette/?page=abc").status_code == 200
    assert anon.get("/portal/channel/nope/").status_code == 404


def test_suggestion_detail_shows_the_six_items(world, published, anon):
    r = anon.get(f"/portal/suggestions/{published.p1.pk}/")
    html = r.content.decode()
    assert r.status_code == 200
    for text in [
        "张秀英",  # the deputy
        "建议加强城关小学周边交通管理",  # the content
        "甲县教育局",
        "王局长",  # lead unit and its responsible person
        "甲县人大常委会",
        "周主任",  # supervising body and person
        "办理方案:关于增设城关小学交通协管员的建议的落实措施",
        "答复:关于增设城关小学交通协管员的建议已办理。",
    ]:
        assert text in html, text
    assert "内部审查意见" not in html and "内部沟通记录" not in html
    for hidden in (published.unpub, published.secret, published.other):
        assert anon.get(f"/portal/suggestions/{hidden.pk}/").status_code == 404


def test_suggestion_filters(world, published, anon):
    base = "/portal/suggestions/"
    assert "乡村公路" in anon.get(base + "?reply_class=B").content.decode()
    assert "交通协管员" not in anon.get(base + "?reply_class=乙类").content.decode()
    assert "交通协管员" not in anon.get(base + "?reply_class=B").content.decode()
    assert "交通协管员" in anon.get(base + f"?session={world.a.session.pk}").content.decode()
    assert "乡村公路" not in anon.get(base + f"?session={world.a.session.pk}").content.decode()
    assert "乡村公路" in anon.get(base + "?q=公路").content.decode()
    assert "乡村公路" in anon.get(base + f"?unit={world.a.unit.pk}&year={today().year}").content.decode()
    assert "乡村公路" not in anon.get(base + "?year=2020").content.decode()
    # malformed input never fails
    for q in [
        "?year=abc",
        "?session=-1",
        "?unit=99999999999999999999999",
        "?reply_class=Z",
        "?q=" + "长" * 500,
    ]:
        assert anon.get(base + q).status_code == 200


def test_deputies_show_public_fields_only(world, published, anon):
    r = anon.get("/portal/deputies/")
    html = r.content.decode()
    assert "张秀英" in html and "李建华" in html
    assert "13800138001" not in html and "1971" not in html
    m = world.a.mandates[0]
    html = anon.get(f"/portal/deputies/{m.pk}/").content.decode()
    assert "第1选区" in html and "甲县城关镇代表联络站" in html and "关于增设城关小学交通协管员的建议" in html
    assert "未公开的水库移民安置建议" not in html
    assert "13800138001" not in html
    assert anon.get(f"/portal/deputies/{world.b.mandates[0].pk}/").status_code == 404
    assert "李建华" in anon.get("/portal/deputies/?q=李").content.decode()


def test_reports_stations_congresses_pages(world, published, anon):
    html = anon.get("/portal/reports/").content.decode()
    assert str(today().year) in html and "公开建议 2 件" in html
    html = anon.get("/portal/stations/").content.decode()
    assert "甲县城关镇代表联络站" in html and "城关镇人民路1号" in html
    html = anon.get("/portal/congresses/").content.decode()
    assert "乙县人大" in html


def test_list_query_counts_do_not_grow(world, published, anon, django_assert_max_num_queries):
    for i in range(6):
        from .conftest import make

        make(world.a, f"批量公开建议{i}")
    with django_assert_max_num_queries(12):
        assert anon.get("/portal/suggestions/").status_code == 200
    with django_assert_max_num_queries(12):
        assert anon.get("/portal/deputies/").status_code == 200
    with django_assert_max_num_queries(14):
        assert anon.get("/portal/").status_code == 200


def test_article_model_flags(world):
    a = _article(world.a, "新闻")
    assert a.is_live and not a.is_scheduled
    assert Article.objects.published().filter(pk=a.pk).exists()


@pytest.mark.clock("2026-11-20")
def test_deputies_page_shows_the_published_ranking(world, anon):
    """The public ranking listed each circular as one empty item; it lists the newest circular's deputies."""
    from renda.deputies import services as deputy_services

    deputy_services.ranking_publication_create(
        actor=world.a.staff, congress=world.a.congress, year=2026, quarter=3, publish=True
    )
    html = anon.get("/portal/deputies/").content.decode()
    section = html.split('id="rank-title"')[1]
    assert "甲县人大2026年第3季度代表履职积分情况通报" in section
    assert section.count("<li") == 2 and "张秀英" in section and "李建华" in section
    assert 'value="1"' in section
