"""The summary rows of the suggestion statistics equal the live count, for every figure, over random
histories (hypothesis draws the history; each example rolls back), while marked, once folded and after a
full rebuild — and the services mark what they change in their own transaction."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.cases import services as engine
from renda.cases.models import Assignment, Case, Contact, Rating, Reply
from renda.core.choices import CongressLevel, OrganizationKind
from renda.core.models import Congress, Organization, Session, Term, User
from renda.suggestions import services, summary
from renda.suggestions.statistics import StatsScope, suggestion_statistics
from renda.suggestions.summary_models import SuggestionSummary, SummaryDirty, UnitSummary

from .conftest import reply

TZ = dt.timezone(dt.timedelta(hours=8))
STATES = [
    "draft",
    "submitted",
    "returned",
    "accepted",
    "assigned",
    "handling",
    "replied",
    "following",
    "rehandling",
    "closed",
    "merged",
    "refused",
    "withdrawn",
]
CLASSES = ["", "A", "B", "C", "D"]
RATINGS = ["", "satisfied", "basically", "dissatisfied"]
ROLES = ["lead", "co_handler", "separate"]
A_STATES = ["pending_sign", "handling", "replied", "returned", "withdrawn", "closed"]


class Province:
    pass


def make_province() -> Province:
    p = Province()
    p.top = Congress.objects.create(name="某省人大", region_name="某省", level=CongressLevel.PROVINCE)
    p.city = Congress.objects.create(
        name="某市人大", region_name="某市", level=CongressLevel.CITY, parent=p.top
    )
    p.counties = [
        Congress.objects.create(
            name=f"{n}县人大", region_name=f"{n}县", level=CongressLevel.COUNTY, parent=p.city
        )
        for n in ("甲", "乙")
    ]
    p.all = [p.top, p.city, *p.counties]
    p.terms, p.sessions, p.units = {}, {}, {}
    for c in p.all:
        term = Term.objects.create(congress=c, number=18, start_year=2021, end_year=2026, is_current=True)
        p.terms[c.pk] = term
        p.sessions[c.pk] = [
            Session.objects.create(
                term=term, number=i, start_date=dt.date(2024 + i, 1, 10), end_date=dt.date(2024 + i, 1, 14)
            )
            for i in (1, 2)
        ]
        p.units[c.pk] = [
            Organization.objects.create(
                congress=c, name=f"{c.region_name}{u}", kind=OrganizationKind.GOVERNMENT_DEPARTMENT
            )
            for u in ("教育局", "住建局", "交通局")
        ]
    p.user = User.objects.create(username="clerk-random")
    return p


def random_history(p: Province, rnd: random.Random, n: int) -> None:
    """``n`` suggestions with random states, assignments, replies, contacts (before and after the reply)
    and ratings, written as rows (the services' paths are covered by the test below)."""
    for i in range(n):
        c = rnd.choice(p.all)
        year = rnd.choice([2024, 2025, 2026])
        state = rnd.choice(STATES)
        session = rnd.choice([None, *p.sessions[c.pk]])
        first = rnd.choice(CLASSES)
        case = Case.objects.create(
            congress=c,
            kind="suggestion",
            year=year,
            serial=i + 1,
            number=f"R{i}",
            title=f"建议{i}",
            state=state,
            submitted_at=None if state == "draft" else dt.datetime(year, 3, 1, tzinfo=TZ),
            is_key=rnd.random() < 0.2,
            term=rnd.choice([None, p.terms[c.pk]]),
            session=session,
            first_reply_class=first,
            first_reply_on_time=rnd.choice([None, True, False]) if first else None,
            latest_reply_class=rnd.choice(CLASSES) if first else "",
            latest_rating_value=rnd.choice(RATINGS),
        )
        for _ in range(rnd.randint(0, 3)):
            a_first = rnd.choice(CLASSES)
            a = Assignment.objects.create(
                case=case,
                organization=rnd.choice(p.units[c.pk] + p.units[p.city.pk]),
                role=rnd.choice(ROLES),
                state=rnd.choice(A_STATES),
                deadline=dt.date(2026, rnd.randint(1, 12), rnd.randint(1, 28)),
                assigned_at=dt.datetime(year, 3, 2, tzinfo=TZ),
                assigned_by=p.user,
                first_reply_class=a_first,
                first_reply_on_time=rnd.choice([None, True, False]),
                latest_reply_class=rnd.choice(CLASSES),
                latest_rating_value=rnd.choice(RATINGS),
            )
            # contacts and replies in the order they are recorded, each stored fact set by the services'
            # two rules: at the reply, a contact already recorded on or before it; at a contact recorded
            # later with an earlier date, every reply it precedes
            contacts: list[dt.datetime] = []
            for _e in range(rnd.randint(0, 4)):
                when = dt.datetime(year, 5, rnd.randint(1, 28), rnd.randint(0, 23), tzinfo=TZ)
                if rnd.random() < 0.5:
                    contacts.append(when)
                    Contact.objects.create(
                        assignment=a, contacted_at=when, mode="phone", phase="before", unit_person="王",
                        counterpart="代表", summary="沟通。", recorded_by=p.user, recorded_at=when,
                    )  # fmt: skip
                    Reply.objects.filter(assignment=a, replied_at__gte=when).update(
                        contacted_before_reply=True
                    )
                    continue
                reply = Reply.objects.create(
                    case=case, assignment=a, classification=rnd.choice("ABCD"), text="答复。",
                    signing_leader="局长", replied_by=p.user, replied_at=when,
                    contacted_before_reply=any(c <= when for c in contacts),
                )  # fmt: skip
                replied_at = when
                if rnd.random() < 0.4:
                    Rating.objects.create(
                        reply=reply, case=case, rater=p.user, value=rnd.choice(RATINGS[1:]),
                        outcome="pass", rated_at=replied_at + dt.timedelta(days=3),
                    )  # fmt: skip


def scopes(p: Province) -> list[StatsScope]:
    out = []
    for c in p.all:
        out.append(StatsScope(congress=c))
        out.append(StatsScope(congress=c, rollup=False))
        out.append(StatsScope(congress=c, year=2025))
        out.append(StatsScope(congress=c, term_id=p.terms[c.pk].pk))
        out.append(StatsScope(congress=c, session_id=p.sessions[c.pk][0].pk, year=2026))
    return out


def figures(scope: StatsScope, *, live: bool) -> dict:
    data = suggestion_statistics(scope, live=live).as_dict()
    data["units"] = sorted(data["units"], key=lambda u: u["organization_id"])
    return data


def _diff(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            yield from _diff(a.get(k), b.get(k), f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _diff(x, y, f"{path}[{i}]")
    elif a != b:
        yield f"{path}: summary {a!r} != live {b!r}"


def assert_all_equal(p: Province) -> None:
    for scope in scopes(p):
        summary_figures, live_figures = figures(scope, live=False), figures(scope, live=True)
        assert summary_figures == live_figures, (scope, list(_diff(summary_figures, live_figures))[:10])


@pytest.mark.clock("2026-06-15")
@pytest.mark.django_db
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(min_value=0, max_value=2**31), size=st.integers(min_value=0, max_value=30))
def test_summary_equals_live_count_over_random_histories(seed, size):
    rnd = random.Random(seed)
    with transaction.atomic():
        sid = transaction.savepoint()
        p = make_province()
        random_history(p, rnd, size)
        # marked, not folded: the marked groups are counted live
        assert_all_equal(p)
        # folded: everything from the summary rows
        summary.fold_marks()
        assert not SummaryDirty.objects.exists()
        assert_all_equal(p)
        # a change after the fold (a case closed, a reply's class changed) is marked and counted
        case = Case.objects.order_by("?").first()
        if case is not None:
            case.state = rnd.choice(STATES)
            case.is_key = not case.is_key
            case.save()
            assert SummaryDirty.objects.exists()
            assert_all_equal(p)
            summary.fold_marks()
            assert_all_equal(p)
        rating = Rating.objects.order_by("?").first()
        if rating is not None:
            rating.delete()
            assert SummaryDirty.objects.exists()
            assert_all_equal(p)
        # a full rebuild gives the same rows
        summary.rebuild_all()
        assert_all_equal(p)
        transaction.savepoint_rollback(sid)


@pytest.mark.django_db
def test_services_mark_what_they_change_and_the_fold_runs_after_commit(
    w, submitted, django_capture_on_commit_callbacks
):
    """Through the services: every step marks the case's congress × year in its transaction, and the
    summary (folded after each commit) equals the live count after every step."""
    scope = StatsScope(congress=w.congress)
    summary.rebuild_all()
    assert figures(scope, live=False) == figures(scope, live=True)
    with django_capture_on_commit_callbacks(execute=True):
        s = submitted()
    assert not SummaryDirty.objects.exists()  # folded after the commit
    assert SuggestionSummary.objects.filter(congress=w.congress).exists()
    assert figures(scope, live=False) == figures(scope, live=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_review(actor=w.staff, suggestion=s, outcome="accept")
    with django_capture_on_commit_callbacks(execute=True):
        engine.case_assign(actor=w.staff, case=s.case, lead=w.unit_a)
    assert not SummaryDirty.objects.exists()
    after = figures(scope, live=False)
    assert after == figures(scope, live=True)
    assert after["total"]["counts"]["assigned"] == 1
    assert UnitSummary.objects.filter(organization=w.unit_a, assigned=1).exists()


@pytest.mark.django_db
def test_a_service_without_commit_leaves_a_mark_that_is_counted_live(w, submitted):
    scope = StatsScope(congress=w.congress)
    summary.rebuild_all()
    s = submitted()
    assert SummaryDirty.objects.filter(congress_id=w.congress.pk, year=s.case.year).exists()
    assert figures(scope, live=False)["total"]["counts"]["received"] == 1
    assert figures(scope, live=False) == figures(scope, live=True)


@pytest.mark.django_db
def test_clean_summary_reads_in_seven_queries(w, submitted):
    for _ in range(3):
        s = submitted()
        services.suggestion_review(actor=w.staff, suggestion=s, outcome="accept")
        engine.case_assign(actor=w.staff, case=s.case, lead=w.unit_a)
    summary.fold_marks()
    with CaptureQueriesContext(connection) as queries:
        report = suggestion_statistics(StatsScope(congress=w.congress))
    assert len(queries) <= 7
    assert report.total.counts.assigned == 3
    assert not any("cases_case" in q["sql"] and "GROUP BY" in q["sql"] and "overdue" not in q["sql"]
                   and "deadline" not in q["sql"] for q in queries)  # fmt: skip


@pytest.mark.django_db
def test_contact_recorded_after_the_reply_with_an_earlier_date_sets_the_fact(w, assigned):
    s = assigned()
    r = reply(w, s, contact=False, reason_without_contact="已现场走访,当面沟通。")
    r.refresh_from_db()
    assert r.contacted_before_reply is False
    # the assignment back in handling (as after a re-handling), a contact dated before the reply is recorded
    Assignment.objects.filter(pk=r.assignment_id).update(state="handling")
    r.assignment.refresh_from_db()
    engine.contact_record(
        actor=w.clerk_a, assignment=r.assignment, contacted_at=r.replied_at - dt.timedelta(hours=2),
        mode="phone", phase="before", unit_person="王科长", counterpart="代表", summary="补记答复前的电话沟通。",
    )  # fmt: skip
    r.refresh_from_db()
    assert r.contacted_before_reply is True
    scope = StatsScope(congress=w.congress)
    assert figures(scope, live=False) == figures(scope, live=True)
    assert figures(scope, live=False)["total"]["contact_rate"]["num"] == 1


@pytest.mark.django_db
def test_a_reply_after_a_contact_stores_the_fact(w, assigned):
    r = reply(w, assigned())
    r.refresh_from_db()
    assert r.contacted_before_reply is True
