"""A vote owner for the load benchmark: the members are the bench users (``bv-…``), all present.

In the real app the meetings module answers "who is a member, who has signed in" from its roster and
attendance; here both are the bench users, read once per process (the roster does not change
during the run), so the benchmark measures voting, not a roster query."""

from __future__ import annotations

from django.apps import AppConfig

_MEMBERS: set[int] = set()


def members(_owner_id: int) -> set[int]:
    if not _MEMBERS:
        from renda.core.models import User

        _MEMBERS.update(User.objects.filter(username__startswith="bv-").values_list("pk", flat=True))
    return _MEMBERS


class BenchVotingConfig(AppConfig):
    name = "bench.voting"
    label = "bench_voting"

    def ready(self) -> None:
        from renda.voting.owners import VoteOwner, register_vote_owner

        register_vote_owner(
            VoteOwner(
                code="bench",
                label="基准测试",
                member_user_ids=members,
                present_user_ids=members,
                is_present=lambda oid, uid: uid in members(oid),
                subject_label=lambda oid: f"基准测试议题{oid}",
                subject_url=lambda oid: "/voting/",
            )
        )
