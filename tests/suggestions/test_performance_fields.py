"""The summary columns the case engine keeps for lists and statistics (first/latest reply, latest rating,
"on time", ``Assignment.first_deadline``), the two-step list query and the backfill."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from renda.cases import services as engine
from renda.cases.models import Assignment, Case
from renda.cases.services.summary import backfill_summaries
from renda.suggestions.filtersets import SuggestionFilterSet
from renda.suggestions.selectors import suggestions_for
from renda.suggestions.statistics import StatsScope, suggestion_statistics

from .conftest import lead_assignment, reply
from .test_statistics import at, handle, rate
from .test_statistics import history as history  # noqa: F401 - the fixture

CASE_FIELDS = (
    "first_reply_class",
    "first_replied_at",
    "first_reply_on_time",
    "latest_reply_class",
    "latest_reply_at",
    "latest_rating_value",
)
ASSIGNMENT_FIELDS = (
    "first_deadline",
    "first_reply_class",
    "first_reply_on_time",
    "latest_reply_class",
    "latest_rating_value",
)


def snapshot():
    cases = {c["pk"]: c for c in Case.objects.values("pk", *CASE_FIELDS)}
    assignments = {a["pk"]: a for a in Assignment.objects.values("pk", *ASSIGNMENT_FIELDS)}
    return cases, assignments


def test_replies_and_ratings_keep_the_case_and_assignment_columns(history):
    s2 = history.s2.case
    s2.refresh_from_db()
    # B first (2 April, on time), then A (6 May); rated basically, then satisfied
    assert (s2.first_reply_class, s2.latest_reply_class, s2.latest_rating_value) == ("B", "A", "satisfied")
    assert s2.first_reply_on_time is True
    assert s2.first_replied_at == at(4, 2)
    assert s2.latest_reply_at == at(5, 6)
    a2 = lead_assignment(history.s2)
    assert (a2.first_reply_class, a2.latest_reply_class, a2.latest_rating_value) == ("B", "A", "satisfied")
    assert a2.first_reply_on_time is True

    s4 = history.s4.case
    s4.refresh_from_db()
    assert (s4.first_reply_class, s4.latest_reply_class, s4.latest_rating_value) == ("", "", "")
    assert s4.first_replied_at is None and s4.first_reply_on_time is None


def test_rehandling_keeps_the_first_deadline_and_the_late_first_reply(history, freeze):
    w = history.w
    s3 = history.s3.case
    s3.refresh_from_db()
    a3 = s3.assignments.get(role="lead")
    assert s3.first_reply_class == "C" and s3.latest_rating_value == "dissatisfied"
    assert s3.first_reply_on_time is False  # replied 1 July, after the first round's deadline
    assert a3.round == 2 and a3.deadline > a3.first_deadline  # re-handling moved ``deadline`` only
    first_deadline = a3.first_deadline
    # the second round replies in time for its own deadline: the first reply stays late
    r = handle(freeze, history.s3, w.clerk_b, "A", when=at(7, 10))
    rate(history.s3, r, "satisfied")
    s3.refresh_from_db()
    a3.refresh_from_db()
    assert (s3.first_reply_class, s3.latest_reply_class, s3.latest_rating_value) == ("C", "A", "satisfied")
    assert s3.first_reply_on_time is False and a3.first_reply_on_time is False
    assert a3.first_deadline == first_deadline
    report = suggestion_statistics(StatsScope(congress=w.congress))
    assert (report.total.counts.on_time, report.total.counts.solved) == (2, 3)


def test_an_approved_extension_of_the_first_round_moves_the_first_deadline(w, assigned, freeze):
    s = assigned()
    a = lead_assignment(s)
    engine.assignment_sign(actor=w.clerk_a, assignment=a)
    a.refresh_from_db()
    assert a.first_deadline == a.deadline
    later = a.deadline + dt.timedelta(days=20)
    req = engine.extension_request(
        actor=w.clerk_a, assignment=a, requested_deadline=later, reason="需要调研。"
    )
    engine.extension_decide(actor=w.staff, request=req, approve=True)
    a.refresh_from_db()
    assert a.deadline == a.first_deadline == later
    # a reply after the old deadline but before the extended one is on time
    freeze(dt.datetime.combine(later - dt.timedelta(days=1), dt.time(10), tzinfo=dt.UTC))
    reply(w, s, "A")
    s.case.refresh_from_db()
    a.refresh_from_db()
    assert s.case.first_reply_on_time is True and a.first_reply_on_time is True


def test_the_backfill_reproduces_what_the_services_wrote(history):
    before = snapshot()
    Case.objects.update(
        first_reply_class="", first_replied_at=None, first_reply_on_time=None, latest_reply_class="",
        latest_reply_at=None, latest_rating_value="",
    )  # fmt: skip
    # a B/C reply gives the unit a fresh period for its final reply (``deadline`` moves): the backfill of
    # assignments without ``first_deadline`` can only read ``deadline``, so leave those out
    Assignment.objects.filter(round=1).exclude(replies__is_final=False).update(first_deadline=None)
    Assignment.objects.update(
        first_reply_class="", first_reply_on_time=None, latest_reply_class="", latest_rating_value=""
    )
    backfill_summaries(kind="suggestion")
    after = snapshot()
    for old, new in zip(before, after, strict=True):
        assert {k: v for k, v in new.items() if v != old[k]} == {}


def test_the_list_filters_on_the_columns_and_annotates_only_the_page(history):
    w = history.w
    by_class = SuggestionFilterSet({"reply_class": "A"}, suggestions_for(w.staff), user=w.staff).qs
    assert {s.pk for s in by_class} == {history.s1.pk, history.s2.pk}
    assert by_class.count() == 2
    rows = {
        s.pk: s
        for s in SuggestionFilterSet({"rating": "dissatisfied"}, suggestions_for(w.staff), user=w.staff).qs
    }
    assert set(rows) == {history.s3.pk}
    row = rows[history.s3.pk]
    assert (row.reply_class, row.rating_value, row.lead_unit_name) == ("C", "dissatisfied", w.unit_b.name)
    assert row.cosigner_count == 0 and row.is_overdue is False
    overdue = SuggestionFilterSet({"overdue": "on"}, suggestions_for(w.staff), user=w.staff).qs
    assert [s.pk for s in overdue] == [history.s4.pk]
    assert overdue[0].reply_class is None and overdue[0].is_overdue is True
    # a page: one query for the ids, one for the rows with their columns, whatever the page size
    qs = SuggestionFilterSet({"sort": "old"}, suggestions_for(w.staff), user=w.staff).qs
    with CaptureQueriesContext(connection) as small:
        one = list(qs[:1])
    with CaptureQueriesContext(connection) as large:
        many = list(qs[:20])
    assert len(small.captured_queries) == len(large.captured_queries) == 2
    assert one[0].pk == many[0].pk and len(many) > 5
    assert [s.pk for s in many] == sorted(s.pk for s in many)  # the order of the ids is kept
