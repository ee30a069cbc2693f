"""信息不完整: what a deputy's record still lacks after an import from a real roster.

A roster always has a name; everything else may be missing and is filled in later. One list,
``MISSING``, says what counts and how each is tested, both on a row (``missing_of``) and in the
database (``incomplete_q``), so the register's filter, its badge and the deputy's page agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import PoliticalAffiliation


@dataclass(frozen=True)
class Missing:
    key: str
    label: Any
    q: Q  # on DeputyMandate
    test: Callable[[Any], bool]  # on a DeputyMandate with its deputy


MISSING = [
    Missing("id_number", _("身份证号"), Q(deputy__id_number_hash=""), lambda m: not m.deputy.id_number_hash),
    Missing("gender", _("性别"), Q(deputy__gender=""), lambda m: not m.deputy.gender),
    Missing("ethnicity", _("民族"), Q(deputy__ethnicity=""), lambda m: not m.deputy.ethnicity),
    Missing(
        "birth_date", _("出生日期"), Q(deputy__birth_date__isnull=True), lambda m: m.deputy.birth_date is None
    ),
    Missing(
        "party",
        _("政治面貌"),
        Q(deputy__party__in=["", PoliticalAffiliation.DEMOCRATIC_PARTY]),
        lambda m: m.deputy.party in ("", PoliticalAffiliation.DEMOCRATIC_PARTY),
    ),
    Missing(
        "occupation_category", _("职业构成"), Q(occupation_category=""), lambda m: not m.occupation_category
    ),
    Missing("started_on", _("当选日期"), Q(started_on__isnull=True), lambda m: m.started_on is None),
]


def incomplete_q() -> Q:
    q = Q()
    for m in MISSING:
        q |= m.q
    return q


def missing_of(mandate: Any) -> list[str]:
    """The labels of what this mandate and its person still lack (empty when complete)."""
    return [str(m.label) for m in MISSING if m.test(mandate)]
