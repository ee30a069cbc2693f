"""Nominations and candidates (候选人提名、确定): nominated by parties and organisations or jointly
by at least N voters of the constituency; the preliminary list (N days before), consultation or a
preliminary vote (预选), the final list (N days before) within the 差额 range; the composition the
final list would give if the front-runners won, against the targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.errors import ConflictError, ValidationFailed
from renda.deputies import identity
from renda.deputies.choices import GRASSROOTS_CATEGORIES, Gender, OccupationCategory, PoliticalAffiliation
from renda.documents.values import squeeze

from . import law
from .access import ensure_runs
from .choices import CandidateStage, NominatorKind, VoterStatus
from .models import Candidate, Constituency, Election, NominationSignature, Voter
from .timetable import dates

ACTIVE_STAGES = (CandidateStage.NOMINATED, CandidateStage.PRELIMINARY, CandidateStage.FORMAL)


def candidate_nominate(
    *,
    actor: Any,
    election: Election,
    constituency: Constituency,
    full_name: str,
    gender: str,
    occupation_category: str,
    nominator_kind: str,
    nominating_body: str = "",
    signer_id_numbers: list[str] | None = None,
    birth_date: dt.date | None = None,
    ethnicity: str = "汉族",
    party: str = PoliticalAffiliation.MASSES,
    occupation: str = "",
    is_reelected: bool = False,
    nominated_by_committee: bool = False,
    is_working_body_head: bool = False,
    is_township_chair: bool = False,
    id_number: str = "",
) -> Candidate:
    """Record a nomination. A joint nomination by voters carries its signers — each line a name,
    an identity number, or both — each found in the constituency's register: at least N distinct
    registered voters."""
    ensure_runs(actor, election)
    params = law.params_of(election)
    if constituency.election_id != election.pk:
        raise ValidationFailed(_("选区不属于该选举。"), field="constituency")
    if election.preliminary_published_on:
        raise ConflictError(_("初步候选人名单已经公布,提名已经截止。"), field="full_name")
    if not election.register_published_on:
        raise ConflictError(_("选民名单公布后才能推荐代表候选人。"), field="full_name")
    name = squeeze(full_name)
    if not name or len(name) > 50:
        raise ValidationFailed(_("请填写姓名(不超过50个字)。"), field="full_name")
    if gender not in Gender.values:
        raise ValidationFailed(_("请选择性别。"), field="gender")
    if occupation_category not in OccupationCategory.values:
        raise ValidationFailed(_("请选择职业构成。"), field="occupation_category")
    if party not in PoliticalAffiliation.values:
        raise ValidationFailed(_("政治面貌无效。"), field="party")
    if nominator_kind not in NominatorKind.values:
        raise ValidationFailed(_("请选择推荐方式。"), field="nominator_kind")
    if is_township_chair and election.level != "county":
        raise ValidationFailed(
            _("乡镇人大主席是否提名为县级代表人选,只在县级选举中登记。"), field="is_township_chair"
        )
    number = identity.normalise(id_number)
    if number and identity.id_number_problem(number):
        raise ValidationFailed(identity.id_number_problem(number) or "", field="id_number")
    body = squeeze(nominating_body)
    signers: list[Voter] = []
    if nominator_kind == NominatorKind.PARTY:
        if not body:
            raise ValidationFailed(_("请填写推荐的政党或人民团体。"), field="nominating_body")
    else:
        minimum = int(params["min_signatures"])
        signers, problems = match_signers(election, constituency, signer_id_numbers or [])
        if len(signers) < minimum:
            detail = ";".join(problems[:5])
            raise ValidationFailed(
                _("选民联名推荐须有本选区%(n)s名以上选民签名,核对选民名单后有效签名%(k)s名。%(d)s")
                % {"n": minimum, "k": len(signers), "d": detail},
                field="signer_id_numbers",
            )
        if not body:
            body = _("%(name)s等%(n)s名选民") % {"name": signers[0].full_name, "n": len(signers)}
    with transaction.atomic():
        candidate = Candidate.objects.create(
            election=election, constituency=constituency, full_name=name, gender=gender, birth_date=birth_date,
            ethnicity=squeeze(ethnicity) or "汉族", party=party, occupation=(occupation or "").strip()[:120],
            occupation_category=occupation_category, is_reelected=bool(is_reelected),
            nominated_by_committee=bool(nominated_by_committee and is_reelected),
            is_working_body_head=bool(is_working_body_head), is_township_chair=bool(is_township_chair),
            nominator_kind=nominator_kind, nominating_body=body[:100],
            id_number_encrypted=identity.encrypt(number) if number else "",
            id_number_hash=identity.keyed_hash(number) if number else "",
        )  # fmt: skip
        NominationSignature.objects.bulk_create(
            [NominationSignature(candidate=candidate, voter=v) for v in signers]
        )
        record_event(actor=actor, action="candidate.nominate", target=candidate, congress=election.congress,
                     after={"constituency": constituency.name, "full_name": name, "nominator_kind": nominator_kind,
                            "nominating_body": body, "signatures": len(signers)})  # fmt: skip
    return candidate


def _split_signer(line: str) -> tuple[str, str]:
    """(name, identity number) of one signer's line: "张伟", "620102…", or "张伟 620102…"."""
    parts = (line or "").replace(",", " ").replace(",", " ").replace("\u3000", " ").split()
    name_parts, number = [], ""
    for part in parts:
        candidate = identity.normalise(part)
        if len(candidate) >= 15 and candidate[:6].isdigit():
            number = candidate
        else:
            name_parts.append(part)
    return "".join(name_parts), number


def match_signers(
    election: Election, constituency: Constituency, lines: list[str]
) -> tuple[list[Voter], list[str]]:
    """The registered voters of ``constituency`` the signers' lines name (each once), and what is
    wrong with the others. A name alone must be unique among the constituency's voters; with the
    identity number beside it the two must agree."""
    problems: list[str] = []
    wanted: list[tuple[int, str, str]] = []
    for i, raw in enumerate(lines, start=1):
        name, number = _split_signer(raw)
        if not name and not number:
            continue
        if number:
            problem = identity.id_number_problem(number)
            if problem:
                problems.append(_("第%(i)s位联名人:%(p)s") % {"i": i, "p": problem})
                continue
        wanted.append((i, name, number))
    hashes = {identity.keyed_hash(n): i for i, _name, n in wanted if n}
    by_hash = {
        v.id_number_hash: v
        for v in Voter.objects.filter(
            election=election, id_number_hash__in=list(hashes), status=VoterStatus.ELIGIBLE
        ).select_related("constituency")
    }
    names = {name for _i, name, n in wanted if name and not n}
    by_name: dict[str, list[Voter]] = {}
    for v in Voter.objects.filter(
        election=election, full_name__in=names, status=VoterStatus.ELIGIBLE
    ).select_related("constituency"):
        by_name.setdefault(v.full_name, []).append(v)
    found: dict[int, Voter] = {}
    for i, name, number in wanted:
        label = f"“{name}”" if name else ""
        if number:
            v = by_hash.get(identity.keyed_hash(number))
            if v is not None and name and v.full_name != name:
                problems.append(_("第%(i)s位联名人%(n)s与身份证号登记的姓名不符。") % {"i": i, "n": label})
                continue
        else:
            here = [v for v in by_name.get(name, []) if v.constituency_id == constituency.pk]
            if len(here) > 1:
                problems.append(
                    _("第%(i)s位联名人%(n)s在本选区有%(k)s名同名选民,请在姓名后写上身份证号。")
                    % {"i": i, "n": label, "k": len(here)}
                )
                continue
            v = here[0] if here else (by_name.get(name) or [None])[0]
        if v is None:
            problems.append(_("第%(i)s位联名人%(n)s不在本次选举的选民名单上。") % {"i": i, "n": label})
        elif v.constituency_id != constituency.pk:
            problems.append(
                _("第%(i)s位联名人%(n)s是“%(c)s”的选民,不是本选区选民。")
                % {"i": i, "n": label, "c": v.constituency.name}
            )
        elif v.pk in found:
            continue  # the same voter twice counts once
        else:
            found[v.pk] = v
    return list(found.values()), problems


def candidate_withdraw(*, actor: Any, candidate: Candidate, reason: str) -> Candidate:
    ensure_runs(actor, candidate.election)
    if candidate.election.final_published_on:
        raise ConflictError(_("正式候选人名单已经公布,不能撤回。"), field="reason")
    if not (reason or "").strip():
        raise ValidationFailed(_("请说明撤回原因。"), field="reason")
    with transaction.atomic():
        before = candidate.stage
        candidate.stage = CandidateStage.WITHDRAWN
        candidate.save(update_fields=["stage"])
        record_event(actor=actor, action="candidate.withdraw", target=candidate, before={"stage": before},
                     after={"stage": candidate.stage, "reason": reason.strip()})  # fmt: skip
    return candidate


def margin_problem(count: int, seats: int, params: dict[str, Any]) -> str | None:
    """None when ``count`` candidates for ``seats`` is within the 差额 range, else why not."""
    fewest, most = law.candidate_range(seats, params)
    if count < fewest or count > most:
        return _("应选%(s)s名,候选人应为%(a)s至%(b)s名(多于应选名额三分之一至一倍),现为%(n)s名。") % {
            "s": seats, "a": fewest, "b": most, "n": count,
        }  # fmt: skip
    return None


def _publish_guard(election: Election, key: str, field: str) -> dt.date:
    params = law.params_of(election)
    latest = dates(election.election_day, params)[key]
    today = clock.today()
    if today > latest:
        raise ValidationFailed(
            _("应在%(d)s以前公布,已超过法定期限。") % {"d": latest.isoformat()}, field=field
        )
    return today


def preliminary_publish(*, actor: Any, election: Election) -> Election:
    """Publish the preliminary list: every nominee becomes a preliminary candidate (N days before)."""
    ensure_runs(actor, election)
    if election.preliminary_published_on:
        raise ConflictError(_("初步候选人名单已经公布。"), field="preliminary")
    today = _publish_guard(election, "preliminary_list", "preliminary")
    with transaction.atomic():
        missing = [c.name for c in election.constituencies.all()
                   if not c.candidates.filter(stage=CandidateStage.NOMINATED).exists()]  # fmt: skip
        if missing:
            raise ValidationFailed(
                _("以下选区还没有被推荐的人选:%(c)s。") % {"c": "、".join(missing)}, field="preliminary"
            )
        count = election.candidates.filter(stage=CandidateStage.NOMINATED).update(
            stage=CandidateStage.PRELIMINARY
        )
        election.preliminary_published_on = today
        election.state = "nominating"
        election.save(update_fields=["preliminary_published_on", "state"])
        record_event(
            actor=actor,
            action="candidate_list.preliminary",
            target=election,
            after={"on": today, "candidates": count},
        )
    return election


def preliminary_vote(*, actor: Any, constituency: Constituency, votes: dict[int, int]) -> list[Candidate]:
    """预选: when consultation does not agree, the preliminary votes order the candidates."""
    election = constituency.election
    ensure_runs(actor, election)
    if not election.preliminary_published_on or election.final_published_on:
        raise ConflictError(_("预选在初步候选人名单公布后、正式候选人名单公布前进行。"), field="votes")
    candidates = {c.pk: c for c in constituency.candidates.filter(stage=CandidateStage.PRELIMINARY)}
    if set(votes) != set(candidates):
        raise ValidationFailed(_("请为本选区每一名初步候选人录入预选得票。"), field="votes")
    for value in votes.values():
        if not isinstance(value, int) or value < 0:
            raise ValidationFailed(_("得票数应为非负整数。"), field="votes")
    with transaction.atomic():
        for pk, value in votes.items():
            candidates[pk].preliminary_votes = value
        Candidate.objects.bulk_update(list(candidates.values()), ["preliminary_votes"])
        record_event(actor=actor, action="candidate.preliminary_vote", target=constituency, congress=election.congress,
                     after={candidates[pk].full_name: v for pk, v in votes.items()})  # fmt: skip
    return sorted(candidates.values(), key=lambda c: -(c.preliminary_votes or 0))


def final_publish(*, actor: Any, election: Election, formal_ids: list[int]) -> Election:
    """Publish the final list: the chosen preliminary candidates become formal candidates; every
    constituency must be within the 差额 range."""
    ensure_runs(actor, election)
    if not election.preliminary_published_on:
        raise ConflictError(_("请先公布初步候选人名单。"), field="formal_ids")
    if election.final_published_on:
        raise ConflictError(_("正式候选人名单已经公布。"), field="formal_ids")
    today = _publish_guard(election, "final_list", "formal_ids")
    params = law.params_of(election)
    preliminary = {c.pk: c for c in election.candidates.filter(stage=CandidateStage.PRELIMINARY)}
    chosen = set(formal_ids)
    if not chosen <= set(preliminary):
        raise ValidationFailed(_("只能从初步候选人中确定正式候选人。"), field="formal_ids")
    problems = []
    for c in election.constituencies.all():
        count = sum(1 for pk in chosen if preliminary[pk].constituency_id == c.pk)
        problem = margin_problem(count, c.seats, params)
        if problem:
            problems.append(f"{c.name}:{problem}")
    if problems:
        raise ValidationFailed("；".join(problems), field="formal_ids")
    with transaction.atomic():
        election.candidates.filter(pk__in=chosen).update(stage=CandidateStage.FORMAL)
        election.candidates.filter(stage=CandidateStage.PRELIMINARY).update(stage=CandidateStage.NOT_SELECTED)
        election.final_published_on = today
        election.state = "voting"
        election.save(update_fields=["final_published_on", "state"])
        record_event(
            actor=actor,
            action="candidate_list.final",
            target=election,
            after={"on": today, "formal": sorted(chosen)},
        )
    return election


# --- composition ---------------------------------------------------------------------------------


def composition_of(people: list[Candidate]) -> dict[str, Any]:
    """Shares (percent) of the composition targets among ``people``."""
    total = len(people)

    def share(n: int) -> float:
        return round(n * 100 / total, 1) if total else 0.0

    counts = {
        "workers_farmers": sum(1 for p in people if p.occupation_category in (OccupationCategory.WORKER, OccupationCategory.FARMER)),
        "technical": sum(1 for p in people if p.occupation_category == OccupationCategory.TECHNICAL),
        "women": sum(1 for p in people if p.gender == Gender.FEMALE),
        "reelected": sum(1 for p in people if p.is_reelected),
        "cpc": sum(1 for p in people if p.party in (PoliticalAffiliation.CPC, PoliticalAffiliation.CPC_PROBATIONARY)),
        "grassroots": sum(1 for p in people if p.occupation_category in GRASSROOTS_CATEGORIES),
    }  # fmt: skip
    counts["non_cpc"] = total - counts["cpc"]
    return {"total": total, "counts": counts, "shares": {k: share(v) for k, v in counts.items()}}


def against_targets(election: Election, people: list[Candidate]) -> list[dict[str, Any]]:
    """Each target with the share reached and whether it is met."""
    comp = composition_of(people)
    targets = {**law.target_defaults(), **(election.targets or {})}
    rows = []
    for key, (_default, label, direction) in law.TARGETS.items():
        target = int(targets.get(key, _default))
        value = comp["shares"][key]
        met = value >= target if direction == "min" else value <= target
        rows.append({"key": key, "label": str(label), "target": target, "value": value, "count": comp["counts"][key],
                     "direction": direction, "met": bool(comp["total"]) and met})  # fmt: skip
    return rows


def front_runners(election: Election) -> list[Candidate]:
    """If the front-runners of each constituency won: its formal (else preliminary) candidates in
    order of preliminary votes (then nomination order), as many as its seats."""
    out: list[Candidate] = []
    for c in election.constituencies.all():
        pool = list(c.candidates.filter(stage=CandidateStage.FORMAL))
        if not pool:
            pool = list(c.candidates.filter(stage__in=ACTIVE_STAGES))
        pool.sort(key=lambda x: (-(x.preliminary_votes or 0), x.pk))
        out.extend(pool[: c.seats])
    return out
