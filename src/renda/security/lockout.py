"""Lockout after repeated failed sign-ins, per account and per client address.

A lock starts at the failure that brings the number of failures within ``lockout_minutes`` to
``lockout_threshold``, and lasts ``lockout_minutes`` from that failure. Failures cleared by a
security administrator do not count. Attempts refused while locked are recorded as ``blocked`` and
do not extend the lock. Usernames are counted as typed (lower-cased), whether or not such an account
exists, so a lock reveals nothing.

For an account, a successful sign-in ends the run of failures (the owner proved the password). For
an address it does not: otherwise whoever guesses other people's passwords from one address could
sign into an account of their own every few tries and guess on for ever.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet

from renda.core import clock

from .models import LoginAttempt, SecurityPolicy

ACCOUNT = "account"
ADDRESS = "address"


def normalize_username(username: str) -> str:
    return (username or "").strip().lower()[:150]


@dataclass(frozen=True)
class Lock:
    kind: str  # ACCOUNT or ADDRESS
    key: str  # the username or the address
    until: datetime
    failures: int


def _lock_until(
    attempts: QuerySet[LoginAttempt], policy: SecurityPolicy, now: datetime, *, success_resets: bool
) -> tuple[datetime, int] | None:
    window = timedelta(minutes=policy.lockout_minutes)
    threshold = max(int(policy.lockout_threshold), 1)
    failures = attempts.filter(
        succeeded=False,
        blocked=False,
        cleared_at__isnull=True,
        created_at__gt=now - 2 * window,
        created_at__lte=now,
    )
    if success_resets:
        last_success = (
            attempts.filter(succeeded=True, created_at__lte=now)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if last_success is not None:
            failures = failures.filter(created_at__gt=last_success)
    times = sorted(failures.values_list("created_at", flat=True)[:1000])
    until: datetime | None = None
    count = 0
    for i, moment in enumerate(times):
        if moment <= now - window:
            continue
        in_window = sum(1 for t in times[: i + 1] if t > moment - window)
        if in_window >= threshold:
            until = moment + window
            count = in_window
    return (until, count) if until is not None else None


def account_lock(
    username: str, *, policy: SecurityPolicy | None = None, now: datetime | None = None
) -> Lock | None:
    key = normalize_username(username)
    if not key:
        return None
    policy = policy or SecurityPolicy.current()
    found = _lock_until(
        LoginAttempt.objects.filter(username=key), policy, now or clock.now(), success_resets=True
    )
    return Lock(ACCOUNT, key, found[0], found[1]) if found else None


def address_lock(
    ip: str | None, *, policy: SecurityPolicy | None = None, now: datetime | None = None
) -> Lock | None:
    if not ip:
        return None
    policy = policy or SecurityPolicy.current()
    found = _lock_until(
        LoginAttempt.objects.filter(ip_address=ip), policy, now or clock.now(), success_resets=False
    )
    return Lock(ADDRESS, ip, found[0], found[1]) if found else None


def current_lock(username: str, ip: str | None, *, policy: SecurityPolicy | None = None) -> Lock | None:
    """The lock that refuses this attempt (the one lasting longest), or None."""
    policy = policy or SecurityPolicy.current()
    now = clock.now()
    locks = [
        lock
        for lock in (account_lock(username, policy=policy, now=now), address_lock(ip, policy=policy, now=now))
        if lock
    ]
    return max(locks, key=lambda lock: lock.until) if locks else None


def active_locks(*, policy: SecurityPolicy | None = None) -> list[Lock]:
    """Every account and address locked now (for the security administrator's page)."""
    policy = policy or SecurityPolicy.current()
    now = clock.now()
    since = now - timedelta(minutes=policy.lockout_minutes)
    recent = LoginAttempt.objects.filter(
        succeeded=False, blocked=False, cleared_at__isnull=True, created_at__gt=since
    )
    locks: list[Lock] = []
    for username in sorted(set(recent.values_list("username", flat=True))):
        lock = account_lock(username, policy=policy, now=now)
        if lock:
            locks.append(lock)
    for ip in sorted({ip for ip in recent.values_list("ip_address", flat=True) if ip}):
        lock = address_lock(ip, policy=policy, now=now)
        if lock:
            locks.append(lock)
    return locks
