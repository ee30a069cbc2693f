"""Reads of the elections app (always through ``Election.objects.visible_to``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from renda.deputies import identity

from .choices import VoterStatus
from .models import Election, Voter


def elections_for(user: Any, *, q: str = "", state: str = "") -> QuerySet[Election]:
    qs = Election.objects.visible_to(user).select_related("congress", "term")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(congress__name__icontains=q))
    if state:
        qs = qs.filter(state=state)
    return qs.annotate(n_constituencies=Count("constituencies", distinct=True)).order_by(
        "-election_day", "-pk"
    )


def voters_of(
    election: Election, *, q: str = "", constituency: str = "", status: str = ""
) -> QuerySet[Voter]:
    qs = Voter.objects.filter(election=election).select_related("constituency")
    q = (q or "").strip()
    if q:
        number = identity.normalise(q)
        if len(number) == 18 and not identity.id_number_problem(number):
            qs = qs.filter(id_number_hash=identity.keyed_hash(number))
        else:
            qs = qs.filter(full_name__icontains=q)
    if constituency.isdigit() and len(constituency) < 19:
        qs = qs.filter(constituency_id=int(constituency))
    if status in VoterStatus.values:
        qs = qs.filter(status=status)
    return qs.order_by("constituency__sort_order", "constituency_id", "pk")


def voter_by_id_number(election: Election, number: str) -> Voter | None:
    number = identity.normalise(number)
    if not number or identity.id_number_problem(number):
        return None
    return Voter.objects.filter(election=election, id_number_hash=identity.keyed_hash(number)).first()
