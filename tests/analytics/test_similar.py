"""相似建议: the panel on the draft form and on a submitted suggestion, scoped, with the answers."""

from __future__ import annotations

import pytest

from renda.analytics import segment
from renda.analytics.index import rebuild_all
from renda.analytics.similar import bigrams, similar_panel, words
from renda.cases.models import Case
from renda.suggestions import services
from renda.suggestions.models import Suggestion
from tests.suggestions.conftest import assigned, client_for, draft, freeze, reply, submitted, w  # noqa: F401

ROAD = "关于加强农村公路养护的建议"
OTHERS = [
    "关于延长县图书馆开放时间的建议",
    "关于改善城区自来水水质的建议",
    "关于增加社区养老服务设施的建议",
    "关于规范农贸市场管理的建议",
    "关于加快老旧小区加装电梯的建议",
]


@pytest.fixture(autouse=True)
def fresh_dictionary():
    segment.reset()
    yield
    segment.reset()


@pytest.fixture
def past(w, assigned, draft):  # noqa: F811
    """Last year's road suggestion, answered by 县教育局 (the lead of the fixture) and published;
    and a few drafts on other matters, as any congress has."""
    for title in OTHERS:
        draft(author=w.deputies[4], title=title)
    s = assigned(author=w.deputies[1], title=ROAD)
    s.case.body = "农村公路养护经费不足，部分路段年久失修，建议增加养护投入。"
    s.case.save(update_fields=["body"])
    reply(w, s)
    services.suggestion_publish(actor=w.staff, suggestion=s)
    Case.objects.filter(pk=s.case_id).update(year=2025, number="2025-090")
    return s


def test_words_drop_boilerplate_and_bigrams_cover_short_titles(db):
    assert "关于" not in words(ROAD) and "建议" not in words(ROAD)
    assert "养护" in words(ROAD)
    assert bigrams("关于修路的建议") == ["修路"]


def test_a_deputy_sees_the_published_past_suggestion_with_its_answer(w, past, submitted):  # noqa: F811
    hidden = submitted(
        author=w.deputies[2], title="关于农村公路养护资金的建议"
    )  # another deputy's, unpublished
    rebuild_all()
    hits = similar_panel(actor=w.deputy, title="农村公路养护经费不足")
    assert [h.case_id for h in hits] == [past.case_id]
    hit = hits[0]
    assert hit.reply_unit == "县教育局" and hit.reply_excerpt == "已增设协管员。"
    assert hit.url == f"/suggestions/public/{past.pk}/"
    assert hit.year == 2025 and not hit.can_merge
    # staff read both; the unit that did not handle them reads neither
    staff_ids = {h.case_id for h in similar_panel(actor=w.staff, title="农村公路养护经费不足")}
    assert staff_ids == {past.case_id, hidden.case_id}
    assert all(h.url.startswith("/cases/") for h in similar_panel(actor=w.staff, title="农村公路养护"))


def test_the_draft_form_fragment_as_the_deputy_types(w, past):  # noqa: F811
    rebuild_all()
    c = client_for(w.deputy)
    page = c.get("/suggestions/new/").content.decode()
    assert 'hx-get="/search/similar/draft/"' in page and "delay:700ms" in page
    html = c.get("/search/similar/draft/", {"title": "农村公路养护", "body": ""}).content.decode()
    assert ROAD in html and "已增设协管员。" in html and "县教育局" in html
    assert c.get("/search/similar/draft/", {"title": "图书馆开放时间"}).content.decode().strip() == ""


def test_staff_review_page_offers_the_merge_and_it_merges(w, past, submitted):  # noqa: F811
    target = submitted(author=w.deputies[3], title="关于农村公路养护管理的建议")
    new = submitted(author=w.deputies[4], title="关于加强农村公路日常养护的建议")
    rebuild_all()
    c = client_for(w.staff)
    page = c.get(f"/cases/{new.case_id}/").content.decode()
    assert f'hx-get="/search/similar/case/{new.case_id}/"' in page
    html = c.get(f"/search/similar/case/{new.case_id}/").content.decode()
    assert ROAD in html and "关于农村公路养护管理的建议" in html
    assert html.count('name="outcome" value="merge"') == 1  # the replied one takes no merge
    assert f'name="merge_into" value="{target.pk}"' in html
    resp = c.post(
        f"/cases/{new.case_id}/do/review/",
        {"outcome": "merge", "merge_into": target.pk, "note": "内容相似，并案办理"},
    )
    assert resp.status_code in (200, 302)
    new.refresh_from_db()
    assert new.merged_into_id == target.pk and new.case.state == "merged"
    # a deputy on his own submitted suggestion sees the list but no merge button
    own = client_for(w.deputies[3]).get(f"/search/similar/case/{target.case_id}/").content.decode()
    assert "已增设协管员。" in own and 'value="merge"' not in own


def test_a_case_the_reader_may_not_read_is_refused(w, submitted):  # noqa: F811
    s = submitted(author=w.deputies[1], title=ROAD)
    assert client_for(w.deputy).get(f"/search/similar/case/{s.case_id}/").status_code == 403
    assert Suggestion.objects.count() == 1
