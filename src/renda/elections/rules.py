"""Compliance checks whose data the elections app holds.

R13 and R14 read the deputies register (``renda.deputies.rules``), which the elections feed: a
confirmed deputy is seated with re-elected, proposed-by-the-committee and occupation category as
the election knew them. R15 is read here, from the nominations; E01 compares the composition of
those elected with the election's own targets.
"""

from __future__ import annotations

from typing import Any

from renda.compliance.registry import CheckResult, Period, PeriodRange, rule
from renda.core.choices import CongressLevel, OrganizationKind
from renda.core.models import Organization

from .choices import CandidateStage, ElectionKind
from .models import Election


def _election(congress: Any, period: PeriodRange) -> Election | None:
    """The general election that elected the period's term (else one held within the period)."""
    mine = Election.objects.filter(congress=congress, kind=ElectionKind.GENERAL)
    if period.term is not None:
        found = mine.filter(term=period.term).order_by("-election_day").first()
        if found is not None:
            return found
    return mine.filter(election_day__range=(period.start, period.end)).order_by("-election_day").first()


@rule("R15", title="县人大常委会工作部门负责人和乡镇人大主席提名为县人大代表人选", period=Period.TERM,
      source="000 §四.1", module="elections", params={})  # fmt: skip
def r15_heads_nominated(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    if congress.level != CongressLevel.COUNTY:
        return CheckResult.no_data("只适用于县级人大。")
    election = _election(congress, period)
    if election is None:
        return CheckResult.no_data("本届没有换届选举记录。")
    nominated = election.candidates.exclude(stage=CandidateStage.WITHDRAWN)
    names = set(nominated.values_list("full_name", flat=True))
    heads = list(
        Organization.objects.filter(congress=congress, is_active=True,
                                    kind__in=[OrganizationKind.COMMITTEE, OrganizationKind.CONGRESS_OFFICE])
        .exclude(responsible_person="").values_list("name", "responsible_person")
    )  # fmt: skip
    chairs = list(
        Organization.objects.filter(congress__parent=congress, congress__level=CongressLevel.TOWNSHIP,
                                    kind=OrganizationKind.PRESIDIUM, is_active=True)
        .exclude(responsible_person="").values_list("name", "responsible_person")
    )  # fmt: skip
    flagged = list(nominated.filter(is_working_body_head=True).values_list("full_name", flat=True)) + list(
        nominated.filter(is_township_chair=True).values_list("full_name", flat=True)
    )
    expected = heads + chairs
    evidence = [f"{org}负责人{person}已提名" for org, person in expected if person in names]
    evidence += [f"{n}(已登记为应提名人选)" for n in flagged if n not in {p for _o, p in expected}]
    shortfall = [f"{org}负责人{person}未提名" for org, person in expected if person not in names]
    if not expected and not flagged:
        return CheckResult.no_data("没有登记工作部门负责人和乡镇人大主席。")
    total = len(expected) or len(flagged)
    return CheckResult.judge(not shortfall, value=f"{total - len(shortfall)}/{total}", threshold="全部提名",
                             evidence=evidence, shortfall=shortfall)  # fmt: skip


@rule("E01", title="当选代表结构达到本次选举设定的目标", period=Period.TERM, source="000 §四.1",
      module="elections", params={})  # fmt: skip
def e01_composition_targets(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    from .candidates import against_targets

    election = _election(congress, period)
    if election is None:
        return CheckResult.no_data("本届没有换届选举记录。")
    elected = list(election.candidates.filter(elected_round__isnull=False))
    if not elected:
        return CheckResult.no_data("尚无当选代表。")
    rows = against_targets(election, elected)
    evidence = [f"{r['label']} {r['target']}%:实际 {r['value']}%" for r in rows if r["met"]]
    shortfall = [f"{r['label']} {r['target']}%:实际 {r['value']}%" for r in rows if not r["met"]]
    return CheckResult.judge(not shortfall, value=f"{len(evidence)}/{len(rows)} 项达到",
                             threshold="全部达到",
                             evidence=evidence, shortfall=shortfall)  # fmt: skip
