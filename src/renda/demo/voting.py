"""The demo county's votes: the standing committee's "表决" agenda items voted through the real services
(roll-call on the deliberation opinion of the 34th meeting; a secret vote on the same item so the
receipts page has content). Idempotent: an item that already has its votes is left alone."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone


def load_voting_demo() -> dict[str, int]:
    from django.apps import apps

    counts = {"votes": 0, "ballots": 0}
    if not apps.is_installed("renda.meetings"):
        return counts
    from renda.core.models import User
    from renda.meetings.models import AgendaItem
    from renda.voting import services
    from renda.voting.meetings_link import AGENDA_KIND, OWNER_CODE, member_ids, present_ids
    from renda.voting.models import Vote

    from .suggestions import demo_clock

    staff = User.objects.filter(username="staff").first()
    if staff is None:
        return counts
    rng = random.Random("voting-demo")
    items = AgendaItem.objects.filter(kind=AGENDA_KIND).select_related("meeting", "meeting__congress")
    with demo_clock() as clock:
        for item in items:
            if Vote.objects.filter(owner_code=OWNER_CODE, owner_id=item.pk).exists():
                continue
            if not member_ids(item.pk) or not present_ids(item.pk):
                continue
            start = timezone.localtime(item.meeting.starts_at) + dt.timedelta(hours=2)
            for n, (method, title) in enumerate(
                [("roll_call", item.title), ("secret", item.title + "(无记名测评)")]
            ):
                clock.set(start + dt.timedelta(minutes=20 * n))
                vote = services.vote_create(
                    actor=staff,
                    congress=item.meeting.congress,
                    owner_code=OWNER_CODE,
                    owner_id=item.pk,
                    title=title,
                    method=method,
                    option_set="yes_no_abstain" if method == "roll_call" else "satisfaction",
                    rule_code="majority_all" if method == "roll_call" else "satisfied_majority_present",
                )
                vote = services.vote_open(actor=staff, vote=vote)
                counts["votes"] += 1
                options = (
                    ["yes"] * 8 + ["no", "abstain"]
                    if method == "roll_call"
                    else ["satisfied"] * 5 + ["basic"] * 3 + ["unsatisfied"]
                )
                for uid in sorted(present_ids(item.pk)):
                    user: Any = User.objects.get(pk=uid)
                    clock.set(start + dt.timedelta(minutes=20 * n + 1))
                    services.vote_cast(
                        actor=user,
                        vote=vote,
                        choices=[rng.choice(options)],
                        idempotency_key=f"demo-{vote.pk}-{uid}-{rng.getrandbits(64):016x}",
                    )
                    counts["ballots"] += 1
                clock.set(start + dt.timedelta(minutes=20 * n + 10))
                services.vote_close(actor=staff, vote=vote)
    return counts
