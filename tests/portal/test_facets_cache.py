"""The published list's facets and total come from Django's cache, per congress, and are dropped when a
suggestion of that congress is published or withdrawn from the portal."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renda.cases import services as engine
from renda.portal import selectors


def _count_queries(anon, url):
    with CaptureQueriesContext(connection) as ctx:
        resp = anon.get(url)
    assert resp.status_code == 200
    return resp, [q["sql"] for q in ctx.captured_queries]


def test_second_view_takes_facets_and_total_from_the_cache(world, published, anon):
    url = f"/portal/c/{world.a.congress.pk}/suggestions/"
    first, sql1 = _count_queries(anon, url)
    second, sql2 = _count_queries(anon, url)
    assert first.content == second.content
    assert len(sql2) < len(sql1)
    assert not any("COUNT(" in q.upper() for q in sql2)  # neither the total nor the facets' DISTINCTs
    assert not any("DISTINCT" in q.upper() for q in sql2)
    assert cache.get(selectors._published_key("total", world.a.congress.pk)) == 2


def test_publishing_drops_the_cached_total_and_facets(
    world, published, anon, django_capture_on_commit_callbacks
):
    congress = world.a.congress
    url = f"/portal/c/{congress.pk}/suggestions/"
    anon.get(url)
    assert selectors.published_total(congress) == 2
    assert cache.get(selectors._published_key("facets", congress.pk)) is not None
    with django_capture_on_commit_callbacks(execute=True):
        engine.case_publish(actor=world.a.staff, case=published.unpub.case)
    assert cache.get(selectors._published_key("total", congress.pk)) is None
    assert cache.get(selectors._published_key("facets", congress.pk)) is None
    body = anon.get(url).content.decode()
    assert "水库移民" in body
    assert selectors.published_total(congress) == 3


def test_a_change_in_another_congress_keeps_this_cache(
    world, published, anon, django_capture_on_commit_callbacks
):
    a, b = world.a.congress, world.b.congress
    selectors.published_total(a)
    selectors.suggestion_facets(a)
    with django_capture_on_commit_callbacks(execute=True):
        selectors.invalidate_published([published.other.case_id])
    assert cache.get(selectors._published_key("total", a.pk)) == 2
    assert cache.get(selectors._published_key("total", b.pk)) is None


def test_marking_not_public_drops_the_cache(world, published, django_capture_on_commit_callbacks):
    congress = world.a.congress
    assert selectors.published_total(congress) == 2
    s = published.p2
    with django_capture_on_commit_callbacks(execute=True):
        s.not_public, s.not_public_reason = True, "涉及个人隐私"
        s.save(update_fields=["not_public", "not_public_reason"])
    assert selectors.published_total(congress) == 1


def test_filtered_list_counts_exactly(world, published, anon):
    body = anon.get(f"/portal/c/{world.a.congress.pk}/suggestions/?reply_class=B").content.decode()
    assert "乡村公路" in body and "交通协管员" not in body
