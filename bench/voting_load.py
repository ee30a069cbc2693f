#!/usr/bin/env python
"""Load benchmark of electronic voting (not a test): N members of one vote, each with a live
server-sent-events connection open, all casting within a window from concurrent clients, against a
server this script starts on 127.0.0.1 (uvicorn, ASGI).

    .venv/bin/python bench/voting_load.py                       # 3,000 members, SQLite, 1 worker
    .venv/bin/python bench/voting_load.py --members 500
    .venv/bin/python bench/voting_load.py --database-url postgres://postgres@127.0.0.1:5432/renda_voting_bench --workers 2

Measured: time until every ballot is recorded, cast latency (median, p95), the delay from a ballot to
the projector stream showing it, the delay from "open" to every connected page knowing it. Checked
after the run, in the database: participations = ballots = accepted casts, nobody twice. A share of
the clients resend their request with the same idempotency key (a lost connection) and a share try a
second ballot with a new key: neither may count.

The database is built fresh for every run (SQLite ``bench/.data/voting-load.sqlite3``; a PostgreSQL
database named in ``--database-url`` is dropped and created).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / ".data"
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# --- database --------------------------------------------------------------------------------------


def prepare_database(url: str) -> str:
    if url:
        from urllib.parse import urlparse

        import psycopg

        parsed = urlparse(url)
        name = parsed.path.lstrip("/")
        admin = psycopg.connect(
            dbname="postgres",
            user=parsed.username or "postgres",
            password=parsed.password,
            host=parsed.hostname,
            port=parsed.port or 5432,
            autocommit=True,
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        admin.close()
        return url
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / "voting-load.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return f"sqlite:///{path}"


def populate(members: int) -> dict:
    """Migrate, create the members, their sessions and the (draft) vote; return cookies and ids."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone

    from renda.core.choices import OrganizationKind, Role
    from renda.core.models import Congress, Membership, Organization, User
    from renda.voting import services

    call_command("migrate", verbosity=0)
    congress = Congress.objects.create(name="基准县人大", region_name="基准县", level="county")
    sc = Organization.objects.create(
        congress=congress, name="基准县人大常委会", kind=OrganizationKind.STANDING_COMMITTEE
    )
    office = Organization.objects.create(
        congress=congress, name="基准县人大常委会办公室", kind=OrganizationKind.CONGRESS_OFFICE
    )
    now = timezone.now()
    chair = User.objects.create(
        username="bench-chair", full_name="主持人", password="!", password_changed_at=now
    )
    Membership.objects.create(user=chair, organization=office, role=Role.STAFF)
    users = User.objects.bulk_create(
        [
            User(username=f"bv-{i:05d}", full_name=f"代表{i:05d}", password="!", password_changed_at=now)
            for i in range(members)
        ],
        batch_size=1000,
    )
    users = list(User.objects.filter(username__startswith="bv-").order_by("pk"))
    Membership.objects.bulk_create(
        [Membership(user=u, organization=sc, role=Role.DEPUTY) for u in users], batch_size=1000
    )

    def session_for(user: User) -> Session:
        store = SessionStore()
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        key = store._get_new_session_key()
        return Session(
            session_key=key, session_data=store.encode(data), expire_date=now + timezone.timedelta(hours=6)
        )

    sessions = [session_for(u) for u in [chair, *users]]
    Session.objects.bulk_create(sessions, batch_size=1000)
    vote = services.vote_create(
        actor=chair,
        congress=congress,
        owner_code="bench",
        owner_id=1,
        title="关于基准测试议题的决定(草案)",
        method="roll_call",
        option_set="yes_no_abstain",
        rule_code="majority_all",
    )
    return {
        "vote": vote.pk,
        "chair_session": sessions[0].session_key,
        "member_sessions": [(u.pk, s.session_key) for u, s in zip(users, sessions[1:], strict=True)],
    }


def verify(vote_id: int, accepted: int) -> dict:
    from django.db import connection
    from django.db.models import Count

    from renda.voting.models import Ballot, VoteParticipation

    connection.close()
    participations = VoteParticipation.objects.filter(vote_id=vote_id).count()
    ballots = Ballot.objects.filter(vote_id=vote_id).count()
    twice = (
        Ballot.objects.filter(vote_id=vote_id)
        .values("user_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
        + VoteParticipation.objects.filter(vote_id=vote_id)
        .values("user_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    from renda.audit.models import Event, PendingEvent
    from renda.audit.services import verify_chain

    pending_left = PendingEvent.objects.count()
    cast_events = Event.objects.filter(action="vote.cast", target_id=str(vote_id)).count()
    chain = verify_chain()
    return {
        "participations": participations,
        "ballots": ballots,
        "twice": twice,
        "cast_events": cast_events,
        "pending_left": pending_left,
        "chain_ok": chain.ok,
        "chain_checked": chain.checked,
        "chain_reason": chain.reason,
        "ok": participations == ballots == accepted == cast_events and twice == 0 and chain.ok,
    }


# --- server ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    cmd = [
        sys.executable, "-m", "uvicorn", "renda.asgi:application",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--no-access-log", "--log-level", "warning", "--backlog", "8192", "--timeout-keep-alive", "60",
        # uvicorn's supervisor kills a worker that does not answer its ping within 5 s; on a box
        # with a load average of 20 a busy worker misses it and takes its 1,500 streams with it
        "--timeout-worker-healthcheck", "60",
    ]  # fmt: skip
    return subprocess.Popen(cmd, env=env, cwd=ROOT, start_new_session=True)


# --- clients ---------------------------------------------------------------------------------------


@dataclass
class Results:
    open_sent: float = 0.0
    knows_open: dict[int, float] = field(default_factory=dict)
    close_sent: float = 0.0
    knows_closed: dict[int, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds spent during the cast window
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before / after the window
    last_cast_done: float = 0.0
    connected: int = 0
    projector: list[tuple[float, int]] = field(default_factory=list)  # (receive time, voted)
    latencies: list[float] = field(default_factory=list)
    accepted_at: list[float] = field(default_factory=list)
    accepted: int = 0
    replayed: int = 0
    refused_twice: int = 0
    errors: list[str] = field(default_factory=list)
    first_cast: float = 0.0


async def sse_client(
    session,
    base: str,
    vote_id: int,
    cookie: str,
    uid: int,
    res: Results,
    ready: asyncio.Event,
    projector: bool,
) -> None:
    headers = {"Cookie": f"sessionid={cookie}", "Accept": "text/event-stream"}
    try:
        url = f"{base}/voting/{vote_id}/events/" + ("" if projector else "?for=member")
        async with session.get(url, headers=headers, timeout=None) as resp:
            if resp.status != 200:
                res.errors.append(f"sse {resp.status}")
                return
            first = True
            async for raw in resp.content:
                line = raw.decode().strip()
                if not line.startswith("data: "):
                    continue
                snap = json.loads(line[6:])
                now = time.perf_counter()
                if first:
                    first = False
                    res.connected += 1
                    ready.set()
                if snap["state"] == "open" and uid not in res.knows_open:
                    res.knows_open[uid] = now
                if projector:
                    res.projector.append((now, snap["voted"]))
                if snap["state"] == "closed":
                    res.knows_closed.setdefault(uid, now)
                    return
    except (asyncio.CancelledError, GeneratorExit):
        raise
    except Exception as exc:
        res.errors.append(f"sse {type(exc).__name__}: {exc}")


async def cast_client(session, base, vote_id, cookie, delay, res: Results, mode: str) -> None:
    await asyncio.sleep(delay)
    csrf = secrets.token_hex(16)
    headers = {"Cookie": f"sessionid={cookie}; csrftoken={csrf}", "X-CSRFToken": csrf, "Referer": base + "/"}
    body = {
        "choices": [random.choice(["yes", "yes", "no", "abstain"])],
        "idempotency_key": secrets.token_urlsafe(24),
    }
    url = f"{base}/api/v1/voting/votes/{vote_id}/cast"
    t0 = time.perf_counter()
    try:
        async with session.post(url, json=body, headers=headers) as resp:
            data = await resp.json(content_type=None)
            t1 = time.perf_counter()
            if resp.status == 200 and not data.get("replayed"):
                res.accepted += 1
                res.latencies.append(t1 - t0)
                res.accepted_at.append(t1)
            else:
                res.errors.append(f"cast {resp.status} {data.get('code')}")
                return
        if mode == "retry":  # the answer was lost: the same request again
            async with session.post(url, json=body, headers=headers) as resp:
                data = await resp.json(content_type=None)
                if resp.status == 200 and data.get("replayed"):
                    res.replayed += 1
                else:
                    res.errors.append(f"retry {resp.status} {data.get('code')}")
        elif mode == "twice":  # a second ballot: refused
            again = {**body, "idempotency_key": secrets.token_urlsafe(24)}
            async with session.post(url, json=again, headers=headers) as resp:
                data = await resp.json(content_type=None)
                if resp.status == 400 and data.get("code") == "already_voted":
                    res.refused_twice += 1
                else:
                    res.errors.append(f"twice {resp.status} {data.get('code')}")
    except Exception as exc:
        res.errors.append(f"cast {type(exc).__name__}: {exc}")


def proc_cpu(pids: list[int]) -> dict[int, float]:
    """User + system CPU seconds of each of these processes (Linux /proc) still running."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[pid] = (int(fields[11]) + int(fields[12])) / tick
    return out


def group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    pids.append(int(entry.name))
            except OSError:
                pass
    return pids


def backend_pids(database_url: str) -> list[int]:
    """The PostgreSQL server processes serving the bench database (pooled: they live the whole run)."""
    if not database_url:
        return []
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [r[0] for r in rows]


@dataclass
class CpuProbe:
    """CPU seconds of the server processes, their PostgreSQL backends and this client, over a window
    (a process started during it counts from zero; one that ended during it is missed)."""

    server_pgid: int
    database_url: str
    start: dict[str, dict[int, float]] = field(default_factory=dict)
    client: float = 0.0

    def sample(self) -> dict[str, dict[int, float]]:
        return {
            "server": proc_cpu(group_pids(self.server_pgid)),
            "postgres": proc_cpu(backend_pids(self.database_url)),
        }

    def begin(self) -> None:
        self.start = self.sample()
        self.client = time.process_time()

    def end(self) -> dict[str, float]:
        now = self.sample()
        out = {k: sum(v - self.start[k].get(pid, 0.0) for pid, v in now[k].items()) for k in now}
        out["client"] = time.process_time() - self.client
        return out


async def run_load(
    base: str, info: dict, window: float, connect_timeout: float, probe: CpuProbe | None = None
) -> Results:
    import aiohttp

    res = Results()
    vote_id = info["vote"]
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        ready = asyncio.Event()
        streams = [
            asyncio.create_task(
                sse_client(session, base, vote_id, info["chair_session"], 0, res, ready, True)
            )
        ]
        for uid, cookie in info["member_sessions"]:
            streams.append(
                asyncio.create_task(sse_client(session, base, vote_id, cookie, uid, res, ready, False))
            )
            await asyncio.sleep(0.002)  # a hall filling up, not a SYN flood
        deadline = time.perf_counter() + connect_timeout
        while res.connected < len(streams) and time.perf_counter() < deadline:
            await asyncio.sleep(0.2)
        print(f"  live connections: {res.connected} of {len(streams)}", flush=True)
        csrf = secrets.token_hex(16)
        headers = {"Cookie": f"sessionid={info['chair_session']}; csrftoken={csrf}", "X-CSRFToken": csrf}
        res.open_sent = time.perf_counter()
        async with session.post(f"{base}/api/v1/voting/votes/{vote_id}/open", headers=headers) as resp:
            assert resp.status == 200, await resp.text()
        deadline = time.perf_counter() + 60
        while len(res.knows_open) < len(info["member_sessions"]) and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        print(f"  pages that know the vote is open: {len(res.knows_open)}", flush=True)
        n = len(info["member_sessions"])
        modes = ["retry" if i % 20 == 0 else "twice" if i % 20 == 1 else "once" for i in range(n)]
        res.load = (os.getloadavg()[0], 0.0)
        if probe is not None:
            await asyncio.to_thread(probe.begin)
        res.first_cast = time.perf_counter()
        casts = [
            asyncio.create_task(
                cast_client(session, base, vote_id, cookie, random.uniform(0, window), res, mode)
            )
            for (uid, cookie), mode in zip(info["member_sessions"], modes, strict=True)
        ]
        await asyncio.gather(*casts)
        res.last_cast_done = time.perf_counter()
        if probe is not None:
            res.cpu = await asyncio.to_thread(probe.end)
        res.load = (res.load[0], os.getloadavg()[0])
        # the projector's last message: wait until it shows every accepted ballot (or give up)
        deadline = time.perf_counter() + 30
        while (not res.projector or res.projector[-1][1] < res.accepted) and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        res.close_sent = time.perf_counter()
        async with session.post(f"{base}/api/v1/voting/votes/{vote_id}/close", headers=headers) as resp:
            assert resp.status == 200, await resp.text()
        deadline = time.perf_counter() + 30
        while len(res.knows_closed) < res.connected and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)
        for task in streams:
            task.cancel()
        await asyncio.gather(*streams, return_exceptions=True)
    return res


def projector_delays(res: Results) -> list[float]:
    """For the k-th accepted ballot, the time from its answer until the projector showed ≥ k ballots."""
    delays = []
    shown = res.projector
    j = 0
    for k, t in enumerate(sorted(res.accepted_at), start=1):
        while j < len(shown) and shown[j][1] < k:
            j += 1
        if j < len(shown):
            delays.append(max(0.0, shown[j][0] - t))
    return delays


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=3000)
    parser.add_argument("--window", type=float, default=10.0, help="seconds over which the members cast")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (default: SQLite)")
    parser.add_argument(
        "--workers", type=int, default=1, help="uvicorn worker processes (PostgreSQL: >1 tests the fan-out)"
    )
    parser.add_argument("--output", default="", help="append the report as Markdown to this file")
    parser.add_argument(
        "--pool", default="", help="PostgreSQL: RENDA_DB_POOL=min,max per server process (e.g. 4,30)"
    )
    parser.add_argument(
        "--write-behind",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="RENDA_AUDIT_WRITE_BEHIND (default: on for PostgreSQL, off for SQLite)",
    )
    args = parser.parse_args()

    env = dict(os.environ)
    env["DATABASE_URL"] = prepare_database(args.database_url)
    env["DJANGO_SETTINGS_MODULE"] = "bench.voting.settings"
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    env.setdefault("VOTING_LIVE_MIN_INTERVAL", "0.3")
    env["CONN_MAX_AGE"] = "0"  # under ASGI each request has its own thread: no persistent connections
    write_behind = bool(args.database_url) if args.write_behind is None else args.write_behind
    env["RENDA_AUDIT_WRITE_BEHIND"] = "1" if write_behind else "0"
    env["RENDA_DB_POOL"] = args.pool if args.database_url else ""
    os.environ["RENDA_AUDIT_WRITE_BEHIND"] = env["RENDA_AUDIT_WRITE_BEHIND"]
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
    vendor = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"voting load: {args.members} members, {vendor}, {args.workers} worker(s), "
        f"pool {args.pool or 'none'}, audit write-behind {'on' if write_behind else 'off'}",
        flush=True,
    )
    t = time.perf_counter()
    info = populate(args.members)
    print(f"  populated in {time.perf_counter() - t:.1f} s", flush=True)
    from django.db import connection

    connection.close()

    port = free_port()
    server = start_server(env, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        time.sleep(1.0 * args.workers)
        probe = CpuProbe(server.pid, args.database_url)
        res = asyncio.run(
            run_load(base, info, args.window, connect_timeout=max(60.0, args.members / 20), probe=probe)
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    check = verify(info["vote"], res.accepted)
    knows = sorted(v - res.open_sent for v in res.knows_open.values())
    closed = sorted(v - res.close_sent for v in res.knows_closed.values())
    busy = sum(res.cpu.values())
    delays = projector_delays(res)
    recorded = (max(res.accepted_at) - res.first_cast) if res.accepted_at else float("nan")
    lines = [
        f"### Voting load, {vendor}, {args.members} members, {args.workers} worker(s)",
        "",
        f"- machine: {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()}",
        f"- command: `.venv/bin/python bench/voting_load.py --members {args.members}"
        + (f" --database-url {args.database_url}" if args.database_url else "")
        + (f" --workers {args.workers}" if args.workers != 1 else "")
        + (f" --pool {args.pool}" if args.pool else "")
        + ("" if args.write_behind is None else " --write-behind" if write_behind else " --no-write-behind")
        + "`",
        f"- load average (1 min) before / after the cast window: {res.load[0]:.1f} / {res.load[1]:.1f}",
        f"- live connections open: {res.connected} of {args.members + 1} (members + projector)",
        f'- "open" → pages knowing it: {len(knows)} pages, median {percentile(knows, 0.5) * 1000:.0f} ms, '
        f"p95 {percentile(knows, 0.95) * 1000:.0f} ms, all {(knows[-1] if knows else float('nan')) * 1000:.0f} ms",
        f"- casts spread over {args.window:.0f} s: accepted {res.accepted}, retries answered without counting {res.replayed}, "
        f"second ballots refused {res.refused_twice}, errors {len(res.errors)}",
        f"- time from the first cast until every ballot was recorded: {recorded:.2f} s",
        f"- cast latency: median {percentile(res.latencies, 0.5) * 1000:.0f} ms, p95 {percentile(res.latencies, 0.95) * 1000:.0f} ms, "
        f"max {max(res.latencies, default=float('nan')) * 1000:.0f} ms",
        f"- ballot → projector: median {percentile(delays, 0.5) * 1000:.0f} ms, p95 {percentile(delays, 0.95) * 1000:.0f} ms, "
        f"max {max(delays, default=float('nan')) * 1000:.0f} ms",
        f"- close → pages knowing the result: {len(closed)} pages, median {percentile(closed, 0.5) * 1000:.0f} ms, "
        f"all {(closed[-1] if closed else float('nan')) * 1000:.0f} ms",
        f"- CPU during the cast window (first cast → last answer, {res.last_cast_done - res.first_cast:.1f} s): "
        + ", ".join(f"{k} {v:.1f} s" for k, v in res.cpu.items())
        + f" = {busy:.1f} s, {busy / max(res.accepted, 1) * 1000:.1f} ms per accepted cast"
        + f" (incl. {res.replayed + res.refused_twice} retries/second ballots and the live streams)",
        f"- audit: vote.cast events {check['cast_events']}, pending left {check['pending_left']}, "
        f"chain {'verifies' if check['chain_ok'] else 'BROKEN: ' + check['chain_reason']} ({check['chain_checked']} events)",
        f"- database after the run: participations {check['participations']}, ballots {check['ballots']}, "
        f"members counted twice {check['twice']} → {'consistent' if check['ok'] else 'INCONSISTENT'}",
    ]
    if res.errors:
        from collections import Counter

        lines.append(f"- errors: {dict(Counter(e.split(':')[0] for e in res.errors).most_common(5))}")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.output:
        with open(args.output, "a", encoding="utf-8") as fh:
            fh.write("\n" + report)
    return 0 if check["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
