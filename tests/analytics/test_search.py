from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from renda.analytics import segment, services
from renda.analytics.models import SearchEntry, UserWord
from renda.audit.models import Event
from renda.core.errors import PermissionDeniedError, ValidationFailed
from tests.analytics.conftest import login, make_case

pytestmark = pytest.mark.clock("2026-11-20 09:30")


def keys(hits):
    return [(h.source, h.object_id) for h in hits]


def test_township_names_from_the_organisations_stay_whole(w):
    assert "青石镇" in segment.query_tokens("青石镇道路")
    assert (
        "青石镇" in SearchEntry.objects.get(source="case:suggestion", object_id=w.road.pk).segmented.split()
    )


def test_staff_find_cases_deputies_and_articles_ranked(w):
    hits = services.search("道路", actor=w.staff)
    found = keys(hits)
    assert ("case:suggestion", w.road.pk) in found
    assert ("case:suggestion", w.old.pk) in found
    assert ("article", w.published.pk) in found
    assert ("article", w.draft.pk) in found  # staff read drafts of their congress
    assert ("case:suggestion", w.school.pk) not in found
    # the road suggestion says 道路 in its title and three times in its body, the old one in its title only
    assert found.index(("case:suggestion", w.road.pk)) < found.index(("case:suggestion", w.old.pk))
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_every_word_must_match(w):
    assert keys(services.search("青石镇 校舍", actor=w.staff)) == [("case:suggestion", w.school.pk)]
    assert services.search("校舍 航天", actor=w.staff) == []
    assert services.search("，。", actor=w.staff) == []


def test_snippets_are_highlighted_and_escaped(w):
    make_case(w, "关于<script>道路</script>的建议", "道路<b>问题</b>", unit=w.county.transport, serial=9)
    from renda.analytics.index import rebuild_all

    rebuild_all()
    hit = next(h for h in services.search("道路", actor=w.staff) if "script" in h.title)
    assert "<script>" not in hit.title and "&lt;script&gt;" in hit.title
    assert "<mark>道路</mark>" in hit.snippet
    assert "&lt;b&gt;" in hit.snippet


def test_unit_clerk_never_finds_another_units_case(w):
    found = keys(services.search("青石镇", actor=w.clerk))
    assert ("case:suggestion", w.school.pk) in found  # assigned to 教育局
    assert ("case:suggestion", w.road.pk) not in found  # 交通运输局's
    assert all(k[0] != "deputy" for k in found)
    other = keys(services.search("道路", actor=w.other_clerk))
    assert ("case:suggestion", w.road.pk) in other and ("case:suggestion", w.school.pk) not in other


def test_anonymous_visitor_finds_only_published_articles(w):
    found = keys(services.search("道路", actor=AnonymousUser()))
    assert found == [("article", w.published.pk)]
    assert services.search("张秀英", actor=AnonymousUser()) == []


def test_filters_by_kind_year_unit_and_state(w):
    assert keys(services.search("道路", actor=w.staff, kind="article")) == keys(
        [h for h in services.search("道路", actor=w.staff) if h.source == "article"]
    )
    assert keys(services.search("道路", actor=w.staff, year=2025)) == [("case:suggestion", w.old.pk)]
    assert keys(services.search("道路", actor=w.staff, state="closed")) == [("case:suggestion", w.old.pk)]
    by_unit = keys(services.search("青石镇", actor=w.staff, unit=w.county.education.pk))
    assert by_unit == [("case:suggestion", w.school.pk)]


def test_a_save_reindexes_the_row_after_commit(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        w.school.title = "关于建设青石镇图书馆的建议"
        w.school.save()
    assert keys(services.search("图书馆", actor=w.staff)) == [("case:suggestion", w.school.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        w.draft.delete()
    assert not SearchEntry.objects.filter(source="article", object_id=w.draft.pk).exists()


def test_staff_extend_the_user_dictionary(w, django_capture_on_commit_callbacks):
    make_case(w, "关于推进河长制落实的建议", "全面落实河长制", unit=w.county.transport, serial=7)
    from renda.analytics.index import rebuild_all

    rebuild_all()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_user_word(actor=w.staff, word="河长制", note="政策术语")
    assert "河长制" in segment.query_tokens("河长制")
    assert Event.objects.filter(action="search.word_add").exists()
    with pytest.raises(ValidationFailed):
        services.add_user_word(actor=w.staff, word="河长制")
    with pytest.raises(ValidationFailed):
        services.add_user_word(actor=w.staff, word="  ")
    with pytest.raises(PermissionDeniedError):
        services.add_user_word(actor=w.clerk, word="乡村振兴")
    assert UserWord.objects.count() == 1


def test_search_page_and_api(w, client):
    page = client.get("/search/", {"q": "道路"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "视察青石镇" in body and "专题询问" not in body
    partial = login(w.staff).get("/search/", {"q": "道路"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "专题询问" in partial.content.decode()
    api = login(w.clerk).get("/api/v1/search", {"q": "青石镇"}).json()
    assert [r["id"] for r in api["results"] if r["kind"] == "case:suggestion"] == [w.school.pk]


def test_dictionary_page_for_staff_only(w):
    staff = login(w.staff)
    assert staff.get("/search/dictionary/").status_code == 200
    bad = staff.post("/search/dictionary/", {"word": "", "note": "x"})
    assert bad.status_code == 400 and "请填写词语" in bad.content.decode()
    assert staff.post("/search/dictionary/", {"word": "乡村振兴", "note": "政策术语"}).status_code == 302
    assert UserWord.objects.filter(word="乡村振兴").exists()
    assert login(w.clerk).get("/search/dictionary/").status_code == 403


EXPECTED_ORDER_QUERY = "青石镇 道路"


def test_same_results_in_the_same_order_on_every_backend(w):
    """Run on SQLite and on PostgreSQL (DATABASE_URL=postgres://…): the expected order is fixed."""
    hits = services.search(EXPECTED_ORDER_QUERY, actor=w.staff)
    assert keys(hits) == [("case:suggestion", w.road.pk), ("article", w.published.pk)], connection.vendor


def test_page_offers_unit_and_state_filters(w):
    staff = login(w.staff)
    body = staff.get("/search/", {"q": "道路", "kind": "case:suggestion", "state": "closed"}).content.decode()
    assert w.county.transport.name in body and "全部状态" in body
    assert "关于加强农村" in body and "修缮青石镇" not in body
    clerk_body = login(w.clerk).get("/search/", {"q": "青石镇"}).content.decode()
    assert w.county.education.name in clerk_body and w.county.transport.name not in clerk_body


def test_rebuild_command_rebuilds_every_source(w):
    from io import StringIO

    from django.core.management import call_command

    SearchEntry.objects.all().delete()
    assert services.search("道路", actor=w.staff) == []
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "case:suggestion: 3" in out.getvalue() and "article: 2" in out.getvalue()
    assert ("case:suggestion", w.road.pk) in keys(services.search("道路", actor=w.staff))


def test_similar_suggestions_while_drafting(w):
    draft = "关于修缮青石镇主干道路的建议：道路破损，雨天积水"
    hits = services.similar_suggestions(draft, actor=w.staff)
    assert hits and hits[0].object_id == w.road.pk
    assert w.school.pk not in [h.object_id for h in hits]
    assert services.similar_suggestions("航天发射", actor=w.staff) == []
    # a unit clerk never sees another unit's suggestion as "similar"
    assert w.road.pk not in [h.object_id for h in services.similar_suggestions(draft, actor=w.clerk)]
    page = login(w.staff).get("/search/similar/", {"title": "青石镇主干道路修缮", "body": "道路破损"})
    assert "相似的建议" in page.content.decode()
