"""Processes and databases of the scale-out tests: a PostgreSQL database of their own (cloned from a
migrated template), app servers and workers as child processes on free 127.0.0.1 ports.

Only the PIDs started here are ever stopped; every database created here is dropped.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def admin_url() -> str:
    return os.environ.get("DATABASE_URL", "")


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def with_database(url: str, name: str, *, port: int | None = None) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc
    if port is not None:
        netloc = netloc.rsplit(":", 1)[0] + f":{port}"
    return urlunsplit((parts.scheme, netloc, "/" + name, parts.query, ""))


def execute(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="renda.settings", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def manage(database_url: str, *args: str, timeout: float = 300, **extra: str) -> str:
    done = subprocess.run(  # noqa: S603
        [PYTHON, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=child_env(database_url, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def seed(database_url: str, deputies: int, **extra: str) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603
        [PYTHON, str(ROOT / "tests" / "scaleout" / "seed.py"), str(deputies)],
        cwd=ROOT,
        env=child_env(database_url, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode:
        raise RuntimeError(f"seed failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class Database:
    """A database of this test run, cloned from the migrated template; dropped by ``drop()``."""

    admin: str
    name: str

    @property
    def url(self) -> str:
        return with_database(self.admin, self.name)

    def drop(self) -> None:
        execute(self.admin, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@dataclass
class Template:
    """One migrated database per test session; each test clones it (``CREATE DATABASE … TEMPLATE``)."""

    admin: str
    name: str = field(default_factory=lambda: f"scaleout_tpl_{secrets.token_hex(4)}")

    def build(self) -> Template:
        execute(self.admin, f'CREATE DATABASE "{self.name}"')
        manage(with_database(self.admin, self.name), "migrate", "-v0", "--no-input")
        return self

    def clone(self) -> Database:
        db = Database(self.admin, f"scaleout_{secrets.token_hex(4)}")
        execute(self.admin, f'CREATE DATABASE "{db.name}" TEMPLATE "{self.name}"')
        return db

    def drop(self) -> None:
        execute(self.admin, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@dataclass
class Children:
    """Child processes started by a test; ``stop()`` ends exactly those (their process groups).

    ``env`` is added to every server's and worker's environment: the tests give each run its own
    audit-anchor and media folders, so the daily anchor job never writes beside another database's."""

    env: dict[str, str] = field(default_factory=dict)
    procs: list[subprocess.Popen] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)

    def start(self, args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
        out = log.open("w")
        proc = subprocess.Popen(  # noqa: S603
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs.append(proc)
        self.logs.append(log)
        return proc

    def server(self, database_url: str, tmp: Path, **extra: str) -> str:
        port = free_port()
        self.start(
            [PYTHON, str(ROOT / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
            child_env(database_url, **{**self.env, **extra}),
            tmp / f"server-{port}.log",
        )
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/api/v1/openapi.json", self)
        return base

    def worker(self, database_url: str, tmp: Path, n: int, **extra: str) -> subprocess.Popen:
        return self.start(
            [
                PYTHON,
                str(ROOT / "manage.py"),
                "renda_worker",
                "--interval",
                "0.2",
                "--schedule-interval",
                "0.5",
            ],
            child_env(database_url, **{**self.env, **extra}),
            tmp / f"worker-{n}.log",
        )

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)

    def tail(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-3000:]}" for p in self.logs if p.exists())


def private_dirs(tmp: Path) -> dict[str, str]:
    (tmp / "anchors").mkdir(exist_ok=True)
    (tmp / "media").mkdir(exist_ok=True)
    return {"RENDA_AUDIT_ANCHOR_DIR": str(tmp / "anchors"), "MEDIA_ROOT": str(tmp / "media")}


def wait_http(url: str, children: Children, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in children.procs):
            raise RuntimeError("a child process exited:\n" + children.tail())
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {timeout} s:\n" + children.tail())


def call(
    base: str, token: str, method: str, path: str, body: dict | None = None, opener: Any = None
) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(  # noqa: S310
        base + "/api/v1" + path,
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with (opener.open if opener else urllib.request.urlopen)(req, timeout=60) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return exc.code, json.loads(raw)
        except ValueError:
            return exc.code, raw.decode(errors="replace")[:2000]


def wait_port(port: int, children: Children, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in children.procs):
            raise RuntimeError("a child process exited:\n" + children.tail())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port} after {timeout} s:\n" + children.tail())


def pgbouncer(children: Children, tmp: Path, upstream: str) -> int:
    """Start scripts/pgbouncer-test-setup (transaction mode) as a child; return its port."""
    parts = urlsplit(upstream)
    port = free_port()
    conf = tmp / "pgbouncer"
    conf.mkdir(exist_ok=True)
    conf.chmod(0o755)
    tmp.chmod(0o755)
    children.start(
        [
            "sh",
            str(ROOT / "scripts" / "pgbouncer-test-setup"),
            str(conf),
            str(port),
            parts.hostname or "127.0.0.1",
            str(parts.port or 5432),
        ],
        dict(os.environ),
        tmp / "pgbouncer.log",
    )
    wait_port(port, children)
    return port
