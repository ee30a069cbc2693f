"""Two app servers and two workers on 127.0.0.1 against one PostgreSQL database: concurrent work
through both servers loses nothing and does nothing twice (case numbers, daily jobs, notifications,
votes)."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .stack import Children, call, private_dirs, query, seed

pytestmark = pytest.mark.postgres

DEPUTIES = 12
PER_DEPUTY = 2


@pytest.fixture
def stack(template, tmp_path):
    db = template.clone()
    children = Children(env=private_dirs(tmp_path))
    try:
        data = seed(db.url, DEPUTIES)
        servers = [children.server(db.url, tmp_path) for _ in range(2)]
        for n in range(2):
            children.worker(db.url, tmp_path, n)
        yield db, data, servers, children
    finally:
        children.stop()
        db.drop()


def _ok(result, *codes):
    status, body = result
    assert status in codes, (status, body)
    return body


def test_two_servers_two_workers(stack):
    db, data, servers, children = stack
    congress, vote = data["congress"], data["vote"]
    started = time.monotonic()

    def deputy_work(i: int) -> list[int]:
        token = data["deputies"][i]["token"]
        mine, other = servers[i % 2], servers[(i + 1) % 2]
        ids = []
        for k in range(PER_DEPUTY):
            body = _ok(
                call(
                    mine,
                    token,
                    "POST",
                    "/suggestions",
                    {
                        "congress": congress,
                        "title": f"关于第{i}号代表第{k}件事项的建议",
                        "body": "城关小学放学时段道路拥堵,建议增设交通协管员。",
                    },
                ),
                201,
            )
            sid = body["id"]
            # submitted through one server, retried through the other: one submission
            _ok(call(mine, token, "POST", f"/suggestions/{sid}/submit"), 200)
            _ok(call(other, token, "POST", f"/suggestions/{sid}/submit"), 200)
            ids.append(sid)
        # one ballot, sent to both servers with the same key (a retry after a lost answer)
        ballot = {"choices": ["yes" if i % 3 else "no"], "idempotency_key": f"scaleout-ballot-{i:04d}-key"}
        first = _ok(call(mine, token, "POST", f"/voting/votes/{vote}/cast", ballot), 200)
        again = _ok(call(other, token, "POST", f"/voting/votes/{vote}/cast", ballot), 200)
        assert again["receipt_code"] == first["receipt_code"]
        return ids

    with ThreadPoolExecutor(max_workers=8) as pool:
        suggestion_ids = [sid for ids in pool.map(deputy_work, range(DEPUTIES)) for sid in ids]
    assert len(suggestion_ids) == len(set(suggestion_ids)) == DEPUTIES * PER_DEPUTY

    staff = data["staff"]["token"]

    def staff_work(n: int) -> int:
        sid = suggestion_ids[n]
        a, b = servers[n % 2], servers[(n + 1) % 2]
        _ok(call(a, staff, "POST", f"/suggestions/{sid}/review", {"outcome": "accept"}), 200)
        case_id = _ok(call(b, staff, "GET", f"/suggestions/{sid}"), 200)["case_id"]
        # the same assignment sent through both servers at once: one succeeds, the other is refused
        with ThreadPoolExecutor(max_workers=2) as duo:
            results = list(
                duo.map(
                    lambda base: call(
                        base, staff, "POST", f"/cases/{case_id}/assign", {"lead": data["unit_a"]}
                    ),
                    (a, b),
                )
            )
        # exactly one succeeds; the loser is refused (409 when it raced the same state, 403 when the
        # case was already assigned and the step no longer offered)
        statuses = sorted(s for s, _ in results)
        assert statuses.count(200) == 1 and all(s in (200, 403, 409) for s in statuses), results
        return case_id

    with ThreadPoolExecutor(max_workers=4) as pool:
        case_ids = list(pool.map(staff_work, range(len(suggestion_ids))))

    # case numbers: unique and gap-free, one case per suggestion
    rows = query(
        db.url, "SELECT serial, number FROM cases_case WHERE congress_id = %s ORDER BY serial", (congress,)
    )
    assert len(rows) == len(suggestion_ids) == len(set(case_ids))
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert len({r[1] for r in rows}) == len(rows)
    assert query(db.url, "SELECT count(*) FROM suggestions_suggestionversion")[0][0] == len(suggestion_ids)
    # one lead assignment per case, though each was sent twice
    assert query(db.url, "SELECT case_id FROM cases_assignment GROUP BY case_id HAVING count(*) > 1") == []
    assert query(db.url, "SELECT count(*) FROM cases_assignment")[0][0] == len(case_ids)

    # notifications: created once per event (no recipient has the same notice of a case twice)
    assert (
        query(db.url, "SELECT count(*) FROM notifications_notification WHERE case_id IS NOT NULL")[0][0] > 0
    )
    assert (
        query(
            db.url,
            "SELECT recipient_id, verb, case_id, title FROM notifications_notification WHERE case_id IS NOT NULL "
            "GROUP BY recipient_id, verb, case_id, title HAVING count(*) > 1",
        )
        == []
    )

    # votes: one ballot per deputy, each counted once
    ballots = query(
        db.url, "SELECT user_id, count(*) FROM voting_ballot WHERE vote_id = %s GROUP BY user_id", (vote,)
    )
    assert len(ballots) == DEPUTIES and all(n == 1 for _, n in ballots)
    state = _ok(call(servers[0], staff, "POST", f"/voting/votes/{vote}/close"), 200)
    assert state["state"] == "closed"
    result = query(db.url, "SELECT result FROM voting_vote WHERE id = %s", (vote,))[0][0]
    assert result["counts"]["yes"] + result["counts"]["no"] == DEPUTIES, result
    assert result["counts"]["no"] == len(range(0, DEPUTIES, 3))

    # daily jobs: both workers' schedulers raced for every due job; each ran exactly once today
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pending = query(db.url, "SELECT count(*) FROM core_scheduledrun WHERE finished_at IS NULL")[0][0]
        queued = query(
            db.url,
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')",
        )[0][0]
        if not pending and not queued and time.monotonic() - started > 3:
            break
        time.sleep(0.5)
    runs = query(db.url, "SELECT id, job_name, run_date FROM core_scheduledrun")
    assert len({(name, day) for _, name, day in runs}) == len(runs)
    executions = dict(
        query(
            db.url,
            "SELECT (args_kwargs->'args'->>1)::bigint, count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'renda.core.tasks.run_daily_job' GROUP BY 1",
        )
    )
    assert {run_id for run_id, _, _ in runs} == set(executions), (runs, executions)
    assert all(n == 1 for n in executions.values()), executions
    assert query(db.url, "SELECT count(*) FROM core_scheduledrun WHERE finished_at IS NULL")[0][0] == 0
    for proc in children.procs:
        assert proc.poll() is None, children.tail()
