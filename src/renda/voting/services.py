"""Writes of the voting app: create, open, close, cast, paper ballots.

Every refusal is a :class:`VoteRefused` with a Chinese message and a stable code; nothing of the
refused request is recorded, but the attempt is audited (``vote.cast_refused``) in its own
transaction after the rollback. The live screens are told after commit (``live.notify``).
"""

from __future__ import annotations

import hashlib
import random
import re
import secrets
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from renda.audit.services import record_event, record_event_deferred
from renda.core import clock
from renda.core.choices import Role
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.core.models import Congress
from renda.core.scopes import scope_of

from . import live, rules
from .choices import OPTIONS, BallotSource, OptionSet, VoteMethod, VoteState
from .models import Ballot, Candidate, PaperEntry, SecretBallot, Vote, VoteEligibility, VoteParticipation
from .owners import VoteOwner, get_owner

CHAIR_ROLES = (Role.STAFF, Role.LEADER)
KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
WRITE_IN_PREFIX = "w:"


class VoteRefused(ValidationFailed):
    """A ballot or paper entry that is not accepted (the message says why, in Chinese)."""


@dataclass(frozen=True)
class CastResult:
    choices: list[str]
    receipt_code: str = ""  # secret votes only: shown to the voter, stored nowhere with their name
    changed: bool = False
    replayed: bool = False  # the same request again (a retry): nothing new recorded


# --- helpers --------------------------------------------------------------------------------------


def _owner(vote: Vote) -> VoteOwner:
    owner = get_owner(vote.owner_code)
    if owner is None:
        raise ValidationFailed(_("表决所属的事项类别不存在。"))
    return owner


def ensure_chair(actor: Any, vote: Vote | None = None, congress_id: int | None = None) -> None:
    cid = vote.congress_id if vote is not None else congress_id
    if cid is None or not scope_of(actor).has_in(cid, *CHAIR_ROLES):
        raise PermissionDeniedError(_("只有会议主持人或工作人员可以操作表决。"))


def can_chair(actor: Any, vote: Vote) -> bool:
    return scope_of(actor).has_in(vote.congress_id, *CHAIR_ROLES)


def _hash(kind: str, vote_id: int, key: str) -> str:
    return hashlib.sha256(f"{kind}:{vote_id}:{key}".encode()).hexdigest()


def _minute(value: Any) -> Any:
    return value.replace(second=0, microsecond=0)


def new_receipt_code() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _notify_after_commit(vote_id: int) -> None:
    transaction.on_commit(lambda: live.notify(vote_id))
    live.notify_in_transaction(vote_id)


def _announce_ballot(vote_id: int) -> None:
    """A ballot: the screens are told after commit, coalesced per burst (``live.announce``); no
    ``NOTIFY`` inside the cast's transaction (PostgreSQL serialises the commits of notifying
    transactions on one lock)."""
    transaction.on_commit(lambda: live.announce(vote_id))


def _lock_vote_shared(vote: Vote) -> str:
    """The vote's state, read under a shared lock that a concurrent close waits for (PostgreSQL)."""
    with connection.cursor() as cur:
        suffix = " FOR SHARE" if connection.vendor == "postgresql" else ""
        cur.execute(f"SELECT state FROM voting_vote WHERE id = %s{suffix}", [vote.pk])  # noqa: S608
        row = cur.fetchone()
    return row[0] if row else ""


def normalize_choices(
    vote: Vote, choices: Iterable[str], *, candidates: Sequence[Candidate] | None = None
) -> list[str]:
    """The ballot's choices in canonical form, or :class:`VoteRefused` (unknown option, too many…)."""
    raw = [str(c).strip() for c in choices if str(c).strip()]
    if not vote.is_election:
        allowed = {code for code, _label in OPTIONS.get(vote.option_set, [])}
        if len(raw) != 1 or raw[0] not in allowed:
            raise VoteRefused(_("选项不存在,请重新选择。"), code="unknown_option", field="choice")
        return raw
    cands = list(candidates if candidates is not None else vote.candidates.all())
    by_key = {c.key: c for c in cands}
    by_name = {c.name: c for c in cands}
    out: list[str] = []
    for item in raw:
        if item in by_key:
            key = item
        elif item.startswith(WRITE_IN_PREFIX):
            if not vote.allow_write_in:
                raise VoteRefused(_("本次选举不允许另选他人。"), code="unknown_option", field="choice")
            name = re.sub(r"\s+", "", item[len(WRITE_IN_PREFIX) :])
            if not name or len(name) > 50:
                raise VoteRefused(_("另选人的姓名应为1至50个字。"), code="unknown_option", field="choice")
            key = by_name[name].key if name in by_name else WRITE_IN_PREFIX + name
        else:
            raise VoteRefused(_("候选人不存在,请重新选择。"), code="unknown_option", field="choice")
        if key in out:
            raise VoteRefused(_("同一人只能投一票。"), code="unknown_option", field="choice")
        out.append(key)
    if len(out) > vote.seats:
        raise VoteRefused(
            _("所选人数超过应选名额(%(seats)d 名)。") % {"seats": vote.seats},
            code="unknown_option",
            field="choice",
        )
    return sorted(out)


def _audit_refusal(actor: Any, vote: Vote, exc: VoteRefused, action: str = "vote.cast_refused") -> None:
    with transaction.atomic():
        record_event_deferred(
            actor=actor, action=action, target=vote, after={"reason": exc.code, "message": exc.message}
        )


# --- create, open, close --------------------------------------------------------------------------


def vote_create(
    *,
    actor: Any,
    congress: Congress,
    owner_code: str,
    owner_id: int,
    title: str,
    method: str,
    option_set: str,
    rule_code: str,
    may_change: bool = False,
    seats: int = 0,
    allow_write_in: bool = False,
    candidates: Sequence[str] = (),
) -> Vote:
    ensure_chair(actor, congress_id=congress.pk)
    if get_owner(owner_code) is None:
        raise ValidationFailed(_("表决所属的事项类别不存在。"), field="owner_code")
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise ValidationFailed(_("请填写表决事项(不超过200字)。"), field="title")
    if method not in VoteMethod.values:
        raise ValidationFailed(_("请选择表决方式。"), field="method")
    if option_set not in OptionSet.values:
        raise ValidationFailed(_("请选择表决选项。"), field="option_set")
    if rules.get_rule(rule_code) is None:
        raise ValidationFailed(_("请选择通过规则。"), field="rule_code")
    names: list[str] = []
    if option_set == OptionSet.ELECTION:
        for raw in candidates:
            name = re.sub(r"\s+", "", str(raw))
            if not name:
                continue
            if len(name) > 50:
                raise ValidationFailed(_("候选人姓名不超过50字。"), field="candidates")
            if name in names:
                raise ValidationFailed(_("候选人“%(name)s”重复。") % {"name": name}, field="candidates")
            names.append(name)
        if not names:
            raise ValidationFailed(_("选举须至少有一名候选人。"), field="candidates")
        if seats < 1 or seats > len(names):
            raise ValidationFailed(_("应选名额应在1至候选人数之间。"), field="seats")
    else:
        seats, allow_write_in = 0, False
    with transaction.atomic():
        vote = Vote.objects.create(
            congress=congress,
            owner_code=owner_code,
            owner_id=owner_id,
            title=title,
            method=method,
            option_set=option_set,
            rule_code=rule_code,
            may_change=may_change,
            seats=seats,
            allow_write_in=allow_write_in,
            created_by=actor,
            created_at=clock.now(),
        )
        Candidate.objects.bulk_create(
            [Candidate(vote=vote, name=name, sort_order=i) for i, name in enumerate(names)]
        )
        record_event(
            actor=actor,
            action="vote.create",
            target=vote,
            after={
                "method": method,
                "option_set": option_set,
                "rule": rule_code,
                "candidates": names,
                "seats": seats,
            },
        )
    return vote


def vote_open(*, actor: Any, vote: Vote) -> Vote:
    ensure_chair(actor, vote)
    owner = _owner(vote)
    with transaction.atomic():
        vote = Vote.objects.select_for_update().get(pk=vote.pk)
        if vote.state != VoteState.DRAFT:
            raise ConflictError(_("表决已经开始或已经结束。"))
        members = sorted(owner.member_user_ids(vote.owner_id))
        if not members:
            raise ValidationFailed(_("没有可以参加表决的组成人员。"))
        VoteEligibility.objects.bulk_create([VoteEligibility(vote=vote, user_id=uid) for uid in members])
        if vote.is_secret:
            codes: set[str] = set()
            while len(codes) < len(members):
                codes.add(new_receipt_code())
            slots = [SecretBallot(vote=vote, receipt_code=code) for code in codes]
            random.SystemRandom().shuffle(slots)
            SecretBallot.objects.bulk_create(slots, batch_size=500)
        vote.state = VoteState.OPEN
        vote.opened_by = actor
        vote.opened_at = clock.now()
        vote.save(update_fields=["state", "opened_by", "opened_at"])
        record_event(actor=actor, action="vote.open", target=vote, after={"members": len(members)})
        _notify_after_commit(vote.pk)
    return vote


def tally(vote: Vote) -> Counter[str]:
    """Ballots per option (or per candidate key), from the ballots counted so far."""
    counts: Counter[str] = Counter()
    rows = (
        SecretBallot.objects.filter(vote=vote, cast=True).values_list("choices", flat=True)
        if vote.is_secret
        else Ballot.objects.filter(vote=vote).values_list("choices", flat=True)
    )
    for choices in rows:
        for choice in choices or []:
            counts[choice] += 1
    return counts


def election_winners(
    counts: Counter[str] | dict[str, int], *, seats: int, rule_code: str, members: int, present: int
) -> tuple[list[str], list[str], int]:
    """``(winners, tied, unfilled)``: the candidates the rule lets pass, most votes first, at most
    ``seats``; candidates tied across the last seat are not elected (另行选举) and leave it unfilled."""
    passing = [
        (key, n)
        for key, n in counts.items()
        if rules.evaluate(rule_code, {"yes": n}, members, present).passed
    ]
    passing.sort(key=lambda kv: (-kv[1], kv[0]))
    if len(passing) <= seats:
        winners = [k for k, _n in passing]
        return winners, [], seats - len(winners)
    boundary = passing[seats - 1][1]
    above = [k for k, n in passing if n > boundary]
    at = [k for k, n in passing if n == boundary]
    if len(above) + len(at) <= seats:
        winners = above + at
        return winners, [], seats - len(winners)
    return above, sorted(at), seats - len(above)


def compute_result(
    vote: Vote, *, members: int, present: int, counts: Counter[str] | None = None
) -> dict[str, Any]:
    counts = counts if counts is not None else tally(vote)
    ballots = (
        SecretBallot.objects.filter(vote=vote, cast=True).count()
        if vote.is_secret
        else Ballot.objects.filter(vote=vote).count()
    )
    result: dict[str, Any] = {
        "counts": dict(sorted(counts.items())),
        "ballots": ballots,
        "members": members,
        "present": present,
        "rule": vote.rule_code,
    }
    if vote.is_election:
        winners, tied, unfilled = election_winners(
            counts, seats=vote.seats, rule_code=vote.rule_code, members=members, present=present
        )
        result.update({"winners": winners, "tied": tied, "unfilled": unfilled, "passed": unfilled == 0})
        result["detail"] = ""
    else:
        outcome = rules.evaluate(vote.rule_code, counts, members, present)
        result.update({"passed": outcome.passed, "detail": outcome.detail})
    return result


def _rewrite_secret_tables(vote: Vote) -> None:
    """After close: drop unused slots, re-insert cast ballots in random order with fresh keys, and touch
    every participation, so no row order and no transaction id pairs a voter with a ballot."""
    kept = list(SecretBallot.objects.filter(vote=vote, cast=True).values_list("receipt_code", "choices"))
    SecretBallot.objects.filter(vote=vote).delete()
    random.SystemRandom().shuffle(kept)
    SecretBallot.objects.bulk_create(
        [SecretBallot(vote=vote, receipt_code=code, choices=choices, cast=True) for code, choices in kept],
        batch_size=500,
    )
    VoteParticipation.objects.filter(vote=vote).update(key_hash="")


def vote_close(*, actor: Any, vote: Vote) -> Vote:
    ensure_chair(actor, vote)
    owner = _owner(vote)
    with transaction.atomic():
        vote = Vote.objects.select_for_update().get(pk=vote.pk)
        if vote.state != VoteState.OPEN:
            raise ConflictError(_("表决不在进行中,不能结束。"))
        from .selectors import paper_sheets

        pending = [s for s in paper_sheets(vote) if not s.counted]
        if pending:
            raise ValidationFailed(
                _("还有 %(n)d 张纸质选票未完成两人录入或两次录入不一致,请先核对。") % {"n": len(pending)}
            )
        eligible = set(VoteEligibility.objects.filter(vote=vote).values_list("user_id", flat=True))
        present = len(eligible & set(owner.present_user_ids(vote.owner_id)))
        result = compute_result(vote, members=len(eligible), present=present)
        result["voted"] = VoteParticipation.objects.filter(vote=vote).count()
        if vote.is_secret:
            _rewrite_secret_tables(vote)
        Ballot.objects.filter(vote=vote).update(key_hash="")
        vote.state = VoteState.CLOSED
        vote.closed_by = actor
        vote.closed_at = clock.now()
        vote.result = result
        vote.save(update_fields=["state", "closed_by", "closed_at", "result"])
        vote._loaded_state = VoteState.CLOSED
        if owner.on_closed is not None:
            owner.on_closed(vote=vote, result=result, actor=actor)
        record_event(actor=actor, action="vote.close", target=vote, after=result)
        _notify_after_commit(vote.pk)
    return vote


# --- casting --------------------------------------------------------------------------------------


def _check_can_cast(vote: Vote, actor: Any, state: str) -> None:
    if state == VoteState.DRAFT:
        raise VoteRefused(_("表决尚未开始。"), code="not_open")
    if state != VoteState.OPEN:
        raise VoteRefused(_("表决已经结束,不能再投票。"), code="closed")
    if not VoteEligibility.objects.filter(vote=vote, user_id=actor.pk).exists():
        raise VoteRefused(_("您不是本次表决的组成人员,不能投票。"), code="not_member")
    if not _owner(vote).present(vote.owner_id, actor.pk):
        raise VoteRefused(_("您尚未签到,签到后才能投票。"), code="not_present")


# SQLite has one writer at a time. Thousands of casts arriving together each wait for its lock in
# SQLite's busy handler, which polls with growing sleeps: the lock stays idle between them and a cast
# that waits longer than the busy timeout fails. In one process the casts queue here instead, woken
# in turn (PostgreSQL needs no gate: its row locks queue the waiters).
_SQLITE_CAST_GATE = threading.RLock()


class _NoGate:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        return None


def _cast_gate() -> Any:
    return _SQLITE_CAST_GATE if connection.vendor == "sqlite" else _NoGate()


def vote_cast(
    *, actor: Any, vote: Vote, choices: Sequence[str], idempotency_key: str, receipt_code: str = ""
) -> CastResult:
    """A member's ballot from their own device; a retry with the same key returns the first answer."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError(_("请先登录。"))
    try:
        with _cast_gate():
            return _cast(
                actor=actor, vote=vote, choices=choices, key=idempotency_key, receipt_code=receipt_code
            )
    except VoteRefused as exc:
        with _cast_gate():
            _audit_refusal(actor, vote, exc)
        raise


def _cast(*, actor: Any, vote: Vote, choices: Sequence[str], key: str, receipt_code: str) -> CastResult:
    key = (key or "").strip()
    if not KEY_RE.match(key):
        raise VoteRefused(_("请求标识无效,请刷新页面后重试。"), code="invalid_key", field="idempotency_key")
    with transaction.atomic():
        state = _lock_vote_shared(vote)
        _check_can_cast(vote, actor, state)
        chosen = normalize_choices(vote, choices)
        hp, hb = _hash("p", vote.pk, key), _hash("b", vote.pk, key)
        existing = VoteParticipation.objects.filter(vote=vote, user_id=actor.pk).first()
        now = clock.now()
        if existing is not None:
            return _cast_again(actor, vote, existing, chosen, hp, hb, receipt_code, now)
        try:
            with transaction.atomic():
                VoteParticipation.objects.create(
                    vote=vote,
                    user_id=actor.pk,
                    source=BallotSource.DEVICE,
                    voted_at=_minute(now),
                    key_hash=hp,
                )
        except IntegrityError:
            raise VoteRefused(_("您已经投过票了。"), code="already_voted") from None
        receipt = ""
        if vote.is_secret:
            receipt = _fill_slot(vote, chosen, hb)
            record_event_deferred(
                actor=actor, action="vote.cast", target=vote, after={"source": BallotSource.DEVICE}
            )
        else:
            Ballot.objects.create(
                vote=vote,
                user_id=actor.pk,
                choices=chosen,
                source=BallotSource.DEVICE,
                cast_at=now,
                key_hash=hb,
            )
            record_event_deferred(
                actor=actor,
                action="vote.cast",
                target=vote,
                after={"source": BallotSource.DEVICE, "choices": chosen},
            )
        _announce_ballot(vote.pk)
    return CastResult(choices=chosen, receipt_code=receipt)


def _fill_slot(vote: Vote, chosen: list[str], key_hash: str, receipt_code: str = "") -> str:
    qs = SecretBallot.objects.filter(vote=vote, cast=False)
    if connection.vendor == "postgresql":
        qs = qs.select_for_update(skip_locked=True)
    slot = qs.order_by("?").first()
    if slot is None:
        raise VoteRefused(_("选票已发完,请联系工作人员。"), code="no_slot")
    slot.cast = True
    slot.choices = chosen
    slot.key_hash = key_hash
    if receipt_code:
        slot.receipt_code = receipt_code
    slot.save(update_fields=["cast", "choices", "key_hash", "receipt_code"])
    _stir_cast_ballots(vote, exclude=slot.pk)
    return slot.receipt_code


STIR_ROWS = 4


def _stir_cast_ballots(vote: Vote, *, exclude: Any) -> None:
    """PostgreSQL writes an updated row as a new version at the end of the heap, so the physical order
    of cast ballots would be the order they were cast in. Every cast therefore also re-writes a few
    random earlier ballots (same content), which leaves their physical order shuffled."""
    if connection.vendor != "postgresql":
        return
    qs = SecretBallot.objects.filter(vote=vote, cast=True).exclude(pk=exclude)
    picked = list(
        qs.select_for_update(skip_locked=True).order_by("?").values_list("pk", flat=True)[:STIR_ROWS]
    )
    if picked:
        SecretBallot.objects.filter(pk__in=picked).update(choices=F("choices"))


def _cast_again(
    actor: Any,
    vote: Vote,
    existing: VoteParticipation,
    chosen: list[str],
    hp: str,
    hb: str,
    receipt_code: str,
    now: Any,
) -> CastResult:
    if existing.source == BallotSource.PAPER:
        raise VoteRefused(_("您已使用纸质选票投票。"), code="already_voted")
    if existing.key_hash == hp:  # the same request again: answer as the first time
        if vote.is_secret:
            slot = SecretBallot.objects.filter(vote=vote, key_hash=hb, cast=True).first()
            if slot is not None and slot.choices == chosen:
                return CastResult(choices=chosen, receipt_code=slot.receipt_code, replayed=True)
        else:
            ballot = Ballot.objects.filter(vote=vote, user_id=actor.pk, key_hash=hb).first()
            if ballot is not None and ballot.choices == chosen:
                return CastResult(choices=chosen, replayed=True)
        raise VoteRefused(_("同一请求标识不能用于不同的选择,请刷新页面。"), code="key_reused")
    if not vote.may_change:
        raise VoteRefused(_("您已经投过票了,本次表决不能改票。"), code="already_voted")
    receipt = ""
    if vote.is_secret:
        code = (receipt_code or "").strip().upper()
        slot = SecretBallot.objects.filter(vote=vote, receipt_code=code, cast=True).first() if code else None
        if slot is None:
            raise VoteRefused(_("改票须提供本人的回执码。"), code="receipt_required", field="receipt_code")
        slot.choices = chosen
        slot.key_hash = hb
        slot.save(update_fields=["choices", "key_hash"])
        receipt = slot.receipt_code
        record_event_deferred(actor=actor, action="vote.change", target=vote, after={})
    else:
        ballot = Ballot.objects.get(vote=vote, user_id=actor.pk)
        before = ballot.choices
        ballot.choices = chosen
        ballot.key_hash = hb
        ballot.cast_at = now
        ballot.changed += 1
        ballot.save(update_fields=["choices", "key_hash", "cast_at", "changed"])
        record_event_deferred(
            actor=actor,
            action="vote.change",
            target=vote,
            before={"choices": before},
            after={"choices": chosen},
        )
    existing.key_hash = hp
    existing.save(update_fields=["key_hash"])
    _announce_ballot(vote.pk)
    return CastResult(choices=chosen, receipt_code=receipt, changed=True)


# --- paper ballots --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PaperOutcome:
    state: str  # "waiting" (one entry so far), "counted", "disagree"
    message: str


def _check_paper(actor: Any, vote: Vote) -> None:
    ensure_chair(actor, vote)
    if vote.state != VoteState.OPEN:
        raise VoteRefused(_("表决不在进行中,不能录入纸质选票。"), code="closed")


def paper_issue(*, actor: Any, vote: Vote, member_id: int) -> None:
    """Hand a paper ballot of a secret vote to a member: their participation is recorded now."""
    try:
        with transaction.atomic():
            _check_paper(actor, vote)
            if not vote.is_secret:
                raise VoteRefused(_("记名表决的纸质选票在录入时注明代表,无须发放登记。"), code="not_secret")
            if not VoteEligibility.objects.filter(vote=vote, user_id=member_id).exists():
                raise VoteRefused(_("该人员不是本次表决的组成人员。"), code="not_member", field="member")
            try:
                with transaction.atomic():
                    VoteParticipation.objects.create(
                        vote=vote, user_id=member_id, source=BallotSource.PAPER, voted_at=_minute(clock.now())
                    )
            except IntegrityError:
                raise VoteRefused(
                    _("该代表已经投票或已领取纸质选票。"), code="already_voted", field="member"
                ) from None
            record_event(actor=actor, action="vote.paper_issue", target=vote, after={"member": member_id})
            _notify_after_commit(vote.pk)
    except VoteRefused as exc:
        _audit_refusal(actor, vote, exc, action="vote.paper_refused")
        raise


def paper_enter(
    *, actor: Any, vote: Vote, sheet_code: str, choices: Sequence[str], member_id: int | None = None
) -> PaperOutcome:
    """One staff member's entry of a paper sheet; two different staff entries that agree count it."""
    try:
        return _paper_enter(
            actor=actor, vote=vote, sheet_code=sheet_code, choices=choices, member_id=member_id
        )
    except VoteRefused as exc:
        _audit_refusal(actor, vote, exc, action="vote.paper_refused")
        raise


def _paper_enter(
    *, actor: Any, vote: Vote, sheet_code: str, choices: Sequence[str], member_id: int | None
) -> PaperOutcome:
    code = re.sub(r"\s+", "", sheet_code or "").upper()
    if not re.fullmatch(r"[A-Z0-9-]{1,20}", code):
        raise VoteRefused(
            _("请填写选票编号(字母、数字,不超过20位)。"), code="invalid_sheet", field="sheet_code"
        )
    with transaction.atomic():
        vote = Vote.objects.select_for_update().get(pk=vote.pk)
        _check_paper(actor, vote)
        chosen = normalize_choices(vote, choices)
        if vote.is_secret:
            member_id = None
        else:
            if member_id is None or not VoteEligibility.objects.filter(vote=vote, user_id=member_id).exists():
                raise VoteRefused(_("请选择本次表决的组成人员。"), code="not_member", field="member")
            voted = VoteParticipation.objects.filter(vote=vote, user_id=member_id).exists()
            if voted:
                raise VoteRefused(_("该代表已经投票。"), code="already_voted", field="member")
        entries = list(PaperEntry.objects.filter(vote=vote, sheet_code=code))
        if any(e.counted for e in entries):
            raise VoteRefused(_("这张选票已经计入。"), code="already_counted", field="sheet_code")
        mine = next((e for e in entries if e.entered_by_id == actor.pk), None)
        if mine is None:
            mine = PaperEntry(vote=vote, sheet_code=code, entered_by=actor)
            entries.append(mine)
        mine.member_id = member_id
        mine.choices = chosen
        mine.entered_at = clock.now()
        mine.save()
        record_event(actor=actor, action="vote.paper_enter", target=vote, after={"sheet": code})
        agreeing = [
            e for e in entries if e.pk != mine.pk and e.member_id == member_id and e.choices == chosen
        ]
        if not agreeing:
            if len(entries) > 1:
                return PaperOutcome("disagree", _("两次录入不一致,本张选票暂不计入,请核对后重新录入。"))
            return PaperOutcome("waiting", _("已录入,等待另一名工作人员独立录入。"))
        if vote.is_secret:
            issued = VoteParticipation.objects.filter(vote=vote, source=BallotSource.PAPER).count()
            counted = (
                PaperEntry.objects.filter(vote=vote, counted=True).values("sheet_code").distinct().count()
            )
            if counted >= issued:
                raise VoteRefused(
                    _("计入的纸质选票不能多于发放的张数。"), code="too_many_sheets", field="sheet_code"
                )
            _fill_slot(vote, chosen, "", receipt_code=f"P-{code}")
        else:
            VoteParticipation.objects.create(
                vote=vote, user_id=member_id, source=BallotSource.PAPER, voted_at=_minute(clock.now())
            )
            Ballot.objects.create(
                vote=vote, user_id=member_id, choices=chosen, source=BallotSource.PAPER, cast_at=clock.now()
            )
        PaperEntry.objects.filter(vote=vote, sheet_code=code).update(counted=True)
        record_event(actor=actor, action="vote.paper_count", target=vote, after={"sheet": code})
        _notify_after_commit(vote.pk)
        return PaperOutcome("counted", _("两次录入一致,本张选票已计入。"))
