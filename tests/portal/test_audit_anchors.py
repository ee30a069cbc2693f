"""The portal publishes the audit chain's signed anchors (read from the anchor folder, not the database)."""

from __future__ import annotations

from renda.audit.models import Event
from renda.audit.services import anchor_write, record_event


def test_anchors_page_and_json(world, anon):
    assert "尚无锚点" in anon.get("/portal/audit-anchors/").content.decode()
    record_event(actor=world.a.staff, action="article.create", congress=world.a.congress)
    anchor = anchor_write()
    assert anchor is not None and anchor.event_count == 1
    html = anon.get("/portal/audit-anchors/").content.decode()
    assert anchor.hash in html and anchor.signature in html and f"#{anchor.event_id}" in html
    assert "审计日志锚点" in anon.get("/portal/").content.decode()  # linked from every portal page
    data = anon.get("/portal/audit-anchors.json").json()
    assert data["anchors"] == [anchor.as_dict()]
    assert anon.get(f"/portal/c/{world.b.congress.pk}/audit-anchors/").status_code == 200
    # the page reads the files outside the database: emptying the table does not empty the page
    Event.objects.all()._raw_delete(Event.objects.db)
    assert anchor.hash in anon.get("/portal/audit-anchors/").content.decode()
