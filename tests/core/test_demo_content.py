"""The demo content on top of the demo county: suggestions at every stage and portal articles, made
through the real services; idempotent, deterministic, and enough for the pages to show a living county."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from renda.audit.models import Event
from renda.cases.models import Assignment, Case, Rating, Reply, Supervision
from renda.core.models import Congress, User
from renda.demo import DEMO_AS_OF
from renda.demo.builder import load_demo
from renda.demo.portal import ARTICLES, load_portal_demo
from renda.demo.suggestions import SPECS, load_suggestions_demo
from renda.portal.models import Article
from renda.suggestions.models import CoSignature, Suggestion
from renda.suggestions.statistics import StatsScope, suggestion_statistics

pytestmark = pytest.mark.clock(DEMO_AS_OF)

# the state each story ends in
FINAL_STATE = {
    "draft": "draft",
    "inviting": "draft",
    "withdrawn": "withdrawn",
    "submitted": "submitted",
    "returned": "returned",
    "refused": "refused",
    "merged": "merged",
    "accepted": "accepted",
    "assigned": "assigned",
    "handling": "handling",
    "replied": "replied",
    "closed": "closed",
    "following": "following",
    "followed_closed": "closed",
    "rehandling": "rehandling",
    "rehandled": "closed",
}


@pytest.fixture
def demo(db):
    load_demo()
    first = load_suggestions_demo()
    articles = load_portal_demo()
    return {"suggestions": first, "portal": articles, "county": Congress.objects.get(name="示例县人大")}


def test_every_story_ends_in_its_stage_deterministically(demo):
    county = demo["county"]
    assert demo["suggestions"]["suggestions"] == len(SPECS)
    states = dict(Case.objects.filter(congress=county, kind="suggestion").values_list("title", "state"))
    assert states == {s.title: FINAL_STATE[s.stage] for s in SPECS}
    # every state of the workflow appears
    assert set(states.values()) == set(FINAL_STATE.values())
    # numbers follow the dates within each year
    for year in (2024, 2025):
        rows = [
            timezone.localdate(at)
            for at in Case.objects.filter(congress=county, kind="suggestion", year=year)
            .order_by("number")
            .values_list("created_at", flat=True)
        ]
        assert rows == sorted(rows)
    # the co-signature invitations still waiting, one of them for the demo deputy
    deputy = User.objects.get(username="deputy")
    assert CoSignature.objects.filter(state="invited", user=deputy).count() == 2
    # replies A–D, each rating value, key cases with supervision records, an overdue assignment
    assert set(Reply.objects.filter(case__congress=county).values_list("classification", flat=True)) == set(
        "ABCD"
    )
    assert set(Rating.objects.values_list("value", flat=True)) == {"satisfied", "basically", "dissatisfied"}
    key = Case.objects.filter(congress=county, is_key=True)
    assert key.count() >= 5
    assert key.exclude(supervising_leader=None).exists()
    assert Supervision.objects.filter(case__in=key).count() >= 5
    today = timezone.localdate()
    assert Assignment.objects.filter(state="handling", deadline__lt=today).count() >= 3
    assert Assignment.objects.filter(state="pending_sign", deadline__lt=today).exists()
    assert Assignment.objects.filter(extension_requests__state="pending").count() == 1
    # the education bureau's replies drafted by its clerk and signed off by its head (签发); one draft
    # waiting for the head, one sent back to the clerk; every closed case's units signed for it
    from renda.cases.models import ReplyDraft

    drafts = ReplyDraft.objects.filter(case__congress=county)
    assert drafts.filter(state="signed_off", reply__signed_off_by__username="unitleader").exists()
    assert drafts.filter(state="pending_sign_off").count() == 1
    assert drafts.filter(state="sent_back").exclude(send_back_note="").count() == 1
    assert not Assignment.objects.filter(case__congress=county, case__state="closed", signed_at=None).exists()
    # nothing in the future
    assert not Event.objects.filter(created_at__gt=timezone.now()).exists()


def test_the_extra_logins_work_and_spread_the_handling(demo):
    for username in ["deputy4", "deputy5", "deputy6", "deputy7", "deputy8"]:
        user = User.objects.get(username=username)
        assert not user.must_change_password
        assert user.deputy.user_id == user.pk
        assert Suggestion.objects.filter(lead_user=user).exists()
    client = Client()
    assert client.login(username="unitclerk3", password=settings.RENDA["DEMO_PASSWORD"])
    page = client.get(reverse("cases:inbox"), {"kind": "suggestion"})
    assert page.status_code == 200
    assert "关于整治西河镇河道乱采乱挖的建议" in page.content.decode()
    units = set(
        Assignment.objects.filter(signed_by__isnull=False).values_list("organization__name", flat=True)
    )
    assert len(units) >= 7


def test_second_run_creates_nothing(demo):
    events, cases, articles = Event.objects.count(), Case.objects.count(), Article.objects.count()
    again = load_suggestions_demo()
    assert not any(again.values())
    assert not any(load_portal_demo().values())
    assert (Event.objects.count(), Case.objects.count(), Article.objects.count()) == (events, cases, articles)


def test_pages_show_the_published_suggestions_and_the_figures(demo):
    county = demo["county"]
    published = list(
        Suggestion.objects.filter(case__congress=county, case__is_public=True, not_public=False).values_list(
            "case__title", flat=True
        )
    )
    assert len(published) >= 15
    anonymous = Client()
    for url in ["/portal/suggestions/", reverse("suggestions:public_list")]:
        html = anonymous.get(url).content.decode()
        assert sum(title in html for title in published) >= 10, url
    # never the unpublished ones
    hidden = Case.objects.filter(congress=county, kind="suggestion", is_public=False).values_list(
        "title", flat=True
    )
    html = anonymous.get("/portal/suggestions/").content.decode()
    assert not [t for t in hidden if t in html]
    report = suggestion_statistics(StatsScope(congress=county))
    c = report.total.counts
    assert c.received >= 45 and c.assigned >= 30 and c.replied >= 25
    assert c.rated >= 20 and c.satisfied and c.basically and c.dissatisfied
    assert c.overdue >= 3 and c.key >= 5 and c.refused == 2 and c.merged == 2
    staff = Client()
    assert staff.login(username="staff", password=settings.RENDA["DEMO_PASSWORD"])
    assert staff.get("/suggestions/stats/").status_code == 200


def test_portal_articles(demo):
    county = demo["county"]
    assert demo["portal"]["articles"] == len(ARTICLES)
    rows = Article.objects.filter(congress=county)
    assert set(rows.values_list("channel", flat=True)) == {"news", "notice", "gazette", "rules", "report"}
    now = timezone.now()
    visible = rows.filter(state="published", published_at__lte=now)
    assert visible.count() == len(ARTICLES) - 2
    scheduled = rows.get(state="published", published_at__gt=now)
    draft = rows.get(state="draft")
    assert draft.review_note
    assert set(visible.values_list("reviewer__username", flat=True)) == {"leader"}
    assert set(rows.values_list("author__username", flat=True)) == {"staff"}
    html = Client().get("/portal/").content.decode()
    assert "县十八届人大常委会召开第二十六次会议" in html
    assert scheduled.title not in html and draft.title not in html
    report = rows.get(channel="report")
    assert "A类" in report.body and "满意" in report.body
