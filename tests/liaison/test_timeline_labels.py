"""The opinion's handling record (办理记录) reads in Chinese: the action's name, the kind's own
transition label and who did it ("群众" for the public) — never ``case.create`` or ``opinion.submit``."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html

from renda.audit.labels import target_labels
from renda.audit.models import Event
from renda.liaison import services
from tests.factories import PASSWORD

from .conftest import submit


def test_opinion_timeline_uses_labels_and_transition_names(w):
    opinion = submit(w).opinion
    services.opinion_screen(actor=w.staff, opinion=opinion, accept=True)
    services.opinion_route(actor=w.staff, opinion=opinion, unit=w.world.county.education)
    c = Client()
    c.login(username=w.staff.username, password=PASSWORD)
    response = c.get(reverse("cases:detail", args=[opinion.case_id]))  # the opinion's page is the case page
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content.decode())
    entries = [" ".join(li.text_content().split()) for li in doc.xpath("//ol[@id='timeline']/li")]
    text = " ".join(entries)
    assert any("群众提交意见 · 群众" in e for e in entries), entries
    assert any("受理 · 李明" in e for e in entries), entries  # the kind's transition label
    assert any("交办 · 李明" in e and "县教育局" in e for e in entries), entries
    for code in ("case.create", "opinion.submit", "case.transition", "case.assign", "accept_opinion"):
        assert code not in text, code


def test_audit_viewer_names_a_case_by_kind_and_number(w):
    opinion = submit(w).opinion
    event = Event.objects.filter(target_type="cases.case", action="opinion.submit").get()
    assert target_labels([event]) == {event.pk: f"社情民意 {opinion.case.number}"}
