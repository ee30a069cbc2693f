"""PgBouncer in transaction mode between two app servers (and a worker) and PostgreSQL: real work
through it — deputies create and submit suggestions, staff accept and assign, a vote is cast and
closed — and the audit chain verifies afterwards."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from .stack import Children, call, manage, pgbouncer, private_dirs, query, seed, with_database

pytestmark = pytest.mark.postgres

DEPUTIES = 6


def _ok(result, *codes):
    status, body = result
    assert status in codes, (status, body)
    return body


def test_work_through_pgbouncer_transaction_mode(template, tmp_path):
    db = template.clone()
    children = Children(env=private_dirs(tmp_path))
    try:
        data = seed(db.url, DEPUTIES)
        port = pgbouncer(children, tmp_path, db.url)
        pooled = with_database(db.url, db.name, port=port)
        env = {"RENDA_PGBOUNCER": "1", "RENDA_LISTEN_DATABASE_URL": db.url}
        servers = [children.server(pooled, tmp_path, **env) for _ in range(2)]
        children.worker(pooled, tmp_path, 0, **env)
        congress, vote, staff = data["congress"], data["vote"], data["staff"]["token"]

        def deputy_work(i: int) -> int:
            token, base = data["deputies"][i]["token"], servers[i % 2]
            sid = _ok(
                call(
                    base,
                    token,
                    "POST",
                    "/suggestions",
                    {
                        "congress": congress,
                        "title": f"关于第{i}号代表所提事项的建议",
                        "body": "建议增设公交线路。",
                    },
                ),
                201,
            )["id"]
            _ok(call(base, token, "POST", f"/suggestions/{sid}/submit"), 200)
            ballot = {"choices": ["yes"], "idempotency_key": f"pgbouncer-ballot-{i:04d}-key"}
            _ok(call(servers[(i + 1) % 2], token, "POST", f"/voting/votes/{vote}/cast", ballot), 200)
            return sid

        with ThreadPoolExecutor(max_workers=DEPUTIES) as pool:
            sids = list(pool.map(deputy_work, range(DEPUTIES)))
        for n, sid in enumerate(sids):
            base = servers[n % 2]
            _ok(call(base, staff, "POST", f"/suggestions/{sid}/review", {"outcome": "accept"}), 200)
            case_id = _ok(call(base, staff, "GET", f"/suggestions/{sid}"), 200)["case_id"]
            _ok(
                call(
                    servers[(n + 1) % 2], staff, "POST", f"/cases/{case_id}/assign", {"lead": data["unit_a"]}
                ),
                200,
            )
        listing = _ok(call(servers[0], staff, "GET", "/suggestions?page_size=50"), 200)
        assert listing["count"] == DEPUTIES
        assert _ok(call(servers[1], staff, "POST", f"/voting/votes/{vote}/close"), 200)["state"] == "closed"

        serials = [r[0] for r in query(db.url, "SELECT serial FROM cases_case ORDER BY serial")]
        assert serials == list(range(1, DEPUTIES + 1))
        assert query(db.url, "SELECT count(*) FROM cases_assignment")[0][0] == DEPUTIES
        result = query(db.url, "SELECT result FROM voting_vote WHERE id = %s", (vote,))[0][0]
        assert result["counts"]["yes"] == DEPUTIES
        # the audit chain, read through the pooler, verifies
        out = manage(pooled, "verify_audit", RENDA_PGBOUNCER="1", **children.env)
        assert "审计日志完整" in out, out
        # the work really went through PgBouncer, pooled per transaction
        admin = with_database(db.url, "pgbouncer", port=port)
        import psycopg

        with psycopg.connect(admin, autocommit=True, prepare_threshold=None) as conn:
            cur = conn.cursor()
            pools = {r[0]: r for r in cur.execute("SHOW POOLS").fetchall()}
            cols = [c.name for c in cur.description]
            assert pools[db.name][cols.index("pool_mode")] == "transaction"
            stats = {r[0]: r for r in cur.execute("SHOW STATS").fetchall()}
            cols = [c.name for c in cur.description]
            assert stats[db.name][cols.index("total_xact_count")] > 10 * DEPUTIES
        for proc in children.procs:
            assert proc.poll() is None, children.tail()
    finally:
        children.stop()
        db.drop()
