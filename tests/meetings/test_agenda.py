"""The agenda extension point: an owner module registers its kind, offers its records as subjects,
renders a panel on the item and writes its part of the minutes."""

from __future__ import annotations

import io

import pytest
from docx import Document

from renda.core.errors import ValidationFailed
from renda.meetings import agenda, services

from .conftest import login, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote_kind():
    before = agenda.get_kind("vote")
    agenda.register_agenda_kind(
        agenda.AgendaKind(
            code="vote", label="表决事项",
            subject_choices=lambda user, meeting: [("voting.vote:7", "关于草原生态保护的决定(草案)")],
            subject_label=lambda pk: f"表决 {pk} 号",
            subject_url=lambda pk: f"/voting/{pk}/",
            panel_template="meetings/_fields.html",
            panel_context=lambda request, item: {"form": None},
            minutes_text=lambda item: "表决结果:赞成 6 票,反对 0 票,弃权 1 票,通过。",
        )
    )  # fmt: skip
    yield
    agenda.register_agenda_kind(before)


def test_base_kinds_are_registered():
    codes = [k.code for k in agenda.agenda_kinds()]
    # the base kinds, in their order, among those other apps register (oversight, legislation …)
    base = [
        "report",
        "draft_resolution",
        "appointment",
        "satisfaction_vote",
        "livelihood_ballot",
        "vote",
        "other",
    ]
    assert [c for c in codes if c in base] == base
    assert codes[-1] == "other"
    assert agenda.kind_label("nonexistent") == "其他事项"


@pytest.mark.clock("2026-11-20")
def test_owner_kind_subject_panel_and_minutes(w, vote_kind):
    meeting = make_meeting(w)
    with pytest.raises(ValidationFailed) as e:
        services.agenda_item_add(
            actor=w.staff, meeting=meeting, kind="vote", title="表决决定草案", subject="voting.vote:8"
        )
    assert e.value.field == "subject"
    item = services.agenda_item_add(
        actor=w.staff, meeting=meeting, kind="vote", title="表决决定草案", subject="voting.vote:7"
    )
    assert (item.subject_type, item.subject_id, item.order) == ("voting.vote", 7, 3)
    page = login(w.staff).get(f"/meetings/{meeting.pk}/").content.decode()
    assert "表决 7 号" in page and 'href="/voting/7/"' in page
    minutes = Document(io.BytesIO(login(w.staff).get(f"/meetings/{meeting.pk}/minutes.docx").content))
    assert "表决结果:赞成 6 票,反对 0 票,弃权 1 票,通过。" in "\n".join(p.text for p in minutes.paragraphs)


@pytest.mark.clock("2026-11-20")
def test_a_broken_hook_never_breaks_the_page(w):
    before = agenda.get_kind("other")

    def boom(*args):
        raise RuntimeError("owner bug")

    agenda.register_agenda_kind(agenda.AgendaKind("other", "其他事项", subject_label=boom, minutes_text=boom))
    try:
        meeting = make_meeting(w)
        services.agenda_item_add(actor=w.staff, meeting=meeting, kind="other", title="其他需要说明的事项")
        item = meeting.agenda.get(kind="other")
        item.subject_id = 3
        item.save()
        assert login(w.staff).get(f"/meetings/{meeting.pk}/").status_code == 200
        assert agenda.minutes_text(item) == ""
    finally:
        agenda.register_agenda_kind(before)
