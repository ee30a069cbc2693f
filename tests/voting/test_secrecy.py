"""A secret vote: try to link who voted with what was voted through every table, order, report,
export, live message and the audit trail — and fail."""

from __future__ import annotations

import io
import json

import pytest
from django.db import connection
from openpyxl import load_workbook

from renda.audit.models import Event
from renda.core.choices import Role
from renda.voting import selectors, services
from renda.voting.models import SecretBallot, VoteParticipation
from tests.factories import PASSWORD, make_user

from .conftest import key

pytestmark = pytest.mark.clock("2026-11-20 09:30")

OPTIONS = ["yes", "no", "abstain"]


def _rowid_order(table: str, vote_id: int, where: str = "") -> list:
    column = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cur:
        cur.execute(f"SELECT id FROM {table} WHERE vote_id = %s {where} ORDER BY {column}", [vote_id])
        return [r[0] for r in cur.fetchall()]


def _accuracy(voters_in_order: list[int], ballots_in_order: list[list[str]], truth: dict[int, str]) -> float:
    """Pair the i-th voter with the i-th ballot; how often is the pairing right?"""
    hits = sum(
        1 for uid, choices in zip(voters_in_order, ballots_in_order, strict=False) if choices == [truth[uid]]
    )
    return hits / len(truth)


@pytest.fixture
def big_secret_vote(hall):
    members = hall.members + [
        make_user(f"sv{i:02d}", hall.county.standing_committee, Role.DEPUTY, f"代表{i:02d}")
        for i in range(33)
    ]
    hall.members = members
    vote = hall.opened(method="secret")
    truth: dict[int, str] = {}
    receipts: dict[int, str] = {}
    for i, m in enumerate(members):
        choice = OPTIONS[(i * 7 + i // 3) % 3]
        result = services.vote_cast(actor=m, vote=vote, choices=[choice], idempotency_key=key())
        truth[m.pk] = choice
        receipts[m.pk] = result.receipt_code
    return hall, vote, truth, receipts


def _strategies(vote, truth) -> dict[str, float]:
    cast_order = list(
        VoteParticipation.objects.filter(vote=vote).order_by("pk").values_list("user_id", flat=True)
    )
    by_time = list(
        VoteParticipation.objects.filter(vote=vote)
        .order_by("voted_at", "pk")
        .values_list("user_id", flat=True)
    )
    ballots = SecretBallot.objects.filter(vote=vote, cast=True)
    orders = {
        "pk": list(ballots.order_by("pk").values_list("choices", flat=True)),
        "default": list(ballots.values_list("choices", flat=True)),
        "receipt": list(ballots.order_by("receipt_code").values_list("choices", flat=True)),
    }
    rowids = _rowid_order("voting_secretballot", vote.pk, 'AND "cast"')
    by_id = dict(ballots.values_list("pk", "choices"))
    orders["physical"] = [by_id[_uuid(r)] for r in rowids if _uuid(r) in by_id]
    out = {}
    for name, order in orders.items():
        out[f"participation-pk/{name}"] = _accuracy(cast_order, order, truth)
        out[f"participation-time/{name}"] = _accuracy(by_time, order, truth)
        out[f"reversed/{name}"] = _accuracy(cast_order[::-1], order, truth)
    return out


def _uuid(value):
    import uuid

    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def test_no_order_links_voters_to_ballots_while_open_and_after_close(big_secret_vote):
    hall, vote, truth, receipts = big_secret_vote
    assert len(truth) == 40
    for name, acc in _strategies(vote, truth).items():
        assert acc < 0.75, f"open: {name} links {acc:.0%}"
    vote = services.vote_close(actor=hall.chair, vote=vote)
    for name, acc in _strategies(vote, truth).items():
        assert acc < 0.75, f"closed: {name} links {acc:.0%}"


def test_the_tables_hold_nothing_that_joins_them(big_secret_vote):
    hall, vote, truth, receipts = big_secret_vote
    fields = {f.name for f in SecretBallot._meta.get_fields()}
    assert fields == {"id", "vote", "receipt_code", "cast", "choices", "key_hash"}  # no user, no time
    # participations are kept to the minute only
    assert all(
        p.voted_at.second == 0 and p.voted_at.microsecond == 0
        for p in VoteParticipation.objects.filter(vote=vote)
    )
    p_hashes = set(VoteParticipation.objects.filter(vote=vote).values_list("key_hash", flat=True))
    b_hashes = set(SecretBallot.objects.filter(vote=vote).values_list("key_hash", flat=True))
    assert not (p_hashes & b_hashes)  # the two hashes of one key differ
    services.vote_close(actor=hall.chair, vote=vote)
    assert set(VoteParticipation.objects.filter(vote=vote).values_list("key_hash", flat=True)) == {""}
    assert set(SecretBallot.objects.filter(vote=vote).values_list("key_hash", flat=True)) == {""}
    if connection.vendor == "postgresql":  # the transaction ids no longer pair rows
        with connection.cursor() as cur:
            cur.execute("SELECT DISTINCT xmin::text FROM voting_secretballot WHERE vote_id = %s", [vote.pk])
            assert len(cur.fetchall()) == 1


def test_the_audit_trail_and_live_messages_never_carry_a_choice(big_secret_vote):
    hall, vote, truth, receipts = big_secret_vote
    snap = selectors.live_snapshot(vote.pk)
    assert "result" not in snap and "counts" not in json.dumps(snap)
    services.vote_close(actor=hall.chair, vote=vote)
    codes = set(receipts.values())
    for event in Event.objects.filter(action__startswith="vote.").exclude(action="vote.close"):
        blob = json.dumps([event.before, event.after, event.target_repr], ensure_ascii=False)
        assert not any(f'"{o}"' in blob for o in OPTIONS), event.action
        assert not any(c in blob for c in codes), event.action
    close = Event.objects.get(action="vote.close")
    assert not any(c in json.dumps(close.after) for c in codes)  # the total only, not per voter


def test_receipts_are_published_after_close_and_each_voter_finds_theirs(big_secret_vote, client):
    hall, vote, truth, receipts = big_secret_vote
    member = hall.members[3]
    client.login(username=member.username, password=PASSWORD)
    page = client.get(f"/voting/{vote.pk}/receipts/")
    assert receipts[member.pk] not in page.content.decode()
    vote = services.vote_close(actor=hall.chair, vote=vote)
    published = selectors.published_receipts(vote)
    assert [c for c, _ in published] == sorted(receipts.values())  # by code, never by cast order
    page = client.get(f"/voting/{vote.pk}/receipts/", {"code": receipts[member.pk]})
    assert page.status_code == 200 and 'id="receipt-found"' in page.content.decode()
    label = {"yes": "赞成", "no": "反对", "abstain": "弃权"}[truth[member.pk]]
    assert f"{receipts[member.pk]} 已计入,选择:{label}" in page.content.decode()
    export = client.get(f"/voting/{vote.pk}/receipts/", {"export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == sorted(receipts.values())
    # nothing in the page of results names a secret voter's choice
    result = client.get(f"/voting/{vote.pk}/result/").content.decode()
    assert hall.members[5].display_name not in result
