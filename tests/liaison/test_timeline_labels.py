"""The opinion's handling record (办理记录) reads in Chinese: the action's name, the kind's own
transition label and who did it ("群众" for the public) — never ``case.create`` or ``opinion.submit``."""

from __future__ import annotations

from renda.audit.labels import target_labels
from renda.audit.models import Event
from renda.cases.selectors import case_timeline_entries
from renda.liaison import services

from .conftest import submit


def test_opinion_timeline_uses_labels_and_transition_names(w):
    opinion = submit(w).opinion
    services.opinion_screen(actor=w.staff, opinion=opinion, accept=True)
    services.opinion_route(actor=w.staff, opinion=opinion, unit=w.world.county.education)
    entries = [
        " ".join(f"{e.label} · {e.actor} {' '.join(map(str, e.details))}".split())
        for e in case_timeline_entries(opinion.case, nobody="群众")
    ]
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
