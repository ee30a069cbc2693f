"""A committee of members voting on a generic owner ("test_group"), registered like an app would."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from renda.core.choices import Role
from renda.voting import services
from renda.voting.owners import VoteOwner, register_vote_owner, unregister_vote_owner
from tests.factories import make_user


@dataclass
class Roster:
    members: dict[int, set[int]] = field(default_factory=dict)
    present: dict[int, set[int]] = field(default_factory=dict)
    closed: list[tuple[int, dict]] = field(default_factory=list)


@pytest.fixture
def roster():
    r = Roster()
    register_vote_owner(
        VoteOwner(
            code="test_group",
            label="测试会议",
            member_user_ids=lambda oid: set(r.members.get(oid, set())),
            present_user_ids=lambda oid: set(r.present.get(oid, set())),
            subject_label=lambda oid: f"第{oid}项议程",
            subject_url=lambda oid: "/",
            on_closed=lambda *, vote, result, actor: r.closed.append((vote.pk, result)),
        )
    )
    yield r
    unregister_vote_owner("test_group")


@dataclass
class Hall:
    county: object
    chair: object
    staff2: object
    members: list
    roster: Roster

    def vote(self, owner_id: int = 1, **kw):
        defaults = dict(
            title="关于城区道路改造的决定(草案)",
            method="roll_call",
            option_set="yes_no_abstain",
            rule_code="majority_all",
        )
        defaults.update(kw)
        ids = {m.pk for m in self.members}
        self.roster.members.setdefault(owner_id, ids)
        self.roster.present.setdefault(owner_id, set(ids))
        return services.vote_create(
            actor=self.chair,
            congress=self.county.congress,
            owner_code="test_group",
            owner_id=owner_id,
            **defaults,
        )

    def opened(self, **kw):
        v = self.vote(**kw)
        return services.vote_open(actor=self.chair, vote=v)


@pytest.fixture
def hall(twin_counties, roster):
    county = twin_counties.county
    members = [
        make_user(f"cw{i:02d}", county.standing_committee, Role.DEPUTY, f"委员{i:02d}") for i in range(7)
    ]
    staff2 = make_user("staff2", county.office, Role.STAFF, "孙丽")
    return Hall(county=county, chair=county.users["staff"], staff2=staff2, members=members, roster=roster)


_n = 0


def key() -> str:
    global _n
    _n += 1
    return f"test-key-{_n:08d}-abcdefgh"


@pytest.fixture(autouse=True)
def _live_inline(settings):
    """Refresh live screens in the caller's thread (the test database is not shared with threads)."""
    settings.VOTING_LIVE_COALESCE = 0
