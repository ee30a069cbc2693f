"""Qualification review (代表资格审查) and the deputies register: a confirmed deputy is seated as a
``DeputyMandate`` of the election's term through the deputies app's services, with everything the
election knew (constituency, occupation category, re-elected, nominating body) — never retyped."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core.errors import ConflictError, ValidationFailed
from renda.deputies import services as deputy_services
from renda.deputies.identity import decrypt
from renda.deputies.models import Deputy

from .access import ensure_staff
from .choices import ReviewState
from .models import Candidate


def candidate_review(*, actor: Any, candidate: Candidate, state: str, note: str = "") -> Candidate:
    """The review committee's finding on one elected deputy; a confirmed one is seated."""
    election = candidate.election
    ensure_staff(actor, election.congress_id)
    if state not in (ReviewState.CONFIRMED, ReviewState.INVALID):
        raise ValidationFailed(_("请选择审查结论。"), field="state")
    note = (note or "").strip()
    if state == ReviewState.INVALID and not note:
        raise ValidationFailed(_("确认无效的,请写明理由。"), field="note")
    if not election.results_published_on:
        raise ConflictError(_("选举结果公布后才能进行代表资格审查。"), field="state")
    with transaction.atomic():
        locked = (
            Candidate.objects.select_for_update(of=("self",))
            .select_related("elected_round", "constituency")
            .get(pk=candidate.pk)
        )
        if locked.elected_round_id is None:
            raise ValidationFailed(_("只有当选的代表才进行资格审查。"), field="state")
        if locked.review_state in (ReviewState.CONFIRMED, ReviewState.INVALID):
            raise ConflictError(_("该代表已经审查。"), field="state")
        if state == ReviewState.CONFIRMED:
            deputy = (
                Deputy.objects.filter(id_number_hash=locked.id_number_hash).first()
                if locked.id_number_hash
                else None
            )
            if deputy is None:
                deputy = deputy_services.deputy_create(
                    actor=actor, congress=election.congress, full_name=locked.full_name, gender=locked.gender,
                    ethnicity=locked.ethnicity, birth_date=locked.birth_date, party=locked.party,
                    occupation=locked.occupation, id_number=decrypt(locked.id_number_encrypted),
                )  # fmt: skip
            started = (
                locked.elected_round.decided_at.date()
                if locked.elected_round.decided_at
                else election.election_day
            )
            mandate = deputy_services.deputy_mandate_create(
                actor=actor, deputy=deputy, term=election.term, started_on=started,
                constituency=locked.constituency.name, occupation_category=locked.occupation_category,
                is_reelected=locked.is_reelected, nominated_by_committee=locked.nominated_by_committee,
                remarks=_("%(e)s当选;推荐:%(b)s") % {"e": election.name, "b": locked.nominating_body},
            )  # fmt: skip
            locked.mandate = mandate
        locked.review_state, locked.review_note = state, note[:300]
        locked.save(update_fields=["review_state", "review_note", "mandate"])
        record_event(actor=actor, action="candidate.review", target=locked, congress=election.congress,
                     after={"state": state, "note": note, "mandate": locked.mandate_id})  # fmt: skip
        if not election.candidates.filter(
            elected_round__isnull=False, review_state=ReviewState.PENDING
        ).exists():
            election.state = "closed"
            election.save(update_fields=["state"])
    return locked
