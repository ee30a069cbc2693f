"""The demo-like county with nine deputies who have accounts, and a programme of 5 candidates for 3
projects (configurable sizes), driven through the real services stage by stage."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

import pytest
from django.test import Client

from renda.core.choices import Role
from renda.deputies.models import Deputy, DeputyMandate
from renda.livelihood import services
from renda.livelihood.choices import ProposerKind, Stage
from renda.voting import services as voting
from tests.factories import PASSWORD, build_world, make_user

DEPUTY_NAMES = ["马国强", "孙丽华", "何建平", "吴海燕", "郑志刚", "冯晓梅", "陈永福", "黄淑芬", "周建军"]
TITLES = [
    "城关镇老旧小区加装电梯",
    "县城区新增公共停车位",
    "农村饮水安全巩固提升",
    "中小学校食堂改造",
    "城乡公交线路延伸",
    "社区居家养老服务站建设",
]


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


@pytest.fixture
def w(db):
    world = build_world()
    county = world.county
    w = SimpleNamespace(world=world, county=county, congress=county.congress, u=county.users)
    w.term = county.congress.terms.get(is_current=True)
    w.staff = county.users["staff"]
    w.leader = county.users["leader"]
    w.clerk = county.users["unit_clerk"]
    w.unit_leader = county.users["unit_leader"]
    w.deputies = []
    for i, name in enumerate(DEPUTY_NAMES, start=1):
        user = make_user(f"dep{i}", county.standing_committee, Role.DEPUTY, name)
        deputy = Deputy.objects.create(full_name=name, user=user)
        DeputyMandate.objects.create(
            deputy=deputy, congress=w.congress, term=w.term, started_on=dt.date(2021, 12, 1)
        )
        w.deputies.append(user)
    w.sibling_staff = world.sibling.users["staff"]
    return w


def make_programme(w, *, seats=3, shortlist=5, tie_rule="runoff", n=6):
    p = services.programme_create(
        actor=w.staff, congress=w.congress, year=2026, seats=seats, shortlist_size=shortlist, tie_rule=tie_rule,
        collect_starts_on=dt.date(2025, 10, 1), collect_ends_on=dt.date(2025, 11, 30),
    )  # fmt: skip
    projects = []
    for i, title in enumerate(TITLES[:n]):
        projects.append(
            services.proposal_create(
                actor=w.staff,
                programme=p,
                title=title,
                description=f"{title},惠及群众约{(i + 1) * 1000}人。",
                proposer_kind=ProposerKind.GOVERNMENT,
                proposer_name="县人民政府",
            )  # fmt: skip
        )
    return p, projects


def to_voting(w, p, projects, *, shortlist=None):
    """Shortlist the first ``shortlist_size`` projects (education bureau), presidium agrees to all."""
    unit = w.county.education
    p = services.programme_advance(actor=w.staff, programme=p)
    chosen = projects[: p.shortlist_size]
    for x in chosen:
        services.project_screen(actor=w.staff, project=x, shortlist=True, responsible_unit=unit, budget="300")
    for x in projects[p.shortlist_size :]:
        services.project_screen(actor=w.staff, project=x, shortlist=False, note="不属于政府当年可办实事")
    p = services.programme_advance(actor=w.staff, programme=p)
    p = services.presidium_decide(actor=w.staff, programme=p, agreed=chosen, note="同意提交大会票决",
                                  on=dt.date(2026, 1, 12))  # fmt: skip
    return services.programme_advance(actor=w.staff, programme=p)


def cast_all(vote, ballots: dict):
    """``ballots``: user → list of candidate names."""
    by_name = {c.name: c.key for c in vote.candidates.all()}
    for user, names in ballots.items():
        voting.vote_cast(actor=user, vote=vote, choices=[by_name.get(n, n) for n in names],
                         idempotency_key=uuid.uuid4().hex)  # fmt: skip


def run_ballot(w, p, ballots: dict, *, runoff=False):
    vote = services.ballot_create(actor=w.staff, programme=p, runoff=runoff)
    vote = voting.vote_open(actor=w.staff, vote=vote)
    cast_all(vote, ballots)
    vote = voting.vote_close(actor=w.staff, vote=vote)
    p.refresh_from_db()
    return p, vote


STAGE = Stage
