"""The demo county: the demo deputy can draft a suggestion and invite co-signers on the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.core.models import User
from renda.demo import DEMO_AS_OF
from renda.demo.builder import load_demo
from renda.suggestions.models import Suggestion

from .conftest import client_for

pytestmark = pytest.mark.clock(DEMO_AS_OF)


@pytest.mark.django_db
def test_demo_deputy_drafts_and_invites():
    load_demo()
    deputy = User.objects.get(username="deputy")
    c = client_for(deputy)
    r = c.post(
        reverse("suggestions:create"),
        {"title": "关于乡村道路硬化的建议", "type": "suggestion", "body": "村道坑洼。"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    s = Suggestion.objects.get()
    page = c.get(reverse("cases:detail", args=[s.case_id])).content.decode()
    assert "邀请附议" in page and "提交建议" in page
    staff = client_for(User.objects.get(username="staff"))
    assert staff.get(reverse("suggestions:list")).status_code == 200
    assert (
        client_for(User.objects.get(username="unitclerk")).get(reverse("suggestions:unit_todo")).status_code
        == 200
    )
