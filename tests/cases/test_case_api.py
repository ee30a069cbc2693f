"""The cases API (/api/v1/cases/{id}/…): any kind's case, its timeline and the engine's steps, with
the page's permission (``find_action``) and the page's form (same Chinese messages). The kind here is
registered only in the tests and has no router of its own."""

from __future__ import annotations

import copy
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from ninja import NinjaAPI
from ninja.testing import TestClient

from renda.api.errors import install_exception_handlers
from renda.cases import api as cases_api
from renda.cases import services
from renda.cases.forms import ContactForm
from renda.cases.models import Attachment, Reply
from tests.samples import PDF

from .conftest import lead_of

pytestmark = pytest.mark.django_db
_ids = itertools.count()


def _session_user(request):
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) is True else None


@pytest.fixture
def api():
    router = cases_api.router
    if getattr(router, "api", None) is not None:
        router = copy.deepcopy(router)
    test_api = NinjaAPI(urls_namespace=f"cases-test-{next(_ids)}", auth=_session_user)
    install_exception_handlers(test_api)
    test_api.add_router("/cases", router)
    return TestClient(test_api)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def post(api, user, case, step, json=None):
    return api.post(f"/cases/{case.pk}/{step}", json=json, user=user)


def test_case_with_the_callers_actions_and_targets(world, api, assigned_case):
    case = assigned_case
    lead = lead_of(case)
    body = api.get(f"/cases/{case.pk}", user=world.clerk_a).json()
    assert body["kind"] == "test_suggestion" and body["kind_label"] == "测试建议"
    assert body["state"] == "assigned" and body["state_label"] == "已交办" and body["due_at"]
    actions = {a["code"]: a for a in body["actions"]}
    assert actions["sign"]["target"] == "assignment" and actions["sign"]["target_id"] == lead.pk
    assert actions["sign"]["target_param"] == "assignment"
    assert "rate" not in actions and "supervise" not in actions
    staff = {a["code"] for a in api.get(f"/cases/{case.pk}", user=world.staff).json()["actions"]}
    assert {"supervise", "key"} <= staff and "sign" not in staff
    assert api.get(f"/cases/{case.pk}", user=world.clerk_c).status_code == 404
    timeline = api.get(f"/cases/{case.pk}/timeline", user=world.deputy).json()
    assert [e["label"] for e in timeline][-1] == "交办"
    assert "主办单位:县交通运输局" in timeline[-1]["details"]


def test_steps_through_the_api_with_the_pages_form(world, api, assigned_case):
    case = assigned_case
    lead = lead_of(case)
    r = post(api, world.clerk_b, case, "sign", {"assignment": lead.pk})
    assert r.status_code == 403 and r.json()["code"] == "permission_denied"
    r = post(api, world.clerk_a, case, "sign", {})
    assert r.status_code == 400 and "assignment" in r.json()["fields"]
    assert post(api, world.clerk_a, case, "sign", {"assignment": lead.pk}).json()["state"] == "handling"

    # the same form as the page: its own messages, field by field
    bad = {"assignment": lead.pk, "mode": "carrier_pigeon", "phase": "before", "summary": "x"}
    r = post(api, world.clerk_a, case, "contact", bad)
    assert r.status_code == 400
    fields = r.json()["fields"]
    page_form = ContactForm({k: v for k, v in bad.items() if k != "assignment"})
    assert not page_form.is_valid()
    assert set(fields) == set(page_form.errors) and fields["mode"] == page_form.errors["mode"][0]
    r = post(api, world.clerk_a, case, "contact", {**bad, "nonsense": 1})
    assert r.status_code in (400, 422)
    ok = {
        "assignment": lead.pk,
        "contacted_at": "2026-03-02T09:00:00+08:00",
        "mode": "phone",
        "phase": "before",
        "unit_person": "张科长",
        "counterpart": "李代表",
        "summary": "电话沟通修缮计划。",
    }
    assert post(api, world.clerk_a, case, "contact", ok).status_code == 200
    r = post(
        api,
        world.clerk_a,
        case,
        "reply",
        {"assignment": lead.pk, "classification": "A", "text": "已完成施工。", "signing_leader": "王局长"},
    )
    assert r.status_code == 200 and r.json()["state"] == "replied"
    reply = Reply.objects.get()
    assert r.json()["id"] == reply.pk and reply.is_final
    r = post(api, world.deputy, case, "rate", {"reply": reply.pk, "value": "so-so"})
    assert r.status_code == 400 and "value" in r.json()["fields"]
    # the co-handler never signed: the case cannot close yet (close_requires_signed_assignments)
    r = post(api, world.deputy, case, "rate", {"reply": reply.pk, "value": "satisfied"})
    assert r.status_code == 409 and "县教育局" in r.json()["message"]
    services.assignment_sign(actor=world.clerk_b, assignment=case.assignments.get(role="co_handler"))
    assert post(api, world.deputy, case, "rate", {"reply": reply.pk, "value": "satisfied"}).json()[
        "state"
    ] == ("closed")
    # steps no longer open answer 403, whoever asks
    assert post(api, world.deputy, case, "rate", {"reply": reply.pk, "value": "satisfied"}).status_code == 403


def test_requests_and_decisions(world, api, assigned_case):
    case = assigned_case
    lead = lead_of(case)
    r = post(
        api,
        world.clerk_a,
        case,
        "extension-request",
        {"assignment": lead.pk, "requested_deadline": "2026-07-01", "reason": "需协调资金。"},
    )
    assert r.status_code == 200, r.json()
    body = api.get(f"/cases/{case.pk}", user=world.clerk_a).json()
    assert "extension_request" not in {a["code"] for a in body["actions"]}  # one per assignment
    req = lead.extension_requests.get()
    r = post(api, world.staff, case, "decide-extension", {"request": req.pk, "approve": False})
    assert r.status_code == 400 and "note" in r.json()["fields"]
    assert (
        post(api, world.staff, case, "decide-extension", {"request": req.pk, "approve": True}).status_code
        == 200
    )
    lead.refresh_from_db()
    assert lead.deadline.isoformat() == "2026-07-01" and lead.extended


def test_generic_transitions_and_attachments(world, api, make_case):
    draft = make_case(submit=False)
    r = api.post(f"/cases/{draft.pk}/do/withdraw", json={"note": ""}, user=world.deputy)
    assert r.status_code == 400 and "note" in r.json()["fields"]
    assert api.post(f"/cases/{draft.pk}/do/submit", json={}, user=world.deputy2).status_code == 404
    assert api.post(f"/cases/{draft.pk}/do/submit", json={}, user=world.deputy).json()["state"] == "submitted"
    assert api.post(f"/cases/{draft.pk}/do/bogus", json={}, user=world.deputy).status_code == 404
    upload = SimpleUploadedFile("现场照片.pdf", PDF, content_type="application/pdf")
    r = api.post(f"/cases/{draft.pk}/attach", FILES={"file": upload}, user=world.deputy)
    assert r.status_code == 200, r.json()
    assert Attachment.objects.get().original_name == "现场照片.pdf"
    draft.refresh_from_db()
    services.case_assign(actor=world.staff, case=draft, lead=world.unit_a)
    assert post(
        api, world.staff, draft, "key", {"is_key": True, "supervising_leader": world.leader.pk}
    ).json()
    draft.refresh_from_db()
    assert draft.is_key and draft.supervising_leader_id == world.leader.pk
