"""The ballot and the results: polling stations and mobile boxes, proxies, rounds counted by two
tellers who must agree, validity, who is elected, further rounds (另行选举), results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.errors import ConflictError, ValidationFailed

from . import law
from .access import ensure_runs
from .choices import CandidateStage, RoundKind, RoundState, StationKind, VoterStatus
from .models import (
    Candidate,
    Constituency,
    Election,
    PollingStation,
    Proxy,
    Round,
    StationReturn,
    Tally,
    Voter,
)


def _count(value: Any, field: str, label: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if number < 0:
        raise ValidationFailed(_("%(l)s应为非负整数。") % {"l": label}, field=field)
    return number


def station_save(
    *, actor: Any, constituency: Constituency, name: str, kind: str = StationKind.STATION
) -> PollingStation:
    election = constituency.election
    ensure_runs(actor, election)
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationFailed(_("请填写投票站名称(不超过100个字)。"), field="name")
    if kind not in StationKind.values:
        raise ValidationFailed(_("请选择类别。"), field="kind")
    with transaction.atomic():
        try:
            with transaction.atomic():
                station = PollingStation.objects.create(constituency=constituency, name=name, kind=kind)
        except IntegrityError:
            raise ConflictError(_("本选区已有同名投票站。"), field="name") from None
        record_event(actor=actor, action="polling_station.save", target=station, congress=election.congress,
                     after={"constituency": constituency.name, "name": name, "kind": kind})  # fmt: skip
    return station


def station_ballots(
    *, actor: Any, station: PollingStation, issued: int, returned: int, round: Round | None = None
) -> StationReturn:
    """The ballots a station (or mobile box) issued and got back in one vote (by default the
    constituency's open one). A round held because the totals did not match is checked again."""
    constituency = station.constituency
    election = constituency.election
    ensure_runs(actor, election)
    issued = _count(issued, "ballots_issued", _("发出选票数"))
    returned = _count(returned, "ballots_returned", _("收回选票数"))
    with transaction.atomic():
        if round is None:
            round = constituency.rounds.filter(state=RoundState.OPEN).order_by("-number").first()
            if round is None:
                raise ConflictError(
                    _("请先开始本选区的投票,再登记各投票站的选票数。"), field="ballots_issued"
                )
        locked = Round.objects.select_for_update(of=("self",)).get(pk=round.pk)
        if locked.constituency_id != constituency.pk:
            raise ValidationFailed(_("投票站不属于该选区。"), field="station")
        if locked.state != RoundState.OPEN:
            raise ConflictError(_("该轮投票已经确定结果,不能再改动选票数。"), field="ballots_issued")
        old = StationReturn.objects.filter(round=locked, station=station).first()
        before = {"issued": old.ballots_issued, "returned": old.ballots_returned} if old else None
        item, _created = StationReturn.objects.update_or_create(
            round=locked, station=station,
            defaults={"ballots_issued": issued, "ballots_returned": returned, "entered_by": actor},
        )  # fmt: skip
        record_event(actor=actor, action="polling_station.ballots", target=station, congress=election.congress,
                     before=before, after={"round": locked.number, "issued": issued, "returned": returned})  # fmt: skip
        if locked.hold_reason:
            _recheck(actor, locked)
    return item


def reconcile(item: Round, voted: int, ballots_cast: int) -> list[str]:
    """Where the stations' ballots disagree with the tellers' agreed totals (empty: they agree,
    or the constituency voted without registered stations). Every ballot box counts, mobile ones
    included: the ballots returned add up to the ballots counted, and nobody voted without a
    ballot issued."""
    stations = list(item.constituency.stations.order_by("pk"))
    if not stations:
        return []
    returns = {r.station_id: r for r in item.station_returns.all()}
    problems = [_("“%(s)s”未登记发出和收回选票数") % {"s": s.name} for s in stations if s.pk not in returns]
    if problems:
        return [str(p) for p in problems]
    issued = sum(r.ballots_issued for r in returns.values())
    returned = sum(r.ballots_returned for r in returns.values())
    if returned != ballots_cast:
        detail = "、".join(f"{s.name}{returns[s.pk].ballots_returned}张" for s in stations)
        problems.append(
            _("各投票站和流动票箱收回选票合计%(r)s张(%(d)s),计票人录入收回选票数%(b)s张")
            % {"r": returned, "d": detail, "b": ballots_cast}
        )
    if voted > issued:
        problems.append(
            _("计票人录入投票人数%(v)s人,多于各投票站和流动票箱发出的选票%(i)s张") % {"v": voted, "i": issued}
        )
    return [str(p) for p in problems]


def _recheck(actor: Any, item: Round) -> bool:
    """A held round decided once both tallies agree and the stations' ballots now match."""
    tallies = list(item.tallies.order_by("teller"))
    if len(tallies) != 2:
        return False
    a, b = tallies
    if (a.voted, a.ballots_cast, a.votes) != (b.voted, b.ballots_cast, b.votes):
        return False
    problems = reconcile(item, a.voted, a.ballots_cast)
    if problems:
        _hold(actor, item, problems)
        return False
    ids = {c.pk: c for c in item.candidates.all()}
    _decide(actor, item, a.voted, a.ballots_cast, dict(a.votes), ids)
    return True


def _hold(actor: Any, item: Round, problems: list[str]) -> None:
    reason = ";".join(problems)[:1000]
    if reason != item.hold_reason:
        item.hold_reason = reason
        item.save(update_fields=["hold_reason"])
        record_event(actor=actor, action="round.hold", target=item, congress=item.constituency.election.congress,
                     after={"reason": reason})  # fmt: skip


def proxy_register(*, actor: Any, principal: Voter, proxy: Voter, written_on: dt.date) -> Proxy:
    """委托投票: in writing, to another voter of the constituency, who accepts at most N."""
    election = principal.election
    ensure_runs(actor, election)
    params = law.params_of(election)
    if not isinstance(written_on, dt.date):
        raise ValidationFailed(_("委托投票须有书面委托,请填写委托书日期。"), field="written_on")
    if principal.pk == proxy.pk:
        raise ValidationFailed(_("不能委托本人。"), field="proxy")
    if proxy.election_id != election.pk or proxy.constituency_id != principal.constituency_id:
        raise ValidationFailed(_("受托人应是本选区的选民。"), field="proxy")
    for v, key in ((principal, "principal"), (proxy, "proxy")):
        if v.status != VoterStatus.ELIGIBLE:
            raise ValidationFailed(_("“%(n)s”不在选民名单上。") % {"n": v.full_name}, field=key)
    limit = int(params["proxy_max"])
    with transaction.atomic():
        Voter.objects.select_for_update(of=("self",)).filter(pk=proxy.pk).first()
        if Proxy.objects.filter(principal=principal).exists():
            raise ConflictError(_("该选民已经委托他人投票。"), field="principal")
        if Proxy.objects.filter(proxy=proxy).count() >= limit:
            raise ValidationFailed(
                _("每一选民接受的委托不得超过%(n)s人,“%(p)s”已接受%(n)s人的委托。")
                % {"n": limit, "p": proxy.full_name},
                field="proxy",
            )
        item = Proxy.objects.create(
            election=election, principal=principal, proxy=proxy, written_on=written_on
        )
        record_event(actor=actor, action="proxy.register", target=item, congress=election.congress,
                     after={"principal": principal.full_name, "proxy": proxy.full_name, "written_on": written_on})  # fmt: skip
    return item


# --- rounds ----------------------------------------------------------------------------------------


def _eligible(constituency: Constituency) -> int:
    return constituency.voters.filter(status=VoterStatus.ELIGIBLE).count()


def round_open(*, actor: Any, constituency: Constituency) -> Round:
    """Open the next vote of a constituency: the election itself, its repetition when it was void,
    or the further round for the seats left unfilled (candidates from the first vote in order of
    their votes, as many as the 差额 rule asks — two for one seat)."""
    election = constituency.election
    ensure_runs(actor, election)
    if not election.final_published_on:
        raise ConflictError(_("正式候选人名单公布后才能投票。"), field="round")
    params = law.params_of(election)
    with transaction.atomic():
        Constituency.objects.select_for_update(of=("self",)).filter(pk=constituency.pk).first()
        rounds = list(constituency.rounds.order_by("number"))
        if rounds and rounds[-1].state == RoundState.OPEN:
            raise ConflictError(_("本选区还有正在计票的投票。"), field="round")
        elected = constituency.candidates.filter(elected_round__isnull=False).count()
        left = constituency.seats - elected
        if left <= 0:
            raise ConflictError(_("本选区名额已经选满。"), field="round")
        formal = list(constituency.candidates.filter(stage=CandidateStage.FORMAL, elected_round__isnull=True))
        decided = [r for r in rounds if r.state == RoundState.DECIDED]
        if not decided:
            kind, candidates = RoundKind.FIRST, formal
        else:
            kind = RoundKind.FURTHER
            first = decided[0]
            votes = _agreed_votes(first)
            formal.sort(key=lambda c: (-votes.get(str(c.pk), 0), c.pk))
            fewest, _most = law.candidate_range(left, params)
            candidates = formal[: max(fewest, left + 1)]
            if len(candidates) <= left:
                raise ConflictError(_("剩余候选人不足,须依法重新提名确定候选人。"), field="round")
        item = Round.objects.create(
            constituency=constituency, number=(rounds[-1].number + 1) if rounds else 1, kind=kind, seats=left,
            voters=_eligible(constituency),
        )  # fmt: skip
        item.candidates.set(candidates)
        record_event(actor=actor, action="round.open", target=item, congress=election.congress,
                     after={"kind": kind, "seats": left, "candidates": [c.full_name for c in candidates]})  # fmt: skip
    return item


def _agreed_votes(item: Round) -> dict[str, int]:
    tally = item.tallies.order_by("teller").first()
    return dict(tally.votes) if tally else {}


@dataclass
class TallyOutcome:
    agreed: bool
    waiting: bool
    differences: list[str] = field(default_factory=list)
    held: bool = False  # the tellers agree, the stations' ballots do not
    round: Round | None = None


def tally_enter(
    *, actor: Any, round: Round, teller: int, voted: int, ballots_cast: int, votes: dict[int, int]
) -> TallyOutcome:
    """One teller's count. When both tellers (two different people) have entered theirs and they
    agree in every figure, the round is decided; when they disagree nothing is decided and both
    see where."""
    election = round.constituency.election
    ensure_runs(actor, election)
    if teller not in (1, 2):
        raise ValidationFailed(_("计票人应为计票人一或计票人二。"), field="teller")
    if round.state != RoundState.OPEN:
        raise ConflictError(_("该轮投票已经确定结果。"), field="teller")
    voted = _count(voted, "voted", _("投票人数"))
    ballots_cast = _count(ballots_cast, "ballots_cast", _("收回选票数"))
    if voted > round.voters:
        raise ValidationFailed(
            _("投票人数(%(v)s)超过本选区选民数(%(n)s),请核对。") % {"v": voted, "n": round.voters},
            field="voted",
        )
    ids = {c.pk: c for c in round.candidates.all()}
    if set(votes) != set(ids):
        raise ValidationFailed(_("请为本轮每一名候选人录入得票数。"), field="votes")
    clean: dict[str, int] = {}
    for pk, n in votes.items():
        n = _count(n, "votes", _("得票数"))
        if n > ballots_cast:
            raise ValidationFailed(
                _("“%(c)s”的得票数(%(n)s)超过收回的选票数(%(b)s)。")
                % {"c": ids[pk].full_name, "n": n, "b": ballots_cast},
                field="votes",
            )
        clean[str(pk)] = n
    with transaction.atomic():
        locked = Round.objects.select_for_update(of=("self",)).get(pk=round.pk)
        other = locked.tallies.exclude(teller=teller).first()
        if other is not None and other.entered_by_id == actor.pk:
            raise ValidationFailed(_("两名计票人须由不同的人分别录入。"), field="teller")
        Tally.objects.update_or_create(
            round=locked, teller=teller,
            defaults={"entered_by": actor, "voted": voted, "ballots_cast": ballots_cast, "votes": clean},
        )  # fmt: skip
        record_event(actor=actor, action="round.tally", target=locked, congress=election.congress,
                     after={"teller": teller, "voted": voted, "ballots_cast": ballots_cast})  # fmt: skip
        if other is None:
            return TallyOutcome(agreed=False, waiting=True, round=locked)
        differences = []
        if other.voted != voted:
            differences.append(_("投票人数:%(a)s 与 %(b)s") % {"a": other.voted, "b": voted})
        if other.ballots_cast != ballots_cast:
            differences.append(_("收回选票数:%(a)s 与 %(b)s") % {"a": other.ballots_cast, "b": ballots_cast})
        for pk, c in ids.items():
            a, b = other.votes.get(str(pk)), clean[str(pk)]
            if a != b:
                differences.append(_("%(c)s得票:%(a)s 与 %(b)s") % {"c": c.full_name, "a": a, "b": b})
        if differences:
            return TallyOutcome(
                agreed=False, waiting=False, differences=[str(d) for d in differences], round=locked
            )
        problems = reconcile(locked, voted, ballots_cast)
        if problems:
            _hold(actor, locked, problems)
            return TallyOutcome(agreed=False, waiting=False, held=True, differences=problems, round=locked)
        _decide(actor, locked, voted, ballots_cast, clean, ids)
        return TallyOutcome(agreed=True, waiting=False, round=locked)


def decide_outcome(
    *,
    kind: str,
    seats: int,
    voters: int,
    voted: int,
    ballots_cast: int,
    votes: dict[int, int],
    station_overrun: bool,
    params: dict[str, Any],
) -> tuple[str, list[int], str]:
    """(state, elected candidate ids, outcome text) of one vote, by the law's rules."""
    if ballots_cast > voted or station_overrun:
        return RoundState.VOID, [], _("收回的选票多于投票人数,本次选举无效,须重新投票。")
    if not law.more_than(voted, voters, params["turnout_more_than"]):
        return RoundState.VOID, [], _("投票人数未超过本选区全体选民的半数,选举无效,须重新投票。")
    ordered = sorted(votes.items(), key=lambda kv: -kv[1])
    if kind == RoundKind.FIRST:
        passing = [
            (pk, n) for pk, n in ordered if law.more_than(n, ballots_cast, params["elected_more_than"])
        ]
    else:
        passing = [
            (pk, n)
            for pk, n in ordered
            if n > 0 and law.at_least(n, ballots_cast, params["further_round_min"])
        ]
    elected = passing[:seats]
    # Equal votes at the last seat decide nobody: they vote again.
    if len(passing) > seats and passing[seats][1] == elected[-1][1]:
        tie = elected[-1][1]
        elected = [(pk, n) for pk, n in elected if n > tie]
    ids = [pk for pk, _n in elected]
    left = seats - len(ids)
    text = _("当选%(n)s名") % {"n": len(ids)}
    if left:
        text += (
            _(",尚缺%(n)s名,须另行选举") % {"n": left}
            if kind == RoundKind.FIRST
            else _(",尚缺%(n)s名") % {"n": left}
        )
    return RoundState.DECIDED, ids, str(text)


def _decide(
    actor: Any, item: Round, voted: int, ballots_cast: int, votes: dict[str, int], ids: dict[int, Candidate]
) -> None:
    constituency = item.constituency
    election = constituency.election
    params = law.params_of(election)
    overrun = item.station_returns.filter(ballots_returned__gt=F("ballots_issued")).exists()
    state, elected, text = decide_outcome(
        kind=item.kind, seats=item.seats, voters=item.voters, voted=voted, ballots_cast=ballots_cast,
        votes={int(k): v for k, v in votes.items()}, station_overrun=overrun, params=params,
    )  # fmt: skip
    item.state, item.voted, item.ballots_cast, item.outcome, item.decided_at = (
        state,
        voted,
        ballots_cast,
        text,
        clock.now(),
    )
    item.hold_reason = ""
    item.save(update_fields=["state", "voted", "ballots_cast", "outcome", "decided_at", "hold_reason"])
    for pk in elected:
        Candidate.objects.filter(pk=pk).update(
            elected_round=item, elected_votes=votes[str(pk)], review_state="pending"
        )
    record_event(actor=actor, action="round.decide", target=item, congress=election.congress,
                 after={"state": state, "elected": [ids[pk].full_name for pk in elected], "outcome": text})  # fmt: skip


def results_publish(*, actor: Any, election: Election) -> Election:
    """Publish the results once every constituency's seats are filled."""
    ensure_runs(actor, election)
    if election.results_published_on:
        raise ConflictError(_("选举结果已经公布。"), field="results")
    unfilled = [c.name for c in election.constituencies.all()
                if c.candidates.filter(elected_round__isnull=False).count() < c.seats]  # fmt: skip
    if unfilled:
        raise ValidationFailed(
            _("以下选区名额尚未选满:%(c)s。") % {"c": "、".join(unfilled)}, field="results"
        )
    with transaction.atomic():
        election.results_published_on = clock.today()
        election.state = "reviewing"
        election.save(update_fields=["results_published_on", "state"])
        record_event(actor=actor, action="election.results_publish", target=election,
                     after={"on": election.results_published_on,
                            "elected": election.candidates.filter(elected_round__isnull=False).count()})  # fmt: skip
    return election


def results(election: Election) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Per constituency: seats, voters, each round's turnout and outcome, who is elected. A fixed
    number of queries whatever the number of constituencies (one grouped count of the register)."""
    from django.db.models import Count

    rows = []
    whole = {"seats": 0, "elected": 0, "voters": 0, "further": 0}
    eligible = dict(
        Voter.objects.filter(election=election, status=VoterStatus.ELIGIBLE)
        .values_list("constituency_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    elected_by: dict[int, list[Candidate]] = {}
    for cand in election.candidates.filter(elected_round__isnull=False).order_by("-elected_votes", "pk"):
        elected_by.setdefault(cand.constituency_id, []).append(cand)
    for c in election.constituencies.prefetch_related("rounds__tallies", "rounds__candidates"):
        elected = elected_by.get(c.pk, [])
        rounds = []
        for r in c.rounds.all():
            tallies = sorted(r.tallies.all(), key=lambda t: t.teller)
            votes = dict(tallies[0].votes) if tallies and r.state != RoundState.OPEN else {}
            rounds.append({"round": r, "votes": sorted(((cand, votes.get(str(cand.pk))) for cand in r.candidates.all()),
                                                         key=lambda x: -(x[1] or 0))})  # fmt: skip
        voters = eligible.get(c.pk, 0)
        rows.append({"constituency": c, "elected": elected, "rounds": rounds, "voters": voters,
                     "unfilled": c.seats - len(elected)})  # fmt: skip
        whole["seats"] += c.seats
        whole["elected"] += len(elected)
        whole["voters"] += voters
        whole["further"] += sum(1 for r in c.rounds.all() if r.kind == RoundKind.FURTHER)
    return rows, whole
