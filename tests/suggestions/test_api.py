"""The API router: the same services and checks as the pages, JSON errors with Chinese messages."""

from __future__ import annotations

import copy
import itertools

import pytest
from ninja import NinjaAPI
from ninja.testing import TestClient

from renda.api.errors import install_exception_handlers
from renda.cases import api as cases_api
from renda.cases.models import Assignment, Reply
from renda.suggestions import api as suggestions_api
from renda.suggestions.models import CoSignature, Suggestion

_ids = itertools.count()


def _session_user(request):
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) is True else None


def _copy(router):
    # already mounted on the real API: test a copy
    return copy.deepcopy(router) if getattr(router, "api", None) is not None else router


@pytest.fixture
def api():
    test_api = NinjaAPI(urls_namespace=f"suggestions-test-{next(_ids)}", auth=_session_user)
    install_exception_handlers(test_api)
    test_api.add_router("/suggestions", _copy(suggestions_api.router))
    test_api.add_router("/cases", _copy(cases_api.router))
    return TestClient(test_api)


def call(api, user, method, path, json=None):
    """``/{id}…`` is the suggestions router; ``cases:{case_id}/…`` the engine's steps."""
    if path.startswith("cases:"):
        return getattr(api, method)("/cases/" + path[len("cases:") :], json=json, user=user)
    return getattr(api, method)("/suggestions" + path, json=json, user=user)


def test_full_flow_over_the_api(w, api):
    r = call(
        api,
        w.deputy,
        "post",
        "",
        {"congress": w.congress.pk, "title": "关于增设公交线路的建议", "body": "新区没有公交。"},
    )
    assert r.status_code == 201, r.json()
    sid = r.json()["id"]
    assert "submit" in r.json()["transitions"]
    assert (
        call(api, w.deputy, "post", f"/{sid}/cosigners", {"mandates": [w.mandates[1].pk]}).status_code == 200
    )
    sig = CoSignature.objects.get()
    r = call(api, w.deputies[1], "post", f"/cosignatures/{sig.pk}/respond", {"confirm": True})
    assert r.json()["state"] == "confirmed"
    for _ in range(2):  # a retried request creates one submission
        assert call(api, w.deputy, "post", f"/{sid}/submit").json()["state"] == "submitted"
    assert Suggestion.objects.get(pk=sid).versions.count() == 1
    r = call(api, w.deputy, "post", f"/{sid}/review", {"outcome": "accept"})
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    assert call(api, w.staff, "post", f"/{sid}/review", {"outcome": "accept"}).json()["state"] == "accepted"
    cid = Suggestion.objects.get(pk=sid).case_id
    # the engine's steps are the cases API's, validated by the case page's forms
    r = call(api, w.staff, "post", f"cases:{cid}/assign", {"lead": w.closed_unit.pk})
    assert r.status_code == 400 and r.json()["fields"].get("lead")
    r = call(api, w.staff, "post", f"cases:{cid}/assign", {"lead": w.unit_a.pk, "deadline": "2020-01-01"})
    assert r.status_code == 400 and "早于今天" in r.json()["message"]
    r = call(api, w.staff, "post", f"cases:{cid}/assign", {"lead": w.unit_b.pk})
    assert r.json()["state"] == "assigned"
    aid = Assignment.objects.get().pk
    # another unit cannot act (nor see the case)
    assert call(api, w.clerk_a, "post", f"cases:{cid}/sign", {"assignment": aid}).status_code == 404
    assert call(api, w.clerk_b, "post", f"cases:{cid}/sign", {"assignment": aid}).status_code == 200
    r = call(
        api, w.clerk_b, "post", f"cases:{cid}/reply",
        {"assignment": aid, "classification": "A", "text": "已开通线路。", "signing_leader": "赵局长"},
    )  # fmt: skip
    assert r.status_code == 400 and "reason_without_contact" in r.json()["fields"]
    r = call(
        api, w.clerk_b, "post", f"cases:{cid}/contact",
        {"assignment": aid, "contacted_at": "2026-03-02T09:00:00+08:00", "mode": "phone", "phase": "before",
         "unit_person": "赵科长", "counterpart": "张代表", "summary": "电话沟通。"},
    )  # fmt: skip
    assert r.status_code == 200, r.json()
    r = call(
        api, w.clerk_b, "post", f"cases:{cid}/reply",
        {"assignment": aid, "classification": "A", "text": "已开通线路。", "signing_leader": "赵局长"},
    )  # fmt: skip
    assert r.json()["state"] == "replied"
    rid = Reply.objects.get().pk
    r = call(api, w.deputies[1], "post", f"cases:{cid}/rate", {"reply": rid, "value": "satisfied"})
    assert r.status_code == 403
    r = call(api, w.deputy, "post", f"cases:{cid}/rate", {"reply": rid, "value": "satisfied"})
    assert r.json()["state"] == "closed"
    r = call(
        api,
        w.clerk_b,
        "post",
        f"cases:{cid}/reply",
        {"assignment": aid, "classification": "A", "text": "x", "signing_leader": "y"},
    )
    assert r.status_code == 403  # the step is no longer open
    assert call(api, w.staff, "post", f"/{sid}/publish").status_code == 200
    detail = call(api, w.deputy, "get", f"/{sid}").json()
    assert detail["is_public"] and detail["replies"][0]["rating"] == "satisfied"


def test_scope_and_list(w, api, assigned, draft):
    s = assigned()
    d = draft()
    assert call(api, w.deputies[4], "get", f"/{s.pk}").status_code == 404
    assert call(api, w.staff, "get", f"/{d.pk}").status_code == 404
    page = call(api, w.staff, "get", "?state=assigned").json()
    assert page["count"] == 1 and page["results"][0]["lead_unit"] == "县教育局"
    assert call(api, w.clerk_b, "get", "").json()["count"] == 1  # co-handler
    assert call(api, w.deputy, "get", "").json()["count"] == 2
    assert call(api, w.staff, "get", "?page_size=0").status_code in (400, 422)
    r = call(api, w.deputy, "post", "", {"congress": w.congress.pk, "title": "", "body": "x", "extra": 1})
    assert r.status_code in (400, 422)
