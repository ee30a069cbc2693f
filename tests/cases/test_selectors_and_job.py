import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection

from renda.cases import services
from renda.cases.inbox import inbox_for
from renda.cases.jobs import deadlines_job, run_deadline_reminders
from renda.cases.models import Case, ReminderLog
from renda.cases.selectors import (
    case_detail_assignments,
    case_list,
    case_replies,
    deadline_status,
    get_assignment_for,
    get_case_for,
    overdue_assignments,
)
from renda.core.errors import ConflictError, NotFoundError
from renda.core.jobs import DAILY_JOBS
from renda.notifications.models import Notification

from .conftest import at, contact, lead_of

D = dt.date
pytestmark = pytest.mark.django_db(transaction=True)


def test_visibility_per_role(world, make_case):
    mine = make_case()
    services.case_assign(actor=world.staff, case=mine, lead=world.unit_a)
    theirs = make_case(author=world.deputy2, title="另一件")
    services.case_assign(actor=world.staff, case=theirs, lead=world.unit_b)
    visible = lambda user: set(Case.objects.visible_to(user))  # noqa: E731
    assert visible(world.staff) == {mine, theirs}
    assert visible(world.leader) == {mine, theirs}
    assert visible(world.clerk_a) == {mine}  # a unit never sees another unit's case
    assert visible(world.clerk_b) == {theirs}
    assert visible(world.clerk_c) == set()
    assert visible(world.deputy) == {mine}
    assert visible(world.deputy2) == {theirs}
    assert visible(world.other_staff) == set()
    assert visible(world.keeper) == set()
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()
    assert get_case_for(world.clerk_a, mine.pk) == mine
    for user, pk in [(world.clerk_a, theirs.pk), (world.staff, 999999), (world.staff, "abc")]:
        with pytest.raises(NotFoundError):
            get_case_for(user, pk)
    a = lead_of(mine)
    assert get_assignment_for(world.clerk_a, a.pk) == a
    assert get_assignment_for(world.staff, a.pk) == a
    assert get_assignment_for(world.deputy, a.pk) == a
    for user, pk in [(world.clerk_b, a.pk), (world.clerk_a, "x"), (world.other_staff, a.pk)]:
        with pytest.raises(NotFoundError):
            get_assignment_for(user, pk)
    assert set(Case.objects.open()) == {mine, theirs} and not Case.objects.closed().exists()
    assert not Case.objects.published().exists() and Case.objects.of_kind("test_suggestion").count() == 2


def test_case_list_has_no_n_plus_one(world, make_case, django_assert_max_num_queries):
    for i in range(5):
        c = make_case(title=f"第{i}件")
        services.case_assign(actor=world.staff, case=c, lead=world.unit_a, co_handlers=[world.unit_b])
    world.staff.forget_roles()
    # 7: the scope, the staff's personal cases outside their congresses (visible_to fetches those ids
    # first so the list itself is a plain congress filter), the rows, and the prefetches
    with django_assert_max_num_queries(7):
        rows = list(case_list(world.staff, kind="test_suggestion"))
        names = [[a.organization.name for a in c.assignments.all()] for c in rows]
        parties = [[p.user.username for p in c.parties.all()] for c in rows]
    assert len(names) == 5 and all(n == ["县交通运输局", "县教育局"] for n in names)
    assert all(p == ["deputy"] for p in parties)
    detail = list(case_detail_assignments(rows[0]))
    assert len(detail) == 2 and list(case_replies(rows[0])) == []


def test_deadline_status_and_todo(world, make_case, freeze):
    late = make_case(title="超期")
    services.case_assign(actor=world.staff, case=late, lead=world.unit_a, deadline=D(2026, 3, 10))
    soon = make_case(title="临期")
    services.case_assign(actor=world.staff, case=soon, lead=world.unit_a, deadline=D(2026, 3, 20))
    fine = make_case(title="正常")
    services.case_assign(actor=world.staff, case=fine, lead=world.unit_a)
    services.assignment_sign(actor=world.clerk_a, assignment=lead_of(fine))
    freeze(at(2026, 3, 11))
    assert deadline_status(lead_of(late)) == "red"
    assert deadline_status(lead_of(soon)) == "yellow"  # 7 working days left ≤ 10
    assert deadline_status(lead_of(fine)) == "green"
    # the inbox: overdue first (it takes the item from "to sign"), then by deadline
    result = inbox_for(world.clerk_a)
    rows = list(result.rows)
    assert [(r["inbox_case"], r["inbox_reason"]) for r in rows] == [
        (late.pk, "overdue"),
        (soon.pk, "to_sign"),
        (fine.pk, "to_handle"),
    ]
    assert [e.overdue for e in result.entries(rows)] == [True, False, False]
    services.plan_submit(actor=world.clerk_a, assignment=lead_of(fine), text="方案")
    contact(world, lead_of(fine))
    assert inbox_for(world.clerk_a).counts["to_handle"] == 1  # no reply this round yet
    assert not {"to_sign", "to_handle", "overdue"} & set(inbox_for(world.staff).counts)
    co_case = make_case(title="协办")
    services.case_assign(actor=world.staff, case=co_case, lead=world.unit_b, co_handlers=[world.unit_a])
    services.assignment_sign(
        actor=world.clerk_a, assignment=co_case.assignments.get(organization=world.unit_a)
    )
    assert inbox_for(world.clerk_a).counts["co_opinion"] == 1
    assert list(overdue_assignments([world.congress.pk])) == [lead_of(late)]


def test_daily_job_reminds_and_escalates_once_a_day(world, make_case, freeze):
    assert DAILY_JOBS["cases.deadlines"].hour == 7
    late = make_case(title="超期")
    services.case_assign(actor=world.staff, case=late, lead=world.unit_a, deadline=D(2026, 3, 10))
    soon = make_case(title="临期")
    services.case_assign(actor=world.staff, case=soon, lead=world.unit_a, deadline=D(2026, 3, 20))
    keyed = make_case(title="重点")
    services.case_assign(actor=world.staff, case=keyed, lead=world.unit_b, deadline=D(2026, 3, 9))
    services.case_mark_key(actor=world.staff, case=keyed, supervising_leader=world.leader)
    freeze(at(2026, 3, 11, 7))
    Notification.objects.all().delete()
    assert deadlines_job() == {"yellow": 1, "red": 2}
    assert Notification.objects.filter(recipient=world.clerk_a, verb="deadline.warning").count() == 1
    assert Notification.objects.filter(recipient=world.clerk_a, verb="deadline.overdue").count() == 1
    escalated = Notification.objects.filter(verb="deadline.escalated")
    assert set(escalated.values_list("recipient__username", flat=True)) == {"leader"}
    assert escalated.count() == 2
    # Idempotent: the same day again sends nothing.
    assert run_deadline_reminders() == {"yellow": 0, "red": 0}
    assert ReminderLog.objects.count() == 3
    # The next day it reminds again.
    assert run_deadline_reminders(today=D(2026, 3, 12)) == {"yellow": 1, "red": 2}


@pytest.mark.postgres
def test_two_connections_racing_on_one_case(world, make_case):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks across real connections)")
    case = make_case()
    copies = [Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def worker(copy, unit):
        try:
            barrier.wait()
            services.case_assign(actor=world.staff, case=copy, lead=unit)
            results.append("ok")
        except ConflictError:
            results.append("conflict")
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(c, u))
        for c, u in zip(copies, [world.unit_a, world.unit_b], strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    assert Case.objects.get(pk=case.pk).assignments.count() == 1
