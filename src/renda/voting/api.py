"""The voting API (``/api/v1/voting``): list, state, cast (with its idempotency key), open, close —
through the same selectors and services as the pages, under the same permission ``voting.votes``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema

from renda.api.schemas import ErrorOut, InputSchema, PageParams, page_of, paginate
from renda.api.schemas import text as txt
from renda.core.errors import NotFoundError
from renda.core.live import skip_session_write
from renda.core.permissions import ensure_can_view

from . import selectors, services
from .choices import VoteState

router = Router(tags=["电子表决"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
RESOURCE = "voting.votes"


class VoteOut(Schema):
    id: int
    title: str = Field(..., description="表决事项")
    congress: str = Field(..., description="人大")
    method: str = Field(..., description="表决方式:roll_call 记名,secret 无记名")
    option_set: str = Field(..., description="选项:yes_no_abstain、satisfaction、election")
    rule: str = Field(..., description="通过规则")
    seats: int = Field(0, description="应选名额(选举)")
    may_change: bool = Field(..., description="结束前可否改票")
    state: str = Field(..., description="状态:draft、open、closed")
    opened_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None

    @staticmethod
    def resolve_congress(o: Any) -> str:
        return o.congress.name

    @staticmethod
    def resolve_rule(o: Any) -> str:
        return o.rule_code


class OptionOut(Schema):
    code: str
    label: str


class VoteStateOut(Schema):
    vote: VoteOut
    options: list[OptionOut]
    eligible: int = Field(..., description="应到人数")
    present: int = Field(..., description="签到人数")
    voted: int = Field(..., description="已投票人数")
    is_member: bool = Field(..., description="调用者是否为组成人员")
    has_voted: bool = Field(..., description="调用者是否已投票")
    result: dict[str, Any] | None = Field(None, description="表决结束后的结果")


class VoteQuery(PageParams):
    state: str = Field("", max_length=10, description="状态")


class CastIn(InputSchema):
    choices: list[txt(60)] = Field(
        ..., max_length=60, description="选择:选项代码,或候选人 c<编号>,另选 w:<姓名>"
    )  # type: ignore[valid-type]
    idempotency_key: txt(64, min_length=16) = Field(
        ..., description="每张选票一个请求标识;重试时原样重发,不会重复计票"
    )  # type: ignore[valid-type]
    receipt_code: txt(24) = Field("", description="无记名表决改票时填写本人的回执码")  # type: ignore[valid-type]


class CastOut(Schema):
    choices: list[str]
    receipt_code: str = Field("", description="无记名表决的回执码(只在此返回一次,系统不保存其与投票人的对应)")
    changed: bool
    replayed: bool = Field(..., description="同一请求的重试:未重复计票")


def _vote(request: Any, vote_id: int) -> Any:
    ensure_can_view(request.auth, RESOURCE)
    return selectors.get_vote_for(request.auth, vote_id)


@router.get("/votes", response={200: page_of(VoteOut, "VotePage"), **ERRORS}, summary="表决列表")
def list_votes(request: Any, params: Query[VoteQuery]) -> Any:
    """可见的表决:本级人大工作人员、领导,及各表决的组成人员。"""
    ensure_can_view(request.auth, RESOURCE)
    qs = selectors.votes_for(request.auth)
    if params.state in VoteState.values:
        qs = qs.filter(state=params.state)
    return paginate(qs, params)


@router.get("/votes/{vote_id}", response={200: VoteStateOut, **ERRORS}, summary="表决状态")
def vote_state(request: Any, vote_id: int) -> Any:
    vote = _vote(request, vote_id)
    snap = selectors.live_snapshot(vote.pk) or {}
    member = selectors.is_member(vote, request.auth)
    return {
        "vote": vote,
        "options": [{"code": c, "label": label} for c, label in vote.options()],
        "eligible": snap.get("eligible", 0),
        "present": snap.get("present", 0),
        "voted": snap.get("voted", 0),
        "is_member": member,
        "has_voted": member and selectors.has_voted(vote, request.auth),
        "result": vote.result if vote.state == VoteState.CLOSED else None,
    }


@router.post("/votes/{vote_id}/cast", response={200: CastOut, **ERRORS}, summary="投票")
def cast(request: Any, vote_id: int, payload: CastIn) -> Any:
    """组成人员本人投票;签到后才能投票;同一 idempotency_key 的重试返回第一次的结果。"""
    # A cast changes nothing the session holds: on SQLite the session write queued behind the ballots'
    # lock and, failing after the ballot had committed, turned recorded ballots into error answers.
    skip_session_write(request)
    vote = _vote(request, vote_id)
    if not selectors.is_member(vote, request.auth) and not services.can_chair(request.auth, vote):
        raise NotFoundError("表决不存在。")
    result = services.vote_cast(
        actor=request.auth,
        vote=vote,
        choices=payload.choices,
        idempotency_key=payload.idempotency_key,
        receipt_code=payload.receipt_code,
    )
    return {
        "choices": result.choices,
        "receipt_code": result.receipt_code,
        "changed": result.changed,
        "replayed": result.replayed,
    }


@router.post("/votes/{vote_id}/open", response={200: VoteOut, **ERRORS}, summary="开始表决")
def open_vote(request: Any, vote_id: int) -> Any:
    return services.vote_open(actor=request.auth, vote=_vote(request, vote_id))


@router.post("/votes/{vote_id}/close", response={200: VoteOut, **ERRORS}, summary="结束表决")
def close_vote(request: Any, vote_id: int) -> Any:
    return services.vote_close(actor=request.auth, vote=_vote(request, vote_id))
