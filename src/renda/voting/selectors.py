"""Reads of the voting app, shared by pages, API, live streams and the minutes."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from renda.core.errors import NotFoundError

from .choices import OPTIONS, VoteState
from .models import Ballot, PaperEntry, SecretBallot, Vote, VoteEligibility, VoteParticipation
from .owners import get_owner

# The projector lists members by name up to this many (a larger body shows the progress bar only).
NAMES_ON_SCREEN_MAX = 300


def votes_for(user: Any) -> QuerySet[Vote]:
    return Vote.objects.visible_to(user).select_related("congress")


def get_vote_for(user: Any, pk: int) -> Vote:
    """A vote the user may see: staff and leaders of its congress, its members — and, before it opens
    (no eligibility snapshot yet), those the owner names as members, so their page is ready."""
    vote = votes_for(user).filter(pk=pk).first()
    if vote is None:
        draft = Vote.objects.filter(pk=pk, state=VoteState.DRAFT).select_related("congress").first()
        if draft is not None and _owner_member(draft, user):
            return draft
        raise NotFoundError(_("表决不存在。"))
    return vote


def _owner_member(vote: Vote, user: Any) -> bool:
    owner = get_owner(vote.owner_code)
    if owner is None or not getattr(user, "pk", None):
        return False
    try:
        return user.pk in owner.member_user_ids(vote.owner_id)
    except Exception:  # the owner's record is gone
        return False


def votes_of_owner(owner_code: str, owner_id: int) -> QuerySet[Vote]:
    return Vote.objects.filter(owner_code=owner_code, owner_id=owner_id).order_by("created_at", "pk")


def is_member(vote: Vote, user: Any) -> bool:
    return (
        bool(getattr(user, "pk", None))
        and VoteEligibility.objects.filter(vote=vote, user_id=user.pk).exists()
    )


def has_voted(vote: Vote, user: Any) -> bool:
    return VoteParticipation.objects.filter(vote=vote, user_id=user.pk).exists()


def my_roll_call_choices(vote: Vote, user: Any) -> list[str]:
    """A roll-call voter's own ballot (a secret ballot is never looked up by its voter)."""
    if vote.is_secret:
        return []
    ballot = Ballot.objects.filter(vote=vote, user_id=user.pk).first()
    return list(ballot.choices) if ballot else []


def choice_label(vote: Vote, key: str, names: dict[str, str] | None = None) -> str:
    if vote.is_election:
        if key.startswith("w:"):
            return _("%(name)s(另选)") % {"name": key[2:]}
        if names is None:
            names = {c.key: c.name for c in vote.candidates.all()}
        return names.get(key, _("未知候选人"))
    for code, label in OPTIONS.get(vote.option_set, []):
        if code == key:
            return str(label)
    return _("未知选项")


def choices_text(vote: Vote, keys: list[str], names: dict[str, str] | None = None) -> str:
    if not keys:
        return _("空白票") if vote.is_election else ""
    return "、".join(choice_label(vote, k, names) for k in keys)


@dataclass
class ResultLine:
    label: str
    count: int
    elected: bool = False


@dataclass
class ResultView:
    passed: bool
    verdict: str
    detail: str
    lines: list[ResultLine] = field(default_factory=list)
    ballots: int = 0
    members: int = 0
    present: int = 0
    voted: int = 0
    note: str = ""


def result_view(vote: Vote) -> ResultView | None:
    """The recorded result in words (only after close)."""
    if vote.state != VoteState.CLOSED or not vote.result:
        return None
    r = vote.result
    counts: dict[str, int] = r.get("counts", {})
    lines: list[ResultLine] = []
    note = ""
    if vote.is_election:
        names = {c.key: c.name for c in vote.candidates.all()}
        winners = set(r.get("winners", []))
        keys = list(names) + sorted(k for k in counts if k not in names)
        for key in keys:
            lines.append(ResultLine(choice_label(vote, key, names), int(counts.get(key, 0)), key in winners))
        lines.sort(key=lambda ln: -ln.count)
        elected = "、".join(choice_label(vote, k, names) for k in r.get("winners", []))
        verdict = _("当选:%(names)s") % {"names": elected} if elected else _("无人当选")
        if r.get("unfilled"):
            note = _("尚有 %(n)d 个名额未选出,须另行选举。") % {"n": r["unfilled"]}
            if r.get("tied"):
                note += _("得票相等:%(names)s。") % {
                    "names": "、".join(choice_label(vote, k, names) for k in r["tied"])
                }
    else:
        for code, label in OPTIONS.get(vote.option_set, []):
            lines.append(ResultLine(str(label), int(counts.get(code, 0))))
        verdict = _("通过") if r.get("passed") else _("未通过")
    return ResultView(
        passed=bool(r.get("passed")),
        verdict=verdict,
        detail=str(r.get("detail", "")),
        lines=lines,
        ballots=int(r.get("ballots", 0)),
        members=int(r.get("members", 0)),
        present=int(r.get("present", 0)),
        voted=int(r.get("voted", 0)),
        note=note,
    )


def result_text(vote: Vote) -> str:
    """One sentence for the minutes: "《…》应到 35 人,实到 33 人,赞成 30 票……,通过。"."""
    view = result_view(vote)
    if view is None:
        return _("《%(title)s》尚未表决。") % {"title": vote.title}
    parts = "、".join(f"{ln.label} {ln.count} 票" for ln in view.lines)
    text = _(
        "《%(title)s》(%(method)s)应到 %(members)d 人,出席 %(present)d 人,投票 %(voted)d 人,%(parts)s;%(verdict)s。"
    ) % {
        "title": vote.title,
        "method": vote.get_method_display(),
        "members": view.members,
        "present": view.present,
        "voted": view.voted,
        "parts": parts,
        "verdict": view.verdict,
    }
    return text + view.note


def present_ids(vote: Vote, eligible: set[int] | None = None) -> set[int]:
    owner = get_owner(vote.owner_code)
    if owner is None:
        return set()
    if eligible is None:
        eligible = set(VoteEligibility.objects.filter(vote=vote).values_list("user_id", flat=True))
    return eligible & set(owner.present_user_ids(vote.owner_id))


# Who may vote is fixed when a vote opens: kept per process, keyed by the vote and its opening moment.
_ELIGIBLE: dict[tuple[int, Any], frozenset[int]] = {}


def eligible_ids(vote: Vote) -> frozenset[int]:
    if vote.opened_at is None:
        return frozenset()
    cache_key = (vote.pk, vote.opened_at)
    found = _ELIGIBLE.get(cache_key)
    if found is None:
        found = frozenset(VoteEligibility.objects.filter(vote=vote).values_list("user_id", flat=True))
        if len(_ELIGIBLE) > 200:
            _ELIGIBLE.clear()
        _ELIGIBLE[cache_key] = found
    return found


def live_snapshot(vote_id: int) -> dict[str, Any] | None:
    """What every live screen shows: state, counts, who has voted — never how, while open."""
    vote = Vote.objects.filter(pk=vote_id).first()
    if vote is None:
        return None
    eligible = set(eligible_ids(vote))
    participations = VoteParticipation.objects.filter(vote=vote)
    small = len(eligible) <= NAMES_ON_SCREEN_MAX
    voted_ids = sorted(participations.values_list("user_id", flat=True)) if small else []
    snap: dict[str, Any] = {
        "vote": vote.pk,
        "state": vote.state,
        "state_label": str(vote.get_state_display()),
        "eligible": len(eligible),
        "voted": len(voted_ids) if small else participations.count(),
        "present": len(present_ids(vote, eligible)) if vote.state == VoteState.OPEN else 0,
        "ts": time.time(),
    }
    if small:
        snap["voted_ids"] = voted_ids
    view = result_view(vote)
    if view is not None:
        snap["present"] = view.present
        snap["result"] = {
            "verdict": view.verdict,
            "passed": view.passed,
            "detail": view.detail,
            "note": view.note,
            "lines": [{"label": ln.label, "count": ln.count, "elected": ln.elected} for ln in view.lines],
        }
    return snap


def progress(vote: Vote) -> dict[str, Any]:
    snap = live_snapshot(vote.pk) or {}
    return snap


def members_with_state(vote: Vote) -> list[dict[str, Any]]:
    """The members of a vote with whether each voted (for the projector and the chair)."""
    from renda.core.models import User

    voted = dict(VoteParticipation.objects.filter(vote=vote).values_list("user_id", "source"))
    users = User.objects.filter(pk__in=VoteEligibility.objects.filter(vote=vote).values("user_id")).order_by(
        "full_name", "pk"
    )
    return [
        {"id": u.pk, "name": u.display_name, "voted": u.pk in voted, "paper": voted.get(u.pk) == "paper"}
        for u in users
    ]


@dataclass
class PaperSheet:
    code: str
    entries: list[PaperEntry]
    counted: bool

    @property
    def disagree(self) -> bool:
        return not self.counted and len(self.entries) > 1

    @property
    def waiting(self) -> bool:
        return not self.counted and len(self.entries) == 1


def paper_sheets(vote: Vote) -> list[PaperSheet]:
    by_code: dict[str, list[PaperEntry]] = {}
    for e in PaperEntry.objects.filter(vote=vote).select_related("entered_by", "member"):
        by_code.setdefault(e.sheet_code, []).append(e)
    return [
        PaperSheet(code, entries, all(e.counted for e in entries))
        for code, entries in sorted(by_code.items())
    ]


def published_receipts(vote: Vote) -> list[tuple[str, str]]:
    """After close of a secret vote: every receipt code with its choices, by code (never by cast order)."""
    if not vote.is_secret or vote.state != VoteState.CLOSED:
        return []
    names = {c.key: c.name for c in vote.candidates.all()}
    rows = (
        SecretBallot.objects.filter(vote=vote, cast=True)
        .order_by("receipt_code")
        .values_list("receipt_code", "choices")
    )
    return [(code, choices_text(vote, list(choices), names)) for code, choices in rows]


def open_votes_for_member(user: Any) -> QuerySet[Vote]:
    return Vote.objects.filter(state=VoteState.OPEN, eligible__user_id=user.pk).exclude(
        participations__user_id=user.pk
    )


def vote_counts_by_state(user: Any) -> dict[str, int]:
    return dict(votes_for(user).values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
