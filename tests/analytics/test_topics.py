"""Hot topics (年度热点): stored per congress×year, recomputed after a change, shown to staff and on the portal."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.analytics import topics
from renda.analytics.models import TopicSnapshot

from .conftest import login, make_case


@pytest.mark.clock("2026-11-20 09:30")
def test_topics_of_the_year_with_last_years_change_and_the_page(w, django_capture_on_commit_callbacks):
    for i in range(3):
        make_case(w, f"关于修缮{i}号道路的建议", "道路破损严重,坑洼积水,建议尽快修缮道路。", unit=w.world.county.transport,
                  serial=30 + i)  # fmt: skip
    snap = topics.recompute(w.congress.pk, 2026)
    words = {r["word"]: r for r in snap.data["overall"]}
    assert "道路" in words and words["道路"]["count"] >= 4
    assert words["道路"]["last"] == 1 and words["道路"]["change"] == words["道路"]["count"] - 1
    assert not {"关于", "建议", "进一步", "加强", "问题"} & set(words)
    assert w.world.county.transport.name in snap.data["unit"]
    # a change marks the snapshot stale and queues its recomputation
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_case(w, "关于增设路灯的建议", "路灯不足。", serial=50)
    assert TopicSnapshot.objects.get(pk=snap.pk).stale and callbacks
    page = login(w.staff).get(
        reverse("insight:topics"), {"year": 2026, "unit": w.world.county.transport.name}
    )
    body = page.content.decode()
    assert page.status_code == 200 and "道路" in body and 'id="topics-chart-data"' in body
    assert login(w.clerk).get(reverse("insight:topics")).status_code == 403


@pytest.mark.clock("2026-11-20 09:30")
def test_the_dashboard_panel_and_the_portal_show_public_topics_only(w):
    case = make_case(w, "关于治理河道污染的建议", "河道污染严重,建议治理河道。", serial=60)
    case.is_public = True
    case.save(update_fields=["is_public"])
    topics.recompute(w.congress.pk, 2026)
    public = {r["word"] for r in topics.public_topics(w.congress, 2026)}
    assert "河道" in public and "校舍" not in public  # the school case is not public
    panel = topics.dashboard_panels(w.staff, w.congress, 2026)[0]
    assert panel.chart["categories"] and panel.figures[0].count is None
