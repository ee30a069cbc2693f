"""What the public portal shows of an election, each part only from the day it is published.

The voter register (by constituency, names with the identity number masked), the preliminary
and the final candidate lists with their particulars, and the results per constituency and for
the whole. A part is public when its publication date (set by the service that publishes it,
the timetable's stage) is on or before today; before that an anonymous visitor sees nothing of
it — not even that the election exists until its register is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from renda.core import clock
from renda.deputies import identity

from .ballot import results
from .choices import CandidateStage, VoterStatus
from .models import Candidate, Constituency, Election, Voter

PARTS = ("register", "preliminary", "final", "results")
FIELDS = {
    "register": "register_published_on",
    "preliminary": "preliminary_published_on",
    "final": "final_published_on",
    "results": "results_published_on",
}


def is_public(election: Election, part: str) -> bool:
    day = getattr(election, FIELDS[part])
    return day is not None and day <= clock.today()


def public_elections(congress: Any) -> QuerySet[Election]:
    """The congress's elections whose register is published (the first public part)."""
    return Election.objects.filter(
        congress=congress, register_published_on__isnull=False, register_published_on__lte=clock.today()
    ).order_by("-election_day", "-pk")


def public_election(congress: Any, pk: int) -> Election | None:
    return public_elections(congress).filter(pk=pk).first()


@dataclass
class PublicVoter:
    full_name: str
    gender: str
    id_number_masked: str


def public_register(election: Election, constituency: Constituency, *, q: str = "") -> QuerySet[Voter]:
    """The eligible voters of one constituency in register order (empty before publication)."""
    if not is_public(election, "register") or constituency.election_id != election.pk:
        return Voter.objects.none()
    qs = Voter.objects.filter(constituency=constituency, status=VoterStatus.ELIGIBLE).order_by("pk")
    q = (q or "").strip()
    if q:
        qs = qs.filter(full_name__icontains=q)
    return qs.only("full_name", "gender", "id_number_encrypted")


def masked(voters: Any) -> list[PublicVoter]:
    """A page of voters as the public sees them: the number decrypted only to be masked."""
    return [
        PublicVoter(
            v.full_name, v.get_gender_display(), identity.mask(identity.decrypt(v.id_number_encrypted))
        )
        for v in voters
    ]


def public_candidates(election: Election, list_kind: str) -> list[dict[str, Any]]:
    """Per constituency, the candidates of the preliminary or the final list with their
    particulars (name, gender, age on election day, ethnicity, party, work, who nominated)."""
    if list_kind not in ("preliminary", "final") or not is_public(election, list_kind):
        return []
    if list_kind == "final":
        stages = Q(stage=CandidateStage.FORMAL)
    else:
        # Everyone on the preliminary list when it was published, whatever became of them later.
        stages = Q(stage__in=[CandidateStage.PRELIMINARY, CandidateStage.FORMAL, CandidateStage.NOT_SELECTED])
    day = election.election_day
    groups = []
    for c in election.constituencies.all():
        people = list(Candidate.objects.filter(stages, constituency=c).order_by("pk"))
        for p in people:
            p.age = (
                day.year - p.birth_date.year - ((day.month, day.day) < (p.birth_date.month, p.birth_date.day))
                if p.birth_date
                else None
            )
        groups.append({"constituency": c, "candidates": people})
    return groups


def public_results(election: Election) -> tuple[list[dict[str, Any]], dict[str, Any]] | None:
    """The results per constituency and for the whole (None before they are published)."""
    if not is_public(election, "results"):
        return None
    rows, whole = results(election)
    whole = dict(whole)
    whole["voted"] = 0
    for row in rows:
        decided = [x["round"] for x in row["rounds"] if x["round"].voted is not None]
        row["last"] = decided[-1] if decided else None
        row["first"] = decided[0] if decided else None
        if row["first"] is not None:
            whole["voted"] += row["first"].voted or 0
    whole["turnout"] = round(whole["voted"] * 100 / whole["voters"], 1) if whole["voters"] else 0
    return rows, whole
