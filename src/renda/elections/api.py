"""The elections API (``/api/v1/elections``): elections and their timetable, constituencies and
seats, the voter register (masked), candidates, tallies and results, through the same services as
the pages and with the same permission (the congress's staff and leaders read; staff and election
committee members act)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from renda.api.schemas import ErrorOut, InputSchema, PageParams, page_of, paginate
from renda.api.schemas import text as txt
from renda.core import clock
from renda.core.errors import NotFoundError, PermissionDeniedError

from . import ballot, candidates, register, selectors, services
from .access import get_election_for, runs
from .models import Constituency, Round
from .timetable import stages

router = Router(tags=["换届选举"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class ElectionOut(Schema):
    id: int
    name: str
    congress: str
    kind: str
    state: str
    election_day: dt.date
    register_published_on: dt.date | None = None

    @staticmethod
    def resolve_congress(o: Any) -> str:
        return o.congress.name


class StageOut(Schema):
    key: str
    label: str
    opens: dt.date | None = None
    closes: dt.date | None = None
    who: str
    status: str


class ElectionDetailOut(ElectionOut):
    timetable: list[StageOut] = []


class ConstituencyOut(Schema):
    id: int
    name: str
    kind: str
    population: int
    seats: int
    per_seat: float
    deviation: float = Field(..., description="偏离平均数的百分比")
    flagged: bool


class VoterOut(Schema):
    id: int
    full_name: str
    id_number_masked: str
    constituency: str
    status: str
    is_migrant: bool

    @staticmethod
    def resolve_constituency(o: Any) -> str:
        return o.constituency.name


class VoterQuery(PageParams):
    q: str = Field("", max_length=50, description="姓名或完整身份证号")
    constituency: str = Field("", max_length=12, description="选区编号")
    status: str = Field("", max_length=16, description="状态")


class VoterIn(InputSchema):
    constituency_id: int
    full_name: txt(50, min_length=1)  # type: ignore[valid-type]
    id_number: txt(18, min_length=1)  # type: ignore[valid-type]
    address: txt(200) = ""  # type: ignore[valid-type]
    migrant_certificate: txt(200) = ""  # type: ignore[valid-type]


class CandidateOut(Schema):
    id: int
    full_name: str
    constituency: str
    gender: str
    party: str
    occupation_category: str
    stage: str
    nominating_body: str
    elected_votes: int | None = None
    review_state: str

    @staticmethod
    def resolve_constituency(o: Any) -> str:
        return o.constituency.name


class TallyIn(InputSchema):
    teller: int = Field(..., ge=1, le=2)
    voted: int = Field(..., ge=0, le=10_000_000)
    ballots_cast: int = Field(..., ge=0, le=10_000_000)
    votes: dict[int, int] = Field(..., description="候选人编号 → 得票数")


class TallyOut(Schema):
    agreed: bool
    waiting: bool
    held: bool = Field(False, description="计票人一致,但与各投票站选票数不符,暂缓确定")
    differences: list[str]
    state: str
    outcome: str


class StationReturnIn(InputSchema):
    ballots_issued: int = Field(..., ge=0, le=10_000_000)
    ballots_returned: int = Field(..., ge=0, le=10_000_000)


class RoundStateOut(Schema):
    state: str
    outcome: str
    hold_reason: str


def _election(request: Any, election_id: int) -> Any:
    return get_election_for(request.auth, election_id)


def _runner(request: Any, election: Any) -> None:
    if not runs(request.auth, election):
        raise PermissionDeniedError(_("只有本级人大常委会工作人员和选举委员会组成人员可以办理选举事务。"))


@router.get("", response={200: page_of(ElectionOut, "ElectionPage"), **ERRORS}, summary="选举列表")
def list_elections(request: Any, params: Query[PageParams]) -> Any:
    return paginate(selectors.elections_for(request.auth), params)


@router.get("/{election_id}", response={200: ElectionDetailOut, **ERRORS}, summary="一次选举及其时间表")
def get_election(request: Any, election_id: int) -> Any:
    e = _election(request, election_id)
    today = clock.today()
    e.timetable = [
        {"key": s.key, "label": str(s.label), "opens": s.opens, "closes": s.closes, "who": str(s.who),
         "status": s.status(today)}
        for s in stages(e)
    ]  # fmt: skip
    return e


@router.get(
    "/{election_id}/constituencies", response={200: list[ConstituencyOut], **ERRORS}, summary="选区和名额"
)
def list_constituencies(request: Any, election_id: int) -> Any:
    rows, _summary = services.seat_table(_election(request, election_id))
    return [
        {"id": r.constituency.pk, "name": r.constituency.name, "kind": r.constituency.kind,
         "population": r.constituency.population, "seats": r.constituency.seats, "per_seat": r.per_seat,
         "deviation": r.deviation, "flagged": r.flagged}
        for r in rows
    ]  # fmt: skip


@router.get(
    "/{election_id}/voters", response={200: page_of(VoterOut, "VoterPage"), **ERRORS}, summary="选民名单"
)
def list_voters(request: Any, election_id: int, params: Query[VoterQuery]) -> Any:
    e = _election(request, election_id)
    return paginate(
        selectors.voters_of(e, q=params.q, constituency=params.constituency, status=params.status), params
    )


@router.post("/{election_id}/voters", response={201: VoterOut, **ERRORS}, summary="登记选民")
def add_voter(request: Any, election_id: int, payload: VoterIn) -> Any:
    e = _election(request, election_id)
    _runner(request, e)
    c = Constituency.objects.filter(election=e, pk=payload.constituency_id).first()
    if c is None:
        raise NotFoundError(_("没有找到该选区。"))
    return 201, register.voter_add(
        actor=request.auth, election=e, constituency=c, full_name=payload.full_name, id_number=payload.id_number,
        address=payload.address, migrant_certificate=payload.migrant_certificate,
    )  # fmt: skip


@router.get("/{election_id}/candidates", response={200: list[CandidateOut], **ERRORS}, summary="代表候选人")
def list_candidates(request: Any, election_id: int) -> Any:
    return list(_election(request, election_id).candidates.select_related("constituency"))


@router.post(
    "/{election_id}/rounds/{round_id}/tally", response={200: TallyOut, **ERRORS}, summary="录入计票结果"
)
def enter_tally(request: Any, election_id: int, round_id: int, payload: TallyIn) -> Any:
    e = _election(request, election_id)
    _runner(request, e)
    r = Round.objects.filter(constituency__election=e, pk=round_id).first()
    if r is None:
        raise NotFoundError(_("没有找到该轮投票。"))
    out = ballot.tally_enter(actor=request.auth, round=r, teller=payload.teller, voted=payload.voted,
                             ballots_cast=payload.ballots_cast, votes=payload.votes)  # fmt: skip
    return {"agreed": out.agreed, "waiting": out.waiting, "held": out.held, "differences": out.differences,
            "state": out.round.state, "outcome": out.round.outcome}  # fmt: skip


@router.post(
    "/{election_id}/rounds/{round_id}/stations/{station_id}",
    response={200: RoundStateOut, **ERRORS},
    summary="登记投票站本轮发出和收回的选票数",
)
def enter_station_return(
    request: Any, election_id: int, round_id: int, station_id: int, payload: StationReturnIn
) -> Any:
    e = _election(request, election_id)
    _runner(request, e)
    r = Round.objects.filter(constituency__election=e, pk=round_id).select_related("constituency").first()
    station = r.constituency.stations.filter(pk=station_id).first() if r is not None else None
    if station is None:
        raise NotFoundError(_("没有找到该投票站。"))
    ballot.station_ballots(actor=request.auth, station=station, round=r, issued=payload.ballots_issued,
                           returned=payload.ballots_returned)  # fmt: skip
    r.refresh_from_db()
    return {"state": r.state, "outcome": r.outcome, "hold_reason": r.hold_reason}


@router.get("/{election_id}/results", response={200: dict, **ERRORS}, summary="选举结果和代表结构")
def get_results(request: Any, election_id: int) -> Any:
    e = _election(request, election_id)
    rows, whole = ballot.results(e)
    elected = list(e.candidates.filter(elected_round__isnull=False))
    return {
        "whole": whole,
        "constituencies": [
            {"name": r["constituency"].name, "seats": r["constituency"].seats, "voters": r["voters"],
             "elected": [{"name": c.full_name, "votes": c.elected_votes} for c in r["elected"]],
             "unfilled": r["unfilled"]}
            for r in rows
        ],
        "composition": candidates.against_targets(e, elected),
    }  # fmt: skip
