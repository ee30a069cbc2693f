"""签发 on the engine's face: the clerk drafts on the case page, the unit leader signs off or sends back
there, the API takes the same steps with the same form; drafts stay inside the unit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from renda.cases.choices import DraftState
from renda.cases.models import Attachment, Reply, ReplyDraft
from renda.core.choices import Role
from renda.core.models import Membership, User
from tests.samples import PDF

from .conftest import contact, lead_of
from .test_case_api import api, media, post  # noqa: F401  (fixtures)
from .test_case_page import act, buttons, client_for, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def signing(world, assigned_case, suggestion_policy):
    """The kind wants sign-off and waits for co-handlers; unit A has a head; A signed and talked."""
    suggestion_policy.reply_requires_sign_off = True
    suggestion_policy.co_handler_opinion_before_reply = True
    world.leader_a = User.objects.create_user(username="leader_a", password="x", full_name="王局长")
    Membership.objects.create(user=world.leader_a, organization=world.unit_a, role=Role.UNIT_LEADER)
    from renda.cases import services

    lead = lead_of(assigned_case)
    services.assignment_sign(actor=world.clerk_a, assignment=lead)
    contact(world, lead)
    return assigned_case


def test_clerk_drafts_leader_sends_back_and_signs_off_on_the_page(world, signing):
    case = signing
    lead = lead_of(case)
    clerk_buttons = buttons(page(world.clerk_a, case))
    assert "draft_reply" in clerk_buttons and "reply" not in clerk_buttons
    leader_buttons = buttons(page(world.leader_a, case))
    assert "reply" in leader_buttons and "draft_reply" not in leader_buttons
    clerk = client_for(world.clerk_a)
    # The form asks why there is no co-handler opinion while it is missing, and no signing leader.
    form = clerk.get(act(case, "draft_reply", assignment=lead.pk)).content.decode()
    assert "未待协办意见即答复的理由" in form and "签发领导" not in form
    refused = clerk.post(
        act(case, "draft_reply", assignment=lead.pk), {"classification": "A", "text": "已完成修缮。"}
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "尚未送达协办意见" in body and "已完成修缮。" in body  # the input is kept
    r = clerk.post(
        act(case, "draft_reply", assignment=lead.pk),
        {
            "classification": "A",
            "text": "已完成修缮。",
            "reason_without_co_handler": "协办单位逾期未复。",
            "attachment": SimpleUploadedFile("答复函.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert r.status_code == 302
    draft = ReplyDraft.objects.get(case=case)
    file = Attachment.objects.get(draft=draft)
    # The draft and its file stay inside the unit: not on the deputy's or unit B's page.
    assert "case-drafts" in page(world.clerk_a, case)
    assert "case-drafts" not in page(world.deputy, case)
    assert "case-drafts" not in page(world.clerk_b, case)
    download = reverse("cases:attachment", args=[file.pk])
    assert client_for(world.deputy).get(download).status_code == 404
    assert client_for(world.leader_a).get(download).status_code == 200
    # The leader sends it back, the clerk edits it, the leader signs it off.
    leader = client_for(world.leader_a)
    assert {"sign_off", "send_back"} <= set(buttons(page(world.leader_a, case)))
    assert (
        leader.post(act(case, "send_back", draft=draft.pk), {"note": "请写明完工日期。"}).status_code == 302
    )
    draft.refresh_from_db()
    assert draft.state == DraftState.SENT_BACK
    assert "请写明完工日期。" in page(world.clerk_a, case)
    edit = clerk.get(act(case, "edit_draft", draft=draft.pk)).content.decode()
    assert "已完成修缮。" in edit  # the draft's text, to edit
    r = clerk.post(
        act(case, "edit_draft", draft=draft.pk),
        {
            "classification": "A",
            "text": "已于3月底完成修缮。",
            "reason_without_co_handler": "协办单位逾期未复。",
        },
    )
    assert r.status_code == 302
    assert leader.post(act(case, "sign_off", draft=draft.pk), {}).status_code == 302
    reply = Reply.objects.get(case=case)
    assert reply.signing_leader == "王局长" and reply.replied_by == world.clerk_a
    assert reply.attachments.get() == file
    html = page(world.deputy, case)
    assert "已于3月底完成修缮。" in html and "协办单位逾期未复。" in html
    assert "rate" in buttons(html)


def test_the_api_drafts_signs_off_and_refuses_others(world, signing, api):  # noqa: F811
    case = signing
    lead = lead_of(case)
    direct = post(api, world.clerk_a, case, "reply", {"assignment": lead.pk, "classification": "A", "text": "x", "signing_leader": "王局长"})  # fmt: skip
    assert direct.status_code == 403
    bad = post(api, world.clerk_a, case, "draft-reply", {"assignment": lead.pk, "classification": "A", "text": "已完成。"})  # fmt: skip
    assert bad.status_code == 400 and "reason_without_co_handler" in bad.json()["fields"]
    ok = post(
        api, world.clerk_a, case, "draft-reply",
        {"assignment": lead.pk, "classification": "A", "text": "已完成。", "reason_without_co_handler": "协办单位逾期未复。"},
    )  # fmt: skip
    assert ok.status_code == 200, ok.json()
    draft = ReplyDraft.objects.get(case=case)
    assert post(api, world.clerk_a, case, "sign-off", {"draft": draft.pk}).status_code == 403
    assert post(api, world.clerk_b, case, "send-back", {"draft": draft.pk, "note": "x"}).status_code in (
        403,
        404,
    )
    no_note = post(api, world.leader_a, case, "send-back", {"draft": draft.pk})
    assert no_note.status_code == 400 and "note" in no_note.json()["fields"]
    signed = post(api, world.leader_a, case, "sign-off", {"draft": draft.pk})
    assert signed.status_code == 200 and signed.json()["state"] == "replied"
    assert Reply.objects.get(case=case).signed_off_by == world.leader_a
