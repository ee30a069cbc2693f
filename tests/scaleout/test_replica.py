"""A streaming read replica (pg_basebackup) behind the database router: lists read from it, and the
user who just wrote reads from the primary.

The shared PostgreSQL on 5432 is never reconfigured or restarted: the test starts a fresh primary
cluster (initdb) and its replica on two free ports in a temporary folder, loads the migrated schema
into the primary from the session's template (pg_dump), and stops both by their PIDs.
"""

from __future__ import annotations

import http.cookiejar
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from .stack import Children, call, free_port, private_dirs, query, seed, wait_port, with_database

pytestmark = pytest.mark.postgres

BIN = Path(os.environ.get("PG_BINDIR") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin")))))
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _run(*args: str, **kw) -> str:
    done = subprocess.run([*AS_POSTGRES, *args], capture_output=True, text=True, timeout=120, **kw)  # noqa: S603
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _postgres(children: Children, data: Path, log: Path) -> None:
    children.start([*AS_POSTGRES, str(BIN / "postgres"), "-D", str(data)], dict(os.environ), log)


@pytest.fixture
def clusters(template):
    root = Path(tempfile.mkdtemp(prefix="scaleout_pg_"))
    root.chmod(0o755)
    if AS_POSTGRES:
        shutil.chown(root, "postgres", "postgres")
    primary, replica = root / "primary", root / "replica"
    p_port, r_port = free_port(), free_port()
    children = Children()
    try:
        _run(
            str(BIN / "initdb"),
            "-D",
            str(primary),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        with (primary / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {p_port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{primary}'\n"
                "wal_level = replica\nmax_wal_senders = 4\nfsync = off\nmax_connections = 60\n"
            )
        _postgres(children, primary, root / "primary.log")
        wait_port(p_port, children)
        admin = with_database(template.admin, "postgres", port=p_port)
        _run(str(BIN / "createdb"), "-h", "127.0.0.1", "-p", str(p_port), "-U", "postgres", "renda")
        dump = subprocess.run(  # noqa: S603
            [str(BIN / "pg_dump"), "--no-owner", "-d", with_database(template.admin, template.name)],
            capture_output=True,
            check=True,
            timeout=120,
        ).stdout
        subprocess.run(  # noqa: S603
            [str(BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-d", with_database(admin, "renda")],
            input=dump,
            capture_output=True,
            check=True,
            timeout=120,
        )
        _run(str(BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(p_port), "-U", "postgres",
             "-D", str(replica), "-R", "-X", "stream", "-c", "fast", "--no-sync")  # fmt: skip
        with (replica / "postgresql.auto.conf").open("a") as conf:
            conf.write(f"\nport = {r_port}\nunix_socket_directories = '{replica}'\n")
        _postgres(children, replica, root / "replica.log")
        wait_port(r_port, children)
        yield with_database(admin, "renda"), with_database(admin, "renda", port=r_port), children, root
    finally:
        children.stop()
        shutil.rmtree(root, ignore_errors=True)


def _caught_up(primary: str, replica: str, timeout: float = 30) -> None:
    lsn = query(primary, "SELECT pg_current_wal_lsn()::text")[0][0]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if query(replica, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (lsn,))[0][0]:
            return
        time.sleep(0.2)
    raise AssertionError("the replica did not catch up")


def _client() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))


def test_lists_from_the_replica_with_read_your_writes(clusters, tmp_path):
    primary, replica, children, root = clusters
    data = seed(primary, 3)
    assert query(replica, "SELECT pg_is_in_recovery()")[0][0] is True
    _caught_up(primary, replica)
    children.env = private_dirs(tmp_path)
    server = children.server(primary, tmp_path, RENDA_REPLICA_URL=replica, RENDA_REPLICA_STICKY_SECONDS="30")
    staff, deputy = data["staff"]["token"], data["deputies"][0]["token"]
    deputy_browser, staff_browser = _client(), _client()

    def count(token: str, opener) -> int:
        status, body = call(server, token, "GET", "/suggestions?page_size=50", opener=opener)
        assert status == 200, body
        return body["count"]

    assert count(staff, staff_browser) == 0
    query(replica, "SELECT pg_wal_replay_pause()")  # the replica now lags behind every write
    try:
        status, body = call(server, deputy, "POST", "/suggestions", {
            "congress": data["congress"], "title": "关于增设公交线路的建议", "body": "新区没有公交。",
        }, opener=deputy_browser)  # fmt: skip
        assert status == 201, body
        sid = body["id"]
        status, body = call(server, deputy, "POST", f"/suggestions/{sid}/submit", opener=deputy_browser)
        assert status == 200, body
        assert query(primary, "SELECT count(*) FROM suggestions_suggestion")[0][0] == 1
        assert query(replica, "SELECT count(*) FROM suggestions_suggestion")[0][0] == 0
        # the deputy who wrote reads the primary: their new suggestion is in their list at once
        assert count(deputy, deputy_browser) == 1
        # the staff member has written nothing: their list is read from the lagging replica
        assert count(staff, staff_browser) == 0
        # a write of the staff's own pins them to the primary too
        status, body = call(server, staff, "POST", f"/suggestions/{sid}/review", {"outcome": "accept"},
                            opener=staff_browser)  # fmt: skip
        assert status == 200, body
        assert count(staff, staff_browser) == 1
        assert count(staff, _client()) == 0  # the same user without the cookie: replica
    finally:
        query(replica, "SELECT pg_wal_replay_resume()")
    _caught_up(primary, replica)
    assert count(staff, _client()) == 1
    for proc in children.procs:
        assert proc.poll() is None, children.tail()
