"""Reads of lists and statistics from a streaming read replica, with read-your-writes.

Off unless ``RENDA_REPLICA_URL`` is set (settings then add ``DATABASES["replica"]``, this router and
:class:`ReadYourWritesMiddleware`). A ``GET``/``HEAD`` request to one of ``RENDA_REPLICA_PATHS`` (URL
prefixes: the lists and statistics) reads from the replica; everything else, every write and every
request of a user who wrote in the last ``RENDA_REPLICA_STICKY_SECONDS`` reads from the primary. After
any unsafe request the response sets a signed cookie ``renda_primary_until``: the browser (or an API
client keeping cookies) then reads its own writes, whatever the replica's lag.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
COOKIE = "renda_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD"})

_use_replica: ContextVar[bool] = ContextVar("renda_use_replica", default=False)


def replica_paths() -> tuple[str, ...]:
    return tuple(getattr(settings, "RENDA_REPLICA_PATHS", ()))


def sticky_seconds() -> int:
    return int(getattr(settings, "RENDA_REPLICA_STICKY_SECONDS", 10))


def recently_wrote(request: HttpRequest) -> bool:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return False
    try:
        until = float(signing.loads(raw, salt=COOKIE, max_age=sticky_seconds()))
    except (signing.BadSignature, ValueError, TypeError):
        return False
    return until > time.time()


def reads_from_replica(request: HttpRequest) -> bool:
    return (
        REPLICA in settings.DATABASES
        and request.method in SAFE_METHODS
        and request.path.startswith(replica_paths())
        and not recently_wrote(request)
    )


class ReadYourWritesMiddleware:
    """Chooses the database for the request's reads; after a write, pins the user to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _use_replica.set(reads_from_replica(request))
        try:
            response = self.get_response(request)
        finally:
            _use_replica.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            seconds = sticky_seconds()
            response.set_cookie(
                COOKIE,
                signing.dumps(str(time.time() + seconds), salt=COOKIE),
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


class ReplicaRouter:
    """Reads go to the replica only inside a request the middleware chose; writes always to default."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return REPLICA if _use_replica.get() else None

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        return db != REPLICA
