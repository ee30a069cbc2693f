"""By-elections (补选) started from a vacated mandate: a deputy's mandate ended in the deputies
register (resigned, recalled, terminated, died — not the term's end) leaves a seat of the current
term in their constituency; the by-election is held there for that seat, prefilled from the
mandate (and from the general election's constituency when the deputy was elected through this app).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.errors import ConflictError, ValidationFailed
from renda.deputies.choices import MandateEndReason
from renda.deputies.models import DeputyMandate

from .access import ensure_staff
from .choices import ConstituencyKind, ElectionKind
from .models import Constituency, Election
from .services import constituency_save, election_create


def vacancies(congress_ids: Any) -> QuerySet[DeputyMandate]:
    """Mandates of current terms of county and township congresses ended before the term's end,
    with no by-election started for them yet."""
    return (
        DeputyMandate.objects.filter(
            congress_id__in=list(congress_ids),
            congress__level__in=["county", "township"],
            term__is_current=True,
            ended_on__isnull=False,
        )  # fmt: skip
        .exclude(end_reason=MandateEndReason.TERM_END)
        .exclude(by_elections__isnull=False)
        .select_related("deputy", "congress", "term")
        .order_by("-ended_on", "pk")
    )


def prefill(mandate: DeputyMandate) -> dict[str, Any]:
    """What the by-election form starts with."""
    origin = getattr(mandate, "election_candidate", None) if hasattr(mandate, "election_candidate") else None
    source: Constituency | None = origin.constituency if origin is not None else None
    name = mandate.constituency or (source.name if source else "")
    return {
        "name": _("%(c)s第%(t)s届人大代表%(z)s补选")
        % {"c": mandate.congress.name, "t": mandate.term.number, "z": name},
        "constituency": name,
        "kind": source.kind if source else ConstituencyKind.VILLAGE,
        "area": source.area if source else "",
        "population": source.population if source else None,
    }


def by_election_start(
    *,
    actor: Any,
    mandate: DeputyMandate,
    name: str,
    election_day: dt.date,
    constituency: str,
    kind: str,
    population: int,
    area: str = "",
) -> Election:
    """A by-election for the seat ``mandate`` left: one constituency, one seat, in its term."""
    ensure_staff(actor, mandate.congress_id)
    if mandate.ended_on is None or mandate.end_reason == MandateEndReason.TERM_END:
        raise ConflictError(_("只有任期内出缺的代表才需要补选。"), field="name")
    if not mandate.term.is_current:
        raise ConflictError(_("只在本届任期内补选出缺的代表。"), field="name")
    if not isinstance(election_day, dt.date) or election_day <= clock.today():
        raise ValidationFailed(_("请填写今天以后的选举日。"), field="election_day")
    with transaction.atomic():
        DeputyMandate.objects.select_for_update(of=("self",)).filter(pk=mandate.pk).first()
        if Election.objects.filter(vacated_mandate=mandate).exists():
            raise ConflictError(_("已经为该出缺代表发起补选。"), field="name")
        election = election_create(actor=actor, congress=mandate.congress, term=mandate.term, name=name,
                                   election_day=election_day, kind=ElectionKind.BY_ELECTION)  # fmt: skip
        election.vacated_mandate = mandate
        election.save(update_fields=["vacated_mandate"])
        constituency_save(actor=actor, election=election, name=constituency, kind=kind, population=population,
                          seats=1, area=area)  # fmt: skip
        record_event(actor=actor, action="election.by_election", target=election, congress=mandate.congress,
                     after={"mandate": mandate.pk, "deputy": mandate.deputy.full_name, "ended_on": mandate.ended_on,
                            "reason": mandate.end_reason, "constituency": constituency})  # fmt: skip
    return election
